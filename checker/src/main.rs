//! `cargo run -p checker -- exNN [--lang ko|en] [--file PATH]`: checks the
//! learner's answer to exercise NN, the starter file as it is now (or the
//! file given). It finds the region the learner edits, builds the
//! exercise's check (`src/bin/exNN.rs`) from it with cargo, and runs it; the
//! check prints one line per thing it tried, and the verdict last.
use std::env;
use std::path::{Path, PathBuf};
use std::process::{self, Command};
use std::time::Instant;

use checker::Lang;
use checker::region::{EXERCISES, region};

const USAGE: &str = "run it as: cargo run -p checker -- exNN [--lang ko|en] [--file PATH]";

fn refuse(why: &str) -> ! {
    eprintln!("checker: {why} ({USAGE})");
    process::exit(2)
}

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let (mut exercise, mut file) = (None, None);
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--lang" => {
                rest.next();
            }
            "--file" => match rest.next() {
                Some(path) => file = Some(PathBuf::from(path)),
                None => refuse("--file takes a path"),
            },
            name if exercise.is_none() && EXERCISES.iter().any(|(e, _)| *e == name) => {
                exercise = Some(name.to_string())
            }
            other => refuse(&format!("unknown argument `{other}`")),
        }
    }
    let lang = Lang::from_args_or_locale(&args).unwrap_or_else(|why| refuse(&why));
    let Some(exercise) = exercise else {
        refuse("which exercise? ex04 to ex12, ex14 or ex15")
    };
    let anchor = EXERCISES.iter().find(|(e, _)| *e == exercise).unwrap().1;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let given = file.is_some();
    let file = file.unwrap_or_else(|| starter(root, &exercise));
    let not_yet = |reason: String| -> ! {
        println!("{}: {reason}", lang.pick("아직입니다", "not yet"));
        process::exit(1)
    };
    let source = std::fs::read_to_string(&file).unwrap_or_else(|e| {
        not_yet(lang.pick(
            format!("파일을 읽을 수 없습니다({}): {e}", file.display()),
            format!("cannot read {}: {e}", file.display()),
        ))
    });
    if region(&source, anchor).is_none() {
        not_yet(lang.pick(
            format!("`// ANCHOR: {anchor}` … `// ANCHOR_END: {anchor}` 영역이 없습니다. 고치는 코드를 그 두 줄 사이에 두세요"),
            format!("the file has no `// ANCHOR: {anchor}` … `// ANCHOR_END: {anchor}` region: keep the code you change between those two lines"),
        ));
    }

    // The check is built into the same target directory as this command,
    // always in the dev profile, and without RUSTFLAGS (CI's loom step sets
    // `--cfg loom`, which the checks do not need), so that it reuses what
    // `cargo build` and `cargo test` have built.
    let exe = env::current_exe().unwrap();
    let target = exe.parent().unwrap().parent().unwrap();
    let started = Instant::now();
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut build = Command::new(cargo);
    build
        .args([
            "build",
            "--quiet",
            "-p",
            "checker",
            "--profile",
            "dev",
            "--bin",
        ])
        .arg(&exercise)
        .arg("--target-dir")
        .arg(target)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .current_dir(root);
    // Without `--file`, build.rs reads the starters, as in any other build.
    if given {
        build
            .env("CHECKER_EXERCISE", &exercise)
            .env("CHECKER_FILE", std::path::absolute(&file).unwrap());
    }
    let build = build
        .output()
        .unwrap_or_else(|e| not_yet(format!("cargo: {e}")));
    let seconds = started.elapsed().as_secs_f64();
    if !build.status.success() {
        let stderr = String::from_utf8_lossy(&build.stderr);
        let (errors, in_model) =
            checker::region::compile_errors(&stderr, &file.display().to_string());
        println!(
            "{}",
            lang.pick("빌드: 컴파일되지 않습니다:", "build: it does not compile:")
        );
        // Nothing cargo would call an error (say, it could not run): all it said.
        let errors = if errors.is_empty() {
            stderr.into_owned()
        } else {
            errors
        };
        for line in errors.lines().take(40) {
            println!("  {line}");
        }
        not_yet(if in_model {
            // What the region is compiled against, by exercise.
            match exercise.as_str() {
                "ex11" | "ex12" => lang.pick(
                    format!("파일은 컴파일되지만, 검사기의 loom 타입으로 바꾸면 영역 `{anchor}` 안의 코드가 컴파일되지 않습니다. 검사기의 원자적 타입에는 new, default, from, into_inner, load, store, swap, compare_exchange, compare_exchange_weak, fetch_update와 fetch_add 같은 fetch_ 연산이 있습니다"),
                    format!("the file compiles, but its region `{anchor}` does not against the checker's loom types: its atomics have new, default, from, into_inner, load, store, swap, compare_exchange, compare_exchange_weak, fetch_update and the fetch_ operations such as fetch_add"),
                ),
                "ex14" | "ex15" => lang.pick(
                    format!("파일은 컴파일되지만, 영역 `{anchor}`이 파일의 `use` 줄과 함께 따로는 컴파일되지 않습니다. 영역 밖에 새로 만든 것이 있다면 영역 안으로 옮기세요"),
                    format!("the file compiles, but its region `{anchor}` does not on its own, with the file's `use` lines: move anything new you wrote outside the region into it"),
                ),
                _ => lang.pick(
                    format!("파일은 컴파일되지만, 검사기의 loom 타입으로 바꾸면 영역 `{anchor}` 안의 코드가 컴파일되지 않습니다. 검사기의 Mutex에는 new, lock, try_lock, into_inner, get_mut이, Condvar에는 new, wait, wait_while, notify_one, notify_all이 있습니다"),
                    format!("the file compiles, but its region `{anchor}` does not against the checker's loom types: its Mutex has new, lock, try_lock, into_inner and get_mut, its Condvar new, wait, wait_while, notify_one and notify_all"),
                ),
            }
        } else {
            lang.pick(
                "코드가 컴파일되지 않습니다. 위의 오류를 고치세요".to_string(),
                "the code does not compile: fix the errors above".to_string(),
            )
        });
    }
    println!(
        "{}",
        lang.pick(
            format!("빌드: 영역 `{anchor}` 컴파일 완료 ({seconds:.1}초)"),
            format!("build: compiled the region `{anchor}` ({seconds:.1} s)"),
        )
    );
    // Run from a copy: another build in the same target directory (a
    // `cargo test` at the root builds these binaries from the starters)
    // may replace the built one while it runs.
    let binary = format!("{exercise}{}", env::consts::EXE_SUFFIX);
    let copy = target.join("checker").join(format!(
        "{exercise}-{}{}",
        process::id(),
        env::consts::EXE_SUFFIX
    ));
    std::fs::create_dir_all(copy.parent().unwrap())
        .and_then(|()| std::fs::copy(target.join("debug").join(&binary), &copy))
        .unwrap_or_else(|e| not_yet(format!("{binary}: {e}")));
    let status = Command::new(&copy)
        .args(["--lang", lang.code()])
        .status()
        .unwrap_or_else(|e| not_yet(format!("{binary}: {e}")));
    let _ = std::fs::remove_file(&copy);
    process::exit(status.code().unwrap_or(1));
}

/// `exercises/examples/exNN_*_starter.rs`.
fn starter(root: &Path, exercise: &str) -> PathBuf {
    let dir = root.join("exercises/examples");
    std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .map(|e| e.unwrap().path())
        .find(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with(&format!("{exercise}_")) && name.ends_with("_starter.rs")
        })
        .unwrap_or_else(|| refuse(&format!("no {exercise}_*_starter.rs in exercises/examples")))
}
