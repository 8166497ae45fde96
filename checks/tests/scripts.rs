//! The programs that take arguments (the maintainers' scripts, and the one
//! example that does) refuse bad input with one line that names the program
//! and exit status 2, before they build or run anything. (`measure` and the
//! Python baselines have theirs in `bench/tests/arguments.rs`; `figures` in
//! `figures/tests/arguments.rs`.)

use std::process::Command;

use checks::refused::assert_refused;
use checks::{examples_dir, workspace};

fn assert_script_refuses(script: &str, args: &[&str], expected: &str) {
    assert_refused(
        Command::new("bash")
            .arg(workspace().join(script))
            .args(args),
        script,
        expected,
    );
}

#[test]
fn tools_stress_refuses_a_bad_number_of_runs() {
    assert_script_refuses("tools/stress", &["thirty"], "not 'thirty'");
    assert_script_refuses("tools/stress", &["0"], "positive whole number");
}

#[test]
fn tools_book_refuses_an_unknown_command_or_port() {
    assert_script_refuses("tools/book", &["publish"], "unknown command 'publish'");
    assert_script_refuses("tools/book", &["serve", "http"], "not 'http'");
    assert_script_refuses("tools/book", &["serve", "70000"], "not '70000'");
}

#[test]
fn the_processes_example_refuses_an_argument_it_does_not_know() {
    let stderr = assert_refused(
        Command::new(examples_dir().join("processes")).arg("fast"),
        "processes",
        "unknown argument",
    );
    assert_eq!(
        stderr.trim_end(),
        "processes: unknown argument `fast` (run it with none)"
    );
}
