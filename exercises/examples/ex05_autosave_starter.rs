//! Exercise 5, starter: the autosave thread sleeps through the stop request
//! and drops the edits made during its last nap. Make it stop promptly and
//! save once more on the way out.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use log::info;

const INTERVAL: Duration = Duration::from_millis(500);

fn main() {
    notes::init_logging();
    let document = Arc::new(Mutex::new(String::from("draft")));
    let saved = Arc::new(Mutex::new(String::new()));
    let stop = Arc::new(AtomicBool::new(false));

    // ANCHOR: autosave
    let autosave = {
        let (document, saved, stop) = (document.clone(), saved.clone(), stop.clone());
        thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let text = document.lock().unwrap().clone();
                *saved.lock().unwrap() = text;
                thread::sleep(INTERVAL);
            }
        })
    };
    // ANCHOR_END: autosave

    thread::sleep(INTERVAL / 5);
    document.lock().unwrap().push_str(", last edit");
    let asked = Instant::now();
    stop.store(true, Ordering::Relaxed);
    autosave.join().unwrap();
    info!(
        "stopped {} ms after the request",
        asked.elapsed().as_millis()
    );
    info!("saved {:?}", saved.lock().unwrap());
    info!("document {:?}", document.lock().unwrap());
}
