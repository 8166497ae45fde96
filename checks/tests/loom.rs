//! Model checks, with loom, of the primitives the examples build by hand:
//! the semaphore of chapter 7 and the event of chapter 10. loom runs each
//! test body under every interleaving of its threads (up to a bound), so a
//! lost wake-up shows up as a deadlock and an over-full semaphore as a
//! failed assertion, on every run rather than once in a while.
//!
//! `RUSTFLAGS="--cfg loom" cargo test --release --test loom`
#![cfg(loom)]

use loom::sync::Arc;
use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::thread;

/// The code between `// ANCHOR: semaphore` lines of examples/semaphore.rs.
mod semaphore {
    use loom::sync::{Condvar, Mutex};
    include!(concat!(
        env!("OUT_DIR"),
        "/regions/examples/semaphore/semaphore.rs"
    ));
}

/// The code between `// ANCHOR: event` lines of examples/prodcons.rs.
mod event {
    use loom::sync::{Condvar, Mutex};
    use std::time::{Duration, Instant};
    include!(concat!(
        env!("OUT_DIR"),
        "/regions/examples/prodcons/event.rs"
    ));
}

use event::Event;
use semaphore::Semaphore;

fn model(test: impl Fn() + Sync + Send + 'static) {
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = Some(3);
    builder.check(test);
}

/// Three threads share `permits` permits; checks no more ever hold one at
/// once, and that every thread gets one in the end (no lost wake-up).
fn contend(permits: usize) {
    model(move || {
        let semaphore = Arc::new(Semaphore::new(permits));
        let holders = Arc::new(AtomicUsize::new(0));
        let use_once = {
            let (semaphore, holders) = (semaphore.clone(), holders.clone());
            move || {
                let _permit = semaphore.acquire();
                let now = holders.fetch_add(1, Ordering::SeqCst) + 1;
                assert!(now <= permits, "{now} holders of {permits} permits");
                holders.fetch_sub(1, Ordering::SeqCst);
            }
        };
        let others: Vec<_> = (0..2).map(|_| thread::spawn(use_once.clone())).collect();
        use_once();
        for other in others {
            other.join().unwrap();
        }
        assert_eq!(holders.load(Ordering::SeqCst), 0);
    });
}

#[test]
fn semaphore_with_one_permit_is_a_mutex() {
    contend(1);
}

#[test]
fn semaphore_with_two_permits_admits_two() {
    contend(2);
}

fn set_on_another_thread(event: &Arc<Event>) -> thread::JoinHandle<()> {
    let event = event.clone();
    thread::spawn(move || event.set())
}

#[test]
fn event_wait_returns_once_set() {
    model(|| {
        let event = Arc::new(Event::new());
        let setter = set_on_another_thread(&event);
        event.wait();
        assert!(event.is_set());
        setter.join().unwrap();
    });
}

#[test]
fn event_wakes_every_waiter() {
    model(|| {
        let event = Arc::new(Event::new());
        let waiters: Vec<_> = (0..2)
            .map(|_| {
                let event = event.clone();
                thread::spawn(move || event.wait())
            })
            .collect();
        event.set();
        for waiter in waiters {
            waiter.join().unwrap();
        }
    });
}

#[test]
fn event_wait_timeout_sees_a_set_flag() {
    model(|| {
        let event = Arc::new(Event::new());
        let setter = set_on_another_thread(&event);
        // loom does not model time: this timeout never expires, only the set can end the wait.
        assert!(event.wait_timeout(std::time::Duration::from_secs(1)));
        setter.join().unwrap();
    });
}

#[test]
fn event_clear_resets_the_flag() {
    model(|| {
        let event = Event::new();
        event.set();
        event.clear();
        assert!(!event.is_set());
    });
}
