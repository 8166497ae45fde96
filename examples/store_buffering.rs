//! Store buffering, run for real: two threads each store 1 to their own
//! atomic, then load the other's, many times over, with the same two threads.
//! Under `Release`/`Acquire` both loads may return 0; `SeqCst` on both
//! operations, or a `SeqCst` fence between them, rules that out.
use std::hint;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering, fence};
use std::thread;
use std::time::{Duration, Instant};

use log::info;

/// Trials per round: each round starts two threads and keeps them for all
/// of its trials.
const ROUND: usize = 10_000;
/// Each variant runs 10 rounds, or fewer if they take longer than this:
/// on a busy machine the two threads are rarely running at the same time.
const ROUNDS: usize = 10;
const BUDGET: Duration = Duration::from_secs(1);

// ANCHOR: variants
/// Store 1 to `mine`, then read `other`: one thread's half of a trial.
type RaiseThenRead = fn(&AtomicU32, &AtomicU32) -> u32;

fn release_acquire(mine: &AtomicU32, other: &AtomicU32) -> u32 {
    mine.store(1, Ordering::Release);
    other.load(Ordering::Acquire)
}

fn seq_cst(mine: &AtomicU32, other: &AtomicU32) -> u32 {
    mine.store(1, Ordering::SeqCst);
    other.load(Ordering::SeqCst)
}

fn seq_cst_fence(mine: &AtomicU32, other: &AtomicU32) -> u32 {
    mine.store(1, Ordering::Relaxed);
    fence(Ordering::SeqCst);
    other.load(Ordering::Relaxed)
}
// ANCHOR_END: variants

// ANCHOR: trials
/// Runs `ROUND` trials on two threads that live through all of them, and
/// counts each pair (what A read, what B read): `counts[2 * a + b]`.
fn run_trials(raise_then_read: RaiseThenRead) -> [usize; 4] {
    // Fresh zeros for every trial, so nothing needs resetting between them.
    let x: Vec<AtomicU32> = (0..ROUND).map(|_| AtomicU32::new(0)).collect();
    let y: Vec<AtomicU32> = (0..ROUND).map(|_| AtomicU32::new(0)).collect();
    let arrived = AtomicUsize::new(0);
    // Both threads wait here before each trial, so that they start it together.
    let start_together = |trial: usize| {
        arrived.fetch_add(1, Ordering::AcqRel);
        let mut spins = 0u32;
        while arrived.load(Ordering::Acquire) < 2 * (trial + 1) {
            hint::spin_loop();
            spins += 1;
            // On a busy machine the other thread may not be running at all.
            if spins.is_multiple_of(256) {
                thread::yield_now();
            }
        }
    };
    let (a, b) = thread::scope(|s| {
        let a = s.spawn(|| {
            (0..ROUND)
                .map(|i| {
                    start_together(i);
                    raise_then_read(&x[i], &y[i])
                })
                .collect::<Vec<u32>>()
        });
        let b = s.spawn(|| {
            (0..ROUND)
                .map(|i| {
                    start_together(i);
                    raise_then_read(&y[i], &x[i])
                })
                .collect::<Vec<u32>>()
        });
        (a.join().unwrap(), b.join().unwrap())
    });
    let mut counts = [0; 4];
    for (a_saw, b_saw) in a.into_iter().zip(b) {
        counts[(2 * a_saw + b_saw) as usize] += 1;
    }
    counts
}
// ANCHOR_END: trials

fn main() {
    notes::init_logging();

    // ANCHOR: main
    let variants: [(&str, RaiseThenRead); 3] = [
        ("Release/Acquire", release_acquire),
        ("SeqCst", seq_cst),
        ("fence(SeqCst)", seq_cst_fence),
    ];
    for (name, raise_then_read) in variants {
        let started = Instant::now();
        let mut counts = [0; 4];
        for _ in 0..ROUNDS {
            for (total, count) in counts.iter_mut().zip(run_trials(raise_then_read)) {
                *total += count;
            }
            if started.elapsed() > BUDGET {
                break;
            }
        }
        let trials: usize = counts.iter().sum();
        info!("{name}, {trials} trials:");
        for (pair, count) in ["(0, 0)", "(0, 1)", "(1, 0)", "(1, 1)"].iter().zip(counts) {
            let bar = "█".repeat((count * 40).div_ceil(trials));
            info!("{}", format!("  {pair} {count:>6} {bar}").trim_end());
        }
        if name != "Release/Acquire" {
            // Guaranteed: the SeqCst stores and loads (or the fences) have
            // one total order, and the thread whose store (or fence) comes
            // first in it has its store seen by the other thread's load.
            assert_eq!(counts[0], 0, "{name} printed (0, 0)");
        }
    }
    // ANCHOR_END: main
}
