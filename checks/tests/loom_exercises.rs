//! Model checks of the exercises' solutions, each beside a broken twin that
//! loom must reject, so that a check that could never fail cannot pass:
//! - chapter 7: three philosophers never deadlock with the solution's fork
//!   order; with the starter's order (left, then right) loom finds the deadlock;
//! - chapter 8: two threads never get the same ticket; the starter's two
//!   separate locks hand out a ticket twice;
//! - chapter 9: an audit always sees the whole amount, and the transfers
//!   finish; the starter's audit can see money in flight;
//! - chapter 10: the bounded queue never holds more than its capacity and
//!   delivers every item in order, to one consumer or to two, and nothing
//!   deadlocks; the starter's `push`, which never waits, overfills it; the
//!   same queue with a forgotten `notify_one`, or with one condition variable
//!   for both conditions, loses a wake-up, which loom reports as a deadlock.
//!   One condition variable fails only with two consumers: with one, at
//!   most one thread waits at a time (a test shows that too).
//! - chapter 11: two buyers never get the same seat, and the last seat goes
//!   to exactly one of them; the tempting fix that checks, then adds, in two
//!   steps sells it twice. (The starter's own bug, a `u8` that wraps after
//!   256 requests, is too many steps for a model: tests/exercise_twins.rs
//!   shows it.)
//! - chapter 12: `try_lock` never lets two threads hold the spin lock at
//!   once, and hands the value from one holder to the next; the starter's,
//!   which looks at the flag and then sets it, admits two holders, and a
//!   `compare_exchange` with `Relaxed` on success, one at a time, leaves
//!   the second holder's access to the value unordered after the first's.
//!
//! So each exercise's starter bug, put back into its solution, fails here;
//! tests/exercise_twins.rs does the same for the exercises without a model.
//! The starters' regions come from the copies in `checker/wrong/`, not from
//! `exercises/examples/`: a learner fixes the latter in place, and these
//! checks of the official material must not fail when they do.
//! checker/tests/kept.rs keeps the copies equal to the starters.
//!
//! Unlike the other `loom_*` files, this one is not `#![cfg(loom)]`: its
//! models are small enough to run in every `cargo test`, in a debug build,
//! in well under a second each. They explore every interleaving, not only
//! those with few thread switches, except the two-consumer models, which
//! are bounded to three preemptions there and explored in full under
//! `--cfg loom` (see `larger_model`).
//!
//! loom does not simulate spurious wake-ups, so it cannot show why
//! `BoundedQueue` re-checks its condition in a `while` loop after every
//! `wait`; nor can the stress runs of tests/exercises.rs, where std's
//! `Condvar` may wake spuriously but rarely does. That part rests on the
//! reasoning the page gives: a `wait` that returns proves nothing, so the
//! loop looks again.
//!
//! `cargo test -p checks --test loom_exercises`, or, in full and in release,
//! `RUSTFLAGS="--cfg loom" cargo test --release -p checks --test loom_exercises`

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
        "/regions/checker/wrong/ex07_philosophers_starter/table.rs"
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
        "/regions/checker/wrong/ex08_tickets_starter/ticket.rs"
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
            include!(concat!(env!("OUT_DIR"), "/regions/", $file, "/bank.rs"));
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
bank_module!(bank, "exercises/examples/ex09_bank");
bank_module!(bank_starter, "checker/wrong/ex09_bank_starter");

/// The chapter 10 queue (or its twin without a bound), with `Condvar`
/// standing for the type given: loom's, or one of the two broken ones below.
macro_rules! queue_module {
    ($name:ident, $condvar:ty, $file:literal) => {
        // The unbounded twin never reads `capacity` nor waits on `not_full`.
        #[allow(dead_code)]
        mod $name {
            use loom::sync::Mutex;
            use std::collections::VecDeque;
            type Condvar = $condvar;
            include!(concat!(env!("OUT_DIR"), $file));
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
queue_module!(
    queue,
    loom::sync::Condvar,
    "/regions/exercises/examples/ex10_bounded_queue/queue.rs"
);
// The starter's bug put back: `push` never waits for room (src/twins.rs).
queue_module!(
    queue_unbounded,
    loom::sync::Condvar,
    "/twins/ex10_bounded_queue/unbounded.rs"
);
queue_module!(
    queue_forgetful,
    crate::ForgetfulCondvar,
    "/regions/exercises/examples/ex10_bounded_queue/queue.rs"
);
queue_module!(
    queue_one_condvar,
    crate::OneCondvar,
    "/regions/exercises/examples/ex10_bounded_queue/queue.rs"
);

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

loom::lazy_static! {
    /// The one condition variable of an execution (loom makes it anew for each).
    static ref THE_CONDVAR: loom::sync::Condvar = loom::sync::Condvar::new();
}

/// Every `OneCondvar::new()` is the same condition variable: the queue's
/// `not_empty` and `not_full` become one, shared by both conditions, as in a
/// queue written with a single `Condvar` and `notify_one`.
struct OneCondvar;

impl OneCondvar {
    fn new() -> Self {
        OneCondvar
    }
    fn wait<'a, T>(
        &self,
        guard: loom::sync::MutexGuard<'a, T>,
    ) -> loom::sync::LockResult<loom::sync::MutexGuard<'a, T>> {
        THE_CONDVAR.wait(guard)
    }
    fn notify_one(&self) {
        THE_CONDVAR.notify_one()
    }
}

/// Every interleaving.
fn model(test: impl Fn() + Sync + Send + 'static) {
    check(None, test);
}

/// Every interleaving under `--cfg loom` (CI's loom step, in release); in an
/// ordinary `cargo test`, every interleaving with at most three preemptions.
/// For the models with two consumers, which take about a minute to explore
/// in full in a debug build, and about a second with the bound.
fn larger_model(test: impl Fn() + Sync + Send + 'static) {
    check(if cfg!(loom) { None } else { Some(3) }, test);
}

fn check(preemption_bound: Option<usize>, test: impl Fn() + Sync + Send + 'static) {
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = preemption_bound;
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

/// One producer pushes 0, 1, … into a queue of capacity 1, checking after
/// each push that the queue holds at most one item; each consumer pops as
/// many items as `$pops` says. Each consumer gets its items in order, and
/// together they get every item once.
macro_rules! through_the_queue {
    ($module:ident, $pops:expr) => {
        || {
            let pops: &[usize] = &$pops;
            let items = pops.iter().sum::<usize>();
            let queue = leak($module::Shared::new(1));
            let producer = thread::spawn(move || {
                for item in 0..items {
                    queue.push(item);
                    assert!(queue.len() <= 1, "more items than the capacity");
                }
            });
            // `main` is the first consumer: one thread fewer for loom to schedule.
            let others: Vec<_> = pops[1..]
                .iter()
                .map(|&n| thread::spawn(move || (0..n).map(|_| queue.pop()).collect::<Vec<_>>()))
                .collect();
            let mine: Vec<usize> = (0..pops[0]).map(|_| queue.pop()).collect();
            let theirs = others.into_iter().map(|other| other.join().unwrap());
            let mut received = Vec::new();
            for got in std::iter::once(mine).chain(theirs) {
                assert!(
                    got.is_sorted(),
                    "a consumer got items out of order: {got:?}"
                );
                received.extend(got);
            }
            producer.join().unwrap();
            received.sort();
            assert_eq!(received, (0..items).collect::<Vec<_>>());
        }
    };
}

#[test]
fn the_bounded_queue_holds_at_most_its_capacity_and_delivers_in_order() {
    model(through_the_queue!(queue, [2]));
}

#[test]
fn two_consumers_get_every_item_and_nothing_deadlocks() {
    larger_model(through_the_queue!(queue, [1, 1]));
}

#[test]
#[should_panic(expected = "more items than the capacity")]
fn the_starters_unbounded_push_overfills_the_queue() {
    model(through_the_queue!(queue_unbounded, [2]));
}

#[test]
#[should_panic(expected = "deadlock")]
fn a_forgotten_notify_loses_a_wake_up() {
    model(through_the_queue!(queue_forgetful, [2]));
}

/// With one consumer and capacity 1, at most one thread waits at a time, so
/// a wake-up always reaches a thread waiting for the right thing: this
/// model cannot tell one condition variable from two.
#[test]
fn one_consumer_cannot_tell_one_condvar_from_two() {
    model(through_the_queue!(queue_one_condvar, [2]));
}

/// With two consumers it can. Both wait on the empty queue; the producer's
/// first push wakes the first, and its second push finds the queue full and
/// waits behind the other consumer. The woken consumer pops, and its
/// `notify_one` wakes the oldest waiter, the other consumer, not the
/// producer; that consumer finds the queue empty and waits again. The
/// producer sleeps beside an empty queue, the consumer beside a producer
/// with an item to give: a lost wake-up.
#[test]
#[should_panic(expected = "deadlock")]
fn one_condvar_for_both_conditions_loses_a_wake_up() {
    larger_model(through_the_queue!(queue_one_condvar, [1, 1]));
}

/// Exercise 11's box office with one seat (`SEATS` is outside the region),
/// and two buyers who ask for it at once: what each got.
macro_rules! seats_module {
    ($name:ident, $file:literal) => {
        mod $name {
            use loom::sync::Arc;
            use loom::sync::atomic::{AtomicU8, Ordering};
            use loom::thread;
            const SEATS: u8 = 1;
            include!(concat!(env!("OUT_DIR"), $file));
            pub fn two_buyers() -> [Option<u8>; 2] {
                let office = Arc::new(BoxOffice {
                    next: AtomicU8::new(0),
                });
                let other = {
                    let office = office.clone();
                    thread::spawn(move || office.sell())
                };
                let mine = office.sell();
                [mine, other.join().unwrap()]
            }
        }
    };
}
seats_module!(
    seats,
    "/regions/exercises/examples/ex11_seats/box_office.rs"
);
// A plausible wrong fix: check, then add (src/twins.rs).
seats_module!(seats_check_then_add, "/twins/ex11_seats/check_then_add.rs");

fn one_seat_sold_once(two_buyers: fn() -> [Option<u8>; 2]) -> impl Fn() + Sync + Send + 'static {
    move || {
        let got = two_buyers();
        assert_eq!(
            got.iter().flatten().count(),
            1,
            "one seat sold twice: {got:?}"
        );
    }
}

#[test]
fn the_last_seat_is_sold_once() {
    model(one_seat_sold_once(seats::two_buyers));
}

#[test]
#[should_panic(expected = "one seat sold twice")]
fn check_then_add_sells_the_last_seat_twice() {
    model(one_seat_sold_once(seats_check_then_add::two_buyers));
}

/// Exercise 12's spin lock, `try_lock` and all, against loom's atomics, with
/// an `UnsafeCell` that records each access to the value: two threads call
/// `try_lock` at once, and each that gets the lock adds 1 to the value
/// through its guard. loom fails a run in which two of those accesses are
/// not ordered by a happens-before edge, so the model checks `try_lock`'s
/// `Acquire` as well as its mutual exclusion.
macro_rules! try_lock_module {
    ($name:ident, $file:literal) => {
        mod $name {
            use loom::hint;
            use loom::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
            use loom::thread;
            use std::marker::PhantomData;
            use std::ops::{Deref, DerefMut};

            /// std's `UnsafeCell`, as far as the lock uses it: each `get` is
            /// an access that loom records, now. The guard uses the pointer
            /// at once, never across another atomic operation.
            struct UnsafeCell<T>(loom::cell::UnsafeCell<T>);
            impl<T> UnsafeCell<T> {
                fn new(value: T) -> Self {
                    UnsafeCell(loom::cell::UnsafeCell::new(value))
                }
                fn get(&self) -> *mut T {
                    self.0.with_mut(|pointer| pointer)
                }
            }

            include!(concat!(env!("OUT_DIR"), $file));

            /// How many of the two tries got the lock.
            pub fn two_tries() -> usize {
                // Leaked, not shared through an `Arc`: see `leak`.
                let lock = crate::leak(SpinLock::new(0));
                let inside = crate::leak(AtomicUsize::new(0));
                let try_once = move || match lock.try_lock() {
                    Some(mut guard) => {
                        // Relaxed: a count of holders, and it must order
                        // nothing. With `AcqRel`, its own hand-over would
                        // order the holders' accesses to the value and hide
                        // a `try_lock` that does not.
                        let others = inside.fetch_add(1, Ordering::Relaxed);
                        assert_eq!(others, 0, "two holders at once");
                        *guard += 1;
                        inside.fetch_sub(1, Ordering::Relaxed);
                        1
                    }
                    None => 0,
                };
                let other = thread::spawn(try_once);
                let got = try_once() + other.join().unwrap();
                // After the join, no guard is left: `lock` takes it at once.
                // So no `swap` runs beside the guard's unlocking `store`, and
                // loom's mistake with that pair (tokio-rs/loom#254, worked
                // around in tests/loom_spin_lock.rs) cannot arise here; nor
                // with `try_lock`, whose failed `compare_exchange` writes
                // nothing.
                assert_eq!(*lock.lock(), got, "an increment was lost");
                got
            }
        }
    };
}
try_lock_module!(
    try_lock,
    "/regions/exercises/examples/ex12_try_lock/spin_lock.rs"
);
// The starter's bug put back: look, then set, in two steps (src/twins.rs).
try_lock_module!(
    try_lock_check_then_set,
    "/twins/ex12_try_lock/check_then_set.rs"
);
// One `compare_exchange`, but `Relaxed` on success (src/twins.rs).
try_lock_module!(
    try_lock_relaxed_success,
    "/twins/ex12_try_lock/relaxed_success.rs"
);

#[test]
fn try_lock_admits_one_holder_and_hands_the_value_over() {
    model(|| {
        let got = try_lock::two_tries();
        assert!(got >= 1, "both tries refused a lock that one left free");
    });
}

/// Two holders at once: either the count of holders sees both, or, when the
/// first has let go before the second counts itself, loom sees their
/// accesses to the value unordered. Which run loom meets first depends on
/// its search order, so either rejection will do.
#[test]
fn check_then_set_admits_two_holders() {
    let why = rejection(|| {
        try_lock_check_then_set::two_tries();
    });
    assert!(
        why.contains("two holders at once") || why.contains("Causality violation"),
        "rejected, but not for two holders: {why}"
    );
}

/// The `compare_exchange` still admits one holder at a time, but with
/// `Relaxed` on success the second holder's access to the value is not
/// ordered after the first holder's write.
#[test]
fn relaxed_on_success_does_not_hand_the_value_over() {
    let why = rejection(|| {
        try_lock_relaxed_success::two_tries();
    });
    assert!(
        why.contains("Causality violation"),
        "rejected, but not for an unordered access to the value: {why}"
    );
}

/// The message loom stops `test` with; fails if every interleaving passes.
fn rejection(test: impl Fn() + Sync + Send + 'static) -> String {
    let failure = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| model(test)))
        .expect_err("loom accepted a broken twin: the check is vacuous");
    match (
        failure.downcast_ref::<String>(),
        failure.downcast_ref::<&str>(),
    ) {
        (Some(message), _) => message.clone(),
        (None, Some(message)) => message.to_string(),
        (None, None) => String::new(),
    }
}
