//! Model checks, with loom, of the hand-built thread pool of chapter 6
//! (`examples/thread_pool.rs`, the region between its `thread_pool` anchors).
//!
//! Contracts: every queued job runs exactly once and its result is
//! delivered; a job queued while the workers sleep wakes one of them (no lost
//! wake-up); dropping the pool joins every worker; a wake-up that finds the
//! queue empty sends the worker back to sleep.
//!
//! Each contract has a broken twin: the same code compiled against one
//! deliberately broken primitive (a `Condvar` that forgets a notification, a
//! queue that loses a job), which loom must reject. loom does not produce
//! spurious wake-ups by itself, so one test delivers a wake-up with an
//! empty queue on purpose.
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

/// A `Condvar` whose `notify_all` does nothing: `drop` sets the flag but
/// wakes nobody.
mod no_notify_all {
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
        fn notify_one(&self) {
            self.0.notify_one();
        }
        fn notify_all(&self) {}
    }

    include!(concat!(
        env!("OUT_DIR"),
        "/regions/examples/thread_pool/thread_pool.rs"
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

fn model(test: impl Fn() + Sync + Send + 'static) {
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = Some(3);
    builder.check(test);
}

/// Runs `test` under loom, which must reject it, and returns loom's (or
/// the test's) panic message.
fn model_rejects(test: impl Fn() + Sync + Send + 'static) -> String {
    // Keep the expected failure's report out of the test output.
    let hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| model(test)));
    panic::set_hook(hook);
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

#[test]
fn a_shutdown_without_notify_all_is_caught() {
    let failure = model_rejects(shutdown_joins_idle_workers!(no_notify_all));
    assert!(failure.contains("deadlock"), "{failure}");
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
