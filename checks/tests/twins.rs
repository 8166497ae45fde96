//! The broken twins that the model checks must reject. A model check that
//! passes proves something only if it would fail on the same code with a bug
//! in it, so `tests/loom_semaphore.rs` checks, besides the semaphore of
//! `examples/semaphore.rs`, copies of it that each carry one deliberate bug,
//! and asserts that loom rejects every one.
//!
//! The copies live in `tests/twins/` (loom compiles them with `include!`).
//! This test keeps them in lock-step with the example: each twin must be the
//! example's anchored region with exactly one replacement, and the text it
//! replaces must still be there. After changing the semaphore, write them
//! again and review the diff: `TWINS=overwrite cargo test --test twins`.

use std::env;
use std::fs;

use checks::{book, root};

/// A copy of an anchored region with one bug put in by string replacement.
struct Twin {
    /// Where the twin is kept, under `checks/tests/twins/`.
    file: &'static str,
    /// The program and the anchor it copies.
    example: &'static str,
    anchor: &'static str,
    /// The correct text, which must occur exactly once, and the bug.
    correct: &'static str,
    broken: &'static str,
}

const TWINS: &[Twin] = &[
    // A permit comes back, but nobody is told: a waiter sleeps next to it.
    Twin {
        file: "semaphore/missing_notify.rs",
        example: "examples/semaphore.rs",
        anchor: "semaphore",
        correct: "        *self.semaphore.available.lock().unwrap() += 1;\n        self.semaphore.returned.notify_one();\n",
        broken: "        *self.semaphore.available.lock().unwrap() += 1;\n",
    },
    // The wake-up comes before the permit: the waiter looks too early, sees
    // none, sleeps again, and the permit that follows wakes nobody.
    Twin {
        file: "semaphore/notify_first.rs",
        example: "examples/semaphore.rs",
        anchor: "semaphore",
        correct: "        *self.semaphore.available.lock().unwrap() += 1;\n        self.semaphore.returned.notify_one();\n",
        broken: "        self.semaphore.returned.notify_one();\n        *self.semaphore.available.lock().unwrap() += 1;\n",
    },
    // One permit taken, two given back: the count grows past the permits.
    Twin {
        file: "semaphore/double_release.rs",
        example: "examples/semaphore.rs",
        anchor: "semaphore",
        correct: "        *self.semaphore.available.lock().unwrap() += 1;\n",
        broken: "        *self.semaphore.available.lock().unwrap() += 2;\n",
    },
    // `if` trusts the wake-up: a newcomer that took the permit first goes
    // unnoticed, and two threads hold the one permit.
    Twin {
        file: "semaphore/if_not_while.rs",
        example: "examples/semaphore.rs",
        anchor: "semaphore",
        correct: "        while *available == 0 {\n",
        broken: "        if *available == 0 {\n",
    },
];

#[test]
fn every_twin_is_its_region_with_one_bug() {
    let overwrite = env::var("TWINS").is_ok_and(|v| v == "overwrite");
    let mut problems = Vec::new();
    for twin in TWINS {
        let source = fs::read_to_string(root().join(twin.example)).unwrap();
        let Some(region) = book::anchored_region(&source, twin.anchor) else {
            problems.push(format!("{} has no anchor `{}`", twin.example, twin.anchor));
            continue;
        };
        let found = region.matches(twin.correct).count();
        if found != 1 {
            problems.push(format!(
                "twins/{}: the anchor `{}` of {} holds {found} copies of {:?}, not one: put the bug in again",
                twin.file, twin.anchor, twin.example, twin.correct
            ));
            continue;
        }
        let expected = region.replacen(twin.correct, twin.broken, 1);
        let path = root().join("checks/tests/twins").join(twin.file);
        if overwrite {
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, expected).unwrap();
        } else if fs::read_to_string(&path).ok().as_deref() != Some(expected.as_str()) {
            problems.push(format!(
                "twins/{} is not the anchor `{}` of {} with its one bug",
                twin.file, twin.anchor, twin.example
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\n(after changing the code: TWINS=overwrite cargo test --test twins)",
        problems.join("\n")
    );
}
