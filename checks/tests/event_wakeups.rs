//! The `while` loops in `Event::wait` and `Event::wait_timeout`
//! (examples/prodcons.rs, chapter 10) are there for spurious wake-ups: std's
//! `Condvar::wait` may return although nobody called `notify`. loom never
//! produces one (tokio-rs/loom#1), so the loom tests pass just as well with
//! `if` in place of `while`. These tests compile the very region the book
//! shows against a `Condvar` double that wakes spuriously on purpose, in a
//! single thread, so every run takes the same path.
//!
//! `cargo test -p checks --test event_wakeups`

use std::time::{Duration, Instant};

/// A stand-in for `std::sync::Condvar`, with the methods the event uses.
/// Its waits return without any notify, as std's documentation allows. The
/// first `SPURIOUS` wake-ups leave the flag alone; the next one stands for
/// another thread's `set`: it sets the flag, under the lock the waiter holds
/// again, and returns. With `never_set`, every wake-up is spurious.
mod spurious {
    use std::cell::Cell;
    use std::convert::Infallible;
    use std::sync::MutexGuard;
    use std::time::Duration;

    pub const SPURIOUS: u32 = 2;

    thread_local! {
        static NEVER_SET: Cell<bool> = const { Cell::new(false) };
    }

    /// Makes the condvars created afterwards on this thread wake only spuriously.
    pub fn never_set() {
        NEVER_SET.with(|never| never.set(true));
    }

    #[derive(Default)]
    pub struct Condvar {
        wake_ups: Cell<u32>,
        never_set: bool,
    }

    impl Condvar {
        pub fn new() -> Self {
            Condvar {
                wake_ups: Cell::new(0),
                never_set: NEVER_SET.with(Cell::get),
            }
        }

        pub fn wake_ups(&self) -> u32 {
            self.wake_ups.get()
        }

        pub fn notify_all(&self) {}

        pub fn wait<'a>(
            &self,
            mut flag: MutexGuard<'a, bool>,
        ) -> Result<MutexGuard<'a, bool>, Infallible> {
            let wake_ups = self.wake_ups.get() + 1;
            self.wake_ups.set(wake_ups);
            if wake_ups > SPURIOUS && !self.never_set {
                *flag = true;
            }
            Ok(flag)
        }

        /// Sleeps a little (never past the timeout) so that a waiter that
        /// keeps waiting does not spin, then wakes like `wait`.
        pub fn wait_timeout<'a>(
            &self,
            flag: MutexGuard<'a, bool>,
            timeout: Duration,
        ) -> Result<(MutexGuard<'a, bool>, ()), Infallible> {
            std::thread::sleep(timeout.min(Duration::from_millis(2)));
            self.wait(flag).map(|flag| (flag, ()))
        }
    }
}

/// The code between `// ANCHOR: event` lines of examples/prodcons.rs, built
/// on the double.
mod event {
    use super::spurious::Condvar;
    use std::sync::Mutex;
    use std::time::{Duration, Instant};
    include!(concat!(
        env!("OUT_DIR"),
        "/regions/examples/prodcons/event.rs"
    ));

    impl Event {
        pub fn wake_ups(&self) -> u32 {
            self.changed.wake_ups()
        }
    }
}

/// The broken twin: the region's `wait` with `while !*set` turned into
/// `if !*set`, and its text, which a test compares with the region.
macro_rules! broken_twin {
    ($($wait:tt)*) => {
        mod broken {
            use super::spurious::Condvar;
            use std::sync::Mutex;

            pub struct Event {
                flag: Mutex<bool>,
                changed: Condvar,
            }

            impl Event {
                pub fn new() -> Self {
                    Event { flag: Mutex::new(false), changed: Condvar::new() }
                }

                pub fn is_set(&self) -> bool {
                    *self.flag.lock().unwrap()
                }

                #[allow(unused_assignments)] // with `if`, the guard that `wait` hands back is never read
                $($wait)*
            }
        }

        const BROKEN_WAIT: &str = stringify!($($wait)*);
    };
}

broken_twin! {
    pub fn wait(&self) {
        let mut set = self.flag.lock().unwrap();
        if !*set {
            set = self.changed.wait(set).unwrap();
        }
    }
}

const REGION: &str = include_str!(concat!(
    env!("OUT_DIR"),
    "/regions/examples/prodcons/event.rs"
));

/// The contract: `wait` returns only once the flag is set.
fn wait_returns_only_when_set(
    wait: impl FnOnce(),
    is_set: impl FnOnce() -> bool,
) -> Result<(), String> {
    wait();
    if is_set() {
        Ok(())
    } else {
        Err("`wait` returned with the flag still false".to_string())
    }
}

#[test]
fn wait_sleeps_through_spurious_wake_ups() {
    let event = event::Event::new();
    wait_returns_only_when_set(|| event.wait(), || event.is_set()).unwrap();
    assert_eq!(event.wake_ups(), spurious::SPURIOUS + 1);
}

#[test]
fn wait_after_set_returns_without_sleeping() {
    let event = event::Event::new();
    event.set();
    wait_returns_only_when_set(|| event.wait(), || event.is_set()).unwrap();
    assert_eq!(event.wake_ups(), 0);
}

#[test]
fn the_broken_twin_returns_on_a_spurious_wake_up() {
    let event = broken::Event::new();
    let outcome = wait_returns_only_when_set(|| event.wait(), || event.is_set());
    assert!(outcome.is_err(), "the check cannot tell `if` from `while`");
}

#[test]
fn the_broken_twin_is_the_region_with_if_for_while() {
    let start = REGION
        .find("pub fn wait(&self)")
        .expect("the event region has no `pub fn wait(&self)`");
    let wait = function_at(&REGION[start..]);
    assert_eq!(
        wait.matches("while !*set").count(),
        1,
        "`wait` in the event region should loop with `while !*set`:\n{wait}"
    );
    let twin = wait.replacen("while !*set", "if !*set", 1);
    assert_eq!(
        squashed(&twin),
        squashed(BROKEN_WAIT),
        "the broken twin in this file no longer matches the region's `wait`"
    );
}

#[test]
fn wait_timeout_sleeps_through_spurious_wake_ups() {
    let event = event::Event::new();
    assert!(event.wait_timeout(Duration::from_secs(10)));
    assert_eq!(event.wake_ups(), spurious::SPURIOUS + 1);
}

#[test]
fn wait_timeout_waits_out_its_timeout() {
    spurious::never_set();
    let event = event::Event::new();
    let timeout = Duration::from_millis(20);
    let started = Instant::now();
    assert!(!event.wait_timeout(timeout));
    assert!(
        started.elapsed() >= timeout,
        "gave up early, after {:?}",
        started.elapsed()
    );
    assert!(
        event.wake_ups() > spurious::SPURIOUS,
        "the double never woke it spuriously"
    );
}

/// The text of the function `text` starts with, up to its closing brace.
fn function_at(text: &str) -> &str {
    let mut depth = 0;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return &text[..=i];
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced braces in:\n{text}");
}

fn squashed(code: &str) -> String {
    code.split_whitespace().collect()
}
