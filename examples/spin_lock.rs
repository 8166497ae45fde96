//! A spin lock built from an `AtomicBool` and an `UnsafeCell`: it keeps four
//! threads' updates apart, and then, beside std's `Mutex`, shows what a
//! waiter costs: the spinning one runs on a CPU for as long as it waits, the
//! sleeping one hardly at all.
use std::cell::UnsafeCell;
use std::hint;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicBool, Ordering};

// ANCHOR: spin_lock
/// A lock whose waiters never sleep: they try again and again until it is free.
pub struct SpinLock<T> {
    locked: AtomicBool,
    value: UnsafeCell<T>,
}

// SAFETY: the value is reached only through a `Guard`, and `locked` lets one
// `Guard` exist at a time, so no two threads ever touch the value at once.
// The value does move from thread to thread with the lock, so `T: Send`.
unsafe impl<T: Send> Sync for SpinLock<T> {}

impl<T> SpinLock<T> {
    pub fn new(value: T) -> Self {
        SpinLock {
            locked: AtomicBool::new(false),
            value: UnsafeCell::new(value),
        }
    }

    /// Waits, on the CPU, until the lock is free, then takes it.
    pub fn lock(&self) -> Guard<'_, T> {
        // Acquire: pairs with the Release in `Guard::drop`, so this thread
        // sees every write the previous holder made to the value.
        while self.locked.swap(true, Ordering::Acquire) {
            hint::spin_loop();
        }
        Guard {
            lock: self,
            _value: PhantomData,
        }
    }
}

/// Proof of holding the lock: the only way to the value. Dropping it unlocks.
pub struct Guard<'a, T> {
    lock: &'a SpinLock<T>,
    /// Makes the guard `Sync` only if `T` is: two threads that share a
    /// `&Guard` both reach a `&T` through it.
    _value: PhantomData<&'a mut T>,
}

impl<T> Deref for Guard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: this guard exists, so this thread holds the lock, and no
        // other thread can reach the value until the guard is dropped.
        unsafe { &*self.lock.value.get() }
    }
}

impl<T> DerefMut for Guard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as in `deref`; and `&mut self` means no other reference
        // to the value made through this guard is alive.
        unsafe { &mut *self.lock.value.get() }
    }
}

impl<T> Drop for Guard<'_, T> {
    fn drop(&mut self) {
        // Release: makes this holder's writes to the value visible to the
        // next thread that takes the lock with Acquire.
        self.lock.locked.store(false, Ordering::Release);
    }
}
// ANCHOR_END: spin_lock

const THREADS: u64 = 4;
const ADDS: u64 = 10_000;
const HOLD: std::time::Duration = std::time::Duration::from_millis(100);

/// A duration in milliseconds, for the log.
fn ms(duration: std::time::Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn main() {
    use std::sync::{Barrier, Mutex};
    use std::thread;
    use std::time::Instant;

    use cpu_time::ThreadTime;
    use log::info;

    notes::init_logging();

    // ANCHOR: count
    let count = SpinLock::new(0);
    thread::scope(|s| {
        for _ in 0..THREADS {
            s.spawn(|| {
                for _ in 0..ADDS {
                    *count.lock() += 1; // the guard lives to the end of the statement
                }
            });
        }
    });
    let total = *count.lock();
    info!("{THREADS} threads added 1 each {ADDS} times: the count is {total}");
    assert_eq!(total, THREADS * ADDS);
    // ANCHOR_END: count

    // ANCHOR: spin
    let spin_lock = SpinLock::new(());
    let held = Barrier::new(2);
    thread::scope(|s| {
        thread::Builder::new()
            .name("holder".into())
            .spawn_scoped(s, || {
                let guard = spin_lock.lock();
                info!("has the spin lock");
                held.wait();
                thread::sleep(HOLD); // a long critical section, or a preempted holder
                info!("releasing the spin lock");
                drop(guard);
            })
            .unwrap();
        thread::Builder::new()
            .name("waiter".into())
            .spawn_scoped(s, || {
                held.wait();
                info!("spinning until the spin lock is free");
                let (wall, cpu) = (Instant::now(), ThreadTime::now());
                let guard = spin_lock.lock();
                let (wall, cpu) = (ms(wall.elapsed()), ms(cpu.elapsed()));
                info!("has the spin lock after {wall:.1} ms, {cpu:.1} ms of them on the CPU");
                info!("releasing the spin lock");
                drop(guard);
            })
            .unwrap();
    });
    // ANCHOR_END: spin

    info!("again, with std's Mutex");
    // ANCHOR: sleep
    let mutex = Mutex::new(());
    thread::scope(|s| {
        thread::Builder::new()
            .name("holder".into())
            .spawn_scoped(s, || {
                let guard = mutex.lock().unwrap();
                info!("has the mutex");
                held.wait();
                thread::sleep(HOLD);
                info!("releasing the mutex");
                drop(guard);
            })
            .unwrap();
        thread::Builder::new()
            .name("waiter".into())
            .spawn_scoped(s, || {
                held.wait();
                info!("asleep until the mutex is free");
                let (wall, cpu) = (Instant::now(), ThreadTime::now());
                let guard = mutex.lock().unwrap();
                let (wall, cpu) = (ms(wall.elapsed()), ms(cpu.elapsed()));
                info!("has the mutex after {wall:.1} ms, {cpu:.1} ms of them on the CPU");
                info!("releasing the mutex");
                drop(guard);
            })
            .unwrap();
    });
    // ANCHOR_END: sleep
}
