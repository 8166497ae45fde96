//! Shared support for the examples of *Concurrency Notes in Rust* (동시성 노트).
//!
//! The Python notes this book grew from log every line with a timestamp, so
//! that you can see *when* each thread did what. Every example starts with
//! [`init_logging`] to get the same kind of log, written to standard output:
//!
//! ```text
//!  0.000s [main] before creating the thread
//!  3.001s [First] finishing
//! ```
//!
//! The first column is the time since the program started, the second is the
//! name of the thread that wrote the line.
//!
//! The book draws a timeline of each run from the same log. When the
//! environment variable `NOTES_TRACE` names a file, every line also goes
//! there, with the time in microseconds, so that events less than a
//! millisecond apart can still be told apart:
//!
//! ```text
//! 1042<TAB>First<TAB>starting update
//! ```

use std::fs::File;
use std::io::{self, Write};
use std::sync::{Mutex, OnceLock};
use std::thread;
use std::time::Instant;

use log::{LevelFilter, Log, Metadata, Record};

/// Sends `log::info!` and friends to standard output, one line per record,
/// each stamped with the seconds since this call and the writing thread's name.
///
/// `RUST_LOG=warn` (or `error`, `off`) hushes the log; `RUST_LOG=debug`
/// shows more where an example has more to say.
pub fn init_logging() {
    let level = std::env::var("RUST_LOG")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(LevelFilter::Info);
    let trace = std::env::var_os("NOTES_TRACE").map(|path| {
        File::create(&path).unwrap_or_else(|e| panic!("cannot write NOTES_TRACE {path:?}: {e}"))
    });
    let logger = LOGGER.get_or_init(|| Logger {
        start: Instant::now(),
        trace: Mutex::new(trace),
    });
    if log::set_logger(logger).is_ok() {
        log::set_max_level(level);
    }
}

static LOGGER: OnceLock<Logger> = OnceLock::new();

struct Logger {
    start: Instant,
    /// Held while a line is written to both places, so the trace lists the
    /// lines in the order standard output shows them.
    trace: Mutex<Option<File>>,
}

impl Log for Logger {
    fn enabled(&self, _: &Metadata) -> bool {
        true
    }

    fn log(&self, record: &Record) {
        let current = thread::current();
        let name = current.name().unwrap_or("unnamed");
        // A panicking thread may have poisoned the lock; the file is still fine.
        let mut trace = self.trace.lock().unwrap_or_else(|e| e.into_inner());
        let elapsed = self.start.elapsed();
        let line = format!(
            "{:6.3}s [{name}] {}\n",
            elapsed.as_secs_f64(),
            record.args()
        );
        // Like `println!`, but a closed pipe is not worth a panic here.
        let _ = io::stdout().lock().write_all(line.as_bytes());
        if let Some(file) = trace.as_mut() {
            let _ = writeln!(file, "{}\t{name}\t{}", elapsed.as_micros(), record.args());
        }
    }

    fn flush(&self) {
        let _ = io::stdout().flush();
    }
}
