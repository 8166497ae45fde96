//! Predict the output: a thread writes the data, then raises a flag, both
//! `Relaxed`; `main` reads the flag, then the data.
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering::Relaxed};
use std::thread;

// ANCHOR: program
fn program() {
    let data = Arc::new(AtomicU32::new(0));
    let ready = Arc::new(AtomicBool::new(false));
    let writer = {
        let (data, ready) = (data.clone(), ready.clone());
        thread::spawn(move || {
            data.store(42, Relaxed);
            ready.store(true, Relaxed);
        })
    };
    if ready.load(Relaxed) {
        println!("ready, data = {}", data.load(Relaxed));
    } else {
        println!("not ready");
    }
    writer.join().unwrap();
}
// ANCHOR_END: program

fn main() {
    notes::init_logging();
    program();
}
