//! A background autosave loop, like a Python daemon thread: nobody stops it,
//! so it dies, mid-loop, when `main` returns.
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread;
use std::time::Duration;

use log::info;

const AUTOSAVE_EVERY: Duration = Duration::from_millis(100);
const TYPING_PAUSE: Duration = Duration::from_millis(70);

fn main() {
    notes::init_logging();
    let version = Arc::new(AtomicU32::new(0));

    // ANCHOR: autosave
    let edited = Arc::clone(&version);
    let autosave = thread::Builder::new()
        .name("autosave".to_string())
        .spawn(move || {
            let mut saved = 0;
            loop {
                thread::sleep(AUTOSAVE_EVERY);
                let current = edited.load(Ordering::Relaxed);
                if current != saved {
                    info!("saved version {current}");
                    saved = current;
                }
            }
        })
        .unwrap();
    // ANCHOR_END: autosave

    // ANCHOR: editing
    for _ in 0..5 {
        thread::sleep(TYPING_PAUSE);
        let now = version.fetch_add(1, Ordering::Relaxed) + 1;
        info!("edited, now at version {now}");
    }
    info!("closing the editor");
    assert!(
        !autosave.is_finished(),
        "the autosave loop never ends by itself"
    );
    // ANCHOR_END: editing
}
