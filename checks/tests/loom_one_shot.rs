//! Model checks, with loom, of the one-shot channel of chapter 13
//! (examples/one_shot.rs), compiled against loom's atomics, `Arc`, `park`
//! and `unpark`, and a `UnsafeCell` whose every access loom records:
//!
//! - the message sent is the message received, under every interleaving of
//!   the sender and the receiver;
//! - every access to the message is ordered after its write: a read that is
//!   not could read the `MaybeUninit` before it is initialised, and loom
//!   fails the run ("Causality violation");
//! - every message is dropped exactly once, received or not.
//!
//! loom does not track whether a `MaybeUninit` is initialised; it checks the
//! order of the accesses, and only `ready` says when the message is written.
//! Nor does loom's `park` ever return without an `unpark` (loom 0.7.2,
//! `rt::park`), so the loop around `park` is not exercised here.
//!
//! Two more gaps of loom 0.7.2, which the test's `thread` module steps around:
//! `Thread::unpark` is no scheduling point, and it joins the unparker's view
//! of memory into the unparked thread at once, whether or not that thread
//! ever parks (`rt::thread::Thread::unpark`). std promises that ordering only
//! to a `park` that consumes the token. So, as loom sees it, a receiver that
//! finds the flag up is always already ordered after the sender, and the
//! broken twin would pass. The test's `Thread::unpark` therefore yields first,
//! which lets loom run the receiver between the sender's store and its
//! `unpark`: the interleaving in which `Release` is what orders the read.
//! And an `unpark` that reaches a thread blocked in loom's `join` wakes it,
//! which loom then reports as its own failed assertion, so the tests never
//! join a sender that may still unpark.
//!
//! The broken twin sets `ready` with `Relaxed` instead of `Release`
//! (`one_shot/relaxed_ready` in src/twins.rs), and loom must reject it.
//!
//! `RUSTFLAGS="--cfg loom" cargo test --release -p checks --test loom_one_shot`
#![cfg(loom)]

use std::panic;
// Counted outside loom: the count is read after the model run ends.
use std::sync::atomic::{AtomicUsize, Ordering as StdOrdering};

/// std's `UnsafeCell`, as far as the channel uses it, on top of loom's: each
/// `get` is recorded as a write by this thread, now; the pointer is used at
/// once, never across another synchronising operation.
mod cell {
    pub struct UnsafeCell<T>(loom::cell::UnsafeCell<T>);

    impl<T> UnsafeCell<T> {
        pub fn new(value: T) -> Self {
            UnsafeCell(loom::cell::UnsafeCell::new(value))
        }
        pub fn get(&self) -> *mut T {
            self.0.with_mut(|pointer| pointer)
        }
        pub fn get_mut(&mut self) -> &mut T {
            // SAFETY: `&mut self` is exclusive; loom records the access.
            self.0.with_mut(|pointer| unsafe { &mut *pointer })
        }
    }
}

/// loom's `park`, `current` and `Thread`, with an `unpark` that first lets
/// the other threads run (see the top of this file).
mod thread {
    pub use loom::thread::park;

    pub struct Thread(loom::thread::Thread);

    impl Thread {
        pub fn unpark(&self) {
            loom::thread::yield_now();
            self.0.unpark();
        }
    }

    pub fn current() -> Thread {
        Thread(loom::thread::current())
    }
}

/// Spins, yielding to loom's other threads, until `done` is set.
fn wait_for(done: &loom::sync::atomic::AtomicBool) {
    while !done.load(loom::sync::atomic::Ordering::Acquire) {
        loom::thread::yield_now();
    }
}

/// A message that counts how often it is dropped.
struct Letter {
    text: u64,
    drops: &'static AtomicUsize,
}

impl Drop for Letter {
    fn drop(&mut self) {
        self.drops.fetch_add(1, StdOrdering::Relaxed);
    }
}

/// The checks, as a macro so that they run against each module's `channel`.
macro_rules! checks {
    () => {
        /// A sender on another thread, the receiver here: the letter
        /// arrives intact, and is dropped once.
        pub fn delivers() {
            static DROPS: AtomicUsize = AtomicUsize::new(0);
            loom::model(|| {
                DROPS.store(0, StdOrdering::Relaxed);
                let (sender, receiver) = channel();
                let done = loom::sync::Arc::new(loom::sync::atomic::AtomicBool::new(false));
                let sending = {
                    let done = done.clone();
                    loom::thread::spawn(move || {
                        sender.send(Letter {
                            text: 5050,
                            drops: &DROPS,
                        });
                        done.store(true, loom::sync::atomic::Ordering::Release);
                    })
                };
                let letter = receiver.receive();
                assert_eq!(letter.text, 5050, "received something else");
                drop(letter);
                // Not `join` while the sender may still unpark this thread.
                super::wait_for(&done);
                sending.join().unwrap();
                assert_eq!(DROPS.load(StdOrdering::Relaxed), 1, "dropped twice");
            });
        }

        /// The receiver is dropped unread, while the sender may be sending:
        /// the letter, if sent, is dropped once, by whichever side goes last.
        pub fn drops_an_unreceived_message() {
            static DROPS: AtomicUsize = AtomicUsize::new(0);
            loom::model(|| {
                DROPS.store(0, StdOrdering::Relaxed);
                let (sender, receiver) = channel();
                let done = loom::sync::Arc::new(loom::sync::atomic::AtomicBool::new(false));
                let sending = {
                    let done = done.clone();
                    loom::thread::spawn(move || {
                        sender.send(Letter {
                            text: 1,
                            drops: &DROPS,
                        });
                        done.store(true, loom::sync::atomic::Ordering::Release);
                    })
                };
                drop(receiver);
                // Not `join` while the sender may still unpark this thread.
                super::wait_for(&done);
                sending.join().unwrap();
                assert_eq!(DROPS.load(StdOrdering::Relaxed), 1, "not dropped once");
            });
        }
    };
}

/// The code between the `// ANCHOR: channel` and `// ANCHOR: api` lines of
/// examples/one_shot.rs.
mod one_shot {
    use super::cell::UnsafeCell;
    use super::thread::{self, Thread};
    use super::{AtomicUsize, Letter, StdOrdering};
    use loom::sync::Arc;
    use loom::sync::atomic::{AtomicBool, Ordering};
    use std::marker::PhantomData;
    use std::mem::MaybeUninit;
    include!(concat!(
        env!("OUT_DIR"),
        "/regions/examples/one_shot/channel.rs"
    ));
    include!(concat!(
        env!("OUT_DIR"),
        "/regions/examples/one_shot/api.rs"
    ));
    checks!();
}

/// `send` with `Relaxed` where it needs `Release`, made by build.rs.
mod relaxed_ready {
    use super::cell::UnsafeCell;
    use super::thread::{self, Thread};
    use super::{AtomicUsize, Letter, StdOrdering};
    use loom::sync::Arc;
    use loom::sync::atomic::{AtomicBool, Ordering};
    use std::marker::PhantomData;
    use std::mem::MaybeUninit;
    include!(concat!(
        env!("OUT_DIR"),
        "/regions/examples/one_shot/channel.rs"
    ));
    include!(concat!(env!("OUT_DIR"), "/twins/one_shot/relaxed_ready.rs"));
    checks!();
}

#[test]
fn the_channel_delivers_the_message() {
    one_shot::delivers();
}

#[test]
fn the_channel_drops_a_message_nobody_received() {
    one_shot::drops_an_unreceived_message();
}

#[test]
fn the_twin_drops_a_message_nobody_received() {
    // The twin's bug is in the order of memory, not in the drop count.
    relaxed_ready::drops_an_unreceived_message();
}

#[test]
fn loom_rejects_a_ready_flag_set_with_relaxed() {
    let failure = panic::catch_unwind(relaxed_ready::delivers)
        .expect_err("loom accepted a ready flag set with Relaxed: the check is vacuous");
    let why = match (
        failure.downcast_ref::<String>(),
        failure.downcast_ref::<&str>(),
    ) {
        (Some(message), _) => message.clone(),
        (None, Some(message)) => message.to_string(),
        (None, None) => String::new(),
    };
    assert!(
        why.contains("Causality violation"),
        "rejected, but not for a read of the message before its write: {why}"
    );
}
