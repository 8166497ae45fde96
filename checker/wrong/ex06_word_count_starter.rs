//! Exercise 6, starter: a parallel word count that does not match the
//! sequential one, and that is not really parallel either (every word waits
//! for one lock). Make `par_word_count` equal `word_count`, without a lock.
use std::collections::HashMap;
use std::sync::Mutex;

use log::info;
use rayon::prelude::*;

// ANCHOR: sequential
fn word_count(text: &str) -> HashMap<&str, usize> {
    let mut counts = HashMap::new();
    for word in text.split_whitespace() {
        *counts.entry(word).or_insert(0) += 1;
    }
    counts
}
// ANCHOR_END: sequential

// ANCHOR: starter
fn par_word_count(text: &str) -> HashMap<&str, usize> {
    let counts = Mutex::new(HashMap::new());
    text.par_split(' ').for_each(|word| {
        *counts.lock().unwrap().entry(word).or_insert(0) += 1;
    });
    counts.into_inner().unwrap()
}
// ANCHOR_END: starter

fn main() {
    notes::init_logging();
    let text = "the quick brown fox\njumps over the lazy dog\n".repeat(1_000);
    let sequential = word_count(&text);
    let parallel = par_word_count(&text);
    let differ = sequential
        .keys()
        .chain(parallel.keys())
        .filter(|word| sequential.get(*word) != parallel.get(*word))
        .count();
    info!(
        "{} words sequentially, {} in parallel; {differ} counts differ",
        sequential.len(),
        parallel.len()
    );
    if differ == 0 {
        info!("verdict: right, the parallel counts equal the sequential ones");
    } else {
        info!("verdict: not yet, {differ} counts differ from the sequential ones");
    }
}
