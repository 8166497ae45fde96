//! Stopping a background thread cleanly: tell it to stop, then join it.
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

use log::info;

const AUTOSAVE_EVERY: Duration = Duration::from_millis(100);
const TYPING_PAUSE: Duration = Duration::from_millis(70);
const EDITS: u32 = 5;

fn main() {
    notes::init_logging();
    let version = Arc::new(AtomicU32::new(0));

    // ANCHOR: autosave
    let (stop, stop_requested) = mpsc::channel::<()>();
    let edited = Arc::clone(&version);
    let autosave = thread::Builder::new()
        .name("autosave".to_string())
        .spawn(move || {
            let mut saved = 0;
            loop {
                // Sleeps like the daemon's loop, but wakes up as soon as main says stop.
                let stopping = match stop_requested.recv_timeout(AUTOSAVE_EVERY) {
                    Err(RecvTimeoutError::Timeout) => false,
                    Ok(()) | Err(RecvTimeoutError::Disconnected) => true,
                };
                let current = edited.load(Ordering::Relaxed);
                if current != saved {
                    info!("saved version {current}");
                    saved = current;
                }
                if stopping {
                    info!("stopping");
                    return saved;
                }
            }
        })
        .unwrap();
    // ANCHOR_END: autosave

    for _ in 0..EDITS {
        thread::sleep(TYPING_PAUSE);
        let now = version.fetch_add(1, Ordering::Relaxed) + 1;
        info!("edited, now at version {now}");
    }

    // ANCHOR: shutdown
    info!("closing the editor");
    stop.send(()).unwrap();
    let last_saved = autosave.join().unwrap();
    info!("the autosave thread has finished; last saved version: {last_saved}");
    assert_eq!(last_saved, EDITS, "the final edit was saved before exit");
    // ANCHOR_END: shutdown
}
