//! Thousands of concurrent waits, on OS threads and on tokio tasks: what each
//! costs to start and to keep waiting.
use std::fs;
use std::thread;
use std::time::{Duration, Instant};

use log::info;

/// Long enough that every waiter is still waiting when the memory is read.
const WAIT: Duration = Duration::from_millis(500);
/// 2,000 threads run on any ordinary machine; tens of thousands may hit the
/// limits on threads or memory maps some systems set.
const THREADS: usize = 2_000;
const TASKS: usize = 10_000;

fn main() {
    notes::init_logging();

    // ANCHOR: threads
    let before = memory_now();
    let start = Instant::now();
    let sleepers: Vec<_> = (0..THREADS)
        .map(|_| thread::spawn(|| thread::sleep(WAIT)))
        .collect();
    let spawned = start.elapsed();
    let memory = memory_now() - before;
    let finished = sleepers.into_iter().map(|s| s.join().unwrap()).count();
    let elapsed = start.elapsed();
    // ANCHOR_END: threads
    report("threads", finished, spawned, elapsed, memory);
    assert_eq!(finished, THREADS);
    assert!(elapsed >= WAIT);

    // ANCHOR: tasks
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_time()
        .build()
        .unwrap();
    let before = memory_now();
    let (finished, spawned, elapsed, memory) = runtime.block_on(async {
        let start = Instant::now();
        let sleepers: Vec<_> = (0..TASKS)
            .map(|_| tokio::spawn(tokio::time::sleep(WAIT)))
            .collect();
        let spawned = start.elapsed();
        let memory = memory_now() - before;
        let mut finished = 0;
        for sleeper in sleepers {
            sleeper.await.unwrap();
            finished += 1;
        }
        (finished, spawned, start.elapsed(), memory)
    });
    // ANCHOR_END: tasks
    report("tasks", finished, spawned, elapsed, memory);
    assert_eq!(finished, TASKS);
    assert!(elapsed >= WAIT);

    // ANCHOR: blocking
    let answer = runtime.block_on(async {
        // A blocking call goes to the runtime's blocking threads, never on a worker.
        let lookup = tokio::task::spawn_blocking(|| {
            thread::sleep(Duration::from_millis(10)); // stands in for a blocking library call
            42
        });
        lookup.await.unwrap()
    });
    // ANCHOR_END: blocking
    info!("spawn_blocking returned {answer}");
    assert_eq!(answer, 42);
}

fn report(what: &str, finished: usize, spawned: Duration, elapsed: Duration, memory: Memory) {
    let each = |total: f64| total / finished as f64;
    let ms = |time: Duration| time.as_secs_f64() * 1e3;
    info!(
        "{finished} {what}: started in {:.1} ms, {:.1} µs each; all done after {:.1} ms",
        ms(spawned),
        each(ms(spawned) * 1e3),
        ms(elapsed),
    );
    info!(
        "{finished} {what}: {} KiB more memory in use while waiting, {:.1} KiB each",
        memory.resident,
        each(memory.resident as f64),
    );
    info!(
        "{finished} {what}: {} KiB more address space reserved, {:.1} KiB each",
        memory.reserved,
        each(memory.reserved as f64),
    );
}

/// The process's memory, in KiB, as Linux reports it (0 elsewhere).
#[derive(Clone, Copy)]
struct Memory {
    /// Pages actually in use (`VmRSS`).
    resident: i64,
    /// Address space reserved, used or not (`VmSize`).
    reserved: i64,
}

fn memory_now() -> Memory {
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    Memory {
        resident: field(&status, "VmRSS:"),
        reserved: field(&status, "VmSize:"),
    }
}

impl std::ops::Sub for Memory {
    type Output = Memory;
    fn sub(self, earlier: Memory) -> Memory {
        Memory {
            resident: self.resident - earlier.resident,
            reserved: self.reserved - earlier.reserved,
        }
    }
}

fn field(status: &str, name: &str) -> i64 {
    status
        .lines()
        .find_map(|line| line.strip_prefix(name))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}
