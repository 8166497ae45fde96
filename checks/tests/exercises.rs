//! The exercises and the "predict the output" programs (`exercises/`).
//!
//! - Every starter compiles, ends by itself (a deadlocking starter through
//!   its watchdog) and prints a verdict line; every solution passes its own
//!   assertions, run several times, four programs at once, so that the two
//!   cores are busy.
//! - Every output a predict program printed in the recorded real runs
//!   (`outputs/predict/NAME.runs`) is in the set loom computed
//!   (`outputs/predict/NAME.possible`, checked by tests/loom_predict.rs), and
//!   a few new runs print nothing outside it either.
//! - Both languages' exercise pages show those two files.
//!
//! `RECORD=1 cargo test --test exercises` records the runs again.

use std::collections::BTreeMap;
use std::env;
use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use checks::book;
use checks::root;

/// The real runs each `.runs` file counts.
const RECORDED_RUNS: usize = 1000;
/// New runs of each predict program in an ordinary test.
const CHECK_RUNS: usize = 20;
/// Runs of each solution. The proof that a solution is right is its loom
/// model (tests/loom_exercises.rs); these runs show the real program passing
/// on real threads, and the solution's twin failing is tests/exercise_twins.rs.
const SOLUTION_RUNS: usize = 4;
/// Programs run at once: most of a starter's time is spent asleep (one waits
/// for its watchdog), and the solutions keep the two cores busy.
const WORKERS: usize = 4;
const TIME_LIMIT: Duration = Duration::from_secs(30);

fn programs(prefix: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root().join("exercises/examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect();
    names.sort();
    names
}

/// The chapters that end with an exercise. Chapter 13 (Building a One-Shot
/// Channel) has none, on purpose; the pages that count the exercises
/// (exercises.md and introduction.md in both languages, README.md) say so.
const CHAPTERS_WITH_AN_EXERCISE: [u32; 11] = [4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15];

#[test]
fn chapters_4_to_12_14_and_15_each_have_an_exercise_and_13_has_none() {
    let exercises = programs("ex");
    let of_chapter = |chapter: u32| -> Vec<&String> {
        let prefix = format!("ex{chapter:02}_");
        exercises
            .iter()
            .filter(|n| n.starts_with(&prefix))
            .collect()
    };
    for chapter in CHAPTERS_WITH_AN_EXERCISE {
        let solutions: Vec<_> = of_chapter(chapter)
            .into_iter()
            .filter(|n| !n.ends_with("_starter"))
            .collect();
        assert_eq!(solutions.len(), 1, "chapter {chapter}: {solutions:?}");
        let starter = format!("{}_starter", solutions[0]);
        assert!(exercises.contains(&starter), "{starter} is missing");
        for lang in ["en", "ko"] {
            let page = format!("src/{lang}/exercises/ch{chapter:02}.md");
            assert!(root().join(&page).exists(), "{page} is missing");
        }
    }
    assert!(
        of_chapter(13).is_empty(),
        "chapter 13 now has an exercise: add it to CHAPTERS_WITH_AN_EXERCISE, \
         and count it where the pages say that chapter 13 has none"
    );
    let unlisted: Vec<_> = exercises
        .iter()
        .filter(|n| {
            !CHAPTERS_WITH_AN_EXERCISE
                .iter()
                .any(|c| n.starts_with(&format!("ex{c:02}_")))
        })
        .collect();
    assert!(
        unlisted.is_empty(),
        "exercises of no chapter in CHAPTERS_WITH_AN_EXERCISE: {unlisted:?}"
    );
}

#[test]
fn starters_end_by_themselves_and_solutions_pass_their_assertions() {
    let exercises = programs("ex");
    // Each starter once, each solution SOLUTION_RUNS times; the starters go
    // first, as the deadlocking one waits for its watchdog.
    let (starters, solutions): (Vec<&String>, Vec<&String>) =
        exercises.iter().partition(|n| n.ends_with("_starter"));
    let jobs: Vec<&String> = starters
        .into_iter()
        .chain(solutions.iter().flat_map(|n| [*n; SOLUTION_RUNS]))
        .collect();
    let failures = checks::each_at_once(WORKERS, &jobs, |name| check(name, &run(name)));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A starter must end and print its verdict; a solution must pass its own
/// assertions.
fn check(name: &str, output: &Output) -> Result<(), String> {
    if !output.status.success() {
        return Err(format!(
            "{name} failed: {}\n{}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    // What the learner reads, and what `cargo run -p checker` judges by.
    let stdout = String::from_utf8_lossy(&output.stdout);
    let has_verdict = stdout
        .lines()
        .any(|l| l.contains("] verdict: right") || l.contains("] verdict: not yet, "));
    if name.ends_with("_starter") && !has_verdict {
        return Err(format!(
            "{name} ends without a verdict line (`verdict: right…` or `verdict: not yet, …`):\n{stdout}"
        ));
    }
    Ok(())
}

/// What a predict program printed: its lines joined with " / ".
fn printed(name: &str) -> String {
    let output = run(name);
    check(name, &output).unwrap_or_else(|failure| panic!("{failure}"));
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .collect::<Vec<_>>()
        .join(" / ")
}

fn predict_file(name: &str, extension: &str) -> PathBuf {
    root().join(format!("outputs/predict/{name}.{extension}"))
}

fn possible(name: &str) -> Vec<String> {
    let path = predict_file(name, "possible");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (RECORD=1 in tests/loom_predict.rs writes it)",
            path.display()
        )
    });
    text.lines().map(str::to_string).collect()
}

/// A `.runs` line: the count, a bar, the output.
fn runs_line(count: usize, output: &str) -> String {
    let width = (count * 40).div_ceil(RECORDED_RUNS);
    format!("{count:>5} {:<40} {output}\n", "█".repeat(width))
}

fn parse_runs(text: &str) -> BTreeMap<String, usize> {
    text.lines()
        .map(|line| {
            let (count, rest) = line
                .trim_start()
                .split_once(' ')
                .expect("count, bar, output");
            let output = rest.trim_start_matches(['█', ' ']);
            (output.to_string(), count.parse().expect("a count"))
        })
        .collect()
}

#[test]
fn real_runs_print_only_possible_outputs() {
    let record = env::var_os("RECORD").is_some();
    let mut problems = Vec::new();
    for name in programs("predict_") {
        let possible = possible(&name);
        if record {
            let mut counts: BTreeMap<String, usize> =
                possible.iter().map(|o| (o.clone(), 0)).collect();
            for _ in 0..RECORDED_RUNS {
                *counts.entry(printed(&name)).or_insert(0) += 1;
            }
            let mut lines: Vec<(&String, &usize)> = counts.iter().collect();
            lines.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let text: String = lines.iter().map(|(o, c)| runs_line(**c, o)).collect();
            fs::write(predict_file(&name, "runs"), text).unwrap();
        }
        let runs = parse_runs(&fs::read_to_string(predict_file(&name, "runs")).unwrap_or_default());
        if runs.values().sum::<usize>() != RECORDED_RUNS {
            problems.push(format!("{name}.runs does not count {RECORDED_RUNS} runs"));
        }
        for (output, count) in &runs {
            if *count > 0 && !possible.contains(output) {
                problems.push(format!(
                    "{name}: seen {count} times but not possible: {output}"
                ));
            }
        }
        for output in &possible {
            if !runs.contains_key(output) {
                problems.push(format!(
                    "{name}.runs leaves out the possible output {output}"
                ));
            }
        }
        for _ in 0..CHECK_RUNS {
            let output = printed(&name);
            if !possible.contains(&output) {
                problems.push(format!(
                    "{name} printed an output loom did not find: {output}"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn pages_show_the_program_the_possible_set_and_the_runs() {
    let mut problems = Vec::new();
    for lang in book::LANGUAGES {
        let shown: Vec<PathBuf> = book::pages(&root())
            .into_iter()
            .filter(|p| p.lang == lang)
            .flat_map(|p| {
                book::directives(&p.text)
                    .into_iter()
                    .map(move |d| checks::normalize(&p.dir().join(d.file)))
            })
            .collect();
        let mut wanted: Vec<PathBuf> = Vec::new();
        for name in programs("predict_") {
            wanted.push(root().join(format!("exercises/examples/{name}.rs")));
            wanted.push(predict_file(&name, "possible"));
            wanted.push(predict_file(&name, "runs"));
        }
        for name in programs("ex") {
            wanted.push(root().join(format!("exercises/examples/{name}.rs")));
        }
        for file in wanted {
            if !shown.contains(&file) {
                problems.push(format!("{} is shown on no src/{lang} page", file.display()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Runs a program of `exercises/`, with a bound; fails if it takes longer.
fn run(name: &str) -> Output {
    let binary = checks::examples_dir().join(format!("{name}{}", env::consts::EXE_SUFFIX));
    let mut child = Command::new(&binary)
        .env_remove("RUST_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", binary.display()));
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > TIME_LIMIT {
            child.kill().unwrap();
            panic!("{name} ran for more than {TIME_LIMIT:?}");
        }
        thread::sleep(Duration::from_millis(1));
    }
    child.wait_with_output().unwrap()
}
