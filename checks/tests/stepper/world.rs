//! A `Mutex` and a `Condvar` for the stepper's loom models that block as
//! std's do, and turn "every thread is stuck" into an end state instead of
//! the end of the check.
//!
//! loom reports a deadlock by panicking, which ends the whole exploration
//! at the first stuck schedule: right for a test that expects one
//! (`#[should_panic(expected = "deadlock")]` in tests/loom_exercises.rs),
//! but a level's set of end states needs every schedule, the stuck ones and
//! the others. So here a thread that must block parks (loom's `park`),
//! beside a record of what it waits for. When a thread is about to park, or
//! ends, while every other unfinished thread waits for a lock that is held
//! or for a wake-up nobody has sent, the execution is deadlocked: the record
//! says so, every waiter is unparked, and each stuck thread unwinds (with a
//! `Stuck` payload, through `resume_unwind`, so without a panic message) to
//! its spawn wrapper, which swallows it. The execution then ends normally,
//! and loom goes on to the next schedule.
//!
//! What stays loom's: each lock is a loom atomic that every acquire
//! (`compare_exchange`) and release (`store`) goes through, and every wait
//! and notify takes the loom `Mutex` `GATE`. These are loom operations, the
//! points where loom may switch threads, on objects that tell loom which
//! steps of different threads depend on each other, so loom explores every
//! order of them, and with them every interleaving of the atomics and other
//! operations between them. What is this file's: who is blocked, and which
//! waiter a `notify_one` wakes: the oldest, as loom's own `Condvar` does
//! (std promises no order). Like loom, it never wakes a thread spuriously.
//! The record is a plain std `Mutex`, never held across a loom operation:
//! loom runs one thread at a time and switches only at its own operations,
//! so each update of the record happens in one step with the loom operation
//! before it. A lock that nobody waits for costs one loom operation to take
//! and one to let go, as loom's own `Mutex` does.
//!
//! Nothing here may be a loom operation while a thread unwinds: a switch to
//! another thread in the middle of an unwind would leave the one OS thread
//! that runs them all "panicking" for both, and a second unwind would abort
//! the process. So a guard dropped during the unwind keeps its lock (the
//! execution is over), and the models share their state through `&'static`
//! (leaked) values and std's `Arc`, never loom's `Arc`, whose drop is a loom
//! operation.
#![allow(dead_code)]

use std::cell::{Cell, UnsafeCell};
use std::collections::{HashSet, VecDeque};
use std::ops::{Deref, DerefMut};
use std::panic::{self, AssertUnwindSafe};
use std::sync::{LockResult, Mutex as StdMutex, MutexGuard as StdMutexGuard};

use loom::sync::atomic::AtomicBool;
use loom::sync::atomic::Ordering::{Acquire, Relaxed, Release};

loom::lazy_static! {
    /// Taken by every wait, from before it lets its lock go until it is a
    /// registered waiter, and by every notify: loom sees that they depend
    /// on each other, and no notify falls between the two halves of a wait.
    static ref GATE: loom::sync::Mutex<()> = loom::sync::Mutex::new(());
    /// Who holds which lock, who waits for what. Made anew for each execution.
    static ref RECORD: StdMutex<Record> = StdMutex::new(Record::default());
}

loom::thread_local! {
    /// The level thread running here (`None` in `main`, which only joins).
    static ME: Cell<Option<usize>> = Cell::new(None);
}

/// The payload a stuck thread unwinds with.
struct Stuck;

#[derive(Clone, Copy, PartialEq)]
enum Status {
    Running,
    /// Waits to lock the mutex with this id.
    OnMutex(usize),
    /// Waits in a condition variable with this ticket.
    OnCondvar(u64),
    Finished,
}

#[derive(Default)]
struct Record {
    threads: Vec<Status>,
    /// Each level thread, to unpark it.
    handles: Vec<Option<loom::thread::Thread>>,
    /// Whether each mutex is held.
    held: Vec<bool>,
    /// Each condition variable's waiters, oldest first.
    waiters: Vec<VecDeque<(u64, usize)>>,
    /// Tickets that a notify has woken, whose threads have not yet seen it.
    notified: HashSet<u64>,
    next_ticket: u64,
    deadlocked: bool,
}

impl Record {
    /// Whether every unfinished thread is blocked, and at least one is.
    fn everyone_stuck(&self) -> bool {
        let mut unfinished = self
            .threads
            .iter()
            .filter(|&&s| s != Status::Finished)
            .peekable();
        unfinished.peek().is_some()
            && unfinished.all(|s| match *s {
                Status::OnMutex(m) => self.held[m],
                Status::OnCondvar(t) => !self.notified.contains(&t),
                Status::Running | Status::Finished => false,
            })
    }

    /// Marks the execution deadlocked if it now is, and unparks every
    /// other thread to see it; returns whether it is.
    fn look_for_deadlock(&mut self) -> bool {
        if !self.deadlocked && self.everyone_stuck() {
            self.deadlocked = true;
            let me = ME.with(Cell::get);
            for (id, handle) in self.handles.iter().enumerate() {
                if Some(id) != me && self.threads[id] != Status::Finished {
                    handle.as_ref().unwrap().unpark();
                }
            }
        }
        self.deadlocked
    }

    fn set(&mut self, status: Status) {
        if let Some(me) = ME.with(Cell::get) {
            self.threads[me] = status;
        }
    }

    fn unpark(&self, thread: usize) {
        self.handles[thread].as_ref().unwrap().unpark();
    }
}

fn record() -> StdMutexGuard<'static, Record> {
    RECORD.lock().unwrap()
}

/// Ends the calling thread's part in a deadlocked execution.
fn stuck(record: StdMutexGuard<'static, Record>) -> ! {
    drop(record);
    panic::resume_unwind(Box::new(Stuck))
}

/// Spawns a thread of the level. `None` from its handle's `join` means it
/// was stuck in a deadlock. `main` joins every one before it reads the end
/// state, and asks `deadlocked` whether the execution was.
pub fn spawn<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> loom::thread::JoinHandle<Option<T>> {
    let id = {
        let mut record = record();
        record.threads.push(Status::Running);
        record.handles.push(None);
        record.threads.len() - 1
    };
    loom::thread::spawn(move || {
        ME.with(|me| me.set(Some(id)));
        record().handles[id] = Some(loom::thread::current());
        let outcome = match panic::catch_unwind(AssertUnwindSafe(f)) {
            Ok(value) => Some(value),
            Err(payload) if payload.is::<Stuck>() => None,
            Err(payload) => panic::resume_unwind(payload),
        };
        let mut record = record();
        record.threads[id] = Status::Finished;
        // The last thread that could have woken the others may have ended.
        record.look_for_deadlock();
        outcome
    })
}

/// Whether the execution deadlocked.
pub fn deadlocked() -> bool {
    record().deadlocked
}

/// A lock: `held` is the loom atomic every acquire and release goes
/// through; `data` is what it guards.
pub struct Mutex<T> {
    id: usize,
    held: AtomicBool,
    data: UnsafeCell<T>,
}

// SAFETY: `data` is reached only through a `MutexGuard`, and a guard exists
// only while its thread holds `held`, which one thread at a time can (the
// `compare_exchange` in `lock`), as with std's `Mutex<T: Send>`.
unsafe impl<T: Send> Sync for Mutex<T> {}

pub struct MutexGuard<'a, T> {
    mutex: &'a Mutex<T>,
    /// Cleared by `Condvar::wait`, which has let the lock go itself.
    holds: bool,
}

impl<T> Mutex<T> {
    pub fn new(value: T) -> Self {
        let mut record = record();
        record.held.push(false);
        Mutex {
            id: record.held.len() - 1,
            held: AtomicBool::new(false),
            data: UnsafeCell::new(value),
        }
    }

    /// Blocks until the lock is free, like std's; never poisoned.
    pub fn lock(&self) -> LockResult<MutexGuard<'_, T>> {
        loop {
            // A read-modify-write reads the latest value. Acquire: what the
            // last holder wrote is seen. (Not loom's `Mutex::try_lock`: loom
            // blocks a thread whose `try_lock` is pending when another thread
            // takes the lock. Not a `swap`: a failed one writes, and loom
            // may then order the holder's unlock before that write.)
            let taken = self
                .held
                .compare_exchange(false, true, Acquire, Relaxed)
                .is_ok();
            let mut record = record();
            if record.deadlocked {
                stuck(record);
            }
            if taken {
                record.held[self.id] = true;
                record.set(Status::Running);
                return Ok(MutexGuard {
                    mutex: self,
                    holds: true,
                });
            }
            record.set(Status::OnMutex(self.id));
            if record.look_for_deadlock() {
                stuck(record);
            }
            drop(record);
            // Until `unlock` (or a deadlock) unparks this thread.
            loom::thread::park();
        }
    }

    /// Lets the lock go, and unparks whoever waits for it.
    fn unlock(&self) {
        // Release: what this thread wrote is seen by the next holder.
        self.held.store(false, Release);
        let mut record = record();
        record.held[self.id] = false;
        for thread in 0..record.threads.len() {
            if record.threads[thread] == Status::OnMutex(self.id) {
                record.unpark(thread);
            }
        }
    }
}

impl<T> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        // A thread unwinding out of a deadlock keeps its locks: the
        // execution is over, and no loom operation may run now.
        if self.holds && !std::thread::panicking() {
            self.mutex.unlock();
        }
    }
}

impl<T> Deref for MutexGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: this thread holds the lock (see `Sync` above).
        unsafe { &*self.mutex.data.get() }
    }
}

impl<T> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: this thread holds the lock, and the guard is borrowed
        // mutably, so this is the only reference.
        unsafe { &mut *self.mutex.data.get() }
    }
}

pub struct Condvar {
    id: usize,
}

impl Default for Condvar {
    fn default() -> Self {
        Self::new()
    }
}

impl Condvar {
    pub fn new() -> Self {
        let mut record = record();
        record.waiters.push(VecDeque::new());
        Condvar {
            id: record.waiters.len() - 1,
        }
    }

    /// Lets the lock go and sleeps until notified, in one step as std's
    /// does (no notify can fall between); then takes the lock again.
    pub fn wait<'a, T>(&self, mut guard: MutexGuard<'a, T>) -> LockResult<MutexGuard<'a, T>> {
        let mutex = guard.mutex;
        let gate = GATE.lock().unwrap();
        guard.holds = false;
        drop(guard);
        mutex.unlock();
        // In the same step as the unlock: no thread sees one without the other.
        let ticket = {
            let mut record = record();
            let ticket = record.next_ticket;
            record.next_ticket += 1;
            let me = ME.with(Cell::get).expect("a level thread");
            record.waiters[self.id].push_back((ticket, me));
            record.set(Status::OnCondvar(ticket));
            ticket
        };
        drop(gate);
        loop {
            let mut record = record();
            if record.deadlocked {
                stuck(record);
            }
            if record.notified.remove(&ticket) {
                record.set(Status::Running);
                break;
            }
            if record.look_for_deadlock() {
                stuck(record);
            }
            drop(record);
            loom::thread::park();
        }
        mutex.lock()
    }

    /// Wakes the oldest waiter, if any.
    pub fn notify_one(&self) {
        self.notify(1);
    }

    pub fn notify_all(&self) {
        self.notify(usize::MAX);
    }

    fn notify(&self, how_many: usize) {
        let gate = GATE.lock().unwrap();
        let mut record = record();
        for _ in 0..how_many {
            let Some((ticket, thread)) = record.waiters[self.id].pop_front() else {
                break;
            };
            record.notified.insert(ticket);
            record.unpark(thread);
        }
        drop(record);
        drop(gate);
    }
}

/// crossbeam-channel's `bounded(capacity)`, by its contract, built from the
/// `Mutex` and `Condvar` above: loom has no model of crossbeam's lock-free
/// channel. `send` blocks while the queue is full and fails once the
/// receiver is gone; `recv` blocks while the queue is empty and fails once
/// it is empty and every sender is gone.
pub fn bounded<T>(capacity: usize) -> (Sender<T>, Receiver<T>) {
    let channel = std::sync::Arc::new(Channel {
        state: Mutex::new(ChannelState {
            items: VecDeque::new(),
            senders: 1,
            receiver: true,
        }),
        capacity,
        changed: Condvar::new(),
    });
    (Sender(channel.clone()), Receiver(channel))
}

/// Set once any `send` of any execution has waited on a full queue: std's
/// atomic, outside the model, for the test to ask after the exploration.
pub static A_SENDER_WAITED: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

struct Channel<T> {
    state: Mutex<ChannelState<T>>,
    capacity: usize,
    /// Every change wakes every waiter, who looks again.
    changed: Condvar,
}

struct ChannelState<T> {
    items: VecDeque<T>,
    senders: usize,
    receiver: bool,
}

pub struct Sender<T>(std::sync::Arc<Channel<T>>);
pub struct Receiver<T>(std::sync::Arc<Channel<T>>);

impl<T> Sender<T> {
    pub fn send(&self, item: T) -> Result<(), crossbeam_channel::SendError<T>> {
        let mut state = self.0.state.lock().unwrap();
        while state.receiver && state.items.len() == self.0.capacity {
            A_SENDER_WAITED.store(true, std::sync::atomic::Ordering::Relaxed);
            state = self.0.changed.wait(state).unwrap();
        }
        if !state.receiver {
            return Err(crossbeam_channel::SendError(item));
        }
        state.items.push_back(item);
        drop(state);
        self.0.changed.notify_all();
        Ok(())
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Self {
        self.0.state.lock().unwrap().senders += 1;
        Sender(self.0.clone())
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        // No loom operation in an unwind (see the top of this file).
        if std::thread::panicking() {
            return;
        }
        self.0.state.lock().unwrap().senders -= 1;
        self.0.changed.notify_all();
    }
}

impl<T> Receiver<T> {
    pub fn recv(&self) -> Result<T, crossbeam_channel::RecvError> {
        let mut state = self.0.state.lock().unwrap();
        loop {
            if let Some(item) = state.items.pop_front() {
                drop(state);
                self.0.changed.notify_all();
                return Ok(item);
            }
            if state.senders == 0 {
                return Err(crossbeam_channel::RecvError);
            }
            state = self.0.changed.wait(state).unwrap();
        }
    }

    pub fn len(&self) -> usize {
        self.0.state.lock().unwrap().items.len()
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        self.0.state.lock().unwrap().receiver = false;
        self.0.changed.notify_all();
    }
}
