//! Timelines: one lane per thread, time on the horizontal axis.
//!
//! A [`Timeline`] is plain data: lanes with [`Span`]s (what a thread was
//! doing, from when to when) and [`Mark`]s (events at one instant), an
//! optional [`Series`] drawn as a step chart under the lanes (a queue's
//! length, the permits in use), and the moment `main` returned. Build one by
//! hand or from a recording (see `crate::vocab`), then [`render`] it in
//! either language. Times are microseconds since the program started.
//!
//! ```
//! use figures::timeline::{Lane, Mark, MarkKind, Span, SpanKind, Timeline};
//! use figures::{Label, Lang};
//!
//! let mut timeline = Timeline::new("fig-demo", Label::new("조인 기다리기", "Waiting for a join"));
//! timeline.lanes.push(Lane::new("main")
//!     .span(Span::new(SpanKind::Waiting, 0, 3_000))
//!     .mark(Mark::new(MarkKind::Joined, 3_000)));
//! timeline.lanes.push(Lane::new("worker").span(Span::new(SpanKind::Sleeping, 10, 2_990)));
//! let svg = figures::timeline::render(&timeline, Lang::En);
//! assert!(svg.starts_with("<svg"));
//! assert!(svg.contains("Waiting for a join"));
//! ```

use std::fmt::Write as _;

use svg::node::element::{Description, Group, Line, Path, Rectangle, Style, Text, Title};
use svg::{Document, Node as _};

use crate::{Label, Lang};

/// What a thread was doing during a [`Span`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SpanKind {
    /// Running its own code.
    Working,
    /// In `thread::sleep`.
    Sleeping,
    /// Blocked: on a lock, a join, a permit, a message.
    Waiting,
    /// Holding a mutex (between the lock and the guard's drop).
    HoldsLock,
    /// Holding one of a semaphore's permits.
    HoldsPermit,
    /// Holding Python's GIL.
    HoldsGil,
    /// Blocked because a bounded queue is full.
    BlockedFull,
}

impl SpanKind {
    pub const ALL: [SpanKind; 7] = [
        SpanKind::Working,
        SpanKind::Sleeping,
        SpanKind::Waiting,
        SpanKind::HoldsLock,
        SpanKind::HoldsPermit,
        SpanKind::HoldsGil,
        SpanKind::BlockedFull,
    ];

    /// The word for this kind in the figure's language.
    pub fn word(self, lang: Lang) -> &'static str {
        words(lang).span(self)
    }

    /// The CSS class that `theme/notes.css` colours.
    pub fn class(self) -> &'static str {
        match self {
            SpanKind::Working => "fig-working",
            SpanKind::Sleeping => "fig-sleeping",
            SpanKind::Waiting => "fig-waiting",
            SpanKind::HoldsLock => "fig-holds",
            SpanKind::HoldsPermit => "fig-permit",
            SpanKind::HoldsGil => "fig-holds",
            SpanKind::BlockedFull => "fig-blocked",
        }
    }
}

/// An event at one instant, shown as a small symbol on a lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MarkKind {
    Started,
    Spawned,
    Finished,
    Joined,
    Sent,
    Received,
    GaveUp,
    /// The thread was still running when `main` returned, and died with the process.
    CutOff,
    /// A read step of a read-modify-write (the race).
    Read,
    /// A write step that stuck.
    Write,
    /// A write that a later write overwrote: the lost update.
    Overwritten,
    /// A signal to another thread (an event set, a stop requested).
    Signal,
    /// A task that failed (panicked); its error went to whoever asked.
    Failed,
    /// A task that was cancelled: its future dropped before it completed.
    Cancelled,
}

impl MarkKind {
    pub const ALL: [MarkKind; 14] = [
        MarkKind::Started,
        MarkKind::Spawned,
        MarkKind::Finished,
        MarkKind::Joined,
        MarkKind::Sent,
        MarkKind::Received,
        MarkKind::GaveUp,
        MarkKind::CutOff,
        MarkKind::Read,
        MarkKind::Write,
        MarkKind::Overwritten,
        MarkKind::Signal,
        MarkKind::Failed,
        MarkKind::Cancelled,
    ];

    pub fn word(self, lang: Lang) -> &'static str {
        words(lang).mark(self)
    }

    pub fn class(self) -> &'static str {
        match self {
            MarkKind::Started => "fig-mark-start",
            MarkKind::Spawned => "fig-mark-spawn",
            MarkKind::Finished => "fig-mark-end",
            MarkKind::Joined => "fig-mark-join",
            MarkKind::Sent => "fig-mark-send",
            MarkKind::Received => "fig-mark-recv",
            MarkKind::GaveUp => "fig-mark-bad",
            MarkKind::CutOff => "fig-mark-bad",
            MarkKind::Read => "fig-mark-read",
            MarkKind::Write => "fig-mark-write",
            MarkKind::Overwritten => "fig-mark-bad",
            MarkKind::Signal => "fig-mark-signal",
            MarkKind::Failed => "fig-mark-bad",
            // Not a failure: someone asked for it.
            MarkKind::Cancelled => "fig-mark-end",
        }
    }
}

/// What a [`Series`] counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SeriesKind {
    QueueLength,
    PermitsInUse,
}

impl SeriesKind {
    pub fn word(self, lang: Lang) -> &'static str {
        words(lang).series(self)
    }
}

/// Something a thread did from `start` to `end` (microseconds).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub kind: SpanKind,
    pub start: u64,
    pub end: u64,
    /// Drawn inside the span when it fits (e.g. the item being worked on).
    pub label: Option<Label>,
    /// The trace lines it was drawn from (by index: the line that opened
    /// it, the line that closed it), written into the figure as `data-seq`
    /// so that the page can link it to the log lines above it.
    pub seq: Vec<usize>,
}

impl Span {
    pub fn new(kind: SpanKind, start: u64, end: u64) -> Self {
        Span {
            kind,
            start,
            end: end.max(start),
            label: None,
            seq: Vec::new(),
        }
    }

    pub fn label(mut self, label: Label) -> Self {
        self.label = Some(label);
        self
    }

    /// Drawn from trace line `seq` (an index), in addition to any before.
    pub fn seq(mut self, seq: usize) -> Self {
        if !self.seq.contains(&seq) {
            self.seq.push(seq);
        }
        self
    }
}

/// An event at one instant (microseconds).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub kind: MarkKind,
    pub at: u64,
    /// Drawn above the symbol (e.g. the message sent, the value read).
    pub label: Option<Label>,
    /// The trace line it was drawn from (by index), if any: `data-seq`.
    pub seq: Option<usize>,
}

impl Mark {
    pub fn new(kind: MarkKind, at: u64) -> Self {
        Mark {
            kind,
            at,
            label: None,
            seq: None,
        }
    }

    pub fn label(mut self, label: Label) -> Self {
        self.label = Some(label);
        self
    }

    /// Drawn from trace line `seq` (an index).
    pub fn seq(mut self, seq: usize) -> Self {
        self.seq = Some(seq);
        self
    }
}

/// One thread's lane.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Lane {
    /// The thread's name, as its log lines show it.
    pub name: String,
    pub spans: Vec<Span>,
    pub marks: Vec<Mark>,
    /// When the thread was seen first and last, if known (e.g. from its
    /// log lines); otherwise the lane runs from its first span or mark to
    /// its last.
    pub seen: Option<(u64, u64)>,
}

impl Lane {
    pub fn new(name: impl Into<String>) -> Self {
        Lane {
            name: name.into(),
            ..Lane::default()
        }
    }

    pub fn span(mut self, span: Span) -> Self {
        self.spans.push(span);
        self
    }

    pub fn mark(mut self, mark: Mark) -> Self {
        self.marks.push(mark);
        self
    }

    /// From the lane's first span or mark to its last: where its line is drawn.
    pub fn extent(&self) -> Option<(u64, u64)> {
        let starts = self.spans.iter().map(|s| s.start);
        let ends = self.spans.iter().map(|s| s.end);
        let marks = self.marks.iter().map(|m| m.at);
        let seen_first = self.seen.map(|s| s.0);
        let seen_last = self.seen.map(|s| s.1);
        let first = starts
            .clone()
            .chain(marks.clone())
            .chain(seen_first)
            .min()?;
        let last = ends.chain(marks).chain(seen_last).max()?;
        Some((first, last))
    }
}

/// A quantity over time, drawn as a step chart under the lanes: each point
/// `(t, value)` holds until the next one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Series {
    pub kind: SeriesKind,
    pub points: Vec<(u64, u32)>,
    /// A bound the quantity must stay under (a queue's capacity, a
    /// semaphore's permits), drawn as a dashed line.
    pub limit: Option<u32>,
}

/// A part of a timeline drawn on a time axis of its own, from `from` to
/// where the next panel begins: a short burst after a long wait (the second
/// run of the deadlock example: half a millisecond after half a second)
/// would be a sliver on one axis for both.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Panel {
    pub from: u64,
    /// Drawn above the panel.
    pub title: Label,
}

impl Panel {
    /// The panel of the `n`-th run (from 1) of the same jobs in one program.
    pub fn run(n: usize, from: u64) -> Self {
        let title = match n {
            1 => Label::new("첫 번째 실행", "First run"),
            2 => Label::new("두 번째 실행", "Second run"),
            n => Label::new(format!("{n}번째 실행"), format!("Run {n}")),
        };
        Panel { from, title }
    }
}

/// A whole figure: lanes top to bottom, in the order given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timeline {
    /// Unique on its page: the ids of the title and description derive from it.
    pub id: String,
    /// The figure's title, also its accessible name.
    pub title: Label,
    /// The text alternative; when `None`, one is written from the data.
    pub description: Option<Label>,
    pub lanes: Vec<Lane>,
    pub series: Option<Series>,
    /// When `main` returned (the process ended), drawn as a vertical line.
    pub main_returned: Option<u64>,
    /// Empty: one time axis for everything. Otherwise the parts, in order
    /// of time, each drawn with its own axis, one under the other.
    pub panels: Vec<Panel>,
    /// Drawn from a trace of this many lines, the same run as the output
    /// block the page shows above the figure, whose log line `i` is trace
    /// line `i`. Written as `data-log-lines`, so that the page links marks
    /// and spans (their `data-seq`) to log lines only when the counts agree.
    pub log_lines: Option<usize>,
}

impl Timeline {
    pub fn new(id: impl Into<String>, title: Label) -> Self {
        Timeline {
            id: id.into(),
            title,
            description: None,
            lanes: Vec::new(),
            series: None,
            main_returned: None,
            panels: Vec::new(),
            log_lines: None,
        }
    }

    /// What happened from `from` up to `to` (to the end if `None`): spans
    /// cut to that window, the marks inside it, and only the lanes that
    /// show something in it.
    pub fn window(&self, from: u64, to: Option<u64>) -> Timeline {
        let before_end = |t: u64| to.is_none_or(|to| t < to);
        let inside = |t: u64| t >= from && before_end(t);
        let cut = |t: u64| to.map_or(t, |to| t.min(to)).max(from);
        let lanes = self
            .lanes
            .iter()
            .filter(|lane| {
                lane.extent()
                    .is_some_and(|(first, last)| last >= from && before_end(first))
            })
            .map(|lane| Lane {
                name: lane.name.clone(),
                spans: lane
                    .spans
                    .iter()
                    .filter(|s| (s.end > from || s.start >= from) && before_end(s.start))
                    .map(|s| Span {
                        start: cut(s.start),
                        end: cut(s.end),
                        ..s.clone()
                    })
                    .collect(),
                marks: lane
                    .marks
                    .iter()
                    .filter(|m| inside(m.at))
                    .cloned()
                    .collect(),
                seen: lane.seen.map(|(first, last)| (cut(first), cut(last))),
            })
            .collect();
        let series = self.series.as_ref().map(|series| {
            // The value the window opens with, then the changes inside it.
            let opening = series.points.iter().rev().find(|p| p.0 < from);
            Series {
                points: opening
                    .map(|p| (from, p.1))
                    .into_iter()
                    .chain(series.points.iter().copied().filter(|p| inside(p.0)))
                    .collect(),
                ..series.clone()
            }
        });
        Timeline {
            id: self.id.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            lanes,
            series,
            main_returned: self.main_returned.filter(|&t| inside(t)),
            panels: Vec::new(),
            log_lines: self.log_lines,
        }
    }

    /// The lane of the thread called `name`, added at the bottom if new.
    pub fn lane_mut(&mut self, name: &str) -> &mut Lane {
        let index = match self.lanes.iter().position(|lane| lane.name == name) {
            Some(index) => index,
            None => {
                self.lanes.push(Lane::new(name));
                self.lanes.len() - 1
            }
        };
        &mut self.lanes[index]
    }

    /// The first instant anything happened on a lane.
    /// Only spans and marks count: a lane's line before them is clipped.
    pub fn start(&self) -> u64 {
        let spans = self
            .lanes
            .iter()
            .flat_map(|lane| lane.spans.iter().map(|s| s.start));
        let marks = self
            .lanes
            .iter()
            .flat_map(|lane| lane.marks.iter().map(|m| m.at));
        spans.chain(marks).min().unwrap_or(0).min(self.end())
    }

    /// The last instant anything in the figure happened.
    pub fn end(&self) -> u64 {
        let lanes = self
            .lanes
            .iter()
            .filter_map(|lane| lane.extent())
            .map(|(_, end)| end);
        let series = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.0));
        lanes
            .chain(series)
            .chain(self.main_returned)
            .max()
            .unwrap_or(0)
    }
}

/// The words of one language. All the words a timeline can show are here.
pub struct Words {
    pub thread: &'static str,
    pub time: &'static str,
    pub main_returned: &'static str,
    spans: [&'static str; 7],
    marks: [&'static str; 14],
    series: [&'static str; 2],
    pub limit: &'static str,
    pub timeline_of: &'static str,
    pub threads: &'static str,
}

impl Words {
    pub fn span(&self, kind: SpanKind) -> &'static str {
        self.spans[kind as usize]
    }
    pub fn mark(&self, kind: MarkKind) -> &'static str {
        self.marks[kind as usize]
    }
    pub fn series(&self, kind: SeriesKind) -> &'static str {
        self.series[kind as usize]
    }
}

const KO: Words = Words {
    thread: "스레드",
    time: "시간",
    main_returned: "main 반환",
    // In the order of `SpanKind`.
    spans: [
        "작업",
        "잠듦",
        "대기",
        "락 보유",
        "허가증 보유",
        "GIL 보유",
        "큐가 가득 차 대기",
    ],
    // In the order of `MarkKind`.
    marks: [
        "시작",
        "생성",
        "끝",
        "조인",
        "보냄",
        "받음",
        "포기",
        "잘림",
        "읽기",
        "쓰기",
        "덮어쓰임",
        "신호",
        "실패",
        "취소",
    ],
    series: ["큐 길이", "사용 중인 허가증"],
    limit: "한도",
    timeline_of: "실행 타임라인",
    threads: "스레드",
};

const EN: Words = Words {
    thread: "thread",
    time: "time",
    main_returned: "main returned",
    spans: [
        "working",
        "sleeping",
        "waiting",
        "holds the lock",
        "holds a permit",
        "holds the GIL",
        "waiting: queue full",
    ],
    marks: [
        "started",
        "spawned",
        "finished",
        "joined",
        "sent",
        "received",
        "gave up",
        "cut off",
        "read",
        "write",
        "overwritten",
        "signal",
        "failed",
        "cancelled",
    ],
    series: ["queue length", "permits in use"],
    limit: "limit",
    timeline_of: "Timeline of one run",
    threads: "threads",
};

/// The table of words for `lang`.
pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Ko => &KO,
        Lang::En => &EN,
    }
}

// Layout, in SVG user units (the figure scales to its column).
const WIDTH: f64 = 600.0;
const LEFT: f64 = 84.0;
const RIGHT: f64 = 18.0;
const TOP: f64 = 34.0;
const LANE: f64 = 34.0;
const BAR: f64 = 14.0;
const CHART: f64 = 64.0;
const FONT: f64 = 13.0;
/// Above a panel's lanes: its title.
const PANEL_TITLE: f64 = 22.0;
/// Between one panel's time axis and the next panel's title.
const PANEL_GAP: f64 = 14.0;

/// Rounds a coordinate so the output is short and the same on every machine.
fn r(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// A rough width of `text` at `size`: Hangul and other wide characters take
/// about one em, the rest about 0.6 em. Used only to decide whether a label
/// fits and to lay out the legend.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| if c.len_utf8() >= 3 { 1.0 } else { 0.6 })
        .sum::<f64>()
        * size
}

/// Formats a time for an axis tick: `0`, `250 µs`, `20 ms`, `1.5 s`.
pub fn format_time(micros: u64, step: u64) -> String {
    if micros == 0 {
        "0".to_string()
    } else if step >= 100_000 {
        let s = micros as f64 / 1e6;
        format!("{} s", trim(s))
    } else if step >= 100 || micros >= 1_000 {
        let ms = micros as f64 / 1e3;
        format!("{} ms", trim(ms))
    } else {
        format!("{micros} µs")
    }
}

fn trim(x: f64) -> String {
    let text = format!("{x:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A "nice" tick step (1, 2 or 5 times a power of ten) giving about five ticks.
fn tick_step(end: u64) -> u64 {
    let rough = (end.max(1) as f64 / 5.0).max(1.0);
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&s| s >= rough)
        .unwrap_or(10.0 * power);
    step as u64
}

/// Draws `timeline` as an SVG document (one `<svg>` element, no blank
/// lines, so it can sit inline in a Markdown page).
pub fn render(timeline: &Timeline, lang: Lang) -> String {
    let mut body = Group::new();
    let axis_y = if timeline.panels.is_empty() {
        draw_panel(&mut body, timeline, 0.0, None, lang)
    } else {
        let mut top = 0.0;
        let mut axis_y = 0.0;
        for (i, panel) in timeline.panels.iter().enumerate() {
            let to = timeline.panels.get(i + 1).map(|next| next.from);
            // Below the first panel, say that the scale has changed.
            let title = match (i, lang) {
                (0, _) => panel.title.get(lang).to_string(),
                (_, Lang::Ko) => format!("{}(시간 축을 따로 그림)", panel.title.get(lang)),
                (_, Lang::En) => format!("{}, on a time axis of its own", panel.title.get(lang)),
            };
            let mut group = Group::new().set("class", "fig-panel").add(
                Text::new(title)
                    .set("class", "fig-panel-title")
                    .set("x", 8)
                    .set("y", r(top + 16.0))
                    .set("font-weight", "bold"),
            );
            let part = timeline.window(panel.from, to);
            let window = (panel.from, to.unwrap_or_else(|| timeline.end()));
            axis_y = draw_panel(&mut group, &part, top + PANEL_TITLE, Some(window), lang);
            body = body.add(group);
            top = axis_y + FONT + 4.0 + PANEL_GAP;
        }
        axis_y
    };

    // Legend: every kind used, in a fixed order.
    let (legend, legend_height) = legend(timeline, axis_y + FONT + 26.0, lang);
    body = body.add(legend);

    let height = r(axis_y + FONT + 26.0 + legend_height + 8.0);
    let title_id = format!("{}-title", timeline.id);
    let desc_id = format!("{}-desc", timeline.id);
    let style = crate::stylesheet(&body.to_string());
    let mut document = Document::new()
        .set("viewBox", (0, 0, WIDTH, height))
        .set("class", "fig fig-timeline")
        .set("role", "img")
        .set("aria-labelledby", format!("{title_id} {desc_id}"));
    if let Some(lines) = timeline.log_lines {
        document = document.set("data-log-lines", lines);
    }
    let document = document
        .set("font-size", FONT)
        .set("fill", "currentColor")
        .add(Title::new(timeline.title.get(lang)).set("id", title_id))
        .add(
            Description::new()
                .set("id", desc_id)
                .add(svg::node::Text::new(describe(timeline, lang))),
        )
        .add(Style::new(style))
        .add(body);
    document.to_string()
}

/// Draws the axis, the lanes, the moment `main` returned and the series of
/// `timeline` into `body`, from `top` down, the lanes starting `TOP` below
/// it; returns where the time axis is. A panel's axis spans exactly its
/// `window` (from, to), so that its short run fills the width; without
/// one, the axis runs from tick to tick around everything drawn.
fn draw_panel(
    body: &mut Group,
    timeline: &Timeline,
    top: f64,
    window: Option<(u64, u64)>,
    lang: Lang,
) -> f64 {
    let w = words(lang);
    let (start, end, step) = match window {
        Some((from, to)) => (from, to.max(from + 1), tick_step(to - from)),
        None => {
            // The axis runs from the first thing drawn on a lane (rounded
            // down to a tick), not from 0: a run whose events all fall
            // within 200 µs of one another, late in the program, still
            // fills the width.
            let first = timeline.start();
            let step = tick_step(timeline.end() - first);
            let start = first / step * step;
            let end = timeline.end().div_ceil(step).max(1) * step;
            (start, end.max(start + step), step)
        }
    };
    let plot = WIDTH - LEFT - RIGHT;
    let x = |t: u64| r(LEFT + plot * t.saturating_sub(start) as f64 / (end - start) as f64);
    // Room above the lanes for the words "main returned"; a panel without
    // them needs less.
    let lanes_top = match (window, timeline.main_returned) {
        (Some(_), None) => top + 12.0,
        _ => top + TOP,
    };

    // A lane whose spans overlap (two rows, labels above and below) is taller.
    let mut lane_mids = Vec::new();
    let mut y = lanes_top;
    for lane in &timeline.lanes {
        let rows = levels(&lane.spans).into_iter().max().map_or(1, |m| m + 1);
        let height = LANE + 12.0 * (rows - 1) as f64;
        lane_mids.push(r(y + height / 2.0));
        y += height;
    }
    let lanes_bottom = y;
    let chart_top = lanes_bottom + 12.0;
    let axis_y = match timeline.series {
        Some(_) => chart_top + CHART + 8.0,
        None => lanes_bottom + 4.0,
    };

    // Grid and time axis.
    let mut axis = Group::new().set("class", "fig-axis");
    let mut t = start.div_ceil(step) * step;
    while t <= end {
        axis = axis
            .add(
                Line::new()
                    .set("class", "fig-grid")
                    .set("x1", x(t))
                    .set("x2", x(t))
                    .set("y1", lanes_top - 6.0)
                    .set("y2", axis_y)
                    .set("stroke", "#888")
                    .set("stroke-opacity", 0.25),
            )
            .add(
                Text::new(format_time(t, step))
                    .set("x", x(t))
                    .set("y", r(axis_y + FONT + 4.0))
                    .set(
                        "text-anchor",
                        if t == start {
                            "start"
                        } else if t + step > end {
                            "end"
                        } else {
                            "middle"
                        },
                    ),
            );
        t += step;
    }
    axis = axis.add(
        Text::new(w.time)
            .set("x", LEFT - 8.0)
            .set("y", r(axis_y + FONT + 4.0))
            .set("text-anchor", "end"),
    );
    body.append(axis);

    // Lanes.
    for (lane, &mid) in timeline.lanes.iter().zip(&lane_mids) {
        let mut group = Group::new().set("class", "fig-lane");
        group = group.add(
            Text::new(lane.name.clone())
                .set("class", "fig-lane-name")
                .set("x", LEFT - 8.0)
                .set("y", r(mid + FONT / 3.0))
                .set("text-anchor", "end"),
        );
        if let Some((first, last)) = lane.extent() {
            group = group.add(
                Line::new()
                    .set("class", "fig-lifeline")
                    .set("x1", x(first))
                    .set("x2", x(last))
                    .set("y1", mid)
                    .set("y2", mid)
                    .set("stroke", "currentColor"),
            );
        }
        // Spans that overlap on one lane (a lock held while waiting for
        // another) share the bar: each takes a row of its own.
        let levels = levels(&lane.spans);
        let rows = levels.iter().max().map_or(1, |m| m + 1);
        for (span, level) in lane.spans.iter().zip(levels) {
            let height = BAR / rows as f64;
            let top = mid - BAR / 2.0 + height * level as f64;
            group = group.add(span_shape(
                span,
                x(span.start),
                x(span.end),
                top,
                height,
                (level, rows),
                lang,
            ));
        }
        for mark in &lane.marks {
            group = group.add(mark_shape(mark, x(mark.at), mid, lang));
        }
        body.append(group);
    }

    if let Some(at) = timeline.main_returned {
        body.append(
            Group::new()
                .set("class", "fig-main-returned")
                .add(
                    Line::new()
                        .set("x1", x(at))
                        .set("x2", x(at))
                        .set("y1", lanes_top - 10.0)
                        .set("y2", axis_y)
                        .set("stroke", "currentColor")
                        .set("stroke-dasharray", "4 3"),
                )
                .add(
                    Text::new(w.main_returned)
                        .set("x", x(at))
                        .set("y", lanes_top - 14.0)
                        .set(
                            "text-anchor",
                            if x(at) > WIDTH - 80.0 {
                                "end"
                            } else {
                                "middle"
                            },
                        ),
                ),
        );
    }

    if let Some(series) = &timeline.series {
        body.append(series_chart(series, chart_top, &x, end, lang));
    }
    axis_y
}

/// A row for each span, so that spans sharing a row never overlap: the
/// first free row, in the order the spans are listed by start.
fn levels(spans: &[Span]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..spans.len()).collect();
    // Holding comes before waiting: the lock held goes in the top row.
    let holding = |span: &Span| {
        matches!(
            span.kind,
            SpanKind::HoldsLock | SpanKind::HoldsPermit | SpanKind::HoldsGil
        )
    };
    order.sort_by_key(|&i| (spans[i].start, !holding(&spans[i]), i));
    let mut row_ends: Vec<u64> = Vec::new();
    let mut levels = vec![0; spans.len()];
    for i in order {
        let span = &spans[i];
        let row = match row_ends.iter().position(|&end| end <= span.start) {
            Some(row) => row,
            None => {
                row_ends.push(0);
                row_ends.len() - 1
            }
        };
        row_ends[row] = span.end.max(span.start + 1);
        levels[i] = row;
    }
    levels
}

#[allow(clippy::too_many_arguments)]
fn span_shape(
    span: &Span,
    x1: f64,
    x2: f64,
    top: f64,
    height: f64,
    (row, rows): (usize, usize),
    lang: Lang,
) -> Group {
    let mid = top + height / 2.0;
    let width = r((x2 - x1).max(1.0));
    let mut group = Group::new().set("class", format!("fig-span {}", span.kind.class()));
    if !span.seq.is_empty() {
        group = group.set("data-seq", seq_list(&span.seq));
    }
    let tip = match &span.label {
        Some(label) => format!("{}: {}", span.kind.word(lang), label.get(lang)),
        None => span.kind.word(lang).to_string(),
    };
    group = group.add(
        Rectangle::new()
            .set("x", x1)
            .set("y", r(top))
            .set("width", width)
            .set("height", r(height))
            .set("rx", 2)
            .add(Title::new(tip)),
    );
    if let Some(label) = &span.label {
        let text = label.get(lang);
        let size = FONT - 2.0;
        // A full bar holds its label if it fits; a shared bar has the top
        // row's label above it and the bottom row's below it.
        let (y, fits) = match (row, rows) {
            (_, 1) => (mid + size / 3.0, text_width(text, size) + 4.0 <= width),
            (0, _) => (top - 2.0, text_width(text, size) <= width),
            _ => (top + height + size - 1.0, text_width(text, size) <= width),
        };
        if fits {
            group = group.add(
                Text::new(text)
                    .set("class", "fig-span-label")
                    .set("x", r(x1 + width / 2.0))
                    .set("y", r(y))
                    .set("font-size", size)
                    .set("text-anchor", "middle"),
            );
        }
    }
    group
}

/// Trace line indices as a `data-seq` value: ascending, space-separated.
fn seq_list(seq: &[usize]) -> String {
    let mut seq = seq.to_vec();
    seq.sort_unstable();
    seq.dedup();
    seq.iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The symbol of a mark kind, centred on (0, 0), as path data.
fn symbol(kind: MarkKind) -> &'static str {
    match kind {
        // Triangle pointing right: something begins.
        MarkKind::Started => "M-4,-5L5,0L-4,5Z",
        // Circle: a thread made.
        MarkKind::Spawned => "M-4.5,0a4.5,4.5 0 1,0 9,0a4.5,4.5 0 1,0 -9,0Z",
        // Bar: something ends; double bar: main has joined.
        MarkKind::Finished => "M-1.5,-7h3v14h-3Z",
        MarkKind::Joined => "M-4,-7h3v14h-3ZM1,-7h3v14h-3Z",
        // Arrow up / down: a message leaves / arrives.
        MarkKind::Sent => "M0,-7L5,0H2V6H-2V0H-5Z",
        MarkKind::Received => "M0,7L5,0H2V-6H-2V0H-5Z",
        // Diamond: a read; square: a write.
        MarkKind::Read => "M0,-5L5,0L0,5L-5,0Z",
        MarkKind::Write => "M-4,-4h8v8h-8Z",
        // Two slashes: a thread cut off when the process ended.
        MarkKind::CutOff => "M-6,6L-2,-6H0L-4,6ZM0,6L4,-6H6L2,6Z",
        // Star-like burst: a signal.
        MarkKind::Signal => "M0,-6L1.8,-1.8L6,0L1.8,1.8L0,6L-1.8,1.8L-6,0L-1.8,-1.8Z",
        // Circle struck through: stopped on request.
        MarkKind::Cancelled => concat!(
            "M-5.5,0a5.5,5.5 0 1,0 11,0a5.5,5.5 0 1,0 -11,0Z",
            "M-3.8,0a3.8,3.8 0 1,1 7.6,0a3.8,3.8 0 1,1 -7.6,0Z",
            "M-3,1.8L1.8,-3L3,-1.8L-1.8,3Z"
        ),
        // Cross: something given up or lost.
        MarkKind::GaveUp | MarkKind::Overwritten | MarkKind::Failed => {
            "M-5,-3.5L-3.5,-5L0,-1.5L3.5,-5L5,-3.5L1.5,0L5,3.5L3.5,5L0,1.5L-3.5,5L-5,3.5L-1.5,0Z"
        }
    }
}

fn mark_shape(mark: &Mark, x: f64, mid: f64, lang: Lang) -> Group {
    let tip = match &mark.label {
        Some(label) => format!("{} {}", mark.kind.word(lang), label.get(lang)),
        None => mark.kind.word(lang).to_string(),
    };
    let mut group = Group::new().set("class", format!("fig-mark {}", mark.kind.class()));
    if let Some(seq) = mark.seq {
        group = group.set("data-seq", seq);
    }
    group = group.add(
        Path::new()
            .set("d", symbol(mark.kind))
            .set("transform", format!("translate({x},{mid})"))
            .add(Title::new(tip)),
    );
    if let Some(label) = &mark.label {
        group = group.add(
            Text::new(label.get(lang))
                .set("class", "fig-mark-label")
                .set("x", x)
                .set("y", r(mid - BAR / 2.0 - 3.0))
                .set("font-size", FONT - 2.0)
                .set("text-anchor", "middle"),
        );
    }
    group
}

fn series_chart(series: &Series, top: f64, x: &dyn Fn(u64) -> f64, end: u64, lang: Lang) -> Group {
    let max = series
        .points
        .iter()
        .map(|p| p.1)
        .chain(series.limit)
        .max()
        .unwrap_or(0)
        .max(1);
    let y = |v: u32| r(top + CHART - CHART * v as f64 / max as f64);
    let mut group = Group::new().set("class", "fig-series");
    group = group
        .add(
            Text::new(series.kind.word(lang))
                .set("class", "fig-span-label")
                .set("x", LEFT + 6.0)
                .set("y", r(top + FONT)),
        )
        .add(
            Line::new()
                .set("class", "fig-series-base")
                .set("x1", LEFT)
                .set("x2", x(end))
                .set("y1", y(0))
                .set("y2", y(0))
                .set("stroke", "currentColor")
                .set("stroke-opacity", 0.4),
        );
    for v in [0, max] {
        group = group.add(
            Text::new(v.to_string())
                .set("x", LEFT - 2.0)
                .set("y", r(y(v) + FONT / 3.0))
                .set("font-size", FONT - 2.0)
                .set("text-anchor", "end"),
        );
    }
    if let Some(limit) = series.limit {
        group = group
            .add(
                Line::new()
                    .set("class", "fig-limit")
                    .set("x1", LEFT)
                    .set("x2", x(end))
                    .set("y1", y(limit))
                    .set("y2", y(limit))
                    .set("stroke", "currentColor")
                    .set("stroke-dasharray", "6 4"),
            )
            .add(
                Text::new(format!("{} {limit}", words(lang).limit))
                    .set("x", x(end))
                    .set("y", r(y(limit) - 3.0))
                    .set("font-size", FONT - 2.0)
                    .set("text-anchor", "end"),
            );
    }
    if !series.points.is_empty() {
        let mut d = String::new();
        let mut last = 0;
        for (i, &(t, v)) in series.points.iter().enumerate() {
            if i == 0 {
                let _ = write!(d, "M{},{}", x(t), y(v));
            } else {
                let _ = write!(d, "H{}V{}", x(t), y(v));
            }
            last = t;
        }
        let _ = write!(d, "H{}", x(last.max(series.points[0].0)));
        group = group.add(
            Path::new()
                .set("class", "fig-series-line")
                .set("d", d)
                .set("fill", "none")
                .set("stroke", "currentColor")
                .set("stroke-width", 2),
        );
    }
    group
}

fn legend(timeline: &Timeline, top: f64, lang: Lang) -> (Group, f64) {
    let mut spans: Vec<SpanKind> = timeline
        .lanes
        .iter()
        .flat_map(|lane| lane.spans.iter().map(|s| s.kind))
        .collect();
    spans.sort();
    spans.dedup();
    let mut marks: Vec<MarkKind> = timeline
        .lanes
        .iter()
        .flat_map(|lane| lane.marks.iter().map(|m| m.kind))
        .collect();
    marks.sort();
    marks.dedup();

    let mut group = Group::new().set("class", "fig-legend");
    let (mut cx, mut cy) = (LEFT, top);
    let mut place = |width: f64| {
        if cx + width > WIDTH - RIGHT && cx > LEFT {
            cx = LEFT;
            cy += FONT + 10.0;
        }
        let at = (cx, cy);
        cx += width + 16.0;
        at
    };
    for kind in spans {
        let word = kind.word(lang);
        let (px, py) = place(22.0 + text_width(word, FONT));
        group = group.add(
            Group::new()
                .set("class", format!("fig-span {}", kind.class()))
                .add(
                    Rectangle::new()
                        .set("x", r(px))
                        .set("y", r(py - BAR / 2.0 - 4.0))
                        .set("width", 16)
                        .set("height", BAR - 2.0)
                        .set("rx", 2),
                )
                .add(
                    Text::new(word)
                        .set("class", "fig-legend-word")
                        .set("x", r(px + 22.0))
                        .set("y", r(py)),
                ),
        );
    }
    for kind in marks {
        let word = kind.word(lang);
        let (px, py) = place(16.0 + text_width(word, FONT));
        group = group.add(
            Group::new()
                .set("class", format!("fig-mark {}", kind.class()))
                .add(Path::new().set("d", symbol(kind)).set(
                    "transform",
                    format!("translate({},{})", r(px + 5.0), r(py - 4.0)),
                ))
                .add(
                    Text::new(word)
                        .set("class", "fig-legend-word")
                        .set("x", r(px + 16.0))
                        .set("y", r(py)),
                ),
        );
    }
    (group, cy - top + FONT)
}

/// `word (label)`: Korean puts no space before the parenthesis, English does.
fn parenthesized(word: &str, label: &str, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("{word}({label})"),
        Lang::En => format!("{word} ({label})"),
    }
}

/// The text alternative written from the data, when the timeline has none:
/// the threads, and for each what it did, in words.
pub fn describe(timeline: &Timeline, lang: Lang) -> String {
    if let Some(description) = &timeline.description {
        return description.get(lang).to_string();
    }
    let w = words(lang);
    let mut text = String::new();
    let names: Vec<&str> = timeline.lanes.iter().map(|l| l.name.as_str()).collect();
    match lang {
        Lang::Ko => {
            let _ = write!(
                text,
                "{}: {} {}개({}).",
                w.timeline_of,
                w.threads,
                names.len(),
                names.join(", ")
            );
        }
        Lang::En => {
            let _ = write!(
                text,
                "{}: {} {} ({}).",
                w.timeline_of,
                names.len(),
                w.threads,
                names.join(", ")
            );
        }
    }
    for lane in &timeline.lanes {
        let mut parts: Vec<(u64, String)> = Vec::new();
        for mark in &lane.marks {
            let word = match &mark.label {
                Some(label) => parenthesized(mark.kind.word(lang), label.get(lang), lang),
                None => mark.kind.word(lang).to_string(),
            };
            parts.push((mark.at, word));
        }
        for span in &lane.spans {
            let word = match &span.label {
                Some(label) => parenthesized(span.kind.word(lang), label.get(lang), lang),
                None => span.kind.word(lang).to_string(),
            };
            parts.push((span.start, word));
        }
        // A stable order: by time, then as listed.
        parts.sort_by_key(|p| p.0);
        let mut seen: Vec<String> = Vec::new();
        for (_, word) in parts {
            if seen.last() != Some(&word) {
                seen.push(word);
            }
        }
        if !seen.is_empty() {
            let _ = write!(text, " {}: {}.", lane.name, seen.join(", "));
        }
    }
    if let Some(series) = &timeline.series {
        let peak = series.points.iter().map(|p| p.1).max().unwrap_or(0);
        match (lang, series.limit) {
            (Lang::Ko, Some(limit)) => {
                let _ = write!(
                    text,
                    " {}: 최대 {peak}, {} {limit}.",
                    series.kind.word(lang),
                    w.limit
                );
            }
            (Lang::Ko, None) => {
                let _ = write!(text, " {}: 최대 {peak}.", series.kind.word(lang));
            }
            (Lang::En, Some(limit)) => {
                let _ = write!(
                    text,
                    " {}: at most {peak}, {} {limit}.",
                    series.kind.word(lang),
                    w.limit
                );
            }
            (Lang::En, None) => {
                let _ = write!(text, " {}: at most {peak}.", series.kind.word(lang));
            }
        }
    }
    if timeline.main_returned.is_some() {
        let _ = write!(text, " {}.", capitalize_first(w.main_returned, lang));
    }
    if !timeline.panels.is_empty() {
        let parts: Vec<String> = timeline
            .panels
            .iter()
            .map(|p| {
                let from = format_time(p.from, 100);
                match lang {
                    Lang::Ko => format!("{}은 {from}부터", p.title.get(lang)),
                    Lang::En => format!("{}, from {from}", p.title.get(lang)),
                }
            })
            .collect();
        match lang {
            Lang::Ko => {
                let _ = write!(
                    text,
                    " 부분마다 시간 축을 따로 그렸습니다. {}.",
                    parts.join(", ")
                );
            }
            Lang::En => {
                let _ = write!(
                    text,
                    " Each part is drawn on a time axis of its own: {}.",
                    parts.join("; ")
                );
            }
        }
    }
    text
}

fn capitalize_first(text: &str, lang: Lang) -> String {
    match lang {
        Lang::Ko => text.to_string(),
        Lang::En => {
            let mut chars = text.chars();
            match chars.next() {
                Some(c) => c.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_nice() {
        assert_eq!(tick_step(3_000_000), 1_000_000);
        assert_eq!(tick_step(120), 50);
        assert_eq!(format_time(1_500_000, 500_000), "1.5 s");
        assert_eq!(format_time(20_000, 5_000), "20 ms");
    }

    #[test]
    fn both_languages_have_every_word() {
        for lang in Lang::ALL {
            for kind in SpanKind::ALL {
                assert!(!kind.word(lang).is_empty());
            }
            for kind in MarkKind::ALL {
                assert!(!kind.word(lang).is_empty());
            }
        }
        assert_eq!(SpanKind::HoldsLock.word(Lang::Ko), "락 보유");
        assert_eq!(MarkKind::CutOff.word(Lang::Ko), "잘림");
    }

    #[test]
    fn a_window_cuts_spans_and_keeps_only_what_happened_in_it() {
        let mut timeline = Timeline::new("fig-w", Label::same("w"));
        timeline.lanes.push(
            Lane::new("main")
                .span(Span::new(SpanKind::Waiting, 0, 500))
                .mark(Mark::new(MarkKind::GaveUp, 500))
                .span(Span::new(SpanKind::Waiting, 600, 700))
                .mark(Mark::new(MarkKind::Joined, 700)),
        );
        timeline
            .lanes
            .push(Lane::new("stuck").span(Span::new(SpanKind::Waiting, 10, 700)));
        timeline
            .lanes
            .push(Lane::new("late").span(Span::new(SpanKind::Working, 620, 640)));
        timeline.main_returned = Some(700);
        let first = timeline.window(0, Some(600));
        let names: Vec<&str> = first.lanes.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["main", "stuck"]);
        assert_eq!(first.lanes[0].marks, [Mark::new(MarkKind::GaveUp, 500)]);
        assert_eq!(
            first.lanes[1].spans,
            [Span::new(SpanKind::Waiting, 10, 600)]
        );
        assert_eq!(first.main_returned, None);
        let second = timeline.window(600, None);
        let names: Vec<&str> = second.lanes.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["main", "stuck", "late"]);
        assert_eq!(second.lanes[0].marks, [Mark::new(MarkKind::Joined, 700)]);
        assert_eq!(
            second.lanes[1].spans,
            [Span::new(SpanKind::Waiting, 600, 700)]
        );
        assert_eq!(second.main_returned, Some(700));
    }

    #[test]
    fn the_drawing_is_deterministic_and_has_no_blank_lines() {
        let mut timeline = Timeline::new("fig-t", Label::new("제목", "Title"));
        timeline
            .lane_mut("main")
            .spans
            .push(Span::new(SpanKind::Waiting, 0, 900));
        timeline
            .lane_mut("worker")
            .marks
            .push(Mark::new(MarkKind::CutOff, 1_000));
        timeline.main_returned = Some(1_000);
        timeline.series = Some(Series {
            kind: SeriesKind::QueueLength,
            points: vec![(0, 0), (300, 2), (600, 1)],
            limit: Some(3),
        });
        let ko = render(&timeline, Lang::Ko);
        assert_eq!(ko, render(&timeline, Lang::Ko));
        assert!(!ko.contains("\n\n"));
        assert!(ko.contains("대기") && ko.contains("잘림") && ko.contains("큐 길이"));
        assert!(ko.contains(r#"aria-labelledby="fig-t-title fig-t-desc""#));
        let en = render(&timeline, Lang::En);
        assert!(en.contains("waiting") && en.contains("cut off") && en.contains("queue length"));
    }

    #[test]
    fn marks_and_spans_carry_the_trace_lines_they_were_drawn_from() {
        let mut timeline = Timeline::new("fig-s", Label::same("s"));
        timeline.lanes.push(
            Lane::new("main")
                .span(Span::new(SpanKind::HoldsLock, 0, 900).seq(3).seq(1).seq(3))
                .mark(Mark::new(MarkKind::Joined, 900).seq(3))
                .mark(Mark::new(MarkKind::Signal, 950)),
        );
        let unlinked = render(&timeline, Lang::En);
        assert!(!unlinked.contains("data-log-lines"));
        timeline.log_lines = Some(4);
        let svg = render(&timeline, Lang::En);
        assert!(svg.starts_with("<svg") && svg.contains(r#" data-log-lines="4" "#));
        assert!(svg.contains(r#"<g class="fig-span fig-holds" data-seq="1 3">"#));
        assert!(svg.contains(r#"<g class="fig-mark fig-mark-join" data-seq="3">"#));
        // A mark drawn from no line has no link; the legend's have none.
        assert_eq!(svg.matches("data-seq=").count(), 2);
    }
}
