//! What the figures were measured on.

use std::fs;
use std::sync::atomic::AtomicU64;

use crossbeam_utils::CachePadded;
use std::process::Command;
use std::thread;

/// The first line a command prints (stdout, else stderr), or `?`.
fn first_line(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .and_then(|out| {
            let text = if out.stdout.is_empty() {
                out.stderr
            } else {
                out.stdout
            };
            String::from_utf8(text)
                .ok()?
                .lines()
                .next()
                .map(str::to_string)
        })
        .unwrap_or_else(|| "?".into())
}

/// The size of a cache line in bytes, as Linux reports it for the first
/// core's level-1 data cache, else as `getconf` does; `?` if neither knows.
fn cache_line() -> String {
    fs::read_to_string("/sys/devices/system/cpu/cpu0/cache/index0/coherency_line_size")
        .ok()
        .map(|size| size.trim().to_string())
        .filter(|size| size.parse::<u32>().is_ok())
        .unwrap_or_else(|| first_line("getconf", &["LEVEL1_DCACHE_LINESIZE"]))
}

/// `cores`, `cpu`, `cache-line`, `cache-padded`, `os`, `rustc`, `python`,
/// `date`, `mode`, as the raw files keep them. `cache-padded` is the size in
/// bytes of the padded counter the false-sharing rows use: crossbeam's guess
/// at the line size for this target, not a reading of the machine.
pub fn describe(python: &str, quick: bool) -> Vec<(String, String)> {
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    let cpu = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, model)| model.split_whitespace().collect::<Vec<_>>().join(" "))
        })
        .unwrap_or_else(|| "?".into());
    let os = fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|release| {
            release
                .lines()
                .find_map(|l| l.strip_prefix("PRETTY_NAME="))
                .map(|name| name.trim_matches('"').to_string())
        })
        .unwrap_or_else(|| std::env::consts::OS.into());
    let kernel = first_line("uname", &["-sr"]);
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    [
        ("cores", cores.to_string()),
        ("cpu", cpu),
        ("cache-line", cache_line()),
        (
            "cache-padded",
            size_of::<CachePadded<AtomicU64>>().to_string(),
        ),
        ("os", format!("{os}, {kernel}")),
        ("rustc", first_line(&rustc, &["-V"])),
        ("python", first_line(python, &["-V"])),
        ("date", first_line("date", &["-u", "+%Y-%m-%d %H:%M UTC"])),
        ("mode", if quick { "quick" } else { "full" }.into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}
