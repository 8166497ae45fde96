//! The command line of `measure`: bad arguments are a one-line error, never a panic.

use std::path::PathBuf;

/// Every case, in the order a full run measures them (the chapter shows
/// them in its own order). The cases that time plain threads scaling over
/// the cores come before `cpu`: once `cpu` has started rayon's global pool,
/// which lives as long as the process, two threads counting in local
/// variables (`counter`'s per-thread sums) measured about a third of their
/// speed on this 2-core VM (2026-12-05, reproducible with `measure cpu
/// counter`), and twice the one-thread speed when measured without it.
pub const CASES: [&str; 8] = [
    "handoff", "counter", "sharing", "spin", "cpu", "spawn", "gil", "pyext",
];

/// Where `pyext/run build` puts the Python that can import the extension.
pub const PYEXT_PYTHON: &str = "target/pyext-venv/bin/python";

pub const USAGE: &str = "usage: measure [--quick | --redraw] [--size N] [--threads N] [--capacities C,C,…] [--out DIR] [--python PATH] [--pyext-python PATH] [CASE…]
cases: cpu, handoff, counter, sharing, spin, spawn, gil, pyext (default: all; pyext is skipped, with a warning, when the extension is not built)
  --redraw       measure nothing: redraw the tables and charts from the recorded results
  --quick        tiny sizes, one run each: checks the pipeline in seconds (writes under target/ unless --out)
  --size N       the CPU-bound job: count the primes below N (default 200000; quick 5000)
  --threads N    the N of \"N threads\" (default: the cores available)
  --capacities   the bounded queues' capacities (default 1,10,1000)
  --out DIR      where to write bench/results/ and src/{ko,en}/figures/ (default: this repository)
  --python PATH  the Python to compare with (default python3)
  --pyext-python PATH  the Python that imports the extension rust_primes, built by `pyext/run build`
                 (default target/pyext-venv/bin/python)";

#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    pub quick: bool,
    pub redraw: bool,
    pub cases: Vec<&'static str>,
    pub size: u64,
    pub threads: Option<u64>,
    pub capacities: Vec<u64>,
    pub out: Option<PathBuf>,
    pub python: String,
    /// The Python with the extension `rust_primes`; `None`: [`PYEXT_PYTHON`].
    pub pyext_python: Option<PathBuf>,
    /// Whether the cases were named, rather than all of them taken by default.
    pub named: bool,
    pub help: bool,
}

fn positive(flag: &str, text: &str) -> Result<u64, String> {
    match text.parse::<u64>() {
        Ok(0) => Err(format!("{flag} must be at least 1, not 0")),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("{flag} takes a whole number, not `{text}`")),
    }
}

/// Parses the arguments after the program's name.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut options = Options {
        quick: false,
        redraw: false,
        cases: Vec::new(),
        size: 0,
        threads: None,
        capacities: vec![1, 10, 1000],
        out: None,
        python: "python3".into(),
        pyext_python: None,
        named: false,
        help: false,
    };
    let mut size = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match flag.as_str() {
            "--quick" => options.quick = true,
            "--redraw" => options.redraw = true,
            "-h" | "--help" => options.help = true,
            "--size" => size = Some(positive("--size", &value("--size")?)?),
            "--threads" => options.threads = Some(positive("--threads", &value("--threads")?)?),
            "--capacities" | "--capacity" => {
                let list = value("--capacities")?;
                options.capacities = list
                    .split(',')
                    .map(|c| positive("a capacity", c.trim()))
                    .collect::<Result<_, _>>()?;
            }
            "--out" => options.out = Some(PathBuf::from(value("--out")?)),
            "--python" => options.python = value("--python")?,
            "--pyext-python" => {
                options.pyext_python = Some(PathBuf::from(value("--pyext-python")?));
            }
            other if other.starts_with('-') => {
                return Err(format!("unknown option `{other}` (try --help)"));
            }
            case => match CASES.iter().find(|c| **c == case) {
                Some(c) if !options.cases.contains(c) => options.cases.push(c),
                Some(_) => {}
                None => {
                    return Err(format!(
                        "unknown case `{case}` (cases: {})",
                        CASES.join(", ")
                    ));
                }
            },
        }
    }
    options.named = !options.cases.is_empty();
    if !options.named {
        options.cases = CASES.to_vec();
    }
    options.size = size.unwrap_or(if options.quick { 5_000 } else { 200_000 });
    Ok(options)
}
