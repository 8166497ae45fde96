//! The checker refuses what it does not understand, in one line, with exit
//! status 2, before it builds anything.

use std::process::Command;

#[path = "../../checks/src/refused.rs"]
mod refused;

fn assert_refused(args: &[&str], expected: &str) {
    let mut checker = Command::new(env!("CARGO_BIN_EXE_checker"));
    checker.args(args);
    refused::assert_refused(&mut checker, "checker", expected);
}

#[test]
fn an_unknown_argument_is_refused() {
    assert_refused(&["ex07", "--fast"], "unknown argument `--fast`");
    assert_refused(&["ex99"], "unknown argument `ex99`");
    assert_refused(&["ex07", "ex08"], "unknown argument `ex08`");
}

#[test]
fn an_exercise_is_needed() {
    assert_refused(&[], "which exercise? ex04 to ex12, ex14 or ex15");
    assert_refused(&["--lang", "en"], "which exercise?");
}

#[test]
fn a_language_other_than_ko_or_en_is_refused() {
    assert_refused(&["ex07", "--lang", "fr"], "--lang takes ko or en, not `fr`");
    assert_refused(&["ex07", "--lang"], "--lang takes ko or en");
}

#[test]
fn a_file_option_needs_a_path() {
    assert_refused(&["ex07", "--file"], "--file takes a path");
}
