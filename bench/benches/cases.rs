//! The chapter's cases under divan: `cargo bench -p bench`. The `measure`
//! binary runs the same functions beside Python; these give each one a
//! careful statistical look of its own.

use bench::cases::{counter, cpu, handoff, sharing, spawn, spin};
use divan::Bencher;

fn main() {
    divan::main();
}

const LIMIT: u64 = 50_000;
const MESSAGES: u64 = 10_000;
const INCREMENTS: u64 = 10_000;

fn threads() -> u64 {
    std::thread::available_parallelism().map_or(1, |n| n.get()) as u64
}

mod cpu_bound {
    use super::*;

    #[divan::bench]
    fn one_thread() -> usize {
        cpu::serial(divan::black_box(LIMIT))
    }

    #[divan::bench]
    fn n_threads() -> usize {
        cpu::threads(divan::black_box(LIMIT), threads())
    }

    #[divan::bench]
    fn rayon() -> usize {
        cpu::rayon(divan::black_box(LIMIT))
    }
}

mod hand_off {
    use super::*;

    #[divan::bench(args = [1, 10, 1000])]
    fn sync_channel(bencher: Bencher, capacity: usize) {
        bencher
            .counter(divan::counter::ItemsCount::new(MESSAGES))
            .bench(|| handoff::std_channel(capacity, MESSAGES));
    }

    #[divan::bench(args = [1, 10, 1000])]
    fn crossbeam(bencher: Bencher, capacity: usize) {
        bencher
            .counter(divan::counter::ItemsCount::new(MESSAGES))
            .bench(|| handoff::crossbeam(capacity, MESSAGES));
    }

    #[divan::bench(args = [1, 10, 1000])]
    fn mutex_condvar(bencher: Bencher, capacity: usize) {
        bencher
            .counter(divan::counter::ItemsCount::new(MESSAGES))
            .bench(|| handoff::condvar(capacity, MESSAGES));
    }
}

mod shared_counter {
    use super::*;

    fn thread_counts() -> [u64; 2] {
        [1, threads()]
    }

    #[divan::bench(args = thread_counts())]
    fn mutex(bencher: Bencher, threads: u64) {
        bencher
            .counter(divan::counter::ItemsCount::new(threads * INCREMENTS))
            .bench(|| counter::mutex(threads, INCREMENTS));
    }

    #[divan::bench(args = thread_counts())]
    fn atomic(bencher: Bencher, threads: u64) {
        bencher
            .counter(divan::counter::ItemsCount::new(threads * INCREMENTS))
            .bench(|| counter::atomic(threads, INCREMENTS));
    }

    #[divan::bench(args = thread_counts())]
    fn per_thread_sums(bencher: Bencher, threads: u64) {
        bencher
            .counter(divan::counter::ItemsCount::new(threads * INCREMENTS))
            .bench(|| counter::per_thread_sums(threads, INCREMENTS));
    }
}

mod false_sharing {
    use super::*;

    fn thread_counts() -> [u64; 2] {
        [1, threads()]
    }

    #[divan::bench(args = thread_counts())]
    fn side_by_side(bencher: Bencher, threads: u64) {
        bencher
            .counter(divan::counter::ItemsCount::new(threads * INCREMENTS))
            .bench(|| sharing::side_by_side(threads, INCREMENTS));
    }

    #[divan::bench(args = thread_counts())]
    fn padded(bencher: Bencher, threads: u64) {
        bencher
            .counter(divan::counter::ItemsCount::new(threads * INCREMENTS))
            .bench(|| sharing::padded(threads, INCREMENTS));
    }
}

mod spin_lock {
    use super::*;

    /// Uncontended, one thread per core, two per core.
    fn thread_counts() -> [u64; 3] {
        [1, threads(), 2 * threads()]
    }

    #[divan::bench(args = thread_counts())]
    fn mutex(bencher: Bencher, threads: u64) {
        bencher
            .counter(divan::counter::ItemsCount::new(threads * INCREMENTS))
            .bench(|| spin::mutex(threads, INCREMENTS));
    }

    #[divan::bench(args = thread_counts())]
    fn spin_lock(bencher: Bencher, threads: u64) {
        bencher
            .counter(divan::counter::ItemsCount::new(threads * INCREMENTS))
            .bench(|| spin::spin_lock(threads, INCREMENTS));
    }
}

mod spawn_cost {
    use super::*;

    #[divan::bench]
    fn thread() {
        spawn::threads(1);
    }

    #[divan::bench(sample_count = 20)]
    fn process() {
        spawn::processes(1);
    }

    #[divan::bench]
    fn rayon_task() {
        spawn::rayon_tasks(1);
    }

    #[divan::bench]
    fn async_task(bencher: Bencher) {
        let runtime = spawn::runtime();
        bencher.bench_local(|| spawn::async_tasks(&runtime, 1));
    }
}
