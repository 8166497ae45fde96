//! A deadlock that really happens: jobs A and B take the printer and the disk
//! in opposite order and block in `lock` for good. `main` waits for them only
//! so long, reports the deadlock and leaves them stuck; then two new jobs take
//! a fresh printer and disk in one order and finish.
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Barrier, Mutex, MutexGuard};
use std::thread;
use std::time::Duration;

use log::info;

/// How long `main` waits for the jobs before it calls it a deadlock.
const PATIENCE: Duration = Duration::from_millis(500);

// ANCHOR: device
/// A device that one job at a time may use.
struct Device {
    name: &'static str,
    in_use: Mutex<()>,
}

impl Device {
    fn new(name: &'static str) -> Arc<Device> {
        Arc::new(Device {
            name,
            in_use: Mutex::new(()),
        })
    }

    /// Waits, with a plain `lock`, for as long as it takes.
    fn take(&self) -> InUse<'_> {
        info!("waiting for the {}", self.name);
        let guard = self.in_use.lock().unwrap();
        info!("has the {}", self.name);
        InUse {
            device: self,
            _guard: guard,
        }
    }
}

/// The device stays in use until this is dropped; the mutex guard inside
/// unlocks it right after `drop` below has said so.
struct InUse<'a> {
    device: &'a Device,
    _guard: MutexGuard<'a, ()>,
}

impl Drop for InUse<'_> {
    fn drop(&mut self) {
        info!("releasing the {}", self.device.name);
    }
}
// ANCHOR_END: device

// ANCHOR: start
/// Runs `job` on a new thread called `name`, which sends `name` on `done` when
/// the job is over. Nobody joins the thread: a job that never ends leaves its
/// thread blocked until the process exits.
fn start(name: &'static str, done: &Sender<&'static str>, job: impl FnOnce() + Send + 'static) {
    let done = done.clone();
    thread::Builder::new()
        .name(name.to_string())
        .spawn(move || {
            job();
            done.send(name).unwrap();
        })
        .unwrap();
}
// ANCHOR_END: start

fn main() {
    notes::init_logging();

    // ANCHOR: opposite_order
    info!("A takes the printer, then the disk; B takes the disk, then the printer");
    let (printer, disk) = (Device::new("printer"), Device::new("disk"));
    // A, B and main meet here once each job holds its first device: on every
    // run, both hold one before either asks for the other.
    let both_hold_one = Arc::new(Barrier::new(3));
    let (done, finished) = mpsc::channel();
    for (name, first, second) in [("A", &printer, &disk), ("B", &disk, &printer)] {
        let (first, second) = (first.clone(), second.clone());
        let both_hold_one = both_hold_one.clone();
        start(name, &done, move || {
            let _first = first.take();
            both_hold_one.wait();
            let _second = second.take(); // never returns
        });
    }
    both_hold_one.wait();
    let outcome = finished.recv_timeout(PATIENCE);
    assert_eq!(outcome, Err(RecvTimeoutError::Timeout));
    info!("no job done after {PATIENCE:?}: deadlock; A and B stay stuck");
    // ANCHOR_END: opposite_order

    // ANCHOR: one_order
    info!("again on a fresh printer and disk, both jobs taking the printer first");
    let (printer, disk) = (Device::new("printer"), Device::new("disk"));
    let (done, finished) = mpsc::channel();
    for name in ["A", "B"] {
        let (printer, disk) = (printer.clone(), disk.clone());
        start(name, &done, move || {
            let _printer = printer.take();
            let _disk = disk.take();
            info!("working");
        });
    }
    let mut done_jobs: Vec<_> = (0..2)
        .map_while(|_| finished.recv_timeout(PATIENCE).ok())
        .collect();
    done_jobs.sort();
    assert_eq!(done_jobs, ["A", "B"]);
    info!("both jobs done");
    // ANCHOR_END: one_order
}
