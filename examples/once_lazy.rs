//! Module-level initialisation done once, whichever thread asks first:
//! `LazyLock` for a value built on first use, `OnceLock` for a value set
//! once at run time.
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, OnceLock};
use std::thread;
use std::time::Duration;

use log::info;

/// How many times the table was built: the claim is "exactly once".
static BUILDS: AtomicUsize = AtomicUsize::new(0);

// ANCHOR: lazy
/// Built by the first thread that touches it; every other thread that
/// arrives meanwhile waits for that build, and later ones just read.
static COUNTRIES: LazyLock<HashMap<&str, &str>> = LazyLock::new(|| {
    info!("building the table");
    BUILDS.fetch_add(1, Ordering::Relaxed);
    thread::sleep(Duration::from_millis(100)); // a slow build, so that the others must wait
    HashMap::from([
        ("KR", "Korea"),
        ("GB", "United Kingdom"),
        ("NL", "Netherlands"),
    ])
});
// ANCHOR_END: lazy

// ANCHOR: once
/// Known only once the program runs (from a file, a flag, the environment).
static GREETING: OnceLock<String> = OnceLock::new();
// ANCHOR_END: once

fn main() {
    notes::init_logging();

    // ANCHOR: threads
    thread::scope(|s| {
        for code in ["KR", "GB", "NL"] {
            thread::Builder::new()
                .name(code.to_lowercase())
                .spawn_scoped(s, move || {
                    info!("looking up {code}");
                    let name = COUNTRIES[code]; // the first access builds the table
                    info!("{code} is {name}");
                })
                .unwrap();
        }
    });
    assert_eq!(BUILDS.load(Ordering::Relaxed), 1);
    // ANCHOR_END: threads

    // ANCHOR: set
    let first = GREETING.set(String::from("안녕하세요"));
    let second = GREETING.set(String::from("hello"));
    info!("first set: {first:?}; second set: {second:?}");
    assert!(first.is_ok());
    assert_eq!(second, Err(String::from("hello"))); // refused, and handed back
    assert_eq!(GREETING.get().map(String::as_str), Some("안녕하세요"));
    // ANCHOR_END: set
    info!(
        "the table was built {} time(s)",
        BUILDS.load(Ordering::Relaxed)
    );
}
