//! Exercise 11, starter: a box office that sells 200 numbered seats from
//! one atomic counter. `fetch_add` never loses an update, yet 400 requests
//! sell more than 200 seats, some of them twice. Find out why, and fix
//! `sell` so that every seat is sold exactly once.
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
        let seat = self.next.fetch_add(1, Ordering::Relaxed);
        if seat < SEATS {
            Some(seat)
        } else {
            // Sold out: take the request back, so that the counter stays at SEATS.
            self.next.fetch_sub(1, Ordering::Relaxed);
            None
        }
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
    if sold.len() == distinct.len() && distinct == (0..SEATS).collect() {
        info!("verdict: right, every seat sold exactly once");
    } else {
        info!(
            "verdict: not yet, {} sales for {SEATS} seats, {} of them of a seat already sold",
            sold.len(),
            sold.len() - distinct.len()
        );
    }
}
