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
    // The pool's shutdown wakes one worker where it must wake all: the
    // others sleep on, and `drop` waits for them forever.
    Twin {
        name: "thread_pool/drop_notify_one",
        example: "examples/thread_pool.rs",
        anchor: "thread_pool",
        correct: "        self.shared.job_ready.notify_all();\n",
        broken: "        self.shared.job_ready.notify_one();\n",
    },
    // The job does not catch its task's panic: the panic ends the worker.
    Twin {
        name: "thread_pool/uncaught_panic",
        example: "examples/thread_pool.rs",
        anchor: "thread_pool",
        correct: "panic::catch_unwind(AssertUnwindSafe(task))",
        broken: "Ok(task())",
    },
    // Exercise 5's starter bug put back: the thread sleeps through the
    // interval, then looks for a request, so a stop waits for the nap to end.
    Twin {
        name: "ex05_autosave/slept_through",
        example: "exercises/examples/ex05_autosave.rs",
        anchor: "autosave",
        correct: "stop_requested.recv_timeout(INTERVAL)",
        broken: "{ thread::sleep(INTERVAL); stop_requested.recv_timeout(Duration::ZERO) }",
    },
    // Exercise 5's other starter bug: a save only when the interval is up,
    // none on the way out, so the last edit is lost.
    Twin {
        name: "ex05_autosave/no_last_save",
        example: "exercises/examples/ex05_autosave.rs",
        anchor: "autosave",
        correct: "                save(&document, &saved);\n",
        broken: "                if woken_by == Err(RecvTimeoutError::Timeout) {\n                    save(&document, &saved);\n                }\n",
    },
    // Exercise 10's starter bug put back: `push` never waits for room.
    Twin {
        name: "ex10_bounded_queue/unbounded",
        example: "exercises/examples/ex10_bounded_queue.rs",
        anchor: "queue",
        correct: "        while items.len() == self.capacity {\n            items = self.not_full.wait(items).unwrap();\n        }\n",
        broken: "",
    },
];

/// A whole exercise solution with one anchored region swapped for a broken
/// one: the starter's region (the starter's bug put back), or a twin of
/// `TWINS`. `build.rs` writes it to `$OUT_DIR/programs/{name}.rs`, and the
/// intact program beside it, both without their `//!` lines, so that a test
/// can `include!` each into a module, run its `main`, and see the program's
/// own assertions fail on the twin and pass on the original
/// (`tests/exercise_twins.rs`).
pub struct ProgramTwin {
    /// The generated file: `$OUT_DIR/programs/{name}.rs`.
    pub name: &'static str,
    /// The solution, and the anchor whose region is swapped.
    pub program: &'static str,
    pub anchor: &'static str,
    pub swap_in: SwapIn,
}

/// What a `ProgramTwin` puts in place of the region.
pub enum SwapIn {
    /// The region of this anchor in another program: the starter's, as
    /// kept in `checker/wrong/` (a learner edits the one in `exercises/`).
    Region {
        program: &'static str,
        anchor: &'static str,
    },
    /// The twin of `TWINS` with this name, made from the same region.
    Twin(&'static str),
}

impl ProgramTwin {
    /// The program with the region swapped, or why it cannot be made.
    pub fn make(&self, root: &std::path::Path) -> Result<String, String> {
        let read = |file: &str| {
            std::fs::read_to_string(root.join(file)).map_err(|e| format!("{file}: {e}"))
        };
        let region = |file: &str, anchor: &str| {
            crate::book::anchored_region(&read(file)?, anchor)
                .ok_or_else(|| format!("{file} has no anchor `{anchor}`"))
        };
        let source = read(self.program)?;
        let correct = region(self.program, self.anchor)?;
        let broken = match self.swap_in {
            SwapIn::Region { program, anchor } => region(program, anchor)?,
            SwapIn::Twin(name) => {
                let twin = TWINS
                    .iter()
                    .find(|t| t.name == name)
                    .ok_or_else(|| format!("no twin named {name} in TWINS"))?;
                if (twin.example, twin.anchor) != (self.program, self.anchor) {
                    return Err(format!("twin {name} is not made from {}", self.anchor));
                }
                twin.put_into(&correct)
                    .ok_or_else(|| format!("twin {name} no longer fits its region"))?
            }
        };
        if source.matches(&correct).count() != 1 {
            return Err(format!("the region `{}` is not one block", self.anchor));
        }
        Ok(includable(&source.replacen(&correct, &broken, 1)))
    }
}

/// A program's source without its leading `//!` lines, which `include!`
/// does not accept.
pub fn includable(source: &str) -> String {
    source
        .lines()
        .skip_while(|line| line.starts_with("//!"))
        .map(|line| format!("{line}\n"))
        .collect()
}

pub const PROGRAM_TWINS: &[ProgramTwin] = &[
    // The starter's threads return nothing, and its total stays 0.
    ProgramTwin {
        name: "ex04_gather/starter",
        program: "exercises/examples/ex04_gather.rs",
        anchor: "spawn",
        swap_in: SwapIn::Region {
            program: "checker/wrong/ex04_gather_starter.rs",
            anchor: "starter",
        },
    },
    ProgramTwin {
        name: "ex05_autosave/slept_through",
        program: "exercises/examples/ex05_autosave.rs",
        anchor: "autosave",
        swap_in: SwapIn::Twin("ex05_autosave/slept_through"),
    },
    ProgramTwin {
        name: "ex05_autosave/no_last_save",
        program: "exercises/examples/ex05_autosave.rs",
        anchor: "autosave",
        swap_in: SwapIn::Twin("ex05_autosave/no_last_save"),
    },
    // The starter splits the text at spaces only, and locks for every word.
    ProgramTwin {
        name: "ex06_word_count/starter",
        program: "exercises/examples/ex06_word_count.rs",
        anchor: "parallel",
        swap_in: SwapIn::Region {
            program: "checker/wrong/ex06_word_count_starter.rs",
            anchor: "starter",
        },
    },
];
