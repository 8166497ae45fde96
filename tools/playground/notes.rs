// Generated from src/lib.rs by checks/tests/playground.rs; do not edit.
// Record it again with `RECORD=1 cargo test -p checks --test playground`.
// ANCHOR: playground
// ANCHOR_END: playground

// This book's `notes` library, so that the program runs on the Rust
// Playground, which does not have it (src/lib.rs in the book's repository).
mod notes {
    use std::fs::File;
    use std::io::{self, Write};
    use std::sync::{Mutex, OnceLock};
    use std::thread;
    use std::time::Instant;

    use log::{LevelFilter, Log, Metadata, Record};

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
}
