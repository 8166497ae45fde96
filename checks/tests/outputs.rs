//! Every output block in the book is a file in `outputs/`, recorded from a
//! real run. These tests run each example again and check that it still
//! prints the same thing, up to what really changes from run to run: the
//! times, random numbers, and, where a program leaves it open, the order in
//! which its threads' lines arrive.
//!
//! After changing an example, record it again and review the diff:
//! `RECORD=1 cargo test --test outputs`. `ONLY=race,prodcons` limits a run
//! (recording or checking) to those examples.
//!
//! Recording also keeps each run's trace (`outputs/NAME.trace`: the same log
//! lines with the time in microseconds), from which the book draws its
//! timelines, and redraws the timeline (`src/*/figures/NAME.svg`).

use std::collections::{BTreeMap, BTreeSet};
use std::env;
use std::fs;
use std::io::{self, Read};
use std::path::Path;
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use checks::root;
use regex::Regex;

/// How far a new run may differ from the recording.
enum Same {
    /// The same lines in the same order.
    Lines,
    /// The same lines, in any order: threads interleave differently.
    LinesAnyOrder,
    /// The same kinds of line, any number of each: how much work gets done
    /// before a deadline varies.
    Kinds,
}

struct Recording {
    example: &'static str,
    same: Same,
    /// Patterns for the parts of a line that change from run to run.
    varying: &'static [&'static str],
}

/// Numbers with a decimal point (times, ratios) and every number in a line
/// about the machine's cores.
const TIMINGS: &str = r" *\d+\.\d+|\d+ (cores?|threads?)\b";
/// Which pool thread ran a task, and a panicking thread's id.
const WORKERS: &str = r"worker-\d+|\(\d+\)";
const NUMBERS: &str = r"\d+";

const RECORDINGS: &[Recording] = &[
    Recording {
        example: "tickers",
        same: Same::LinesAnyOrder,
        varying: &[TIMINGS],
    },
    Recording {
        example: "processes",
        same: Same::Lines,
        varying: &[TIMINGS, r"as much as \d+"],
    },
    Recording {
        example: "cpu_parallel",
        same: Same::Lines,
        varying: &[TIMINGS],
    },
    Recording {
        example: "thread_spawn",
        same: Same::Lines,
        varying: &[],
    },
    Recording {
        example: "thread_join",
        same: Same::LinesAnyOrder,
        varying: &[],
    },
    Recording {
        example: "daemon",
        same: Same::Kinds,
        varying: &[NUMBERS],
    },
    Recording {
        example: "daemon_shutdown",
        same: Same::Kinds,
        varying: &[NUMBERS],
    },
    Recording {
        example: "prompt_stop",
        same: Same::Lines,
        varying: &[],
    },
    Recording {
        example: "pool_submit",
        same: Same::LinesAnyOrder,
        varying: &[WORKERS],
    },
    Recording {
        example: "pool_map",
        same: Same::LinesAnyOrder,
        varying: &[WORKERS, r"\d+ in all", r"at most \d+"],
    },
    Recording {
        example: "thread_pool",
        same: Same::LinesAnyOrder,
        varying: &[WORKERS],
    },
    Recording {
        example: "threads_vs_tasks",
        same: Same::Lines,
        varying: &[r"-?\d+(\.\d+)? (ms|µs|KiB)"],
    },
    Recording {
        example: "scoped_threads",
        same: Same::LinesAnyOrder,
        varying: &[],
    },
    Recording {
        example: "semaphore",
        same: Same::Kinds,
        varying: &[WORKERS, r"\d+ in use"],
    },
    Recording {
        example: "deadlock",
        same: Same::LinesAnyOrder,
        varying: &[],
    },
    Recording {
        example: "race",
        same: Same::LinesAnyOrder,
        varying: &[],
    },
    Recording {
        example: "lock_guard",
        same: Same::LinesAnyOrder,
        varying: &[WORKERS],
    },
    Recording {
        example: "atomic_add",
        same: Same::LinesAnyOrder,
        varying: &[r"\d+ -> \d+"],
    },
    Recording {
        example: "publish",
        same: Same::LinesAnyOrder,
        varying: &[],
    },
    Recording {
        example: "arc_mutex",
        same: Same::LinesAnyOrder,
        varying: &[r"now \d+"],
    },
    Recording {
        example: "prodcons",
        same: Same::Kinds,
        varying: &[NUMBERS],
    },
    Recording {
        example: "prodcons_channel",
        same: Same::Kinds,
        varying: &[NUMBERS],
    },
];

/// The longest any example may take before it counts as hung.
const TIME_LIMIT: Duration = Duration::from_secs(60);

#[test]
fn every_recording_is_checked() {
    let checked: BTreeSet<String> = RECORDINGS
        .iter()
        .map(|r| format!("{}.txt", r.example))
        .collect();
    let recorded: BTreeSet<String> = fs::read_dir(root().join("outputs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".txt"))
        .collect();
    assert_eq!(
        recorded, checked,
        "outputs/ and RECORDINGS in tests/outputs.rs must list the same examples"
    );
}

#[test]
fn recordings_match_what_the_examples_print_now() {
    let record = env::var_os("RECORD").is_some();
    let only = env::var("ONLY").ok();
    let selected = |name: &str| {
        only.as_deref()
            .is_none_or(|only| only.split(',').any(|n| n.trim() == name))
    };
    let chosen: Vec<&Recording> = RECORDINGS.iter().filter(|r| selected(r.example)).collect();
    if record {
        // One at a time: a recording is what the book shows, so it gets the machine to itself.
        for recording in chosen {
            record_again(recording);
        }
        return;
    }
    // Checking runs two examples at a time (each has its own process and its
    // own bound), which halves the wait on two cores.
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                while let Some(recording) = chosen.get(next.fetch_add(1, Ordering::Relaxed)) {
                    if let Err(failure) = check_again(recording) {
                        failures.lock().unwrap().push(failure);
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{}\n(if the change is intended: RECORD=1 cargo test --test outputs)",
        failures.join("\n")
    );
}

/// Runs the example and keeps what it printed, its trace, and its timeline.
fn record_again(recording: &Recording) {
    let outputs = root().join("outputs");
    let trace = outputs.join(format!("{}.trace", recording.example));
    let now = run_example(recording.example, &trace);
    fs::write(outputs.join(format!("{}.txt", recording.example)), &now).unwrap();
    // The same run's timeline, in both languages (none if the example has no figure).
    figures::redraw_example(&root(), recording.example)
        .unwrap_or_else(|e| panic!("cannot draw the timeline of {}: {e}", recording.example));
}

/// Runs the example and compares what it prints with its recording.
fn check_again(recording: &Recording) -> Result<(), String> {
    let path = root()
        .join("outputs")
        .join(format!("{}.txt", recording.example));
    let scratch = env::temp_dir().join(format!(
        "notes-{}-{}.trace",
        recording.example,
        std::process::id()
    ));
    let now = run_example(recording.example, &scratch);
    let _ = fs::remove_file(&scratch);
    let before = fs::read_to_string(&path).unwrap_or_default();
    compare(recording, &before, &now).map_err(|why| {
        format!(
            "outputs/{}.txt no longer matches `cargo run --example {}`: {why}\n--- recorded\n{before}--- now\n{now}",
            recording.example, recording.example
        )
    })
}

fn compare(recording: &Recording, before: &str, now: &str) -> Result<(), String> {
    let (before, now) = (masked(recording, before), masked(recording, now));
    let same = match recording.same {
        Same::Lines => before == now,
        Same::LinesAnyOrder => counts(&before) == counts(&now),
        Same::Kinds => {
            before.iter().collect::<BTreeSet<_>>() == now.iter().collect::<BTreeSet<_>>()
        }
    };
    if same {
        return Ok(());
    }
    let missing: Vec<_> = before.iter().filter(|l| !now.contains(l)).collect();
    let new: Vec<_> = now.iter().filter(|l| !before.contains(l)).collect();
    Err(format!(
        "lines only in the recording: {missing:?}; lines only in the new run: {new:?}"
    ))
}

fn counts(lines: &[String]) -> BTreeMap<&String, usize> {
    let mut counts = BTreeMap::new();
    for line in lines {
        *counts.entry(line).or_insert(0) += 1;
    }
    counts
}

/// The lines of an output with the time stamps and the varying parts blanked.
fn masked(recording: &Recording, output: &str) -> Vec<String> {
    let stamp = Regex::new(r"^\s*\d+\.\d{3}s ").unwrap();
    let varying: Vec<Regex> = recording
        .varying
        .iter()
        .map(|p| Regex::new(p).unwrap())
        .collect();
    output
        .lines()
        .map(|line| {
            let mut line = stamp.replace(line, "…s ").into_owned();
            for pattern in &varying {
                line = pattern.replace_all(&line, "…").into_owned();
            }
            line
        })
        .collect()
}

/// Runs an example's binary, built with the same profile as this test, with
/// its trace going to `trace`, and returns what it printed to stdout and stderr, interleaved as a terminal
/// shows them; fails if it fails or takes longer than the limit.
fn run_example(name: &str, trace: &Path) -> String {
    let binary = checks::examples_dir().join(format!("{name}{}", env::consts::EXE_SUFFIX));
    let (mut output, writer) = io::pipe().unwrap();
    let mut child = Command::new(&binary)
        .env("NOTES_TRACE", trace)
        .env_remove("RUST_LOG")
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .stdout(writer.try_clone().unwrap())
        .stderr(writer)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", binary.display()));
    // The Command above, with its copies of the pipe's writing end, is gone
    // now, so reading ends when the example (and any child it started) exits.
    let reader = thread::spawn(move || {
        let mut text = String::new();
        output.read_to_string(&mut text).map(|_| text)
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIME_LIMIT {
            child.kill().unwrap();
            panic!("example {name} ran for more than {TIME_LIMIT:?}");
        }
        thread::sleep(Duration::from_millis(20));
    };
    let text = reader.join().unwrap().unwrap();
    assert!(status.success(), "example {name} failed: {status}\n{text}");
    text
}
