//! From a recorded run to a timeline: the log vocabulary of each example.
//!
//! `notes::init_logging` writes, when `NOTES_TRACE` names a file, every log
//! line as `micros<TAB>thread<TAB>message`, in the order standard output
//! shows them. The examples contain no drawing code: each example's log
//! lines already say what happened ("has the lock", "releasing the lock",
//! "made message 9"), and the [`Spec`] of the example below maps them, by
//! regular expressions on the message, to spans, marks and facts. The
//! [`Facts`] are what the figure claims (who held which lock from which line
//! to which, what was sent and received, who was joined or cut off); the
//! `invariants` module checks them against the same trace.
//!
//! A span drawn from two log lines lies inside what really happened: "has
//! the lock" is logged after the lock is taken and "releasing the lock"
//! before it is released, so if two drawn hold spans overlap, the real ones
//! did too.
//!
//! A vocabulary can also be wrong in ways no invariant sees: a pattern that
//! matches no line draws nothing, and a span that no line closes is drawn
//! to the thread's last line. [`Reading::unmatched`] and
//! [`Reading::unclosed`] list both, and `checks/tests/book_figures.rs`
//! fails on either, naming the example and the rule or the span.

use std::collections::BTreeMap;

use regex::{Captures, Regex};

use crate::Label;
use crate::timeline::{Lane, Mark, MarkKind, Panel, Series, SeriesKind, Span, SpanKind, Timeline};

/// One line of a trace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// The line's index in the trace: the order in which the lines were logged.
    pub seq: usize,
    pub micros: u64,
    pub thread: String,
    pub message: String,
}

/// Reads the log lines of a recorded output (`outputs/NAME.txt`:
/// ` 0.123s [thread] message`), timed to the millisecond; other lines, such
/// as a panic's report, are skipped. `seq` counts the log lines only.
pub fn parse_output(text: &str) -> Vec<Event> {
    let log_line = Regex::new(r"^\s*(\d+)\.(\d{3})s \[([^\]]+)\] (.*)$").unwrap();
    text.lines()
        .filter_map(|line| log_line.captures(line))
        .enumerate()
        .map(|(seq, c)| Event {
            seq,
            micros: (c[1].parse::<u64>().unwrap() * 1000 + c[2].parse::<u64>().unwrap()) * 1000,
            thread: c[3].to_string(),
            message: c[4].to_string(),
        })
        .collect()
}

/// Reads a trace (`micros<TAB>thread<TAB>message` lines).
pub fn parse_trace(text: &str) -> Result<Vec<Event>, String> {
    text.lines()
        .enumerate()
        .map(|(seq, line)| {
            let mut fields = line.splitn(3, '\t');
            let (Some(micros), Some(thread), Some(message)) =
                (fields.next(), fields.next(), fields.next())
            else {
                return Err(format!(
                    "line {}: not micros<TAB>thread<TAB>message: {line:?}",
                    seq + 1
                ));
            };
            let micros = micros
                .parse()
                .map_err(|e| format!("line {}: bad time {micros:?}: {e}", seq + 1))?;
            Ok(Event {
                seq,
                micros,
                thread: thread.to_string(),
                message: message.to_string(),
            })
        })
        .collect()
}

/// Which threads a rule applies to.
#[derive(Clone, Copy, Debug)]
pub enum Who {
    Main,
    Others,
    Any,
}

/// What a matching log line means. Captures: `key` names a span (a lock, a
/// task), `label` labels a mark, `value` is a message's content, `n` a count.
#[derive(Clone, Copy, Debug)]
pub enum Action {
    /// A mark on this thread's lane, labelled by `label` if captured.
    Mark(MarkKind),
    /// Starts a span of this kind (named by `key`).
    Open(SpanKind),
    /// Ends the open span of this kind (named by `key`, if captured).
    Close(SpanKind),
    /// A span from this thread's previous line (for a thread's first line:
    /// from `main`'s last line before it, where it was spawned) to this one.
    SinceLast(SpanKind),
    /// Takes the lock named by the capture `lock` (default: "lock"): a hold
    /// span labelled `key` (default: the lock), and a fact for the invariants.
    Lock,
    /// Releases the lock `lock` (or the last one taken).
    Unlock,
    /// Takes one permit (a permit span, and one more in use).
    Acquire,
    /// Returns the permit.
    Release,
    /// The queue holds `n` messages now.
    QueueLength,
    /// Message `value` went into the channel.
    Send,
    /// Message `value` came out of it.
    Receive,
    /// `main` has joined every thread that logged so far and is not cut off.
    JoinAll,
    /// The read step of a read-modify-write.
    Read,
    /// The write step of a read-modify-write.
    Write,
}

/// A log line pattern and what it means.
pub struct Rule {
    pub who: Who,
    pub pattern: &'static str,
    pub actions: &'static [Action],
}

const fn rule(who: Who, pattern: &'static str, actions: &'static [Action]) -> Rule {
    Rule {
        who,
        pattern,
        actions,
    }
}

/// How one example's trace becomes a timeline.
pub struct Spec {
    pub example: &'static str,
    /// Korean, English.
    pub title: (&'static str, &'static str),
    /// First match wins; lines no rule matches only extend their lane. Each
    /// rule must match at least one line of the recorded trace.
    pub rules: &'static [Rule],
    /// Threads still running when `main` returned.
    pub cut_off: &'static [&'static str],
    /// Draw the moment `main` returned.
    pub main_returned: bool,
    /// A quantity drawn under the lanes, with its bound.
    pub series: Option<(SeriesKind, Option<u32>)>,
    /// Lanes listed first, in this order (then `main`, then the rest by name).
    pub lanes: &'static [&'static str],
    /// The `main` line after which it spawns its threads; a thread's first
    /// [`Action::SinceLast`] span starts there (without one: at 0, as the
    /// examples spawn their threads right at the start).
    pub spawned_after: Option<&'static str>,
    /// The `main` line after which every thread name belongs to a new
    /// thread, with new locks (the deadlock example runs its jobs twice, on
    /// fresh mutexes): their lanes are then called `A (2)`, and so on.
    /// Each run is drawn in a panel of its own, from this line on, with its
    /// own time axis ([`Panel`]).
    pub new_threads_after: Option<&'static str>,
    /// The capacity of the bounded queue between the [`Action::Send`] and
    /// [`Action::Receive`] lines. A send that finds the queue full is drawn
    /// blocked until the receiver takes a message out: with capacity `c`, the
    /// `k`-th send (from 0) can finish only once the receiver has called
    /// `recv` `k - c + 1` times. The receiver logs each message after handling
    /// it and calls `recv` again right after, so the `j`-th `recv` (from 1)
    /// follows its `j`-th line. Inferred from the order of the lines; the
    /// invariants check that the sender logged nothing while drawn blocked.
    pub send_blocks_when_full: Option<usize>,
    /// Keys of spans that end without a log line, so nothing closes them: a
    /// task that panics logs nothing as it stops (the panic's message goes
    /// to stderr, not to the trace). Drawn to the thread's last line. Any
    /// other span left open fails the figure's tests.
    pub ends_unlogged: &'static [&'static str],
}

use Action::*;
use Who::*;

/// Every example with a timeline, and its vocabulary.
pub const SPECS: &[Spec] = &[
    Spec {
        example: "thread_spawn",
        title: (
            "thread_spawn 실행: 아무도 조인하지 않은 First는 main이 반환할 때 잘립니다",
            "thread_spawn run: nobody joins First, so it is cut off when main returns",
        ),
        rules: &[
            rule(
                Main,
                "^before running the thread",
                &[Mark(MarkKind::Spawned)],
            ),
            rule(
                Others,
                "^starting",
                &[Mark(MarkKind::Started), Open(SpanKind::Sleeping)],
            ),
        ],
        cut_off: &["First"],
        main_returned: true,
        series: None,
        lanes: &[],
        spawned_after: None,
        new_threads_after: None,
        send_blocks_when_full: None,
        ends_unlogged: &[],
    },
    Spec {
        example: "thread_join",
        title: (
            "thread_join 실행: main은 join에서 First가 끝나기를 기다립니다",
            "thread_join run: main waits in join until First has finished",
        ),
        rules: &[
            rule(
                Main,
                "^before running the thread",
                &[Mark(MarkKind::Spawned)],
            ),
            rule(Main, "^waiting for the thread", &[Open(SpanKind::Waiting)]),
            rule(Main, "^all done", &[Close(SpanKind::Waiting), JoinAll]),
            rule(
                Others,
                "^starting",
                &[Mark(MarkKind::Started), Open(SpanKind::Sleeping)],
            ),
            rule(
                Others,
                "^finishing",
                &[Close(SpanKind::Sleeping), Mark(MarkKind::Finished)],
            ),
        ],
        cut_off: &[],
        main_returned: false,
        series: None,
        lanes: &[],
        spawned_after: None,
        new_threads_after: None,
        send_blocks_when_full: None,
        ends_unlogged: &[],
    },
    Spec {
        example: "daemon",
        title: (
            "daemon 실행: 자동 저장 스레드는 main이 반환할 때 루프 도중에 잘립니다",
            "daemon run: the autosave thread is cut off mid-loop when main returns",
        ),
        rules: &[
            rule(
                Main,
                r"^edited, now at version (?P<label>\d+)",
                &[SinceLast(SpanKind::Sleeping), Write],
            ),
            rule(Main, "^closing the editor", &[Mark(MarkKind::Finished)]),
            rule(
                Others,
                r"^saved version (?P<label>\d+)",
                &[SinceLast(SpanKind::Sleeping), Mark(MarkKind::Write)],
            ),
        ],
        cut_off: &["autosave"],
        main_returned: true,
        series: None,
        lanes: &[],
        spawned_after: None,
        new_threads_after: None,
        send_blocks_when_full: None,
        ends_unlogged: &[],
    },
    Spec {
        example: "daemon_shutdown",
        title: (
            "daemon_shutdown 실행: main이 멈추라고 알린 뒤 자동 저장 스레드를 조인합니다",
            "daemon_shutdown run: main asks the autosave thread to stop, then joins it",
        ),
        rules: &[
            rule(
                Main,
                r"^edited, now at version (?P<label>\d+)",
                &[SinceLast(SpanKind::Sleeping), Write],
            ),
            rule(
                Main,
                "^closing the editor",
                &[Mark(MarkKind::Signal), Open(SpanKind::Waiting)],
            ),
            rule(
                Main,
                "^the autosave thread has finished",
                &[Close(SpanKind::Waiting), JoinAll],
            ),
            rule(
                Others,
                r"^saved version (?P<label>\d+)",
                &[SinceLast(SpanKind::Sleeping), Mark(MarkKind::Write)],
            ),
            rule(Others, "^stopping", &[Mark(MarkKind::Finished)]),
        ],
        cut_off: &[],
        main_returned: false,
        series: None,
        lanes: &[],
        spawned_after: None,
        new_threads_after: None,
        send_blocks_when_full: None,
        ends_unlogged: &[],
    },
    Spec {
        example: "pool_submit",
        title: (
            "pool_submit 실행: 작업자 세 개가 작업을 하나씩 맡고, main은 결과를 기다립니다",
            "pool_submit run: three workers take one task each while main waits for the results",
        ),
        rules: &[
            rule(
                Others,
                r"^(?P<key>\w+): starting",
                &[Open(SpanKind::Working)],
            ),
            rule(
                Others,
                r"^(?P<key>\w+): finishing",
                &[Close(SpanKind::Working), Mark(MarkKind::Finished)],
            ),
            rule(
                Main,
                "^results",
                &[SinceLast(SpanKind::Waiting), Mark(MarkKind::Received)],
            ),
            rule(Main, r"^(?P<label>\w+) failed", &[Mark(MarkKind::Failed)]),
        ],
        cut_off: &[],
        main_returned: false,
        series: None,
        lanes: &[],
        spawned_after: None,
        new_threads_after: None,
        send_blocks_when_full: None,
        // Third's task panics right after "Third: starting"; no line marks its end.
        ends_unlogged: &["Third"],
    },
    Spec {
        example: "pool_map",
        title: (
            "pool_map 실행: 작업자 두 개가 작업 다섯 개를 차례로 처리합니다",
            "pool_map run: two workers take the five tasks in turn",
        ),
        rules: &[
            rule(
                Others,
                r"^(?P<key>\w+): starting",
                &[Open(SpanKind::Working)],
            ),
            rule(
                Others,
                r"^(?P<key>\w+): finishing",
                &[Close(SpanKind::Working)],
            ),
            rule(
                Main,
                "^results",
                &[SinceLast(SpanKind::Waiting), Mark(MarkKind::Received)],
            ),
        ],
        cut_off: &[],
        main_returned: false,
        series: None,
        lanes: &[],
        spawned_after: None,
        new_threads_after: None,
        send_blocks_when_full: None,
        ends_unlogged: &[],
    },
    Spec {
        example: "semaphore",
        title: (
            "semaphore 실행: 작업자 열 개가 연결 세 개를 나눠 씁니다",
            "semaphore run: ten workers share three connections",
        ),
        rules: &[
            rule(Others, r"^connected", &[Acquire]),
            rule(Others, r"^done, disconnecting", &[Release]),
            rule(Main, r"^at most", &[SinceLast(SpanKind::Waiting), JoinAll]),
        ],
        cut_off: &[],
        main_returned: false,
        series: Some((SeriesKind::PermitsInUse, Some(3))),
        lanes: &[],
        spawned_after: None,
        new_threads_after: None,
        send_blocks_when_full: None,
        ends_unlogged: &[],
    },
    Spec {
        example: "deadlock",
        title: (
            "deadlock 실행: 반대 순서로 락을 잡은 두 작업은 영원히 기다리고, 같은 순서로 잡으면 둘 다 끝납니다",
            "deadlock run: jobs taking the locks in opposite orders wait forever; in one order both finish",
        ),
        rules: &[
            rule(
                Others,
                r"^waiting for the (?P<key>\w+)",
                &[Open(SpanKind::Waiting)],
            ),
            rule(
                Others,
                r"^has the (?P<lock>\w+)",
                &[Close(SpanKind::Waiting), Lock],
            ),
            // The first release ends the work done under both locks.
            rule(
                Others,
                r"^releas\w* the (?P<lock>\w+)",
                &[Close(SpanKind::Working), Unlock],
            ),
            rule(Others, r"^working", &[Open(SpanKind::Working)]),
            rule(
                Main,
                r"deadlock",
                &[SinceLast(SpanKind::Waiting), Mark(MarkKind::GaveUp)],
            ),
            rule(
                Main,
                r"^both jobs done",
                &[SinceLast(SpanKind::Waiting), JoinAll],
            ),
        ],
        cut_off: &["A", "B"],
        main_returned: true,
        series: None,
        lanes: &["main", "A", "B"],
        spawned_after: None,
        new_threads_after: Some(r"^again"),
        send_blocks_when_full: None,
        ends_unlogged: &[],
    },
    Spec {
        example: "race",
        title: (
            "race 실행: 두 스레드가 같은 값을 읽은 뒤 차례로 써서 한쪽의 쓰기가 덮어쓰입니다",
            "race run: both threads read the same value, then write in turn, and one write is overwritten",
        ),
        rules: &[
            rule(Any, r"^(?:\w+: )?read (?P<label>-?\d+)", &[Read]),
            rule(Any, r"^(?:\w+: )?wrote (?P<label>-?\d+)", &[Write]),
        ],
        cut_off: &[],
        main_returned: false,
        series: None,
        lanes: &["First", "Second"],
        spawned_after: None,
        new_threads_after: None,
        send_blocks_when_full: None,
        ends_unlogged: &[],
    },
    Spec {
        example: "lock_guard",
        title: (
            "lock_guard 실행: 한 번에 한 스레드만 락을 보유하고, 나머지는 기다립니다",
            "lock_guard run: one thread at a time holds the lock; the others wait",
        ),
        rules: &[
            rule(
                Others,
                r"^(?P<key>\w+): starting update",
                &[Open(SpanKind::Waiting)],
            ),
            rule(
                Others,
                r"^(?P<key>\w+): has the lock",
                &[Close(SpanKind::Waiting), Lock],
            ),
            rule(Others, r"^(?P<key>\w+): releasing the lock", &[Unlock]),
            rule(Main, r"^ending value", &[SinceLast(SpanKind::Waiting)]),
        ],
        cut_off: &[],
        main_returned: false,
        series: None,
        lanes: &[],
        spawned_after: None,
        new_threads_after: None,
        send_blocks_when_full: None,
        ends_unlogged: &[],
    },
    Spec {
        example: "prodcons",
        title: (
            "prodcons 실행: 생산자가 큐를 채우고, 느린 소비자가 비웁니다",
            "prodcons run: the producer fills the queue, the slower consumer empties it",
        ),
        rules: &[
            rule(Others, r"^made message (?P<value>\d+)", &[Send]),
            rule(Others, r"^saw the stop event", &[Mark(MarkKind::Finished)]),
            rule(
                Others,
                r"^stored message (?P<value>\d+) \(size=(?P<n>\d+)\)",
                &[Receive, QueueLength],
            ),
            rule(Others, r"^the queue is closed", &[Mark(MarkKind::Finished)]),
            rule(
                Main,
                r"^setting the stop event",
                &[SinceLast(SpanKind::Sleeping), Mark(MarkKind::Signal)],
            ),
            rule(
                Main,
                r"^made \d+ messages",
                &[SinceLast(SpanKind::Waiting), JoinAll],
            ),
        ],
        cut_off: &[],
        main_returned: false,
        series: Some((SeriesKind::QueueLength, Some(10))),
        lanes: &["producer", "consumer"],
        spawned_after: None,
        new_threads_after: None,
        send_blocks_when_full: Some(10),
        ends_unlogged: &[],
    },
    Spec {
        example: "prodcons_channel",
        title: (
            "prodcons_channel 실행: 생산자가 보내는 쪽을 버리면 채널이 닫히고, 소비자는 남은 메시지를 다 받은 뒤 끝납니다",
            "prodcons_channel run: the producer drops its sender, the channel closes, and the consumer ends after the last message",
        ),
        rules: &[
            rule(Others, r"^made message (?P<value>\d+)", &[Send]),
            rule(
                Others,
                r"^done; dropping the sender",
                &[Mark(MarkKind::Finished)],
            ),
            rule(Others, r"^stored message (?P<value>\d+)", &[Receive]),
            rule(Others, r"^the queue is closed", &[Mark(MarkKind::Finished)]),
            rule(
                Main,
                r"^made \d+ messages",
                &[SinceLast(SpanKind::Waiting), JoinAll],
            ),
        ],
        cut_off: &[],
        main_returned: false,
        series: None,
        lanes: &["producer", "consumer"],
        spawned_after: None,
        new_threads_after: None,
        send_blocks_when_full: Some(10),
        ends_unlogged: &[],
    },
    Spec {
        example: "tickers",
        title: (
            "tickers 실행: 네 시세를 차례로 기다리면 네 번, 동시에 기다리면 한 번 기다립니다",
            "tickers run: four waits one after another, then one wait for all four at once",
        ),
        rules: &[
            rule(
                Any,
                r"^(?P<key>[A-Z]+) \d+$",
                &[SinceLast(SpanKind::Waiting)],
            ),
            rule(
                Main,
                r"^all at once",
                &[SinceLast(SpanKind::Waiting), JoinAll],
            ),
        ],
        cut_off: &[],
        main_returned: false,
        series: None,
        lanes: &["main", "KOSPI", "KOSDAQ", "NASDAQ", "NIKKEI"],
        spawned_after: Some(r"^one after another"),
        new_threads_after: None,
        send_blocks_when_full: None,
        ends_unlogged: &[],
    },
    Spec {
        example: "rwlock",
        title: (
            "rwlock 실행: 읽는 스레드 둘이 함께 읽고, 쓰는 스레드는 둘 다 읽기 락을 놓을 때까지 기다립니다",
            "rwlock run: two readers read at once; the writer waits until both have let go",
        ),
        rules: &[
            // Read locks are shared, so they are drawn as spans, not as holds
            // of one lock, which the invariants would require to never overlap.
            rule(
                Any,
                r"^took the (?P<key>read lock)",
                &[Open(SpanKind::Working)],
            ),
            rule(
                Any,
                r"^releasing the read lock",
                &[Close(SpanKind::Working)],
            ),
            rule(Others, r"^waiting to write", &[Open(SpanKind::Waiting)]),
            rule(
                Others,
                r"^took the (?P<key>write lock)",
                &[Close(SpanKind::Waiting), Lock],
            ),
            rule(Others, r"^releasing the write lock", &[Unlock]),
            rule(
                Others,
                r"^(?P<label>try_write) while two read: refused = true",
                &[Mark(MarkKind::GaveUp)],
            ),
            rule(
                Main,
                r"^(?P<label>try_read) while the writer waits: refused = true",
                &[Mark(MarkKind::GaveUp)],
            ),
        ],
        cut_off: &[],
        main_returned: false,
        series: None,
        lanes: &["reader-1", "reader-2", "writer", "main"],
        spawned_after: None,
        new_threads_after: None,
        send_blocks_when_full: None,
        ends_unlogged: &[],
    },
    Spec {
        example: "cancel",
        title: (
            "cancel 실행: 핸들을 버린 태스크는 끝까지 돌고, abort()된 태스크는 다음 .await에서 멈춥니다",
            "cancel run: a task whose handle was dropped runs to the end; an aborted one stops at its next .await",
        ),
        rules: &[
            // The aborted task's third step is work without an `.await`.
            rule(Others, r"^aborted: step 3", &[SinceLast(SpanKind::Working)]),
            rule(
                Others,
                r"^(?P<key>detached|aborted): step \d",
                &[SinceLast(SpanKind::Sleeping)],
            ),
            rule(Others, r"^detached: dropped", &[Mark(MarkKind::Finished)]),
            rule(Others, r"^aborted: dropped", &[Mark(MarkKind::Cancelled)]),
            rule(
                Main,
                r"^(?P<label>drop)ped the JoinHandle",
                &[Mark(MarkKind::Signal)],
            ),
            rule(
                Main,
                r"^(?P<label>abort\(\)) returned",
                &[Mark(MarkKind::Signal)],
            ),
            rule(
                Main,
                r"^the detached task finished",
                &[Mark(MarkKind::Received)],
            ),
            rule(Main, r"^the task ended with", &[Mark(MarkKind::Joined)]),
        ],
        cut_off: &[],
        main_returned: false,
        series: None,
        lanes: &["main"],
        spawned_after: None,
        new_threads_after: None,
        send_blocks_when_full: None,
        ends_unlogged: &[],
    },
    Spec {
        example: "spin_lock",
        title: (
            "spin_lock 실행: 스핀 락을 기다리는 스레드는 내내 CPU에서 돌고, 뮤텍스를 기다리는 스레드는 잠듭니다",
            "spin_lock run: the thread waiting for the spin lock runs on the CPU all along; the one waiting for the mutex sleeps",
        ),
        rules: &[
            rule(
                Others,
                r"^spinning until the spin lock is free",
                &[Open(SpanKind::Working)],
            ),
            rule(
                Others,
                r"^asleep until the mutex is free",
                &[Open(SpanKind::Waiting)],
            ),
            rule(
                Others,
                r"^has the (?P<lock>spin lock) after",
                &[Close(SpanKind::Working), Lock],
            ),
            rule(
                Others,
                r"^has the (?P<lock>mutex) after",
                &[Close(SpanKind::Waiting), Lock],
            ),
            rule(Others, r"^has the (?P<lock>spin lock|mutex)$", &[Lock]),
            rule(
                Others,
                r"^releasing the (?P<lock>spin lock|mutex)",
                &[Unlock],
            ),
        ],
        cut_off: &[],
        main_returned: false,
        series: None,
        lanes: &["holder", "waiter"],
        spawned_after: None,
        new_threads_after: Some(r"^again"),
        send_blocks_when_full: None,
        ends_unlogged: &[],
    },
    Spec {
        example: "one_shot",
        title: (
            "one_shot 실행: main은 park로 잠든 채 메시지를 기다리다가, 보내는 스레드의 unpark로 깨어납니다",
            "one_shot run: main waits parked for the message, and the sender's unpark wakes it",
        ),
        rules: &[
            rule(
                Main,
                r"^waiting for the message",
                &[Open(SpanKind::Waiting)],
            ),
            rule(
                Others,
                r"^sending (?P<value>\d+)",
                &[SinceLast(SpanKind::Working), Send],
            ),
            rule(
                Main,
                r"^received (?P<value>\d+)",
                &[Close(SpanKind::Waiting), Receive],
            ),
        ],
        cut_off: &[],
        main_returned: false,
        series: None,
        lanes: &["main", "sender"],
        spawned_after: None,
        new_threads_after: None,
        send_blocks_when_full: None,
        ends_unlogged: &[],
    },
];

/// The spec of `example`, if it has a timeline.
pub fn spec(example: &str) -> Option<&'static Spec> {
    SPECS.iter().find(|s| s.example == example)
}

/// Words in keys and labels that the Korean figure says in Korean.
fn korean(word: &str) -> Option<&'static str> {
    Some(match word {
        "printer" => "프린터",
        "disk" => "디스크",
        "read lock" => "읽기 락",
        "write lock" => "쓰기 락",
        "spin lock" => "스핀 락",
        "mutex" => "뮤텍스",
        _ => return None,
    })
}

fn label(word: &str) -> Label {
    match korean(word) {
        Some(ko) => Label::new(ko, word),
        None => Label::same(word),
    }
}

/// A position in the trace: when, and which line (lines logged in the same
/// microsecond are still ordered).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct At {
    pub micros: u64,
    pub seq: usize,
}

/// A lock held from one log line to another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hold {
    pub lock: String,
    pub thread: String,
    pub from: At,
    pub to: At,
}

/// What the figure claims, for the invariants to check against the trace.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    pub holds: Vec<Hold>,
    /// Permits in use after each change, and the semaphore's limit.
    pub permits: Vec<(At, u32)>,
    pub permit_limit: Option<u32>,
    /// Queue length samples, and the queue's capacity.
    pub queue: Vec<(At, u32)>,
    pub queue_capacity: Option<u32>,
    pub sent: Vec<(At, String)>,
    pub received: Vec<(At, String)>,
    /// Sends drawn blocked on a full queue: the sender, from, to.
    pub blocked: Vec<(String, At, At)>,
    /// `main` returned from joining `thread` before the line at `At`.
    pub joins: Vec<(String, At)>,
    pub cut_off: Vec<String>,
    /// `main`'s last line: the process ends right after it.
    pub main_end: Option<At>,
    /// Each thread's last line.
    pub last: BTreeMap<String, At>,
}

/// A timeline and the facts it claims, read from one trace.
#[derive(Clone, Debug)]
pub struct Reading {
    pub timeline: Timeline,
    pub facts: Facts,
    /// The trace's lines, each thread named as its lane is (`A (2)` for a
    /// second thread called `A`).
    pub events: Vec<Event>,
    /// The patterns of the spec (its rules, `spawned_after`,
    /// `new_threads_after`) that match no line of the trace. A rule that
    /// never fires draws nothing, or leaves a span open to the thread's end:
    /// the figure is wrong and nothing else says so.
    pub unmatched: Vec<&'static str>,
    /// Spans that no line closed: still open at the thread's last line, or
    /// opened again before they were closed. Drawn to where the reading
    /// gave up on them, which is a guess, not something the run logged. A
    /// thread that main's return cuts off (`Spec::cut_off`) is exempt: its
    /// spans end with the process, and that is what its figure shows.
    pub unclosed: Vec<Unclosed>,
}

/// A span that no log line closed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unclosed {
    pub thread: String,
    pub kind: SpanKind,
    /// The span's key, if its rule captured one.
    pub key: Option<String>,
    /// The line that opened it.
    pub from: At,
    /// The line that opened the same span again while this one was open;
    /// `None`: it was still open at the thread's last line.
    pub reopened_at: Option<At>,
}

#[derive(Clone)]
struct Open {
    kind: SpanKind,
    /// The span's label.
    key: Option<String>,
    /// The lock held, for hold spans.
    lock: Option<String>,
    from: At,
}

#[derive(Default)]
struct Thread {
    open: Vec<Open>,
    /// Spans opened again before any line closed them, and where.
    reopened: Vec<(Open, At)>,
    first: Option<At>,
    last: Option<At>,
    /// Read and write steps, for the lost update.
    steps: Vec<(bool, At, usize)>,
}

/// Reads `events` with the vocabulary of `spec`.
pub fn read(spec: &Spec, events: &[Event]) -> Result<Reading, String> {
    let rules: Vec<(&Rule, Regex)> = spec
        .rules
        .iter()
        .map(|rule| (rule, Regex::new(rule.pattern).expect("a valid pattern")))
        .collect();
    let mut timeline = Timeline::new(
        format!("fig-{}", spec.example.replace('_', "-")),
        Label::new(spec.title.0, spec.title.1),
    );
    // The trace's line i is the output block's log line i: the page links them.
    timeline.log_lines = Some(events.len());
    let mut facts = Facts::default();
    let mut threads: BTreeMap<String, Thread> = BTreeMap::new();
    let mut in_use = 0u32;
    let mut last_main: Option<At> = None;
    let mut spawn_point: Option<At> = None;
    let spawned_after = spec
        .spawned_after
        .map(|pattern| Regex::new(pattern).expect("a valid pattern"));
    let new_threads_after = spec
        .new_threads_after
        .map(|pattern| Regex::new(pattern).expect("a valid pattern"));
    let mut fired = vec![false; rules.len()];
    let (mut spawned_after_fired, mut new_threads_after_fired) = (false, false);
    let mut unclosed = Vec::new();
    let mut generation = 1;
    // Where each run after the first begins: it gets a panel of its own.
    let mut runs_from = Vec::new();
    let events: Vec<Event> = events
        .iter()
        .map(|event| {
            let mut event = event.clone();
            if event.thread == "main" {
                if new_threads_after
                    .as_ref()
                    .is_some_and(|p| p.is_match(&event.message))
                {
                    generation += 1;
                    new_threads_after_fired = true;
                    runs_from.push(event.micros);
                }
            } else if generation > 1 {
                event.thread = format!("{} ({generation})", event.thread);
            }
            event
        })
        .collect();
    let events = &events[..];
    if let Some((kind, limit)) = spec.series {
        match kind {
            SeriesKind::PermitsInUse => facts.permit_limit = limit,
            SeriesKind::QueueLength => facts.queue_capacity = limit,
        }
    }

    for event in events {
        let at = At {
            micros: event.micros,
            seq: event.seq,
        };
        let is_main = event.thread == "main";
        let state = threads.entry(event.thread.clone()).or_default();
        let previous = state.last.or(if is_main { None } else { spawn_point });
        let lane = timeline.lane_mut(&event.thread);
        let matched = rules.iter().enumerate().find_map(|(i, (rule, regex))| {
            let applies = match rule.who {
                Main => is_main,
                Others => !is_main,
                Any => true,
            };
            applies
                .then(|| regex.captures(&event.message))
                .flatten()
                .map(|captures| (i, *rule, captures))
        });
        if let Some((i, rule, captures)) = matched {
            fired[i] = true;
            for action in rule.actions {
                apply(
                    *action,
                    &captures,
                    event,
                    at,
                    previous,
                    lane,
                    state,
                    &mut facts,
                    &mut in_use,
                )?;
            }
        }
        state.first.get_or_insert(at);
        state.last = Some(at);
        if is_main {
            last_main = Some(at);
            if spawned_after
                .as_ref()
                .is_some_and(|p| p.is_match(&event.message))
            {
                spawn_point = Some(at);
                spawned_after_fired = true;
            }
        }
    }

    facts.main_end = last_main;
    facts.cut_off = spec.cut_off.iter().map(|s| s.to_string()).collect();
    for (name, state) in &mut threads {
        let Some(last) = state.last else { continue };
        facts.last.insert(name.clone(), last);
        let cut_off = spec.cut_off.contains(&name.as_str());
        let end = match (cut_off, last_main) {
            (true, Some(main_end)) if main_end > last => main_end,
            _ => last,
        };
        let lane = timeline.lane_mut(name);
        lane.seen = state.first.map(|first| (first.micros, last.micros));
        for open in state.open.drain(..) {
            let unlogged = open
                .key
                .as_deref()
                .is_some_and(|key| spec.ends_unlogged.contains(&key));
            if !cut_off && !unlogged {
                unclosed.push(Unclosed {
                    thread: name.clone(),
                    kind: open.kind,
                    key: open.key.clone(),
                    from: open.from,
                    reopened_at: None,
                });
            }
            close_span(lane, &mut facts, name, open, end);
        }
        if cut_off {
            lane.marks
                .push(Mark::new(MarkKind::CutOff, end.micros).seq(end.seq));
        }
    }
    mark_overwritten(&mut timeline, &threads);

    if let Some((kind, limit)) = spec.series {
        let points: Vec<(u64, u32)> = match kind {
            SeriesKind::PermitsInUse => &facts.permits,
            SeriesKind::QueueLength => &facts.queue,
        }
        .iter()
        .map(|(at, n)| (at.micros, *n))
        .collect();
        let mut all = vec![(0, 0)];
        all.extend(points);
        timeline.series = Some(Series {
            kind,
            points: all,
            limit,
        });
    }
    if spec.main_returned {
        timeline.main_returned = last_main.map(|at| at.micros);
    }
    if let Some(capacity) = spec.send_blocks_when_full {
        for (k, (sent, _)) in facts.sent.iter().enumerate() {
            // The recv that makes room follows the receiver's (k - capacity)-th line (from 1).
            let Some(room) = k
                .checked_sub(capacity + 1)
                .and_then(|j| facts.received.get(j))
                .map(|(at, _)| *at)
            else {
                continue;
            };
            if room > *sent {
                let Some(sender) = events.iter().find(|e| e.seq == sent.seq) else {
                    continue;
                };
                let sender = sender.thread.clone();
                let span = Span::new(SpanKind::BlockedFull, sent.micros, room.micros)
                    .seq(sent.seq)
                    .seq(room.seq);
                timeline.lane_mut(&sender).spans.push(span);
                facts.blocked.push((sender, *sent, room));
            }
        }
    }
    order_lanes(&mut timeline, spec.lanes);

    // A join covers every thread other than main that logged before it and is not cut off.
    let joins = std::mem::take(&mut facts.joins);
    for (_, at) in joins {
        let joined = threads.keys().filter(|name| {
            *name != "main"
                && !spec.cut_off.contains(&name.as_str())
                && events.iter().any(|e| &e.thread == *name && e.seq < at.seq)
        });
        for name in joined {
            facts.joins.push((name.clone(), at));
        }
    }
    for (name, state) in &threads {
        unclosed.extend(state.reopened.iter().map(|(open, again)| Unclosed {
            thread: name.clone(),
            kind: open.kind,
            key: open.key.clone(),
            from: open.from,
            reopened_at: Some(*again),
        }));
    }
    unclosed.sort_by_key(|u| u.from);
    let mut unmatched: Vec<&'static str> = spec
        .rules
        .iter()
        .zip(&fired)
        .filter(|(_, fired)| !**fired)
        .map(|(rule, _)| rule.pattern)
        .collect();
    unmatched.extend(spec.spawned_after.filter(|_| !spawned_after_fired));
    unmatched.extend(spec.new_threads_after.filter(|_| !new_threads_after_fired));
    if !runs_from.is_empty() {
        timeline.panels = std::iter::once(0)
            .chain(runs_from)
            .enumerate()
            .map(|(i, from)| Panel::run(i + 1, from))
            .collect();
    }
    Ok(Reading {
        timeline,
        facts,
        events: events.to_vec(),
        unmatched,
        unclosed,
    })
}

/// Marks every write that another thread's later write overwrote with a
/// value computed from a read made before it: the lost update.
fn mark_overwritten(timeline: &mut Timeline, threads: &BTreeMap<String, Thread>) {
    // (thread, read, write) for each read-modify-write.
    let mut updates: Vec<(&str, At, At, usize)> = Vec::new();
    for (name, state) in threads {
        let mut read = None;
        for &(is_write, at, mark) in &state.steps {
            if !is_write {
                read = Some(at);
            } else if let Some(r) = read.take() {
                updates.push((name, r, at, mark));
            }
        }
    }
    for &(name, _, write, mark) in &updates {
        let lost = updates
            .iter()
            .any(|&(other, read, later, _)| other != name && read < write && later > write);
        if lost {
            timeline.lane_mut(name).marks[mark].kind = MarkKind::Overwritten;
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn apply(
    action: Action,
    captures: &Captures,
    event: &Event,
    at: At,
    previous: Option<At>,
    lane: &mut Lane,
    state: &mut Thread,
    facts: &mut Facts,
    in_use: &mut u32,
) -> Result<(), String> {
    let key = captures.name("key").map(|m| m.as_str().to_string());
    let mark_label = captures.name("label").map(|m| label(m.as_str()));
    let value = || {
        captures
            .name("value")
            .map(|m| m.as_str().to_string())
            .unwrap_or_default()
    };
    let line = event.seq + 1;
    match action {
        Mark(kind) => {
            let mut mark = Mark::new(kind, at.micros).seq(at.seq);
            mark.label = mark_label;
            lane.marks.push(mark);
        }
        Open(kind) => {
            // Opening a span already open (a new run of the same thread name) ends the old one.
            if let Some(i) = state
                .open
                .iter()
                .position(|o| o.kind == kind && o.key == key)
            {
                let old = state.open.remove(i);
                let end = previous.unwrap_or(at);
                state.reopened.push((old.clone(), at));
                close_span(lane, facts, &event.thread, old, end);
            }
            state.open.push(Open {
                kind,
                key,
                lock: None,
                from: at,
            });
        }
        Close(kind) => {
            // Nothing open (a line that may or may not follow a wait) closes nothing.
            if let Some(i) = state
                .open
                .iter()
                .rposition(|o| o.kind == kind && (key.is_none() || o.key == key || o.key.is_none()))
            {
                let open = state.open.remove(i);
                close_span(lane, facts, &event.thread, open, at);
            }
        }
        SinceLast(kind) => {
            let from = previous.map_or(0, |p| p.micros);
            let mut span = Span::new(kind, from, at.micros);
            span.seq.extend(previous.map(|p| p.seq));
            span = span.seq(at.seq);
            span.label = key.as_deref().map(label);
            lane.spans.push(span);
        }
        Lock => {
            let lock = lock_name(captures, &event.thread).unwrap_or_else(|| "lock".to_string());
            if let Some(i) = state.open.iter().position(|o| {
                o.kind == SpanKind::HoldsLock && o.lock.as_deref() == Some(lock.as_str())
            }) {
                let old = state.open.remove(i);
                state.reopened.push((old.clone(), at));
                close_span(lane, facts, &event.thread, old, previous.unwrap_or(at));
            }
            state.open.push(Open {
                kind: SpanKind::HoldsLock,
                key: key.or_else(|| captures.name("lock").map(|m| m.as_str().to_string())),
                lock: Some(lock),
                from: at,
            });
        }
        Unlock => {
            let lock = lock_name(captures, &event.thread);
            let i = state
                .open
                .iter()
                .rposition(|o| o.kind == SpanKind::HoldsLock && (lock.is_none() || o.lock == lock))
                .ok_or_else(|| {
                    format!(
                        "trace line {line}: {:?} releases a lock it does not hold",
                        event.message
                    )
                })?;
            let open = state.open.remove(i);
            close_span(lane, facts, &event.thread, open, at);
        }
        Acquire => {
            *in_use += 1;
            facts.permits.push((at, *in_use));
            state.open.push(Open {
                kind: SpanKind::HoldsPermit,
                key: None,
                lock: None,
                from: at,
            });
        }
        Release => {
            *in_use = in_use
                .checked_sub(1)
                .ok_or_else(|| format!("trace line {line}: a permit returned that nobody took"))?;
            facts.permits.push((at, *in_use));
            let i = state
                .open
                .iter()
                .rposition(|o| o.kind == SpanKind::HoldsPermit)
                .ok_or_else(|| {
                    format!(
                        "trace line {line}: {:?} returns a permit it does not hold",
                        event.message
                    )
                })?;
            let open = state.open.remove(i);
            close_span(lane, facts, &event.thread, open, at);
        }
        QueueLength => {
            let n = captures
                .name("n")
                .and_then(|m| m.as_str().parse().ok())
                .ok_or_else(|| format!("trace line {line}: no queue length"))?;
            facts.queue.push((at, n));
        }
        Send => {
            facts.sent.push((at, value()));
            lane.marks
                .push(Mark::new(MarkKind::Sent, at.micros).seq(at.seq));
        }
        Receive => {
            facts.received.push((at, value()));
            lane.marks
                .push(Mark::new(MarkKind::Received, at.micros).seq(at.seq));
        }
        JoinAll => {
            // Filled in by `join_all` below, which sees every thread.
            lane.marks
                .push(Mark::new(MarkKind::Joined, at.micros).seq(at.seq));
            facts.joins.push((String::new(), at));
        }
        Read | Write => {
            let kind = if matches!(action, Read) {
                MarkKind::Read
            } else {
                MarkKind::Write
            };
            let mut mark = Mark::new(kind, at.micros).seq(at.seq);
            mark.label = mark_label;
            lane.marks.push(mark);
            state
                .steps
                .push((matches!(action, Write), at, lane.marks.len() - 1));
        }
    }
    Ok(())
}

/// The lock a line names; after `new_threads_after`, a thread `A (2)`
/// takes fresh locks, `printer (2)`.
fn lock_name(captures: &Captures, thread: &str) -> Option<String> {
    let lock = captures.name("lock")?.as_str();
    let generation = thread
        .rsplit_once(" (")
        .filter(|(_, rest)| rest.ends_with(')'))
        .map(|(_, rest)| rest.trim_end_matches(')'));
    Some(match generation {
        Some(n) => format!("{lock} ({n})"),
        None => lock.to_string(),
    })
}

fn close_span(lane: &mut Lane, facts: &mut Facts, thread: &str, open: Open, to: At) {
    let mut span = Span::new(open.kind, open.from.micros, to.micros)
        .seq(open.from.seq)
        .seq(to.seq);
    span.label = open.key.as_deref().map(label);
    lane.spans.push(span);
    if open.kind == SpanKind::HoldsLock {
        facts.holds.push(Hold {
            lock: open.lock.unwrap_or_default(),
            thread: thread.to_string(),
            from: open.from,
            to,
        });
    }
}

/// `main` first unless `preferred` says otherwise, then the preferred lanes,
/// then the rest by name, numbers compared as numbers (`worker-2` before `worker-10`).
fn order_lanes(timeline: &mut Timeline, preferred: &[&str]) {
    fn natural(name: &str) -> (String, u64) {
        let digits = name.len() - name.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let (stem, number) = name.split_at(name.len() - digits);
        (stem.to_string(), number.parse().unwrap_or(0))
    }
    let rank = |name: &str| -> (usize, (String, u64)) {
        if let Some(i) = preferred.iter().position(|p| *p == name) {
            (i, (String::new(), 0))
        } else if name == "main" {
            (usize::MAX - 1, (String::new(), 0))
        } else {
            (usize::MAX, natural(name))
        }
    };
    let main_first = !preferred.contains(&"main");
    timeline.lanes.sort_by(|a, b| {
        let key = |lane: &Lane| {
            let (r, n) = rank(&lane.name);
            let r = if main_first && lane.name == "main" {
                0
            } else if main_first && r < usize::MAX - 1 {
                r + 1
            } else {
                r
            };
            (r, n)
        };
        key(a).cmp(&key(b))
    });
}

/// Reads the trace of `example`.
pub fn read_trace(example: &str, trace: &str) -> Result<Reading, String> {
    let spec = spec(example).ok_or_else(|| format!("no timeline vocabulary for {example}"))?;
    read(spec, &parse_trace(trace)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_write_that_a_stale_read_overwrites_is_marked() {
        // Both read 0; Second writes first, First writes after: Second's write is lost.
        let trace = "\
10\tmain\tstarting value is 0
20\tFirst\tread 0
30\tSecond\tread 0
40\tSecond\twrote 1
50\tFirst\twrote 1
60\tmain\tread 1
70\tmain\twrote 2
80\tmain\tending value is 2
";
        let reading = read_trace("race", trace).unwrap();
        let marks = |name: &str| -> Vec<MarkKind> {
            let lane = reading
                .timeline
                .lanes
                .iter()
                .find(|l| l.name == name)
                .unwrap();
            lane.marks.iter().map(|m| m.kind).collect()
        };
        assert_eq!(marks("Second"), [MarkKind::Read, MarkKind::Overwritten]);
        assert_eq!(marks("First"), [MarkKind::Read, MarkKind::Write]);
        assert_eq!(marks("main"), [MarkKind::Read, MarkKind::Write]);
    }

    #[test]
    fn a_rule_that_matches_no_line_and_the_span_it_leaves_open_are_reported() {
        let trace = "\
1\tmain\tbefore running the thread
2\tmain\twaiting for the thread to finish
3\tFirst\tstarting
9\tFirst\tfinishing
10\tmain\tall done
";
        let reading = read_trace("thread_join", trace).unwrap();
        assert!(reading.unmatched.is_empty(), "{:?}", reading.unmatched);
        assert!(reading.unclosed.is_empty(), "{:?}", reading.unclosed);
        // main's last line reworded: the rule that ends its wait never fires.
        let reworded = trace.replace("all done", "everything done");
        let reading = read_trace("thread_join", &reworded).unwrap();
        assert_eq!(reading.unmatched, ["^all done"]);
        let open = &reading.unclosed[..];
        assert_eq!(open.len(), 1, "{open:?}");
        assert_eq!(
            (
                open[0].thread.as_str(),
                open[0].kind,
                open[0].from.seq,
                open[0].reopened_at
            ),
            ("main", SpanKind::Waiting, 1, None)
        );
    }

    #[test]
    fn a_span_opened_again_before_it_was_closed_is_reported() {
        let trace = "\
1\tworker-0\tFirst: starting update
2\tworker-0\tFirst: has the lock
3\tworker-0\tFirst: has the lock
4\tworker-0\tFirst: releasing the lock
5\tmain\tending value is 1
";
        let reading = read_trace("lock_guard", trace).unwrap();
        let open = &reading.unclosed[..];
        assert_eq!(open.len(), 1, "{open:?}");
        assert_eq!(
            (
                open[0].kind,
                open[0].from.seq,
                open[0].reopened_at.map(|at| at.seq)
            ),
            (SpanKind::HoldsLock, 1, Some(2))
        );
    }

    #[test]
    fn a_thread_name_used_again_gets_a_lane_and_locks_of_its_own() {
        let trace = "\
1\tA\twaiting for the printer
2\tA\thas the printer
3\tA\twaiting for the disk
500\tmain\tno job done after 500ms: deadlock
501\tmain\tagain on a fresh printer and disk
502\tA\twaiting for the printer
503\tA\thas the printer
504\tA\thas the disk
505\tmain\tboth jobs done
";
        let reading = read_trace("deadlock", trace).unwrap();
        let names: Vec<&str> = reading
            .timeline
            .lanes
            .iter()
            .map(|l| l.name.as_str())
            .collect();
        assert_eq!(names, ["main", "A", "A (2)"]);
        let locks: Vec<&str> = reading
            .facts
            .holds
            .iter()
            .map(|h| h.lock.as_str())
            .collect();
        assert!(
            locks.contains(&"printer") && locks.contains(&"printer (2)"),
            "{locks:?}"
        );
        assert_eq!(reading.facts.cut_off, ["A", "B"]);
        assert!(crate::invariants::check(&reading.facts, &reading.events).is_empty());
        // Each run on an axis of its own: the second, a millisecond long,
        // would be a sliver on the first one's half second.
        let from: Vec<u64> = reading.timeline.panels.iter().map(|p| p.from).collect();
        assert_eq!(from, [0, 501]);
    }
}
