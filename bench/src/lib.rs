//! The cases the chapter "Measured: Rust beside Python" measures. The
//! `measure` binary times them beside the Python scripts in `python/`; the
//! divan benches in `benches/` time the same functions for `cargo bench`.

pub mod args;
pub mod cases;
pub mod machine;
pub mod report;

use std::time::{Duration, Instant};

/// How long and how often to measure.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Effort {
    /// Grow the work until one run takes at least this long.
    pub min_run: Duration,
    /// Runs at the final size; the median is reported.
    pub reps: usize,
}

impl Effort {
    pub const FULL: Effort = Effort {
        min_run: Duration::from_millis(200),
        reps: 5,
    };
    pub const QUICK: Effort = Effort {
        min_run: Duration::from_millis(2),
        reps: 1,
    };
}

/// Items per second of `run(n)`, which does `n` items and returns how long
/// they took. `n` doubles until one run takes at least `effort.min_run`; then
/// the median of `effort.reps` runs at that `n` is the answer (a run that
/// another program slowed down does not move a median much).
pub fn rate(effort: Effort, mut run: impl FnMut(u64) -> Duration) -> f64 {
    let mut n = 1;
    while run(n) < effort.min_run && n < 1 << 40 {
        n *= 2;
    }
    n as f64 / median((0..effort.reps.max(1)).map(|_| run(n)).collect())
}

/// The median of `times`, in seconds.
pub fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    let mid = times.len() / 2;
    if times.len() % 2 == 1 {
        times[mid].as_secs_f64()
    } else {
        (times[mid - 1] + times[mid]).as_secs_f64() / 2.0
    }
}

/// How long `job` takes.
pub fn timed(job: impl FnOnce()) -> Duration {
    let start = Instant::now();
    job();
    start.elapsed()
}
