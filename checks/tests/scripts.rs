//! The programs that take arguments (the maintainers' scripts, and the one
//! example that does) refuse bad input with one line that names the program
//! and exit status 2, before they build or run anything. (`measure` and the
//! Python baselines have theirs in `bench/tests/arguments.rs`; `figures` in
//! `figures/tests/arguments.rs`.)

use std::process::Command;

use checks::{examples_dir, workspace};

fn assert_refused(script: &str, args: &[&str], expected: &str) {
    let out = Command::new("bash")
        .arg(workspace().join(script))
        .args(args)
        .output()
        .expect("bash runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{script} {args:?}: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{script} {args:?}: {stderr}");
    assert!(
        stderr.starts_with(&format!("{script}: ")) && stderr.contains(expected),
        "{script} {args:?}: `{expected}` not in: {stderr}"
    );
    assert!(
        out.stdout.is_empty(),
        "{script} {args:?} did something anyway: {}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn tools_stress_refuses_a_bad_number_of_runs() {
    assert_refused("tools/stress", &["thirty"], "not 'thirty'");
    assert_refused("tools/stress", &["0"], "positive whole number");
}

#[test]
fn tools_book_refuses_an_unknown_command_or_port() {
    assert_refused("tools/book", &["publish"], "unknown command 'publish'");
    assert_refused("tools/book", &["serve", "http"], "not 'http'");
    assert_refused("tools/book", &["serve", "70000"], "not '70000'");
}

#[test]
fn the_processes_example_refuses_an_argument_it_does_not_know() {
    let out = Command::new(examples_dir().join("processes"))
        .arg("fast")
        .output()
        .expect("the processes example runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr.trim_end(),
        "processes: unknown argument `fast` (run it with none)"
    );
    assert!(out.stdout.is_empty(), "it ran anyway");
}
