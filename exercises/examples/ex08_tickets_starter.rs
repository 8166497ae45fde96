//! Exercise 8, starter: a ticket counter behind a mutex that still hands
//! out the same ticket twice. Every access is locked; find the update that
//! gets lost, explain it, and fix `take_ticket`.
use std::collections::HashSet;
use std::sync::Mutex;
use std::thread;

use log::info;

const PER_THREAD: u64 = 50_000;

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
    let next = Mutex::new(0);
    let tickets: Vec<u64> = thread::scope(|s| {
        let desks: Vec<_> = (0..2)
            .map(|_| {
                s.spawn(|| {
                    (0..PER_THREAD)
                        .map(|_| take_ticket(&next))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        desks.into_iter().flat_map(|d| d.join().unwrap()).collect()
    });
    let distinct = tickets.iter().collect::<HashSet<_>>().len();
    info!(
        "{} tickets handed out, {distinct} different numbers; the counter says {}",
        tickets.len(),
        next.lock().unwrap()
    );
}
