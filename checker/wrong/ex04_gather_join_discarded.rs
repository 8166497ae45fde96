//! Exercise 4, starter: each thread adds up its part of the list, but the
//! parts never reach the main thread. Make `total` the sum of the parts.
use std::thread;

use log::info;

const PART: usize = 250;

fn main() {
    notes::init_logging();
    let numbers: Vec<u64> = (1..=1_000).collect();
    let expected: u64 = numbers.iter().sum();

    // ANCHOR: starter
    let mut handles = Vec::new();
    for part in numbers.chunks(PART) {
        let part = part.to_vec();
        handles.push(thread::spawn(move || {
            let sum: u64 = part.iter().sum();
            info!("my part adds up to {sum}");
            sum
        }));
    }
    for handle in handles {
        // Wrong: the thread hands its sum back, and `join`'s result is dropped.
        handle.join().unwrap();
    }
    let total: u64 = 0;
    // ANCHOR_END: starter

    if total == expected {
        info!("verdict: right, the parts add up to {total}");
    } else {
        info!("verdict: not yet, the total is {total}, expected {expected}");
    }
}
