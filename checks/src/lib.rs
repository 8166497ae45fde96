//! The book's test machinery, kept out of the examples crate so that a
//! learner's `cargo run --example …` compiles none of it. The tests live in
//! `tests/`; `cargo test` at the repository root runs them.

pub mod book;

use std::path::{Path, PathBuf};

/// The repository's root: the examples crate, `src/ko`, `src/en`, `outputs/`.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("checks/ sits in the repository")
        .to_path_buf()
}
