//! Exercise 5, solution: the thread waits on a channel instead of sleeping,
//! so a stop request (or the sender's drop) ends the wait at once, and it
//! saves once more before it returns.
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use log::info;

const INTERVAL: Duration = Duration::from_millis(500);

fn save(document: &Mutex<String>, saved: &Mutex<String>) {
    let text = document.lock().unwrap().clone();
    *saved.lock().unwrap() = text;
}

fn main() {
    notes::init_logging();
    let document = Arc::new(Mutex::new(String::from("draft")));
    let saved = Arc::new(Mutex::new(String::new()));

    // ANCHOR: autosave
    let (stop, stop_requested) = mpsc::channel::<()>();
    let autosave = {
        let (document, saved) = (document.clone(), saved.clone());
        thread::spawn(move || {
            loop {
                // Ok: a stop request; Disconnected: the sender is gone, so no one can ask any more.
                let woken_by = stop_requested.recv_timeout(INTERVAL);
                save(&document, &saved);
                if woken_by != Err(RecvTimeoutError::Timeout) {
                    return woken_by;
                }
            }
        })
    };
    // ANCHOR_END: autosave

    thread::sleep(INTERVAL / 5);
    document.lock().unwrap().push_str(", last edit");
    let asked = Instant::now();
    stop.send(()).unwrap();
    let woken_by = autosave.join().unwrap();
    // How long it took depends on the machine; how the wait ended does not.
    info!(
        "stopped {} ms after the request",
        asked.elapsed().as_millis()
    );
    info!("saved {:?}", saved.lock().unwrap());
    assert_eq!(woken_by, Ok(()), "the last wait ended on the stop request");
    assert_eq!(*saved.lock().unwrap(), *document.lock().unwrap());
}
