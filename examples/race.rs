//! A lost update that Rust compiles: each access is atomic, but the
//! read-modify-write as a whole is not. Three updates, and the store ends at 2.
use std::sync::Barrier;
use std::sync::atomic::{AtomicI32, Ordering};
use std::thread;

use log::info;

// ANCHOR: store
struct Store {
    value: AtomicI32,
}

impl Store {
    /// `work` is whatever the update does between its read and its write;
    /// the notes sleep for 0.1 s there.
    fn update(&self, work: impl FnOnce()) {
        let local_copy = self.value.load(Ordering::Relaxed);
        info!("read {local_copy}");
        work();
        self.value.store(local_copy + 1, Ordering::Relaxed);
        info!("wrote {}", local_copy + 1);
    }
}
// ANCHOR_END: store

fn main() {
    notes::init_logging();

    // ANCHOR: run
    let store = Store {
        value: AtomicI32::new(0),
    };
    info!("starting value is {}", store.value.load(Ordering::Relaxed));

    // First and Second each wait, between their read and their write, until
    // the other has read too: where the notes' sleep made that likely, the
    // barrier makes it certain.
    let both_have_read = Barrier::new(2);
    thread::scope(|scope| {
        for name in ["First", "Second"] {
            thread::Builder::new()
                .name(name.to_string())
                .spawn_scoped(scope, || {
                    store.update(|| {
                        both_have_read.wait();
                    })
                })
                .unwrap();
        }
    });
    // Both threads are done; `main` makes the third update itself.
    store.update(|| {});

    let ending = store.value.into_inner();
    info!("ending value is {ending}");
    assert_eq!(ending, 2, "one of the three updates was lost");
    // ANCHOR_END: run
}
