//! A CPU-bound job on one thread, on one thread per core, and with rayon.
use std::thread;
use std::time::{Duration, Instant};

use cpu_time::ProcessTime;
use log::info;
use rayon::prelude::*;

const LIMIT: u64 = 500_000;

// ANCHOR: job
fn is_prime(n: u64) -> bool {
    n >= 2
        && (2..)
            .take_while(|d| d * d <= n)
            .all(|d| !n.is_multiple_of(d))
}

fn count_primes(numbers: impl Iterator<Item = u64>) -> usize {
    numbers.filter(|&n| is_prime(n)).count()
}
// ANCHOR_END: job

// ANCHOR: threads
fn on_threads(threads: u64) -> usize {
    thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            // Deal out blocks of 1,000 numbers in turn, so that every thread gets
            // as many big (slow to check) numbers as the others.
            .map(|me| {
                scope.spawn(move || count_primes((0..LIMIT).filter(|n| n / 1000 % threads == me)))
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| worker.join().unwrap())
            .sum()
    })
}
// ANCHOR_END: threads

// ANCHOR: rayon
fn on_rayon() -> usize {
    (0..LIMIT).into_par_iter().filter(|&n| is_prime(n)).count()
}
// ANCHOR_END: rayon

fn main() {
    notes::init_logging();
    let cores = thread::available_parallelism().unwrap().get() as u64;
    info!("{cores} cores available");

    let (one, serial) = measure(|| count_primes(0..LIMIT));
    info!(
        "1 thread:  {:5.2} s, {:.1} cores busy",
        one.wall.as_secs_f64(),
        one.cores_busy()
    );
    let (many, threaded) = measure(|| on_threads(cores));
    report(&format!("{cores} threads:"), &one, &many);
    let (pool, pooled) = measure(on_rayon);
    report("rayon:    ", &one, &pool);

    assert_eq!(
        [threaded, pooled],
        [serial, serial],
        "every way finds the same primes"
    );
}

struct Timing {
    wall: Duration,
    cpu: Duration,
}

impl Timing {
    /// CPU time over wall time: how many cores were working on average.
    fn cores_busy(&self) -> f64 {
        self.cpu.as_secs_f64() / self.wall.as_secs_f64()
    }
}

/// Runs `job` a few times and keeps the fastest run: other programs on the
/// machine can only make a run slower, never faster.
fn measure(job: impl Fn() -> usize) -> (Timing, usize) {
    let mut best: Option<(Timing, usize)> = None;
    for _ in 0..3 {
        let (wall, cpu) = (Instant::now(), ProcessTime::now());
        let primes = job();
        let timing = Timing {
            wall: wall.elapsed(),
            cpu: cpu.elapsed(),
        };
        if best
            .as_ref()
            .is_none_or(|(fastest, _)| timing.wall < fastest.wall)
        {
            best = Some((timing, primes));
        }
    }
    best.unwrap()
}

fn report(label: &str, baseline: &Timing, timing: &Timing) {
    let speedup = baseline.wall.as_secs_f64() / timing.wall.as_secs_f64();
    info!(
        "{label} {:5.2} s, {:.1} cores busy, {speedup:.1}x faster",
        timing.wall.as_secs_f64(),
        timing.cores_busy()
    );
}
