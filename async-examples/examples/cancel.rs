//! Two ways to stop caring about a tokio task: drop its `JoinHandle`, and the
//! task runs on, detached; call `abort()`, and it is cancelled at its next
//! `.await`, its future dropped there with everything it holds.
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use log::info;
use tokio::sync::oneshot;
use tokio::time::sleep;

const STEP: Duration = Duration::from_millis(50);

/// Set by `main` right after it calls `abort()`.
static ABORT_CALLED: AtomicBool = AtomicBool::new(false);

/// Logs when the task's future is dropped, finished or not: the place for
/// clean-up in Rust, where Python would use `finally`.
struct Cleanup(&'static str);

impl Drop for Cleanup {
    fn drop(&mut self) {
        info!("{}: dropped, its clean-up runs", self.0);
    }
}

fn main() {
    notes::init_logging();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("worker")
        .enable_time()
        .build()
        .unwrap();

    runtime.block_on(async {
        // ANCHOR: detach
        let (done, finished) = oneshot::channel();
        let handle = tokio::spawn(async move {
            let _cleanup = Cleanup("detached");
            for step in 1..=3 {
                sleep(STEP).await;
                info!("detached: step {step}");
            }
            done.send(()).unwrap();
        });
        drop(handle); // no way to await it or abort it any more; it runs on
        info!("dropped the JoinHandle");
        finished.await.unwrap();
        info!("the detached task finished all its steps");
        // ANCHOR_END: detach

        // ANCHOR: abort
        let (reached, step_two) = oneshot::channel();
        let handle = tokio::spawn(async move {
            let _cleanup = Cleanup("aborted");
            for step in 1..=2 {
                sleep(STEP).await;
                info!("aborted: step {step}");
            }
            reached.send(()).unwrap();
            // Work with no `.await` in it, which abort() cannot stop: it waits
            // (blocking, bounded) until abort() has been called, then works on.
            let deadline = Instant::now() + Duration::from_secs(10);
            while !ABORT_CALLED.load(Ordering::Relaxed) {
                assert!(Instant::now() < deadline, "abort() was never called");
                std::thread::sleep(Duration::from_millis(1));
            }
            std::thread::sleep(STEP); // stands in for 50 ms of computation
            info!("aborted: step 3, after abort() was called");
            sleep(Duration::from_secs(10)).await; // the next `.await`: cancelled here
            info!("aborted: step 4"); // never printed
        });
        step_two.await.unwrap();
        handle.abort();
        ABORT_CALLED.store(true, Ordering::Relaxed); // a flag with no data behind it: Relaxed
        info!("abort() returned");
        let error = handle.await.unwrap_err();
        info!("the task ended with \"{error}\"");
        assert!(error.is_cancelled());
        // ANCHOR_END: abort
    });
}
