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

mod predict_store_buffering {
    use loom::sync::Arc;
    use loom::sync::atomic::{AtomicU32, Ordering::Relaxed, Ordering::SeqCst, fence};
    use loom::thread;
    include!(concat!(
        env!("OUT_DIR"),
        "/regions/exercises/examples/predict_store_buffering/program.rs"
    ));
    pub fn run() {
        program();
    }
}

/// The broken twin: the fence weakened to `AcqRel` (src/twins.rs).
mod store_buffering_acqrel_fence {
    use loom::sync::Arc;
    #[allow(unused_imports)]
    use loom::sync::atomic::{
        AtomicU32, Ordering::AcqRel, Ordering::Relaxed, Ordering::SeqCst, fence,
    };
    use loom::thread;
    include!(concat!(
        env!("OUT_DIR"),
        "/twins/predict_store_buffering/acqrel_fence.rs"
    ));
    pub fn run() {
        program();
    }
}

/// `SeqCst` on the store and the load instead of the fence (src/twins.rs).
mod store_buffering_seqcst_accesses {
    use loom::sync::Arc;
    #[allow(unused_imports)]
    use loom::sync::atomic::{AtomicU32, Ordering::Relaxed, Ordering::SeqCst, fence};
    use loom::thread;
    include!(concat!(
        env!("OUT_DIR"),
        "/twins/predict_store_buffering/seqcst_accesses.rs"
    ));
    pub fn run() {
        program();
    }
}

/// Where loom 0.7.2 is stronger than the language: its `fence(SeqCst)` joins
/// the thread's view with one view that all `SeqCst` fences share
/// (`rt::thread::Set::seq_cst_fence`), so a fence acquires everything that
/// happened before every `SeqCst` fence loom ran earlier. The language gives
/// no such happens-before. Here A writes `data`, fences, and raises `flag`
/// only if it read `y == 0`, which puts A's fence before B's in the `SeqCst`
/// order; B, after its fence, reads `flag` with `Relaxed` and then `data`.
/// Nothing acquires after B's load, so the language calls the two accesses
/// to `data` a data race; loom sees them ordered. `fence` is `SeqCst` for
/// the program and `AcqRel` for its twin, which loom rejects.
macro_rules! seqcst_fences_module {
    ($name:ident, $b_fence:ident) => {
        mod $name {
            use loom::cell::UnsafeCell;
            use loom::sync::Arc;
            use loom::sync::atomic::{AtomicU32, Ordering, fence};
            use loom::thread;
            /// Set once B has read `data` in some execution.
            pub static READ_RAN: std::sync::atomic::AtomicBool =
                std::sync::atomic::AtomicBool::new(false);
            pub fn run() {
                let data = Arc::new(UnsafeCell::new(0u32));
                let y = Arc::new(AtomicU32::new(0));
                let flag = Arc::new(AtomicU32::new(0));
                let a = {
                    let (data, y, flag) = (data.clone(), y.clone(), flag.clone());
                    thread::spawn(move || {
                        // SAFETY: the pointer is to a live u32. Whether this
                        // write is ordered with B's read is what loom checks;
                        // it panics on a race instead of running one.
                        data.with_mut(|d| unsafe { *d = 1 });
                        fence(Ordering::SeqCst);
                        if y.load(Ordering::Relaxed) == 0 {
                            flag.store(1, Ordering::Relaxed);
                        }
                    })
                };
                y.store(1, Ordering::Relaxed);
                fence(Ordering::$b_fence);
                if flag.load(Ordering::Relaxed) == 1 {
                    // SAFETY: as for A's write.
                    let _ = data.with(|d| unsafe { *d });
                    READ_RAN.store(true, std::sync::atomic::Ordering::Relaxed);
                }
                a.join().unwrap();
            }
        }
    };
}
seqcst_fences_module!(seqcst_fences, SeqCst);
seqcst_fences_module!(seqcst_fences_acqrel_twin, AcqRel);

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

#[test]
fn predict_store_buffering() {
    check("predict_store_buffering", predict_store_buffering::run);
    let computed = possible_outputs(predict_store_buffering::run);
    assert!(
        !computed.contains("(0, 0)"),
        "the SeqCst fences must rule out (0, 0):\n{computed}"
    );
}

/// The twin with `fence(AcqRel)`: loom must find `(0, 0)`, which shows that
/// the check above can see store buffering and rules it out only because of
/// the `SeqCst` fences.
#[test]
fn store_buffering_with_acqrel_fences_can_print_0_0() {
    let computed = possible_outputs(store_buffering_acqrel_fence::run);
    assert_eq!(computed, "(0, 0)\n(0, 1)\n(1, 0)\n(1, 1)\n");
}

/// What loom 0.7.2 does not model, kept true: with `SeqCst` on the store and
/// the load, the language rules `(0, 0)` out, yet loom, which treats `SeqCst`
/// accesses as `AcqRel` (its README, "Unsupported features"), reports it. If
/// this test fails, loom has learned `SeqCst` accesses: update the sentences
/// in src/*/atomics.md that say it has not.
#[test]
fn loom_treats_seqcst_accesses_as_acqrel() {
    let computed = possible_outputs(store_buffering_seqcst_accesses::run);
    assert_eq!(computed, "(0, 0)\n(0, 1)\n(1, 0)\n(1, 1)\n");
}

/// What loom 0.7.2 models more strongly than the language, kept true: two
/// `SeqCst` fences give loom a happens-before that the language does not,
/// so loom accepts a data race (see `seqcst_fences_module!`). If this test
/// fails, loom's `fence(SeqCst)` has changed: update the sentences in
/// src/*/atomics.md that say it is stronger than the language.
#[test]
fn loom_orders_seqcst_fences_more_strongly_than_the_language() {
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = None;
    builder.check(seqcst_fences::run);
    assert!(
        seqcst_fences::READ_RAN.load(std::sync::atomic::Ordering::Relaxed),
        "no execution reached B's read of `data`"
    );
}

/// The same program with B's fence `AcqRel`: loom finds the race, which
/// shows that the test above passes only because of the `SeqCst` fences.
#[test]
#[should_panic(expected = "Causality violation")]
fn without_the_seqcst_join_loom_finds_the_race() {
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = None;
    builder.check(seqcst_fences_acqrel_twin::run);
}
