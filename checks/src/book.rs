//! Reading the book's Markdown the way mdBook does.
//!
//! `build.rs` uses this to hand skeptic the rust blocks of both languages with
//! every `{{#include}}` expanded, and `tests/book.rs` uses it to check the
//! book's integrity. Keeping one copy means the two can never disagree about
//! what a page contains.
#![allow(dead_code)] // each user needs a different part

use std::fs;
use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag};

/// The book's languages, in the order their pages are read.
pub const LANGUAGES: [&str; 2] = ["ko", "en"];

/// Info-string words a rust block may carry and still be compiled and run.
pub const RUST_ATTRIBUTES: [&str; 4] = ["rust", "editable", "noplayground", "should_panic"];

/// mdBook stops following nested includes at this depth.
const MAX_INCLUDE_DEPTH: usize = 10;

pub struct Page {
    pub lang: &'static str,
    /// Path below `src/<lang>/`, with `/` separators, e.g. `threads.md`.
    pub name: String,
    pub path: PathBuf,
    pub text: String,
}

impl Page {
    pub fn dir(&self) -> &Path {
        self.path.parent().expect("a page lives in a folder")
    }

    /// The page with every include expanded; what went wrong is added to `problems`.
    pub fn expanded(&self, problems: &mut Vec<String>) -> String {
        let mut found = Vec::new();
        let text = expand(&self.text, self.dir(), 0, &mut found);
        problems.extend(
            found
                .into_iter()
                .map(|p| format!("{}: {p}", self.display())),
        );
        text
    }

    pub fn display(&self) -> String {
        format!("src/{}/{}", self.lang, self.name)
    }
}

/// Every Markdown page of both languages, Korean first, each sorted by name.
pub fn pages(root: &Path) -> Vec<Page> {
    let mut pages = Vec::new();
    for lang in LANGUAGES {
        let dir = root.join("src").join(lang);
        let mut paths = Vec::new();
        collect_markdown(&dir, &mut paths);
        paths.sort();
        for path in paths {
            let name = path
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let text =
                fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            pages.push(Page {
                lang,
                name,
                path,
                text,
            });
        }
    }
    pages
}

fn collect_markdown(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_markdown(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IncludeKind {
    Include,
    RustdocInclude,
}

/// One `{{#include …}}` or `{{#rustdoc_include …}}` directive, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    pub kind: IncludeKind,
    /// The file as written, relative to the including file.
    pub file: String,
    /// What follows the first `:`: an anchor name, a line range, or nothing.
    pub selector: Option<String>,
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// A piece of text found by mdBook's link scanner.
enum Found {
    Directive(Directive),
    /// `\{{#…}}`: shown literally, without the backslash.
    Escaped {
        start: usize,
        end: usize,
    },
}

/// Finds the directives mdBook would act on, with its own rules: `{{`, optional
/// white space, `#type`, white space, then a target without `}` up to `}}`.
fn scan(text: &str) -> Vec<Found> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(offset) = text[i..].find("{{") {
        let start = i + offset;
        if start > 0 && bytes[start - 1] == b'\\' && text[start..].starts_with("{{#") {
            // mdBook's escape pattern runs greedily to the last `}}` on the line.
            let line_end = text[start..].find('\n').map_or(text.len(), |n| start + n);
            if let Some(close) = text[start..line_end].rfind("}}") {
                found.push(Found::Escaped {
                    start: start - 1,
                    end: start + close + 2,
                });
                i = start + close + 2;
                continue;
            }
        }
        i = start + 2;
        let rest = &text[start + 2..];
        let after_ws = rest.trim_start();
        let Some(after_hash) = after_ws.strip_prefix('#') else {
            continue;
        };
        let type_len = after_hash
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after_hash.len());
        let kind = match &after_hash[..type_len] {
            "include" => IncludeKind::Include,
            "rustdoc_include" => IncludeKind::RustdocInclude,
            _ => continue,
        };
        let args = &after_hash[type_len..];
        if !args.starts_with(char::is_whitespace) {
            continue;
        }
        let Some(close) = args.find('}') else {
            continue;
        };
        if !args[close..].starts_with("}}") {
            continue;
        }
        let target = args[..close].split_whitespace().next().unwrap_or("");
        if target.is_empty() {
            continue;
        }
        let end = start + 2 + (rest.len() - after_ws.len()) + 1 + type_len + close + 2;
        let (file, selector) = match target.split_once(':') {
            Some((file, selector)) => (file.to_string(), Some(selector.to_string())),
            None => (target.to_string(), None),
        };
        found.push(Found::Directive(Directive {
            kind,
            file,
            selector,
            text: text[start..end].to_string(),
            start,
            end,
        }));
        i = end;
    }
    found
}

/// The include directives written in `text` itself (not in what they include).
pub fn directives(text: &str) -> Vec<Directive> {
    scan(text)
        .into_iter()
        .filter_map(|f| match f {
            Found::Directive(d) => Some(d),
            Found::Escaped { .. } => None,
        })
        .collect()
}

/// Expands includes like mdBook's `links` preprocessor, recursively. Unlike
/// mdBook, which logs and goes on (or silently includes nothing for a missing
/// anchor), every failure is reported in `problems`.
pub fn expand(text: &str, base: &Path, depth: usize, problems: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for found in scan(text) {
        match found {
            Found::Escaped { start, end } => {
                out.push_str(&text[copied..start]);
                out.push_str(&text[start + 1..end]);
                copied = end;
            }
            Found::Directive(d) => {
                out.push_str(&text[copied..d.start]);
                copied = d.end;
                match include(&d, base) {
                    Ok(content) if depth < MAX_INCLUDE_DEPTH => {
                        let nested_base = base.join(&d.file);
                        let nested_base = nested_base.parent().unwrap_or(base);
                        out.push_str(&expand(&content, nested_base, depth + 1, problems));
                    }
                    Ok(_) => problems.push(format!("{}: includes nest too deep", d.text)),
                    Err(e) => {
                        problems.push(format!("{}: {e}", d.text));
                        out.push_str(&d.text);
                    }
                }
            }
        }
    }
    out.push_str(&text[copied..]);
    out
}

enum Selection {
    Lines(Option<usize>, Option<usize>),
    Anchor(String),
}

/// mdBook's reading of what follows the `:` (lines count from 1 there).
fn selection(selector: Option<&str>) -> Selection {
    let mut parts = selector.unwrap_or("").splitn(3, ':');
    let first = parts.next();
    let start = match first {
        Some(s) if s.parse::<usize>().is_ok() => {
            Some(s.parse::<usize>().unwrap().saturating_sub(1))
        }
        Some("") | None => None,
        Some(anchor) => return Selection::Anchor(anchor.to_string()),
    };
    match (start, parts.next().map(str::parse::<usize>)) {
        (Some(start), Some(Ok(end))) => Selection::Lines(Some(start), Some(end)),
        (Some(start), Some(Err(_))) => Selection::Lines(Some(start), None),
        (Some(start), None) => Selection::Lines(Some(start), Some(start + 1)),
        (None, Some(Ok(end))) => Selection::Lines(None, Some(end)),
        (None, _) => Selection::Lines(None, None),
    }
}

fn include(d: &Directive, base: &Path) -> Result<String, String> {
    let path = base.join(&d.file);
    let source =
        fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let lines: Vec<&str> = source.lines().collect();
    match selection(d.selector.as_deref()) {
        Selection::Anchor(anchor) => {
            if !has_anchor(&source, &anchor) {
                return Err(format!(
                    "{} has no ANCHOR: {anchor} … ANCHOR_END: {anchor}",
                    path.display()
                ));
            }
            Ok(match d.kind {
                IncludeKind::Include => anchored(&lines, &anchor),
                IncludeKind::RustdocInclude => rustdoc_anchored(&lines, &anchor),
            })
        }
        Selection::Lines(start, end) => {
            let from = start.unwrap_or(0);
            let to = end.unwrap_or(lines.len());
            if from >= lines.len() || to > lines.len() || from >= to {
                return Err(format!(
                    "{} has {} lines; the range asks for others",
                    path.display(),
                    lines.len()
                ));
            }
            Ok(match d.kind {
                IncludeKind::Include => lines[from..to].join("\n"),
                IncludeKind::RustdocInclude => lines
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        if (from..to).contains(&i) {
                            l.to_string()
                        } else {
                            format!("# {l}")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            })
        }
    }
}

/// The anchor named in a line, as mdBook's `ANCHOR:\s*([\w_-]+)` finds it.
fn anchor_in<'a>(line: &'a str, marker: &str) -> Option<&'a str> {
    let at = line.find(marker)?;
    let rest = line[at + marker.len()..].trim_start();
    let len = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    (len > 0).then(|| &rest[..len])
}

fn anchor_start(line: &str) -> Option<&str> {
    anchor_in(line, "ANCHOR:")
}

fn anchor_end(line: &str) -> Option<&str> {
    anchor_in(line, "ANCHOR_END:")
}

/// The lines between `ANCHOR: anchor` and `ANCHOR_END: anchor`, as `{{#include}}` shows them.
pub fn anchored_region(source: &str, anchor: &str) -> Option<String> {
    let lines: Vec<&str> = source.lines().collect();
    has_anchor(source, anchor).then(|| anchored(&lines, anchor))
}

/// The folders that hold the book's runnable programs, one per workspace
/// member that has any: `cargo run --example NAME` runs each from the root.
pub const EXAMPLE_DIRS: &[&str] = &["examples", "async-examples/examples", "exercises/examples"];

/// Every runnable program, as `(name, compiled source, folder)`: the file
/// with its anchor lines taken out, which is what a `{{#rustdoc_include}}`
/// of it compiles to.
pub fn programs(root: &Path) -> Vec<(String, String, &'static str)> {
    EXAMPLE_DIRS
        .iter()
        .flat_map(|dir| {
            rust_files(&root.join(dir))
                .into_iter()
                .map(move |p| (p, *dir))
        })
        .filter_map(|(path, dir)| {
            let source = fs::read_to_string(&path).ok()?;
            let name = path.file_stem()?.to_string_lossy().into_owned();
            Some((name, without_anchor_lines(&source), dir))
        })
        .collect()
}

/// The name of the program whose whole source `code` is, if another test
/// already builds and runs that program: an example with a recording
/// (`outputs/NAME.txt`, run by tests/outputs.rs), or an exercise's starter,
/// solution or "predict the output" program (all run by tests/exercises.rs).
/// Running it again as a snippet would only cost time.
pub fn recorded_program(
    root: &Path,
    programs: &[(String, String, &'static str)],
    code: &str,
) -> Option<String> {
    // A block with a Run button ends with the `notes` module it sends along.
    let module = crate::playground::notes_module_code(root);
    let code = without_anchor_lines(code);
    let code = crate::playground::without_notes_module(&code, module.as_deref()).trim_end();
    programs
        .iter()
        .find(|(name, source, dir)| {
            source.trim_end() == code
                && (root.join("outputs").join(format!("{name}.txt")).exists()
                    || (*dir == "exercises/examples"
                        && (name.starts_with("ex") || name.starts_with("predict_"))))
        })
        .map(|(name, _, _)| name.clone())
}

fn without_anchor_lines(source: &str) -> String {
    source
        .lines()
        .filter(|l| anchor_start(l).is_none() && anchor_end(l).is_none())
        .map(|l| format!("{l}\n"))
        .collect()
}

/// The names of the anchors a source file opens, in order, each once.
pub fn anchors(source: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for name in source.lines().filter_map(anchor_start) {
        if !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
    }
    names
}

/// Every `.rs` file below `dir`, sorted; none if `dir` does not exist.
pub fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return files;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

pub fn has_anchor(source: &str, anchor: &str) -> bool {
    let mut lines = source.lines();
    lines.any(|l| anchor_start(l) == Some(anchor)) && lines.any(|l| anchor_end(l) == Some(anchor))
}

fn anchored(lines: &[&str], anchor: &str) -> String {
    let mut kept = Vec::new();
    let mut inside = false;
    for line in lines {
        if inside {
            match anchor_end(line) {
                Some(name) if name == anchor => break,
                Some(_) => {}
                None if anchor_start(line).is_none() => kept.push(*line),
                None => {}
            }
        } else if anchor_start(line) == Some(anchor) {
            inside = true;
        }
    }
    kept.join("\n")
}

fn rustdoc_anchored(lines: &[&str], anchor: &str) -> String {
    let mut kept = Vec::new();
    let mut inside = false;
    for line in lines {
        if inside {
            match anchor_end(line) {
                Some(name) if name == anchor => inside = false,
                Some(_) => {}
                None if anchor_start(line).is_none() => kept.push(line.to_string()),
                None => {}
            }
        } else if anchor_start(line) == Some(anchor) {
            inside = true;
        } else if anchor_end(line).is_none() {
            kept.push(format!("# {line}"));
        }
    }
    kept.join("\n")
}

/// A fenced code block.
pub struct Block {
    pub info: String,
    pub code: String,
    /// 1-based line of the opening fence.
    pub line: usize,
}

impl Block {
    pub fn words(&self) -> Vec<&str> {
        self.info
            .split(|c: char| !(c == '_' || c == '-' || c.is_alphanumeric()))
            .filter(|w| !w.is_empty())
            .collect()
    }

    /// Whether mdBook shows this block as Rust: its first word is `rust`,
    /// or it has no language at all (rustdoc's rule, which mdBook follows).
    pub fn is_rust(&self) -> bool {
        matches!(self.words().first(), None | Some(&"rust"))
    }

    pub fn has(&self, word: &str) -> bool {
        self.words().contains(&word)
    }

    /// The code as it is compiled: rustdoc's hidden-line markers taken off.
    pub fn compiled_code(&self) -> String {
        self.code
            .lines()
            .map(|l| format!("{}\n", unhide(l)))
            .collect()
    }
}

/// rustdoc's rule for hidden lines, as skeptic applies it.
fn unhide(line: &str) -> &str {
    let trimmed = line.trim_start();
    if let Some(rest) = trimmed.strip_prefix("# ") {
        rest
    } else if trimmed == "#" {
        ""
    } else {
        line
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

/// Every fenced code block of a Markdown text, in order.
pub fn code_blocks(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Option<Block> = None;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                current = Some(Block {
                    info: info.to_string(),
                    code: String::new(),
                    line: line_of(markdown, range.start),
                });
            }
            Event::Text(text) => {
                if let Some(block) = current.as_mut() {
                    block.code.push_str(&text);
                }
            }
            Event::End(Tag::CodeBlock(_)) => blocks.extend(current.take()),
            _ => {}
        }
    }
    blocks
}

/// True for an indented (unfenced) code block, which has no info string at all.
pub fn indented_code_lines(markdown: &str) -> Vec<usize> {
    Parser::new_ext(markdown, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => {
                Some(line_of(markdown, range.start))
            }
            _ => None,
        })
        .collect()
}

pub struct Heading {
    pub level: usize,
    pub id: String,
    pub explicit: bool,
    pub title: String,
}

/// mdBook's id for a heading without an explicit `{#id}`.
pub fn normalize_id(title: &str) -> String {
    title
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c.to_ascii_lowercase())
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

pub fn headings(markdown: &str) -> Vec<Heading> {
    let mut headings = Vec::new();
    let mut current: Option<(usize, Option<String>, String)> = None;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Heading(level, id, _)) => {
                current = Some((heading_level(level), id.map(str::to_string), String::new()));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, _, title)) = current.as_mut() {
                    title.push_str(&text);
                }
            }
            Event::End(Tag::Heading(..)) => {
                if let Some((level, id, title)) = current.take() {
                    let explicit = id.is_some();
                    let id = id.unwrap_or_else(|| normalize_id(&title));
                    headings.push(Heading {
                        level,
                        id,
                        explicit,
                        title,
                    });
                }
            }
            _ => {}
        }
    }
    headings
}

fn heading_level(level: HeadingLevel) -> usize {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Link destinations of a Markdown text (links only, not images), with their
/// lines, including the links inside callouts (`admonish` blocks hold Markdown).
pub fn links(markdown: &str) -> Vec<(String, usize)> {
    let mut found: Vec<(String, usize)> = Parser::new_ext(markdown, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link(_, dest, _)) => {
                Some((dest.to_string(), line_of(markdown, range.start)))
            }
            _ => None,
        })
        .collect();
    for callout in code_blocks(markdown)
        .into_iter()
        .filter(|b| b.has("admonish"))
    {
        found.extend(
            links(&callout.code)
                .into_iter()
                .map(|(dest, line)| (dest, callout.line + line)),
        );
    }
    found
}
