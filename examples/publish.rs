//! Publishing data through a flag: the writer stores the data, then sets
//! `ready` with `Release`; a reader that sees `ready` with `Acquire` is
//! guaranteed to see the data too. With `Relaxed` on the flag it is not.
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;

use log::info;

// ANCHOR: mailbox
/// One value, written once by one thread and read by others. In real code,
/// std's `OnceLock` does this (`set` publishes, `get` reads); the mailbox
/// spells out the orderings such a tool relies on.
struct Mailbox {
    data: AtomicU64,
    ready: AtomicBool,
}

impl Mailbox {
    fn new() -> Self {
        Mailbox {
            data: AtomicU64::new(0),
            ready: AtomicBool::new(false),
        }
    }

    fn publish(&self, value: u64) {
        self.data.store(value, Ordering::Relaxed);
        // Release: whoever loads `true` with Acquire also sees the store above.
        self.ready.store(true, Ordering::Release);
    }

    fn read(&self) -> Option<u64> {
        // Acquire: pairs with the Release in `publish`.
        if self.ready.load(Ordering::Acquire) {
            Some(self.data.load(Ordering::Relaxed))
        } else {
            None
        }
    }
}
// ANCHOR_END: mailbox

fn main() {
    notes::init_logging();

    // ANCHOR: run
    let mailbox = Mailbox::new();
    thread::scope(|scope| {
        thread::Builder::new()
            .name("writer".to_string())
            .spawn_scoped(scope, || {
                let answer = (1..=100).sum();
                info!("publishing {answer}");
                mailbox.publish(answer);
            })
            .unwrap();
        thread::Builder::new()
            .name("reader".to_string())
            .spawn_scoped(scope, || {
                info!("waiting for the mailbox");
                // Cannot spin forever: the writer always gets to run and publish.
                let value = loop {
                    match mailbox.read() {
                        Some(value) => break value,
                        None => thread::yield_now(),
                    }
                };
                info!("read {value}");
                assert_eq!(value, 5050);
            })
            .unwrap();
    });
    // ANCHOR_END: run
}
