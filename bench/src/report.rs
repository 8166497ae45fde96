//! From a recorded run to what the book shows: the raw files a run writes
//! (`bench/results/`), and the tables and charts drawn from them
//! (`src/{ko,en}/figures/measured-*`, `gil-*`).
//!
//! This file depends only on `std` and `figures`, so that the book's checks
//! can compile it too (`#[path]`) and compare what the recorded data draws
//! now with the files in the book, without building the benchmarks.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use figures::chart::{self, BarChart, Bars, Scale, format_value};
use figures::timeline::{self, Lane, Span, SpanKind, Timeline};
use figures::{Label, Lang};

/// Where a run's raw results live, relative to the repository (or `--out`).
pub const RESULTS: &str = "bench/results";
pub const ROWS_FILE: &str = "measured.csv";
pub const MACHINE_FILE: &str = "machine.tsv";
pub const GIL_FILE: &str = "gil.tsv";

/// The sections of the chapter that set Rust beside Python, in its order;
/// `gil` is drawn, not tabled.
pub const SECTIONS: [&str; 4] = ["cpu", "handoff", "counter", "spawn"];

/// The sections that compare two ways of doing one thing in Rust (Python
/// has no atomics to pad, nor a lock to spin on): per-thread counters side by
/// side or padded, and the book's spin lock against `Mutex`.
pub const RUST_SECTIONS: [&str; 2] = ["sharing", "spin"];

/// Every tabled section, in the chapter's order.
const ORDER: [&str; 6] = ["cpu", "handoff", "counter", "sharing", "spin", "spawn"];

/// One measured figure.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The section: cpu, handoff, counter, sharing, spin, spawn, pyext.
    pub case: String,
    /// What was measured within it: threads, std, mutex, process…
    pub item: String,
    /// Threads or capacity; 1 where neither applies.
    pub param: u64,
    /// `rust` or `python`.
    pub lang: String,
    /// Per second: bigger is better.
    pub value: f64,
    pub unit: String,
}

/// Every run of two threads doing CPU-bound work in slices: when each ran.
#[derive(Clone, Debug, PartialEq)]
pub struct GilSpan {
    pub lang: String,
    pub lane: u32,
    pub start: u64,
    pub end: u64,
}

/// One recorded run: its figures, the machine, the GIL timelines.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Recording {
    pub rows: Vec<Row>,
    /// `cores`, `cpu`, `cache-line`, `cache-padded`, `os`, `rustc`, `python`,
    /// `date`, `mode`, in that order.
    pub machine: Vec<(String, String)>,
    pub gil: Vec<GilSpan>,
}

impl Recording {
    pub fn value(&self, lang: &str, case: &str, item: &str, param: u64) -> Option<f64> {
        self.rows
            .iter()
            .find(|r| r.lang == lang && r.case == case && r.item == item && r.param == param)
            .map(|r| r.value)
    }

    pub fn machine(&self, key: &str) -> Option<&str> {
        self.machine
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The thread count that "N threads" means in this run.
    pub fn threads(&self) -> u64 {
        self.rows
            .iter()
            .find(|r| r.case == "cpu" && r.item == "threads")
            .map(|r| r.param)
            .or_else(|| self.machine("cores")?.parse().ok())
            .unwrap_or(2)
    }

    /// Replaces the rows (and GIL spans) of the cases in `fresh` by its own.
    pub fn merge(&mut self, fresh: Recording) {
        let cases: Vec<&str> = fresh.rows.iter().map(|r| r.case.as_str()).collect();
        self.rows.retain(|r| !cases.contains(&r.case.as_str()));
        self.rows.extend(fresh.rows.iter().cloned());
        // The chapter's sections in order, then the others (pyext) in the
        // order they were measured.
        self.rows
            .sort_by_key(|r| match ORDER.iter().position(|s| *s == r.case) {
                Some(section) => (section, r.lang == "python", r.param),
                None => (ORDER.len(), false, 0),
            });
        // A run that drew some lanes (gil: rust and python; pyext: its own)
        // replaces those and keeps the others.
        self.gil
            .retain(|s| !fresh.gil.iter().any(|f| f.lang == s.lang));
        self.gil.extend(fresh.gil);
        self.gil
            .sort_by_key(|s| (s.lang != "rust", s.lang != "python", s.lang.clone()));
        self.machine = fresh.machine;
    }

    /// Reads the raw files of `dir` (e.g. `bench/results`).
    pub fn read(dir: &Path) -> Result<Recording, String> {
        let read = |name: &str| {
            let path = dir.join(name);
            fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
        };
        let mut recording = Recording::default();
        for (i, line) in read(ROWS_FILE)?.lines().enumerate().skip(1) {
            let fields: Vec<&str> = line.split(',').collect();
            let bad = || format!("{ROWS_FILE} line {}: `{line}`", i + 1);
            let [case, item, param, lang, value, unit] = fields[..] else {
                return Err(bad());
            };
            recording.rows.push(Row {
                case: case.into(),
                item: item.into(),
                param: param.parse().map_err(|_| bad())?,
                lang: lang.into(),
                value: value.parse().map_err(|_| bad())?,
                unit: unit.into(),
            });
        }
        for line in read(MACHINE_FILE)?.lines() {
            let (key, value) = line
                .split_once('\t')
                .ok_or_else(|| format!("{MACHINE_FILE}: `{line}`"))?;
            recording.machine.push((key.into(), value.into()));
        }
        if let Ok(text) = read(GIL_FILE) {
            for line in text.lines().skip(1) {
                let bad = || format!("{GIL_FILE}: `{line}`");
                let fields: Vec<&str> = line.split('\t').collect();
                let [lang, lane, start, end] = fields[..] else {
                    return Err(bad());
                };
                recording.gil.push(GilSpan {
                    lang: lang.into(),
                    lane: lane.parse().map_err(|_| bad())?,
                    start: start.parse().map_err(|_| bad())?,
                    end: end.parse().map_err(|_| bad())?,
                });
            }
        }
        Ok(recording)
    }

    /// The raw files, as `(name, text)`.
    pub fn raw_files(&self) -> Vec<(&'static str, String)> {
        let mut rows = String::from("case,item,param,lang,value,unit\n");
        for r in &self.rows {
            let _ = writeln!(
                rows,
                "{},{},{},{},{},{}",
                r.case,
                r.item,
                r.param,
                r.lang,
                significant(r.value),
                r.unit
            );
        }
        let machine: String = self
            .machine
            .iter()
            .map(|(k, v)| format!("{k}\t{v}\n"))
            .collect();
        let mut gil = String::from("lang\tlane\tstart_us\tend_us\n");
        for s in &self.gil {
            let _ = writeln!(gil, "{}\t{}\t{}\t{}", s.lang, s.lane, s.start, s.end);
        }
        vec![(ROWS_FILE, rows), (MACHINE_FILE, machine), (GIL_FILE, gil)]
    }
}

/// `value` with six significant digits, as the raw files keep it.
pub fn significant(value: f64) -> String {
    if value == 0.0 || !value.is_finite() {
        return "0".into();
    }
    let digits = (5 - value.abs().log10().floor() as i32).max(0) as usize;
    format!("{value:.digits$}")
}

/// Everything drawn from a recording, as `(path from the repository root, text)`:
/// per language, a table and a chart for each section, and the GIL timeline.
pub fn generated(recording: &Recording) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    for lang in Lang::ALL {
        let dir = Path::new("src").join(lang.code()).join("figures");
        files.push((
            dir.join("measured-machine.md"),
            machine_table(recording, lang),
        ));
        for section in SECTIONS {
            files.push((
                dir.join(format!("measured-{section}.md")),
                table(recording, section, lang),
            ));
            files.push((
                dir.join(format!("measured-{section}.svg")),
                chart::render(&bar_chart(recording, section), lang) + "\n",
            ));
        }
        for section in RUST_SECTIONS {
            files.push((
                dir.join(format!("measured-{section}.md")),
                rust_table(recording, section, lang),
            ));
            files.push((
                dir.join(format!("measured-{section}.svg")),
                chart::render(&rust_chart(recording, section), lang) + "\n",
            ));
        }
        files.push((
            dir.join("gil-timeline.svg"),
            timeline::render(&gil_timeline(recording, lang), lang) + "\n",
        ));
        files.extend(pyext_generated(recording, lang, &dir));
    }
    files
}

fn l(ko: &str, en: &str) -> Label {
    Label::new(ko, en)
}

/// One table row: its label, and where its Rust and Python figures come from.
struct Line {
    label: Label,
    rust: Option<(String, u64)>,
    python: Option<(String, u64)>,
}

fn line(label: Label, rust: Option<(&str, u64)>, python: Option<(&str, u64)>) -> Line {
    Line {
        label,
        rust: rust.map(|(i, p)| (i.to_string(), p)),
        python: python.map(|(i, p)| (i.to_string(), p)),
    }
}

fn lines(recording: &Recording, section: &str) -> Vec<Line> {
    let n = recording.threads();
    match section {
        "cpu" => vec![
            line(
                l("스레드 1개", "1 thread"),
                Some(("serial", 1)),
                Some(("serial", 1)),
            ),
            line(
                l(
                    &format!("스레드 {n}개 (`thread::scope` · `threading`)"),
                    &format!("{n} threads (`thread::scope` · `threading`)"),
                ),
                Some(("threads", n)),
                Some(("threads", n)),
            ),
            line(
                l(
                    &format!("rayon · 프로세스 {n}개 (`multiprocessing`)"),
                    &format!("rayon · {n} processes (`multiprocessing`)"),
                ),
                Some(("rayon", n)),
                Some(("processes", n)),
            ),
        ],
        "handoff" => {
            let mut capacities: Vec<u64> = recording
                .rows
                .iter()
                .filter(|r| r.case == "handoff")
                .map(|r| r.param)
                .collect();
            capacities.sort_unstable();
            capacities.dedup();
            let queues = [
                ("std", "`mpsc::sync_channel`"),
                ("crossbeam", "`crossbeam_channel::bounded`"),
                ("condvar", "`Mutex` + `Condvar`"),
            ];
            capacities
                .into_iter()
                .flat_map(|c| {
                    queues.map(|(item, name)| {
                        line(
                            l(
                                &format!("용량 {c}: {name}"),
                                &format!("capacity {c}: {name}"),
                            ),
                            Some((item, c)),
                            Some(("queue", c)),
                        )
                    })
                })
                .collect()
        }
        "counter" => [1, n]
            .into_iter()
            .flat_map(|t| {
                let (ko, en) = (
                    format!("스레드 {t}개"),
                    format!("{t} thread{}", if t == 1 { "" } else { "s" }),
                );
                [
                    line(
                        l(
                            &format!("{ko}: `Mutex<u64>` · `Lock`"),
                            &format!("{en}: `Mutex<u64>` · `Lock`"),
                        ),
                        Some(("mutex", t)),
                        Some(("lock", t)),
                    ),
                    line(
                        l(
                            &format!("{ko}: `AtomicU64::fetch_add`"),
                            &format!("{en}: `AtomicU64::fetch_add`"),
                        ),
                        Some(("atomic", t)),
                        None,
                    ),
                    line(
                        l(
                            &format!("{ko}: 스레드별 합계"),
                            &format!("{en}: per-thread sums"),
                        ),
                        Some(("per-thread", t)),
                        Some(("per-thread", t)),
                    ),
                ]
            })
            .collect(),
        "spawn" => vec![
            line(
                l(
                    "스레드 (`thread::spawn` · `threading.Thread`)",
                    "thread (`thread::spawn` · `threading.Thread`)",
                ),
                Some(("thread", 1)),
                Some(("thread", 1)),
            ),
            line(
                l("프로세스 (`true` 실행)", "process (running `true`)"),
                Some(("process", 1)),
                Some(("process", 1)),
            ),
            line(
                l(
                    "프로세스 (`multiprocessing.Process`)",
                    "process (`multiprocessing.Process`)",
                ),
                None,
                Some(("multiprocessing", 1)),
            ),
            line(
                l(
                    "풀의 작업 (`rayon::spawn` · `ThreadPoolExecutor`)",
                    "pool task (`rayon::spawn` · `ThreadPoolExecutor`)",
                ),
                Some(("pool-task", 1)),
                Some(("pool-task", 1)),
            ),
            line(
                l(
                    "비동기 태스크 (`tokio::spawn` · `asyncio`)",
                    "async task (`tokio::spawn` · `asyncio`)",
                ),
                Some(("async-task", 1)),
                Some(("async-task", 1)),
            ),
        ],
        _ => Vec::new(),
    }
}

fn unit(section: &str) -> Label {
    match section {
        "cpu" => l("검사한 수/s", "numbers checked/s"),
        "handoff" => l("메시지 수/s", "messages/s"),
        "counter" => l("증가 횟수/s", "increments/s"),
        _ => l("생성 횟수/s", "spawns/s"),
    }
}

fn cell(value: Option<f64>) -> String {
    value.map_or("—".into(), format_value)
}

/// A section's table in Markdown: each figure, Rust beside Python, and the ratio.
pub fn table(recording: &Recording, section: &str, lang: Lang) -> String {
    let unit = unit(section);
    let unit = unit.get(lang);
    let mut out = match lang {
        Lang::Ko => format!("| 측정 ({unit}) | 러스트 | 파이썬 | 러스트 ÷ 파이썬 |\n"),
        Lang::En => format!("| Measured ({unit}) | Rust | Python | Rust ÷ Python |\n"),
    };
    out.push_str("| --- | ---: | ---: | ---: |\n");
    let get = |lang: &str, at: &Option<(String, u64)>| {
        at.as_ref()
            .and_then(|(item, param)| recording.value(lang, section, item, *param))
    };
    for line in lines(recording, section) {
        let (rust, python) = (get("rust", &line.rust), get("python", &line.python));
        let ratio = match (rust, python) {
            (Some(r), Some(p)) if p > 0.0 => format!("{}×", format_value(r / p)),
            _ => "—".into(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {ratio} |",
            line.label.get(lang),
            cell(rust),
            cell(python)
        );
    }
    if section == "cpu" {
        let n = recording.threads();
        let cores: f64 = recording
            .machine("cores")
            .and_then(|c| c.parse().ok())
            .unwrap_or(n as f64);
        for (rust_item, python_item, ko, en) in [
            (
                "threads",
                "threads",
                format!("스레드 {n}개"),
                format!("{n} threads"),
            ),
            (
                "rayon",
                "processes",
                "rayon · 프로세스".to_string(),
                "rayon · processes".to_string(),
            ),
        ] {
            let speedup = |lang: &str, item: &str| {
                Some(
                    recording.value(lang, "cpu", item, n)?
                        / recording.value(lang, "cpu", "serial", 1)?,
                )
            };
            let (rust, python) = (speedup("rust", rust_item), speedup("python", python_item));
            let times = |v: Option<f64>| v.map_or("—".into(), |v| format!("{v:.2}×"));
            let percent =
                |v: Option<f64>| v.map_or("—".into(), |v| format!("{:.0}%", 100.0 * v / cores));
            let (speedup_label, efficiency_label) = match lang {
                Lang::Ko => (
                    format!("{ko}: 속도 향상"),
                    format!("{ko}: 병렬 효율 (속도 향상 ÷ 코어 {cores}개)"),
                ),
                Lang::En => (
                    format!("{en}: speedup"),
                    format!("{en}: parallel efficiency (speedup ÷ {cores} cores)"),
                ),
            };
            let _ = writeln!(
                out,
                "| {speedup_label} | {} | {} | — |",
                times(rust),
                times(python)
            );
            let _ = writeln!(
                out,
                "| {efficiency_label} | {} | {} | — |",
                percent(rust),
                percent(python)
            );
        }
    }
    out
}

/// The machine and the date of the recorded run, as a Markdown table.
pub fn machine_table(recording: &Recording, lang: Lang) -> String {
    let names = [
        ("cores", "코어", "cores"),
        ("cpu", "CPU", "CPU"),
        ("cache-line", "캐시 라인", "cache line"),
        (
            "cache-padded",
            "`CachePadded<AtomicU64>`",
            "`CachePadded<AtomicU64>`",
        ),
        ("os", "운영체제", "OS"),
        ("rustc", "러스트", "Rust"),
        ("python", "파이썬", "Python"),
        ("date", "측정 일시", "measured"),
        ("mode", "모드", "mode"),
    ];
    let mut out = match lang {
        Lang::Ko => "| 기계 | |\n| --- | --- |\n".to_string(),
        Lang::En => "| Machine | |\n| --- | --- |\n".to_string(),
    };
    for (key, ko, en) in names {
        if let Some(value) = recording.machine(key) {
            let name = if lang == Lang::Ko { ko } else { en };
            let value = match (key, value, lang) {
                ("mode", "full", Lang::Ko) => "전체 실행",
                ("mode", "full", Lang::En) => "full run",
                ("mode", "quick", Lang::Ko) => "빠른 실행 (`--quick`)",
                ("mode", "quick", Lang::En) => "quick run (`--quick`)",
                _ => value,
            };
            let value = match (key, lang) {
                ("cache-line" | "cache-padded", Lang::Ko) => format!("{value}바이트"),
                ("cache-line" | "cache-padded", Lang::En) => format!("{value} bytes"),
                _ => value.to_string(),
            };
            let _ = writeln!(out, "| {name} | {} |", value.replace('|', "/"));
        }
    }
    out
}

/// A section's chart.
pub fn bar_chart(recording: &Recording, section: &str) -> BarChart {
    let n = recording.threads();
    let value = |lang: &str, item: &str, param: u64| recording.value(lang, section, item, param);
    let mut chart = BarChart::new(
        format!("fig-measured-{section}"),
        Label::default(),
        unit(section),
    );
    chart.scale = Scale::Log;
    match section {
        "cpu" => {
            chart.title = l(
                "CPU 바운드 작업: 스레드 1개 대비 속도 향상",
                "CPU-bound work: speedup over 1 thread",
            );
            chart.unit = l("속도 향상 (배)", "speedup (×)");
            chart.scale = Scale::Linear;
            chart.groups = vec![
                l(&format!("스레드 {n}개"), &format!("{n} threads")),
                l("rayon · 프로세스", "rayon · processes"),
            ];
            let speedup =
                |lang: &str, item: &str| Some(value(lang, item, n)? / value(lang, "serial", 1)?);
            chart.series = vec![
                Bars::new(
                    l("러스트", "Rust"),
                    vec![speedup("rust", "threads"), speedup("rust", "rayon")],
                ),
                Bars::new(
                    l("파이썬", "Python"),
                    vec![speedup("python", "threads"), speedup("python", "processes")],
                ),
            ];
            let cores = recording
                .machine("cores")
                .and_then(|c| c.parse().ok())
                .unwrap_or(n as f64);
            chart.reference = Some((cores, l("코어 수", "cores")));
        }
        "handoff" => {
            chart.title = l(
                "크기가 정해진 큐로 넘겨주기: 초당 메시지 수",
                "Bounded hand-off: messages per second",
            );
            let mut capacities: Vec<u64> = recording
                .rows
                .iter()
                .filter(|r| r.case == section)
                .map(|r| r.param)
                .collect();
            capacities.sort_unstable();
            capacities.dedup();
            chart.groups = capacities
                .iter()
                .map(|c| l(&format!("용량 {c}"), &format!("capacity {c}")))
                .collect();
            for (lang, item, name) in [
                ("rust", "std", l("sync_channel", "sync_channel")),
                ("rust", "crossbeam", l("crossbeam", "crossbeam")),
                ("rust", "condvar", l("Mutex + Condvar", "Mutex + Condvar")),
                (
                    "python",
                    "queue",
                    l("파이썬 queue.Queue", "Python queue.Queue"),
                ),
            ] {
                chart.series.push(Bars::new(
                    name,
                    capacities.iter().map(|&c| value(lang, item, c)).collect(),
                ));
            }
        }
        "counter" => {
            chart.title = l(
                "공유 카운터: 초당 증가 횟수",
                "Shared counter: increments per second",
            );
            chart.groups = vec![
                l("스레드 1개", "1 thread"),
                l(&format!("스레드 {n}개"), &format!("{n} threads")),
            ];
            for (lang, item, name) in [
                ("rust", "mutex", l("Mutex<u64>", "Mutex<u64>")),
                ("rust", "atomic", l("AtomicU64", "AtomicU64")),
                (
                    "rust",
                    "per-thread",
                    l("러스트 스레드별 합계", "Rust per-thread sums"),
                ),
                ("python", "lock", l("파이썬 Lock", "Python Lock")),
                (
                    "python",
                    "per-thread",
                    l("파이썬 스레드별 합계", "Python per-thread sums"),
                ),
            ] {
                chart.series.push(Bars::new(
                    name,
                    vec![value(lang, item, 1), value(lang, item, n)],
                ));
            }
        }
        _ => {
            chart.title = l(
                "생성하고 기다리기: 초당 생성 횟수",
                "Spawn and wait: spawns per second",
            );
            let items = [
                "thread",
                "process",
                "multiprocessing",
                "pool-task",
                "async-task",
            ];
            chart.groups = vec![
                l("스레드", "thread"),
                l("프로세스 (true)", "process (true)"),
                l("multiprocessing", "multiprocessing"),
                l("풀의 작업", "pool task"),
                l("비동기 태스크", "async task"),
            ];
            chart.series = vec![
                Bars::new(
                    l("러스트", "Rust"),
                    items.iter().map(|i| value("rust", i, 1)).collect(),
                ),
                Bars::new(
                    l("파이썬", "Python"),
                    items.iter().map(|i| value("python", i, 1)).collect(),
                ),
            ];
        }
    }
    chart
}

/// How long the two threads of `lang` ran at the same time, as a share of
/// how long they ran in all: near 0 when they take turns, near 1 when they
/// run side by side. `None` without spans for both threads.
pub fn overlap(recording: &Recording, lang: &str) -> Option<f64> {
    let lane = |n: u32| -> Vec<(u64, u64)> {
        recording
            .gil
            .iter()
            .filter(|s| s.lang == lang && s.lane == n)
            .map(|s| (s.start, s.end))
            .collect()
    };
    let (one, two) = (lane(1), lane(2));
    if one.is_empty() || two.is_empty() {
        return None;
    }
    let both: u64 = one
        .iter()
        .flat_map(|a| two.iter().map(move |b| (a, b)))
        .map(|(a, b)| a.1.min(b.1).saturating_sub(a.0.max(b.0)))
        .sum();
    let ran: u64 = one.iter().chain(&two).map(|s| s.1 - s.0).sum();
    Some(2.0 * both as f64 / ran.max(1) as f64)
}

/// Two Python threads and two Rust threads on one time axis, the lanes
/// named in `lang` (lane names are otherwise thread names, the same in both).
pub fn gil_timeline(recording: &Recording, lang: Lang) -> Timeline {
    let mut timeline = Timeline::new(
        "fig-gil-timeline",
        l(
            "CPU 바운드 스레드 두 개가 실제로 실행된 구간: 파이썬(GIL)과 러스트",
            "When two CPU-bound threads actually ran: Python (GIL) and Rust",
        ),
    );
    let [python, rust] = match lang {
        Lang::Ko => ["파이썬", "러스트"],
        Lang::En => ["Python", "Rust"],
    };
    add_gil_lanes(
        &mut timeline,
        recording,
        [
            ("python", python, SpanKind::HoldsGil),
            ("rust", rust, SpanKind::Working),
        ],
    );
    timeline
}

/// For each `(lang, name, kind)`, one lane per thread that the recording's
/// `gil` spans of `lang` name, in lane order, called "{name} {lane}".
fn add_gil_lanes(
    timeline: &mut Timeline,
    recording: &Recording,
    groups: [(&str, &str, SpanKind); 2],
) {
    for (lang, name, kind) in groups {
        let mut lanes: Vec<u32> = recording
            .gil
            .iter()
            .filter(|s| s.lang == lang)
            .map(|s| s.lane)
            .collect();
        lanes.sort_unstable();
        lanes.dedup();
        for lane in lanes {
            let mut drawn = Lane::new(format!("{name} {lane}"));
            for s in recording
                .gil
                .iter()
                .filter(|s| s.lang == lang && s.lane == lane)
            {
                drawn = drawn.span(Span::new(kind, s.start, s.end));
            }
            timeline.lanes.push(drawn);
        }
    }
}

/// The whole report as one Markdown text, for the terminal.
pub fn summary(recording: &Recording, lang: Lang) -> String {
    let mut out = machine_table(recording, lang);
    for section in SECTIONS {
        out.push('\n');
        out.push_str(&table(recording, section, lang));
    }
    for section in RUST_SECTIONS {
        out.push('\n');
        out.push_str(&rust_table(recording, section, lang));
    }
    out
}

// ---------------------------------------------------------------------------
// The Rust extension called from Python threads (`measure pyext`): its rows
// are `pyext` rows of the Python side (bench/python/pyext.py); its timeline
// is drawn from the `pyext-keeping` and `pyext-releasing` lanes of gil.tsv
// (bench/python/pyext_gil.py). Drawn only once a recording has them.

/// The file names of what `pyext` draws, per language, under `src/{ko,en}/figures/`.
pub const PYEXT_FILES: [&str; 4] = [
    "measured-pyext.md",
    "measured-pyext-calls.md",
    "measured-pyext.svg",
    "gil-pyext.svg",
];

/// The variants, as the rows of pyext.py name them (`{item}-threads`,
/// `{item}-processes`), with their labels.
const PYEXT_VARIANTS: [(&str, &str, &str); 3] = [
    (
        "python",
        "순수 파이썬 (`count_primes`)",
        "pure Python (`count_primes`)",
    ),
    (
        "keeping-gil",
        "러스트, GIL을 쥔 채 (`count_keeping_gil`)",
        "Rust keeping the GIL (`count_keeping_gil`)",
    ),
    (
        "releasing-gil",
        "러스트, GIL을 해제하고 (`count_releasing_gil`)",
        "Rust releasing the GIL (`count_releasing_gil`)",
    ),
];

fn pyext_value(recording: &Recording, item: &str, param: u64) -> Option<f64> {
    recording.value("python", "pyext", item, param)
}

/// The thread counts the pyext rows were measured with (1, 2, and --workers).
fn pyext_thread_counts(recording: &Recording) -> Vec<u64> {
    let mut counts: Vec<u64> = recording
        .rows
        .iter()
        .filter(|r| r.case == "pyext" && r.item.ends_with("-threads"))
        .map(|r| r.param)
        .collect();
    counts.sort_unstable();
    counts.dedup();
    counts
}

/// The size of the pool of processes, and of rayon's pool.
fn pyext_workers(recording: &Recording, suffix: &str) -> Option<u64> {
    recording
        .rows
        .iter()
        .find(|r| r.case == "pyext" && r.item.ends_with(suffix))
        .map(|r| r.param)
}

/// How many times faster `item` ran than the same variant on one thread
/// (rayon's one call: than Rust releasing the GIL on one thread).
pub fn pyext_speedup(recording: &Recording, item: &str, param: u64) -> Option<f64> {
    let variant = item
        .strip_suffix("-threads")
        .or_else(|| item.strip_suffix("-processes"))
        .unwrap_or("releasing-gil");
    Some(
        pyext_value(recording, item, param)?
            / pyext_value(recording, &format!("{variant}-threads"), 1)?,
    )
}

/// The table of the job from Python: each variant on 1, 2 (, N) threads and
/// on a pool of processes, in numbers checked per second, and its speedup.
pub fn pyext_table(recording: &Recording, lang: Lang) -> String {
    let threads = pyext_thread_counts(recording);
    let processes = pyext_workers(recording, "-processes").unwrap_or(2);
    let unit = unit("cpu");
    let mut out = match lang {
        Lang::Ko => format!("| 측정 ({}) |", unit.get(lang)),
        Lang::En => format!("| Measured ({}) |", unit.get(lang)),
    };
    for &t in &threads {
        out += &match lang {
            Lang::Ko => format!(" 스레드 {t}개 |"),
            Lang::En => format!(" {t} thread{} |", if t == 1 { "" } else { "s" }),
        };
    }
    out += &match lang {
        Lang::Ko => format!(" 프로세스 {processes}개 | 스레드 2개: 속도 향상 |\n"),
        Lang::En => format!(" {processes} processes | 2 threads: speedup |\n"),
    };
    out += "| --- |";
    out += &" ---: |".repeat(threads.len() + 2);
    out.push('\n');
    let times = |v: Option<f64>| v.map_or("—".into(), |v| format!("{v:.2}×"));
    for (item, ko, en) in PYEXT_VARIANTS {
        let _ = write!(out, "| {} |", l(ko, en).get(lang));
        for &t in &threads {
            let value = pyext_value(recording, &format!("{item}-threads"), t);
            let _ = write!(out, " {} |", cell(value));
        }
        let pool = pyext_value(recording, &format!("{item}-processes"), processes);
        let speedup = pyext_speedup(recording, &format!("{item}-threads"), 2);
        let _ = writeln!(out, " {} | {} |", cell(pool), times(speedup));
    }
    // rayon: one call from one thread; its speedup is over the same Rust
    // code on one thread (releasing the GIL).
    let rayon = pyext_workers(recording, "rayon-call").unwrap_or(2);
    let label = match lang {
        Lang::Ko => format!("rayon, 호출 한 번에 스레드 {rayon}개 (`count_rayon`)"),
        Lang::En => format!("rayon, {rayon} threads in one call (`count_rayon`)"),
    };
    let _ = write!(out, "| {label} |");
    for &t in &threads {
        let value = if t == 1 {
            pyext_value(recording, "rayon-call", rayon)
        } else {
            None
        };
        let _ = write!(out, " {} |", cell(value));
    }
    let _ = writeln!(
        out,
        " — | {} |",
        times(pyext_speedup(recording, "rayon-call", rayon))
    );
    out
}

/// Nanoseconds per call, from calls per second.
pub fn pyext_call_ns(recording: &Recording, item: &str) -> Option<f64> {
    Some(1e9 / pyext_value(recording, item, 1)?)
}

/// What releasing the GIL and taking it back adds to a call, in nanoseconds.
pub fn pyext_release_ns(recording: &Recording) -> Option<f64> {
    Some(
        pyext_call_ns(recording, "call-releasing-gil")?
            - pyext_call_ns(recording, "call-keeping-gil")?,
    )
}

/// The cost of crossing: calls that do no work (limit 0), per second and
/// the time each takes.
pub fn pyext_calls_table(recording: &Recording, lang: Lang) -> String {
    let mut out = match lang {
        Lang::Ko => "| 일을 하지 않는 호출 (`limit` 0) | 호출 수/s | 호출 한 번 |\n".to_string(),
        Lang::En => "| A call that does no work (`limit` 0) | calls/s | per call |\n".to_string(),
    };
    out += "| --- | ---: | ---: |\n";
    let ns = |v: Option<f64>| v.map_or("—".into(), |v| format!("{} ns", format_value(v)));
    for (item, ko, en) in [
        ("call-python", "파이썬 함수", "a Python function"),
        (
            "call-keeping-gil",
            "`count_keeping_gil`",
            "`count_keeping_gil`",
        ),
        (
            "call-releasing-gil",
            "`count_releasing_gil`",
            "`count_releasing_gil`",
        ),
    ] {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            l(ko, en).get(lang),
            cell(pyext_value(recording, item, 1)),
            ns(pyext_call_ns(recording, item))
        );
    }
    let release = pyext_release_ns(recording);
    let label = l(
        "GIL을 해제했다 다시 잡는 비용 (차이)",
        "releasing the GIL and taking it back (the difference)",
    );
    let _ = writeln!(out, "| {} | — | {} |", label.get(lang), ns(release));
    out
}

/// The chart: each variant's speedup over itself on one thread.
pub fn pyext_chart(recording: &Recording) -> BarChart {
    let processes = pyext_workers(recording, "-processes").unwrap_or(2);
    let rayon = pyext_workers(recording, "rayon-call").unwrap_or(2);
    let mut chart = BarChart::new(
        "fig-measured-pyext",
        l(
            "파이썬 스레드에서 부른 러스트: 스레드 1개 대비 속도 향상",
            "Rust called from Python threads: speedup over 1 thread",
        ),
        l("속도 향상 (배)", "speedup (×)"),
    );
    chart.groups = vec![
        l("순수 파이썬", "pure Python"),
        l("GIL을 쥔 러스트", "Rust keeping the GIL"),
        l("GIL을 해제하는 러스트", "Rust releasing the GIL"),
        l("rayon, 호출 한 번", "rayon, one call"),
    ];
    let per_variant = |suffix: &str, param: u64| -> Vec<Option<f64>> {
        PYEXT_VARIANTS
            .iter()
            .map(|(item, _, _)| pyext_speedup(recording, &format!("{item}{suffix}"), param))
            .chain([None])
            .collect()
    };
    chart.series = vec![
        Bars::new(
            l("파이썬 스레드 2개", "2 Python threads"),
            per_variant("-threads", 2),
        ),
        Bars::new(
            l(
                &format!("프로세스 {processes}개"),
                &format!("{processes} processes"),
            ),
            per_variant("-processes", processes),
        ),
        Bars::new(
            l(
                &format!("rayon 스레드 {rayon}개"),
                &format!("{rayon} rayon threads"),
            ),
            vec![
                None,
                None,
                None,
                pyext_speedup(recording, "rayon-call", rayon),
            ],
        ),
    ];
    let cores = recording
        .machine("cores")
        .and_then(|c| c.parse().ok())
        .unwrap_or(2.0);
    chart.reference = Some((cores, l("코어 수", "cores")));
    chart
}

/// Two Python threads calling the extension: keeping the GIL (they take
/// turns), then releasing it (they run side by side).
pub fn pyext_gil_timeline(recording: &Recording, lang: Lang) -> Timeline {
    let mut timeline = Timeline::new(
        "fig-gil-pyext",
        l(
            "러스트 확장 모듈을 부르는 파이썬 스레드 두 개: GIL을 쥔 채, 그리고 해제하고",
            "Two Python threads calling the Rust extension: keeping the GIL, and releasing it",
        ),
    );
    let [keeping, releasing] = match lang {
        Lang::Ko => ["GIL 쥠", "GIL 해제"],
        // "releases GIL 1" would not fit the lanes' margin.
        Lang::En => ["keeps GIL", "frees GIL"],
    };
    add_gil_lanes(
        &mut timeline,
        recording,
        [
            ("pyext-keeping", keeping, SpanKind::HoldsGil),
            ("pyext-releasing", releasing, SpanKind::Working),
        ],
    );
    timeline
}

/// What `pyext` draws for `lang`, once the recording has it.
fn pyext_generated(recording: &Recording, lang: Lang, dir: &Path) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    if recording.rows.iter().any(|r| r.case == "pyext") {
        files.push((dir.join(PYEXT_FILES[0]), pyext_table(recording, lang)));
        files.push((dir.join(PYEXT_FILES[1]), pyext_calls_table(recording, lang)));
        files.push((
            dir.join(PYEXT_FILES[2]),
            chart::render(&pyext_chart(recording), lang) + "\n",
        ));
    }
    if recording.gil.iter().any(|s| s.lang.starts_with("pyext-")) {
        files.push((
            dir.join(PYEXT_FILES[3]),
            timeline::render(&pyext_gil_timeline(recording, lang), lang) + "\n",
        ));
    }
    files
}

// ---------------------------------------------------------------------------
// Rust beside Rust (`measure sharing spin`): two ways, the second divided by
// the first, at each thread count the recording has.

/// A Rust-only section's two items, `(item, ko, en)`: the baseline first.
fn rust_items(section: &str) -> [(&'static str, &'static str, &'static str); 2] {
    match section {
        "sharing" => [
            ("side-by-side", "나란히", "side by side"),
            ("padded", "패딩 (`CachePadded`)", "padded (`CachePadded`)"),
        ],
        _ => [
            ("mutex", "`Mutex`", "`Mutex`"),
            ("spin-lock", "`SpinLock`", "`SpinLock`"),
        ],
    }
}

/// The thread counts a section was measured with, smallest first.
pub fn thread_counts(recording: &Recording, section: &str) -> Vec<u64> {
    let mut counts: Vec<u64> = recording
        .rows
        .iter()
        .filter(|r| r.case == section)
        .map(|r| r.param)
        .collect();
    counts.sort_unstable();
    counts.dedup();
    counts
}

/// The thread counts to show: those measured, or, before the section was
/// measured, the ones `measure` uses (1 and N; spin also 2N), left empty.
fn shown_counts(recording: &Recording, section: &str) -> Vec<u64> {
    let counts = thread_counts(recording, section);
    if !counts.is_empty() {
        return counts;
    }
    let n = recording.threads();
    if section == "spin" {
        vec![1, n, 2 * n]
    } else {
        vec![1, n]
    }
}

/// "1 thread", "2 threads (one per core)", "4 threads (two per core)"; for
/// the lock, 1 thread is "uncontended".
fn threads_label(recording: &Recording, section: &str, threads: u64) -> Label {
    let cores: u64 = recording
        .machine("cores")
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let (ko, en) = match threads {
        1 if section == "spin" => (" (다툼 없음)", " (uncontended)"),
        1 => ("", ""),
        t if t == cores => (" (코어마다 하나)", " (one per core)"),
        t if t == 2 * cores => (" (코어마다 둘)", " (two per core)"),
        _ => ("", ""),
    };
    l(
        &format!("스레드 {threads}개{ko}"),
        &format!(
            "{threads} thread{}{en}",
            if threads == 1 { "" } else { "s" }
        ),
    )
}

/// How many times as fast the second way ran as the first, on `threads` threads.
pub fn rust_ratio(recording: &Recording, section: &str, threads: u64) -> Option<f64> {
    let [(first, ..), (second, ..)] = rust_items(section);
    Some(
        recording.value("rust", section, second, threads)?
            / recording.value("rust", section, first, threads)?,
    )
}

/// A Rust-only section's table: both ways at each thread count, and the ratio.
pub fn rust_table(recording: &Recording, section: &str, lang: Lang) -> String {
    let [(first, first_ko, first_en), (second, second_ko, second_en)] = rust_items(section);
    let (first_name, second_name) = match lang {
        Lang::Ko => (first_ko, second_ko),
        Lang::En => (first_en, second_en),
    };
    let unit = unit("counter");
    let mut out = match lang {
        Lang::Ko => format!("| 측정 ({}) |", unit.get(lang)),
        Lang::En => format!("| Measured ({}) |", unit.get(lang)),
    };
    // The ratio's heading names the ways without their code.
    let short = |name: &str| name.split(" (").next().unwrap_or(name).to_string();
    let _ = writeln!(
        out,
        " {first_name} | {second_name} | {} ÷ {} |",
        short(second_name),
        short(first_name)
    );
    out.push_str("| --- | ---: | ---: | ---: |\n");
    for t in shown_counts(recording, section) {
        let value = |item| recording.value("rust", section, item, t);
        let ratio = rust_ratio(recording, section, t)
            .map_or("—".into(), |r| format!("{}×", format_value(r)));
        let _ = writeln!(
            out,
            "| {} | {} | {} | {ratio} |",
            threads_label(recording, section, t).get(lang),
            cell(value(first)),
            cell(value(second))
        );
    }
    out
}

/// A Rust-only section's chart: both ways, grouped by thread count.
pub fn rust_chart(recording: &Recording, section: &str) -> BarChart {
    let title = match section {
        "sharing" => l(
            "스레드마다 제 카운터: 초당 증가 횟수",
            "A counter per thread: increments per second",
        ),
        _ => l(
            "스핀 락과 Mutex: 초당 잠그고 더한 횟수",
            "Spin lock and Mutex: locked increments per second",
        ),
    };
    let mut chart = BarChart::new(format!("fig-measured-{section}"), title, unit("counter"));
    chart.scale = Scale::Linear;
    let counts = shown_counts(recording, section);
    chart.groups = counts
        .iter()
        .map(|&t| {
            l(
                &format!("스레드 {t}개"),
                &format!("{t} thread{}", if t == 1 { "" } else { "s" }),
            )
        })
        .collect();
    for (item, ko, en) in rust_items(section) {
        // The chart's legend is plain text: no Markdown code marks.
        let plain = |name: &str| name.replace('`', "");
        chart.series.push(Bars::new(
            l(&plain(ko), &plain(en)),
            counts
                .iter()
                .map(|&t| recording.value("rust", section, item, t))
                .collect(),
        ));
    }
    chart
}
