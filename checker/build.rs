//! Writes, for each exercise, the code its check compiles:
//! `$OUT_DIR/exNN/program.rs` (the whole file, run as the program) and
//! `$OUT_DIR/exNN/model.rs` (its `use` lines and the region, for loom).
//! The file is the starter in `exercises/examples/`, or, for the exercise
//! `CHECKER_EXERCISE`, the file `CHECKER_FILE` (the `checker` command sets
//! both when it is given `--file`). A file without the region gets an empty
//! model; the command has said so before it builds.

#[path = "src/region.rs"]
#[allow(dead_code)] // `compile_errors` is the command's
mod region;

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-env-changed=CHECKER_EXERCISE");
    println!("cargo:rerun-if-env-changed=CHECKER_FILE");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    let chosen = env::var("CHECKER_EXERCISE").ok();
    for (exercise, anchor) in region::EXERCISES {
        let file = match (&chosen, env::var_os("CHECKER_FILE")) {
            (Some(chosen), Some(file)) if chosen == exercise => PathBuf::from(file),
            _ => starter(root, exercise),
        };
        println!("cargo:rerun-if-changed={}", file.display());
        let source = fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        let dir = out.join(exercise);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("program.rs"), region::program(&source)).unwrap();
        let model = region::model(&source, anchor).unwrap_or_default();
        fs::write(dir.join("model.rs"), model).unwrap();
    }
}

/// `exercises/examples/exNN_*_starter.rs`.
fn starter(root: &Path, exercise: &str) -> PathBuf {
    let dir = root.join("exercises/examples");
    fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with(&format!("{exercise}_")) && name.ends_with("_starter.rs")
        })
        .unwrap_or_else(|| panic!("no {exercise}_*_starter.rs in {}", dir.display()))
}
