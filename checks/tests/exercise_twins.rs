//! Every exercise solution fails `cargo test` when its starter's bug is put
//! back, every time. Chapters 7 to 10 show it with loom
//! (tests/loom_exercises.rs, which runs in every `cargo test`); the
//! exercises without a model show it here, with the whole solution program:
//!
//! - chapter 4: the starter's threads return nothing, so the total is 0;
//! - chapter 5: a thread that sleeps through the interval and only then looks
//!   for a stop request, and one that saves only when the interval is up;
//! - chapter 6: the starter splits the text at spaces, not at whitespace;
//! - chapter 11: the starter's `fetch_add` counts refused requests too, and
//!   400 requests take a `u8` past 255, so it wraps and sells seats again;
//! - chapter 14: the starter `unwrap`s the poisoned lock, so the handlers
//!   after the panic panic too, and a wrong fix takes the guard without
//!   repairing the total that the panic left counted;
//! - chapter 15: the starter's restock is split by its `.await`, so an
//!   `abort()` there loses the units it has taken out.
//!
//! Each twin (`PROGRAM_TWINS` in src/twins.rs, made by build.rs) is the
//! solution with one anchored region swapped for the broken one. Its `main`
//! runs in this process and must panic with the program's own assertion
//! message, which says why it failed; the intact solution, run the same
//! way, must pass. All but one of the failures cannot depend on timing: the
//! starter's total is 0 on every run, its word split is wrong on every run,
//! 400 calls of `fetch_add` take a `u8` counter round past 255 in any
//! interleaving, chapter 14's handlers take the lock only after `join` has
//! seen the first handler panic with it held, chapter 15's `main` aborts the
//! restock only after its van has left, and the van cannot arrive while
//! `main` holds its sender, so the abort always lands at that `.await`,
//! and a thread that sleeps `INTERVAL` before it looks can never end its
//! wait before the deadline `INTERVAL` ahead (`sleep` sleeps at least that
//! long, and `Instant` never goes back). The exception, a thread that saves
//! only when an interval is up, saves nothing before a stop that comes a
//! fifth of the way into its first interval; it could pass only if `main`
//! stalled for the other four fifths (400 ms), the margin that the
//! solution's own deadline check relies on too.

use std::fs;
use std::panic;
use std::sync::Once;

use checks::root;
use checks::twins::PROGRAM_TWINS;

/// A program of `$OUT_DIR/programs/`, as a module whose `run` calls its `main`.
macro_rules! program {
    ($module:ident, $file:literal $(, $import:item)*) => {
        mod $module {
            $($import)*
            include!(concat!(env!("OUT_DIR"), "/programs/", $file, ".rs"));
            pub fn run() {
                super::quiet();
                main()
            }
        }
    };
}

program!(gather, "ex04_gather");
program!(gather_starter, "ex04_gather/starter");
program!(autosave, "ex05_autosave");
program!(autosave_slept_through, "ex05_autosave/slept_through");
program!(autosave_no_last_save, "ex05_autosave/no_last_save");
program!(seats, "ex11_seats");
program!(seats_wraps, "ex11_seats/wraps");
program!(page_views, "ex14_page_views");
program!(page_views_unwrap, "ex14_page_views/unwrap");
program!(page_views_no_repair, "ex14_page_views/no_repair");
program!(restock, "ex15_restock");
program!(restock_split_by_await, "ex15_restock/split_by_await");
program!(word_count, "ex06_word_count");
// The starter's region locks a `Mutex`, which the solution never imports.
program!(
    word_count_starter,
    "ex06_word_count/starter",
    use std::sync::Mutex;
);

/// The programs log to standard output, which the test harness does not
/// capture: set the logger up once, and silence it.
fn quiet() {
    static QUIET: Once = Once::new();
    QUIET.call_once(|| {
        notes::init_logging();
        log::set_max_level(log::LevelFilter::Off);
    });
}

/// The message `main` panicked with, or `None` if it returned.
fn panic_message(main: fn()) -> Option<String> {
    let payload = panic::catch_unwind(main).err()?;
    let message = payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()));
    Some(message.unwrap_or_else(|| "a panic without a message".to_string()))
}

/// The solution passes, and its twin fails with a message that contains
/// every one of `reasons`.
fn solution_passes_and_twin_fails(solution: fn(), twin: fn(), reasons: &[&str]) {
    if let Some(message) = panic_message(solution) {
        panic!("the solution itself failed: {message}");
    }
    let Some(message) = panic_message(twin) else {
        panic!("the twin passed: its assertions cannot see the bug");
    };
    for reason in reasons {
        assert!(
            message.contains(reason),
            "the twin failed, but not because {reason:?}: {message}"
        );
    }
}

#[test]
fn gather_fails_with_the_starters_threads() {
    solution_passes_and_twin_fails(
        gather::run,
        gather_starter::run,
        &["spawn: the parts do not add up to the whole", "left: 0"],
    );
}

#[test]
fn autosave_fails_when_it_sleeps_through_the_stop() {
    solution_passes_and_twin_fails(
        autosave::run,
        autosave_slept_through::run,
        &["the last wait ran to its deadline"],
    );
}

#[test]
fn autosave_fails_without_a_save_on_the_way_out() {
    solution_passes_and_twin_fails(
        autosave::run,
        autosave_no_last_save::run,
        &["the last edit was not saved on the way out"],
    );
}

#[test]
fn page_views_fail_when_the_poisoned_lock_is_unwrapped() {
    solution_passes_and_twin_fails(
        page_views::run,
        page_views_unwrap::run,
        &["a handler panicked on the poisoned lock"],
    );
}

#[test]
fn page_views_fail_when_the_poison_is_ignored_unrepaired() {
    solution_passes_and_twin_fails(
        page_views::run,
        page_views_no_repair::run,
        &[
            "the total is not the sum of the pages",
            "left: 303",
            "right: 302",
        ],
    );
}

#[test]
fn restock_fails_when_an_await_splits_the_move() {
    solution_passes_and_twin_fails(
        restock::run,
        restock_split_by_await::run,
        &[
            "the abort lost units between the warehouse and the shop",
            "left: 90",
            "right: 100",
        ],
    );
}

#[test]
fn word_count_fails_with_the_starters_split() {
    solution_passes_and_twin_fails(
        word_count::run,
        word_count_starter::run,
        &["the parallel counts differ from the sequential ones"],
    );
}

/// Every program twin is run above, and every exercise of chapters 4 to 10
/// has its starter's bug put back somewhere: in a program twin here, or in
/// a model of tests/loom_exercises.rs.
#[test]
fn every_exercise_has_a_twin_that_must_fail() {
    let this = fs::read_to_string(root().join("checks/tests/exercise_twins.rs")).unwrap();
    let models = fs::read_to_string(root().join("checks/tests/loom_exercises.rs")).unwrap();
    let mut problems = Vec::new();
    for twin in PROGRAM_TWINS {
        if !this.contains(&format!("\"{}\"", twin.name)) {
            problems.push(format!("program twin {} is run by no test here", twin.name));
        }
    }
    let solutions = fs::read_dir(root().join("exercises/examples"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.starts_with("ex") && !n.ends_with("_starter"));
    for solution in solutions {
        let in_program_twin = PROGRAM_TWINS
            .iter()
            .any(|t| t.program.ends_with(&format!("/{solution}.rs")));
        let in_model = models.contains(&format!("{solution}_starter"))
            || models.contains(&format!("/twins/{solution}/"));
        if !in_program_twin && !in_model {
            problems.push(format!(
                "{solution}: no test puts its starter's bug back (src/twins.rs, tests/loom_exercises.rs)"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn seats_fail_when_fetch_add_wraps() {
    solution_passes_and_twin_fails(seats::run, seats_wraps::run, &["a seat was sold twice"]);
}
