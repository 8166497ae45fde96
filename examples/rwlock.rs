//! `RwLock`: many readers at once or one writer, and the caveat of its docs:
//! a thread that takes a second read lock while a writer waits may deadlock.
//! Every wait here is bounded or ordered by a barrier, so the program never hangs.
use std::sync::{Barrier, RwLock, TryLockError};
use std::thread;
use std::time::{Duration, Instant};

use log::info;

fn main() {
    notes::init_logging();
    let prices = RwLock::new(vec![120, 80]);

    // ANCHOR: share
    // Two readers hold the read lock at once; the writer arrives in between.
    let both_reading = Barrier::new(3);
    let writer_tried = Barrier::new(3);
    thread::scope(|s| {
        for name in ["reader-1", "reader-2"] {
            let (prices, both_reading, writer_tried) = (&prices, &both_reading, &writer_tried);
            thread::Builder::new()
                .name(name.to_string())
                .spawn_scoped(s, move || {
                    let list = prices.read().unwrap();
                    info!("took the read lock: {list:?}");
                    both_reading.wait(); // both readers hold the read lock now
                    writer_tried.wait(); // ... and still hold it while the writer tries
                    thread::sleep(Duration::from_millis(50));
                    info!("releasing the read lock");
                })
                .unwrap();
        }
        thread::Builder::new()
            .name("writer".to_string())
            .spawn_scoped(s, || {
                both_reading.wait();
                let refused = matches!(prices.try_write(), Err(TryLockError::WouldBlock));
                info!("try_write while two read: refused = {refused}");
                assert!(refused);
                writer_tried.wait();
                info!("waiting to write");
                let mut list = prices.write().unwrap(); // blocks until both readers are done
                info!("took the write lock");
                list.push(95);
                info!("releasing the write lock: {list:?}");
            })
            .unwrap();
    });
    // ANCHOR_END: share
    assert_eq!(*prices.read().unwrap(), [120, 80, 95]);

    // ANCHOR: reenter
    // The docs' deadlock, probed without taking it: hold a read lock, let a
    // writer queue up behind it, then *try* to read again instead of `read()`.
    let first = prices.read().unwrap();
    info!("took the read lock");
    let second_read_refused = thread::scope(|s| {
        thread::Builder::new()
            .name("writer".to_string())
            .spawn_scoped(s, || {
                info!("waiting to write");
                let mut list = prices.write().unwrap(); // waits for `first` to go
                info!("took the write lock");
                list.push(60);
                info!("releasing the write lock: {list:?}");
            })
            .unwrap();
        // Whether a waiting writer turns readers away is up to the platform;
        // give it a bounded time to show, rather than blocking in `read()`.
        let deadline = Instant::now() + Duration::from_secs(5);
        let refused = loop {
            match prices.try_read() {
                Err(TryLockError::WouldBlock) => break true,
                Ok(_again) => {} // no writer waiting yet, or a platform that lets readers in
                Err(TryLockError::Poisoned(e)) => panic!("{e}"),
            }
            if Instant::now() > deadline {
                break false;
            }
            thread::sleep(Duration::from_millis(1));
        };
        info!("try_read while the writer waits: refused = {refused}");
        thread::sleep(Duration::from_millis(50)); // the writer waits all this time
        info!("releasing the read lock");
        drop(first); // now the writer can go; a blocking `read()` above would never return
        refused
    });
    // ANCHOR_END: reenter
    // std's futex-based RwLock (Linux) refuses new readers once a writer waits.
    if cfg!(target_os = "linux") {
        assert!(second_read_refused);
    }
    assert_eq!(*prices.read().unwrap(), [120, 80, 95, 60]);
}
