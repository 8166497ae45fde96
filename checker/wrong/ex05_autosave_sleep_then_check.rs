//! Exercise 5, starter: the autosave thread sleeps through the stop request
//! and drops the edits made during its last nap. Make it stop promptly and
//! save once more on the way out.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use log::info;

const INTERVAL: Duration = Duration::from_millis(500);

// ANCHOR: autosave
/// The autosave thread, and how to ask it to stop.
struct Autosave {
    stop: Arc<AtomicBool>,
    thread: thread::JoinHandle<Duration>,
}

impl Autosave {
    fn start(document: Arc<Mutex<String>>, saved: Arc<Mutex<String>>) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let stop = stop.clone();
            thread::spawn(move || {
                loop {
                    let deadline = Instant::now() + INTERVAL;
                    let text = document.lock().unwrap().clone();
                    *saved.lock().unwrap() = text;
                    // Wrong: a stop request still waits for the nap to end.
                    thread::sleep(INTERVAL);
                    let woke = Instant::now();
                    if stop.load(Ordering::Relaxed) {
                        let text = document.lock().unwrap().clone();
                        *saved.lock().unwrap() = text;
                        return deadline.saturating_duration_since(woke);
                    }
                }
            })
        };
        Autosave { stop, thread }
    }

    /// Asks the thread to stop, waits for it, and returns how long before
    /// its deadline its last wait ended.
    fn stop(self) -> Duration {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().unwrap()
    }
}
// ANCHOR_END: autosave

fn main() {
    notes::init_logging();
    let document = Arc::new(Mutex::new(String::from("draft")));
    let saved = Arc::new(Mutex::new(String::new()));
    let autosave = Autosave::start(document.clone(), saved.clone());

    thread::sleep(INTERVAL / 5);
    document.lock().unwrap().push_str(", last edit");
    let asked = Instant::now();
    // The watchdog: a thread that never stops is left behind and ends with the process.
    let (stopped, time_left) = mpsc::channel();
    thread::spawn(move || stopped.send(autosave.stop()).unwrap());
    let bound = 10 * INTERVAL;
    let Ok(time_left) = time_left.recv_timeout(bound) else {
        info!("verdict: not yet, the autosave thread had not stopped {bound:?} after the request");
        return;
    };
    info!(
        "stopped {} ms after the request, {} ms before the wait would have timed out",
        asked.elapsed().as_millis(),
        time_left.as_millis()
    );
    let (saved, document) = (saved.lock().unwrap(), document.lock().unwrap());
    info!("saved {saved:?}");
    // A stop sent INTERVAL / 5 into a wait of INTERVAL leaves that wait most
    // of an interval: only a thread that slept through the request lets it
    // run to its deadline.
    if time_left == Duration::ZERO {
        info!(
            "verdict: not yet, the last wait ran to its deadline: the stop request was slept through"
        );
    } else if *saved != *document {
        info!("verdict: not yet, the last edit was not saved on the way out");
    } else {
        info!("verdict: right, stopped before the wait was over, and saved {saved:?}");
    }
}
