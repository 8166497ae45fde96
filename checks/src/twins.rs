//! The broken twins that the model checks must reject. A model check that
//! passes proves something only if it would fail on the same code with a bug
//! in it, so `tests/loom_semaphore.rs` checks, besides the semaphore of
//! `examples/semaphore.rs`, copies of it that each carry one deliberate bug,
//! and asserts that loom rejects every one.
//!
//! A twin is never written by hand: `build.rs` makes each one from the
//! example's anchored region by one string replacement, into
//! `$OUT_DIR/twins/NAME.rs`, so it moves in lock-step with the code the book
//! shows. `tests/twins.rs` fails if the text a twin replaces is no longer in
//! the region exactly once (the twin would then carry no bug).

/// A copy of an anchored region with one bug put in by string replacement.
pub struct Twin {
    /// The generated file: `$OUT_DIR/twins/{name}.rs`.
    pub name: &'static str,
    /// The program and the anchor it copies.
    pub example: &'static str,
    pub anchor: &'static str,
    /// The correct text, which must occur exactly once, and the bug.
    pub correct: &'static str,
    pub broken: &'static str,
}

impl Twin {
    /// The twin made from `region`, or `None` if `correct` is not in it
    /// exactly once.
    pub fn put_into(&self, region: &str) -> Option<String> {
        (region.matches(self.correct).count() == 1)
            .then(|| region.replacen(self.correct, self.broken, 1))
    }
}

pub const TWINS: &[Twin] = &[
    // A permit comes back, but nobody is told: a waiter sleeps next to it.
    Twin {
        name: "semaphore/missing_notify",
        example: "examples/semaphore.rs",
        anchor: "semaphore",
        correct: "        *self.semaphore.available.lock().unwrap() += 1;\n        self.semaphore.returned.notify_one();\n",
        broken: "        *self.semaphore.available.lock().unwrap() += 1;\n",
    },
    // The wake-up comes before the permit: the waiter looks too early, sees
    // none, sleeps again, and the permit that follows wakes nobody.
    Twin {
        name: "semaphore/notify_first",
        example: "examples/semaphore.rs",
        anchor: "semaphore",
        correct: "        *self.semaphore.available.lock().unwrap() += 1;\n        self.semaphore.returned.notify_one();\n",
        broken: "        self.semaphore.returned.notify_one();\n        *self.semaphore.available.lock().unwrap() += 1;\n",
    },
    // One permit taken, two given back: the count grows past the permits.
    Twin {
        name: "semaphore/double_release",
        example: "examples/semaphore.rs",
        anchor: "semaphore",
        correct: "        *self.semaphore.available.lock().unwrap() += 1;\n",
        broken: "        *self.semaphore.available.lock().unwrap() += 2;\n",
    },
    // `if` trusts the wake-up: a newcomer that took the permit first goes
    // unnoticed, and two threads hold the one permit.
    Twin {
        name: "semaphore/if_not_while",
        example: "examples/semaphore.rs",
        anchor: "semaphore",
        correct: "        while *available == 0 {\n",
        broken: "        if *available == 0 {\n",
    },
];
