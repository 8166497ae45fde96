//! Model checks, with loom, of the hand-built thread pool of chapter 6
//! (`examples/thread_pool.rs`, the region between its `thread_pool` anchors).
//!
//! Contracts: every queued job runs exactly once and its result is
//! delivered; a job queued while the workers sleep wakes one of them (no lost
//! wake-up); dropping the pool joins every worker; a job that panics hands
//! the panic to its caller and leaves its worker alive for the next job; a
//! wake-up that finds the queue empty sends the worker back to sleep.
//!
//! Each contract has a broken twin, which loom must reject: the same code
//! compiled against one deliberately broken part (a `Condvar` that forgets a
//! notification, a queue that loses a job), or the region with one line
//! changed by `build.rs` (see `src/twins.rs`: a `drop` that calls
//! `notify_one` instead of `notify_all`, a job that does not catch the
//! panic). loom does not produce spurious wake-ups by itself, so one test
//! delivers a wake-up with an empty queue on purpose.
//!
//! What loom sees: the pool's `Mutex`, `Condvar` and threads. The result
//! channel is `std::sync::mpsc`, invisible to loom: a test reads it only
//! after `drop` has joined the workers, or with loom's own channel beside it.
//!
//! `RUSTFLAGS="--cfg loom" cargo test --release -p checks --test loom_pool`
#![cfg(loom)]

use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::sync::{Arc, mpsc};
use std::mem::ManuallyDrop;
use std::panic::{self, AssertUnwindSafe};

/// The pool as the book shows it, on loom's `Mutex`, `Condvar` and threads.
mod pool {
    use super::thread;
    use loom::sync::{Arc, Condvar, Mutex};
    use std::collections::VecDeque;
    use std::panic::{self, AssertUnwindSafe};
    use std::sync::mpsc::{self, Receiver};
    include!(concat!(
        env!("OUT_DIR"),
        "/regions/examples/thread_pool/thread_pool.rs"
    ));

    /// Wakes every idle worker although no job is queued.
    pub fn wake_for_nothing(pool: &ThreadPool) {
        pool.shared.job_ready.notify_all();
    }
}

/// A `Condvar` whose `notify_one` does nothing: `execute` forgets to wake a worker.
mod no_notify_one {
    #![allow(dead_code)] // each twin's tests use only part of it
    use super::thread;
    use loom::sync::{Arc, Mutex};
    use std::collections::VecDeque;
    use std::panic::{self, AssertUnwindSafe};
    use std::sync::mpsc::{self, Receiver};

    struct Condvar(loom::sync::Condvar);
    impl Condvar {
        fn new() -> Self {
            Condvar(loom::sync::Condvar::new())
        }
        fn wait<'a, T>(
            &self,
            guard: loom::sync::MutexGuard<'a, T>,
        ) -> std::sync::LockResult<loom::sync::MutexGuard<'a, T>> {
            self.0.wait(guard)
        }
        fn notify_one(&self) {}
        fn notify_all(&self) {
            self.0.notify_all();
        }
    }

    include!(concat!(
        env!("OUT_DIR"),
        "/regions/examples/thread_pool/thread_pool.rs"
    ));
}

/// `drop` wakes one worker with `notify_one` instead of all of them.
mod drop_notify_one {
    #![allow(dead_code)] // each twin's tests use only part of it
    use super::thread;
    use loom::sync::{Condvar, Mutex};
    // std's `Arc`, which loom does not track: when loom stops the deadlocked
    // execution, it unwinds the worker still asleep, and dropping that
    // worker's loom `Arc` then would panic during the unwinding and abort
    // the test binary. Counting references is not what this twin is about.
    use std::collections::VecDeque;
    use std::panic::{self, AssertUnwindSafe};
    use std::sync::Arc;
    use std::sync::mpsc::{self, Receiver};
    include!(concat!(
        env!("OUT_DIR"),
        "/twins/thread_pool/drop_notify_one.rs"
    ));
}

/// The job runs the task without `catch_unwind`: a panic ends the worker.
mod uncaught_panic {
    #![allow(dead_code, unused_imports)] // the twin no longer catches panics
    use super::thread;
    use loom::sync::{Arc, Condvar, Mutex};
    use std::collections::VecDeque;
    use std::panic::{self, AssertUnwindSafe};
    use std::sync::mpsc::{self, Receiver};
    include!(concat!(
        env!("OUT_DIR"),
        "/twins/thread_pool/uncaught_panic.rs"
    ));
}

/// A queue with room for one job, where a new job replaces a waiting one.
mod lossy_queue {
    #![allow(dead_code)] // each twin's tests use only part of it
    use super::thread;
    use loom::sync::{Arc, Condvar, Mutex};
    use std::panic::{self, AssertUnwindSafe};
    use std::sync::mpsc::{self, Receiver};

    struct VecDeque<T>(std::collections::VecDeque<T>);
    impl<T> VecDeque<T> {
        fn new() -> Self {
            VecDeque(std::collections::VecDeque::new())
        }
        fn push_back(&mut self, item: T) {
            self.0.clear();
            self.0.push_back(item);
        }
        fn pop_front(&mut self) -> Option<T> {
            self.0.pop_front()
        }
    }

    include!(concat!(
        env!("OUT_DIR"),
        "/regions/examples/thread_pool/thread_pool.rs"
    ));
}

/// loom's threads, plus the `thread::Result` alias that std's module has.
mod thread {
    pub use loom::thread::*;
    pub type Result<T> = std::thread::Result<T>;
}

thread_local! {
    /// Set while this test thread runs a model that loom must reject.
    static EXPECTING_FAILURE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// What the panicking jobs below panic with.
const JOB_PANIC: &str = "this job fails";

/// Installs, once for the whole test binary, a panic hook that keeps out of
/// the test output the panics a test expects: those of a model loom must
/// reject, and `JOB_PANIC`, which loom would otherwise print once for every
/// execution it explores. loom runs a model's threads on the test's own
/// thread, so a thread-local flag tells the tests apart. (Swapping hooks in
/// each test instead would race with the tests running beside it.)
fn quiet_panic_hook() {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let report = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let job_panic =
                info.payload().downcast_ref::<String>().map(String::as_str) == Some(JOB_PANIC);
            if !job_panic && !EXPECTING_FAILURE.with(std::cell::Cell::get) {
                report(info);
            }
        }));
    });
}

fn model(test: impl Fn() + Sync + Send + 'static) {
    quiet_panic_hook();
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = Some(3);
    builder.check(test);
}

/// Runs `test` under loom, which must reject it, and returns loom's (or
/// the test's) panic message.
fn model_rejects(test: impl Fn() + Sync + Send + 'static) -> String {
    EXPECTING_FAILURE.with(|expecting| expecting.set(true));
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| model(test)));
    EXPECTING_FAILURE.with(|expecting| expecting.set(false));
    let payload = outcome.expect_err("loom accepted the broken twin");
    match (
        payload.downcast_ref::<String>(),
        payload.downcast_ref::<&str>(),
    ) {
        (Some(message), _) => message.clone(),
        (None, Some(message)) => message.to_string(),
        (None, None) => String::new(),
    }
}

/// Two workers, two jobs, then the pool is dropped: each job must have run
/// exactly once, and its result must be waiting, by the time `drop` returns.
macro_rules! every_job_once {
    ($pool:path) => {
        || {
            use $pool as pool;
            let runs: Vec<_> = (0..2).map(|_| Arc::new(AtomicUsize::new(0))).collect();
            let thread_pool = pool::ThreadPool::new(2);
            let results: Vec<_> = runs
                .iter()
                .enumerate()
                .map(|(job, runs)| {
                    let runs = runs.clone();
                    thread_pool.execute(move || {
                        runs.fetch_add(1, Ordering::Relaxed);
                        job
                    })
                })
                .collect();
            drop(thread_pool);
            for (job, (runs, result)) in runs.iter().zip(results).enumerate() {
                assert_eq!(runs.load(Ordering::Relaxed), 1, "job {job} ran once");
                assert_eq!(result.try_recv().unwrap().unwrap(), job);
            }
        }
    };
}

/// A job queued while the pool lives must run without waiting for `drop`:
/// the test blocks (in loom's sense) until the job reports.
macro_rules! job_runs_before_shutdown {
    ($pool:path) => {
        || {
            use $pool as pool;
            // If loom finds the wait below stuck, the pool must not be
            // dropped while that failure unwinds: its `drop` would block again.
            let thread_pool = ManuallyDrop::new(pool::ThreadPool::new(2));
            let (done, ran) = mpsc::channel();
            let _result = thread_pool.execute(move || done.send(()).unwrap());
            ran.recv().unwrap();
            drop(ManuallyDrop::into_inner(thread_pool));
        }
    };
}

/// Dropping an idle pool must wake and join both workers.
macro_rules! shutdown_joins_idle_workers {
    ($pool:path) => {
        || {
            use $pool as pool;
            drop(pool::ThreadPool::new(2));
        }
    };
}

#[test]
fn every_job_runs_exactly_once_and_its_result_arrives() {
    model(every_job_once!(pool));
}

#[test]
fn a_queue_that_loses_jobs_is_caught() {
    let failure = model_rejects(every_job_once!(lossy_queue));
    assert!(
        failure.contains("ran once") || failure.contains("Disconnected"),
        "{failure}"
    );
}

#[test]
fn a_queued_job_wakes_a_sleeping_worker() {
    model(job_runs_before_shutdown!(pool));
}

#[test]
fn a_missing_notify_one_is_caught() {
    let failure = model_rejects(job_runs_before_shutdown!(no_notify_one));
    assert!(failure.contains("deadlock"), "{failure}");
}

#[test]
fn drop_joins_every_worker() {
    model(shutdown_joins_idle_workers!(pool));
}

/// The page's claim: with `notify_one` in `drop`, only one of two idle
/// workers wakes, and `drop` waits forever to join the other.
#[test]
fn a_shutdown_with_notify_one_is_caught() {
    let failure = model_rejects(shutdown_joins_idle_workers!(drop_notify_one));
    assert!(failure.contains("deadlock"), "{failure}");
}

/// One worker, a job that panics, then one that does not: the caller gets
/// the panic as an `Err`, the same worker runs the next job, and `drop`
/// joins it without a panic of its own.
macro_rules! a_panicking_job_spares_its_worker {
    ($pool:path) => {
        || {
            use $pool as pool;
            let thread_pool = pool::ThreadPool::new(1);
            let broken = thread_pool.execute(|| -> u8 { panic!("{}", JOB_PANIC) });
            let next = thread_pool.execute(|| 7_u8);
            drop(thread_pool);
            let payload = broken.try_recv().unwrap().unwrap_err();
            assert_eq!(payload.downcast_ref::<String>().unwrap(), JOB_PANIC);
            assert_eq!(next.try_recv().unwrap().unwrap(), 7);
        }
    };
}

#[test]
fn a_panicking_job_spares_its_worker() {
    model(a_panicking_job_spares_its_worker!(pool));
}

#[test]
fn a_panic_that_escapes_the_job_is_caught() {
    let failure = model_rejects(a_panicking_job_spares_its_worker!(uncaught_panic));
    assert!(failure.contains(JOB_PANIC), "{failure}");
}

/// loom never wakes a waiter spuriously, so this test does: a worker woken
/// with nothing to do must go back to waiting, not run a job that is not
/// there or quit; the job queued after it still runs.
#[test]
fn a_wake_up_with_an_empty_queue_is_harmless() {
    model(|| {
        let thread_pool = pool::ThreadPool::new(2);
        pool::wake_for_nothing(&thread_pool);
        let (done, ran) = mpsc::channel();
        let _result = thread_pool.execute(move || done.send(()).unwrap());
        ran.recv().unwrap();
        drop(thread_pool);
    });
}
