//! Exercise 4, solution: a thread's closure returns its result, and `join`
//! hands it to the thread that joins it, first with `thread::spawn`, then
//! with scoped threads, which may borrow the list instead of copying it.
use std::thread;

use log::info;

const PART: usize = 250;

fn main() {
    notes::init_logging();
    let numbers: Vec<u64> = (1..=1_000).collect();
    let expected: u64 = numbers.iter().sum();

    // ANCHOR: spawn
    let handles: Vec<thread::JoinHandle<u64>> = numbers
        .chunks(PART)
        .map(|part| {
            let part = part.to_vec();
            thread::spawn(move || part.iter().sum())
        })
        .collect(); // every thread starts before the first join
    let total: u64 = handles.into_iter().map(|h| h.join().unwrap()).sum();
    // ANCHOR_END: spawn
    info!("spawn: total {total}");
    assert_eq!(
        total, expected,
        "spawn: the parts do not add up to the whole"
    );

    // ANCHOR: scoped
    let total: u64 = thread::scope(|s| {
        let handles: Vec<_> = numbers
            .chunks(PART)
            .map(|part| s.spawn(move || part.iter().sum::<u64>()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    // ANCHOR_END: scoped
    info!("scoped: total {total}");
    assert_eq!(
        total, expected,
        "scoped: the parts do not add up to the whole"
    );
}
