//! `cargo run -p figures`: redraws every figure of the book, both editions:
//! the timeline of each example from its recorded trace (`outputs/NAME.trace`)
//! and the diagrams, into `src/ko/figures/` and `src/en/figures/`.
//!
//! `cargo run -p figures -- ROOT` draws from (and into) another copy of the book.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let root = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".."));
    let figures = match figures::all_figures(&root) {
        Ok(figures) => figures,
        Err(e) => {
            eprintln!("figures: {e}");
            return ExitCode::FAILURE;
        }
    };
    for (path, svg) in &figures {
        if let Err(e) = figures::write_figure(path, svg) {
            eprintln!("figures: {e}");
            return ExitCode::FAILURE;
        }
    }
    println!("figures: drew {} figures", figures.len());
    ExitCode::SUCCESS
}
