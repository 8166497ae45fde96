//! The book's integrity, checked without mdBook: what mdBook would only log
//! (or silently get wrong) fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use checks::book::{self, Page};
use checks::root;

fn fail_on(problems: Vec<String>, what: &str) {
    assert!(problems.is_empty(), "{what}:\n  {}", problems.join("\n  "));
}

fn pages_by_name(lang: &str) -> BTreeMap<String, Page> {
    book::pages(&root())
        .into_iter()
        .filter(|p| p.lang == lang)
        .map(|p| (p.name.clone(), p))
        .collect()
}

#[test]
fn every_include_resolves() {
    let mut problems = Vec::new();
    for page in book::pages(&root()) {
        page.expanded(&mut problems);
    }
    fail_on(problems, "includes that do not resolve");
}

#[test]
fn every_rust_block_is_compiled_and_run() {
    let generated = fs::read_to_string(concat!(env!("OUT_DIR"), "/skeptic-tests.rs")).unwrap();
    // build.rs adds one line to snippets that use this crate's library.
    let library_line = regex::Regex::new(r#"(?m)^#\[path = ".*"\] mod notes;\n"#).unwrap();
    let generated = library_line.replace_all(&generated, "");
    let programs = book::programs(&root());
    let mut problems = Vec::new();
    for page in book::pages(&root()) {
        let expanded = page.expanded(&mut Vec::new());
        for line in book::indented_code_lines(&expanded) {
            problems.push(format!(
                "{} line {line}: indented code block (fence it and name its language)",
                page.display()
            ));
        }
        for block in book::code_blocks(&expanded) {
            let at = format!("{} line {}", page.display(), block.line);
            if block.words().is_empty() {
                problems.push(format!("{at}: code block without a language"));
                continue;
            }
            if block.has("admonish") && (block.code.contains("```") || block.code.contains("~~~")) {
                problems.push(format!(
                    "{at}: code inside a callout is never tested; move it out"
                ));
            }
            if !block.is_rust() {
                continue;
            }
            for problem in checks::playground::run_button_problems(&block) {
                problems.push(format!("{at}: {problem}"));
            }
            if block.has("compile_fail") || block.has("ignore") {
                continue; // checked below, on the page as written
            }
            for word in block.words() {
                if !book::RUST_ATTRIBUTES.contains(&word) {
                    problems.push(format!(
                        "{at}: `{word}` would keep this block from being run"
                    ));
                }
            }
            let code = block.compiled_code();
            let run_by_outputs_test = !block.has("should_panic")
                && book::recorded_program(&root(), &programs, &code).is_some();
            if !run_by_outputs_test && !generated.contains(code.trim_end()) {
                problems.push(format!(
                    "{at}: no skeptic test runs this block, and it is not a whole program that the outputs or exercises test runs"
                ));
            }
        }
        for block in book::code_blocks(&page.text).iter().filter(|b| b.is_rust()) {
            if let Some(problem) = checks::playground::reason_problem(&page.text, block) {
                let at = format!("{} line {}", page.display(), block.line);
                problems.push(format!("{at}: {problem}"));
            }
        }
        for block in book::code_blocks(&page.text)
            .into_iter()
            .filter(|b| b.is_rust() && b.has("compile_fail"))
        {
            check_compile_fail(&page, &block, &mut problems);
        }
        for block in book::code_blocks(&page.text)
            .into_iter()
            .filter(|b| b.is_rust() && b.has("ignore"))
        {
            check_built_by_pyext(&page, &block, &mut problems);
        }
    }
    fail_on(problems, "rust blocks that escape the tests");
}

/// An `ignore` block is PyO3 code, which skeptic cannot build (`cargo test`
/// needs no Python): it must consist of includes of `pyext/src/`, which
/// `pyext/run` compiles and tests (and CI runs).
fn check_built_by_pyext(page: &Page, block: &book::Block, problems: &mut Vec<String>) {
    let directives = book::directives(&block.code);
    let lines = block.code.lines().filter(|l| !l.trim().is_empty()).count();
    let from_pyext = |d: &book::Directive| {
        checks::normalize(&page.dir().join(&d.file))
            .strip_prefix(root())
            .is_ok_and(|file| file.starts_with("pyext/src"))
    };
    if directives.is_empty() || lines != directives.len() || !directives.iter().all(from_pyext) {
        problems.push(format!(
            "{} line {}: `ignore` would keep this block from being run; only a block of \
             {{{{#include}}}}s of pyext/src/ (built by pyext/run) may be marked ignore",
            page.display(),
            block.line
        ));
    }
}

/// A `compile_fail` block must show, whole, a file that trybuild checks.
fn check_compile_fail(page: &Page, block: &book::Block, problems: &mut Vec<String>) {
    let directives = book::directives(&block.code);
    let checked_by_trybuild = |d: &book::Directive| {
        let file = page.dir().join(&d.file);
        d.selector.is_none()
            && file
                .parent()
                .and_then(Path::file_name)
                .is_some_and(|dir| dir == "compile_fail")
            && file.with_extension("stderr").exists()
    };
    let whole = directives.len() == 1 && block.code.trim() == directives[0].text;
    if !(whole && checked_by_trybuild(&directives[0])) {
        problems.push(format!(
            "{} line {}: a compile_fail block must be one {{{{#include}}}} of compile_fail/NAME.rs, which has a .stderr",
            page.display(),
            block.line
        ));
    }
}

#[test]
fn both_languages_have_the_same_pages() {
    let ko = pages_by_name("ko");
    let en = pages_by_name("en");
    let ko_names: BTreeSet<_> = ko.keys().collect();
    let en_names: BTreeSet<_> = en.keys().collect();
    let mut problems = Vec::new();
    for name in ko_names.symmetric_difference(&en_names) {
        let missing = if ko.contains_key(*name) { "en" } else { "ko" };
        problems.push(format!("{name} has no src/{missing}/ counterpart"));
    }
    fail_on(problems, "pages in one language only");
}

/// The SUMMARY of each language, reduced to its shape: one entry per line,
/// with its nesting and link target but not its title.
fn summary_shape(page: &Page) -> Vec<String> {
    page.text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .skip(1) // the "# Summary" title itself
        .map(|line| {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            if trimmed.starts_with('#') {
                "part".to_string()
            } else if trimmed.starts_with("---") {
                "separator".to_string()
            } else {
                let target = trimmed
                    .rsplit_once("](")
                    .map_or("?", |(_, t)| t.trim_end_matches(')'));
                let numbered = trimmed.starts_with("- ") || trimmed.starts_with("* ");
                format!("{indent}{} {target}", if numbered { "-" } else { "" })
            }
        })
        .collect()
}

#[test]
fn both_languages_have_the_same_structure() {
    let ko = pages_by_name("ko");
    let en = pages_by_name("en");
    let mut problems = Vec::new();
    for (name, ko_page) in &ko {
        let Some(en_page) = en.get(name) else {
            continue;
        };
        if name == "SUMMARY.md" {
            if summary_shape(ko_page) != summary_shape(en_page) {
                problems.push(format!(
                    "SUMMARY.md differs in shape:\n    ko {:?}\n    en {:?}",
                    summary_shape(ko_page),
                    summary_shape(en_page)
                ));
            }
            continue;
        }
        let ids = |p: &Page| {
            book::headings(&p.text)
                .into_iter()
                .skip(1)
                .map(|h| h.id)
                .collect::<Vec<_>>()
        };
        if ids(ko_page) != ids(en_page) {
            problems.push(format!(
                "{name}: heading ids differ\n    ko {:?}\n    en {:?}",
                ids(ko_page),
                ids(en_page)
            ));
        }
        // A file recorded once per language (`ex07.not-yet.ko.txt` beside
        // `ex07.not-yet.en.txt`) is the same include in both.
        let includes = |p: &Page| {
            let mut all: Vec<String> = book::directives(&p.text)
                .into_iter()
                .map(|d| d.text.replace(&format!(".{}.", p.lang), ".LANG."))
                .collect();
            all.sort();
            all
        };
        if includes(ko_page) != includes(en_page) {
            problems.push(format!(
                "{name}: includes differ\n    ko {:?}\n    en {:?}",
                includes(ko_page),
                includes(en_page)
            ));
        }
    }
    fail_on(problems, "pages whose two languages disagree");
}

#[test]
fn section_headings_have_explicit_ids() {
    let mut problems = Vec::new();
    for page in book::pages(&root()) {
        for heading in book::headings(&page.text)
            .into_iter()
            .filter(|h| h.level > 1 && !h.explicit)
        {
            problems.push(format!(
                "{}: `{}` needs an explicit {{#id}}",
                page.display(),
                heading.title
            ));
        }
    }
    fail_on(problems, "headings the language switch cannot land on");
}

#[test]
fn internal_links_resolve() {
    let all = book::pages(&root());
    let ids: BTreeMap<PathBuf, BTreeSet<String>> = all
        .iter()
        .map(|p| {
            (
                p.path.clone(),
                book::headings(&p.text).into_iter().map(|h| h.id).collect(),
            )
        })
        .collect();
    let mut problems = Vec::new();
    for page in &all {
        for (dest, line) in book::links(&page.text) {
            if dest.contains("://") || dest.starts_with("mailto:") {
                continue;
            }
            let at = format!("{} line {line}: `{dest}`", page.display());
            let (file, fragment) = dest
                .split_once('#')
                .map_or((dest.as_str(), None), |(f, a)| (f, Some(a)));
            let target = if file.is_empty() {
                page.path.clone()
            } else {
                checks::normalize(&page.dir().join(file))
            };
            if !file.is_empty() && !file.ends_with(".md") {
                if !target.exists() {
                    problems.push(format!("{at}: no such file"));
                }
                continue;
            }
            let Some(target_ids) = ids.get(&target) else {
                problems.push(format!("{at}: no such page"));
                continue;
            };
            if let Some(fragment) = fragment
                && !target_ids.contains(fragment)
            {
                problems.push(format!("{at}: the page has no heading #{fragment}"));
            }
        }
    }
    fail_on(problems, "broken internal links");
}

#[test]
fn korean_callouts_have_korean_titles() {
    let is_hangul = |c: char| ('\u{AC00}'..='\u{D7A3}').contains(&c);
    let mut problems = Vec::new();
    for page in book::pages(&root()) {
        for block in book::code_blocks(&page.text)
            .into_iter()
            .filter(|b| b.has("admonish"))
        {
            let title = block
                .info
                .split_once("title=")
                .map(|(_, t)| t.trim_matches('"'));
            let at = format!("{} line {}", page.display(), block.line);
            match (page.lang, title) {
                (_, None) => problems.push(format!("{at}: callout without a title")),
                ("ko", Some(t)) if !t.chars().any(is_hangul) => {
                    problems.push(format!("{at}: title `{t}` is not Korean"))
                }
                _ => {}
            }
        }
    }
    fail_on(problems, "callouts");
}

#[test]
fn every_recorded_output_is_shown_in_both_languages() {
    let mut problems = Vec::new();
    let outputs = root().join("outputs");
    // The text of each run (NAME.txt); its trace (NAME.trace) is drawn, not shown.
    let mut recorded: Vec<PathBuf> = fs::read_dir(&outputs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    recorded.sort();
    for lang in book::LANGUAGES {
        let shown: BTreeSet<PathBuf> = pages_by_name(lang)
            .values()
            .flat_map(|p| {
                book::directives(&p.text)
                    .into_iter()
                    .map(|d| checks::normalize(&p.dir().join(d.file)))
            })
            .collect();
        for file in &recorded {
            if !shown.contains(file) {
                problems.push(format!(
                    "outputs/{} is shown on no src/{lang} page",
                    file.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    fail_on(problems, "recorded outputs");
}

#[test]
fn output_blocks_are_recordings() {
    // A line of our log: seconds since start, then the thread's name.
    let log_line = regex::Regex::new(r"(?m)^\s*\d+\.\d{3}s \[[^\]]+\] ").unwrap();
    let mut problems = Vec::new();
    for page in book::pages(&root()) {
        for block in book::code_blocks(&page.text) {
            if !block.is_rust() && log_line.is_match(&block.code) {
                problems.push(format!(
                    "{} line {}: program output typed into the page; include the file in outputs/ instead",
                    page.display(),
                    block.line
                ));
            }
        }
    }
    fail_on(problems, "output blocks");
}

#[test]
fn output_blocks_are_titled_the_same_way_everywhere() {
    let mut problems = Vec::new();
    for page in book::pages(&root()) {
        let lines: Vec<&str> = page.text.lines().collect();
        for block in book::code_blocks(&page.text) {
            let Some(recording) = book::directives(&block.code).into_iter().find_map(|d| {
                d.file
                    .strip_prefix("../../outputs/")
                    .map(|f| f.trim_end_matches(".txt").to_string())
            }) else {
                continue;
            };
            let title = match page.lang {
                "ko" => format!("**실행 결과** (`cargo run --example {recording}`)"),
                _ => format!("**Output** (`cargo run --example {recording}`)"),
            };
            let before = lines[..block.line - 1]
                .iter()
                .rev()
                .find(|l| !l.trim().is_empty())
                .copied();
            if before != Some(title.as_str()) || block.info != "text" {
                problems.push(format!(
                    "{} line {}: an output block is a ```text block right after the line {title}",
                    page.display(),
                    block.line
                ));
            }
        }
    }
    fail_on(problems, "output blocks");
}

/// The loom tests `include!` anchored regions of the examples (and
/// exercises) that `build.rs` extracts. A renamed anchor or a moved file
/// would only show as a compile error under `--cfg loom`; here it is an
/// ordinary failure that names the file and the anchor.
#[test]
fn every_region_the_model_checks_use_exists() {
    let pattern = regex::Regex::new(r#""/regions/(\w+)/([\w/]+)/([\w-]+)\.rs""#).unwrap();
    let mut problems = Vec::new();
    let mut used = 0;
    for test in book::rust_files(&root().join("checks/tests")) {
        let text = fs::read_to_string(&test).unwrap();
        for found in pattern.captures_iter(&text) {
            used += 1;
            let source = root().join(&found[1]).join(format!("{}.rs", &found[2]));
            let anchor = &found[3];
            let user = test.strip_prefix(root()).unwrap().display();
            match fs::read_to_string(&source) {
                Err(e) => problems.push(format!(
                    "{user} model-checks {}: cannot read it: {e}",
                    source.strip_prefix(root()).unwrap().display()
                )),
                Ok(text) if !book::has_anchor(&text, anchor) => problems.push(format!(
                    "{user} model-checks the anchor `{anchor}` of {}, which has no ANCHOR: {anchor} … ANCHOR_END: {anchor}",
                    source.strip_prefix(root()).unwrap().display()
                )),
                Ok(_) => {}
            }
        }
    }
    assert!(
        used > 0,
        "no loom test includes a region: is the pattern stale?"
    );
    fail_on(problems, "regions the loom tests use");
}

/// Each `.md` link of a Markdown text with the part it stands in: the last
/// line before it that `title` reads as a part's title. A `---` separator
/// (the SUMMARY's end matter) ends a part.
fn parts(markdown: &str, title: impl Fn(&str) -> Option<&str>) -> Vec<(String, Option<String>)> {
    let lines: Vec<&str> = markdown.lines().collect();
    let mut part_of_line = Vec::with_capacity(lines.len());
    let mut part: Option<String> = None;
    for line in &lines {
        let line = line.trim();
        if line.starts_with("---") {
            part = None;
        } else if let Some(t) = title(line) {
            part = Some(t.to_string());
        }
        part_of_line.push(part.clone());
    }
    book::links(markdown)
        .into_iter()
        .map(|(dest, line)| (dest.split('#').next().unwrap_or_default().to_string(), line))
        .filter(|(dest, _)| dest.ends_with(".md"))
        .map(|(dest, line)| (dest, part_of_line[line - 1].clone()))
        .collect()
}

/// The introduction's chapter map lists every page of the SUMMARY (but the
/// introduction itself), in the SUMMARY's order, and nothing else; and it
/// names the SUMMARY's parts, each chapter under its own.
#[test]
fn the_chapter_map_matches_the_summary() {
    let mut problems = Vec::new();
    for lang in book::LANGUAGES {
        let pages = pages_by_name(lang);
        let page_links = |name: &str| -> Vec<String> {
            book::links(&pages[name].text)
                .into_iter()
                .map(|(dest, _)| dest)
                .filter(|dest| !dest.contains("://"))
                .map(|dest| dest.split('#').next().unwrap_or_default().to_string())
                .filter(|dest| dest.ends_with(".md"))
                .collect()
        };
        let summary: Vec<String> = page_links("SUMMARY.md")
            .into_iter()
            .filter(|dest| dest != "introduction.md")
            .collect();
        let intro = &pages["introduction.md"].text;
        let Some(start) = intro.find("{#chapter-map}") else {
            problems.push(format!(
                "src/{lang}/introduction.md has no {{#chapter-map}} section"
            ));
            continue;
        };
        let section = &intro[start..];
        let section = section[1..]
            .find("\n#")
            .map_or(section, |end| &section[..end + 1]);
        let found_before = problems.len();
        let map: Vec<String> = book::links(section)
            .into_iter()
            .map(|(dest, _)| dest.split('#').next().unwrap_or_default().to_string())
            .filter(|dest| dest.ends_with(".md"))
            .collect();
        for dest in &map {
            if !summary.contains(dest) {
                problems.push(format!("src/{lang}/introduction.md: the chapter map names {dest}, which SUMMARY.md does not list"));
            }
        }
        for dest in &summary {
            if !map.contains(dest) {
                problems.push(format!(
                    "src/{lang}/introduction.md: the chapter map leaves out {dest}"
                ));
            }
        }
        if problems.len() == found_before && map != summary {
            problems.push(format!("src/{lang}/introduction.md: the chapter map's order {map:?} is not the SUMMARY's {summary:?}"));
        }

        // The parts: the map's bold lines are the SUMMARY's part titles, in
        // order, and each chapter of a part sits under its title in the map.
        // Past SUMMARY.md's first line, the title of the table of contents itself.
        let summary_text = pages["SUMMARY.md"]
            .text
            .split_once('\n')
            .map_or("", |(_, rest)| rest);
        let summary_parts = parts(summary_text, |line| line.strip_prefix("# ").map(str::trim));
        let map_parts = parts(section, |line| {
            line.strip_prefix("**")
                .and_then(|l| l.strip_suffix("**"))
                .map(str::trim)
        });
        let titles = |parts: &[(String, Option<String>)]| {
            let mut titles: Vec<String> = parts.iter().filter_map(|(_, p)| p.clone()).collect();
            titles.dedup();
            titles
        };
        let summary_titles = titles(&summary_parts);
        let map_titles = titles(&map_parts);
        if summary_titles != map_titles {
            problems.push(format!(
                "src/{lang}/introduction.md: the chapter map's parts {map_titles:?} are not the SUMMARY's {summary_titles:?}"
            ));
        }
        for (dest, part) in &summary_parts {
            let Some(part) = part else { continue };
            let in_map = map_parts.iter().find(|(d, _)| d == dest).map(|(_, p)| p);
            if let Some(in_map) = in_map
                && in_map.as_ref() != Some(part)
            {
                problems.push(format!(
                    "src/{lang}/introduction.md: the chapter map puts {dest} under {:?}, the SUMMARY under {part:?}",
                    in_map.as_deref().unwrap_or("no part")
                ));
            }
        }
    }
    fail_on(
        problems,
        "the introduction's chapter map and the SUMMARY disagree",
    );
}
