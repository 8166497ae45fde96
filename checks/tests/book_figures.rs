//! The book's figures are tested like its outputs: each committed SVG is
//! what the `figures` crate draws now from its recording (or its diagram
//! code), each trace is the same run as its output block, and each
//! recording keeps the promises its timeline makes (issue 9.3). The
//! vocabulary that reads a trace must fit it: every rule matches a line, and
//! every span it opens a line closes (issue 16, 7). And the browser tests'
//! list of figures is the one the pages include.
//!
//! After `RECORD=1 cargo test --test outputs` the timelines of the recorded
//! examples are redrawn already; after changing the drawing code, redraw
//! everything with `cargo run -p figures`.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use checks::root;
use figures::{Lang, invariants, vocab};

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn every_figure_is_what_its_recording_draws_now() {
    let root = root();
    let drawn = figures::all_figures(&root).unwrap_or_else(|e| panic!("cannot draw: {e}"));
    let mut failures = Vec::new();
    for (path, svg) in &drawn {
        let name = relative(path);
        let (source, again) = match path.file_stem().and_then(|s| s.to_str()) {
            Some(stem) if vocab::spec(stem).is_some() => (
                format!("outputs/{stem}.trace"),
                format!(", or record it again: `RECORD=1 ONLY={stem} cargo test --test outputs`"),
            ),
            _ => (
                "its diagram code in figures/src/diagrams.rs".to_string(),
                String::new(),
            ),
        };
        match fs::read_to_string(path) {
            Ok(committed) if committed == format!("{svg}\n") => {}
            Ok(_) => failures.push(format!(
                "figure {name} is stale: it is not what `figures` draws from {source} now \
                 (redraw it: `cargo run -p figures`{again})"
            )),
            Err(_) => failures.push(format!(
                "figure {name} is missing: `figures` draws it from {source} (draw it: `cargo run -p figures`)"
            )),
        }
    }
    // And no timeline without its recording: a deleted trace leaves its
    // picture behind. (Other figures in these folders, such as the
    // benchmarks' charts, are drawn and checked by their own code.)
    for lang in Lang::ALL {
        let dir = root.join("src").join(lang.code()).join("figures");
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let is_timeline = path.extension().is_some_and(|e| e == "svg")
                && path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .is_some_and(|stem| vocab::spec(stem).is_some());
            if is_timeline && !drawn.iter().any(|(p, _)| *p == path) {
                failures.push(format!(
                    "figure {} has no recording or diagram that draws it: delete it, or record its example",
                    relative(&path)
                ));
            }
        }
    }
    // Every example with a vocabulary has a timeline, so it needs its trace.
    for spec in vocab::SPECS {
        let example = spec.example;
        if !figures::trace_path(&root, example).exists() {
            failures.push(format!(
                "figure {example}.svg needs outputs/{example}.trace, as {example} is in SPECS \
                 (figures/src/vocab.rs): `RECORD=1 ONLY={example} cargo test --test outputs`"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `notes::init_logging` writes each line to stdout and the trace under one
/// lock: the same lines, each thread's in the same order, the same times.
#[test]
fn each_trace_and_its_output_are_one_run() {
    let root = root();
    let mut failures = Vec::new();
    for spec in vocab::SPECS {
        let trace_path = figures::trace_path(&root, spec.example);
        let Ok(trace) = fs::read_to_string(&trace_path) else {
            continue;
        };
        let output_path = root.join("outputs").join(format!("{}.txt", spec.example));
        let output = fs::read_to_string(&output_path).unwrap_or_default();
        if let Err(why) = one_run(&trace, &output) {
            failures.push(format!(
                "figure {}.svg: outputs/{}.trace and outputs/{}.txt are not one run: {why} \
                 (record both again: `RECORD=1 ONLY={} cargo test --test outputs`)",
                spec.example, spec.example, spec.example, spec.example
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

type Lines = BTreeMap<String, Vec<(u64, String)>>;

fn one_run(trace: &str, output: &str) -> Result<(), String> {
    let events = vocab::parse_trace(trace).map_err(|e| format!("the trace: {e}"))?;
    let mut from_trace: Lines = BTreeMap::new();
    let mut previous = 0;
    for event in &events {
        if event.micros < previous {
            return Err(format!(
                "trace line {}: the time goes backwards",
                event.seq + 1
            ));
        }
        previous = event.micros;
        from_trace
            .entry(event.thread.clone())
            .or_default()
            .push((event.micros, event.message.clone()));
    }
    let mut from_output: Lines = BTreeMap::new();
    for event in vocab::parse_output(output) {
        from_output
            .entry(event.thread)
            .or_default()
            .push((event.micros / 1000, event.message));
    }
    let threads: std::collections::BTreeSet<&String> =
        from_trace.keys().chain(from_output.keys()).collect();
    for thread in threads {
        let traced = from_trace.get(thread).map_or(&[][..], |v| &v[..]);
        let printed = from_output.get(thread).map_or(&[][..], |v| &v[..]);
        for i in 0..traced.len().max(printed.len()) {
            match (traced.get(i), printed.get(i)) {
                (Some((micros, a)), Some((millis, b))) => {
                    if a != b {
                        return Err(format!(
                            "[{thread}]'s line {} is {b:?} in the output but {a:?} in the trace",
                            i + 1
                        ));
                    }
                    // Both stamps come from one clock reading: µs truncated, ms rounded.
                    if (*micros as f64 / 1000.0 - *millis as f64).abs() > 1.0 {
                        return Err(format!(
                            "[{thread}] {a:?} is at {millis} ms in the output but {micros} µs in the trace"
                        ));
                    }
                }
                (Some((_, a)), None) => {
                    return Err(format!("[{thread}] {a:?} is in the trace only"));
                }
                (None, Some((_, b))) => {
                    return Err(format!("[{thread}] {b:?} is in the output only"));
                }
                (None, None) => unreachable!(),
            }
        }
    }
    Ok(())
}

#[test]
fn every_recording_keeps_its_figures_promises() {
    let mut failures = Vec::new();
    for (spec, reading) in readings(&root(), &mut failures) {
        for broken in invariants::check(&reading.facts, &reading.events) {
            failures.push(format!("figure {}.svg: {broken}", spec.example));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Each example of `SPECS` that has a trace, and what its vocabulary reads
/// from it; a trace that cannot be read is a failure already.
fn readings(
    root: &Path,
    failures: &mut Vec<String>,
) -> Vec<(&'static vocab::Spec, vocab::Reading)> {
    let mut readings = Vec::new();
    for spec in vocab::SPECS {
        let Ok(trace) = fs::read_to_string(figures::trace_path(root, spec.example)) else {
            continue;
        };
        match vocab::read_trace(spec.example, &trace) {
            Ok(reading) => readings.push((spec, reading)),
            Err(e) => failures.push(format!(
                "figure {}.svg: outputs/{}.trace: {e}",
                spec.example, spec.example
            )),
        }
    }
    readings
}

/// A rule whose pattern matches no line draws nothing, and the span it
/// should have closed runs on to the thread's end: the figure is wrong
/// while every other check passes (issue 16, 7).
#[test]
fn every_rule_of_a_timeline_matches_a_line_of_its_trace() {
    let mut failures = Vec::new();
    for (spec, reading) in readings(&root(), &mut failures) {
        for pattern in &reading.unmatched {
            failures.push(format!(
                "figure {example}.svg: the rule r\"{pattern}\" of {example} in SPECS \
                 (figures/src/vocab.rs) matches no line of outputs/{example}.trace: \
                 change the pattern to match a line the example logs, or delete the rule",
                example = spec.example
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A span is drawn between two log lines; one that no line closes would be
/// drawn to wherever the reading gave up, which the run never said.
#[test]
fn every_span_is_closed_by_the_end_of_its_run() {
    let mut failures = Vec::new();
    for (spec, reading) in readings(&root(), &mut failures) {
        let line = |at: vocab::At| {
            let message = reading
                .events
                .iter()
                .find(|e| e.seq == at.seq)
                .map_or("", |e| e.message.as_str());
            format!("trace line {} ({message:?})", at.seq + 1)
        };
        for open in &reading.unclosed {
            let key = open
                .key
                .as_deref()
                .map_or(String::new(), |k| format!(" {k:?}"));
            let until = match open.reopened_at {
                Some(again) => {
                    format!("is opened again at {} before a line closes it", line(again))
                }
                None => format!("is still open at {}'s last line", open.thread),
            };
            failures.push(format!(
                "figure {example}.svg: {thread}'s {kind:?} span{key} from {from} {until}: \
                 give it a closing rule in SPECS (figures/src/vocab.rs); if main's return \
                 cuts the thread off, list the thread in the spec's cut_off, and if the \
                 task ends without a line (a panic), its key in ends_unlogged",
                example = spec.example,
                thread = open.thread,
                kind = open.kind,
                from = line(open.from),
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A figure opened on its own, outside the book (from `src/*/figures/`, or
/// saved from the PDF), has no `theme/notes.css` and no mdBook theme: it
/// must carry its own rules, and every theme variable they use needs a
/// fallback, or the spans and marks fall back to black (issue 17, 6).
#[test]
fn every_figure_is_readable_on_its_own() {
    let root = root();
    let variable = regex::Regex::new(r"var\(\s*(--[\w-]+)\s*(,)?").unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for lang in Lang::ALL {
        let dir = root.join("src").join(lang.code()).join("figures");
        let mut svgs: Vec<_> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "svg"))
            .collect();
        svgs.sort();
        for svg in svgs {
            let text = fs::read_to_string(&svg).unwrap();
            let name = relative(&svg);
            if !text.contains("<style>") {
                failures.push(format!(
                    "{name}: no <style> of its own; redraw it (`cargo run -p figures`, or `cargo run -p bench --bin measure -- --redraw` for a chart)"
                ));
            }
            for found in variable.captures_iter(&text) {
                if found.get(2).is_none() {
                    failures.push(format!(
                        "{name}: var({}) has no fallback: add the light theme's value to THEME_FALLBACKS (figures/src/lib.rs) and redraw",
                        &found[1]
                    ));
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 0, "no SVG under src/*/figures/");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The browser tests (`site/test/figures.test.mjs`) keep their own list,
/// `FIGURES`, of the figures each page must show, so that a figure that
/// drops off a built page fails there. It must list exactly the figures the
/// pages include.
#[test]
fn the_browser_tests_list_every_figure_the_pages_show() {
    let root = root();
    let include = regex::Regex::new(r"\{\{#include ([^}\s]+\.svg)\}\}").unwrap();
    let title = regex::Regex::new(r#"<title id="(fig-[\w-]+)-title""#).unwrap();
    // (page.html, figure id) -> where the pages include it.
    let mut shown: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut failures = Vec::new();
    for page in checks::book::pages(&root) {
        for found in include.captures_iter(&page.text) {
            let svg = checks::normalize(&page.dir().join(&found[1]));
            let Ok(text) = fs::read_to_string(&svg) else {
                continue; // every_figure_is_what_its_recording_draws_now names it
            };
            let Some(id) = title.captures(&text) else {
                failures.push(format!(
                    "{}: the figure has no <title id=\"fig-…-title\">, which the browser tests look for",
                    relative(&svg)
                ));
                continue;
            };
            let html = page.name.replace(".md", ".html");
            shown.entry((html, id[1].to_string())).or_insert_with(|| {
                format!("src/{}/{} includes {}", page.lang, page.name, &found[1])
            });
        }
    }
    let list_file = "site/test/figures.test.mjs";
    let listed =
        figures_listed(&root.join(list_file)).unwrap_or_else(|e| panic!("{list_file}: {e}"));
    for ((page, id), why) in &shown {
        if !listed.contains(&(page.clone(), id.clone())) {
            failures.push(format!(
                "FIGURES in {list_file} lacks [\"{page}\", \"{id}\"] ({why}): add it"
            ));
        }
    }
    for (page, id) in &listed {
        if !shown.contains_key(&(page.clone(), id.clone())) {
            failures.push(format!(
                "FIGURES in {list_file} lists [\"{page}\", \"{id}\"], but no page of src/ko or src/en \
                 includes that figure: remove it, or include the figure on {page}'s page"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The `[page, figure id]` pairs of the `FIGURES` array in the browser test.
fn figures_listed(path: &Path) -> Result<Vec<(String, String)>, String> {
    let text = fs::read_to_string(path).map_err(|e| e.to_string())?;
    let start = text
        .find("const FIGURES = [")
        .ok_or("no `const FIGURES = [`")?;
    let end = text[start..]
        .find("\n];")
        .ok_or("no `];` closing FIGURES at the start of a line")?;
    let pair = regex::Regex::new(r#"\[\s*"([^"]+)",\s*"([^"]+)"\s*\]"#).unwrap();
    Ok(pair
        .captures_iter(&text[start..start + end])
        .map(|c| (c[1].to_string(), c[2].to_string()))
        .collect())
}

#[test]
fn a_line_deleted_from_either_view_is_caught() {
    let trace = "5000\tmain\tstarting\n3000000\tFirst\tfinishing\n";
    let output = " 0.005s [main] starting\n 3.000s [First] finishing\n";
    assert_eq!(one_run(trace, output), Ok(()));
    let err = one_run(trace, " 0.005s [main] starting\n").unwrap_err();
    assert!(err.contains("in the trace only"), "{err}");
    let err = one_run("5000\tmain\tstarting\n", output).unwrap_err();
    assert!(err.contains("in the output only"), "{err}");
    let err = one_run(trace, &output.replace("3.000s", "2.000s")).unwrap_err();
    assert!(err.contains("3000000 µs in the trace"), "{err}");
}
