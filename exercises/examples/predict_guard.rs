//! Predict the output: thread `a` adds two entries under one guard, thread
//! `b` adds two entries with a guard each.
use std::sync::{Arc, Mutex};
use std::thread;

// ANCHOR: program
fn program() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let a = {
        let log = log.clone();
        thread::spawn(move || {
            let mut log = log.lock().unwrap();
            log.push("a1");
            log.push("a2");
        })
    };
    let b = {
        let log = log.clone();
        thread::spawn(move || {
            log.lock().unwrap().push("b1");
            log.lock().unwrap().push("b2");
        })
    };
    a.join().unwrap();
    b.join().unwrap();
    println!("{}", log.lock().unwrap().join(" "));
}
// ANCHOR_END: program

fn main() {
    notes::init_logging();
    program();
}
