//! The book's test machinery, kept out of the examples crate so that a
//! learner's `cargo run --example …` compiles none of it. The tests live in
//! `tests/`; `cargo test` at the repository root runs them.

pub mod book;

use std::path::{Path, PathBuf};

/// The book being checked: `src/ko`, `src/en`, `outputs/`, the examples'
/// sources. Normally the repository itself; `NOTES_BOOK_ROOT` points the
/// checks at a copy instead, which is how `tests/faults.rs` shows that each
/// kind of fault in a copy of the book is caught.
pub fn root() -> PathBuf {
    match std::env::var_os("NOTES_BOOK_ROOT") {
        Some(copy) => PathBuf::from(copy),
        None => workspace(),
    }
}

/// The cargo workspace, whose build the checks run (always the real one).
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("checks/ sits in the repository")
        .to_path_buf()
}
