//! Exercise 7, solution: every philosopher picks up the lower-numbered of
//! their two forks first. The forks are then always taken in one global
//! order, so no cycle of philosophers each waiting for the next can form.
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use log::info;

const PHILOSOPHERS: usize = 5;
const MEALS: usize = 1_000;

// ANCHOR: table
/// The forks a philosopher picks up, in the order they pick them up.
fn forks_for(seat: usize, table: usize) -> (usize, usize) {
    let (left, right) = (seat, (seat + 1) % table);
    (left.min(right), left.max(right))
}

fn eat(forks: &[Mutex<()>], seat: usize) {
    let (first, second) = forks_for(seat, forks.len());
    let _first = forks[first].lock().unwrap();
    let _second = forks[second].lock().unwrap();
    // Eating: both forks are held until the guards drop.
}
// ANCHOR_END: table

fn main() {
    notes::init_logging();
    let forks: Arc<Vec<Mutex<()>>> = Arc::new((0..PHILOSOPHERS).map(|_| Mutex::new(())).collect());
    let (done, ate) = mpsc::channel();
    for seat in 0..PHILOSOPHERS {
        let (forks, done) = (forks.clone(), done.clone());
        thread::spawn(move || {
            for _ in 0..MEALS {
                eat(&forks, seat);
            }
            done.send(seat).unwrap();
        });
    }
    // A watchdog, so that a deadlock would fail the program instead of hanging it.
    for _ in 0..PHILOSOPHERS {
        let seat = ate
            .recv_timeout(Duration::from_secs(10))
            .expect("a philosopher is stuck: deadlock");
        info!("philosopher {seat} ate {MEALS} meals");
    }
}
