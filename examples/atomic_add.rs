//! The third fix needs no lock: `fetch_add` reads, adds and writes in one
//! indivisible step, so even two updates at the very same moment both count.
use std::sync::Barrier;
use std::sync::atomic::{AtomicI32, Ordering};
use std::thread;

use log::info;

// ANCHOR: update
struct Store {
    value: AtomicI32,
}

impl Store {
    fn update(&self) {
        info!("starting update");
        let before = self.value.fetch_add(1, Ordering::Relaxed);
        info!("{before} -> {}", before + 1);
    }
}
// ANCHOR_END: update

fn main() {
    notes::init_logging();

    // ANCHOR: run
    let store = Store {
        value: AtomicI32::new(0),
    };
    // As in `race`, First and Second leave a barrier together and call
    // `update` side by side; here there is no gap between read and write to meet in.
    let side_by_side = Barrier::new(2);
    thread::scope(|scope| {
        for name in ["First", "Second"] {
            thread::Builder::new()
                .name(name.to_string())
                .spawn_scoped(scope, || {
                    side_by_side.wait();
                    store.update();
                })
                .unwrap();
        }
    });
    store.update();

    let ending = store.value.into_inner();
    info!("ending value is {ending}");
    assert_eq!(ending, 3);
    // ANCHOR_END: run
}
