//! Exercise 7, starter: the dining philosophers. One at a time everyone
//! eats; all at once they can deadlock. Change `forks_for` so they cannot.
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

use log::info;

const PHILOSOPHERS: usize = 5;
/// How long each philosopher waits for all the others to hold a first fork.
const GATHER: Duration = Duration::from_millis(500);

// ANCHOR: table
/// The forks a philosopher picks up, in the order they pick them up.
fn forks_for(seat: usize, table: usize) -> (usize, usize) {
    let (left, right) = (seat, (seat + 1) % table);
    // Odd seats start with the right fork, so neighbours never all wait in a ring.
    if seat % 2 == 1 {
        (right, left)
    } else {
        (left, right)
    }
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
    for seat in 0..PHILOSOPHERS {
        eat(&forks, seat);
    }
    info!("one at a time, all {PHILOSOPHERS} philosophers ate");

    // All at once, with the unlucky moment made certain: everyone holds a
    // first fork before anyone reaches for a second. Once two philosophers
    // share a first fork, not all of them can hold one: after GATHER, they
    // go on anyway (a Barrier would wait for ever).
    let holding_one = Arc::new((Mutex::new(0), Condvar::new()));
    let (done, ate) = mpsc::channel();
    for seat in 0..PHILOSOPHERS {
        let (forks, holding_one, done) = (forks.clone(), holding_one.clone(), done.clone());
        thread::spawn(move || {
            let (first, second) = forks_for(seat, forks.len());
            let _first = forks[first].lock().unwrap();
            let (holding, all_hold_one) = &*holding_one;
            *holding.lock().unwrap() += 1;
            all_hold_one.notify_all();
            let holding = holding.lock().unwrap();
            let _ = all_hold_one.wait_timeout_while(holding, GATHER, |n| *n < PHILOSOPHERS);
            let _second = forks[second].lock().unwrap();
            done.send(seat).unwrap();
        });
    }
    // The watchdog: the stuck threads are left behind and end with the process.
    // Once the order is fixed, all eat about GATHER in; the rest is slack for a busy machine.
    let bound = 4 * GATHER;
    let eaten: Vec<usize> = (0..PHILOSOPHERS)
        .map_while(|_| ate.recv_timeout(bound).ok())
        .collect();
    info!("all at once, philosophers {eaten:?} ate");
    if eaten.len() == PHILOSOPHERS {
        info!("verdict: right, all {PHILOSOPHERS} philosophers ate, one at a time and all at once");
    } else {
        info!(
            "verdict: not yet, {} of {PHILOSOPHERS} philosophers did not eat within {bound:?}: deadlock",
            PHILOSOPHERS - eaten.len()
        );
    }
}
