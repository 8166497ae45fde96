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

use std::io::Write;
use std::sync::OnceLock;
use std::thread;
use std::time::Instant;

static START: OnceLock<Instant> = OnceLock::new();

/// Sends `log::info!` and friends to standard output, one line per record,
/// each stamped with the seconds since this call and the writing thread's name.
///
/// `RUST_LOG` still works as usual (for example `RUST_LOG=warn` to hush it).
pub fn init_logging() {
    let start = *START.get_or_init(Instant::now);
    env_logger::Builder::new()
        .filter_level(log::LevelFilter::Info)
        .parse_default_env()
        .target(env_logger::Target::Stdout)
        .format(move |out, record| {
            let current = thread::current();
            let name = current.name().unwrap_or("unnamed");
            let seconds = start.elapsed().as_secs_f64();
            writeln!(out, "{seconds:6.3}s [{name}] {}", record.args())
        })
        .init();
}
