//! Exercise 6, solution: each rayon task counts its lines into a map of its
//! own (`fold`), and the maps are merged pairwise (`reduce`); no lock, and
//! the same words as `split_whitespace` over the whole text.
use std::collections::HashMap;

use log::info;
use rayon::prelude::*;

fn word_count(text: &str) -> HashMap<&str, usize> {
    let mut counts = HashMap::new();
    for word in text.split_whitespace() {
        *counts.entry(word).or_insert(0) += 1;
    }
    counts
}

// ANCHOR: parallel
fn par_word_count(text: &str) -> HashMap<&str, usize> {
    text.par_lines()
        .fold(HashMap::new, |mut counts, line| {
            for word in line.split_whitespace() {
                *counts.entry(word).or_insert(0) += 1;
            }
            counts
        })
        .reduce(HashMap::new, |mut all, part| {
            for (word, n) in part {
                *all.entry(word).or_insert(0) += n;
            }
            all
        })
}
// ANCHOR_END: parallel

fn main() {
    notes::init_logging();
    let text = "the quick brown fox\njumps over the lazy dog\n".repeat(1_000);
    let sequential = word_count(&text);
    // However rayon splits the work, the merged counts are the same.
    for threads in [1, 2, 4] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let parallel = pool.install(|| par_word_count(&text));
        assert_eq!(
            parallel, sequential,
            "the parallel counts differ from the sequential ones, on a pool of size {threads}"
        );
    }
    info!(
        "{} words, the same counts on 1, 2 and 4 threads",
        sequential.len()
    );
}
