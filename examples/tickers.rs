//! Four slow price feeds, read one after another and then all at once.
use std::thread;
use std::time::{Duration, Instant};

use log::info;

/// Each feed answers after this long, like a server on the other side of the world.
const FEED_DELAY: Duration = Duration::from_millis(300);
const FEEDS: &[(&str, u32)] = &[
    ("KOSPI", 2_650),
    ("KOSDAQ", 870),
    ("NASDAQ", 18_200),
    ("NIKKEI", 38_900),
];

// ANCHOR: fetch
fn fetch_quote(index: &str) -> u32 {
    thread::sleep(FEED_DELAY); // waiting for the network, not computing
    FEEDS.iter().find(|(name, _)| *name == index).unwrap().1
}
// ANCHOR_END: fetch

fn main() {
    notes::init_logging();

    // ANCHOR: one_by_one
    let started = Instant::now();
    for (index, _) in FEEDS {
        info!("{index} {}", fetch_quote(index));
    }
    info!(
        "one after another: {:.2} s",
        started.elapsed().as_secs_f64()
    );
    // ANCHOR_END: one_by_one

    // ANCHOR: all_at_once
    let started = Instant::now();
    let quotes: Vec<u32> = thread::scope(|scope| {
        let feeds: Vec<_> = FEEDS
            .iter()
            .map(|(index, _)| {
                let reader = thread::Builder::new().name(index.to_string());
                reader
                    .spawn_scoped(scope, move || {
                        let quote = fetch_quote(index);
                        info!("{index} {quote}");
                        quote
                    })
                    .unwrap()
            })
            .collect();
        feeds.into_iter().map(|feed| feed.join().unwrap()).collect()
    });
    info!("all at once: {:.2} s", started.elapsed().as_secs_f64());
    // ANCHOR_END: all_at_once

    let expected: Vec<u32> = FEEDS.iter().map(|(_, quote)| *quote).collect();
    assert_eq!(quotes, expected);
}
