//! Model checks, with loom, of the semaphore of chapter 7. loom runs each
//! test body under every interleaving of its threads, up to a preemption
//! bound, so an over-full semaphore shows up as a failed assertion and a lost
//! wake-up as a deadlock, on every run rather than once in a while.
//!
//! A check that passes proves something only if it fails on broken code, so
//! the same checks run on the semaphore's broken twins (`src/twins.rs`),
//! and each test asserts that loom rejects its twin, for the right reason.
//!
//! `RUSTFLAGS="--cfg loom" cargo test --release -p checks --test loom_semaphore`
#![cfg(loom)]

use std::panic;
// Not loom's `Arc`: a rejected twin leaves threads stuck, and dropping a
// loom `Arc` after loom has stopped panics again, which aborts the process.
use std::sync::Arc;

use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::thread;

/// The code between the `// ANCHOR: semaphore` lines of examples/semaphore.rs.
mod semaphore {
    use loom::sync::{Condvar, Mutex};
    include!(concat!(
        env!("OUT_DIR"),
        "/regions/examples/semaphore/semaphore.rs"
    ));
}

/// The same code with one bug each, made by build.rs; src/twins.rs says which.
mod missing_notify {
    use loom::sync::{Condvar, Mutex};
    include!(concat!(
        env!("OUT_DIR"),
        "/twins/semaphore/missing_notify.rs"
    ));
}
mod notify_first {
    use loom::sync::{Condvar, Mutex};
    include!(concat!(env!("OUT_DIR"), "/twins/semaphore/notify_first.rs"));
}
mod double_release {
    use loom::sync::{Condvar, Mutex};
    include!(concat!(
        env!("OUT_DIR"),
        "/twins/semaphore/double_release.rs"
    ));
}
mod if_not_while {
    use loom::sync::{Condvar, Mutex};
    include!(concat!(env!("OUT_DIR"), "/twins/semaphore/if_not_while.rs"));
}

/// What `contend` needs of a semaphore, so that it checks the real one and
/// its twins alike.
trait Limit: Send + Sync + 'static {
    fn with_permits(permits: usize) -> Self;
    fn hold(&self, work: impl FnOnce());
}

macro_rules! limit {
    ($($module:ident),*) => {$(
        impl Limit for $module::Semaphore {
            fn with_permits(permits: usize) -> Self {
                $module::Semaphore::new(permits)
            }
            fn hold(&self, work: impl FnOnce()) {
                let _permit = self.acquire();
                work();
            }
        }
    )*};
}

limit!(
    semaphore,
    missing_notify,
    notify_first,
    double_release,
    if_not_while
);

fn model(test: impl Fn() + Sync + Send + 'static) {
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = Some(3);
    builder.check(test);
}

/// Three threads share `permits` permits; checks that no more ever hold one
/// at once, and that every thread gets one in the end (no lost wake-up).
fn contend<S: Limit>(permits: usize) {
    model(move || {
        let semaphore = Arc::new(S::with_permits(permits));
        // A count of holders, read back only by the holder that changed it
        // (and after `join`): the semaphore orders the rest, so `Relaxed`.
        let holders = Arc::new(AtomicUsize::new(0));
        let use_once = {
            let (semaphore, holders) = (semaphore.clone(), holders.clone());
            move || {
                semaphore.hold(|| {
                    let now = holders.fetch_add(1, Ordering::Relaxed) + 1;
                    assert!(now <= permits, "{now} holders of {permits} permits");
                    holders.fetch_sub(1, Ordering::Relaxed);
                })
            }
        };
        let others: Vec<_> = (0..2).map(|_| thread::spawn(use_once.clone())).collect();
        use_once();
        for other in others {
            other.join().unwrap();
        }
        assert_eq!(holders.load(Ordering::Relaxed), 0);
    });
}

#[test]
fn semaphore_with_one_permit_is_a_mutex() {
    contend::<semaphore::Semaphore>(1);
}

#[test]
fn semaphore_with_two_permits_admits_two() {
    contend::<semaphore::Semaphore>(2);
}

/// Runs `check`, which must fail, and returns the message it failed with.
fn rejection(check: fn()) -> String {
    let failure = panic::catch_unwind(check)
        .expect_err("loom accepted a semaphore with a deliberate bug: the model check is vacuous");
    match (
        failure.downcast_ref::<String>(),
        failure.downcast_ref::<&str>(),
    ) {
        (Some(message), _) => message.clone(),
        (None, Some(message)) => message.to_string(),
        (None, None) => String::new(),
    }
}

#[test]
fn loom_rejects_a_release_that_notifies_nobody() {
    let why = rejection(|| contend::<missing_notify::Semaphore>(1));
    assert!(
        why.contains("deadlock"),
        "rejected, but not as a deadlock: {why}"
    );
}

#[test]
fn loom_rejects_a_notify_before_the_permit_is_back() {
    let why = rejection(|| contend::<notify_first::Semaphore>(1));
    assert!(
        why.contains("deadlock"),
        "rejected, but not as a deadlock: {why}"
    );
}

#[test]
fn loom_rejects_a_permit_given_back_twice() {
    let why = rejection(|| contend::<double_release::Semaphore>(1));
    assert!(
        why.contains("holders of 1 permits"),
        "rejected, but not for too many holders: {why}"
    );
}

/// loom never wakes a thread spuriously (tokio-rs/loom#1), but it does let a
/// newcomer take a returned permit before the woken thread gets the mutex
/// back; `while` is what sends that thread back to sleep.
#[test]
fn loom_rejects_if_instead_of_while() {
    let why = rejection(|| contend::<if_not_while::Semaphore>(1));
    // With overflow checks (debug builds) the count's `-= 1` panics first.
    assert!(
        why.contains("holders of 1 permits") || why.contains("overflow"),
        "rejected, but not for too many holders: {why}"
    );
}
