//! The book's test machinery, kept out of the examples crate so that a
//! learner's `cargo run --example …` compiles none of it. The tests live in
//! `tests/`; `cargo test` at the repository root runs them.

pub mod book;
pub mod playground;
pub mod refused;
pub mod twins;

use std::env;
use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

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

/// `path` with its `.` and `..` parts resolved, without asking the file
/// system (the file need not exist).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Builds every runnable program of the workspace once per test binary (they
/// may not have been built, under `cargo test --test outputs`), with the
/// profile the calling test was built with, and returns where cargo put them.
pub fn examples_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        // A test runs as <target>/<profile>/deps/NAME-<hash>.
        let profile_dir = env::current_exe()
            .unwrap()
            .parent()
            .unwrap()
            .parent()
            .unwrap()
            .to_path_buf();
        let profile = match profile_dir.file_name().unwrap().to_str().unwrap() {
            "debug" => "dev".to_string(),
            other => other.to_string(),
        };
        let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
        let status = Command::new(cargo)
            .args([
                "build",
                "--quiet",
                "--examples",
                "--profile",
                &profile,
                "--target-dir",
            ])
            .arg(profile_dir.parent().unwrap())
            .current_dir(workspace())
            .status()
            .unwrap();
        assert!(status.success(), "cargo build --examples failed");
        profile_dir.join("examples")
    })
}

/// Runs `check` on every item, `workers` at a time, in the items' order of
/// starting; returns what the failing ones said. For checks that run
/// programs, which spend most of their time asleep or in one thread: a few
/// at once keep the two cores busy.
pub fn each_at_once<T: Sync>(
    workers: usize,
    items: &[T],
    check: impl Fn(&T) -> Result<(), String> + Sync,
) -> Vec<String> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some(item) =
                    items.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
                {
                    if let Err(failure) = check(item) {
                        failures.lock().unwrap().push(failure);
                    }
                }
            });
        }
    });
    failures.into_inner().unwrap()
}
