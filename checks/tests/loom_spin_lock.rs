//! Model checks, with loom, of the spin lock of chapter 12
//! (examples/spin_lock.rs): under every interleaving of two threads, up to
//! a preemption bound, the lock lets one thread at a time reach the value,
//! and no increment is lost. loom's `UnsafeCell` records every access to the
//! value with the thread's view of time, and fails a run in which two
//! accesses are not ordered by a happens-before edge.
//!
//! The broken twin below takes the lock with `Relaxed` instead of `Acquire`:
//! the `swap` still lets one thread in at a time, but the new holder is not
//! ordered after the old holder's writes, and loom must reject it. That is
//! what shows the first test is not passing by being blind.
//!
//! `RUSTFLAGS="--cfg loom" cargo test --release -p checks --test loom_spin_lock`
#![cfg(loom)]

// Not loom's `Arc`: a rejected twin stops loom mid-run, and dropping a loom
// `Arc` after loom has stopped panics again, which aborts the process.
use std::sync::Arc;

/// std's `UnsafeCell`, as far as the spin lock uses it, on top of loom's: each
/// `get` is recorded as a write by this thread, now. The pointer is used at
/// once and never across another synchronising operation, so the access is
/// checked where it happens.
mod cell {
    pub struct UnsafeCell<T>(loom::cell::UnsafeCell<T>);

    impl<T> UnsafeCell<T> {
        pub fn new(value: T) -> Self {
            UnsafeCell(loom::cell::UnsafeCell::new(value))
        }
        pub fn get(&self) -> *mut T {
            self.0.with_mut(|pointer| pointer)
        }
    }
}

/// loom's `AtomicBool`, as far as the lock uses it, with `store` made a
/// `swap` of the same ordering. loom 0.7.2 lets a plain store slip between
/// the read and the write of a concurrent `swap` (tokio-rs/loom#254, open),
/// which no real machine can do: a waiter's `swap` reads the `true` from
/// before the holder's `false` and writes its own `true` after it, so the
/// `false` is lost, every later `swap` reads `true`, and loom gives up with
/// "Model exceeded maximum number of branches". A `swap` that stores `false` is an
/// atomic read-modify-write, which loom orders correctly; its `Release` side
/// is the same as the store's.
mod atomic {
    pub use loom::sync::atomic::Ordering;

    pub struct AtomicBool(loom::sync::atomic::AtomicBool);

    impl AtomicBool {
        pub fn new(value: bool) -> Self {
            AtomicBool(loom::sync::atomic::AtomicBool::new(value))
        }
        pub fn swap(&self, value: bool, order: Ordering) -> bool {
            self.0.swap(value, order)
        }
        pub fn store(&self, value: bool, order: Ordering) {
            self.0.swap(value, order);
        }
    }
}

/// Two threads add 1 twice each through the lock: the total is 4, and loom
/// finds no unordered access to the value.
macro_rules! check_exclusion {
    () => {
        let mut builder = loom::model::Builder::new();
        builder.preemption_bound = Some(3);
        // A spinning thread takes a branch for every try: allow long runs.
        builder.max_branches = 100_000;
        builder.check(|| {
            let lock = super::Arc::new(SpinLock::new(0));
            let add_twice = {
                let lock = lock.clone();
                move || {
                    for _ in 0..2 {
                        *lock.lock() += 1;
                    }
                }
            };
            let others: Vec<_> = (0..1)
                .map(|_| loom::thread::spawn(add_twice.clone()))
                .collect();
            add_twice();
            for other in others {
                other.join().unwrap();
            }
            assert_eq!(*lock.lock(), 4, "an increment was lost");
        });
    };
}

/// The code between the `// ANCHOR: spin_lock` lines of examples/spin_lock.rs.
mod spin_lock {
    use super::atomic::{AtomicBool, Ordering};
    use super::cell::UnsafeCell;
    use loom::hint;
    use std::marker::PhantomData;
    use std::ops::{Deref, DerefMut};
    include!(concat!(
        env!("OUT_DIR"),
        "/regions/examples/spin_lock/spin_lock.rs"
    ));

    #[test]
    fn one_holder_at_a_time_and_no_lost_update() {
        check_exclusion!();
    }
}

/// The same lock with one deliberate bug, `Relaxed` where `lock` needs
/// `Acquire`, made by build.rs (`spin_lock/relaxed_lock` in src/twins.rs).
mod relaxed_lock {
    use super::atomic::{AtomicBool, Ordering};
    use super::cell::UnsafeCell;
    use loom::hint;
    use std::marker::PhantomData;
    use std::ops::{Deref, DerefMut};

    include!(concat!(env!("OUT_DIR"), "/twins/spin_lock/relaxed_lock.rs"));

    #[test]
    fn loom_rejects_a_lock_taken_with_relaxed() {
        let failure = std::panic::catch_unwind(|| {
            check_exclusion!();
        })
        .expect_err("loom accepted a spin lock taken with Relaxed: the check is vacuous");
        let why = super::message(failure);
        assert!(
            why.contains("Causality violation"),
            "rejected, but not for an unordered access to the value: {why}"
        );
    }
}

/// The message a failed check panicked with.
fn message(failure: Box<dyn std::any::Any + Send>) -> String {
    match (
        failure.downcast_ref::<String>(),
        failure.downcast_ref::<&str>(),
    ) {
        (Some(message), _) => message.clone(),
        (None, Some(message)) => message.to_string(),
        (None, None) => String::new(),
    }
}
