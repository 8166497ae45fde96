//! A sub-thread that nobody joins is cut off when `main` returns.
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use log::info;

fn main() {
    notes::init_logging();
    let (started_tx, started_rx) = mpsc::channel();

    // ANCHOR: spawn
    info!("before creating the thread");
    let builder = thread::Builder::new().name("First".to_string());
    info!("before running the thread");
    let handle = builder
        .spawn(move || {
            info!("starting");
            started_tx.send(()).unwrap();
            thread::sleep(Duration::from_secs(3));
            info!("finishing"); // never printed: the process is gone by then
        })
        .unwrap();
    // ANCHOR_END: spawn

    // Wait until the thread has logged its first line, so every run prints the same lines.
    started_rx.recv().unwrap();

    // ANCHOR: return
    info!("not waiting for the thread");
    assert!(!handle.is_finished(), "the sub-thread is still asleep");
    info!("all done, returning from main");
    // ANCHOR_END: return
}
