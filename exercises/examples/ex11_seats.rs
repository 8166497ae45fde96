//! Exercise 11, solution: the counter moves only while seats remain, so it
//! never passes `SEATS`, never wraps, and never hands out a seat twice.
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU8, Ordering};
use std::thread;

use log::info;

const SEATS: u8 = 200;
/// Four buyers ask 100 times each: 400 requests for 200 seats.
const BUYERS: usize = 4;
const REQUESTS: usize = 100;

// ANCHOR: box_office
/// Sells the seats 0, 1, …, `SEATS - 1`, each once.
struct BoxOffice {
    /// The next seat to sell.
    next: AtomicU8,
}

impl BoxOffice {
    /// The next free seat, or `None` once every seat is sold.
    fn sell(&self) -> Option<u8> {
        // Count up only while a seat is left: a refused request leaves
        // `next` at `SEATS`, so it never climbs to the top of a u8 and wraps.
        // Relaxed: a seat number carries no other data, and the counter's
        // one modification order alone keeps two buyers off the same seat.
        self.next
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |next| {
                (next < SEATS).then(|| next + 1)
            })
            .ok()
    }
}
// ANCHOR_END: box_office

fn main() {
    notes::init_logging();
    let office = BoxOffice {
        next: AtomicU8::new(0),
    };
    let answers: Vec<Option<u8>> = thread::scope(|s| {
        let buyers: Vec<_> = (0..BUYERS)
            .map(|_| s.spawn(|| (0..REQUESTS).map(|_| office.sell()).collect::<Vec<_>>()))
            .collect();
        buyers.into_iter().flat_map(|b| b.join().unwrap()).collect()
    });
    let sold: Vec<u8> = answers.iter().flatten().copied().collect();
    let distinct: BTreeSet<u8> = sold.iter().copied().collect();
    info!(
        "{} requests, {} sales, {} distinct seats",
        answers.len(),
        sold.len(),
        distinct.len()
    );
    assert_eq!(sold.len(), distinct.len(), "a seat was sold twice");
    assert_eq!(
        distinct,
        (0..SEATS).collect(),
        "not every seat was sold once"
    );
    assert_eq!(office.next.load(Ordering::Relaxed), SEATS);
}
