//! Hands skeptic every rust block of the book, in both languages, with the
//! `{{#include}}` and `{{#rustdoc_include}}` directives already expanded, so
//! that code pulled in from `examples/` is compiled *and run* like any other.
//!
//! A block that is the same in Korean and English is tested once. A block
//! that is a whole program another test already builds and runs (an example
//! with a recorded output: tests/outputs.rs; an exercise program:
//! tests/exercises.rs) is left to that test. Blocks marked `compile_fail` are left to trybuild (`tests/compile_fail.rs`), and
//! blocks marked `ignore` (PyO3 code, which needs a Python to build) to
//! `pyext/run`; `tests/book.rs` makes sure that nothing else slips past: an
//! `ignore` block may only show regions of `pyext/src/`.

#[path = "src/book.rs"]
mod book;
#[path = "src/level_programs.rs"]
mod level_programs;
#[path = "src/playground.rs"]
mod playground;
#[path = "src/twins.rs"]
mod twins;

use std::collections::HashSet;
use std::env;
use std::fmt::Write;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    for watched in [
        "../src/ko",
        "../src/en",
        "../examples",
        "../exercises",
        "../checker/wrong",
        "compile_fail",
        "../outputs",
        "../tools/playground",
        "src",
    ] {
        println!("cargo:rerun-if-changed={watched}");
    }
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap())
        .parent()
        .unwrap()
        .to_path_buf();
    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap()).join("book");
    let _ = fs::remove_dir_all(&out_dir);
    fs::create_dir_all(&out_dir).unwrap();

    let programs = book::programs(&root);
    let mut seen = HashSet::new();
    let mut documents = Vec::new();
    // Problems with includes are reported, with better messages, by tests/book.rs.
    let mut ignored_problems = Vec::new();
    for page in book::pages(&root) {
        let expanded = page.expanded(&mut ignored_problems);
        let mut markdown = String::new();
        for block in book::code_blocks(&expanded) {
            if !block.is_rust() || block.has("compile_fail") || block.has("ignore") {
                continue;
            }
            let fence = if block.has("should_panic") {
                "rust,should_panic"
            } else {
                "rust"
            };
            if !seen.insert((fence, block.code.clone())) {
                continue;
            }
            // A whole program that the outputs or exercises test builds and
            // runs already: once, instead of once per page that shows it.
            if fence == "rust"
                && book::recorded_program(&root, &programs, &block.compiled_code()).is_some()
            {
                continue;
            }
            let code = with_notes_module(block.code.trim_end(), &root);
            write!(
                markdown,
                "## {} line {}\n\n```{fence}\n{code}\n```\n\n",
                page.lang, block.line
            )
            .unwrap();
        }
        if !markdown.is_empty() {
            let stem = format!(
                "{}_{}",
                page.lang,
                page.name.trim_end_matches(".md").replace(['/', '-'], "_")
            );
            let path = out_dir.join(format!("{stem}.md"));
            fs::write(&path, markdown).unwrap();
            backdate(&path);
            documents.push(path);
        }
    }
    skeptic::generate_doc_tests(&documents);
    extract_regions(&root);
    make_twins(&root);
    make_program_twins(&root);
    make_level_programs(&root);
}

/// skeptic tells cargo to rerun this script when one of the documents it is
/// given changes, and those documents are written here, during the run: with
/// their own modification time they would look changed to the next build, so
/// every `cargo test` would run this script and rebuild all of `checks`. They
/// are made from the watched sources, so their own time carries no news.
fn backdate(path: &Path) {
    fs::File::options()
        .write(true)
        .open(path)
        .and_then(|file| file.set_modified(std::time::UNIX_EPOCH))
        .unwrap_or_else(|e| panic!("cannot set the time of {}: {e}", path.display()));
}

/// Writes each exercise's program twin (`src/twins.rs`) to
/// `$OUT_DIR/programs/NAME.rs`, and the intact program to
/// `$OUT_DIR/programs/PROGRAM.rs`. Where a twin cannot be made, it writes the
/// intact program in its place; tests/twins.rs then fails with the reason.
fn make_program_twins(root: &Path) {
    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap()).join("programs");
    let _ = fs::remove_dir_all(&out_dir);
    for twin in twins::PROGRAM_TWINS {
        let source = fs::read_to_string(root.join(twin.program)).unwrap_or_default();
        let intact = twins::includable(&source);
        let stem = Path::new(twin.program).file_stem().unwrap();
        let target = out_dir.join(format!("{}.rs", twin.name));
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::write(out_dir.join(stem).with_extension("rs"), &intact).unwrap();
        fs::write(target, twin.make(root).unwrap_or(intact)).unwrap();
    }
}

/// Writes each program of `LEVEL_PROGRAMS` (`src/level_programs.rs`) to
/// `$OUT_DIR/levels/NAME.rs`, for tests/loom_levels.rs.
fn make_level_programs(root: &Path) {
    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap()).join("levels");
    let _ = fs::remove_dir_all(&out_dir);
    fs::create_dir_all(&out_dir).unwrap();
    for program in level_programs::LEVEL_PROGRAMS {
        let source = fs::read_to_string(root.join(program.example)).unwrap_or_default();
        let region = book::anchored_region(&source, program.anchor).unwrap_or_default();
        let target = out_dir.join(format!("{}.rs", program.name));
        fs::write(target, program.make(&region)).unwrap();
    }
}

/// Writes each broken twin (`src/twins.rs`) to `$OUT_DIR/twins/NAME.rs`:
/// its example's region with the bug put in. Where the text to replace is
/// gone, it writes the region unchanged; tests/twins.rs then fails with the
/// reason, as an ordinary test rather than a build error.
fn make_twins(root: &Path) {
    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap()).join("twins");
    let _ = fs::remove_dir_all(&out_dir);
    for twin in twins::TWINS {
        let source = fs::read_to_string(root.join(twin.example)).unwrap_or_default();
        let region = book::anchored_region(&source, twin.anchor).unwrap_or_default();
        let code = twin.put_into(&region).unwrap_or(region);
        let target = out_dir.join(format!("{}.rs", twin.name));
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::write(target, code).unwrap();
    }
}

/// The loom tests model-check the primitives that examples build by hand,
/// compiling the very lines the book shows against loom's `Mutex` and
/// `Condvar` instead of std's. This writes every anchored region of every
/// program under `examples/`, `exercises/` and `checker/wrong/` (the
/// starters as published, which the learner's copies may no longer be) to
/// `$OUT_DIR/regions/DIR/FILE/ANCHOR.rs` for them to `include!`.
/// A region they name that no longer exists is reported by tests/book.rs.
fn extract_regions(root: &Path) {
    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap()).join("regions");
    let _ = fs::remove_dir_all(&out_dir);
    for dir in ["examples", "exercises", "checker/wrong"] {
        for path in book::rust_files(&root.join(dir)) {
            let source = fs::read_to_string(&path).unwrap();
            let relative = path
                .strip_prefix(root.join(dir))
                .unwrap()
                .with_extension("");
            for anchor in book::anchors(&source) {
                let Some(region) = book::anchored_region(&source, &anchor) else {
                    continue;
                };
                let target = out_dir
                    .join(dir)
                    .join(&relative)
                    .join(format!("{anchor}.rs"));
                fs::create_dir_all(target.parent().unwrap()).unwrap();
                fs::write(target, region).unwrap();
            }
        }
    }
}

/// Examples use this crate's own library (`notes::init_logging`). rustdoc
/// would link it into a doctest; skeptic only links the dependencies, so a
/// hidden line compiles the library's source into the snippet instead.
fn with_notes_module(code: &str, root: &Path) -> String {
    // A block with a Run button carries the library already, as `mod notes`
    // (tools/playground/notes.rs).
    if !code.contains("notes::") || code.contains("mod notes {") {
        return code.to_string();
    }
    let lib = root.join("src/lib.rs");
    let module = format!("# #[path = {:?}] mod notes;", lib.display().to_string());
    let mut lines: Vec<&str> = code.lines().collect();
    // After the inner doc comments and attributes, which must come first.
    let first_item = lines
        .iter()
        .position(|l| {
            let l = l.trim_start().trim_start_matches("# ");
            !(l.starts_with("//!") || l.starts_with("#![") || l.trim().is_empty() || l == "#")
        })
        .unwrap_or(lines.len());
    lines.insert(first_item, &module);
    lines.join("\n")
}
