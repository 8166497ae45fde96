//! Copies the book's own bounded queue (the `queue` anchor of exercise 10's
//! solution) into OUT_DIR, so that the hand-off benchmark measures exactly
//! the code the book teaches.

use std::path::Path;
use std::{env, fs};

const SOURCE: &str = "../exercises/examples/ex10_bounded_queue.rs";
const ANCHOR: &str = "queue";

fn main() {
    println!("cargo::rerun-if-changed={SOURCE}");
    let text = fs::read_to_string(SOURCE).unwrap_or_else(|e| panic!("{SOURCE}: {e}"));
    let region: String = text
        .lines()
        .skip_while(|l| !l.contains(&format!("ANCHOR: {ANCHOR}")))
        .skip(1)
        .take_while(|l| !l.contains(&format!("ANCHOR_END: {ANCHOR}")))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(!region.is_empty(), "{SOURCE} has no `{ANCHOR}` anchor");
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("bounded_queue.rs");
    fs::write(out, region).unwrap();
}
