//! `cargo run -p figures -- ROOT` refuses a ROOT that is not a copy of the
//! book, with one line and exit status 2, and writes nothing there.

use std::process::Command;

#[path = "../../checks/src/refused.rs"]
mod refused;

fn refused(args: &[&str], expected: &str) {
    refused::assert_refused(
        Command::new(env!("CARGO_BIN_EXE_figures")).args(args),
        "figures",
        expected,
    );
}

#[test]
fn a_directory_that_is_not_the_book_is_refused_and_left_alone() {
    let empty = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("not-a-book");
    let _ = std::fs::remove_dir_all(&empty);
    std::fs::create_dir_all(&empty).unwrap();
    refused(&[empty.to_str().unwrap()], "is not a copy of the book");
    assert_eq!(
        std::fs::read_dir(&empty).unwrap().count(),
        0,
        "figures wrote into a directory it refused"
    );
}

#[test]
fn a_second_argument_is_refused() {
    refused(&[".", "extra"], "one ROOT at most");
}
