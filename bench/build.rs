//! Copies the book's own code into OUT_DIR, so that the benchmarks measure
//! exactly what the book teaches: exercise 10's bounded queue (the `queue`
//! anchor of its solution), for the hand-off rows, and chapter 12's spin lock
//! (the `spin_lock` anchor of its example), for the spin-lock rows. The
//! including module supplies the `use` lines, as the loom tests do.

use std::path::Path;
use std::{env, fs};

/// `(source, anchor, file written to OUT_DIR)`.
const REGIONS: [(&str, &str, &str); 2] = [
    (
        "../exercises/examples/ex10_bounded_queue.rs",
        "queue",
        "bounded_queue.rs",
    ),
    ("../examples/spin_lock.rs", "spin_lock", "spin_lock.rs"),
];

fn main() {
    for (source, anchor, file) in REGIONS {
        println!("cargo::rerun-if-changed={source}");
        let text = fs::read_to_string(source).unwrap_or_else(|e| panic!("{source}: {e}"));
        let region: String = text
            .lines()
            .skip_while(|l| l.trim() != format!("// ANCHOR: {anchor}"))
            .skip(1)
            .take_while(|l| l.trim() != format!("// ANCHOR_END: {anchor}"))
            // Regions nested inside this one, for the page, are not code.
            .filter(|l| !l.trim_start().starts_with("// ANCHOR"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert!(!region.is_empty(), "{source} has no `{anchor}` anchor");
        let out = Path::new(&env::var("OUT_DIR").unwrap()).join(file);
        fs::write(out, region).unwrap();
    }
}
