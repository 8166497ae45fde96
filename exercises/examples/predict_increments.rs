//! Predict the output: two threads each add 1 twice, with the read and the
//! write of each addition as two separate atomic operations.
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering::Relaxed};
use std::thread;

// ANCHOR: program
fn program() {
    let counter = Arc::new(AtomicU32::new(0));
    let threads: Vec<_> = (0..2)
        .map(|_| {
            let counter = counter.clone();
            thread::spawn(move || {
                for _ in 0..2 {
                    let seen = counter.load(Relaxed);
                    counter.store(seen + 1, Relaxed);
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    println!("{}", counter.load(Relaxed));
}
// ANCHOR_END: program

fn main() {
    notes::init_logging();
    program();
}
