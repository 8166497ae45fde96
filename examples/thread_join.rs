//! `join` makes the main thread wait until the sub-thread has finished.
use std::thread;
use std::time::{Duration, Instant};

use log::info;

const WORK: Duration = Duration::from_secs(3);

fn main() {
    notes::init_logging();
    let started = Instant::now();

    // ANCHOR: join
    info!("before creating the thread");
    let builder = thread::Builder::new().name("First".to_string());
    info!("before running the thread");
    let handle = builder
        .spawn(|| {
            info!("starting");
            thread::sleep(WORK);
            info!("finishing");
        })
        .unwrap();

    info!("waiting for the thread to finish");
    handle.join().unwrap();
    info!("all done");
    // ANCHOR_END: join

    assert!(
        started.elapsed() >= WORK,
        "join returned before the work was done"
    );
}
