//! A counting semaphore built from a `Mutex` and a `Condvar`: ten workers
//! share a pool of three database connections.
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Barrier, Condvar, Mutex};
use std::thread;
use std::time::Duration;

use log::info;

// ANCHOR: semaphore
/// At most `permits` holders at a time; everyone else waits in `acquire`.
pub struct Semaphore {
    available: Mutex<usize>,
    returned: Condvar,
}

impl Semaphore {
    pub fn new(permits: usize) -> Self {
        Semaphore {
            available: Mutex::new(permits),
            returned: Condvar::new(),
        }
    }

    /// Waits for a permit. The permit goes back when the guard is dropped.
    pub fn acquire(&self) -> Permit<'_> {
        let mut available = self.available.lock().unwrap();
        while *available == 0 {
            available = self.returned.wait(available).unwrap();
        }
        *available -= 1;
        Permit { semaphore: self }
    }
}

/// Proof of holding a permit; dropping it releases the permit.
pub struct Permit<'a> {
    semaphore: &'a Semaphore,
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        *self.semaphore.available.lock().unwrap() += 1;
        self.semaphore.returned.notify_one();
    }
}
// ANCHOR_END: semaphore

const WORKERS: usize = 10;
const CONNECTIONS: usize = 3;
const QUERY_TIME: Duration = Duration::from_millis(100);

fn main() {
    notes::init_logging();

    // ANCHOR: workers
    let connections = Semaphore::new(CONNECTIONS);
    let in_use = AtomicUsize::new(0);
    let most_in_use = AtomicUsize::new(0);
    let first_wave = Barrier::new(CONNECTIONS);
    let connected = AtomicUsize::new(0);

    thread::scope(|scope| {
        for number in 0..WORKERS {
            let worker = thread::Builder::new().name(format!("worker-{number}"));
            worker
                .spawn_scoped(scope, || {
                    let _connection = connections.acquire();
                    let now_in_use = in_use.fetch_add(1, Ordering::Relaxed) + 1;
                    most_in_use.fetch_max(now_in_use, Ordering::Relaxed);
                    info!("connected ({now_in_use} in use)");
                    // The first three wait for one another, so every run shows a full pool.
                    if connected.fetch_add(1, Ordering::Relaxed) < CONNECTIONS {
                        first_wave.wait();
                    }
                    thread::sleep(QUERY_TIME);
                    in_use.fetch_sub(1, Ordering::Relaxed);
                    info!("done, disconnecting");
                })
                .unwrap();
        }
    });

    let most_in_use = most_in_use.into_inner();
    info!("at most {most_in_use} of {WORKERS} workers held a connection at once");
    assert_eq!(most_in_use, CONNECTIONS);
    // ANCHOR_END: workers
}
