//! `cargo run -p figures`: redraws every figure of the book, both editions:
//! the timeline of each example from its recorded trace (`outputs/NAME.trace`)
//! and the diagrams, into `src/ko/figures/` and `src/en/figures/`.
//!
//! `cargo run -p figures -- ROOT` draws from (and into) another copy of the book.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let root = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".."));
    if args.next().is_some() {
        eprintln!("figures: one ROOT at most (usage: cargo run -p figures [-- ROOT])");
        return ExitCode::from(2);
    }
    // Refuse a directory that is not a copy of the book rather than fill it with figures.
    if !["outputs", "src/ko", "src/en"]
        .iter()
        .all(|part| root.join(part).is_dir())
    {
        eprintln!(
            "figures: {} is not a copy of the book (it needs outputs/, src/ko/ and src/en/)",
            root.display()
        );
        return ExitCode::from(2);
    }
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
