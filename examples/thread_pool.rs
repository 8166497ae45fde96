//! A thread pool built by hand: a queue of boxed jobs behind a `Mutex`, a
//! `Condvar` that wakes idle workers, results sent back to the caller, panics
//! caught, and every worker joined on `Drop`.
use std::collections::VecDeque;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

use log::info;

// ANCHOR: thread_pool
// ANCHOR: types
type Job = Box<dyn FnOnce() + Send>;

struct Queue {
    jobs: VecDeque<Job>,
    closed: bool,
}

struct Shared {
    queue: Mutex<Queue>,
    job_ready: Condvar,
}

pub struct ThreadPool {
    shared: Arc<Shared>,
    workers: Vec<thread::JoinHandle<()>>,
}
// ANCHOR_END: types

// ANCHOR: new
impl ThreadPool {
    pub fn new(size: usize) -> Self {
        let shared = Arc::new(Shared {
            queue: Mutex::new(Queue {
                jobs: VecDeque::new(),
                closed: false,
            }),
            job_ready: Condvar::new(),
        });
        let workers = (0..size)
            .map(|number| {
                let shared = shared.clone();
                thread::Builder::new()
                    .name(format!("worker-{number}"))
                    .spawn(move || work(&shared))
                    .unwrap()
            })
            .collect();
        ThreadPool { shared, workers }
    }
}
// ANCHOR_END: new

// ANCHOR: execute
impl ThreadPool {
    /// Queues `task` and returns a receiver for its outcome: the value it
    /// returned, or the panic that stopped it.
    pub fn execute<T: Send + 'static>(
        &self,
        task: impl FnOnce() -> T + Send + 'static,
    ) -> Receiver<thread::Result<T>> {
        let (outcome, result) = mpsc::sync_channel(1);
        let job = Box::new(move || {
            // The worker survives; unwind safety is advisory, and a Mutex the task shares poisons.
            let _ = outcome.send(panic::catch_unwind(AssertUnwindSafe(task)));
        });
        self.shared.queue.lock().unwrap().jobs.push_back(job);
        self.shared.job_ready.notify_one();
        result
    }
}
// ANCHOR_END: execute

// ANCHOR: work
fn work(shared: &Shared) {
    loop {
        let job = {
            let mut queue = shared.queue.lock().unwrap();
            loop {
                if let Some(job) = queue.jobs.pop_front() {
                    break job;
                }
                if queue.closed {
                    return;
                }
                queue = shared.job_ready.wait(queue).unwrap();
            }
        }; // the lock is released here, before the job runs
        job();
    }
}
// ANCHOR_END: work

// ANCHOR: drop
impl Drop for ThreadPool {
    /// Lets the workers finish every queued job, then joins them.
    fn drop(&mut self) {
        self.shared.queue.lock().unwrap().closed = true;
        self.shared.job_ready.notify_all();
        for worker in self.workers.drain(..) {
            worker.join().unwrap();
        }
    }
}
// ANCHOR_END: drop
// ANCHOR_END: thread_pool

fn main() {
    notes::init_logging();

    // ANCHOR: main
    let pool = ThreadPool::new(2);
    let squares: Vec<_> = (1..=4)
        .map(|n| {
            pool.execute(move || {
                info!("squaring {n}");
                thread::sleep(Duration::from_millis(50));
                n * n
            })
        })
        .collect();
    let broken = pool.execute(|| -> u64 { panic!("this job fails") });
    let late = pool.execute(|| info!("queued before the pool was dropped"));

    let squares: Vec<u64> = squares
        .into_iter()
        .map(|square| square.recv().unwrap().expect("a square"))
        .collect();
    info!("squares: {squares:?}");
    let failure = broken.recv().unwrap().unwrap_err();
    info!(
        "the failing job: {}",
        failure.downcast_ref::<&str>().unwrap()
    );

    drop(pool); // waits for the queue to drain and joins both workers
    info!("pool dropped, every worker joined");
    // The last job ran before drop returned: its outcome is already there.
    assert!(late.try_recv().unwrap().is_ok());
    // ANCHOR_END: main
    assert_eq!(squares, [1, 4, 9, 16]);
}
