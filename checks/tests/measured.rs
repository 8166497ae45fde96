//! The chapter "Measured: Rust beside Python" shows one recorded run of
//! `cargo run -p bench --release --bin measure`. Its tables and charts must
//! be what that run's raw data (`bench/results/`) draws now: a chart left
//! stale by a new recording, or by a change to the drawing code, fails here.
//! The benchmarks themselves are not built: only the code that turns data
//! into tables and charts, which `bench` shares with this test.

use std::fs;

use checks::root;

// The same file the `measure` command uses; this test calls only part of it.
#[allow(dead_code)]
#[path = "../../bench/src/report.rs"]
mod report;

use report::Recording;

const REDRAW: &str = "cargo run -p bench --release --bin measure -- --redraw";

fn recording() -> Recording {
    Recording::read(&root().join(report::RESULTS))
        .unwrap_or_else(|e| panic!("the recorded run cannot be read: {e}"))
}

/// One rate of the recorded run; a missing one fails the test that needs it.
fn rate(recording: &Recording, lang: &str, case: &str, item: &str, param: u64) -> f64 {
    recording
        .value(lang, case, item, param)
        .unwrap_or_else(|| panic!("measured.csv has no {lang} {case} {item} {param}"))
}

#[test]
fn tables_and_charts_are_what_the_recorded_run_draws() {
    let mut problems = Vec::new();
    for (path, drawn) in report::generated(&recording()) {
        match fs::read_to_string(root().join(&path)) {
            Ok(committed) if committed == drawn => {}
            Ok(_) => problems.push(format!("{} is stale", path.display())),
            Err(e) => problems.push(format!("{}: {e}", path.display())),
        }
    }
    assert!(
        problems.is_empty(),
        "not what bench/results/ draws now (redraw them with `{REDRAW}`):\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn the_recorded_run_is_complete() {
    let recording = recording();
    assert_eq!(
        recording.machine("mode"),
        Some("full"),
        "the book shows a full run, not a --quick one"
    );
    for key in ["cores", "cpu", "os", "rustc", "python", "date"] {
        assert!(recording.machine(key).is_some(), "machine.tsv has no {key}");
    }
    for section in report::SECTIONS {
        for lang in ["rust", "python"] {
            assert!(
                recording
                    .rows
                    .iter()
                    .any(|r| r.case == section && r.lang == lang),
                "measured.csv has no {lang} figures for {section}"
            );
        }
    }
    // Every cell of every table that should hold a figure holds one.
    for section in report::SECTIONS {
        let table = report::table(&recording, section, figures::Lang::En);
        for row in table.lines().skip(2) {
            let cells: Vec<&str> = row.split('|').map(str::trim).collect();
            let expected_gap = row.contains("AtomicU64")
                || row.contains("multiprocessing.Process")
                || row.contains("speedup")
                || row.contains("efficiency");
            let empty = cells[2..4].contains(&"—");
            assert!(
                !empty || expected_gap,
                "a figure is missing from the {section} table: {row}"
            );
        }
    }
}

/// The chapter says what the GIL picture shows; the recording must show it.
#[test]
fn the_gil_recording_shows_what_the_chapter_says() {
    let recording = recording();
    let overlap = |lang| {
        report::overlap(&recording, lang)
            .unwrap_or_else(|| panic!("gil.tsv has no {lang} spans for two threads"))
    };
    let (python, rust) = (overlap("python"), overlap("rust"));
    assert!(
        python < 0.1,
        "Python's two threads ran at the same time for {:.0}% of their running time; the chapter says they take turns",
        python * 100.0
    );
    assert!(
        rust > 0.5,
        "Rust's two threads ran at the same time for only {:.0}% of their running time; the chapter says they run side by side \
         (was the machine busy? record again: `cargo run -p bench --release --bin measure -- gil`)",
        rust * 100.0
    );
}

/// The chapter explains why Python's threads cannot speed up CPU-bound work
/// while its processes and Rust's threads can; a recording that says
/// otherwise was made on a machine too busy to show it.
#[test]
fn the_cpu_recording_shows_what_the_chapter_says() {
    let recording = recording();
    let threads = recording.threads();
    let python = |item, param| rate(&recording, "python", "cpu", item, param);
    let rust = |item, param| rate(&recording, "rust", "cpu", item, param);
    let speedup = python("threads", threads) / python("serial", 1);
    let processes = python("processes", threads) / python("serial", 1);
    assert!(
        processes > 0.6 * threads as f64,
        "Python's processes sped the job up only {processes:.2} times on {threads} cores; the chapter \
         says they can use every core"
    );
    for item in ["threads", "rayon"] {
        let efficiency = rust(item, threads) / rust("serial", 1) / threads as f64;
        assert!(
            (0.8..1.0).contains(&efficiency),
            "Rust's {item} reached {:.0}% parallel efficiency; the chapter says they keep every core \
             busy but fall short of a perfect score",
            efficiency * 100.0
        );
    }
    assert!(
        speedup < 1.2,
        "Python's threads sped the CPU-bound job up {speedup:.2} times; the chapter says the GIL \
         keeps them from it (was the machine busy? record again: `cargo run -p bench --release --bin measure -- cpu`)"
    );
}

#[test]
fn both_pages_show_every_table_and_chart() {
    let mut problems = Vec::new();
    for lang in ["ko", "en"] {
        let page_path = root().join("src").join(lang).join("measured.md");
        let page = fs::read_to_string(&page_path).unwrap();
        for (path, _) in report::generated(&recording()) {
            let Ok(name) = path.strip_prefix(format!("src/{lang}/")) else {
                continue;
            };
            let include = format!("{{{{#include {}}}}}", name.display());
            if !page.contains(&include) {
                problems.push(format!("src/{lang}/measured.md lacks {include}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The hand-off section compares the queues in words; the recording must
/// bear each comparison out, and the English page must still make it: each
/// claim quotes the words it checks, so a sentence rewritten without its
/// claim fails here too. (The Korean page says the same; its wording is not
/// checked.)
#[test]
fn the_handoff_recording_shows_what_the_chapter_says() {
    let recording = recording();
    let python = |capacity| rate(&recording, "python", "handoff", "queue", capacity);
    let rust = |item, capacity| rate(&recording, "rust", "handoff", item, capacity);
    let gain = |capacity_1: f64, capacity_1000: f64| capacity_1000 / capacity_1;
    let level = rust("condvar", 1) / rust("std", 1);
    let python_gain = gain(python(1), python(1000));
    let claims = [
        (
            rust("std", 1) < 2.0 * python(1) && rust("std", 1000) > 10.0 * python(1000),
            "std's channel, barely ahead of Python's queue at capacity 1, pulls far ahead of it",
        ),
        (
            [1, 10, 1000]
                .iter()
                .all(|&c| rust("crossbeam", c) > 10.0 * python(c)),
            "crossbeam is far ahead of Python's queue at every capacity",
        ),
        (
            [1, 10]
                .iter()
                .all(|&c| rust("crossbeam", c) > 10.0 * rust("std", c)),
            "and far ahead of std's channel at the small ones",
        ),
        (
            // 25 million messages a second is 40 ns a message.
            rust("std", 1000) > 25e6,
            "At capacity 1000, std's channel spends less than 40 ns on a message",
        ),
        (
            (0.5..2.0).contains(&level)
                && rust("std", 1000) > 4.0 * rust("condvar", 1000)
                && rust("crossbeam", 1000) > 4.0 * rust("condvar", 1000),
            "the simple queue, level with std's channel at capacity 1, falls far behind \
             both channels at capacity 1000",
        ),
        (
            ["std", "condvar"]
                .iter()
                .all(|item| gain(rust(item, 1), rust(item, 1000)) > 3.0 * python_gain),
            "going from capacity 1 to 1000 speeds Python's queue up far less than it \
             speeds up std's channel or the book's queue",
        ),
    ];
    let page_path = "src/en/measured.md";
    let page = fs::read_to_string(root().join(page_path)).unwrap();
    let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let page = words(&page);
    let mut wrong = Vec::new();
    for (holds, says) in claims {
        if !page.contains(&words(says)) {
            wrong.push(format!(
                "{page_path} no longer says \"{says}\": change the claim here with the sentence"
            ));
        } else if !holds {
            wrong.push(format!(
                "bench/results/ does not show that \"{says}\": rewrite {page_path}#hand-off \
                 (and the Korean page) for this recording"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The same for the shared counter.
#[test]
fn the_counter_recording_shows_what_the_chapter_says() {
    let recording = recording();
    let threads = recording.threads();
    let ratio = |lang, item| {
        rate(&recording, lang, "counter", item, threads)
            / rate(&recording, lang, "counter", item, 1)
    };
    let mut wrong = Vec::new();
    for item in ["mutex", "atomic"] {
        if ratio("rust", item) >= 1.0 {
            wrong.push(format!(
                "Rust's {item} counter was slower on {threads} threads than on one"
            ));
        }
    }
    if ratio("rust", "per-thread") < 0.75 * threads as f64 {
        wrong.push("Rust's per-thread sums scale with the cores".to_string());
    }
    for item in ["lock", "per-thread"] {
        if ratio("python", item) >= 0.95 * threads as f64 {
            wrong.push(format!(
                "a second Python thread cannot make the {item} row twice as fast"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "src/*/measured.md#counter says what bench/results/ does not show; rewrite it for this recording:\n  {}",
        wrong.join("\n  ")
    );
}

/// The spawn section says the rows fall in the order of how much the kernel
/// does, and that the language matters least where the kernel does most.
#[test]
fn the_spawn_recording_shows_what_the_chapter_says() {
    let recording = recording();
    let spawns = |lang, item| rate(&recording, lang, "spawn", item, 1);
    let kernel_work_down = ["process", "thread", "pool-task", "async-task"];
    let rising = |values: &[f64]| values.windows(2).all(|pair| pair[0] < pair[1]);
    let rust: Vec<f64> = kernel_work_down.iter().map(|i| spawns("rust", i)).collect();
    let python: Vec<f64> = ["multiprocessing"]
        .iter()
        .chain(&kernel_work_down)
        .map(|i| spawns("python", i))
        .collect();
    let ratios: Vec<f64> = kernel_work_down
        .iter()
        .map(|i| spawns("rust", i) / spawns("python", i))
        .collect();
    assert!(
        rising(&rust) && rising(&python),
        "src/*/measured.md#spawn says the rows fall in the order of how much the kernel does; \
         bench/results/ has Rust {rust:?}, Python {python:?} (process, thread, pool task, async task)"
    );
    assert!(
        rising(&ratios),
        "src/*/measured.md#spawn says the ratio column rises as the kernel does less; \
         bench/results/ has {ratios:?}"
    );
}

/// A recording made by a `measure` that has the false-sharing and spin-lock
/// rows names the cache-line size in machine.tsv; one made before them does
/// not, and then the two sections below show empty tables and are not
/// checked. Any newer recording must have both sections, complete.
fn has_rust_sections(recording: &Recording) -> bool {
    recording.machine("cache-line").is_some()
}

/// Each `(holds, says)`: the English page must still say `says`, and the
/// recording must bear it out. (The Korean page says the same; its wording
/// is not checked.)
fn check_claims(section: &str, claims: &[(bool, &str)]) {
    let page_path = "src/en/measured.md";
    let page = fs::read_to_string(root().join(page_path)).unwrap();
    let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let page = words(&page);
    let mut wrong = Vec::new();
    for &(holds, says) in claims {
        if !page.contains(&words(says)) {
            wrong.push(format!(
                "{page_path} no longer says \"{says}\": change the claim here with the sentence"
            ));
        } else if !holds {
            wrong.push(format!(
                "bench/results/ does not show that \"{says}\": rewrite {page_path}#{section} \
                 (and the Korean page) for this recording"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_rust_sections_are_complete() {
    let recording = recording();
    if !has_rust_sections(&recording) {
        eprintln!("bench/results/ predates the false-sharing and spin-lock rows: not checked");
        return;
    }
    let n = recording.threads();
    for (section, items, counts) in [
        ("sharing", ["side-by-side", "padded"], vec![1, n]),
        ("spin", ["mutex", "spin-lock"], vec![1, n, 2 * n]),
    ] {
        for item in items {
            for &t in &counts {
                rate(&recording, "rust", section, item, t);
            }
        }
    }
    for key in ["cache-line", "cache-padded"] {
        let value = recording.machine(key).unwrap_or("?");
        assert!(
            value.parse::<u32>().is_ok(),
            "machine.tsv gives {key} as `{value}`, not a number of bytes"
        );
    }
}

/// The false-sharing section: side by side, the per-thread counters gain
/// little from a second core; padded, they gain most of it.
#[test]
fn the_sharing_recording_shows_what_the_chapter_says() {
    let recording = recording();
    if !has_rust_sections(&recording) {
        return;
    }
    let n = recording.threads();
    let rust = |item, threads| rate(&recording, "rust", "sharing", item, threads);
    let one = rust("padded", 1) / rust("side-by-side", 1);
    check_claims(
        "false-sharing",
        &[
            (
                recording.machine("cache-line") == Some("64"),
                "Linux reports a cache line of 64 bytes on this machine",
            ),
            (
                recording.machine("cache-padded") == Some("128"),
                "so each padded counter takes 128 bytes",
            ),
            (
                (0.8..1.25).contains(&one),
                "On one thread the two layouts count at about the same speed",
            ),
            (
                rust("side-by-side", n) < 1.5 * rust("side-by-side", 1),
                "Side by side, the threads together counted less than 1.5 times as fast as one \
                 thread alone",
            ),
            (
                rust("padded", n) > 1.5 * rust("padded", 1),
                "padded, they counted more than 1.5 times as fast as one thread",
            ),
        ],
    );
}

/// The spin-lock section: what the throughput shows, which is the spin
/// lock's best case.
#[test]
fn the_spin_lock_recording_shows_what_the_chapter_says() {
    let recording = recording();
    if !has_rust_sections(&recording) {
        return;
    }
    let n = recording.threads();
    let rust = |item, threads| rate(&recording, "rust", "spin", item, threads);
    check_claims(
        "spin-lock",
        &[
            (
                rust("spin-lock", 1) > 1.1 * rust("mutex", 1),
                "On one thread, where nobody waits, the spin lock is faster than `Mutex`",
            ),
            (
                rust("spin-lock", n) > rust("mutex", n),
                "With one thread per core it stays ahead",
            ),
        ],
    );
}
