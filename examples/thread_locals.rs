//! `thread_local!`, Rust's `threading.local`: each thread gets its own copy
//! of the value, created on the thread's first access.
use std::cell::Cell;
use std::thread;

use log::info;

// ANCHOR: declare
thread_local! {
    /// How many requests this thread has handled. `Cell` is enough: only
    /// this thread can ever reach its copy, so no lock is needed.
    static HANDLED: Cell<u32> = const { Cell::new(0) };
}

fn handle(request: u32) {
    HANDLED.set(HANDLED.get() + 1);
    info!(
        "handled request {request}; this thread has handled {}",
        HANDLED.get()
    );
}
// ANCHOR_END: declare

fn main() {
    notes::init_logging();

    // ANCHOR: run
    let counts = thread::scope(|s| {
        let workers: Vec<_> = [("left", 0..3), ("right", 3..5)]
            .into_iter()
            .map(|(name, requests)| {
                thread::Builder::new()
                    .name(name.to_string())
                    .spawn_scoped(s, move || {
                        requests.for_each(handle);
                        HANDLED.get() // this thread's copy, read before the thread ends
                    })
                    .unwrap()
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap())
            .collect::<Vec<_>>()
    });
    info!(
        "the workers handled {counts:?}; main has handled {}",
        HANDLED.get()
    );
    assert_eq!(counts, [3, 2]);
    assert_eq!(HANDLED.get(), 0); // main's own copy was never touched
    // ANCHOR_END: run
}
