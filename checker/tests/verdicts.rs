//! The checker's verdicts, as a learner would get them
//! (`cargo run -p checker -- exNN --file PATH`):
//! - "not yet", with a reason, for the unfixed starter (the copy kept in
//!   `checker/wrong/`) and for every kept wrong fix;
//! - "correct" for the solution put into the starter (its region in place
//!   of the starter's), and for every kept right fix;
//! - and the recorded outputs that the pages show
//!   (`outputs/checker/exNN.{not-yet,correct}.{ko,en}.txt`) are still what
//!   it prints, up to times and counts. `RECORD=1` records them again;
//!   `ONLY=ex11,ex12` limits a run to those exercises.
//!
//! Each check builds the exercise's check from the file and runs loom on
//! it: a few minutes in all, so this runs in CI's loom step
//! (`RUSTFLAGS="--cfg loom" cargo test --release -p checker --test verdicts`),
//! not in every `cargo test`. One test runs them all, two exercises at a
//! time (a check spends most of its time in loom, on one core), each
//! exercise's checks one after another: every check of an exercise rebuilds
//! the same binary.
#![cfg(loom)]

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use checker::region::{EXERCISES, region};
use regex::Regex;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Each exercise's solution, and the anchor of the region that answers the
/// starter's. Exercise 5's solution changes how the stop is asked for in
/// `main`, outside any region the starter has, so its answer in the
/// starter's shape is kept as `checker/right/ex05_autosave_channel.rs`.
const SOLUTIONS: &[(&str, &str, &str)] = &[
    ("ex04", "ex04_gather.rs", "spawn"),
    ("ex06", "ex06_word_count.rs", "parallel"),
    ("ex07", "ex07_philosophers.rs", "table"),
    ("ex08", "ex08_tickets.rs", "ticket"),
    ("ex09", "ex09_bank.rs", "bank"),
    ("ex10", "ex10_bounded_queue.rs", "queue"),
    ("ex11", "ex11_seats.rs", "box_office"),
    ("ex12", "ex12_try_lock.rs", "spin_lock"),
    ("ex14", "ex14_page_views.rs", "lock"),
    ("ex15", "ex15_restock.rs", "restock"),
];

fn sorted_dir(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

fn copy_of_starter(exercise: &str) -> PathBuf {
    sorted_dir("checker/wrong")
        .into_iter()
        .find(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with(&format!("{exercise}_")) && name.ends_with("_starter.rs")
        })
        .unwrap()
}

/// The kept starter with the solution's region in place of its own, written
/// under the starter's file name into a scratch directory.
fn solution_in_starter(exercise: &str) -> PathBuf {
    let starter = copy_of_starter(exercise);
    let anchor = EXERCISES.iter().find(|(e, _)| *e == exercise).unwrap().1;
    let Some((_, file, solution_anchor)) = SOLUTIONS.iter().find(|(e, ..)| *e == exercise) else {
        return root().join("checker/right/ex05_autosave_channel.rs");
    };
    let starter_text = fs::read_to_string(&starter).unwrap();
    let solution = fs::read_to_string(root().join("exercises/examples").join(file)).unwrap();
    // The solutions' regions need no `use` line that the starters lack.
    let text = starter_text.replacen(
        &region(&starter_text, anchor).unwrap(),
        &region(&solution, solution_anchor).unwrap(),
        1,
    );
    let dir = scratch();
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join(starter.file_name().unwrap());
    fs::write(&path, text).unwrap();
    path
}

/// What the checker printed, and whether it said "correct".
fn check(exercise: &str, file: &Path, lang: &str) -> (String, bool) {
    let out = Command::new(env!("CARGO_BIN_EXE_checker"))
        .args([exercise, "--lang", lang, "--file"])
        .arg(file)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let correct = match out.status.code() {
        Some(0) => true,
        Some(1) => false,
        other => panic!(
            "{exercise} {}: exit status {other:?}\n{stdout}{}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        ),
    };
    let last = stdout.lines().last().unwrap_or("");
    let expected = match (correct, lang) {
        (true, "ko") => last == "정답입니다",
        (true, _) => last == "correct",
        (false, "ko") => last.starts_with("아직입니다: ") && last.len() > "아직입니다: ".len() + 10,
        (false, _) => last.starts_with("not yet: ") && last.len() > "not yet: ".len() + 10,
    };
    assert!(
        expected,
        "{exercise} {}: the last line is no verdict:\n{stdout}",
        file.display()
    );
    (stdout, correct)
}

/// The output with what changes from run to run masked: times, and how
/// many executions loom explored (the same for the same code and loom, but
/// not worth a new recording when either changes).
fn masked(output: &str) -> String {
    let times = Regex::new(r"\d+\.\d+").unwrap();
    let executions = Regex::new(r"\d+ executions|실행 \d+가지").unwrap();
    let output = times.replace_all(output, "T");
    executions.replace_all(&output, "N").into_owned()
}

#[test]
fn the_checker_rejects_every_wrong_fix_and_accepts_every_right_one() {
    let record = env::var_os("RECORD").is_some();
    // `ONLY=ex11,ex12` checks (or records) those exercises alone.
    let only = env::var("ONLY").ok();
    let chosen = |exercise: &str| {
        only.as_deref()
            .is_none_or(|only| only.split(',').any(|e| e.trim() == exercise))
    };
    // Two exercises at a time: a check spends most of its time in loom on
    // one core. Each exercise stays on one worker, so that two checks never
    // build the same check binary at once (each runs its own copy of it).
    let exercises: Vec<&str> = EXERCISES
        .iter()
        .map(|(e, _)| *e)
        .filter(|e| chosen(e))
        .collect();
    let mut problems = checks::each_at_once(2, &exercises, |exercise| {
        let problems = check_exercise(exercise, record);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n\n"))
        }
    });
    // A file that does not compile: the error at the line of the file.
    if !chosen("ex08") {
        assert!(problems.is_empty(), "{}", problems.join("\n\n"));
        return;
    }
    let copy = copy_of_starter("ex08");
    let broken = scratch().join("ex08_tickets_broken.rs");
    let text = fs::read_to_string(&copy).unwrap();
    fs::write(
        &broken,
        text.replacen("    ticket\n}", "    ticket +\n}", 1),
    )
    .unwrap();
    let (output, correct) = check("ex08", &broken, "en");
    let line = text.lines().position(|l| l == "    ticket").unwrap() + 2;
    if correct || !output.contains(&format!("--> {}:{line}:1", broken.display())) {
        problems.push(format!(
            "a compile error, not shown at {}:{line}:\n{output}",
            broken.display()
        ));
    }
    let _ = fs::remove_dir_all(scratch());
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// Every check of one exercise: its starter and solution in both languages
/// (against their recordings, or recording them), then each kept answer.
fn check_exercise(exercise: &str, record: bool) -> Vec<String> {
    let mut problems = Vec::new();
    let starter = copy_of_starter(exercise);
    let solution = solution_in_starter(exercise);
    for lang in ["ko", "en"] {
        for (state, file, want_correct) in
            [("not-yet", &starter, false), ("correct", &solution, true)]
        {
            let (output, correct) = check(exercise, file, lang);
            if correct != want_correct {
                problems.push(format!("{exercise} {}: {output}", file.display()));
                continue;
            }
            let recording = root().join(format!("outputs/checker/{exercise}.{state}.{lang}.txt"));
            if record {
                fs::create_dir_all(recording.parent().unwrap()).unwrap();
                fs::write(&recording, &output).unwrap();
            } else {
                let before = fs::read_to_string(&recording).unwrap_or_default();
                if masked(&before) != masked(&output) {
                    problems.push(format!(
                        "{} is no longer what the checker prints (RECORD=1 records it again):\n--- recorded\n{before}--- now\n{output}",
                        recording.display()
                    ));
                }
            }
        }
    }
    let kept = sorted_dir("checker/wrong")
        .into_iter()
        .map(|f| (f, false))
        .chain(sorted_dir("checker/right").into_iter().map(|f| (f, true)))
        .filter(|(f, _)| {
            f.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&format!("{exercise}_"))
                && *f != starter
        });
    for (file, want_correct) in kept {
        let (output, correct) = check(exercise, &file, "en");
        if correct != want_correct {
            problems.push(format!(
                "{}: expected {}, got:\n{output}",
                file.strip_prefix(root()).unwrap().display(),
                if want_correct { "correct" } else { "not yet" }
            ));
        }
    }
    problems
}

/// Where the solutions put into the starters are written.
fn scratch() -> PathBuf {
    env::temp_dir().join(format!("checker-solutions-{}", std::process::id()))
}
