//! The answers to the book's "predict the output" questions, computed: loom
//! runs each program (the very lines the page shows, with loom's threads,
//! atomics, mutexes and channels in place of std's) under every
//! interleaving of its threads, and for its atomics every value the C11
//! memory model lets a load return, within loom's model of it. Each
//! execution's printed lines become one possible output.
//!
//! The set must equal `outputs/predict/NAME.possible`, which the pages show;
//! `RECORD=1` writes it instead.
//!
//! `RUSTFLAGS="--cfg loom" cargo test --release -p checks --test loom_predict`
#![cfg(loom)]

use std::collections::BTreeSet;
use std::env;
use std::fs;
use std::sync::{Arc, Mutex as StdMutex};

use checks::root;

loom::lazy_static! {
    /// What the current execution has printed, line by line. A loom mutex,
    /// so that every print is a point where loom may switch threads, as
    /// taking stdout's lock is in a real run.
    static ref PRINTED: loom::sync::Mutex<Vec<String>> = loom::sync::Mutex::new(Vec::new());
}

/// Shadows std's `println!` in the programs below.
macro_rules! println {
    ($($arg:tt)*) => {
        crate::PRINTED.lock().unwrap().push(format!($($arg)*))
    };
}

mod predict_spawn {
    use loom::thread;
    include!(concat!(
        env!("OUT_DIR"),
        "/regions/exercises/examples/predict_spawn/program.rs"
    ));
    pub fn run() {
        program();
    }
}

mod predict_guard {
    use loom::sync::{Arc, Mutex};
    use loom::thread;
    include!(concat!(
        env!("OUT_DIR"),
        "/regions/exercises/examples/predict_guard/program.rs"
    ));
    pub fn run() {
        program();
    }
}

mod predict_increments {
    use loom::sync::Arc;
    use loom::sync::atomic::{AtomicU32, Ordering::Relaxed};
    use loom::thread;
    include!(concat!(
        env!("OUT_DIR"),
        "/regions/exercises/examples/predict_increments/program.rs"
    ));
    pub fn run() {
        program();
    }
}

mod predict_relaxed_flag {
    use loom::sync::Arc;
    use loom::sync::atomic::{AtomicBool, AtomicU32, Ordering::Relaxed};
    use loom::thread;
    include!(concat!(
        env!("OUT_DIR"),
        "/regions/exercises/examples/predict_relaxed_flag/program.rs"
    ));
    pub fn run() {
        program();
    }
}

mod predict_two_senders {
    use loom::sync::mpsc;
    use loom::thread;
    include!(concat!(
        env!("OUT_DIR"),
        "/regions/exercises/examples/predict_two_senders/program.rs"
    ));
    pub fn run() {
        program();
    }
}

/// Every output `program` can print: its lines joined with " / ", one
/// output per line, sorted.
fn possible_outputs(program: fn()) -> String {
    let outputs = Arc::new(StdMutex::new(BTreeSet::new()));
    let mut builder = loom::model::Builder::new();
    // No preemption bound: the whole set, not a sample of it.
    builder.preemption_bound = None;
    {
        let outputs = outputs.clone();
        builder.check(move || {
            program();
            let printed = std::mem::take(&mut *PRINTED.lock().unwrap());
            outputs.lock().unwrap().insert(printed.join(" / "));
        });
    }
    let outputs = outputs.lock().unwrap();
    outputs.iter().map(|o| format!("{o}\n")).collect()
}

fn check(name: &str, program: fn()) {
    let computed = possible_outputs(program);
    let path = root().join(format!("outputs/predict/{name}.possible"));
    if env::var_os("RECORD").is_some() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, &computed).unwrap();
        return;
    }
    let committed = fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        committed,
        computed,
        "{} is not the set loom computes (if the program changed: RECORD=1)",
        path.display()
    );
}

#[test]
fn predict_spawn() {
    check("predict_spawn", predict_spawn::run);
}

#[test]
fn predict_guard() {
    check("predict_guard", predict_guard::run);
}

#[test]
fn predict_increments() {
    check("predict_increments", predict_increments::run);
}

#[test]
fn predict_relaxed_flag() {
    check("predict_relaxed_flag", predict_relaxed_flag::run);
}

#[test]
fn predict_two_senders() {
    check("predict_two_senders", predict_two_senders::run);
}
