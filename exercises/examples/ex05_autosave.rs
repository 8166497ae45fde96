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
                let deadline = Instant::now() + INTERVAL;
                // Ok: a stop request; Disconnected: the sender is gone, so no one can ask any more.
                let woken_by = stop_requested.recv_timeout(INTERVAL);
                let woke = Instant::now();
                save(&document, &saved);
                if woken_by != Err(RecvTimeoutError::Timeout) {
                    // For main's check: how long before its deadline the last wait ended.
                    return deadline.saturating_duration_since(woke);
                }
            }
        })
    };
    // ANCHOR_END: autosave

    thread::sleep(INTERVAL / 5);
    document.lock().unwrap().push_str(", last edit");
    let asked = Instant::now();
    stop.send(()).unwrap();
    let time_left = autosave.join().unwrap();
    info!(
        "stopped {} ms after the request, {} ms before the wait would have timed out",
        asked.elapsed().as_millis(),
        time_left.as_millis()
    );
    info!("saved {:?}", saved.lock().unwrap());
    // Both numbers depend on the machine; that the wait ended before its
    // deadline does not: a stop sent INTERVAL / 5 into a wait of INTERVAL
    // leaves it most of an interval, and a thread that sleeps through the
    // request can never end its wait early.
    assert!(
        time_left > Duration::ZERO,
        "the last wait ran to its deadline: the stop request was slept through"
    );
    assert_eq!(
        *saved.lock().unwrap(),
        *document.lock().unwrap(),
        "the last edit was not saved on the way out"
    );
}
