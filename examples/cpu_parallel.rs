//! A CPU-bound job on one thread, on one thread per core, and with rayon:
//! the same answer every way.
use std::thread;
use std::time::Instant;

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

    let serial = timed("1 thread: ", || count_primes(0..LIMIT));
    let threaded = timed(&format!("{cores} threads:"), || on_threads(cores));
    let pooled = timed("rayon:    ", on_rayon);

    assert_eq!(
        [threaded, pooled],
        [serial, serial],
        "every way finds the same primes"
    );
}

/// Runs `job` once and logs its result, its wall-clock time and how many cores
/// were busy on average (CPU time over wall-clock time).
fn timed(label: &str, job: impl FnOnce() -> usize) -> usize {
    let (wall, cpu) = (Instant::now(), ProcessTime::now());
    let primes = job();
    let (wall, cpu) = (wall.elapsed().as_secs_f64(), cpu.elapsed().as_secs_f64());
    info!(
        "{label} {primes} primes, {wall:5.2} s, {:.1} cores busy",
        cpu / wall
    );
    primes
}
