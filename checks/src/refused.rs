//! How the book's programs refuse bad input, as one check: exit status 2,
//! one line on stderr that starts with the program's name and says what is
//! wrong, no panic or traceback, and nothing done (nothing on stdout).
//!
//! The tests of `checks` use it as `checks::refused`; those of `bench` and
//! `figures`, which do not depend on `checks`, include this file by path.

use std::process::Command;

/// Runs `command`, asserts that `program` refused it with a message that
/// contains `expected`, and returns that message.
pub fn assert_refused(command: &mut Command, program: &str, expected: &str) -> String {
    let what = format!("{command:?}");
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("{what} does not run: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{what}: exit status; stderr: {stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{what}: one line, got: {stderr}");
    assert!(
        stderr.starts_with(&format!("{program}: ")) && stderr.contains(expected),
        "{what}: `{program}: …{expected}…` not in: {stderr}"
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("Traceback"),
        "{what}: {stderr}"
    );
    assert!(
        out.stdout.is_empty(),
        "{what} did something anyway: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    stderr
}
