//! Exercise 8, starter: a ticket counter behind a mutex that still hands
//! out the same ticket twice. Every access is locked; find the update that
//! gets lost, explain it, and fix `take_ticket`.
use std::collections::HashSet;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use log::info;

const PER_THREAD: u64 = 50_000;
const ROUNDS: usize = 10;

// ANCHOR: ticket
/// Hands out the next ticket number.
fn take_ticket(next: &Mutex<u64>) -> u64 {
    let ticket = *next.lock().unwrap();
    *next.lock().unwrap() = ticket + 1;
    ticket
}
// ANCHOR_END: ticket

fn main() {
    notes::init_logging();
    // The rounds run on a thread of their own, so that a watchdog can give
    // up on a take_ticket that never returns.
    let (done, finished) = mpsc::channel();
    thread::spawn(move || {
        let duplicated: Vec<usize> = (0..ROUNDS).map(|_| round()).collect();
        done.send(duplicated).unwrap();
    });
    let bound = Duration::from_secs(20);
    let Ok(duplicated) = finished.recv_timeout(bound) else {
        info!("verdict: not yet, the desks were still taking tickets after {bound:?}: a deadlock?");
        return;
    };
    info!("tickets handed out twice, round by round: {duplicated:?}");
    let total: usize = duplicated.iter().sum();
    if total == 0 {
        info!("verdict: right, no ticket handed out twice in {ROUNDS} rounds");
    } else {
        info!("verdict: not yet, {total} tickets handed out twice in {ROUNDS} rounds");
    }
}

/// Two desks take PER_THREAD tickets each; returns how many were duplicates.
fn round() -> usize {
    let next = Arc::new(Mutex::new(0));
    let desks: Vec<_> = (0..2)
        .map(|_| {
            let next = next.clone();
            thread::spawn(move || {
                (0..PER_THREAD)
                    .map(|_| take_ticket(&next))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let tickets: Vec<u64> = desks.into_iter().flat_map(|d| d.join().unwrap()).collect();
    let distinct = tickets.iter().collect::<HashSet<_>>().len();
    tickets.len() - distinct
}
