//! Model checks, with loom, of the `Release`/`Acquire` flag in
//! examples/publish.rs: under every interleaving of a writer and a reader,
//! and every value loom lets each atomic load return, a reader that sees the
//! flag set also sees the data. The broken twin below, the same mailbox that
//! sets the flag with `Relaxed` instead of `Release`, must fail the same
//! check: it shows that the model can see a stale read, so the first test
//! does not pass by being blind.
//!
//! `RUSTFLAGS="--cfg loom" cargo test --release -p checks --test loom_publish`
#![cfg(loom)]

/// A writer thread publishes 5050 while this thread reads once: either the
/// mailbox is still empty, or it holds 5050, never the initial 0. A macro, so
/// that it can run inside each module, where the mailbox's private methods
/// are in scope.
macro_rules! check_publish {
    () => {
        loom::model(|| {
            let mailbox = loom::sync::Arc::new(Mailbox::new());
            let writer = {
                let mailbox = mailbox.clone();
                loom::thread::spawn(move || mailbox.publish(5050))
            };
            if let Some(value) = mailbox.read() {
                assert_eq!(
                    value, 5050,
                    "stale read: the flag was set, the data was not"
                );
            }
            writer.join().unwrap();
        })
    };
}

/// The code between `// ANCHOR: mailbox` lines of examples/publish.rs.
mod publish {
    use loom::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    include!(concat!(
        env!("OUT_DIR"),
        "/regions/examples/publish/mailbox.rs"
    ));

    #[test]
    fn acquire_sees_what_release_published() {
        check_publish!();
    }
}

/// The same mailbox with one deliberate bug: `Relaxed`, not `Release`, on the
/// store that sets the flag, so the reader's `Acquire` load has nothing to
/// pair with. `twin_is_the_example_with_one_change` keeps it in step.
mod relaxed_flag {
    use loom::sync::atomic::{AtomicBool, AtomicU64, Ordering};

    // TWIN BEGIN
    /// One value, written once by one thread and read by others. In real code,
    /// std's `OnceLock` does this (`set` publishes, `get` reads); the mailbox
    /// spells out the orderings such a tool relies on.
    struct Mailbox {
        data: AtomicU64,
        ready: AtomicBool,
    }

    impl Mailbox {
        fn new() -> Self {
            Mailbox {
                data: AtomicU64::new(0),
                ready: AtomicBool::new(false),
            }
        }

        fn publish(&self, value: u64) {
            self.data.store(value, Ordering::Relaxed);
            // Release: whoever loads `true` with Acquire also sees the store above.
            self.ready.store(true, Ordering::Relaxed);
        }

        fn read(&self) -> Option<u64> {
            // Acquire: pairs with the Release in `publish`.
            if self.ready.load(Ordering::Acquire) {
                Some(self.data.load(Ordering::Relaxed))
            } else {
                None
            }
        }
    }
    // TWIN END

    #[test]
    #[should_panic(expected = "stale read")]
    fn relaxed_flag_lets_the_reader_see_stale_data() {
        check_publish!();
    }
}

const CORRECT: &str = "self.ready.store(true, Ordering::Release);";
const BROKEN: &str = "self.ready.store(true, Ordering::Relaxed);";

/// The twin above must be the example's region with exactly one change, so
/// that it breaks what the book shows and nothing else.
#[test]
fn twin_is_the_example_with_one_change() {
    let region = include_str!(concat!(
        env!("OUT_DIR"),
        "/regions/examples/publish/mailbox.rs"
    ));
    assert_eq!(region.matches(CORRECT).count(), 1, "{CORRECT} is gone");
    let this_file = include_str!("loom_publish.rs");
    let (_, twin) = this_file.split_once("// TWIN BEGIN\n").unwrap();
    let (twin, _) = twin.split_once("\n    // TWIN END").unwrap();
    let unindented: Vec<&str> = twin
        .lines()
        .map(|line| line.strip_prefix("    ").unwrap_or(line))
        .collect();
    let expected = region.replace(CORRECT, BROKEN);
    assert_eq!(unindented, expected.trim_end().lines().collect::<Vec<_>>());
}
