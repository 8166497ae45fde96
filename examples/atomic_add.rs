//! The third fix needs no lock: `fetch_add` reads, adds and writes in one
//! indivisible step, so even two updates at the very same moment both count.
use std::sync::Barrier;
use std::sync::atomic::{AtomicI32, Ordering};

use log::info;

// ANCHOR: update
struct Store {
    value: AtomicI32,
}

impl Store {
    fn update(&self, name: &str, overlap: Option<&Barrier>) {
        info!("{name}: starting update");
        if let Some(barrier) = overlap {
            barrier.wait(); // the same overlap that lost an update before
        }
        let before = self.value.fetch_add(1, Ordering::SeqCst);
        info!("{name}: {before} -> {}", before + 1);
    }
}
// ANCHOR_END: update

fn main() {
    notes::init_logging();

    // ANCHOR: run
    let store = Store {
        value: AtomicI32::new(0),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .thread_name(|index| format!("worker-{index}"))
        .build()
        .unwrap();
    let side_by_side = Barrier::new(2);
    pool.scope(|scope| {
        scope.spawn(|_| store.update("First", Some(&side_by_side)));
        scope.spawn(|_| store.update("Second", Some(&side_by_side)));
    });
    pool.install(|| store.update("Third", None));

    let ending = store.value.into_inner();
    info!("ending value is {ending}");
    assert_eq!(ending, 3);
    // ANCHOR_END: run
}
