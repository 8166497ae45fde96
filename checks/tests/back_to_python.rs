//! The chapter "Back to Python" and the section "Rust called from Python
//! threads" of the Measured chapter show one recorded run of `measure pyext`
//! (chapter 3's job called from Python threads through the Rust extension in
//! `pyext/`). What they say about it in words is checked here against that
//! run, `bench/results/`, as `measured.rs` does for the rest of the Measured
//! chapter; `measured.rs` also checks that the tables and pictures are what
//! the run draws. The extension itself is not built: `cargo test` needs no
//! Python (`pyext/run` builds and tests it).

use std::fs;

use checks::root;

// The same file the `measure` command uses; this test calls only part of it.
#[allow(dead_code)]
#[path = "../../bench/src/report.rs"]
mod report;

use report::Recording;

const RECORD: &str = "`pyext/run build`, then `cargo run -p bench --release --bin measure -- pyext` \
                      on a quiet machine";

/// The limit the chapter's job counts below ("below 200,000").
const LIMIT: f64 = 200_000.0;

/// "About as fast": a speedup within a quarter of 1.
const ABOUT_ONE: std::ops::RangeInclusive<f64> = 0.75..=1.25;

/// The speedup the issue asks of the GIL-releasing variant on two threads.
const RELEASED: f64 = 1.6;

fn recording() -> Recording {
    Recording::read(&root().join(report::RESULTS))
        .unwrap_or_else(|e| panic!("the recorded run cannot be read: {e}"))
}

/// The variants' rows of `bench/python/pyext.py`, and the parameter each has
/// (threads; the pool's size; rayon's threads; 1 for a call).
fn pyext_rows(recording: &Recording) -> Vec<(&str, u64)> {
    recording
        .rows
        .iter()
        .filter(|r| r.case == "pyext" && r.lang == "python")
        .map(|r| (r.item.as_str(), r.param))
        .collect()
}

/// The parameter `item` was measured with (the size of a pool).
fn param(recording: &Recording, item: &str) -> u64 {
    pyext_rows(recording)
        .into_iter()
        .find(|(i, _)| *i == item)
        .unwrap_or_else(|| panic!("measured.csv has no pyext {item}; record it: {RECORD}"))
        .1
}

fn rate(recording: &Recording, item: &str, param: u64) -> f64 {
    recording
        .value("python", "pyext", item, param)
        .unwrap_or_else(|| panic!("measured.csv has no pyext {item} {param}; record it: {RECORD}"))
}

fn speedup(recording: &Recording, item: &str, param: u64) -> f64 {
    report::pyext_speedup(recording, item, param).unwrap_or_else(|| {
        panic!("measured.csv cannot give the speedup of pyext {item} {param}; record it: {RECORD}")
    })
}

fn overlap(recording: &Recording, lanes: &str) -> f64 {
    report::overlap(recording, lanes).unwrap_or_else(|| {
        panic!("gil.tsv has no {lanes} spans for two threads; record it: {RECORD}")
    })
}

#[test]
fn the_recorded_run_has_the_pyext_case() {
    let recording = recording();
    let rows = pyext_rows(&recording);
    let threads = [1, 2];
    let mut missing = Vec::new();
    for variant in ["python", "keeping-gil", "releasing-gil"] {
        for t in threads {
            let item = format!("{variant}-threads");
            if !rows.contains(&(item.as_str(), t)) {
                missing.push(format!("{item} on {t} threads"));
            }
        }
        let item = format!("{variant}-processes");
        if !rows.iter().any(|(i, _)| *i == item) {
            missing.push(item);
        }
    }
    for item in [
        "rayon-call",
        "call-python",
        "call-keeping-gil",
        "call-releasing-gil",
    ] {
        if !rows.iter().any(|(i, _)| *i == item) {
            missing.push(item.to_string());
        }
    }
    for lanes in ["pyext-keeping", "pyext-releasing"] {
        if report::overlap(&recording, lanes).is_none() {
            missing.push(format!("the {lanes} lanes of gil.tsv"));
        }
    }
    assert!(
        missing.is_empty(),
        "bench/results/ has no {}: record them with {RECORD}",
        missing.join(", ")
    );
}

/// Both editions of the chapter show what `measure pyext` draws. (The
/// Measured chapter's section is held to every generated file by
/// `measured.rs`.)
#[test]
fn the_chapter_shows_the_tables_and_figures() {
    let mut problems = Vec::new();
    for lang in ["ko", "en"] {
        let page = fs::read_to_string(root().join(format!("src/{lang}/back-to-python.md")))
            .unwrap_or_else(|e| panic!("src/{lang}/back-to-python.md: {e}"));
        for file in report::PYEXT_FILES {
            let include = format!("{{{{#include figures/{file}}}}}");
            if !page.contains(&include) {
                problems.push(format!("src/{lang}/back-to-python.md lacks {include}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Each sentence of the English pages that compares figures of the recorded
/// run, with whether the run bears it out. Each claim quotes the words it
/// checks, so that a sentence rewritten without its claim fails too. (The
/// Korean pages say the same; their wording is not checked.)
#[test]
fn the_recording_shows_what_the_pages_say() {
    let recording = recording();
    let (python, keeping, releasing) = (
        speedup(&recording, "python-threads", 2),
        speedup(&recording, "keeping-gil-threads", 2),
        speedup(&recording, "releasing-gil-threads", 2),
    );
    let rayon = speedup(&recording, "rayon-call", param(&recording, "rayon-call"));
    let processes = |variant: &str| {
        let item = format!("{variant}-processes");
        rate(&recording, &item, param(&recording, &item))
    };
    let python_processes = speedup(
        &recording,
        "python-processes",
        param(&recording, "python-processes"),
    );
    let (turns, side_by_side) = (
        overlap(&recording, "pyext-keeping") < 0.1,
        overlap(&recording, "pyext-releasing") > 0.5,
    );
    let call_ns = |item| {
        report::pyext_call_ns(&recording, item)
            .unwrap_or_else(|| panic!("measured.csv has no pyext {item}; record it: {RECORD}"))
    };
    let release_ns = report::pyext_release_ns(&recording).unwrap_or(f64::NAN);
    // One count below 200,000 on one thread, in nanoseconds.
    let count_ns = LIMIT / rate(&recording, "releasing-gil-threads", 1) * 1e9;
    let crossing = ["call-keeping-gil", "call-releasing-gil"].map(call_ns);

    let chapter = "src/en/back-to-python.md";
    let measured = "src/en/measured.md";
    let claims = [
        (
            chapter,
            ABOUT_ONE.contains(&python),
            "pure Python's two threads run about as fast as one",
        ),
        (
            chapter,
            ABOUT_ONE.contains(&keeping),
            "Rust that keeps the GIL runs about as fast on two threads as on one",
        ),
        (
            chapter,
            (RELEASED..=2.1).contains(&releasing),
            "Rust that releases the GIL runs at least 1.6 times as fast on two threads as on \
             one, close to 2, the most that two threads can reach",
        ),
        (
            chapter,
            rayon >= RELEASED,
            "rayon inside one call, from a single Python thread, reaches at least 1.6 times \
             the speed of one thread as well",
        ),
        (
            chapter,
            rate(&recording, "keeping-gil-threads", 1)
                > 10.0 * rate(&recording, "python-threads", 1),
            "The compiled loop itself is more than ten times as fast as pure Python's, on one \
             thread",
        ),
        (
            chapter,
            ["keeping-gil", "releasing-gil"]
                .iter()
                .all(|v| processes(v) < rate(&recording, "releasing-gil-threads", 2)),
            "a pool of processes gains the Rust variants less than threads that release the GIL",
        ),
        (
            chapter,
            python_processes > *ABOUT_ONE.end() && ABOUT_ONE.contains(&python),
            "For pure Python, only a pool of processes makes the job faster.",
        ),
        (
            chapter,
            turns,
            "The two threads that keep the GIL take turns",
        ),
        (
            chapter,
            side_by_side,
            "The two that release it run side by side.",
        ),
        (
            chapter,
            release_ns > 0.0 && release_ns < 1000.0,
            "Releasing the GIL and taking it back adds less than a microsecond to a call",
        ),
        (
            chapter,
            crossing.iter().all(|&ns| ns < count_ns / 1000.0),
            "crossing into Rust and back costs less than a thousandth of one count below 200,000",
        ),
        (
            chapter,
            turns && ABOUT_ONE.contains(&keeping),
            "Rust that keeps the GIL takes turns like pure Python",
        ),
        (
            chapter,
            side_by_side && releasing >= RELEASED,
            "Rust that releases it runs side by side, at least 1.6 times as fast on two threads \
             as on one",
        ),
        (
            chapter,
            rayon >= RELEASED,
            "rayon inside one call gets as far from a single thread",
        ),
        (
            chapter,
            crossing.iter().all(|&ns| ns < 1000.0),
            "A call that crosses into Rust and back costs less than a microsecond",
        ),
        (
            measured,
            ABOUT_ONE.contains(&keeping),
            "two threads calling Rust that keeps the GIL run about as fast as one",
        ),
        (
            measured,
            releasing >= RELEASED,
            "Two threads calling Rust that releases the GIL run at least 1.6 times as fast as one",
        ),
        (
            measured,
            turns && side_by_side,
            "The threads that keep the GIL take turns; the threads that release it run side by \
             side.",
        ),
    ];
    let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut wrong = Vec::new();
    for (page_path, holds, says) in claims {
        let page = words(&fs::read_to_string(root().join(page_path)).unwrap());
        if !page.contains(&words(says)) {
            wrong.push(format!(
                "{page_path} no longer says \"{says}\": change the claim here with the sentence"
            ));
        } else if !holds {
            wrong.push(format!(
                "bench/results/ does not show that \"{says}\": rewrite {page_path} (and the Korean \
                 page) for this recording, or record again with {RECORD}"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{}\n(speedups on 2 threads: pure Python {python:.2}, keeping the GIL {keeping:.2}, \
         releasing it {releasing:.2}; rayon {rayon:.2}; pure Python's processes {python_processes:.2})",
        wrong.join("\n")
    );
}

/// The versions the chapter names are the ones `pyext/` pins.
#[test]
fn the_chapter_names_the_pinned_versions() {
    let read = |path: &str| {
        fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let cargo = read("pyext/Cargo.toml");
    let pyo3 = cargo
        .lines()
        .find_map(|l| l.strip_prefix("pyo3 = { version = \"="))
        .and_then(|rest| rest.split('"').next())
        .expect("pyext/Cargo.toml pins pyo3 as `pyo3 = { version = \"=X.Y.Z\"`");
    let run = read("pyext/run");
    let maturin = run
        .lines()
        .find_map(|l| l.strip_prefix("MATURIN_VERSION="))
        .expect("pyext/run sets MATURIN_VERSION=");
    let mut problems = Vec::new();
    for lang in ["ko", "en"] {
        let path = format!("src/{lang}/back-to-python.md");
        let page = read(&path);
        for named in [format!("PyO3 {pyo3}"), format!("maturin {maturin}")] {
            if !page.contains(&named) {
                problems.push(format!("{path} does not name {named}, which pyext/ pins"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
