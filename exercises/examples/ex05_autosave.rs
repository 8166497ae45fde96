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
                let last = !matches!(
                    stop_requested.recv_timeout(INTERVAL),
                    Err(RecvTimeoutError::Timeout)
                );
                save(&document, &saved);
                if last {
                    break;
                }
            }
        })
    };
    // ANCHOR_END: autosave

    thread::sleep(INTERVAL / 5);
    document.lock().unwrap().push_str(", last edit");
    let asked = Instant::now();
    stop.send(()).unwrap();
    autosave.join().unwrap();
    let took = asked.elapsed();
    info!("stopped {} ms after the request", took.as_millis());
    info!("saved {:?}", saved.lock().unwrap());
    assert!(took < INTERVAL / 2, "the stop took {took:?}");
    assert_eq!(*saved.lock().unwrap(), *document.lock().unwrap());
}
