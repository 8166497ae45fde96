//! The stepper's levels (`site/levels/ID.json`) checked against loom. For
//! each level, loom runs the Rust program the level mirrors, the very lines
//! the book shows wherever they can be compiled here, under every
//! interleaving of its threads; each execution ends in one end state, in the
//! level's words (`total=1`, `a=0 b=1`, `deadlock`). The set of them must
//! equal `outputs/levels/ID.ends`, which the engine's exhaustive enumeration
//! writes (`node site/levels/enumerate.mjs`). So a level whose steps do
//! something the program cannot, or miss something it can, fails here; so
//! does a program that changes under its level. Every level file must have a
//! model here, and every model a level.
//!
//! loom's set is the authority: when the two differ, the level is wrong, or
//! the model is not the program.
//!
//! A level leaves out what makes the example's bad schedule certain (the
//! barrier in `race`'s `work` and in `deadlock`'s jobs): in a level the
//! reader is the scheduler. Sleeps are no-ops: loom has no clock, and a
//! sleep changes nothing another thread can see. Threads that deadlock end
//! the execution as the state `deadlock` rather than loom's panic: see
//! `stepper/world.rs`, which also says which part of the blocking is its
//! own rather than loom's (who is stuck; which waiter a `notify_one` wakes,
//! the oldest). Like loom, it never wakes a thread spuriously, so no level
//! here can show what a spurious wake-up does.
//!
//! Every model but `bounded_queue` explores every interleaving (see
//! `MODELS`); the largest, `philosophers`, takes about 15,000 executions,
//! a few seconds in release.
//!
//! `RUSTFLAGS="--cfg loom" cargo test --release -p checks --test loom_levels`
#![cfg(loom)]

use std::collections::BTreeSet;
use std::fs;
use std::sync::{Arc, Mutex as StdMutex};

use checks::root;

#[path = "stepper/world.rs"]
mod world;

use world::spawn;

/// A value for one execution, shared by its threads as `&'static`: no
/// loom `Arc`, whose drop is a loom operation (see `stepper/world.rs`).
fn leak<T>(value: T) -> &'static T {
    Box::leak(Box::new(value))
}

/// Joins the level's threads; their results, or `None` if they deadlocked.
fn finish<T>(threads: Vec<loom::thread::JoinHandle<Option<T>>>) -> Option<Vec<T>> {
    let results: Vec<Option<T>> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    if world::deadlocked() {
        assert!(results.iter().any(Option::is_none));
        return None;
    }
    Some(results.into_iter().map(Option::unwrap).collect())
}

/// `done=1` when every thread ended, as the levels whose goal is a deadlock say it.
fn done_or_deadlock(threads: Vec<loom::thread::JoinHandle<Option<()>>>) -> String {
    match finish(threads) {
        Some(_) => "done=1".to_string(),
        None => "deadlock".to_string(),
    }
}

/// examples/race.rs: First and Second each make one update on a store at 0,
/// with nothing between read and write (the example's barrier in `work` is
/// what the reader does by hand); `main`'s third update is not in the level.
mod race {
    use super::{leak, spawn};
    use log::info;
    use loom::sync::atomic::{AtomicI32, Ordering};
    include!(concat!(env!("OUT_DIR"), "/regions/examples/race/store.rs"));

    pub fn level() -> String {
        let store = leak(Store {
            value: AtomicI32::new(0),
        });
        let threads = ["First", "Second"]
            .map(|_| spawn(move || store.update(|| {})))
            .into();
        super::finish(threads).unwrap();
        format!("total={}", store.value.load(Ordering::Relaxed))
    }
}

/// examples/lock_guard.rs, `update_with_drop` (the `explicit` anchor; the
/// `scoped` one must give the same set): First and Second each make one
/// update. The example runs three updates on a rayon pool, which loom cannot
/// model; two threads are the level's.
mod lock_guard {
    use super::{leak, spawn};
    use crate::world::Mutex;
    use log::info;
    use std::time::Duration;

    const WORK: Duration = Duration::from_millis(100);

    /// loom has no clock: a sleep is a no-op here.
    mod thread {
        pub fn sleep(_: std::time::Duration) {}
    }

    /// As in the example, where it sits outside every anchor.
    struct Store {
        value: Mutex<i32>,
    }

    // The regions are methods without their `impl` line: checks/src/level_programs.rs
    // adds it. `scoped` is shown on the same page; each must end as the level says.
    include!(concat!(env!("OUT_DIR"), "/levels/lock_guard_explicit.rs"));
    include!(concat!(env!("OUT_DIR"), "/levels/lock_guard_scoped.rs"));

    /// What the wrapped files must hold: the regions as the book shows them.
    pub const REGIONS: [(&str, &str); 2] = [
        (
            include_str!(concat!(env!("OUT_DIR"), "/levels/lock_guard_explicit.rs")),
            include_str!(concat!(
                env!("OUT_DIR"),
                "/regions/examples/lock_guard/explicit.rs"
            )),
        ),
        (
            include_str!(concat!(env!("OUT_DIR"), "/levels/lock_guard_scoped.rs")),
            include_str!(concat!(
                env!("OUT_DIR"),
                "/regions/examples/lock_guard/scoped.rs"
            )),
        ),
    ];

    fn two_updates(update: fn(&Store, &str)) -> String {
        let store = leak(Store {
            value: Mutex::new(0),
        });
        let threads = ["First", "Second"]
            .map(|name| spawn(move || update(store, name)))
            .into();
        super::finish(threads).unwrap();
        format!("total={}", *store.value.lock().unwrap())
    }

    pub fn level() -> String {
        two_updates(Store::update_with_drop)
    }

    pub fn scoped() -> String {
        two_updates(Store::update_in_block)
    }
}

/// Exercise 8's starter: desks A and B take one ticket each from a counter
/// at 0. The region comes from the copy in `checker/wrong/` (see
/// tests/loom_exercises.rs: a learner fixes the starter in place).
mod tickets {
    use super::{leak, spawn};
    use crate::world::Mutex;
    include!(concat!(
        env!("OUT_DIR"),
        "/regions/checker/wrong/ex08_tickets_starter/ticket.rs"
    ));

    pub fn level() -> String {
        let next = leak(Mutex::new(0));
        let threads = ["A", "B"].map(|_| spawn(move || take_ticket(next))).into();
        let tickets = super::finish(threads).unwrap();
        format!("a={} b={}", tickets[0], tickets[1])
    }
}

/// examples/deadlock.rs: the `Device` as the book shows it, and the jobs of
/// `opposite_order` (A: printer, then disk; B: disk, then printer) and of
/// `one_order` (both: printer, then disk). The jobs' bodies are copied from
/// those regions, which also hold `main`'s watchdog and logging, without the
/// barrier; `start`, which only spawns and reports on a channel, is left out.
mod deadlock {
    use super::spawn;
    use crate::world::{Mutex, MutexGuard};
    use log::info;
    // std's `Arc`, not loom's: see `leak`.
    use std::sync::Arc;
    include!(concat!(
        env!("OUT_DIR"),
        "/regions/examples/deadlock/device.rs"
    ));

    pub fn opposite_order() -> String {
        let (printer, disk) = (Device::new("printer"), Device::new("disk"));
        let threads = [(&printer, &disk), (&disk, &printer)]
            .map(|(first, second)| {
                let (first, second) = (first.clone(), second.clone());
                spawn(move || {
                    let _first = first.take();
                    let _second = second.take();
                })
            })
            .into();
        super::done_or_deadlock(threads)
    }

    pub fn one_order() -> String {
        let (printer, disk) = (Device::new("printer"), Device::new("disk"));
        let threads = ["A", "B"]
            .map(|_| {
                let (printer, disk) = (printer.clone(), disk.clone());
                spawn(move || {
                    let _printer = printer.take();
                    let _disk = disk.take();
                    info!("working");
                })
            })
            .into();
        super::done_or_deadlock(threads)
    }
}

/// Exercise 7's starter, three philosophers at a table of three forks,
/// each eating once.
mod philosophers {
    use super::{leak, spawn};
    use crate::world::Mutex;
    include!(concat!(
        env!("OUT_DIR"),
        "/regions/checker/wrong/ex07_philosophers_starter/table.rs"
    ));

    pub fn level() -> String {
        let forks: &'static Vec<Mutex<()>> = leak((0..3).map(|_| Mutex::new(())).collect());
        let threads = (0..3).map(|seat| spawn(move || eat(forks, seat))).collect();
        super::done_or_deadlock(threads)
    }
}

/// Exercise 10's solution with its `push` forgetting `not_empty.notify_one()`
/// (made from the region by checks/src/level_programs.rs), capacity 2 as in
/// the solution: a producer pushes one item, a consumer pops one.
mod lost_wakeup {
    use super::{leak, spawn};
    use crate::world::{Condvar, Mutex};
    use std::collections::VecDeque;

    // `len` is not part of the level.
    #[allow(dead_code)]
    mod queue {
        use super::{Condvar, Mutex, VecDeque};
        include!(concat!(env!("OUT_DIR"), "/levels/lost_wakeup.rs"));
        pub(super) struct Queue(BoundedQueue<usize>);
        impl Queue {
            pub(super) fn new(capacity: usize) -> Self {
                Queue(BoundedQueue::new(capacity))
            }
            pub(super) fn push(&self, item: usize) {
                self.0.push(item)
            }
            pub(super) fn pop(&self) -> usize {
                self.0.pop()
            }
        }
    }

    /// The twin must differ from the region it is made from (else
    /// checks/src/level_programs.rs no longer finds the line it removes).
    pub const TWIN: &str = include_str!(concat!(env!("OUT_DIR"), "/levels/lost_wakeup.rs"));
    pub const REGION: &str = include_str!(concat!(
        env!("OUT_DIR"),
        "/regions/exercises/examples/ex10_bounded_queue/queue.rs"
    ));

    pub fn level() -> String {
        let queue = leak(queue::Queue::new(2));
        let producer = spawn(move || {
            queue.push(0);
            0
        });
        let consumer = spawn(move || {
            queue.pop();
            1
        });
        match super::finish(vec![producer, consumer]) {
            Some(popped) => format!("consumed={}", popped[1]),
            None => "deadlock".to_string(),
        }
    }
}

/// examples/prodcons.rs, its `producer` and `consumer` regions, with a queue
/// of capacity 1 and two producers that each make one message. The example's
/// queue is crossbeam's bounded channel, which loom does not model: in its
/// place, `world::bounded` keeps crossbeam's contract (`send` blocks while the
/// queue is full, `recv` while it is empty and errs once it is empty and every
/// sender is gone) with a loom `Mutex` and `Condvar`; crossbeam's own,
/// lock-free steps are not what is checked. The level's stop event is set
/// just after each producer's first message, and the random delays and
/// message values change nothing the level observes.
mod bounded_queue {
    use super::spawn;
    use crate::world::{Receiver, Sender};
    use log::info;
    use std::time::Duration;

    mod thread {
        pub fn sleep(_: std::time::Duration) {}
    }

    /// `rand::rng()`: the lowest value of each range.
    mod rand {
        pub struct Network;
        pub fn rng() -> Network {
            Network
        }
        impl Network {
            pub fn random_range<T: Copy>(&mut self, range: std::ops::RangeInclusive<T>) -> T {
                *range.start()
            }
        }
    }

    /// The stop event, as the level has it: found set once a message is made.
    struct Event(std::cell::Cell<bool>);

    impl Event {
        fn is_set(&self) -> bool {
            self.0.replace(true)
        }
    }

    include!(concat!(
        env!("OUT_DIR"),
        "/regions/examples/prodcons/producer.rs"
    ));
    include!(concat!(
        env!("OUT_DIR"),
        "/regions/examples/prodcons/consumer.rs"
    ));

    pub fn level() -> String {
        let (sender, receiver) = crate::world::bounded(1);
        let producers: Vec<_> = [sender.clone(), sender]
            .into_iter()
            .map(|sender| {
                spawn(move || {
                    let stop = Event(std::cell::Cell::new(false));
                    produce(sender, &stop).len()
                })
            })
            .collect();
        let consumer = spawn(move || consume(receiver).len());
        let mut threads = producers;
        threads.push(consumer);
        let counts = super::finish(threads).unwrap();
        assert_eq!(counts, [1, 1, 2]);
        format!("consumed={}", counts[2])
    }
}

/// The tickets level on loom's own `Mutex` and on `stepper/world.rs`'s:
/// the two must reach the same end states, so the world's locks let loom
/// explore as much as loom's own do. (A model with condition variables,
/// the ex10 queue with two producers, was too slow to explore in full on
/// loom's own `Condvar` to be part of this test.)
macro_rules! on_both {
    ($name:ident, $mutex:ty) => {
        mod $name {
            use super::{leak, spawn};
            type Mutex<T> = $mutex;

            mod tickets {
                use super::Mutex;
                include!(concat!(
                    env!("OUT_DIR"),
                    "/regions/checker/wrong/ex08_tickets_starter/ticket.rs"
                ));
                pub(super) fn take(next: &Mutex<u64>) -> u64 {
                    take_ticket(next)
                }
            }

            pub fn tickets() -> String {
                let next = leak(Mutex::new(0));
                let threads = ["A", "B"]
                    .map(|_| spawn(move || tickets::take(next)))
                    .into();
                let tickets = super::finish(threads).unwrap();
                format!("a={} b={}", tickets[0], tickets[1])
            }
        }
    };
}
on_both!(on_loom, loom::sync::Mutex<T>);
on_both!(on_world, crate::world::Mutex<T>);

/// A model: one execution of the level's program, which returns its end state.
type Model = fn() -> String;

/// Each level's model, by the level's id, with its preemption bound.
///
/// Every model but one explores every interleaving. `bounded_queue`, with
/// three threads that each take the lock three or four times, would take
/// minutes; it explores every schedule with at most two preemptions (a
/// switch away from a thread that could go on: blocking is not one), about
/// 3,500 executions. What that leaves out cannot change its set: every
/// schedule of that program stores both messages (the consumer receives
/// until both senders are gone and the queue is empty), and the bounded run
/// holds schedules where a producer waits on the full queue (the test
/// asserts that too).
const MODELS: &[(&str, Model, Option<usize>)] = &[
    ("race", race::level, None),
    ("lock_guard", lock_guard::level, None),
    ("tickets", tickets::level, None),
    ("deadlock", deadlock::opposite_order, None),
    ("lock_order", deadlock::one_order, None),
    ("philosophers", philosophers::level, None),
    ("lost_wakeup", lost_wakeup::level, None),
    ("bounded_queue", bounded_queue::level, Some(2)),
];

/// Every end state the model reaches, as `.ends` has them: one a line, sorted.
fn ends(model: Model, preemption_bound: Option<usize>) -> String {
    let ends = Arc::new(StdMutex::new(BTreeSet::new()));
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = preemption_bound;
    {
        let ends = ends.clone();
        builder.check(move || {
            let end = model();
            ends.lock().unwrap().insert(end);
        });
    }
    let ends = ends.lock().unwrap();
    ends.iter().map(|end| format!("{end}\n")).collect()
}

fn check(id: &str) {
    let (_, model, bound) = MODELS
        .iter()
        .find(|(level, ..)| *level == id)
        .unwrap_or_else(|| panic!("no loom model for the level {id}"));
    let computed = ends(*model, *bound);
    let path = root().join(format!("outputs/levels/{id}.ends"));
    let enumerated = fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (node site/levels/enumerate.mjs)", path.display()));
    assert_eq!(
        enumerated,
        computed,
        "the level {id} (site/levels/{id}.json) ends as in {}, loom's model of its program \
         as on the right: the level is wrong, or its program changed",
        path.display()
    );
}

#[test]
fn every_level_has_a_model_and_every_model_a_level() {
    let levels: BTreeSet<String> = fs::read_dir(root().join("site/levels"))
        .unwrap()
        .filter_map(|entry| {
            let name = entry.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".json").map(str::to_string)
        })
        .collect();
    let models: BTreeSet<String> = MODELS.iter().map(|(id, ..)| id.to_string()).collect();
    assert_eq!(levels, models, "site/levels/*.json and MODELS");
}

#[test]
fn race() {
    check("race");
}

#[test]
fn lock_guard() {
    check("lock_guard");
}

#[test]
fn lock_guard_either_way() {
    for (wrapped, region) in lock_guard::REGIONS {
        assert!(wrapped.contains(region) && !region.is_empty());
    }
    assert_eq!(
        ends(lock_guard::scoped, None),
        ends(lock_guard::level, None)
    );
}

#[test]
fn the_worlds_locks_explore_what_looms_do() {
    let tickets = ends(on_loom::tickets, None);
    assert_eq!(tickets.lines().count(), 3);
    assert_eq!(ends(on_world::tickets, None), tickets);
}

#[test]
fn tickets() {
    check("tickets");
}

#[test]
fn deadlock() {
    check("deadlock");
}

#[test]
fn lock_order() {
    check("lock_order");
}

#[test]
fn philosophers() {
    check("philosophers");
}

#[test]
fn lost_wakeup() {
    assert!(
        lost_wakeup::TWIN != lost_wakeup::REGION,
        "checks/src/level_programs.rs: the line the level forgets is gone from ex10's `queue`"
    );
    check("lost_wakeup");
}

#[test]
fn bounded_queue() {
    check("bounded_queue");
    // The level's goal is in the bounded exploration (see `MODELS`).
    assert!(world::A_SENDER_WAITED.load(std::sync::atomic::Ordering::Relaxed));
}
