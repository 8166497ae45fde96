//! A lost update that Rust compiles: each access is atomic, but the
//! read-modify-write as a whole is not. Three updates, and the store ends at 2.
use std::sync::Barrier;
use std::sync::atomic::{AtomicI32, Ordering};

use log::info;

// ANCHOR: store
struct Store {
    value: AtomicI32,
}

impl Store {
    /// `overlap`: a barrier the two concurrent updates meet at between their
    /// read and their write. Python's `sleep(0.1)` in the same spot made the
    /// overlap likely; the barrier makes it certain.
    fn update(&self, name: &str, overlap: Option<&Barrier>) {
        info!("{name}: starting update");
        let local_copy = self.value.load(Ordering::SeqCst);
        if let Some(barrier) = overlap {
            barrier.wait();
        }
        self.value.store(local_copy + 1, Ordering::SeqCst);
        info!("{name}: finishing update");
    }
}
// ANCHOR_END: store

fn main() {
    notes::init_logging();

    // ANCHOR: run
    let store = Store {
        value: AtomicI32::new(0),
    };
    info!("starting value is {}", store.value.load(Ordering::SeqCst));

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .thread_name(|index| format!("worker-{index}"))
        .build()
        .unwrap();
    let both_have_read = Barrier::new(2);
    // Two workers, so First and Second run at the same time...
    pool.scope(|scope| {
        scope.spawn(|_| store.update("First", Some(&both_have_read)));
        scope.spawn(|_| store.update("Second", Some(&both_have_read)));
    });
    // ...and Third gets a worker when they are done.
    pool.install(|| store.update("Third", None));

    let ending = store.value.into_inner();
    info!("ending value is {ending}");
    assert_eq!(ending, 2, "one of the three updates was lost");
    // ANCHOR_END: run
}
