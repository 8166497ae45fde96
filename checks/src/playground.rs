//! The book's Run buttons: what mdBook sends to the Rust Playground
//! (play.rust-lang.org), and the `notes` library as a module that travels
//! with it.
//!
//! The examples call `notes::init_logging` from this repository's library
//! (`src/lib.rs`), which the Playground does not have. A block that runs
//! there therefore ends with a second directive,
//! `{{#rustdoc_include …/tools/playground/notes.rs:playground}}`: the anchor
//! `playground` is empty, so mdBook turns every line of that file into a
//! hidden line, and the program sent carries `mod notes { … }`, generated
//! from `src/lib.rs` by [`notes_module`]. In the program, the path
//! `notes::init_logging` then names that local module: a module's own items
//! come before the crates it is linked against, so the same program also
//! compiles where the crate `notes` is linked too (skeptic, `cargo test`).
#![allow(dead_code)] // build.rs uses only part of it

use std::path::Path;

/// The generated module, relative to the repository.
pub const NOTES_MODULE: &str = "tools/playground/notes.rs";
/// Its one (empty) anchor: everything else in the file is hidden on the page.
pub const ANCHOR: &str = "playground";
/// The Playground's crates and versions, as its build declares them.
pub const CRATES: &str = "tools/playground/crates.toml";
/// The class of the paragraph that tells why a block has no Run button.
pub const REASON_CLASS: &str = "run-locally";

/// `tools/playground/notes.rs` as it must read for this `src/lib.rs`: the
/// library's code (without its doc comments) inside `mod notes { … }`.
pub fn notes_module(lib: &str) -> String {
    let mut out = String::from(
        "// Generated from src/lib.rs by checks/tests/playground.rs; do not edit.\n\
         // Record it again with `RECORD=1 cargo test -p checks --test playground`.\n\
         // ANCHOR: playground\n\
         // ANCHOR_END: playground\n\
         \n\
         // This book's `notes` library, so that the program runs on the Rust\n\
         // Playground, which does not have it (src/lib.rs in the book's repository).\n\
         mod notes {\n",
    );
    let mut blank = true; // no blank line right after the opening brace
    for line in lib.lines() {
        let code = line.trim_start();
        if code.starts_with("//!") || code.starts_with("///") {
            continue;
        }
        if line.trim().is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
            continue;
        }
        blank = false;
        out.push_str("    ");
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out.push_str("}\n");
    out
}

/// The module's lines as they end a program that carries it: the file without
/// its anchor lines, trimmed.
pub fn notes_module_code(root: &Path) -> Option<String> {
    let text = std::fs::read_to_string(root.join(NOTES_MODULE)).ok()?;
    let code: String = text
        .lines()
        .filter(|l| !l.contains("ANCHOR:") && !l.contains("ANCHOR_END:"))
        .map(|l| format!("{l}\n"))
        .collect();
    Some(code.trim().to_string())
}

/// `code` without the notes module at its end, if it ends with it.
pub fn without_notes_module<'a>(code: &'a str, module: Option<&str>) -> &'a str {
    let trimmed = code.trim_end();
    match module {
        Some(module) if !module.is_empty() => trimmed
            .strip_suffix(module)
            .map_or(code, |rest| rest.trim_end()),
        _ => code,
    }
}

/// The code of a `<pre class="playground">` block as book.js sends it: the
/// `textContent` of its `<code>` (hidden lines included), which is the HTML
/// with its tags taken out and its character references decoded.
pub fn text_content(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        match rest[open..].find('>') {
            Some(close) => rest = &rest[open + close + 1..],
            None => {
                rest = &rest[open..];
                break;
            }
        }
    }
    text.push_str(rest);
    decode_entities(&text)
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest[..rest.len().min(12)].find(';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..semi];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name
                .strip_prefix("#x")
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// One block with a Run button in a built page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunnableBlock {
    /// The `class` of its `<code>`, e.g. `language-rust editable edition2024`.
    pub classes: String,
    /// What book.js posts as `code`.
    pub code: String,
    /// What book.js posts as `edition` (`2015` when the class names none).
    pub edition: String,
}

/// Every `<pre class="playground">` of a built page, in order.
pub fn runnable_blocks(html: &str) -> Vec<RunnableBlock> {
    const PRE: &str = "<pre class=\"playground\"><code class=\"";
    let mut blocks = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(PRE) {
        rest = &rest[start + PRE.len()..];
        let Some(quote) = rest.find("\">") else { break };
        let classes = rest[..quote].to_string();
        rest = &rest[quote + 2..];
        let Some(end) = rest.find("</code></pre>") else {
            break;
        };
        let code = text_content(&rest[..end]);
        rest = &rest[end..];
        let edition = classes
            .split_whitespace()
            .filter_map(|c| c.strip_prefix("edition"))
            .next_back()
            .unwrap_or("2015")
            .to_string();
        blocks.push(RunnableBlock {
            classes,
            code,
            edition,
        });
    }
    blocks
}

/// What keeps a rust block (includes expanded) from running on the Playground
/// as it should, or from being marked as not running there.
pub fn run_button_problems(block: &crate::book::Block) -> Vec<String> {
    let mut problems = Vec::new();
    if block.has("noplayground") {
        return problems;
    }
    if block.has("compile_fail") || block.has("ignore") {
        problems.push(
            "mdBook would give this block a Run button, or none without saying why: \
             mark it noplayground and give the reason"
                .to_string(),
        );
    }
    if block.code.contains("cpu_time::") {
        problems.push(
            "the Playground does not offer cpu-time: mark it noplayground and give the reason"
                .to_string(),
        );
    }
    if block.code.contains("notes::") && !block.code.contains("mod notes {") {
        problems.push(format!(
            "the Playground has no `notes` crate: end the block with \
             {{{{#rustdoc_include …/{NOTES_MODULE}:{ANCHOR}}}}}, or mark it noplayground and give the reason"
        ));
    }
    problems
}

/// Whether the page as written says why a block has no Run button: the first
/// line after the block that is not blank is `<p class="run-locally">…</p>`.
/// The problem, if any, for `block` (a rust block of `markdown`).
pub fn reason_problem(markdown: &str, block: &crate::book::Block) -> Option<String> {
    let closing = block.line + block.code.lines().count(); // 0-based line after the fence
    let next = markdown
        .lines()
        .skip(closing + 1)
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let has_reason = next
        .trim_start()
        .starts_with(&format!("<p class=\"{REASON_CLASS}\">"));
    match (block.has("noplayground"), has_reason) {
        (true, false) => Some(format!(
            "a block without a Run button must say why, in the next paragraph: \
             <p class=\"{REASON_CLASS}\">…</p>"
        )),
        (false, true) => Some(
            "this block has a Run button, but the paragraph after it says it has none".to_string(),
        ),
        _ => None,
    }
}

/// One program that a Run button sends, and where the book shows it.
#[derive(Debug, Clone)]
pub struct Sent {
    pub code: String,
    pub edition: String,
    /// `en/locks.html #3`: the page and which Run button on it (from 1).
    pub places: Vec<String>,
}

impl Sent {
    /// The program's name in the generated project: from its text, so that an
    /// unchanged program keeps its name and is not built again.
    pub fn bin_name(&self) -> String {
        // FNV-1a, 64 bits.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in self.edition.bytes().chain(self.code.bytes()) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        format!("p{hash:016x}")
    }
}

/// Every program the Run buttons of a built book send, each once, from the
/// pages of both editions (not `print.html`, which repeats them).
pub fn sent_by_book(book_dir: &Path) -> Vec<Sent> {
    let mut sent: Vec<Sent> = Vec::new();
    for lang in crate::book::LANGUAGES {
        let dir = book_dir.join(lang);
        let mut pages = Vec::new();
        collect_html(&dir, &mut pages);
        pages.sort();
        for page in pages {
            if page.file_name().is_some_and(|n| n == "print.html") {
                continue;
            }
            let html = std::fs::read_to_string(&page).unwrap();
            let name = page
                .strip_prefix(book_dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            add_sent(&mut sent, &name, &html);
        }
    }
    sent
}

/// Adds the programs of one page (`label` names it) to `sent`.
pub fn add_sent(sent: &mut Vec<Sent>, label: &str, html: &str) {
    for (i, block) in runnable_blocks(html).into_iter().enumerate() {
        let place = format!("{label} #{}", i + 1);
        match sent
            .iter_mut()
            .find(|s| s.code == block.code && s.edition == block.edition)
        {
            Some(same) => same.places.push(place),
            None => sent.push(Sent {
                code: block.code,
                edition: block.edition,
                places: vec![place],
            }),
        }
    }
}

fn collect_html(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_html(&path, out);
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
}

/// The Playground's crates (`tools/playground/crates.toml`): each name as a
/// program writes it (`crossbeam_channel`) with its table as written there.
pub fn playground_crates(root: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(root.join(CRATES)).unwrap();
    let mut crates: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if let Some(name) = line
            .strip_prefix("[dependencies.")
            .and_then(|l| l.strip_suffix(']'))
        {
            crates.push((name.to_string(), String::new()));
        } else if let Some((_, table)) = crates.last_mut()
            && !line.trim().is_empty()
        {
            table.push_str(line);
            table.push('\n');
        }
    }
    crates
}

/// The Cargo.toml of the project that builds every program sent: one bin
/// per program, with the crates of the Playground that the programs name.
///
/// The Playground builds all its crates in one project, so each is built with
/// the union of the features any of them asks for. A crate it declares with
/// `default-features = false` (crossbeam-channel) gets its default `std`
/// feature from another crate there (crossbeam); here, where only the crates
/// named are built, that line is left out for the same result.
pub fn project_manifest(crates: &[(String, String)], programs: &[Sent]) -> String {
    let mut manifest = String::from(
        "# Generated by checks::playground: what the book's Run buttons send,\n\
         # built against the Rust Playground's crates (tools/playground/crates.toml).\n\
         [package]\nname = \"playground\"\nversion = \"0.0.1\"\nedition = \"2024\"\npublish = false\n\n\
         # Its own workspace: nothing of the book's (no `notes` crate).\n[workspace]\n\n\
         [profile.dev]\nincremental = false\n\n",
    );
    for (name, table) in crates {
        if programs.iter().any(|p| names_crate(&p.code, name)) {
            manifest.push_str(&format!("[dependencies.{name}]\n"));
            for line in table.lines() {
                if line.trim() != "default-features = false" {
                    manifest.push_str(line);
                    manifest.push('\n');
                }
            }
            manifest.push('\n');
        }
    }
    for program in programs {
        let bin = program.bin_name();
        manifest.push_str(&format!(
            "[[bin]]\nname = \"{bin}\"\npath = \"src/{bin}.rs\"\nedition = \"{}\"\n\n",
            program.edition
        ));
    }
    manifest
}

/// Whether `code` names the crate `name` in a path (`name::…`).
fn names_crate(code: &str, name: &str) -> bool {
    code.match_indices(name).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let word_start = !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':');
        word_start && code[at + name.len()..].starts_with("::")
    })
}

/// The Playground's time limit for a whole request (compile and run), from
/// its server (`DOCKER_PROCESS_TIMEOUT_SOFT` in ui/src/server_axum.rs).
pub const PLAYGROUND_LIMIT: std::time::Duration = std::time::Duration::from_secs(10);
/// How long book.js waits for the Playground's answer before it shows
/// "timeout" (`fetch_with_timeout` in mdBook 0.4.51): the tighter limit.
pub const PAGE_LIMIT: std::time::Duration = std::time::Duration::from_secs(6);

/// `output` with each panic's place (`panicked at FILE:LINE:COLUMN:`) left
/// out: the file is src/main.rs on the Playground and the example's path in
/// a recording, and the lines differ because mdBook drops the anchor lines.
fn without_panic_places(output: &str) -> String {
    output
        .lines()
        .map(|line| match line.find(" panicked at ") {
            Some(at) if line.ends_with(':') => {
                format!("{} panicked at …:\n", &line[..at])
            }
            _ => format!("{line}\n"),
        })
        .collect()
}

/// What a run of one program gave.
pub struct Run {
    pub status: Option<i32>,
    /// Standard output and standard error, in one stream as a terminal shows them.
    pub output: String,
    pub elapsed: std::time::Duration,
    pub timed_out: bool,
}

/// Runs `program` in `dir`, with nothing of the book around it, and kills it
/// after `limit`.
pub fn run_with_limit(program: &Path, dir: &Path, limit: std::time::Duration) -> Run {
    use std::io::Read;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let (mut output, writer) = std::io::pipe().unwrap();
    let start = Instant::now();
    let mut child = Command::new(program)
        .current_dir(dir)
        .env_remove("RUST_LOG")
        .env_remove("NOTES_TRACE")
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(writer.try_clone().unwrap())
        .stderr(writer)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()));
    // The Command, with its copies of the writing end, is gone: reading ends
    // when the program (and any child it started) has exited.
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = output.read_to_string(&mut text);
        text
    });
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            timed_out = true;
            let _ = child.kill();
            break child.wait().unwrap();
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = start.elapsed();
    Run {
        status: status.code(),
        output: if timed_out {
            String::new()
        } else {
            reader.join().unwrap()
        },
        elapsed,
        timed_out,
    }
}

/// Builds every program in `programs` as one cargo project in `dir` (its own
/// workspace, its own target directory, so that the crates build once and
/// stay built), then runs each with `limit`. `check(example, recorded, now)`
/// compares the output of a program that is a whole recorded example
/// (`outputs/NAME.txt`) with its recording. Returns, for each program, what
/// is wrong with it, if anything, and how long it ran.
pub fn build_and_run(
    root: &Path,
    dir: &Path,
    programs: &[Sent],
    limit: std::time::Duration,
    check: &dyn Fn(&str, &str, &str) -> Result<(), String>,
) -> Vec<Result<std::time::Duration, String>> {
    use std::process::Command;
    let crates = playground_crates(root);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::create_dir_all(dir.join("run")).unwrap();
    std::fs::write(dir.join("Cargo.toml"), project_manifest(&crates, programs)).unwrap();
    let src = dir.join("src");
    for old in std::fs::read_dir(&src).unwrap().flatten() {
        let stem = old
            .path()
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if !programs.iter().any(|p| p.bin_name() == stem) {
            std::fs::remove_file(old.path()).unwrap();
        }
    }
    for program in programs {
        let path = src.join(format!("{}.rs", program.bin_name()));
        // Unchanged files keep their timestamps, so a second run builds nothing.
        if std::fs::read_to_string(&path).ok().as_deref() != Some(program.code.as_str()) {
            std::fs::write(&path, &program.code).unwrap();
        }
    }
    let built = Command::new(env!("CARGO"))
        .args([
            "build",
            "--bins",
            "--keep-going",
            "--quiet",
            "--message-format=short",
        ])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let build_log = String::from_utf8_lossy(&built.stderr).into_owned();
    let examples = crate::book::programs(root);
    // Where a panic happened: the file and line differ (mdBook drops the
    // anchor lines; the Playground calls the file src/main.rs).
    let panic_at = without_panic_places;
    programs
        .iter()
        .map(|program| {
            let bin = program.bin_name();
            let errors: Vec<&str> = build_log
                .lines()
                .filter(|l| l.starts_with(&format!("src/{bin}.rs:")))
                .collect();
            let exe = dir.join("target/debug").join(&bin);
            if !exe.exists() || !errors.iter().all(|l| l.contains("warning")) {
                let errors: Vec<&str> =
                    errors.into_iter().filter(|l| l.contains("error")).collect();
                let shown = if errors.is_empty() {
                    build_log.trim().to_string()
                } else {
                    errors.join("\n")
                };
                return Err(format!(
                    "does not compile against the Playground's crates:\n{shown}"
                ));
            }
            let run = run_with_limit(&exe, &dir.join("run"), limit);
            if run.timed_out {
                return Err(format!("still running after {limit:?}, the limit"));
            }
            if run.status != Some(0) {
                return Err(format!(
                    "exit status {:?}, after printing:\n{}",
                    run.status, run.output
                ));
            }
            let example = crate::book::recorded_program(root, &examples, &program.code);
            if let Some(name) = example {
                let recorded = root.join("outputs").join(format!("{name}.txt"));
                if let Ok(recorded) = std::fs::read_to_string(recorded) {
                    check(&name, &panic_at(&recorded), &panic_at(&run.output)).map_err(|e| {
                        format!("prints something else than outputs/{name}.txt: {e}")
                    })?;
                }
            }
            Ok(run.elapsed)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_content_drops_tags_and_decodes() {
        let html = "<span class=\"boring\">fn main() {\n</span>    let s = &quot;a&lt;b &amp;&#39;&#x41;&quot;;\n}";
        assert_eq!(
            text_content(html),
            "fn main() {\n    let s = \"a<b &'A\";\n}"
        );
    }

    #[test]
    fn blocks_and_editions() {
        let html = "<pre><code class=\"language-rust noplayground\">x</code></pre>\
            <pre class=\"playground\"><code class=\"language-rust editable edition2024\">a &amp; b</code></pre>";
        let blocks = runnable_blocks(html);
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].code, "a & b");
        assert_eq!(blocks[0].edition, "2024");
    }

    #[test]
    fn crate_names_in_paths() {
        assert!(names_crate("let x = rayon::scope(|s| {});", "rayon"));
        assert!(names_crate("use log::info;", "log"));
        assert!(!names_crate("let catalog::x = 1; my_log::y", "log"));
        assert!(!names_crate("std::log::x", "log"));
    }

    #[test]
    fn the_module_wraps_the_code_without_docs() {
        let module = notes_module("//! Docs.\n\nuse log::Log;\n\n/// A fn.\npub fn f() {}\n");
        assert!(module.contains("mod notes {\n    use log::Log;\n\n    pub fn f() {}\n}\n"));
        assert!(!module.contains("Docs"));
    }
}
