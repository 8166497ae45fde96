//! Deadlock, on purpose: two jobs take the printer and the disk in opposite
//! order. Each gives up after a while instead of hanging, so the program
//! can report the deadlock; then the same jobs run again with one lock order.
use std::sync::{Barrier, Mutex, MutexGuard, TryLockError};
use std::thread;
use std::time::{Duration, Instant};

use log::info;

/// How long a job waits for its second device before it calls it a deadlock.
const PATIENCE: Duration = Duration::from_millis(500);

/// A device that one job at a time may use.
struct Device {
    name: &'static str,
    in_use: Mutex<()>,
}

impl Device {
    const fn new(name: &'static str) -> Self {
        Device {
            name,
            in_use: Mutex::new(()),
        }
    }
}

#[derive(Debug, PartialEq)]
enum Outcome {
    Done,
    GaveUp,
}

// ANCHOR: job
/// Takes `first`, then `second`, then does its work. With `in_step`, the two
/// jobs meet after taking their first device, which makes the deadlock certain.
fn job(first: &Device, second: &Device, in_step: Option<&Barrier>) -> Outcome {
    let _first = first.in_use.lock().unwrap();
    info!("has the {}", first.name);
    if let Some(barrier) = in_step {
        barrier.wait();
    }
    info!("waiting for the {}", second.name);
    let outcome = match lock_within(&second.in_use, PATIENCE) {
        Some(_second) => {
            info!("has the {} too: working", second.name);
            Outcome::Done
        }
        None => {
            info!("gave up on the {} after {PATIENCE:?}", second.name);
            Outcome::GaveUp
        }
    };
    if let Some(barrier) = in_step {
        barrier.wait(); // keep holding `first` until the other job has given up too
    }
    outcome
}
// ANCHOR_END: job

// ANCHOR: lock_within
/// `lock()` waits forever; this waits at most `patience`.
fn lock_within<'a, T>(mutex: &'a Mutex<T>, patience: Duration) -> Option<MutexGuard<'a, T>> {
    let deadline = Instant::now() + patience;
    loop {
        match mutex.try_lock() {
            Ok(guard) => return Some(guard),
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                thread::sleep(Duration::from_millis(1))
            }
            Err(TryLockError::WouldBlock) => return None,
            Err(TryLockError::Poisoned(poisoned)) => return Some(poisoned.into_inner()),
        }
    }
}
// ANCHOR_END: lock_within

/// Runs two jobs, A and B, on their own threads and returns their outcomes.
fn run_jobs<'a>(
    a: [&'a Device; 2],
    b: [&'a Device; 2],
    in_step: Option<&'a Barrier>,
) -> [Outcome; 2] {
    thread::scope(|scope| {
        let jobs = [("A", a), ("B", b)].map(|(name, [first, second])| {
            let builder = thread::Builder::new().name(name.to_string());
            builder
                .spawn_scoped(scope, move || job(first, second, in_step))
                .unwrap()
        });
        jobs.map(|job| job.join().unwrap())
    })
}

fn main() {
    notes::init_logging();
    let printer = Device::new("printer");
    let disk = Device::new("disk");

    // ANCHOR: opposite_order
    info!("A takes the printer, then the disk; B takes the disk, then the printer");
    let both_hold_one = Barrier::new(2);
    let outcomes = run_jobs([&printer, &disk], [&disk, &printer], Some(&both_hold_one));
    assert_eq!(outcomes, [Outcome::GaveUp, Outcome::GaveUp]);
    info!("deadlock: each job held one device and waited for the other's");
    // ANCHOR_END: opposite_order

    // ANCHOR: one_order
    info!("again, with both taking the printer first");
    let outcomes = run_jobs([&printer, &disk], [&printer, &disk], None);
    assert_eq!(outcomes, [Outcome::Done, Outcome::Done]);
    info!("both jobs done");
    // ANCHOR_END: one_order
}
