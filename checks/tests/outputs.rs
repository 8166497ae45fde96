//! Every output block in the book is a file in `outputs/`, recorded from a
//! real run. These tests run each example again and check that it still
//! prints the same thing, up to what really changes from run to run: the
//! times, random numbers, and, where a program leaves it open, the order in
//! which its threads' lines arrive.
//!
//! After changing an example, record it again and review the diff:
//! `RECORD=1 cargo test --test outputs`. `ONLY=race,prodcons` limits a run
//! (recording or checking) to those examples; a name that is not in
//! [`RECORDINGS`] fails the run.
//!
//! Recording also keeps each run's trace (`outputs/NAME.trace`: the same log
//! lines with the time in microseconds), from which the book draws its
//! timelines, and redraws the timeline (`src/*/figures/NAME.svg`).
//!
//! `RECORDINGS` is the one list of the examples: the tests here check that
//! the example programs, the vocabularies of the timelines
//! (`figures::vocab::SPECS`) and the README's table of chapters agree with it.

use std::collections::{BTreeMap, BTreeSet};
use std::env;
use std::fs;
use std::io::{self, Read};
use std::path::Path;
use std::process::Command;
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
        example: "id_allocator",
        same: Same::Lines,
        varying: &[],
    },
    Recording {
        example: "store_buffering",
        same: Same::Lines,
        // How many trials fit in the time, how often each pair comes up,
        // and its bar.
        varying: &[r"\d+ trials", r"\) +\d+( █+)?$"],
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
    // Chapters 12 and 13: a spin lock and a one-shot channel, built by hand.
    Recording {
        example: "spin_lock",
        same: Same::Lines,
        varying: &[TIMINGS],
    },
    Recording {
        example: "one_shot",
        same: Same::Lines,
        varying: &[],
    },
    // Chapter 14: the rest of the standard toolbox.
    Recording {
        example: "once_lazy",
        same: Same::LinesAnyOrder,
        // Whichever thread gets to the table first builds it.
        varying: &[r"\[\w+\] building"],
    },
    Recording {
        example: "thread_locals",
        same: Same::LinesAnyOrder,
        varying: &[],
    },
    Recording {
        example: "rwlock",
        same: Same::LinesAnyOrder,
        varying: &[],
    },
    Recording {
        example: "poison",
        same: Same::Lines,
        varying: &[WORKERS],
    },
    Recording {
        example: "weak_tree",
        same: Same::Lines,
        varying: &[],
    },
    // Chapter 15: async hazards.
    Recording {
        example: "async_mutex",
        same: Same::LinesAnyOrder,
        // The tasks queue for the connection in whatever order they start.
        varying: &[r"\b[ABC]\b"],
    },
    Recording {
        example: "cancel",
        same: Same::LinesAnyOrder,
        varying: &[r"task \d+"],
    },
];

/// The longest any example may take before it counts as hung.
const TIME_LIMIT: Duration = Duration::from_secs(60);

/// Every recording in `outputs/` has its entry in `RECORDINGS`, and, unless
/// this run records, every entry its recording. A run that records checks
/// the second half itself once it has written the files: a test that read
/// `outputs/` while they are written would race the recording.
#[test]
fn every_recording_is_checked() {
    let recording = env::var_os("RECORD").is_some();
    let mut failures = unchecked_recordings();
    if !recording {
        failures.extend(missing_recordings());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The examples that `outputs/` has a recording of.
fn recorded() -> BTreeSet<String> {
    fs::read_dir(root().join("outputs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|name| name.strip_suffix(".txt").map(String::from))
        .collect()
}

fn unchecked_recordings() -> Vec<String> {
    recorded()
        .into_iter()
        .filter(|name| !RECORDINGS.iter().any(|r| r.example == name))
        .map(|name| {
            format!(
                "outputs/{name}.txt has no entry in RECORDINGS (checks/tests/outputs.rs): \
                 add one, or delete the recording"
            )
        })
        .collect()
}

fn missing_recordings() -> Vec<String> {
    let recorded = recorded();
    RECORDINGS
        .iter()
        .filter(|r| !recorded.contains(r.example))
        .map(|r| {
            format!(
                "{0} is in RECORDINGS (checks/tests/outputs.rs) but outputs/{0}.txt does not \
                 exist: record it with `RECORD=1 ONLY={0} cargo test -p checks --test outputs`",
                r.example
            )
        })
        .collect()
}

/// The example programs: `examples/NAME.rs` and `async-examples/examples/NAME.rs`.
fn programs() -> BTreeMap<String, String> {
    let mut programs = BTreeMap::new();
    for dir in ["examples", "async-examples/examples"] {
        let Ok(entries) = fs::read_dir(root().join(dir)) else {
            continue;
        };
        for entry in entries {
            let file = entry.unwrap().file_name().to_string_lossy().into_owned();
            if let Some(name) = file.strip_suffix(".rs") {
                programs.insert(name.to_string(), format!("{dir}/{file}"));
            }
        }
    }
    programs
}

/// `RECORDINGS` is the list of the examples; every other place that names
/// them must name the same ones. Each failure says what is missing where.
#[test]
fn every_list_of_the_examples_agrees_with_recordings() {
    const HERE: &str = "RECORDINGS (checks/tests/outputs.rs)";
    let listed = |name: &str| RECORDINGS.iter().any(|r| r.example == name);
    let mut failures = Vec::new();

    let programs = programs();
    for (name, file) in &programs {
        if !listed(name) {
            failures.push(format!(
                "{file} has no entry in {HERE}: add one, then record it: \
                 `RECORD=1 ONLY={name} cargo test -p checks --test outputs`"
            ));
        }
    }
    for recording in RECORDINGS {
        if !programs.contains_key(recording.example) {
            failures.push(format!(
                "{HERE} names {0}, but there is no examples/{0}.rs or async-examples/examples/{0}.rs",
                recording.example
            ));
        }
    }

    for spec in figures::vocab::SPECS {
        if !listed(spec.example) {
            failures.push(format!(
                "SPECS (figures/src/vocab.rs) draws a timeline of {}, which is not in {HERE}: \
                 only a recorded example has a trace to draw from",
                spec.example
            ));
        }
    }

    let readme = fs::read_to_string(root().join("README.md")).unwrap_or_default();
    let table = readme_examples(&readme);
    for recording in RECORDINGS {
        if !table.examples.contains(recording.example) {
            failures.push(format!(
                "the README's table of chapters (\"Chapters and examples\") does not list `{}`, \
                 which is in {HERE}: add it to its chapter's row",
                recording.example
            ));
        }
    }
    for name in &table.examples {
        if name.contains('/') {
            if !root().join(name).exists() {
                failures.push(format!(
                    "the README's table of chapters names {name}, which does not exist"
                ));
            }
        } else if !listed(name) {
            failures.push(format!(
                "the README's table of chapters names the example `{name}`, which is not in {HERE}"
            ));
        }
    }
    let exercises: BTreeSet<String> = fs::read_dir(root().join("exercises/examples"))
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| {
                    let file = e.file_name().to_string_lossy().into_owned();
                    file.strip_suffix(".rs")
                        .filter(|name| !name.ends_with("_starter"))
                        .map(String::from)
                })
                .collect()
        })
        .unwrap_or_default();
    for name in exercises.symmetric_difference(&table.exercises) {
        failures.push(if exercises.contains(name) {
            format!("the README's table of chapters does not list the exercise `{name}` (exercises/examples/{name}.rs): add it to its chapter's row")
        } else {
            format!("the README's table of chapters names the exercise `{name}`, but there is no exercises/examples/{name}.rs")
        });
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The names in the README's table of chapters (`| Chapter | 장 | Examples |
/// Exercise |`): in backticks, one word or a path; `cargo …` commands and
/// `_suffixes` are not names.
struct ReadmeTable {
    examples: BTreeSet<String>,
    exercises: BTreeSet<String>,
}

fn readme_examples(readme: &str) -> ReadmeTable {
    let name = Regex::new(r"`([a-z][\w./-]*)`").unwrap();
    let names = |cell: &str| -> BTreeSet<String> {
        name.captures_iter(cell).map(|c| c[1].to_string()).collect()
    };
    let mut table = ReadmeTable {
        examples: BTreeSet::new(),
        exercises: BTreeSet::new(),
    };
    let rows = readme
        .lines()
        .skip_while(|l| !l.starts_with("| Chapter |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'));
    for row in rows {
        let cells: Vec<&str> = row.split('|').collect();
        // "", chapter, 장, examples, exercise, ""
        if let [_, _, _, examples, exercise, ..] = cells[..] {
            table.examples.extend(names(examples));
            table.exercises.extend(names(exercise));
        }
    }
    table
}

/// The examples selected by `ONLY=a,b` (all without it). A name that is not
/// in `RECORDINGS` fails: silently recording nothing looks like success.
fn chosen(only: Option<&str>) -> Result<Vec<&'static Recording>, String> {
    let Some(only) = only else {
        return Ok(RECORDINGS.iter().collect());
    };
    let names: Vec<&str> = only
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    let unknown: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| !RECORDINGS.iter().any(|r| r.example == *n))
        .collect();
    if !unknown.is_empty() {
        return Err(format!(
            "ONLY={only}: {} not in RECORDINGS (checks/tests/outputs.rs): add a Recording for \
             each new example there (and, for a timeline, a Spec to SPECS in figures/src/vocab.rs)",
            unknown.join(", ")
        ));
    }
    Ok(RECORDINGS
        .iter()
        .filter(|r| names.contains(&r.example))
        .collect())
}

#[test]
fn recordings_match_what_the_examples_print_now() {
    let record = env::var_os("RECORD").is_some();
    let only = env::var("ONLY").ok();
    let chosen = chosen(only.as_deref()).unwrap_or_else(|e| panic!("{e}"));
    if record {
        // One at a time: a recording is what the book shows, so it gets the machine to itself.
        let mut problems = Vec::new();
        for recording in chosen {
            problems.extend(record_again(recording));
        }
        assert!(
            problems.is_empty(),
            "recorded, but the timelines do not fit the new runs \
             (details: cargo test -p checks --test book_figures):\n{}",
            problems.join("\n")
        );
        // Now that the files are written (see every_recording_is_checked).
        let missing = missing_recordings();
        assert!(missing.is_empty(), "{}", missing.join("\n"));
        return;
    }
    // Checking runs six examples at a time, each in its own process with its
    // own bound. Most of an example's time is spent asleep (in `sleep`, `join`
    // or a blocking receive), so six at once fit on two cores; the examples
    // assert only what holds on a loaded machine. The longest recorded run
    // goes first, so that it does not start last.
    let mut chosen = chosen;
    chosen.sort_by_key(|r| std::cmp::Reverse(recorded_micros(r.example)));
    let failures = checks::each_at_once(6, &chosen, |recording| check_again(recording));
    assert!(
        failures.is_empty(),
        "{}\n(if the change is intended: RECORD=1 cargo test --test outputs)",
        failures.join("\n")
    );
}

/// How long the recorded run took: the time of its last log line (0 for an
/// output without one).
fn recorded_micros(example: &str) -> u64 {
    let output = fs::read_to_string(root().join("outputs").join(format!("{example}.txt")))
        .unwrap_or_default();
    figures::vocab::parse_output(&output)
        .iter()
        .map(|event| event.micros)
        .max()
        .unwrap_or(0)
}

/// Runs the example and keeps what it printed, its trace, and its timeline;
/// returns what is wrong with the timeline's vocabulary for this run (a rule
/// that matches no line, a span that no line closes), which would otherwise
/// show only in the figure.
fn record_again(recording: &Recording) -> Vec<String> {
    let example = recording.example;
    let outputs = root().join("outputs");
    let trace = outputs.join(format!("{example}.trace"));
    let now = run_example(example, &trace);
    fs::write(outputs.join(format!("{example}.txt")), &now).unwrap();
    // The same run's timeline, in both languages (none if the example has no figure).
    figures::redraw_example(&root(), example)
        .unwrap_or_else(|e| panic!("cannot draw the timeline of {example}: {e}"));
    let Ok(text) = fs::read_to_string(&trace) else {
        return Vec::new();
    };
    let Ok(reading) = figures::vocab::read_trace(example, &text) else {
        return Vec::new(); // no timeline, or redraw_example has failed already
    };
    let mut problems: Vec<String> = reading
        .unmatched
        .iter()
        .map(|pattern| format!("{example}: the rule r\"{pattern}\" in SPECS matches no line"))
        .collect();
    problems.extend(reading.unclosed.iter().map(|open| {
        format!(
            "{example}: {}'s {:?} span from trace line {} is never closed",
            open.thread,
            open.kind,
            open.from.seq + 1
        )
    }));
    problems
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

/// What each Run button of the built book sends to the Rust Playground
/// (`checks::playground`), compiled in debug outside this workspace (no
/// `notes` crate) against only the Playground's crates at its versions
/// (`tools/playground/crates.toml`), with the edition from book.toml, then
/// run within the time the page waits for the Playground's answer: it must
/// end with status 0 and, where it is a whole recorded example, print what
/// its recording shows up to what varies. A fixture whose program needs a
/// crate the Playground lacks must fail, or this test could not see that.
///
/// Needs the built book (`tools/book build`; `NOTES_BOOK_DIR` names another
/// build) and the Playground's crates from crates.io, so `.ci/run` runs it:
/// `cargo test -p checks --test outputs -- --ignored run_buttons`.
#[test]
#[ignore = "needs a built book and the Playground's crates; .ci/run runs it"]
fn run_buttons_run_offline() {
    use checks::playground::{self, PAGE_LIMIT};
    let book_dir = env::var_os("NOTES_BOOK_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root().join("book"));
    let mut programs = playground::sent_by_book(&book_dir);
    assert!(
        !programs.is_empty(),
        "no Run button in {}: build the book first (tools/book build)",
        book_dir.display()
    );
    let book_toml = fs::read_to_string(root().join("book.toml")).unwrap();
    let edition = Regex::new(r#"(?m)^\[rust\]\s*\nedition = "(\d+)""#)
        .unwrap()
        .captures(&book_toml)
        .expect("book.toml names the edition under [rust]")[1]
        .to_string();
    let mut failures = Vec::new();
    for program in &programs {
        if program.edition != edition {
            failures.push(format!(
                "{}: sends edition {}, book.toml says {edition}",
                program.places[0], program.edition
            ));
        }
        if program.code.contains("#![feature") {
            failures.push(format!("{}: would be sent to nightly", program.places[0]));
        }
    }
    let fixture = "tools/playground/fixtures/needs-cpu-time.html";
    playground::add_sent(
        &mut programs,
        fixture,
        &fs::read_to_string(root().join(fixture)).unwrap(),
    );
    let dir = env::temp_dir().join("concurrency-notes-playground");
    let check = |name: &str, before: &str, now: &str| {
        let recording = RECORDINGS
            .iter()
            .find(|r| r.example == name)
            .ok_or_else(|| format!("{name} is not in RECORDINGS"))?;
        compare(recording, before, now)
    };
    let results = playground::build_and_run(&root(), &dir, &programs, PAGE_LIMIT, &check);
    for (program, result) in programs.iter().zip(results) {
        let places = program.places.join(", ");
        let is_fixture = places.starts_with(fixture);
        match (is_fixture, result) {
            (false, Ok(elapsed)) => eprintln!("{:>5.2}s  {places}", elapsed.as_secs_f64()),
            (false, Err(problem)) => failures.push(format!("{places}: {problem}")),
            (true, Err(problem)) if problem.contains("cpu_time") => {
                let error = problem.lines().nth(1).unwrap_or("");
                eprintln!("fixture failed as it must: {error}");
            }
            (true, other) => failures.push(format!(
                "{fixture} needs cpu-time, which the Playground lacks, yet: {:?}",
                other.map(|_| "it compiled and ran")
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "Run buttons that would fail on the Playground:\n{}",
        failures.join("\n")
    );
}
