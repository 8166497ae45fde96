//! Chapter 3's CPU-bound job in plain Rust, with no Python in it: count the
//! primes below a limit by trial division. The same job as
//! `bench/src/cases.rs` (`cpu`) and `bench/python/cpu.py`, so that the
//! figures are comparable: `count` shares it out in the same blocks, and
//! `count_rayon` lets rayon split the range, as `cpu::rayon` does.

use rayon::prelude::*;

// ANCHOR: count
/// The largest limit the job accepts: below it, `d * d` and `start + BLOCK`
/// cannot overflow a `u64`, and one count already takes hours.
pub const MAX_LIMIT: u64 = 1 << 32;

/// The numbers are dealt out in blocks of this many.
pub const BLOCK: u64 = 1000;

/// The most workers a count is shared out to, one per whole block below the
/// largest limit: a step of `workers` blocks then fits even a 32-bit `usize`.
pub const MAX_WORKERS: u64 = MAX_LIMIT / BLOCK;

pub fn is_prime(n: u64) -> bool {
    n >= 2
        && (2..)
            .take_while(|d| d * d <= n)
            .all(|d| !n.is_multiple_of(d))
}

/// The primes below `limit` in worker `me`'s share of `workers`: every
/// `workers`-th block of 1,000 numbers, starting with block `me`, so that
/// every worker gets as many big (slow to check) numbers as the others.
/// With `me = 0, workers = 1` that is every number below `limit`.
pub fn count(limit: u64, me: u64, workers: u64) -> usize {
    debug_assert!(limit <= MAX_LIMIT && me < workers && workers <= MAX_WORKERS);
    let step = usize::try_from(workers * BLOCK).expect("workers <= MAX_WORKERS");
    (me * BLOCK..limit)
        .step_by(step)
        .flat_map(|start| start..(start + BLOCK).min(limit))
        .filter(|&n| is_prime(n))
        .count()
}

/// All the primes below `limit`, counted on rayon's pool.
pub fn count_rayon(limit: u64) -> usize {
    (0..limit).into_par_iter().filter(|&n| is_prime(n)).count()
}
// ANCHOR_END: count

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_counts() {
        // π(x) for small x, and the figure the benchmarks use.
        for (limit, primes) in [
            (0, 0),
            (2, 0),
            (3, 1),
            (10, 4),
            (1000, 168),
            (200_000, 17_984),
        ] {
            assert_eq!(count(limit, 0, 1), primes, "below {limit}");
            assert_eq!(count_rayon(limit), primes, "rayon, below {limit}");
        }
    }

    #[test]
    fn the_shares_add_up_to_the_whole() {
        for limit in [0, 999, 1000, 1001, 12_345] {
            for workers in 1..=5 {
                let shares: usize = (0..workers).map(|me| count(limit, me, workers)).sum();
                assert_eq!(
                    shares,
                    count(limit, 0, 1),
                    "{workers} workers, below {limit}"
                );
            }
        }
    }

    #[test]
    fn the_largest_limit_does_not_overflow() {
        let top = MAX_LIMIT - 1;
        assert!(!is_prime(top), "2^32 - 1 = 3 · 5 · 17 · 257 · 65537");
        assert!(is_prime(4_294_967_291), "the largest prime below 2^32");
        // The largest step: share 0 of the most workers is block 0 (168
        // primes) and the last, short block, 4,294,967,000 to 2^32 - 1, which
        // holds 10.
        assert_eq!(count(MAX_LIMIT, 0, MAX_WORKERS), 168 + 10);
    }

    #[test]
    fn the_largest_step_fits_a_32_bit_usize() {
        assert!(MAX_WORKERS * BLOCK <= u64::from(u32::MAX));
    }
}
