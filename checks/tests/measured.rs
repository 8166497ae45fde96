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

/// The chapter explains why Python's threads cannot speed up CPU-bound work;
/// a recording that says otherwise was made on a machine too busy to show it.
#[test]
fn the_cpu_recording_shows_what_the_chapter_says() {
    let recording = recording();
    let threads = recording.threads();
    let rate = |item: &str, param: u64| {
        recording
            .value("python", "cpu", item, param)
            .unwrap_or_else(|| panic!("measured.csv has no python cpu {item}"))
    };
    let speedup = rate("threads", threads) / rate("serial", 1);
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
