//! Exercise 10's check: under loom, producers and consumers share a queue
//! of capacity 1: it never holds more, every item arrives once and in
//! order, and nobody waits for ever (a lost wake-up); then the wait loops
//! against a condition variable that wakes spuriously; then the starter's
//! program, under load.
use checker::spurious_sync::WAITED_AGAIN;
use checker::{
    Bound, Report, check_the_program, leak, model, panic_message, run_program_if_asked, schedule,
};

#[allow(dead_code, unused_imports)]
mod program {
    use checker::notes;
    include!(concat!(env!("OUT_DIR"), "/ex10/program.rs"));
}

/// The queue as `wrap` names it: `Shared` with `new`, `push`, `pop`, `len`.
macro_rules! queue_module {
    ($name:ident, $sync:path) => {
        #[allow(dead_code, unused_imports)]
        mod $name {
            mod sync {
                pub use $sync::*;
            }
            include!(concat!(env!("OUT_DIR"), "/ex10/model.rs"));
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
queue_module!(queue, checker::loom_sync);
queue_module!(spurious, checker::spurious_sync);

/// Producers push `pushes[i]` items each (producer i pushes i*100, i*100+1,
/// …), consumers pop `pops[j]` each, through a queue of capacity 1.
fn through_the_queue(
    report: &Report,
    pushes: &'static [usize],
    pops: &'static [usize],
    bound: Bound,
) {
    let lang = report.lang;
    let found = model(bound, move || {
        let producer =
            |i: usize| lang.pick(format!("생산자 {}", i + 1), format!("producer {}", i + 1));
        let consumer =
            |j: usize| lang.pick(format!("소비자 {}", j + 1), format!("consumer {}", j + 1));
        schedule::name(consumer(0));
        schedule::name_mutexes([lang.pick("큐", "the queue").to_string()]);
        let queue = leak(queue::Shared::new(1));
        let producers: Vec<_> = pushes
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                let name = producer(i);
                loom::thread::spawn(move || {
                    schedule::name(name);
                    for item in (0..n).map(|k| i * 100 + k) {
                        queue.push(item);
                        schedule::log(
                            lang.pick(format!("push({item}) 끝"), format!("push({item}) returned")),
                        );
                        let len = schedule::quietly(|| queue.len());
                        if len > 1 {
                            schedule::log(
                                lang.pick(
                                    format!("큐에 {len}개"),
                                    format!("the queue holds {len}"),
                                ),
                            );
                        }
                        assert!(len <= 1, "more items than the capacity");
                    }
                })
            })
            .collect();
        let others: Vec<_> = pops[1..]
            .iter()
            .enumerate()
            .map(|(j, &n)| {
                let name = consumer(j + 1);
                loom::thread::spawn(move || {
                    schedule::name(name);
                    (0..n).map(|_| pop_logged(queue, lang)).collect::<Vec<_>>()
                })
            })
            .collect();
        let mine: Vec<usize> = (0..pops[0]).map(|_| pop_logged(queue, lang)).collect();
        let mut received = Vec::new();
        for got in std::iter::once(mine).chain(others.into_iter().map(|o| o.join().unwrap())) {
            // Each producer's items, as one consumer sees them, keep their order.
            for i in 0..pushes.len() {
                let from_i: Vec<_> = got.iter().filter(|&&x| x / 100 == i).collect();
                assert!(from_i.is_sorted(), "items out of order: {got:?}");
            }
            received.extend(got);
        }
        for producer in producers {
            producer.join().unwrap();
        }
        received.sort();
        let mut sent: Vec<usize> = pushes
            .iter()
            .enumerate()
            .flat_map(|(i, &n)| (0..n).map(move |k| i * 100 + k))
            .collect();
        sent.sort();
        assert_eq!(received, sent, "items lost or delivered twice");
    });
    let (p, c) = (pushes.len(), pops.len());
    let plural = |n: usize, one: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {one}s")
        }
    };
    let what = report.pick(
        format!(
            "loom, 용량 1인 큐, 생산자 {p}명, 소비자 {c}명, {}",
            bound.describe(lang)
        ),
        format!(
            "loom, a queue of capacity 1, {}, {}, {}",
            plural(p, "producer"),
            plural(c, "consumer"),
            bound.describe(lang)
        ),
    );
    match found {
        Ok(executions) => report.line(report.pick(
            format!("{what}: 용량을 넘지 않고, 모든 항목이 순서대로 한 번씩, 영원히 기다리는 스레드 없음 (실행 {executions}가지)"),
            format!("{what}: never over capacity, every item once and in order, nobody waits for ever, in {executions} executions"),
        )),
        Err((message, schedule)) => {
            report.counterexample(&what, &schedule);
            report.not_yet(&if message.contains("more items than the capacity") {
                report.pick(
                    "위의 순서에서 큐가 용량보다 많은 항목을 담습니다. push는 큐가 가득 찬 동안 기다려야 하고, 깨어난 뒤에도 다시 확인해야 합니다".to_string(),
                    "in the order above the queue holds more items than its capacity: push must wait while the queue is full, and look again after every wake-up".to_string(),
                )
            } else if message.contains("deadlock") {
                report.pick(
                    "위의 순서에서 스레드가 영원히 기다립니다(깨우기 유실). 큐를 바꾼 쪽이 그 변화를 기다리는 쪽의 조건 변수에 알리는지 확인하세요".to_string(),
                    "in the order above a thread waits for ever, a lost wake-up: after changing the queue, notify the condition variable that the other side waits on".to_string(),
                )
            } else {
                message
            })
        }
    }
}

fn pop_logged(queue: &queue::Shared, lang: checker::Lang) -> usize {
    let item = queue.pop();
    schedule::log(lang.pick(format!("pop() → {item}"), format!("pop() returned {item}")));
    item
}

/// `pop` on an empty queue and `push` on a full one, with a condition
/// variable whose waits return spuriously: each must wait again.
fn spurious_wake_ups(report: &Report) {
    let what = report.pick(
        "가짜 깨어남이 있는 조건 변수, 빈 큐의 pop과 가득 찬 큐의 push",
        "a condition variable that wakes spuriously, pop on an empty queue and push on a full one",
    );
    let pop = panic_message(|| {
        let queue = spurious::Shared::new(1);
        queue.pop();
    });
    let push = panic_message(|| {
        let queue = spurious::Shared::new(1);
        queue.push(0);
        queue.push(1);
    });
    let waited =
        |outcome: &Option<String>| outcome.as_deref().is_some_and(|m| m.contains(WAITED_AGAIN));
    let found = match (waited(&pop), waited(&push)) {
        (true, true) => Ok(()),
        (false, _) => Err(report.pick(
            "pop이 가짜 깨어남 뒤에 빈 큐를 다시 확인하지 않고 진행했습니다. 조건을 `if`가 아니라 `while` 루프로 다시 확인하세요".to_string(),
            "after a spurious wake-up, pop went on without looking at the empty queue again: re-check the condition in a `while` loop, not an `if`".to_string(),
        )),
        (true, false) => Err(report.pick(
            "push가 가짜 깨어남 뒤에 가득 찬 큐를 다시 확인하지 않고 넣었습니다. 조건을 `if`가 아니라 `while` 루프로 다시 확인하세요".to_string(),
            "after a spurious wake-up, push went on without looking at the full queue again: re-check the condition in a `while` loop, not an `if`".to_string(),
        )),
    };
    report.check(
        what,
        found,
        report.pick("둘 다 다시 기다렸습니다", "both waited again"),
    );
}

fn main() {
    run_program_if_asked(program::main);
    let report = Report::new();
    through_the_queue(&report, &[2], &[2], Bound::Every);
    through_the_queue(&report, &[2, 1], &[3], Bound::Preemptions(3));
    through_the_queue(&report, &[2], &[1, 1], Bound::Preemptions(3));
    spurious_wake_ups(&report);
    check_the_program(
        &report,
        "모든 항목이 순서대로, 용량 안에서",
        "every item in order, within the capacity",
    );
    report.correct();
}
