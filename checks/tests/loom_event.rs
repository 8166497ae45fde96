//! Model checks, with loom, of the `Event` that chapter 10 builds from a
//! `Mutex<bool>` and a `Condvar` (examples/prodcons.rs). loom runs each test
//! body under every interleaving of its threads (up to a bound), so a lost
//! wake-up shows up as a deadlock on every run rather than once in a while.
//!
//! Every contract has a broken twin: the real `wait` paired with a `set` that
//! has one deliberate bug. loom must reject each twin, which shows that the
//! model check can fail at all.
//!
//! What loom does not cover: it never wakes a `Condvar` waiter spuriously
//! (tokio-rs/loom#1), and its `wait_timeout` never times out. Turning the
//! `while` in `Event::wait` into an `if` passes every test here;
//! tests/event_wakeups.rs checks that loop with a condvar that does wake
//! spuriously.
//!
//! `RUSTFLAGS="--cfg loom" cargo test --release -p checks --test loom_event`
#![cfg(loom)]

use loom::thread;

/// The code between `// ANCHOR: event` lines of examples/prodcons.rs, and
/// the broken setters of the twins, which need its private fields.
mod event {
    use loom::sync::{Condvar, Mutex};
    use std::time::{Duration, Instant};
    include!(concat!(
        env!("OUT_DIR"),
        "/regions/examples/prodcons/event.rs"
    ));

    /// Broken: sets the flag but wakes nobody.
    pub fn set_without_notify(event: &Event) {
        *event.flag.lock().unwrap() = true;
    }

    /// Broken: wakes one waiter where there may be several.
    pub fn set_notify_one(event: &Event) {
        *event.flag.lock().unwrap() = true;
        event.changed.notify_one();
    }

    /// Broken: notifies before changing the flag, without holding the lock
    /// in between, so a waiter can check the old flag after the notify and
    /// sleep for good. (Notifying first while still holding the lock would
    /// be harmless: the waiter cannot look at the flag until it is released.)
    pub fn set_notify_first(event: &Event) {
        event.changed.notify_all();
        *event.flag.lock().unwrap() = true;
    }
}

use event::Event;

/// A new event for one execution. Leaked rather than shared through an
/// `Arc`: when loom stops a deadlocked execution, the blocked threads then
/// hold nothing that loom must drop (dropping a loom `Arc` at that point
/// panics inside a destructor, which aborts the test binary).
fn new_event() -> &'static Event {
    Box::leak(Box::new(Event::new()))
}

fn model(test: impl Fn() + Sync + Send + 'static) {
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = Some(3);
    builder.check(test);
}

/// One thread waits while another sets the event with `set`.
fn wait_while_another_thread_sets(set: fn(&Event)) {
    model(move || {
        let event = new_event();
        let setter = thread::spawn(move || set(event));
        event.wait();
        assert!(event.is_set());
        setter.join().unwrap();
    });
}

#[test]
fn event_wait_returns_once_set() {
    wait_while_another_thread_sets(Event::set);
}

#[test]
#[should_panic(expected = "deadlock")]
fn broken_twin_set_without_notify_loses_the_wake_up() {
    wait_while_another_thread_sets(event::set_without_notify);
}

/// Two threads wait while the main thread sets the event with `set`.
fn two_waiters(set: fn(&Event)) {
    model(move || {
        let event = new_event();
        let waiters: Vec<_> = (0..2).map(|_| thread::spawn(|| event.wait())).collect();
        set(event);
        for waiter in waiters {
            waiter.join().unwrap();
        }
    });
}

#[test]
fn event_wakes_every_waiter() {
    two_waiters(Event::set);
}

#[test]
#[should_panic(expected = "deadlock")]
fn broken_twin_notify_one_leaves_a_waiter_asleep() {
    two_waiters(event::set_notify_one);
}

/// One thread waits with a timeout while another sets the event with `set`.
/// loom does not model time: its `wait_timeout` never expires, so only the
/// set can end the wait, and a lost wake-up is a deadlock.
fn wait_timeout_while_another_thread_sets(set: fn(&Event)) {
    model(move || {
        let event = new_event();
        let setter = thread::spawn(move || set(event));
        assert!(event.wait_timeout(std::time::Duration::from_secs(1)));
        setter.join().unwrap();
    });
}

#[test]
fn event_wait_timeout_sees_a_set_flag() {
    wait_timeout_while_another_thread_sets(Event::set);
}

#[test]
#[should_panic(expected = "deadlock")]
fn broken_twin_notify_before_the_flag_loses_the_wake_up() {
    wait_timeout_while_another_thread_sets(event::set_notify_first);
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

/// Not a bug but the documented difference from Python: there, a waiter
/// woken by `set` returns even if `clear` follows at once. Here `wait` loops
/// on the flag, so in the interleavings where `clear` runs before the waiter
/// looks again, it goes back to sleep, and with nobody left to set the
/// event, loom reports a deadlock.
#[test]
#[should_panic(expected = "deadlock")]
fn set_then_clear_can_leave_a_waiter_waiting() {
    model(|| {
        let event = new_event();
        let pulser = thread::spawn(|| {
            event.set();
            event.clear();
        });
        event.wait();
        pulser.join().unwrap();
    });
}
