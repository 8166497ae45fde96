//! `executor.map(task, items)`: results in input order, whatever order the
//! workers finish in; and what happens when tasks outnumber workers.
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use log::info;
use rayon::prelude::*;

const WORKERS: usize = 2;
const TASK_TIME: Duration = Duration::from_millis(200);

static RUNNING: AtomicUsize = AtomicUsize::new(0);
static MOST_AT_ONCE: AtomicUsize = AtomicUsize::new(0);

// ANCHOR: task
fn shout(name: &&str) -> String {
    let running = RUNNING.fetch_add(1, Ordering::Relaxed) + 1;
    MOST_AT_ONCE.fetch_max(running, Ordering::Relaxed);
    info!("{name}: starting");
    thread::sleep(TASK_TIME);
    RUNNING.fetch_sub(1, Ordering::Relaxed);
    info!("{name}: finishing");
    name.to_uppercase()
}
// ANCHOR_END: task

fn main() {
    notes::init_logging();
    info!(
        "rayon's default pool: one worker per core, {} in all",
        rayon::current_num_threads()
    );

    // ANCHOR: map
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(WORKERS)
        .thread_name(|index| format!("worker-{index}"))
        .build()
        .unwrap();
    let names = ["First", "Second", "Third", "Fourth", "Fifth"];

    // with_max_len(1): every name is its own task, as with executor.map.
    let results: Vec<String> =
        pool.install(|| names.par_iter().with_max_len(1).map(shout).collect());
    info!("results, in input order: {results:?}");
    // ANCHOR_END: map

    assert_eq!(results, ["FIRST", "SECOND", "THIRD", "FOURTH", "FIFTH"]);
    let most_at_once = MOST_AT_ONCE.load(Ordering::Relaxed);
    info!("at most {most_at_once} tasks ran at once");
    assert!(
        most_at_once <= WORKERS,
        "a pool of {WORKERS} never runs more than {WORKERS} tasks"
    );
}
