//! The files the checker is tested on, kept in `checker/`:
//! - `wrong/exNN_NAME_starter.rs`, a copy of each starter as published. A
//!   learner edits the starter in `exercises/examples/` in place, so the
//!   checks of the official material (here, and the loom twins of
//!   `checks/tests/loom_exercises.rs`) read this copy instead.
//! - `wrong/exNN_NAME_*.rs`, at least two plausible wrong fixes per
//!   exercise, and `right/exNN_NAME_*.rs`, right ones the solution does not
//!   show: each is the starter with only its region (and `use` lines)
//!   changed.
//!
//! `tests/verdicts.rs` runs the checker on all of them (in CI's loom step);
//! these tests, in every `cargo test`, keep them in step with the starters.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use checker::region::{EXERCISES, region, uses};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn files(dir: &str, exercise: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&format!("{exercise}_"))
        })
        .collect();
    files.sort();
    files
}

fn starter(exercise: &str) -> PathBuf {
    files("exercises/examples", exercise)
        .into_iter()
        .find(|p| p.to_string_lossy().ends_with("_starter.rs"))
        .unwrap_or_else(|| panic!("no starter for {exercise}"))
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The file without its region's lines and its `use` lines.
fn outside(source: &str, anchor: &str) -> String {
    let inside = region(source, anchor).unwrap_or_default();
    let uses = uses(source);
    source
        .replacen(&inside, "", 1)
        .lines()
        .filter(|line| !uses.lines().any(|u| u == *line))
        .map(|line| format!("{line}\n"))
        .collect()
}

/// Whether git says the file is as committed (`None`: no git to ask).
fn committed(path: &Path) -> Option<bool> {
    let out = Command::new("git")
        .args(["status", "--porcelain", "--"])
        .arg(path)
        .current_dir(root())
        .output()
        .ok()?;
    out.status.success().then_some(out.stdout.is_empty())
}

#[test]
fn every_exercise_keeps_its_starter_and_two_wrong_fixes() {
    let mut problems = Vec::new();
    for (exercise, _) in EXERCISES {
        let starter = starter(exercise);
        let name = starter.file_name().unwrap();
        if !root().join("checker/wrong").join(name).exists() {
            problems.push(format!(
                "checker/wrong/{} is missing",
                name.to_string_lossy()
            ));
        }
        let wrong = files("checker/wrong", exercise).len().saturating_sub(1);
        if wrong < 2 {
            problems.push(format!(
                "{exercise}: {wrong} wrong fixes in checker/wrong, not two"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every kept file is the starter, as kept, with only its region and its
/// `use` lines changed; and the wrong fixes do change the region.
#[test]
fn kept_files_differ_from_the_starter_only_in_the_region() {
    let mut problems = Vec::new();
    for (exercise, anchor) in EXERCISES {
        let copy = root()
            .join("checker/wrong")
            .join(starter(exercise).file_name().unwrap());
        let copy_text = read(&copy);
        let expected = outside(&copy_text, anchor);
        for dir in ["checker/wrong", "checker/right"] {
            for file in files(dir, exercise) {
                let text = read(&file);
                let shown = file.strip_prefix(root()).unwrap().display();
                if region(&text, anchor).is_none() {
                    problems.push(format!("{shown} has no region `{anchor}`"));
                } else if outside(&text, anchor) != expected {
                    problems.push(format!(
                        "{shown} differs from {} outside the region `{anchor}`: change it there too",
                        copy.strip_prefix(root()).unwrap().display()
                    ));
                } else if file != copy && region(&text, anchor) == region(&copy_text, anchor) {
                    problems.push(format!("{shown} leaves the region `{anchor}` as it was"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The copy in `checker/wrong/` is the starter as published. Outside the
/// region they must agree. Inside it, the starter may hold a learner's
/// answer: they must agree only while git says the starter is as committed,
/// so that a maintainer who changes a starter's region changes the copy too.
#[test]
fn the_kept_copy_of_each_starter_is_the_starter() {
    let mut problems = Vec::new();
    for (exercise, anchor) in EXERCISES {
        let starter = starter(exercise);
        let copy = root()
            .join("checker/wrong")
            .join(starter.file_name().unwrap());
        let (now, kept) = (read(&starter), read(&copy));
        let shown = starter.strip_prefix(root()).unwrap().display();
        if outside(&now, anchor) != outside(&kept, anchor) {
            problems.push(format!(
                "{shown} differs from its copy in checker/wrong/ outside the region `{anchor}`: copy it there (and into the kept fixes)"
            ));
        } else if now != kept && committed(&starter) == Some(true) {
            problems.push(format!(
                "{shown} is committed with a region `{anchor}` other than its copy's in checker/wrong/: copy it there"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The recorded outputs the pages show: for each exercise, the unfixed
/// starter's and the solution's, in both languages, each ending with its
/// verdict (tests/verdicts.rs checks that the checker still prints them).
#[test]
fn every_exercise_has_its_recorded_outputs() {
    let mut problems = Vec::new();
    for (exercise, _) in EXERCISES {
        for (state, ko, en) in [
            ("not-yet", "아직입니다: ", "not yet: "),
            ("correct", "정답입니다", "correct"),
        ] {
            for (lang, verdict) in [("ko", ko), ("en", en)] {
                let path = root().join(format!("outputs/checker/{exercise}.{state}.{lang}.txt"));
                match fs::read_to_string(&path) {
                    Err(e) => problems.push(format!("{}: {e}", path.display())),
                    Ok(text) if !text.lines().last().unwrap_or("").starts_with(verdict) => problems
                        .push(format!(
                            "{}: the last line is not `{verdict}…`",
                            path.display()
                        )),
                    Ok(_) => {}
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
