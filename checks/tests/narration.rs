//! Some sentences tell what happened in one particular recorded run: "Third
//! got the lock ahead of Second", "A was done before B asked for the
//! printer". The outputs test allows a new recording in which threads
//! interleave differently, and such a recording would make the sentence false
//! without anything failing. Here each of those sentences is tied to the
//! recording it reads from: the sentence must still be on both pages, and
//! the recording must still show what it says. When a new recording shows
//! something else, rewrite the sentences this test names.

use std::collections::BTreeMap;
use std::fs;

use checks::root;
use figures::vocab::{self, Event};

/// A recorded run, read from `outputs/NAME.trace` (microseconds) when the
/// example keeps one, else from `outputs/NAME.txt` (milliseconds). The two
/// are one run: `tests/book_figures.rs` checks that.
struct Run {
    lines: Vec<Event>,
}

impl Run {
    fn read(example: &str) -> Result<Run, String> {
        let recorded =
            |extension| fs::read_to_string(root().join(format!("outputs/{example}.{extension}")));
        let lines = match recorded("trace") {
            Ok(trace) => {
                vocab::parse_trace(&trace).map_err(|e| format!("outputs/{example}.trace: {e}"))?
            }
            Err(_) => vocab::parse_output(
                &recorded("txt").map_err(|e| format!("outputs/{example}.txt: {e}"))?,
            ),
        };
        Ok(Run { lines })
    }

    /// The index of the first line at or after `from` whose message starts with `prefix`.
    fn find(&self, from: usize, prefix: &str) -> Option<usize> {
        (from..self.lines.len()).find(|&i| self.lines[i].message.starts_with(prefix))
    }

    fn line(&self, prefix: &str) -> Option<&Event> {
        self.find(0, prefix).map(|i| &self.lines[i])
    }

    /// The pool examples' `NAME: starting` lines, in order.
    fn starts(&self) -> Vec<&Event> {
        self.lines
            .iter()
            .filter(|l| l.message.ends_with(": starting"))
            .collect()
    }
}

/// How many of `lines` have a message that starts with `prefix`.
fn count(lines: &[Event], prefix: &str) -> usize {
    lines
        .iter()
        .filter(|l| l.message.starts_with(prefix))
        .count()
}

/// In the store_buffering run, how many trials of `variant` (the start of
/// its heading line) gave `pair`.
fn store_buffering_count(run: &Run, variant: &str, pair: &str) -> Result<usize, String> {
    let heading = run.find(0, variant).ok_or(format!("no `{variant}` line"))?;
    let line = run
        .find(heading, &format!("  {pair}"))
        .ok_or(format!("{variant}: no {pair} line"))?;
    let count = run.lines[line]
        .message
        .trim_start()
        .strip_prefix(pair)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .ok_or(format!("{variant}: no count on the {pair} line"))?;
    Ok(count)
}

/// What one sentence, written on both pages, says about one recorded run.
struct Narration {
    example: &'static str,
    page: &'static str,
    /// A phrase of the sentence on each page (whitespace is compared loosely).
    en: &'static str,
    ko: &'static str,
    /// `Ok` if the run shows what the sentence says, else what it shows instead.
    shows: fn(&Run) -> Result<(), String>,
}

const NARRATIONS: &[Narration] = &[
    Narration {
        example: "store_buffering",
        page: "atomics.md",
        en: "`Release`/`Acquire` gave `(0, 0)` in some of the trials, and both `SeqCst` variants in none",
        ko: "`Release`/`Acquire`는 시도 가운데 일부에서 `(0, 0)`을 냈고, 두 `SeqCst` 변형은 한 번도 내지 않았습니다",
        shows: |run| {
            for (variant, wanted) in [
                ("Release/Acquire", "some"),
                ("SeqCst,", "none"),
                ("fence(SeqCst)", "none"),
            ] {
                let zeros = store_buffering_count(run, variant, "(0, 0)")?;
                if (wanted == "none") != (zeros == 0) {
                    return Err(format!("{variant} gave (0, 0) {zeros} times"));
                }
            }
            Ok(())
        },
    },
    Narration {
        example: "store_buffering",
        page: "atomics.md",
        en: "Most trials give `(0, 1)` or `(1, 0)`",
        ko: "대부분의 시도는 `(0, 1)`이나 `(1, 0)`입니다",
        shows: |run| {
            for variant in ["Release/Acquire", "SeqCst,", "fence(SeqCst)"] {
                let count = |pair| store_buffering_count(run, variant, pair);
                let one_first = count("(0, 1)")? + count("(1, 0)")?;
                let others = count("(0, 0)")? + count("(1, 1)")?;
                if one_first <= others {
                    return Err(format!(
                        "{variant}: {one_first} trials gave (0, 1) or (1, 0), {others} the others"
                    ));
                }
            }
            Ok(())
        },
    },
    Narration {
        example: "lock_guard",
        page: "locks.md",
        en: "Second asked first and lost",
        ko: "Second가 먼저 요청했지만 밀렸습니다",
        shows: |run| {
            for method in ["method 1", "method 2"] {
                let start = run.find(0, method).ok_or(format!("no `{method}` line"))?;
                let at = |prefix: &str| {
                    run.find(start, prefix)
                        .ok_or(format!("{method}: no `{prefix}` line"))
                };
                let asked = (at("Second: starting")?, at("Third: starting")?);
                let got = (at("Second: has the lock")?, at("Third: has the lock")?);
                if !(asked.0 < asked.1 && got.1 < got.0) {
                    return Err(format!(
                        "in {method}, Second asked {} Third and got the lock {} it",
                        if asked.0 < asked.1 { "before" } else { "after" },
                        if got.0 < got.1 { "before" } else { "after" },
                    ));
                }
            }
            Ok(())
        },
    },
    Narration {
        example: "lock_guard",
        page: "locks.md",
        en: "Second starts on the other worker less than a millisecond later",
        ko: "1 ms도 지나지 않아 다른 작업자에서 Second가 시작해",
        shows: |run| {
            let first = run.line("First: has the lock").ok_or("no First")?;
            let second = run.line("Second: starting").ok_or("no Second")?;
            let gap = second.micros.abs_diff(first.micros);
            if gap >= 1000 || first.thread == second.thread {
                return Err(format!(
                    "Second started {gap} µs after First took the lock, on {}",
                    second.thread
                ));
            }
            Ok(())
        },
    },
    Narration {
        example: "deadlock",
        page: "synchronization.md",
        en: "In the run above, A was done before B even asked for the printer",
        ko: "위 실행에서는 B가 프린터를 청하기도 전에 A가 일을 마쳤습니다",
        shows: |run| {
            let again = run.find(0, "again on a fresh").ok_or("no second run")?;
            let a_done = run
                .find(again, "releasing the printer")
                .ok_or("no release")?;
            let b_asks = (again..run.lines.len())
                .find(|&i| {
                    run.lines[i].thread == "B" && run.lines[i].message == "waiting for the printer"
                })
                .ok_or("B never asked for the printer")?;
            if run.lines[a_done].thread != "A" || a_done > b_asks {
                return Err("B asked for the printer before A was done".into());
            }
            Ok(())
        },
    },
    Narration {
        example: "scoped_threads",
        page: "thread-pools.md",
        en: "In this run `main` logged `both tellers started` before either teller logged anything",
        ko: "이번 실행에서는 두 창구 직원(teller)이 아무것도 남기기 전에 `main`이 `both tellers started`를 남겼습니다",
        shows: |run| match run.lines.first() {
            Some(line) if line.message == "both tellers started" => Ok(()),
            _ => Err("a teller's line came before `both tellers started`".into()),
        },
    },
    Narration {
        example: "pool_submit",
        page: "thread-pools.md",
        en: "The three tasks start on the three workers within a millisecond of each other",
        ko: "세 작업은 1 ms 안에 세 작업자에서 저마다 시작합니다",
        shows: |run| {
            let starts = run.starts();
            let mut workers: Vec<&str> = starts.iter().map(|l| l.thread.as_str()).collect();
            workers.sort();
            workers.dedup();
            let first = starts.iter().map(|l| l.micros).min().unwrap_or(0);
            let last = starts.iter().map(|l| l.micros).max().unwrap_or(0);
            if starts.len() != 3 || workers.len() != 3 || last - first >= 1000 {
                return Err(format!(
                    "{} tasks started on {} workers over {} µs",
                    starts.len(),
                    workers.len(),
                    last - first
                ));
            }
            Ok(())
        },
    },
    Narration {
        example: "pool_map",
        page: "thread-pools.md",
        en: "Two start at once, two about 200 ms later, the last about 400 ms later",
        ko: "둘이 한꺼번에 시작하고, 200 ms쯤 뒤에 둘, 400 ms쯤 뒤에 마지막 하나가 시작해",
        shows: |run| {
            let starts: Vec<u64> = run.starts().iter().map(|l| l.micros).collect();
            let wave = |micros: u64| (micros + 50_000) / 200_000;
            let waves: Vec<u64> = starts.iter().map(|&m| wave(m)).collect();
            if waves != [0, 0, 1, 1, 2] {
                return Err(format!("the tasks started at {starts:?} µs"));
            }
            Ok(())
        },
    },
    Narration {
        example: "pool_map",
        page: "thread-pools.md",
        en: "Third started next to First",
        ko: "First 옆에서 Third가 시작했습니다",
        shows: |run| {
            let starts: Vec<&str> = run
                .starts()
                .iter()
                .take(2)
                .filter_map(|l| l.message.strip_suffix(": starting"))
                .collect();
            match starts[..] {
                ["First", "Third"] | ["Third", "First"] => Ok(()),
                _ => Err(format!("the first two to start were {starts:?}")),
            }
        },
    },
    Narration {
        example: "daemon",
        page: "daemon-threads.md",
        en: "some versions are never saved on their own",
        ko: "따로 저장되지 않고 지나가는 버전이 생깁니다",
        shows: |run| {
            let edited = count(&run.lines, "edited");
            let saved = count(&run.lines, "saved version");
            // The last edit is never saved (the next sentence); one more unsaved is the claim.
            if saved + 1 >= edited {
                return Err(format!("{saved} of {edited} versions were saved"));
            }
            Ok(())
        },
    },
    Narration {
        example: "daemon",
        page: "daemon-threads.md",
        en: "the last edit is lost",
        ko: "마지막 편집은 사라집니다",
        shows: |run| {
            let last = run
                .lines
                .iter()
                .rev()
                .find(|l| l.message.starts_with("edited, now at version"))
                .ok_or("no edit")?;
            let version = last.message.rsplit(' ').next().unwrap();
            if run.line(&format!("saved version {version}")).is_some() {
                return Err(format!("version {version}, the last edit, was saved"));
            }
            Ok(())
        },
    },
    Narration {
        example: "prodcons",
        page: "producer-consumer.md",
        en: "made one more message after the stop",
        ko: "메시지를 하나 더 만들고",
        shows: |run| {
            let stop = run.find(0, "setting the stop event").ok_or("no stop")?;
            let saw = run.find(stop, "saw the stop event").ok_or("no hang-up")?;
            let made = count(&run.lines[stop..saw], "made message");
            if made != 1 {
                return Err(format!(
                    "the producer made {made} messages between the stop and its hang-up"
                ));
            }
            Ok(())
        },
    },
    Narration {
        example: "prodcons",
        page: "producer-consumer.md",
        en: "From then on the producer is mostly blocked in `send`",
        ko: "그 뒤로 생산자는 대부분의 시간을 `send`에서 기다리고",
        shows: |run| {
            // The waits the figure draws, worked out by the same code.
            let reading = vocab::read(vocab::spec("prodcons").ok_or("no vocabulary")?, &run.lines)?;
            let full = reading
                .facts
                .queue
                .iter()
                .find(|(_, n)| *n == 10)
                .map(|(at, _)| at.micros)
                .ok_or("the queue never reached 10")?;
            let hung_up = reading
                .events
                .iter()
                .find(|e| e.message.starts_with("saw the stop event"))
                .map(|e| e.micros)
                .ok_or("no hang-up")?;
            let blocked: u64 = reading
                .facts
                .blocked
                .iter()
                .map(|(_, from, to)| {
                    to.micros
                        .min(hung_up)
                        .saturating_sub(from.micros.clamp(full, hung_up))
                })
                .sum();
            if blocked * 2 <= hung_up - full {
                return Err(format!(
                    "between the full queue and the hang-up the producer was blocked {blocked} of {} µs",
                    hung_up - full
                ));
            }
            Ok(())
        },
    },
    Narration {
        example: "prodcons",
        page: "producer-consumer.md",
        en: "The queue is full, and the consumer holds one more message",
        ko: "큐는 가득 차 있고, 소비자 손에는 메시지가 하나 더 있습니다",
        shows: |run| {
            let saw = run.find(0, "saw the stop event").ok_or("no hang-up")?;
            let next = run.find(saw, "stored message").ok_or("nothing stored")?;
            if !run.lines[next].message.ends_with("(size=10)") {
                return Err(format!(
                    "after the hang-up the consumer logged `{}`",
                    run.lines[next].message
                ));
            }
            Ok(())
        },
    },
    Narration {
        example: "prodcons",
        page: "producer-consumer.md",
        en: "More than half of the run is the drain",
        ko: "실행 시간의 절반 이상을 큐를 비우는 데 씁니다",
        shows: |run| {
            let saw = run.line("saw the stop event").ok_or("no hang-up")?;
            let end = run.lines.last().ok_or("empty")?;
            if (end.micros - saw.micros) * 2 <= end.micros {
                return Err(format!(
                    "the drain took {} of {} µs",
                    end.micros - saw.micros,
                    end.micros
                ));
            }
            Ok(())
        },
    },
    Narration {
        example: "prodcons_channel",
        page: "producer-consumer.md",
        en: "the consumer has stored well under half of the messages",
        ko: "소비자가 저장한 메시지는 절반에 한참 못 미칩니다",
        shows: |run| {
            let done = run.find(0, "done; dropping").ok_or("no hang-up")?;
            let before = count(&run.lines[..done], "stored message");
            let total = count(&run.lines, "stored message");
            // "Well under half": no more than two fifths.
            if before * 5 > total * 2 {
                return Err(format!(
                    "{before} of {total} messages were stored before the hang-up"
                ));
            }
            Ok(())
        },
    },
    Narration {
        example: "spin_lock",
        page: "spin-lock.md",
        en: "the waiter that spun used more CPU time than the one that slept, which used less than a millisecond",
        ko: "스핀한 스레드는 잠든 스레드보다 CPU 시간을 더 썼고, 잠든 스레드가 쓴 시간은 1 ms도 되지 않았습니다",
        shows: |run| {
            // "has the spin lock after 100.1 ms, 98.7 ms of them on the CPU"
            let on_cpu = |prefix: &str| -> Result<f64, String> {
                let line = run.line(prefix).ok_or(format!("no line {prefix:?}"))?;
                let (_, rest) = line.message.split_once(", ").ok_or("no CPU time")?;
                let (ms, _) = rest.split_once(" ms").ok_or("no CPU time")?;
                ms.parse().map_err(|e| format!("{ms:?}: {e}"))
            };
            let spinning = on_cpu("has the spin lock after")?;
            let sleeping = on_cpu("has the mutex after")?;
            if spinning <= sleeping || sleeping >= 1.0 {
                return Err(format!(
                    "the spinner used {spinning} ms of CPU, the sleeper {sleeping} ms"
                ));
            }
            Ok(())
        },
    },
];

/// `text` with every run of whitespace made one space.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn sentences_about_a_recorded_run_are_true_of_it() {
    let mut problems = Vec::new();
    // Several sentences tell of one run: read each recording once.
    let mut runs = BTreeMap::new();
    for narration in NARRATIONS {
        for (lang, phrase) in [("en", narration.en), ("ko", narration.ko)] {
            let page = format!("src/{lang}/{}", narration.page);
            let text = fs::read_to_string(root().join(&page)).unwrap_or_default();
            if !squeeze(&text).contains(&squeeze(phrase)) {
                problems.push(format!(
                    "{page} no longer says \"{phrase}\": update its entry in checks/tests/narration.rs"
                ));
            }
        }
        let run = runs
            .entry(narration.example)
            .or_insert_with(|| Run::read(narration.example));
        if let Err(shows) = run.as_ref().map_err(Clone::clone).and_then(narration.shows) {
            problems.push(format!(
                "outputs/{}: {shows}, but src/en/{page} says \"{}\" and src/ko/{page} says \"{}\"",
                narration.example,
                narration.en,
                narration.ko,
                page = narration.page,
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "a sentence and the recording it tells of disagree; rewrite the sentence for this \
         recording (or record again):\n  {}",
        problems.join("\n  ")
    );
}
