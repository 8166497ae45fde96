//! Exercise 12, starter: `try_lock` for the spin lock of chapter 12. It
//! looks at the flag, and takes the lock if it is down; now and then two
//! threads hold the lock at once. Make `try_lock` take the lock in one
//! atomic step.
use std::cell::UnsafeCell;
use std::hint;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};
use std::sync::Barrier;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;

use log::info;

const THREADS: usize = 4;
const ADDS: usize = 100_000;

// ANCHOR: spin_lock
/// The spin lock of chapter 12, with `try_lock`.
pub struct SpinLock<T> {
    locked: AtomicBool,
    value: UnsafeCell<T>,
}

// SAFETY: as in chapter 12: one `Guard` at a time, and only a guard reaches
// the value, which moves from thread to thread with the lock.
unsafe impl<T: Send> Sync for SpinLock<T> {}

impl<T> SpinLock<T> {
    pub fn new(value: T) -> Self {
        SpinLock {
            locked: AtomicBool::new(false),
            value: UnsafeCell::new(value),
        }
    }

    pub fn lock(&self) -> Guard<'_, T> {
        // Acquire: pairs with the Release in `Guard::drop`.
        while self.locked.swap(true, Ordering::Acquire) {
            hint::spin_loop();
        }
        Guard {
            lock: self,
            _value: PhantomData,
        }
    }

    // ANCHOR: try_lock
    /// Takes the lock if it is free, without waiting; `None` if it is taken.
    pub fn try_lock(&self) -> Option<Guard<'_, T>> {
        // One atomic step: raise the flag, and look at what was there. If it
        // was up, the `true` written over it changes nothing. Acquire, as in
        // `lock`: pairs with the Release in `Guard::drop`.
        if self.locked.swap(true, Ordering::Acquire) {
            return None; // taken: don't wait
        }
        Some(Guard {
            lock: self,
            _value: PhantomData,
        })
    }
    // ANCHOR_END: try_lock
}

pub struct Guard<'a, T> {
    lock: &'a SpinLock<T>,
    _value: PhantomData<&'a mut T>,
}

impl<T> Deref for Guard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: this guard exists, so this thread holds the lock.
        unsafe { &*self.lock.value.get() }
    }
}

impl<T> DerefMut for Guard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as in `deref`, and `&mut self` is the only way in.
        unsafe { &mut *self.lock.value.get() }
    }
}

impl<T> Drop for Guard<'_, T> {
    fn drop(&mut self) {
        // Release: the next holder sees what this one wrote.
        self.lock.locked.store(false, Ordering::Release);
    }
}
// ANCHOR_END: spin_lock

/// Four threads add 1 to a counter through `try_lock`, retrying until it
/// succeeds, while `inside` counts the threads that hold a guard. Returns
/// how often two held one at once, and the count.
fn contend() -> (usize, usize) {
    let count = SpinLock::new(0);
    let inside = AtomicUsize::new(0);
    let overlaps = AtomicUsize::new(0);
    let start = Barrier::new(THREADS);
    thread::scope(|s| {
        for _ in 0..THREADS {
            s.spawn(|| {
                start.wait(); // all at once, for as much contention as there can be
                for _ in 0..ADDS {
                    let mut guard = loop {
                        match count.try_lock() {
                            Some(guard) => break guard,
                            None => hint::spin_loop(),
                        }
                    };
                    // Relaxed: a count of holders, not a hand-over of data.
                    if inside.fetch_add(1, Ordering::Relaxed) > 0 {
                        overlaps.fetch_add(1, Ordering::Relaxed);
                    }
                    *guard += 1;
                    inside.fetch_sub(1, Ordering::Relaxed);
                }
            });
        }
    });
    let count = *count.lock();
    (overlaps.into_inner(), count)
}

fn main() {
    notes::init_logging();
    let (overlaps, count) = contend();
    info!("{THREADS} threads added 1 each {ADDS} times through try_lock: the count is {count}");
    if overlaps == 0 && count == THREADS * ADDS {
        info!("verdict: right, never two holders at once (this run)");
    } else {
        info!("verdict: not yet, two threads held the lock at once {overlaps} times");
    }
}
