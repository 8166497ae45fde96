//! The one command: runs the Rust cases and the Python scripts side by side,
//! prints one table (each figure, Rust ÷ Python, the machine), and writes
//! the raw results and the charts drawn from them.
//!
//!     cargo run -p bench --release --bin measure -- [--quick] [CASE…]

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::thread;
use std::time::Duration;

use bench::args::{self, Options, PYEXT_PYTHON, USAGE};
use bench::cases::{counter, cpu, gil, handoff, sharing, spawn, spin};
use bench::report::{self, GilSpan, Recording, Row};
use bench::{Effort, rate, timed};
use figures::Lang;

fn main() -> ExitCode {
    let options = match args::parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("measure: {message}");
            return ExitCode::from(2);
        }
    };
    if options.help {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("measure: {message}");
            ExitCode::FAILURE
        }
    }
}

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("bench/ sits in the repository")
        .to_path_buf()
}

/// Redraws the tables and charts from the recorded results, measuring nothing.
fn redraw(options: &Options) -> Result<(), String> {
    let out = options.out.clone().unwrap_or_else(repository);
    let recording = Recording::read(&out.join(report::RESULTS))?;
    write(&out, report::generated(&recording))?;
    println!("{}", report::summary(&recording, Lang::En));
    Ok(())
}

fn run(options: &Options) -> Result<(), String> {
    if options.redraw {
        return redraw(options);
    }
    let effort = if options.quick {
        Effort::QUICK
    } else {
        Effort::FULL
    };
    let cores = thread::available_parallelism().map_or(1, |n| n.get()) as u64;
    let threads = options.threads.unwrap_or(cores);
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads as usize)
        .build_global()
        .map_err(|e| format!("rayon: {e}"))?;
    let python = Python {
        program: &options.python,
        effort,
        threads,
    };
    python.check()?;

    let mut fresh = Recording {
        machine: bench::machine::describe(&options.python, options.quick),
        ..Recording::default()
    };
    for case in &options.cases {
        eprintln!("measure: {case}…");
        let rust = match *case {
            "cpu" => cpu_case(options.size, threads, effort),
            "handoff" => handoff_case(&options.capacities, effort),
            "counter" => counter_case(threads, effort),
            "spawn" => spawn_case(effort),
            // Rust only: Python has no atomics to pad, nor a lock to spin on.
            "sharing" | "spin" => {
                fresh.rows.extend(if *case == "sharing" {
                    sharing_case(threads, effort)
                } else {
                    spin_case(threads, effort)
                });
                continue;
            }
            "pyext" => {
                pyext_case(options, threads, effort, &mut fresh)?;
                continue;
            }
            _ => {
                gil_case(options.quick, &python, &mut fresh)?;
                continue;
            }
        };
        fresh.rows.extend(rust);
        let capacities: Vec<String> = options.capacities.iter().map(u64::to_string).collect();
        let extra: Vec<String> = match *case {
            "cpu" => vec![
                format!("--limit={}", options.size),
                format!("--workers={threads}"),
            ],
            "handoff" => vec![format!("--capacities={}", capacities.join(","))],
            "counter" => vec![format!("--threads={threads}")],
            _ => Vec::new(),
        };
        fresh.rows.extend(python.rows(case, &extra)?);
    }

    let out = options.out.clone().unwrap_or_else(|| {
        if options.quick {
            repository().join("target/measured-quick")
        } else {
            repository()
        }
    });
    let results = out.join(report::RESULTS);
    let mut recording = Recording::read(&results).unwrap_or_default();
    recording.merge(fresh);
    write(
        &results,
        recording
            .raw_files()
            .into_iter()
            .map(|(n, t)| (PathBuf::from(n), t)),
    )?;
    write(&out, report::generated(&recording))?;
    println!("{}", report::summary(&recording, Lang::En));
    eprintln!(
        "measure: wrote {} and the charts under {}",
        results.display(),
        out.display()
    );
    Ok(())
}

fn write(dir: &Path, files: impl IntoIterator<Item = (PathBuf, String)>) -> Result<(), String> {
    for (name, text) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

fn row(case: &str, item: &str, param: u64, value: f64, unit: &str) -> Row {
    Row {
        case: case.into(),
        item: item.into(),
        param,
        lang: "rust".into(),
        value,
        unit: unit.into(),
    }
}

fn cpu_case(limit: u64, threads: u64, effort: Effort) -> Vec<Row> {
    let expected = cpu::serial(limit);
    // The job, repeated until a run lasts long enough to time: numbers checked per second.
    let speed = |job: &dyn Fn() -> usize| {
        let jobs_per_second = rate(effort, |repeats| {
            timed(|| {
                for _ in 0..repeats {
                    assert_eq!(job(), expected, "every way finds the same primes");
                }
            })
        });
        jobs_per_second * limit as f64
    };
    vec![
        row(
            "cpu",
            "serial",
            1,
            speed(&|| cpu::serial(limit)),
            "numbers/s",
        ),
        row(
            "cpu",
            "threads",
            threads,
            speed(&|| cpu::threads(limit, threads)),
            "numbers/s",
        ),
        row(
            "cpu",
            "rayon",
            threads,
            speed(&|| cpu::rayon(limit)),
            "numbers/s",
        ),
    ]
}

fn handoff_case(capacities: &[u64], effort: Effort) -> Vec<Row> {
    let mut rows = Vec::new();
    for &capacity in capacities {
        for queue in handoff::Queue::ALL {
            let per_second = rate(effort, |n| {
                timed(|| assert_eq!(queue.run(capacity as usize, n), n * n.saturating_sub(1) / 2))
            });
            rows.push(row(
                "handoff",
                queue.name(),
                capacity,
                per_second,
                "messages/s",
            ));
        }
    }
    rows
}

/// A way to count: `(threads, increments per thread) -> total`.
type Count = fn(u64, u64) -> u64;

fn counter_case(threads: u64, effort: Effort) -> Vec<Row> {
    let mut counts = vec![1, threads];
    counts.dedup();
    counted(
        "counter",
        &[
            ("mutex", counter::mutex),
            ("atomic", counter::atomic),
            ("per-thread", counter::per_thread_sums),
        ],
        &counts,
        effort,
    )
}

/// Counts `(threads, increments per thread)` one way per item, at each
/// thread count: increments per second, over all threads.
fn counted(case: &str, kinds: &[(&str, Count)], counts: &[u64], effort: Effort) -> Vec<Row> {
    let mut rows = Vec::new();
    for &t in counts {
        for &(item, count) in kinds {
            // `n` increments on each of the `t` threads.
            let per_thread = rate(effort, |n| timed(|| assert_eq!(count(t, n), t * n)));
            rows.push(row(case, item, t, per_thread * t as f64, "increments/s"));
        }
    }
    rows
}

/// Per-thread counters, side by side and padded, on 1 and N threads.
fn sharing_case(threads: u64, effort: Effort) -> Vec<Row> {
    let mut counts = vec![1, threads];
    counts.dedup();
    counted(
        "sharing",
        &[
            ("side-by-side", sharing::side_by_side),
            ("padded", sharing::padded),
        ],
        &counts,
        effort,
    )
}

/// The book's spin lock against `Mutex`: uncontended (1 thread), one thread
/// per core, and twice as many threads as cores, where a thread holding the
/// lock can lose its core while the others spin.
fn spin_case(threads: u64, effort: Effort) -> Vec<Row> {
    let mut counts = vec![1, threads, 2 * threads];
    counts.dedup();
    counted(
        "spin",
        &[("mutex", spin::mutex), ("spin-lock", spin::spin_lock)],
        &counts,
        effort,
    )
}

fn spawn_case(effort: Effort) -> Vec<Row> {
    let runtime = spawn::runtime();
    vec![
        row(
            "spawn",
            "thread",
            1,
            rate(effort, |n| timed(|| spawn::threads(n))),
            "spawns/s",
        ),
        row(
            "spawn",
            "process",
            1,
            rate(effort, |n| timed(|| spawn::processes(n))),
            "spawns/s",
        ),
        row(
            "spawn",
            "pool-task",
            1,
            rate(effort, |n| timed(|| spawn::rayon_tasks(n))),
            "spawns/s",
        ),
        row(
            "spawn",
            "async-task",
            1,
            rate(effort, |n| timed(|| spawn::async_tasks(&runtime, n))),
            "spawns/s",
        ),
    ]
}

/// Attempts at a GIL recording in which Rust's threads really ran side by side.
const GIL_ATTEMPTS: usize = 5;

/// Records the two pairs of lanes. Rust's two threads can only run side by
/// side when the machine gives them two cores at once; if another program
/// took one, the picture would show the machine's load, not Rust, so the
/// recording is made again (up to `GIL_ATTEMPTS` times, and said so).
fn gil_case(quick: bool, python: &Python, recording: &mut Recording) -> Result<(), String> {
    let mut attempt = 1;
    loop {
        let mut fresh = Recording::default();
        gil_once(quick, python, &mut fresh)?;
        let rust = report::overlap(&fresh, "rust").unwrap_or(0.0);
        if quick || rust > 0.5 || attempt == GIL_ATTEMPTS {
            if rust <= 0.5 && !quick {
                eprintln!(
                    "measure: warning: Rust's two threads overlapped for only {:.0}% of their running time in {GIL_ATTEMPTS} attempts: the machine is busy; record `gil` again when it is quiet",
                    rust * 100.0
                );
            }
            recording.gil.extend(fresh.gil);
            return Ok(());
        }
        eprintln!(
            "measure: gil: Rust's threads overlapped for only {:.0}% (another program took a core); recording again",
            rust * 100.0
        );
        attempt += 1;
    }
}

fn gil_once(quick: bool, python: &Python, recording: &mut Recording) -> Result<(), String> {
    let run_ms = if quick { 5 } else { 40 };
    let lanes = gil::record(
        Duration::from_millis(run_ms),
        Duration::from_micros(200),
        10_000,
    );
    for (lane, spans) in lanes.into_iter().enumerate() {
        for (start, end) in spans {
            recording.gil.push(GilSpan {
                lang: "rust".into(),
                lane: lane as u32 + 1,
                start,
                end,
            });
        }
    }
    for line in python
        .output("gil", &[format!("--run-ms={run_ms}")])?
        .lines()
    {
        let bad = || format!("gil.py printed `{line}`");
        let fields: Vec<&str> = line.split('\t').collect();
        let [lane, start, end] = fields[..] else {
            return Err(bad());
        };
        recording.gil.push(GilSpan {
            lang: "python".into(),
            lane: lane.parse().map_err(|_| bad())?,
            start: start.parse().map_err(|_| bad())?,
            end: end.parse().map_err(|_| bad())?,
        });
    }
    // Each language's clock starts when its first thread starts working, so
    // that both pairs share one time axis.
    for lang in ["rust", "python"] {
        let first = recording
            .gil
            .iter()
            .filter(|s| s.lang == lang)
            .map(|s| s.start)
            .min();
        for span in recording.gil.iter_mut().filter(|s| s.lang == lang) {
            span.start -= first.unwrap_or(0);
            span.end -= first.unwrap_or(0);
        }
    }
    Ok(())
}

/// The Rust extension `rust_primes` called from Python (`bench/python/pyext.py`
/// and `pyext_gil.py`), run by the Python of the virtualenv that `pyext/run
/// build` makes. Without it, the case is skipped with a warning, unless it
/// was named (`measure pyext`), which makes it an error.
fn pyext_case(
    options: &Options,
    threads: u64,
    effort: Effort,
    recording: &mut Recording,
) -> Result<(), String> {
    let program = options
        .pyext_python
        .clone()
        .unwrap_or_else(|| repository().join(PYEXT_PYTHON));
    let imports = Command::new(&program)
        .args(["-c", "import rust_primes"])
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .is_ok_and(|out| out.status.success());
    if !imports {
        let why = format!(
            "{} cannot import rust_primes: build it with `pyext/run build`",
            program.display()
        );
        if options.named {
            return Err(format!("pyext: {why}"));
        }
        eprintln!("measure: warning: pyext skipped: {why}");
        return Ok(());
    }
    let program = program
        .to_str()
        .ok_or_else(|| format!("{}: not UTF-8", program.display()))?;
    let python = Python {
        program,
        effort,
        threads,
    };
    recording.rows.extend(python.rows(
        "pyext",
        &[
            format!("--limit={}", options.size),
            format!("--workers={threads}"),
        ],
    )?);

    // The timeline: like `gil`, recorded again while the machine kept the
    // two threads that release the GIL from running side by side.
    let run_ms = if options.quick { 5 } else { 40 };
    let mut attempt = 1;
    loop {
        let mut fresh = Recording::default();
        for line in python
            .output("pyext_gil", &[format!("--run-ms={run_ms}")])?
            .lines()
        {
            let bad = || format!("pyext_gil.py printed `{line}`");
            let fields: Vec<&str> = line.split('\t').collect();
            let [variant, lane, start, end] = fields[..] else {
                return Err(bad());
            };
            fresh.gil.push(GilSpan {
                lang: format!("pyext-{variant}"),
                lane: lane.parse().map_err(|_| bad())?,
                start: start.parse().map_err(|_| bad())?,
                end: end.parse().map_err(|_| bad())?,
            });
        }
        let side_by_side = report::overlap(&fresh, "pyext-releasing").unwrap_or(0.0);
        if options.quick || side_by_side > 0.5 || attempt == GIL_ATTEMPTS {
            if side_by_side <= 0.5 && !options.quick {
                eprintln!(
                    "measure: warning: the threads releasing the GIL overlapped for only {:.0}% of their running time in {GIL_ATTEMPTS} attempts: the machine is busy; record `pyext` again when it is quiet",
                    side_by_side * 100.0
                );
            }
            recording.gil.extend(fresh.gil);
            return Ok(());
        }
        eprintln!(
            "measure: pyext: the threads releasing the GIL overlapped for only {:.0}% (another program took a core); recording again",
            side_by_side * 100.0
        );
        attempt += 1;
    }
}

/// The Python side: the scripts in `bench/python/`.
struct Python<'a> {
    program: &'a str,
    effort: Effort,
    /// The N of "N threads": also the size of rayon's pool in the extension.
    threads: u64,
}

impl Python<'_> {
    fn check(&self) -> Result<(), String> {
        match Command::new(self.program).arg("-V").output() {
            Ok(out) if out.status.success() => Ok(()),
            _ => Err(format!(
                "cannot run `{} -V`: is Python 3 installed?",
                self.program
            )),
        }
    }

    fn output(&self, script: &str, extra: &[String]) -> Result<String, String> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("python")
            .join(format!("{script}.py"));
        let out = Command::new(self.program)
            // No `__pycache__` left in the repository.
            .env("PYTHONDONTWRITEBYTECODE", "1")
            // rayon's pool in the extension, as large as `measure`'s own.
            .env("RAYON_NUM_THREADS", self.threads.to_string())
            .arg(&path)
            .arg(format!(
                "--min-ms={}",
                self.effort.min_run.as_secs_f64() * 1000.0
            ))
            .arg(format!("--reps={}", self.effort.reps))
            .args(extra)
            .output()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        if !out.status.success() {
            let stderr = String::from_utf8_lossy(&out.stderr);
            let last = stderr.lines().last().unwrap_or("no message");
            return Err(format!("{} failed: {last}", path.display()));
        }
        String::from_utf8(out.stdout).map_err(|e| format!("{}: {e}", path.display()))
    }

    fn rows(&self, script: &str, extra: &[String]) -> Result<Vec<Row>, String> {
        self.output(script, extra)?
            .lines()
            .map(|line| {
                let bad = || format!("{script}.py printed `{line}`");
                let fields: Vec<&str> = line.split('\t').collect();
                let [case, item, param, value, unit] = fields[..] else {
                    return Err(bad());
                };
                Ok(Row {
                    case: case.into(),
                    item: item.into(),
                    param: param.parse().map_err(|_| bad())?,
                    lang: "python".into(),
                    value: value.parse().map_err(|_| bad())?,
                    unit: unit.into(),
                })
            })
            .collect()
    }
}
