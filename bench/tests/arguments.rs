//! Bad arguments get a one-line error and a non-zero exit, never a panic;
//! good ones run the pipeline end to end (in quick mode, into a scratch dir).

use std::path::PathBuf;
use std::process::Command;

use bench::args::parse;

#[path = "../../checks/src/refused.rs"]
mod refused;

fn measure(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_measure"));
    command.args(args);
    command
}

fn assert_refused(args: &[&str], expected: &str) {
    refused::assert_refused(&mut measure(args), "measure", expected);
}

#[test]
fn an_unknown_case_is_refused() {
    assert_refused(&["--quick", "cpu", "sorting"], "unknown case `sorting`");
}

#[test]
fn a_size_of_zero_is_refused() {
    assert_refused(&["--size", "0"], "--size must be at least 1");
    assert_refused(&["--size=0", "cpu"], "--size must be at least 1");
}

#[test]
fn a_capacity_that_is_not_a_number_is_refused() {
    assert_refused(&["--capacities", "1,ten,1000"], "not `ten`");
    assert_refused(&["--capacities=0"], "a capacity must be at least 1");
    assert_refused(&["--capacities", "-5"], "not `-5`");
}

#[test]
fn other_mistakes_are_refused() {
    assert_refused(&["--threads", "two"], "--threads takes a whole number");
    assert_refused(&["--fast"], "unknown option `--fast`");
    assert_refused(&["--size"], "--size needs a value");
}

#[test]
fn good_arguments_parse() {
    let args = |a: &[&str]| parse(a.iter().map(|s| s.to_string()));
    let options = args(&["--quick", "handoff", "--capacities", "1,10"]).unwrap();
    assert!(options.quick);
    assert_eq!(options.cases, ["handoff"]);
    assert_eq!(options.capacities, [1, 10]);
    let every = args(&[]).unwrap();
    assert_eq!(every.cases.len(), 8, "no case means every case");
    assert!(!every.named, "so pyext may be skipped when it is not built");
    assert!(args(&["pyext"]).unwrap().named);
    assert_eq!(
        args(&["--pyext-python", "/venv/bin/python", "pyext"])
            .unwrap()
            .pyext_python,
        Some(PathBuf::from("/venv/bin/python"))
    );
    assert_eq!(args(&["--size=7"]).unwrap().size, 7);
}

#[test]
fn a_quick_run_writes_results_tables_and_charts() {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("measure-quick");
    let _ = std::fs::remove_dir_all(&out);
    let run = measure(&[
        "--quick",
        "--out",
        out.to_str().unwrap(),
        "counter",
        "sharing",
        "spin",
        "gil",
    ])
    .output()
    .expect("the measure binary runs");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("| Machine |"), "{stdout}");
    assert!(stdout.contains("`Mutex<u64>`"), "{stdout}");
    assert!(stdout.contains("padded ÷ side by side"), "{stdout}");
    assert!(stdout.contains("| 1 thread (uncontended) |"), "{stdout}");
    let machine = std::fs::read_to_string(out.join("bench/results/machine.tsv")).unwrap();
    assert!(machine.contains("cache-line\t"), "{machine}");
    for file in [
        "bench/results/measured.csv",
        "bench/results/machine.tsv",
        "bench/results/gil.tsv",
        "src/ko/figures/measured-counter.svg",
        "src/en/figures/measured-counter.md",
        "src/ko/figures/measured-sharing.svg",
        "src/en/figures/measured-spin.md",
        "src/en/figures/gil-timeline.svg",
    ] {
        assert!(out.join(file).exists(), "{file} was not written");
    }
}

/// The Python baselines, which `measure` runs and a reader may run by hand,
/// refuse bad input the same way: one line naming the script, exit status 2.
#[test]
fn the_python_scripts_refuse_bad_arguments() {
    let scripts = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("python");
    for (script, args, expected) in [
        ("handoff.py", &["--capacities", "1,ten"][..], "not 'ten'"),
        ("handoff.py", &["--capacities=0"], "greater than 0"),
        ("counter.py", &["--threads", "two"], "not 'two'"),
        ("cpu.py", &["--limit=-3"], "greater than 0"),
        ("gil.py", &["--run-ms", "soon"], "not 'soon'"),
        ("spawn.py", &["--reps", "0"], "greater than 0"),
        ("spawn.py", &["--fast"], "unrecognized arguments: --fast"),
        // These two need the extension, but check their arguments first.
        ("pyext.py", &["--workers=0"], "greater than 0"),
        ("pyext_gil.py", &["--slice", "big"], "not 'big'"),
    ] {
        refused::assert_refused(
            Command::new("python3").arg(scripts.join(script)).args(args),
            script,
            expected,
        );
    }
}

/// `pyext/run` builds the extension; it takes one command at most.
#[test]
fn the_pyext_script_refuses_bad_arguments() {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../pyext/run");
    for (args, expected) in [
        (&["install"][..], "unknown command 'install'"),
        (&["build", "now"], "one command at most"),
    ] {
        refused::assert_refused(
            Command::new("bash").arg(&script).args(args),
            "pyext/run",
            expected,
        );
    }
}

/// Without the extension, `measure` skips `pyext` with a warning; asked for
/// it by name, it fails and says how to build it.
#[test]
fn pyext_without_the_extension() {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("measure-no-pyext");
    let _ = std::fs::remove_dir_all(&out);
    let out = out.to_str().unwrap();
    let no_python = ["--pyext-python", "/nonexistent/python"];

    let named = measure(&[&["--quick", "--out", out, "pyext"][..], &no_python].concat())
        .output()
        .expect("the measure binary runs");
    let stderr = String::from_utf8_lossy(&named.stderr);
    assert_eq!(named.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot import rust_primes: build it with `pyext/run build`"),
        "{stderr}"
    );

    // No case named: every case, pyext skipped with a warning.
    let every = measure(&[&["--quick", "--out", out][..], &no_python].concat())
        .output()
        .expect("the measure binary runs");
    let stderr = String::from_utf8_lossy(&every.stderr);
    assert!(every.status.success(), "{stderr}");
    assert!(
        stderr.contains("measure: warning: pyext skipped: /nonexistent/python cannot import"),
        "{stderr}"
    );
}
