//! What a timeline claims, checked against the trace it was drawn from.
//!
//! Each check returns the broken invariant's name first, so that a failing
//! test says which promise the recording breaks.

use std::collections::BTreeMap;

use crate::vocab::{Event, Facts};

pub const HOLDS: &str = "a mutex's hold spans never overlap";
pub const PERMITS: &str = "permits in use never exceed the limit";
pub const QUEUE: &str = "the queue never holds more than its capacity";
pub const MESSAGES: &str = "every received message was sent earlier";
pub const JOINS: &str = "a joined thread's last event comes before the join returns";
pub const CUT_OFF: &str = "no event of a cut-off thread after main ended";
pub const BLOCKED: &str = "a thread drawn blocked in send logs nothing until it is unblocked";

/// Every broken invariant, one message each (empty when all hold).
/// `events` are the trace's lines as [`crate::vocab::Reading`] names them.
pub fn check(facts: &Facts, events: &[Event]) -> Vec<String> {
    let mut broken = Vec::new();
    holds_never_overlap(facts, &mut broken);
    within_limit(PERMITS, &facts.permits, facts.permit_limit, &mut broken);
    within_limit(QUEUE, &facts.queue, facts.queue_capacity, &mut broken);
    received_after_sent(facts, &mut broken);
    joined_before_join_returns(facts, events, &mut broken);
    cut_off_silent_after_main(facts, events, &mut broken);
    silent_while_blocked(facts, events, &mut broken);
    broken
}

fn silent_while_blocked(facts: &Facts, events: &[Event], broken: &mut Vec<String>) {
    for (thread, from, to) in &facts.blocked {
        if let Some(event) = events
            .iter()
            .find(|e| &e.thread == thread && e.seq > from.seq && e.seq < to.seq)
        {
            broken.push(format!(
                "invariant broken: {BLOCKED}: {thread} is drawn blocked from trace line {} to line {}, but logged at line {}",
                from.seq + 1,
                to.seq + 1,
                event.seq + 1
            ));
        }
    }
}

fn holds_never_overlap(facts: &Facts, broken: &mut Vec<String>) {
    let mut by_lock: BTreeMap<&str, Vec<_>> = BTreeMap::new();
    for hold in &facts.holds {
        by_lock.entry(hold.lock.as_str()).or_default().push(hold);
    }
    for (lock, mut holds) in by_lock {
        holds.sort_by_key(|h| h.from);
        for pair in holds.windows(2) {
            let (earlier, later) = (pair[0], pair[1]);
            if later.from <= earlier.to {
                broken.push(format!(
                    "invariant broken: {HOLDS}: {} holds the {lock} from trace line {} to line {}, but {} has it from line {}",
                    earlier.thread,
                    earlier.from.seq + 1,
                    earlier.to.seq + 1,
                    later.thread,
                    later.from.seq + 1
                ));
            }
        }
    }
}

fn within_limit(
    name: &str,
    values: &[(crate::vocab::At, u32)],
    limit: Option<u32>,
    broken: &mut Vec<String>,
) {
    let Some(limit) = limit else { return };
    if let Some((at, n)) = values.iter().find(|(_, n)| *n > limit) {
        broken.push(format!(
            "invariant broken: {name}: {n} at trace line {}, limit {limit}",
            at.seq + 1
        ));
    }
}

fn received_after_sent(facts: &Facts, broken: &mut Vec<String>) {
    // One channel, first in, first out: the k-th message out is the k-th in.
    for (k, (got, value)) in facts.received.iter().enumerate() {
        match facts.sent.get(k) {
            Some((sent, sent_value)) if sent < got && sent_value == value => {}
            Some((sent, sent_value)) => broken.push(format!(
                "invariant broken: {MESSAGES}: message {} received at trace line {} ({value}) was sent at line {} ({sent_value})",
                k + 1,
                got.seq + 1,
                sent.seq + 1
            )),
            None => broken.push(format!(
                "invariant broken: {MESSAGES}: message {} received at trace line {} ({value}) was never sent",
                k + 1,
                got.seq + 1
            )),
        }
    }
}

/// A thread name can be used again by a later thread (the deadlock example
/// runs its jobs twice): a line of the joined thread's name after `main`'s
/// next line belongs to the new thread, but none may come between the join
/// and that line.
fn joined_before_join_returns(facts: &Facts, events: &[Event], broken: &mut Vec<String>) {
    for (thread, at) in &facts.joins {
        let next_main = events
            .iter()
            .find(|e| e.seq > at.seq && e.thread == "main")
            .map_or(usize::MAX, |e| e.seq);
        if let Some(late) = events
            .iter()
            .find(|e| &e.thread == thread && e.seq > at.seq && e.seq < next_main)
        {
            broken.push(format!(
                "invariant broken: {JOINS}: {thread} logs {:?} at trace line {}, after main's join returned at line {}",
                late.message,
                late.seq + 1,
                at.seq + 1
            ));
        }
    }
}

fn cut_off_silent_after_main(facts: &Facts, events: &[Event], broken: &mut Vec<String>) {
    let Some(end) = facts.main_end else { return };
    for thread in &facts.cut_off {
        if let Some(late) = events
            .iter()
            .find(|e| &e.thread == thread && e.seq > end.seq)
        {
            broken.push(format!(
                "invariant broken: {CUT_OFF}: {thread} logs {:?} at trace line {}, after main's last line {}",
                late.message,
                late.seq + 1,
                end.seq + 1
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    //! Each invariant catches a doctored trace.
    use super::*;
    use crate::vocab::read_trace;

    fn broken(example: &str, trace: &str) -> Vec<String> {
        let reading = read_trace(example, trace).unwrap();
        check(&reading.facts, &reading.events)
    }

    fn assert_breaks(example: &str, trace: &str, invariant: &str) {
        let broken = broken(example, trace);
        assert!(
            broken.iter().any(|b| b.contains(invariant)),
            "expected {invariant:?} to break, got {broken:?}"
        );
    }

    const LOCK_GUARD: &str = "\
0\tmain\tmethod 1: lock(), then drop(guard)
10\tworker-1\tFirst: starting update
11\tworker-1\tFirst: has the lock
12\tworker-0\tSecond: starting update
100\tworker-1\tFirst: releasing the lock
101\tworker-1\tFirst: finishing update
102\tworker-0\tSecond: has the lock
200\tworker-0\tSecond: releasing the lock
201\tworker-0\tSecond: finishing update
202\tmain\tending value is 2
";

    #[test]
    fn overlapping_holds_break_mutual_exclusion() {
        assert!(broken("lock_guard", LOCK_GUARD).is_empty());
        // Second takes the lock before First has let it go.
        let doctored = LOCK_GUARD
            .replace("102\tworker-0\tSecond: has the lock\n", "")
            .replace(
                "12\tworker-0\tSecond: starting update\n",
                "12\tworker-0\tSecond: starting update\n13\tworker-0\tSecond: has the lock\n",
            );
        assert_breaks("lock_guard", &doctored, HOLDS);
    }

    #[test]
    fn too_many_permits_break_the_limit() {
        let mut trace = String::new();
        for i in 0..3 {
            trace += &format!("{i}\tworker-{i}\tconnected ({} in use)\n", i + 1);
        }
        trace += "5\tworker-0\tdone, disconnecting\n9\tworker-3\tconnected (3 in use)\n";
        for i in 1..4 {
            trace += &format!("{}\tworker-{i}\tdone, disconnecting\n", 10 + i);
        }
        trace += "20\tmain\tat most 3 of 4 workers held a connection at once\n";
        assert!(
            broken("semaphore", &trace).is_empty(),
            "{:?}",
            broken("semaphore", &trace)
        );
        let doctored = trace
            .replace("5\tworker-0\tdone, disconnecting\n", "")
            .replace(
                "11\tworker-1\tdone, disconnecting\n",
                "11\tworker-1\tdone, disconnecting\n12\tworker-0\tdone, disconnecting\n",
            );
        assert_breaks("semaphore", &doctored, PERMITS);
    }

    const CHANNEL: &str = "\
5\tproducer\tmade message 3
9\tproducer\tmade message 7
20\tconsumer\tstored message 3
21\tproducer\tdone; dropping the sender closes the queue
35\tconsumer\tstored message 7
35\tconsumer\tthe queue is closed and empty; exiting
36\tmain\tmade 2 messages, stored 2
";

    #[test]
    fn a_message_received_before_it_was_sent_breaks_the_channel() {
        assert!(broken("prodcons_channel", CHANNEL).is_empty());
        let doctored = CHANNEL.replace(
            "9\tproducer\tmade message 7\n20\tconsumer\tstored message 3\n",
            "9\tconsumer\tstored message 3\n20\tproducer\tmade message 7\n",
        );
        let doctored = doctored.replace("5\tproducer\tmade message 3\n", "");
        assert_breaks("prodcons_channel", &doctored, MESSAGES);
        let changed = CHANNEL.replace("stored message 7", "stored message 8");
        assert_breaks("prodcons_channel", &changed, MESSAGES);
    }

    const JOIN: &str = "\
0\tmain\tbefore creating the thread
1\tmain\tbefore running the thread
2\tmain\twaiting for the thread to finish
3\tFirst\tstarting
3000\tFirst\tfinishing
3001\tmain\tall done
";

    #[test]
    fn a_line_after_the_join_breaks_join() {
        assert!(broken("thread_join", JOIN).is_empty());
        let doctored = JOIN.replace(
            "3000\tFirst\tfinishing\n3001\tmain\tall done\n",
            "3001\tmain\tall done\n3002\tFirst\tfinishing\n",
        );
        assert_breaks("thread_join", &doctored, JOINS);
    }

    const SPAWN: &str = "\
0\tmain\tbefore creating the thread
1\tmain\tbefore running the thread
2\tFirst\tstarting
3\tmain\tnot waiting for the thread
4\tmain\tall done, returning from main
";

    #[test]
    fn a_line_after_main_ended_breaks_cut_off() {
        assert!(broken("thread_spawn", SPAWN).is_empty());
        let doctored = format!("{SPAWN}3000000\tFirst\tfinishing\n");
        assert_breaks("thread_spawn", &doctored, CUT_OFF);
    }

    /// Twelve messages made at once into a queue of 10: the twelfth send
    /// waits until the consumer, done with the first, takes the second out.
    fn full_queue() -> String {
        let mut trace = String::new();
        for k in 1..=12 {
            trace += &format!("{k}\tproducer\tmade message {k}\n");
        }
        trace += "100\tconsumer\tstored message 1 (size=10)\n";
        trace += "105\tproducer\tsaw the stop event; hanging up\n";
        for k in 2..=12 {
            trace += &format!(
                "{}\tconsumer\tstored message {k} (size={})\n",
                100 + 15 * k,
                12 - k
            );
        }
        trace
    }

    #[test]
    fn a_send_to_a_full_queue_is_drawn_blocked_until_the_consumer_makes_room() {
        let mut reading = read_trace("prodcons", &full_queue()).unwrap();
        let producer = reading.timeline.lane_mut("producer").clone();
        let blocked: Vec<(u64, u64)> = producer
            .spans
            .iter()
            .filter(|s| s.kind == crate::timeline::SpanKind::BlockedFull)
            .map(|s| (s.start, s.end))
            .collect();
        assert_eq!(blocked, [(12, 100)]);
        assert!(broken("prodcons", &full_queue()).is_empty());
        // A line from the producer while it is drawn blocked: the drawing lies.
        let doctored =
            full_queue().replace("100\tconsumer", "50\tproducer\tstill here\n100\tconsumer");
        assert_breaks("prodcons", &doctored, BLOCKED);
    }

    #[test]
    fn a_queue_over_capacity_breaks_the_queue() {
        let trace = "\
5\tproducer\tmade message 3
20\tconsumer\tstored message 3 (size=11)
21\tmain\tsetting the stop event
";
        assert_breaks("prodcons", trace, QUEUE);
    }
}
