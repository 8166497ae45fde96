//! The parts of an exercise file the checker works with. Shared by build.rs
//! (which compiles them) and the `checker` command (which looks for the
//! region before it builds anything).

/// The exercises, each with the anchor of the region the learner edits.
pub const EXERCISES: &[(&str, &str)] = &[
    ("ex04", "starter"),
    ("ex05", "autosave"),
    ("ex06", "starter"),
    ("ex07", "table"),
    ("ex08", "ticket"),
    ("ex09", "bank"),
    ("ex10", "queue"),
    ("ex11", "box_office"),
    ("ex12", "spin_lock"),
    ("ex14", "lock"),
    ("ex15", "restock"),
];

/// The lines between `// ANCHOR: {anchor}` and `// ANCHOR_END: {anchor}`,
/// or `None` if the file has no such region.
pub fn region(source: &str, anchor: &str) -> Option<String> {
    let start = format!("// ANCHOR: {anchor}");
    let end = format!("// ANCHOR_END: {anchor}");
    let mut lines = source.lines().skip_while(|l| l.trim() != start);
    lines.next()?;
    let mut region = String::new();
    for line in lines {
        if line.trim() == end {
            return Some(region);
        }
        region.push_str(line);
        region.push('\n');
    }
    None
}

/// The file's `use` declarations at the top level, each whole (a `use`
/// may span lines), in order.
pub fn uses(source: &str) -> String {
    let mut uses = String::new();
    let mut inside = false;
    for line in source.lines() {
        if line.starts_with("use ") {
            inside = true;
        }
        if inside {
            uses.push_str(line);
            uses.push('\n');
            inside = !line.trim_end().ends_with(';');
        }
    }
    uses
}

/// The file as a module's body: its `//!` lines (which `include!` refuses)
/// blanked, and `main` made public, for the check to call. Every other line
/// stays where it was, so that a compile error's line number is the file's.
pub fn program(source: &str) -> String {
    source
        .lines()
        .map(|line| match line.strip_prefix("fn main()") {
            _ if line.starts_with("//!") => "\n".to_string(),
            Some(rest) => format!("pub fn main(){rest}\n"),
            None => format!("{line}\n"),
        })
        .collect()
}

/// cargo's compile errors for a check, as the learner can use them: the
/// errors in the program (the whole file, compiled as it is, whose line
/// numbers are the file's) under the file's own name; only if there are
/// none, those in the region compiled against loom's types (then `true`).
pub fn compile_errors(stderr: &str, file: &str) -> (String, bool) {
    // Each diagnostic is a block of lines that starts with `error` and
    // points at its place with `-->`; a block may follow other lines.
    let blocks: Vec<&str> = stderr
        .split("\n\n")
        .filter_map(|block| {
            let start = block
                .find("error")
                .filter(|&i| i == 0 || block[..i].ends_with('\n'))?;
            Some(&block[start..]).filter(|b| b.contains("-->"))
        })
        .collect();
    let in_program: Vec<&str> = blocks
        .iter()
        .copied()
        .filter(|block| block.contains("/program.rs:"))
        .collect();
    if in_program.is_empty() {
        return (blocks.join("\n\n"), true);
    }
    let errors = in_program
        .iter()
        .map(|block| {
            block
                .lines()
                .map(|line| match line.split_once("--> ") {
                    Some((arrow, path)) if path.contains("/program.rs:") => {
                        let at = path.rsplit_once("/program.rs:").unwrap().1;
                        format!("{arrow}--> {file}:{at}")
                    }
                    _ => line.to_string(),
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    (errors, false)
}

/// The file's `use` lines and its region, with `std::sync` and
/// `std::thread` read as `sync` and `sync::thread`: the module that includes
/// it says what `sync` is (loom's types, or a condition variable that wakes
/// spuriously).
pub fn model(source: &str, anchor: &str) -> Option<String> {
    let code = format!("{}\n{}", uses(source), region(source, anchor)?);
    Some(
        code.replace("std::sync", "sync")
            .replace("std::thread", "sync::thread"),
    )
}
