//! A timeline and the output block above it are linked on the page
//! (`theme/timeline-link.js`): hovering over or focusing a mark or span
//! highlights the log line it was drawn from, and the reverse. The link is
//! the trace's line index, which the figure carries as `data-seq`, not a
//! match of the text. These tests keep that index true:
//!
//! - the output block's log line `i` is the trace's line `i`: the same
//!   thread and message, in the same order (`book_figures.rs` checks each
//!   thread's order; the link needs the order of all lines);
//! - every mark and span of every timeline names the trace lines it was
//!   drawn from, and lies at their times, and the figure says how many
//!   lines its trace has (`data-log-lines`), so that the page links a figure
//!   only to an output block with that many log lines.
//!
//! `book_figures.rs` checks that each committed SVG is what `figures` draws
//! now, so the attributes in the SVGs are the ones checked here.

use std::fs;

use checks::root;
use figures::vocab;

#[test]
fn each_output_log_line_is_the_trace_line_of_the_same_index() {
    let root = root();
    let mut failures = Vec::new();
    for spec in vocab::SPECS {
        let example = spec.example;
        let Ok(trace) = fs::read_to_string(figures::trace_path(&root, example)) else {
            continue; // book_figures.rs reports a missing trace.
        };
        let trace = match vocab::parse_trace(&trace) {
            Ok(events) => events,
            Err(e) => {
                failures.push(format!("outputs/{example}.trace: {e}"));
                continue;
            }
        };
        let output =
            fs::read_to_string(root.join(format!("outputs/{example}.txt"))).unwrap_or_default();
        let output = vocab::parse_output(&output);
        if let Err(why) = same_lines(&trace, &output) {
            failures.push(format!(
                "outputs/{example}.txt and outputs/{example}.trace: {why}; the page links \
                 log line i to trace line i (record both again: \
                 `RECORD=1 ONLY={example} cargo test --test outputs`)"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn same_lines(trace: &[vocab::Event], output: &[vocab::Event]) -> Result<(), String> {
    for (i, (traced, printed)) in trace.iter().zip(output).enumerate() {
        if (&traced.thread, &traced.message) != (&printed.thread, &printed.message) {
            return Err(format!(
                "log line {} is [{}] {:?} in the output but [{}] {:?} in the trace",
                i + 1,
                printed.thread,
                printed.message,
                traced.thread,
                traced.message
            ));
        }
    }
    if trace.len() != output.len() {
        return Err(format!(
            "{} log lines in the output, {} in the trace",
            output.len(),
            trace.len()
        ));
    }
    Ok(())
}

#[test]
fn every_mark_and_span_names_the_trace_lines_it_was_drawn_from() {
    let root = root();
    let mut failures = Vec::new();
    for spec in vocab::SPECS {
        let example = spec.example;
        let Ok(text) = fs::read_to_string(figures::trace_path(&root, example)) else {
            continue;
        };
        let reading = match vocab::read_trace(example, &text) {
            Ok(reading) => reading,
            Err(e) => {
                failures.push(format!("{example}: {e}"));
                continue;
            }
        };
        failures.extend(
            links(&reading)
                .into_iter()
                .map(|why| format!("figure {example}.svg: {why}")),
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What is wrong with the links of one reading's timeline.
fn links(reading: &vocab::Reading) -> Vec<String> {
    let events = &reading.events;
    let timeline = &reading.timeline;
    let mut failures = Vec::new();
    if timeline.log_lines != Some(events.len()) {
        failures.push(format!(
            "says its trace has {:?} lines, but it has {}",
            timeline.log_lines,
            events.len()
        ));
    }
    let time = |seq: usize| events.get(seq).map(|e| e.micros);
    for lane in &timeline.lanes {
        for mark in &lane.marks {
            let what = format!("[{}] {:?} mark at {} µs", lane.name, mark.kind, mark.at);
            match mark.seq {
                None => failures.push(format!("{what} names no trace line")),
                Some(seq) if time(seq) != Some(mark.at) => failures.push(format!(
                    "{what} names trace line {}, which is at {:?} µs",
                    seq + 1,
                    time(seq)
                )),
                Some(_) => {}
            }
        }
        for span in &lane.spans {
            let what = format!(
                "[{}] {:?} span {}–{} µs",
                lane.name, span.kind, span.start, span.end
            );
            let (Some(&first), Some(&last)) = (span.seq.iter().min(), span.seq.iter().max()) else {
                failures.push(format!("{what} names no trace line"));
                continue;
            };
            // A span ends at the last line it names; it starts at the first
            // when it names two (a span since the program's start names one).
            let starts = span.seq.len() == 1 || time(first) == Some(span.start);
            if time(last) != Some(span.end) || !starts {
                failures.push(format!(
                    "{what} names trace lines {:?}, at {:?} µs",
                    span.seq.iter().map(|s| s + 1).collect::<Vec<_>>(),
                    span.seq.iter().map(|&s| time(s)).collect::<Vec<_>>()
                ));
            }
        }
    }
    failures
}

/// The check above sees a link that is off by one line.
#[test]
fn a_link_to_the_wrong_line_is_reported() {
    let spec = vocab::SPECS
        .iter()
        .find(|s| s.example == "thread_join")
        .expect("thread_join has a timeline");
    let text = fs::read_to_string(figures::trace_path(&root(), spec.example)).unwrap();
    let mut reading = vocab::read_trace(spec.example, &text).unwrap();
    assert!(links(&reading).is_empty(), "{:?}", links(&reading));
    // Every line of thread_join is at a different microsecond, so a mark
    // moved to the next line is at the wrong time.
    let mark = reading
        .timeline
        .lanes
        .iter_mut()
        .flat_map(|lane| lane.marks.iter_mut())
        .next()
        .unwrap();
    mark.seq = mark.seq.map(|s| (s + 1) % reading.events.len());
    assert_eq!(links(&reading).len(), 1, "{:?}", links(&reading));
    reading.timeline.log_lines = None;
    assert_eq!(links(&reading).len(), 2);

    let trace = vocab::parse_trace(&text).unwrap();
    let mut output = trace.clone();
    output.swap(0, 1);
    assert!(same_lines(&trace, &trace).is_ok());
    assert!(same_lines(&trace, &output).is_err());
    assert!(same_lines(&trace, &trace[1..]).is_err());
}
