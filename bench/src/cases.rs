//! The work itself, one module per section of the chapter.

/// The CPU-bound job of chapter 3: count the primes below a limit.
pub mod cpu {
    use rayon::prelude::*;
    use std::thread;

    fn is_prime(n: u64) -> bool {
        n >= 2
            && (2..)
                .take_while(|d| d * d <= n)
                .all(|d| !n.is_multiple_of(d))
    }

    /// The numbers are dealt out in blocks of this many.
    const BLOCK: u64 = 1000;

    pub fn serial(limit: u64) -> usize {
        (0..limit).filter(|&n| is_prime(n)).count()
    }

    /// One thread per worker, each taking every `workers`-th block of 1,000
    /// numbers, so that all get as many big (slow) numbers as the others.
    pub fn threads(limit: u64, workers: u64) -> usize {
        thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|me| {
                    scope.spawn(move || {
                        (me * BLOCK..limit)
                            .step_by((workers * BLOCK) as usize)
                            .flat_map(|start| start..(start + BLOCK).min(limit))
                            .filter(|&n| is_prime(n))
                            .count()
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).sum()
        })
    }

    pub fn rayon(limit: u64) -> usize {
        (0..limit).into_par_iter().filter(|&n| is_prime(n)).count()
    }
}

/// One producer hands `messages` numbers to one consumer through a bounded
/// queue; each function returns the sum the consumer received.
pub mod handoff {
    use std::sync::mpsc;
    use std::thread;

    /// The queues compared, in the order the chapter lists them.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Queue {
        Std,
        Crossbeam,
        Condvar,
    }

    impl Queue {
        pub const ALL: [Queue; 3] = [Queue::Std, Queue::Crossbeam, Queue::Condvar];

        pub fn name(self) -> &'static str {
            match self {
                Queue::Std => "std",
                Queue::Crossbeam => "crossbeam",
                Queue::Condvar => "condvar",
            }
        }

        pub fn run(self, capacity: usize, messages: u64) -> u64 {
            match self {
                Queue::Std => std_channel(capacity, messages),
                Queue::Crossbeam => crossbeam(capacity, messages),
                Queue::Condvar => condvar(capacity, messages),
            }
        }
    }

    pub fn std_channel(capacity: usize, messages: u64) -> u64 {
        let (sender, receiver) = mpsc::sync_channel(capacity);
        thread::scope(|scope| {
            scope.spawn(move || (0..messages).for_each(|i| sender.send(i).unwrap()));
            receiver.iter().sum()
        })
    }

    pub fn crossbeam(capacity: usize, messages: u64) -> u64 {
        let (sender, receiver) = crossbeam_channel::bounded(capacity);
        thread::scope(|scope| {
            scope.spawn(move || (0..messages).for_each(|i| sender.send(i).unwrap()));
            receiver.iter().sum()
        })
    }

    /// The book's own queue (exercise 10): a `Mutex` and two `Condvar`s.
    #[allow(dead_code)] // what the benchmark does not call
    mod book {
        use std::collections::VecDeque;
        use std::sync::{Condvar, Mutex};

        include!(concat!(env!("OUT_DIR"), "/bounded_queue.rs"));

        pub fn hand_off(capacity: usize, messages: u64) -> u64 {
            let queue = BoundedQueue::new(capacity);
            std::thread::scope(|scope| {
                scope.spawn(|| {
                    (0..messages).for_each(|i| queue.push(Some(i)));
                    queue.push(None); // one producer: nothing can overtake it
                });
                std::iter::from_fn(|| queue.pop()).sum()
            })
        }
    }

    pub fn condvar(capacity: usize, messages: u64) -> u64 {
        book::hand_off(capacity, messages)
    }
}

/// A counter that `threads` threads each add 1 to `per_thread` times;
/// each function returns the total.
pub mod counter {
    use std::hint::black_box;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
    use std::thread;

    pub fn mutex(threads: u64, per_thread: u64) -> u64 {
        let counter = Mutex::new(0u64);
        thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| {
                    for _ in 0..per_thread {
                        *counter.lock().unwrap() += 1;
                    }
                });
            }
        });
        counter.into_inner().unwrap()
    }

    pub fn atomic(threads: u64, per_thread: u64) -> u64 {
        let counter = AtomicU64::new(0);
        thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| {
                    for _ in 0..per_thread {
                        counter.fetch_add(1, Relaxed);
                    }
                });
            }
        });
        counter.into_inner()
    }

    pub fn per_thread_sums(threads: u64, per_thread: u64) -> u64 {
        thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| {
                        let mut sum = 0u64;
                        for _ in 0..per_thread {
                            // Keeps the compiler from replacing the loop by one addition.
                            sum = black_box(sum) + 1;
                        }
                        sum
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).sum()
        })
    }
}

/// Start something that does nothing and wait for it to finish, `n` times.
pub mod spawn {
    use std::process::Command;
    use std::sync::mpsc;
    use std::thread;

    pub fn threads(n: u64) {
        for _ in 0..n {
            thread::spawn(|| ()).join().unwrap();
        }
    }

    /// A process running `true`: fork, exec, exit, wait.
    pub fn processes(n: u64) {
        for _ in 0..n {
            let status = Command::new("true").status().expect("`true` runs");
            assert!(status.success());
        }
    }

    /// A task on rayon's pool, whose threads already exist.
    pub fn rayon_tasks(n: u64) {
        let (done, finished) = mpsc::channel();
        for _ in 0..n {
            let done = done.clone();
            rayon::spawn(move || done.send(()).unwrap());
            finished.recv().unwrap();
        }
    }

    /// A task on a current-thread tokio runtime.
    pub fn async_tasks(runtime: &tokio::runtime::Runtime, n: u64) {
        runtime.block_on(async {
            for _ in 0..n {
                tokio::spawn(async {}).await.unwrap();
            }
        });
    }

    pub fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a current-thread runtime")
    }
}

/// Two threads doing CPU-bound work in short slices note when they ran.
pub mod gil {
    use std::hint::black_box;
    use std::sync::Barrier;
    use std::thread;
    use std::time::{Duration, Instant};

    fn spin(rounds: u32) -> u32 {
        (0..rounds).fold(0, |x, i| black_box((x * 31 + i) & 0xFFFF))
    }

    /// Each thread works until it has run for `run`; consecutive slices less
    /// than `gap` apart form one span. Returns each thread's spans, in
    /// microseconds from a common start.
    pub fn record(run: Duration, gap: Duration, rounds: u32) -> Vec<Vec<(u64, u64)>> {
        let start_line = Barrier::new(2);
        let t0 = Instant::now();
        let micros = |t: Instant| (t - t0).as_micros() as u64;
        thread::scope(|scope| {
            let workers: Vec<_> = (0..2)
                .map(|_| {
                    scope.spawn(|| {
                        start_line.wait();
                        let mut spans = Vec::new();
                        let mut ran = Duration::ZERO;
                        let (mut begin, mut last) = (Instant::now(), Instant::now());
                        while ran < run {
                            black_box(spin(rounds));
                            let now = Instant::now();
                            if now - last > gap {
                                spans.push((micros(begin), micros(last)));
                                begin = now;
                            } else {
                                ran += now - last;
                            }
                            last = now;
                        }
                        spans.push((micros(begin), micros(last)));
                        spans
                    })
                })
                .collect();
            workers.into_iter().map(|w| w.join().unwrap()).collect()
        })
    }
}

/// Per-thread counters: each of `threads` threads adds 1 to a counter of its
/// own `per_thread` times, so no thread ever touches another's counter. They
/// are atomics, as they would be if another thread read them while the
/// workers run (a progress display); here nothing reads them before `join`.
/// The two ways differ only in where the counters lie in memory.
pub mod sharing {
    use crossbeam_utils::CachePadded;
    use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
    use std::thread;

    /// In one `Vec`, 8 bytes apart: neighbours share a cache line.
    pub fn side_by_side(threads: u64, per_thread: u64) -> u64 {
        let counters: Vec<AtomicU64> = (0..threads).map(|_| AtomicU64::new(0)).collect();
        count(&counters, |c| c, per_thread)
    }

    /// Each counter padded and aligned to `CachePadded`'s size (128 bytes on
    /// x86_64): no two share a cache line.
    pub fn padded(threads: u64, per_thread: u64) -> u64 {
        let counters: Vec<CachePadded<AtomicU64>> = (0..threads)
            .map(|_| CachePadded::new(AtomicU64::new(0)))
            .collect();
        count(&counters, |c| c, per_thread)
    }

    /// One thread per counter; returns the total once all are joined.
    fn count<C: Sync>(counters: &[C], counter: fn(&C) -> &AtomicU64, per_thread: u64) -> u64 {
        thread::scope(|scope| {
            for c in counters {
                scope.spawn(move || {
                    let mine = counter(c);
                    for _ in 0..per_thread {
                        // Relaxed: each counter has one writer, and `join`
                        // (the end of the scope) orders these writes before
                        // the reads below.
                        mine.fetch_add(1, Relaxed);
                    }
                });
            }
        });
        counters.iter().map(|c| counter(c).load(Relaxed)).sum()
    }
}

/// `threads` threads each take a lock `per_thread` times and add 1 to the
/// number it guards: a critical section of a few instructions.
pub mod spin {
    use std::sync::Mutex;
    use std::thread;

    /// The book's spin lock (chapter 12), copied from `examples/spin_lock.rs`
    /// by build.rs.
    mod book {
        use std::cell::UnsafeCell;
        use std::hint;
        use std::marker::PhantomData;
        use std::ops::{Deref, DerefMut};
        use std::sync::atomic::{AtomicBool, Ordering};

        include!(concat!(env!("OUT_DIR"), "/spin_lock.rs"));
    }
    use book::SpinLock;

    pub fn mutex(threads: u64, per_thread: u64) -> u64 {
        let counter = Mutex::new(0u64);
        thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| {
                    for _ in 0..per_thread {
                        *counter.lock().unwrap() += 1;
                    }
                });
            }
        });
        counter.into_inner().unwrap()
    }

    pub fn spin_lock(threads: u64, per_thread: u64) -> u64 {
        let counter = SpinLock::new(0u64);
        thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| {
                    for _ in 0..per_thread {
                        *counter.lock() += 1;
                    }
                });
            }
        });
        *counter.lock()
    }
}
