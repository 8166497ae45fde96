//! The book's checks, checked: each kind of fault is put into a copy of the
//! book, and the check that should catch it must fail with a message that
//! names the file. A check that passes on a broken book is itself broken.
//!
//! Each fault runs the real test binaries (those `cargo test` just built for
//! `checks/tests/*.rs`) with `NOTES_BOOK_ROOT` pointing at the copy; the
//! workspace they build from stays the real one. A copy's files are hard
//! links to the book's (a copy is made for every fault); a fault replaces the
//! file it changes, and the checks write nothing unless `RECORD` is set,
//! which `Copy::check` removes.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use checks::{book, root};

/// What the book is made of, as far as the checks read it.
const BOOK_PARTS: &[&str] = &[
    "src",
    "examples",
    "outputs",
    "exercises",
    "async-examples",
    "bench/results",
    "checks/tests",
    "checks/compile_fail",
    // The starters' pristine copies, which the loom twins of the starters read.
    "checker/wrong",
    // The PyO3 code and compile-fail case that "Back to Python" shows.
    "pyext/src",
    "pyext/compile_fail",
    // The `notes` module that blocks with a Run button include.
    "tools/playground",
    // The lists that must name every example and figure.
    "README.md",
    "site/test",
];

struct Copy {
    dir: PathBuf,
}

impl Copy {
    fn new(name: &str) -> Copy {
        // Beside the workspace's files, so that they can be linked, not copied.
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("notes-fault-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        for part in BOOK_PARTS {
            let from = root().join(part);
            if from.is_dir() {
                copy_dir(&from, &dir.join(part));
            } else if from.exists() {
                link_or_copy(&from, &dir.join(part));
            }
        }
        Copy { dir }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.join(relative)
    }

    fn edit(&self, relative: &str, change: impl FnOnce(String) -> String) {
        let path = self.path(relative);
        let before = fs::read_to_string(&path).unwrap();
        let after = change(before.clone());
        assert_ne!(before, after, "the fault did not change {relative}");
        // The copy's files are hard links to the book's own (see `copy_dir`):
        // unlink first, so that the fault goes into the copy alone.
        fs::remove_file(&path).unwrap();
        fs::write(path, after).unwrap();
    }

    /// Runs one test binary of `checks` against this copy; returns whether it
    /// passed, and everything it printed.
    fn check(&self, test: &str, filter: &[&str], extra_env: &[(&str, &str)]) -> (bool, String) {
        let output = Command::new(test_binary(test))
            .args(filter)
            .env("NOTES_BOOK_ROOT", &self.dir)
            .envs(extra_env.iter().copied())
            .env_remove("RECORD")
            // The check is meant to fail here; a backtrace of its panic
            // would only cost time (resolving a debug binary's symbols).
            .env("RUST_BACKTRACE", "0")
            .current_dir(checks::workspace())
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr);
        (output.status.success(), text)
    }
}

/// The test binary `cargo test` built for `checks/tests/NAME.rs`: the newest
/// `NAME-HASH` beside this one (an older hash is a build that is out of date).
/// `cargo test` builds every test binary before it runs any; run this file
/// alone (`--test faults`) only after a whole `cargo test -p checks`.
fn test_binary(name: &str) -> PathBuf {
    let deps = env::current_exe().unwrap().parent().unwrap().to_path_buf();
    let prefix = format!("{name}-");
    fs::read_dir(&deps)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let file = p.file_name().unwrap().to_string_lossy();
            file.starts_with(&prefix)
                && file[prefix.len()..].chars().all(|c| c.is_ascii_hexdigit())
                && p.extension().is_none_or(|e| e == "exe")
        })
        .max_by_key(|p| p.metadata().and_then(|m| m.modified()).ok())
        .unwrap_or_else(|| panic!("no test binary {name}-HASH in {}", deps.display()))
}

impl Drop for Copy {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap().flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            link_or_copy(&path, &target);
        }
    }
}

/// A hard link to `from`, or a copy where a link cannot reach (another file
/// system).
fn link_or_copy(from: &Path, to: &Path) {
    if fs::hard_link(from, to).is_err() {
        fs::copy(from, to).unwrap();
    }
}

/// Asserts that the check fails and that its message names every one of `names`.
fn caught(fault: &str, (passed, text): (bool, String), names: &[&str]) {
    assert!(!passed, "fault not caught: {fault}\n{text}");
    for name in names {
        assert!(
            text.contains(name),
            "fault caught, but the message does not name `{name}`: {fault}\n{text}"
        );
    }
}

/// The value (fifth column) of the first `measured.csv` row that starts with `row`.
fn measured_value(csv: &str, row: &str) -> f64 {
    csv.lines()
        .find(|l| l.starts_with(row))
        .and_then(|l| l.split(',').nth(4)?.parse().ok())
        .unwrap_or_else(|| panic!("measured.csv has no row {row}"))
}

/// `measured.csv` with `value` in the value column of every row `pick` selects.
fn with_values(csv: &str, value: String, pick: impl Fn(&str) -> bool) -> String {
    csv.lines()
        .map(|l| {
            if pick(l) {
                let mut cells: Vec<&str> = l.split(',').collect();
                cells[4] = &value;
                cells.join(",")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// The first `{{#rustdoc_include ../../examples/FILE.rs:ANCHOR}}` of the
/// English pages: `(page, file, anchor)`.
fn some_anchored_include() -> (String, String, String) {
    let pattern =
        regex::Regex::new(r"\{\{#rustdoc_include \.\./\.\./(examples/\w+\.rs):([\w-]+)\}\}")
            .unwrap();
    for page in book::pages(&root()).into_iter().filter(|p| p.lang == "en") {
        if let Some(found) = pattern.captures(&page.text) {
            return (page.name.clone(), found[1].into(), found[2].into());
        }
    }
    panic!("no page includes an anchored region of an example");
}

/// The first link `OTHER.md#ID` on an English page: `(page, OTHER.md, ID)`.
fn some_link_with_id() -> (String, String, String) {
    let pattern = regex::Regex::new(r"\]\(([\w-]+\.md)#([\w-]+)\)").unwrap();
    for page in book::pages(&root()).into_iter().filter(|p| p.lang == "en") {
        if let Some(found) = pattern.captures(&page.text) {
            return (page.name.clone(), found[1].into(), found[2].into());
        }
    }
    panic!("no page links to another page's heading");
}

#[test]
fn an_unchanged_copy_passes() {
    let copy = Copy::new("none");
    let (passed, text) = copy.check("book", &[], &[]);
    assert!(
        passed,
        "the checks fail on an unchanged copy of the book:\n{text}"
    );
}

#[test]
fn a_missing_include_file_is_caught() {
    let (_, file, _) = some_anchored_include();
    let copy = Copy::new("missing-include");
    fs::remove_file(copy.path(&file)).unwrap();
    caught(
        &format!("{file} deleted"),
        copy.check("book", &["every_include_resolves", "--exact"], &[]),
        &[&file],
    );
}

#[test]
fn a_renamed_anchor_is_caught() {
    let (page, file, anchor) = some_anchored_include();
    let copy = Copy::new("renamed-anchor");
    copy.edit(&file, |s| {
        s.replace(
            &format!("ANCHOR: {anchor}\n"),
            &format!("ANCHOR: {anchor}-renamed\n"),
        )
        .replace(
            &format!("ANCHOR_END: {anchor}\n"),
            &format!("ANCHOR_END: {anchor}-renamed\n"),
        )
    });
    caught(
        &format!("anchor {anchor} of {file} renamed"),
        copy.check("book", &["every_include_resolves", "--exact"], &[]),
        &[&file, &page],
    );
}

#[test]
fn a_renamed_anchor_that_a_model_check_uses_is_caught() {
    let copy = Copy::new("loom-anchor");
    let loom_test = fs::read_to_string(root().join("checks/tests/loom_semaphore.rs"))
        .or_else(|_| fs::read_to_string(root().join("checks/tests/loom.rs")))
        .unwrap();
    let region = regex::Regex::new(r#""/regions/examples/(\w+)/([\w-]+)\.rs""#)
        .unwrap()
        .captures(&loom_test)
        .expect("a loom test includes an example's region");
    let (file, anchor) = (format!("examples/{}.rs", &region[1]), region[2].to_string());
    copy.edit(&file, |s| {
        s.replace(&format!("ANCHOR: {anchor}\n"), "ANCHOR: renamed\n")
            .replace(&format!("ANCHOR_END: {anchor}\n"), "ANCHOR_END: renamed\n")
    });
    caught(
        &format!("anchor {anchor} of {file}, which loom checks, renamed"),
        copy.check(
            "book",
            &["every_region_the_model_checks_use_exists", "--exact"],
            &[],
        ),
        &[&file, &anchor],
    );
}

#[test]
fn a_page_in_one_language_only_is_caught() {
    let copy = Copy::new("one-language");
    fs::remove_file(copy.path("src/en/gil.md")).unwrap();
    caught(
        "src/en/gil.md deleted",
        copy.check(
            "book",
            &["both_languages_have_the_same_pages", "--exact"],
            &[],
        ),
        &["gil.md"],
    );
}

#[test]
fn a_heading_id_in_one_language_only_is_caught() {
    let copy = Copy::new("heading-id");
    copy.edit("src/en/gil.md", |s| {
        s.replacen("{#cpu-bound}", "{#cpu-bond}", 1)
    });
    caught(
        "heading id #cpu-bound renamed in English only",
        copy.check(
            "book",
            &["both_languages_have_the_same_structure", "--exact"],
            &[],
        ),
        &["gil.md", "cpu-bond"],
    );
}

#[test]
fn a_link_to_a_missing_page_is_caught() {
    let (page, target, id) = some_link_with_id();
    let copy = Copy::new("link-page");
    copy.edit(&format!("src/en/{page}"), |s| {
        s.replacen(
            &format!("]({target}#{id})"),
            &format!("](no-such-page.md#{id})"),
            1,
        )
    });
    caught(
        &format!("a link on {page} points to a missing page"),
        copy.check("book", &["internal_links_resolve", "--exact"], &[]),
        &[&page, "no-such-page.md"],
    );
}

#[test]
fn a_link_to_a_missing_heading_is_caught() {
    let (page, target, id) = some_link_with_id();
    let copy = Copy::new("link-id");
    copy.edit(&format!("src/en/{page}"), |s| {
        s.replacen(
            &format!("]({target}#{id})"),
            &format!("]({target}#{id}-missing)"),
            1,
        )
    });
    caught(
        &format!("a link on {page} points to a missing heading of {target}"),
        copy.check("book", &["internal_links_resolve", "--exact"], &[]),
        &[&page, &format!("{id}-missing")],
    );
}

#[test]
fn an_ignored_rust_block_is_caught() {
    let copy = Copy::new("ignored-block");
    copy.edit("src/en/gil.md", |s| {
        s + "\n```rust,ignore\nfn main() {}\n```\n"
    });
    caught(
        "a rust,ignore block added to gil.md",
        copy.check(
            "book",
            &["every_rust_block_is_compiled_and_run", "--exact"],
            &[],
        ),
        &["gil.md", "ignore"],
    );
}

#[test]
fn an_unlabeled_code_block_is_caught() {
    let copy = Copy::new("unlabeled-block");
    copy.edit("src/en/gil.md", |s| s + "\n```\nfn main() {}\n```\n");
    caught(
        "a code block without a language added to gil.md",
        copy.check(
            "book",
            &["every_rust_block_is_compiled_and_run", "--exact"],
            &[],
        ),
        &["gil.md", "without a language"],
    );
}

#[test]
fn a_stale_recording_is_caught() {
    let copy = Copy::new("stale-recording");
    // race runs in milliseconds (thread_join, say, sleeps for three seconds).
    copy.edit("outputs/race.txt", |s| {
        let mut lines: Vec<&str> = s.lines().collect();
        lines.pop();
        lines.join("\n") + "\n"
    });
    caught(
        "the last line of outputs/race.txt deleted",
        copy.check(
            "outputs",
            &["recordings_match_what_the_examples_print_now", "--exact"],
            &[("ONLY", "race")],
        ),
        &["outputs/race.txt"],
    );
}

#[test]
fn a_picture_that_no_longer_matches_its_recording_is_caught() {
    let copy = Copy::new("stale-picture");
    copy.edit("src/en/figures/race.svg", |s| {
        s.replacen("<svg", "<svg data-edited=\"by hand\"", 1)
    });
    caught(
        "src/en/figures/race.svg edited by hand",
        copy.check(
            "book_figures",
            &["every_figure_is_what_its_recording_draws_now", "--exact"],
            &[],
        ),
        &["race.svg"],
    );
}

#[test]
fn a_recording_changed_without_its_picture_is_caught() {
    let copy = Copy::new("stale-trace");
    copy.edit("outputs/race.trace", |s| {
        let mut lines: Vec<&str> = s.lines().collect();
        lines.remove(1);
        lines.join("\n") + "\n"
    });
    caught(
        "a line of outputs/race.trace deleted",
        // The two checks that read a trace beside its picture and its output.
        copy.check(
            "book_figures",
            &[
                "every_figure_is_what_its_recording_draws_now",
                "each_trace_and_its_output_are_one_run",
                "--exact",
            ],
            &[],
        ),
        &["race.svg", "outputs/race.trace"],
    );
}

#[test]
fn a_recording_that_contradicts_its_narration_is_caught() {
    let copy = Copy::new("narration");
    // Second gets the lock first in method 1: swap the two "has the lock" lines' order.
    copy.edit("outputs/lock_guard.trace", |s| {
        let mut lines: Vec<String> = s.lines().map(String::from).collect();
        let at =
            |lines: &[String], what: &str| lines.iter().position(|l| l.ends_with(what)).unwrap();
        let third = at(&lines, "Third: has the lock");
        let second = at(&lines, "Second: has the lock");
        let (third_message, second_message) = (lines[third].clone(), lines[second].clone());
        lines[third] = third_message.replace("Third: has the lock", "Second: has the lock");
        lines[second] = second_message.replace("Second: has the lock", "Third: has the lock");
        lines.join("\n") + "\n"
    });
    caught(
        "outputs/lock_guard.trace made to show Second getting the lock before Third",
        copy.check("narration", &[], &[]),
        &["outputs/lock_guard", "src/en/locks.md", "src/ko/locks.md"],
    );
}

#[test]
fn a_measurement_that_contradicts_the_chapter_is_caught() {
    let copy = Copy::new("measured-claim");
    // Python's lock counter made three times as fast by a second thread.
    copy.edit("bench/results/measured.csv", |s| {
        let one = measured_value(&s, "counter,lock,1,python,");
        with_values(&s, format!("{}", one * 3.0), |l| {
            l.starts_with("counter,lock,")
                && l.contains(",python,")
                && !l.starts_with("counter,lock,1,")
        })
    });
    caught(
        "bench/results/measured.csv made to show a second Python thread tripling the lock row",
        copy.check(
            "measured",
            &[
                "the_counter_recording_shows_what_the_chapter_says",
                "--exact",
            ],
            &[],
        ),
        &["measured.md#counter", "lock row"],
    );
}

#[test]
fn a_timeline_rule_that_matches_nothing_is_caught() {
    let copy = Copy::new("dead-rule");
    // The producer's last line no longer says what its rule looks for.
    copy.edit("outputs/prodcons.trace", |s| {
        s.replace("\tsaw the stop event", "\tnoticed the stop event")
    });
    caught(
        "the line of outputs/prodcons.trace that the rule ^saw the stop event matches reworded",
        copy.check(
            "book_figures",
            &[
                "every_rule_of_a_timeline_matches_a_line_of_its_trace",
                "--exact",
            ],
            &[],
        ),
        &[
            "prodcons.svg",
            "^saw the stop event",
            "figures/src/vocab.rs",
        ],
    );
}

#[test]
fn a_span_that_nothing_closes_is_caught() {
    let copy = Copy::new("open-span");
    // The last release of the lock is gone: the hold runs to the thread's end.
    copy.edit("outputs/lock_guard.trace", |s| {
        let mut lines: Vec<&str> = s.lines().collect();
        let last = lines
            .iter()
            .rposition(|l| l.ends_with(": releasing the lock"))
            .unwrap();
        lines.remove(last);
        lines.join("\n") + "\n"
    });
    caught(
        "the last \"releasing the lock\" of outputs/lock_guard.trace deleted",
        copy.check(
            "book_figures",
            &["every_span_is_closed_by_the_end_of_its_run", "--exact"],
            &[],
        ),
        &["lock_guard.svg", "HoldsLock", "still open"],
    );
}

#[test]
fn a_timeline_without_its_trace_is_caught() {
    let copy = Copy::new("no-trace");
    fs::remove_file(copy.path("outputs/race.trace")).unwrap();
    caught(
        "outputs/race.trace deleted",
        copy.check(
            "book_figures",
            &["every_figure_is_what_its_recording_draws_now", "--exact"],
            &[],
        ),
        &["outputs/race.trace", "SPECS", "ONLY=race"],
    );
}

#[test]
fn a_figure_missing_from_the_browser_tests_list_is_caught() {
    let copy = Copy::new("figures-list");
    copy.edit("site/test/figures.test.mjs", |s| {
        s.replace("[\"locks.html\", \"fig-lock-guard\"],", "")
    });
    caught(
        "locks.html's figure dropped from FIGURES in site/test/figures.test.mjs",
        copy.check(
            "book_figures",
            &[
                "the_browser_tests_list_every_figure_the_pages_show",
                "--exact",
            ],
            &[],
        ),
        &[
            "FIGURES",
            "site/test/figures.test.mjs",
            "fig-lock-guard",
            "locks.md includes figures/lock_guard.svg",
        ],
    );
}

#[test]
fn an_example_missing_from_a_list_is_caught() {
    let copy = Copy::new("unlisted-example");
    // A new example, in no list; and one dropped from the README's table.
    fs::copy(
        copy.path("examples/race.rs"),
        copy.path("examples/barrier.rs"),
    )
    .unwrap();
    copy.edit("README.md", |s| s.replacen("`lock_guard`, ", "", 1));
    caught(
        "examples/barrier.rs added to no list, and lock_guard dropped from the README's table",
        copy.check(
            "outputs",
            &[
                "every_list_of_the_examples_agrees_with_recordings",
                "--exact",
            ],
            &[],
        ),
        &[
            "examples/barrier.rs",
            "RECORDINGS",
            "README",
            "`lock_guard`",
        ],
    );
}

#[test]
fn an_unknown_only_name_is_caught() {
    let copy = Copy::new("unknown-only");
    caught(
        "ONLY=barrier, an example RECORDINGS does not list",
        copy.check(
            "outputs",
            &["recordings_match_what_the_examples_print_now", "--exact"],
            &[("ONLY", "race,barrier")],
        ),
        &[
            "ONLY=race,barrier",
            "barrier not in RECORDINGS",
            "checks/tests/outputs.rs",
        ],
    );
}

#[test]
fn a_gil_release_that_adds_no_speed_is_caught() {
    let copy = Copy::new("pyext-claim");
    // The extension's GIL-releasing count made no faster on two threads than
    // on one, as if `detach` were gone.
    copy.edit("bench/results/measured.csv", |s| {
        let one = measured_value(&s, "pyext,releasing-gil-threads,1,");
        with_values(&s, format!("{one}"), |l| {
            l.starts_with("pyext,releasing-gil-threads,2,")
        })
    });
    caught(
        "bench/results/measured.csv made to show the GIL-releasing count no faster on two threads",
        copy.check(
            "back_to_python",
            &["the_recording_shows_what_the_pages_say", "--exact"],
            &[],
        ),
        &["src/en/back-to-python.md", "releases the GIL"],
    );
}
