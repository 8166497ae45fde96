//! `executor.submit(task)` and `future.result()`, on a rayon thread pool.
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver};
use std::thread;

use log::info;

// ANCHOR: submit
/// Runs `task` on the pool and hands back a receiver for its outcome: the
/// value it returned, or the panic that stopped it.
fn submit<T: Send + 'static>(
    pool: &rayon::ThreadPool,
    task: impl FnOnce() -> T + Send + 'static,
) -> Receiver<thread::Result<T>> {
    let (outcome, result) = mpsc::sync_channel(1);
    pool.spawn(move || {
        // Caught, the panic reaches the caller. Unwind safety is advisory; shared Mutexes poison.
        let _ = outcome.send(panic::catch_unwind(AssertUnwindSafe(task)));
    });
    result
}
// ANCHOR_END: submit

// ANCHOR: task
fn sum_up_to(name: &str, last: u64) -> u64 {
    info!("{name}: starting");
    assert!(
        last <= 10_000,
        "{name}: {last} is more than this task will add up"
    );
    let total = (0..=last).sum();
    info!("{name}: finishing with {total}");
    total
}
// ANCHOR_END: task

fn main() {
    notes::init_logging();

    // ANCHOR: pool
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(3)
        .thread_name(|index| format!("worker-{index}"))
        .build()
        .unwrap();

    let first = submit(&pool, || sum_up_to("First", 10_000));
    let second = submit(&pool, || sum_up_to("Second", 100));
    let broken = submit(&pool, || sum_up_to("Third", 1_000_000));

    // recv() waits for the task, like result(); the inner Result is Err if the task panicked.
    let first = first.recv().unwrap().expect("First finished");
    let second = second.recv().unwrap().expect("Second finished");
    info!("results: {first} and {second}");
    match broken.recv().unwrap() {
        Ok(total) => info!("Third returned {total}"),
        Err(panic) => info!("Third failed: {}", panic.downcast_ref::<String>().unwrap()),
    }
    // ANCHOR_END: pool
    assert_eq!((first, second), (50_005_000, 5_050));
}
