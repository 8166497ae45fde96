//! A polling loop that a stop request wakes at once: the autosave thread
//! sleeps with `park_timeout`, and `main` ends the sleep early with `unpark`.
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use log::info;

// Far longer than the whole run: every save we see is one the stop asked for.
const AUTOSAVE_EVERY: Duration = Duration::from_secs(10);
const TYPING_PAUSE: Duration = Duration::from_millis(70);
const EDITS: u32 = 5;

fn main() {
    notes::init_logging();
    let started = Instant::now();
    let version = Arc::new(AtomicU32::new(0));
    let stop = Arc::new(AtomicBool::new(false));

    // ANCHOR: autosave
    let (edited, stop_requested) = (Arc::clone(&version), Arc::clone(&stop));
    let autosave = thread::Builder::new()
        .name("autosave".to_string())
        .spawn(move || {
            let mut saved = 0;
            let mut next_save = Instant::now() + AUTOSAVE_EVERY;
            loop {
                // Acquire: pairs with main's Release, so the edits made before the stop are visible.
                let stopping = stop_requested.load(Ordering::Acquire);
                if stopping || Instant::now() >= next_save {
                    let current = edited.load(Ordering::Relaxed);
                    if current != saved {
                        info!("saved version {current}");
                        saved = current;
                    }
                    if stopping {
                        info!("stopping");
                        return saved;
                    }
                    next_save += AUTOSAVE_EVERY;
                }
                // A sleep that `unpark` ends early. It may also end for no reason,
                // which is why the loop looks at the flag and the clock again.
                thread::park_timeout(next_save.saturating_duration_since(Instant::now()));
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
    // Release: the edits above happen before the autosave thread sees the flag.
    stop.store(true, Ordering::Release);
    autosave.thread().unpark();
    let last_saved = autosave.join().unwrap();
    info!("the autosave thread has finished; last saved version: {last_saved}");
    assert_eq!(last_saved, EDITS, "the final edit was saved before exit");
    assert!(
        started.elapsed() < AUTOSAVE_EVERY,
        "the stop did not wait for the next scheduled save"
    );
    // ANCHOR_END: shutdown
}
