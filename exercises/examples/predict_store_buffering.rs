//! Predict the output: two threads each raise their own flag, then read the
//! other's, with a `SeqCst` fence between the two steps.
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering::Relaxed, Ordering::SeqCst, fence};
use std::thread;

// ANCHOR: program
/// Raises `mine`, then reads `other`, with a `SeqCst` fence between the two.
fn raise_then_read(mine: &AtomicU32, other: &AtomicU32) -> u32 {
    mine.store(1, Relaxed);
    fence(SeqCst);
    other.load(Relaxed)
}

fn program() {
    let x = Arc::new(AtomicU32::new(0));
    let y = Arc::new(AtomicU32::new(0));
    let a = {
        let (x, y) = (x.clone(), y.clone());
        thread::spawn(move || raise_then_read(&x, &y))
    };
    let b = thread::spawn(move || raise_then_read(&y, &x));
    let (a_saw, b_saw) = (a.join().unwrap(), b.join().unwrap());
    println!("({a_saw}, {b_saw})");
}
// ANCHOR_END: program

fn main() {
    notes::init_logging();
    program();
}
