//! Exercise 8, solution: the read and the write of the counter happen under
//! one guard, so no other thread can take the same number in between.
use std::collections::HashSet;
use std::sync::Mutex;
use std::thread;

use log::info;

const PER_THREAD: u64 = 50_000;

// ANCHOR: ticket
/// Hands out the next ticket number.
fn take_ticket(next: &Mutex<u64>) -> u64 {
    let mut next = next.lock().unwrap();
    let ticket = *next;
    *next += 1;
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
    let distinct: HashSet<u64> = tickets.iter().copied().collect();
    info!("{} tickets handed out, all different", tickets.len());
    assert_eq!(distinct, (0..2 * PER_THREAD).collect());
    assert_eq!(*next.lock().unwrap(), 2 * PER_THREAD);
}
