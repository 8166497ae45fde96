//! Model checks of the exercises' solutions, each beside a broken twin that
//! loom must reject, so that a check that could never fail cannot pass:
//! - chapter 7: three philosophers never deadlock with the solution's fork
//!   order; with the starter's order (left, then right) loom finds the deadlock;
//! - chapter 8: two threads never get the same ticket; the starter's two
//!   separate locks hand out a ticket twice;
//! - chapter 9: an audit always sees the whole amount, and the transfers
//!   finish; the starter's audit can see money in flight;
//! - chapter 10: the bounded queue never holds more than its capacity and
//!   delivers every item in order; the same queue with a forgotten
//!   `notify_one` loses a wake-up, which loom reports as a deadlock.
//!
//! The models are small enough to explore without a preemption bound: every
//! interleaving, not only those with few thread switches.
//!
//! loom does not simulate spurious wake-ups, so it cannot show why
//! `BoundedQueue` re-checks its condition in a `while` loop after every
//! `wait`; nor can the stress runs of tests/exercises.rs, where std's
//! `Condvar` may wake spuriously but rarely does. That part rests on the
//! reasoning the page gives: a `wait` that returns proves nothing, so the
//! loop looks again.
//!
//! `RUSTFLAGS="--cfg loom" cargo test --release -p checks --test loom_exercises`
#![cfg(loom)]

use loom::sync::Arc;
use loom::thread;

mod philosophers {
    use loom::sync::Mutex;
    include!(concat!(
        env!("OUT_DIR"),
        "/regions/exercises/examples/ex07_philosophers/table.rs"
    ));
    pub fn dine(forks: &[Mutex<()>], seat: usize) {
        eat(forks, seat);
    }
}

mod philosophers_starter {
    use loom::sync::Mutex;
    include!(concat!(
        env!("OUT_DIR"),
        "/regions/exercises/examples/ex07_philosophers_starter/table.rs"
    ));
    pub fn dine(forks: &[Mutex<()>], seat: usize) {
        eat(forks, seat);
    }
}

mod tickets {
    use loom::sync::Mutex;
    include!(concat!(
        env!("OUT_DIR"),
        "/regions/exercises/examples/ex08_tickets/ticket.rs"
    ));
    pub fn take(next: &Mutex<u64>) -> u64 {
        take_ticket(next)
    }
}

mod tickets_starter {
    use loom::sync::Mutex;
    include!(concat!(
        env!("OUT_DIR"),
        "/regions/exercises/examples/ex08_tickets_starter/ticket.rs"
    ));
    pub fn take(next: &Mutex<u64>) -> u64 {
        take_ticket(next)
    }
}

/// The chapter 9 banks, each with `new`, `transfer` and `total` visible here.
macro_rules! bank_module {
    ($name:ident, $file:literal) => {
        mod $name {
            use loom::sync::Mutex;
            include!(concat!(
                env!("OUT_DIR"),
                "/regions/exercises/examples/",
                $file,
                "/bank.rs"
            ));
            pub struct Shared(Bank);
            impl Shared {
                pub fn new(balances: &[u64]) -> Self {
                    Shared(Bank {
                        accounts: balances.iter().map(|&b| Mutex::new(b)).collect(),
                    })
                }
                pub fn transfer(&self, from: usize, to: usize, amount: u64) -> bool {
                    self.0.transfer(from, to, amount)
                }
                pub fn total(&self) -> u64 {
                    self.0.total()
                }
            }
        }
    };
}
bank_module!(bank, "ex09_bank");
bank_module!(bank_starter, "ex09_bank_starter");

/// The chapter 10 queue, and the same lines with a `Condvar` whose
/// `notify_one` does nothing: the forgotten notify.
macro_rules! queue_module {
    ($name:ident, $condvar:ty) => {
        mod $name {
            use loom::sync::Mutex;
            use std::collections::VecDeque;
            type Condvar = $condvar;
            include!(concat!(
                env!("OUT_DIR"),
                "/regions/exercises/examples/ex10_bounded_queue/queue.rs"
            ));
            pub struct Shared(BoundedQueue<usize>);
            impl Shared {
                pub fn new(capacity: usize) -> Self {
                    Shared(BoundedQueue::new(capacity))
                }
                pub fn push(&self, item: usize) {
                    self.0.push(item)
                }
                pub fn pop(&self) -> usize {
                    self.0.pop()
                }
                pub fn len(&self) -> usize {
                    self.0.len()
                }
            }
        }
    };
}
queue_module!(queue, loom::sync::Condvar);
queue_module!(queue_forgetful, crate::ForgetfulCondvar);

/// A `Condvar` that forgets to notify.
struct ForgetfulCondvar(loom::sync::Condvar);

impl ForgetfulCondvar {
    fn new() -> Self {
        ForgetfulCondvar(loom::sync::Condvar::new())
    }
    fn wait<'a, T>(
        &self,
        guard: loom::sync::MutexGuard<'a, T>,
    ) -> loom::sync::LockResult<loom::sync::MutexGuard<'a, T>> {
        self.0.wait(guard)
    }
    fn notify_one(&self) {}
}

fn model(test: impl Fn() + Sync + Send + 'static) {
    let mut builder = loom::model::Builder::new();
    // No bound: every interleaving.
    builder.preemption_bound = None;
    builder.check(test);
}

/// A value for one execution, leaked rather than shared through an `Arc`:
/// when loom stops a deadlocked execution, the blocked threads then hold no
/// `Arc` that loom would have to drop (which would panic inside a destructor
/// and abort the test binary).
fn leak<T>(value: T) -> &'static T {
    Box::leak(Box::new(value))
}

macro_rules! dining {
    ($module:ident) => {
        || {
            use loom::sync::Mutex;
            let forks: &'static Vec<Mutex<()>> = leak((0..3).map(|_| Mutex::new(())).collect());
            let others: Vec<_> = (1..3)
                .map(|seat| thread::spawn(move || $module::dine(forks, seat)))
                .collect();
            $module::dine(forks, 0);
            for other in others {
                other.join().unwrap();
            }
        }
    };
}

#[test]
fn three_philosophers_never_deadlock() {
    model(dining!(philosophers));
}

#[test]
#[should_panic(expected = "deadlock")]
fn the_starter_philosophers_can_deadlock() {
    model(dining!(philosophers_starter));
}

macro_rules! two_tickets {
    ($module:ident) => {
        || {
            let next = Arc::new(loom::sync::Mutex::new(0));
            let other = {
                let next = next.clone();
                thread::spawn(move || $module::take(&next))
            };
            let mine = $module::take(&next);
            let theirs = other.join().unwrap();
            assert_ne!(mine, theirs, "the same ticket twice");
            assert_eq!(*next.lock().unwrap(), 2);
        }
    };
}

#[test]
fn tickets_are_never_handed_out_twice() {
    model(two_tickets!(tickets));
}

#[test]
#[should_panic(expected = "the same ticket twice")]
fn the_starter_hands_out_a_ticket_twice() {
    model(two_tickets!(tickets_starter));
}

macro_rules! audited_transfers {
    ($module:ident) => {
        || {
            let bank = Arc::new($module::Shared::new(&[100, 100]));
            let transfers: Vec<_> = [(0, 1, 30), (1, 0, 50)]
                .into_iter()
                .map(|(from, to, amount)| {
                    let bank = bank.clone();
                    thread::spawn(move || assert!(bank.transfer(from, to, amount)))
                })
                .collect();
            assert_eq!(bank.total(), 200, "an audit saw money in flight");
            for transfer in transfers {
                transfer.join().unwrap();
            }
            assert_eq!(bank.total(), 200);
        }
    };
}

#[test]
fn transfers_keep_the_total_and_never_deadlock() {
    model(audited_transfers!(bank));
}

#[test]
#[should_panic(expected = "money in flight")]
fn the_starter_bank_shows_money_in_flight() {
    model(audited_transfers!(bank_starter));
}

macro_rules! through_the_queue {
    ($module:ident) => {
        || {
            let queue = leak($module::Shared::new(1));
            let producer = {
                thread::spawn(move || {
                    for item in 0..2 {
                        queue.push(item);
                        assert!(queue.len() <= 1, "more items than the capacity");
                    }
                })
            };
            assert_eq!([queue.pop(), queue.pop()], [0, 1]);
            producer.join().unwrap();
        }
    };
}

#[test]
fn the_bounded_queue_holds_at_most_its_capacity_and_delivers_in_order() {
    model(through_the_queue!(queue));
}

#[test]
#[should_panic(expected = "deadlock")]
fn a_forgotten_notify_loses_a_wake_up() {
    model(through_the_queue!(queue_forgetful));
}
