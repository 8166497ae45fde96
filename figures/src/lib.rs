//! The figures of *Concurrency Notes in Rust* (동시성 노트), drawn as SVG.
//!
//! - [`timeline`]: one lane per thread, time left to right, spans and marks,
//!   and an optional step chart of a quantity under the lanes. Generic: it
//!   knows nothing about where its data came from.
//! - [`vocab`]: each example's log lines (its recorded trace,
//!   `outputs/NAME.trace`) read as a timeline and the facts it claims;
//!   [`invariants`] checks those facts against the same trace.
//! - [`diagrams`]: the book's diagrams (memory layout, queue, pool, race).
//! - [`chart`]: bar charts of the measurements.
//!
//! `cargo run -p figures` redraws every figure into `src/ko/figures/` and
//! `src/en/figures/`; `RECORD=1 cargo test --test outputs` redraws the
//! timelines of the examples it records ([`redraw_example`]).
//!
//! Every figure is written in the page's language ([`Lang`]) and coloured
//! by classes that `theme/notes.css` maps to the mdBook theme's CSS
//! variables, so it reads well in light and dark themes alike. Each SVG
//! also carries those rules itself ([`stylesheet`]), with a light theme's
//! colour as every variable's fallback, so that a figure opened on its own
//! (from `src/*/figures/`, or saved from the PDF) is readable too.
//!
//! We draw with the [`svg`] crate rather than `plotters`: it is small (no
//! dependencies), needs no font files, and writes the same text for the same
//! input (attributes sorted), so a committed figure can be compared byte for
//! byte with a fresh drawing. Our figures are lanes and boxes, not plots, so
//! `plotters`' axes and series would be mostly unused weight.

pub mod chart;
pub mod diagrams;
pub mod invariants;
pub mod timeline;
pub mod vocab;

/// The language of a figure's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    Ko,
    En,
}

impl Lang {
    /// Both editions, Korean first, as the book lists them.
    pub const ALL: [Lang; 2] = [Lang::Ko, Lang::En];

    /// The edition's directory name: `ko` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }
}

/// A piece of text in both languages (a title, a label), or the same text in
/// both (a thread's name, a number).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Label {
    pub ko: String,
    pub en: String,
}

impl Label {
    pub fn new(ko: impl Into<String>, en: impl Into<String>) -> Self {
        Label {
            ko: ko.into(),
            en: en.into(),
        }
    }

    /// The same text in both languages.
    pub fn same(text: impl Into<String>) -> Self {
        let text = text.into();
        Label {
            ko: text.clone(),
            en: text,
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ko => &self.ko,
            Lang::En => &self.en,
        }
    }
}

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use regex::Regex;

/// The book's stylesheet: its `svg.fig …` rules are how a figure looks.
const THEME_CSS: &str = include_str!("../../theme/notes.css");

/// A fallback for each mdBook theme variable those rules use: the value of
/// mdBook 0.4.51's `light` theme (its `theme/css/variables.css`), which is
/// also what mdBook shows without JavaScript. Inside the book the page's
/// variables win; on its own, a figure has none and takes these.
pub const THEME_FALLBACKS: &[(&str, &str)] = &[
    ("--fg", "hsl(0, 0%, 0%)"),
    ("--bg", "hsl(0, 0%, 100%)"),
    ("--links", "#20609f"),
    ("--warning-border", "#ff8e00"),
    ("--quote-bg", "hsl(197, 37%, 96%)"),
    ("--table-alternate-bg", "hsl(0, 0%, 97%)"),
    ("--mono-font", "monospace"),
];

/// The rules of `theme/notes.css` that style the inside of a figure (those
/// whose every selector starts with `svg.fig`), each on one line, keeping
/// only the rules for classes that `body` (the figure's drawing) uses, and
/// with a fallback from [`THEME_FALLBACKS`] in every `var()`. A variable
/// without one is left as it is, and `checks/tests/book_figures.rs` fails
/// on it.
///
/// Inline in a page these rules are the page's own, so nothing changes
/// there; they only matter where `theme/notes.css` is missing.
pub fn stylesheet(body: &str) -> String {
    let used: BTreeSet<&str> = Regex::new(r#"class="([^"]*)""#)
        .unwrap()
        .captures_iter(body)
        .flat_map(|c| c.get(1).unwrap().as_str().split_whitespace())
        .collect();
    let class = Regex::new(r"\.([\w-]+)").unwrap();
    let variable = Regex::new(r"var\((--[\w-]+)\)").unwrap();
    let comment = Regex::new(r"(?s)/\*.*?\*/").unwrap();
    let css = comment.replace_all(THEME_CSS, "");
    let mut rules = Vec::new();
    for (selectors, declarations) in top_level_rules(&css) {
        let selectors: Vec<&str> = selectors.split(',').map(str::trim).collect();
        let inside_a_figure = |s: &&str| *s == "svg.fig" || s.starts_with("svg.fig ");
        if !selectors.iter().all(inside_a_figure) {
            continue;
        }
        let drawn = |s: &&str| {
            class
                .captures_iter(s)
                .map(|c| c.get(1).unwrap().as_str())
                .all(|c| c == "fig" || used.contains(c))
        };
        if !selectors.iter().any(drawn) {
            continue;
        }
        let declarations: Vec<&str> = declarations
            .split(';')
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .collect();
        let rule = format!("{} {{ {} }}", selectors.join(", "), declarations.join("; "));
        let rule = variable.replace_all(&rule, |c: &regex::Captures| {
            match THEME_FALLBACKS.iter().find(|(name, _)| *name == &c[1]) {
                Some((name, value)) => format!("var({name}, {value})"),
                None => c[0].to_string(),
            }
        });
        rules.push(rule.into_owned());
    }
    rules.join("\n")
}

/// The `selectors { declarations }` rules at the top level of `css`;
/// at-rules (`@media …`) and what they contain are left out.
fn top_level_rules(css: &str) -> Vec<(&str, &str)> {
    let mut rules = Vec::new();
    let mut rest = css;
    while let Some(open) = rest.find('{') {
        let selectors = rest[..open].trim();
        // Find the matching brace: an at-rule's block holds blocks of its own.
        let mut depth = 0;
        let mut close = open;
        for (i, c) in rest[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = open + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        if close == open {
            break; // unbalanced: nothing more to read
        }
        if !selectors.starts_with('@') {
            rules.push((selectors, &rest[open + 1..close]));
        }
        rest = &rest[close + 1..];
    }
    rules
}

/// Where the figure `name` of the `lang` edition lives: `src/LANG/figures/NAME.svg`.
pub fn figure_path(root: &Path, lang: Lang, name: &str) -> PathBuf {
    root.join("src")
        .join(lang.code())
        .join("figures")
        .join(format!("{name}.svg"))
}

/// Where an example's trace is recorded: `outputs/NAME.trace`.
pub fn trace_path(root: &Path, example: &str) -> PathBuf {
    root.join("outputs").join(format!("{example}.trace"))
}

/// The timeline of `example` drawn from its trace, in `lang`.
pub fn draw_timeline(example: &str, trace: &str, lang: Lang) -> Result<String, String> {
    let reading = vocab::read_trace(example, trace)?;
    Ok(timeline::render(&reading.timeline, lang))
}

/// Every figure as the library draws it now from what is in `root`: the
/// timeline of each example with a vocabulary and a recorded trace, and
/// every diagram; as (path, SVG) pairs, in a fixed order.
pub fn all_figures(root: &Path) -> Result<Vec<(PathBuf, String)>, String> {
    let mut figures = Vec::new();
    for spec in vocab::SPECS {
        let path = trace_path(root, spec.example);
        let Ok(trace) = fs::read_to_string(&path) else {
            continue;
        };
        for lang in Lang::ALL {
            let svg = draw_timeline(spec.example, &trace, lang)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            figures.push((figure_path(root, lang, spec.example), svg));
        }
    }
    for (name, draw) in diagrams::ALL {
        for lang in Lang::ALL {
            figures.push((figure_path(root, lang, name), draw(lang)));
        }
    }
    Ok(figures)
}

/// Redraws the timeline of `example` (both languages) from
/// `outputs/NAME.trace`; returns the files written, none if the example has
/// no timeline. The outputs test's `RECORD=1` step calls this.
pub fn redraw_example(root: &Path, example: &str) -> Result<Vec<PathBuf>, String> {
    if vocab::spec(example).is_none() {
        return Ok(Vec::new());
    }
    let path = trace_path(root, example);
    let trace =
        fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut written = Vec::new();
    for lang in Lang::ALL {
        let svg =
            draw_timeline(example, &trace, lang).map_err(|e| format!("{}: {e}", path.display()))?;
        let out = figure_path(root, lang, example);
        write_figure(&out, &svg)?;
        written.push(out);
    }
    Ok(written)
}

/// Writes a figure, with the newline a text file ends with.
pub fn write_figure(path: &Path, svg: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    fs::write(path, format!("{svg}\n")).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
