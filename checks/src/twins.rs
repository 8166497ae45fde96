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
    // The spin lock is taken with `Relaxed`: still one holder at a time, but
    // the new holder is not ordered after the old one's writes.
    Twin {
        name: "spin_lock/relaxed_lock",
        example: "examples/spin_lock.rs",
        anchor: "spin_lock",
        correct: "while self.locked.swap(true, Ordering::Acquire) {",
        broken: "while self.locked.swap(true, Ordering::Relaxed) {",
    },
    // The one-shot sender sets `ready` with `Relaxed`: a receiver that sees
    // it is not ordered after the write of the message.
    Twin {
        name: "one_shot/relaxed_ready",
        example: "examples/one_shot.rs",
        anchor: "api",
        correct: "self.channel.ready.store(true, Ordering::Release);",
        broken: "self.channel.ready.store(true, Ordering::Relaxed);",
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
    // The store-buffering question's fence weakened from `SeqCst` to
    // `AcqRel`: each read may be answered before the other thread's store
    // is visible, and `(0, 0)` joins the possible outputs.
    Twin {
        name: "predict_store_buffering/acqrel_fence",
        example: "exercises/examples/predict_store_buffering.rs",
        anchor: "program",
        correct: "    fence(SeqCst);\n",
        broken: "    fence(AcqRel);\n",
    },
    // The same question with `SeqCst` on the store and the load, no fence.
    // The language forbids `(0, 0)` here too, but loom 0.7.2 treats `SeqCst`
    // accesses as `AcqRel` and reports it: a false alarm the book describes.
    Twin {
        name: "predict_store_buffering/seqcst_accesses",
        example: "exercises/examples/predict_store_buffering.rs",
        anchor: "program",
        correct: "    mine.store(1, Relaxed);\n    fence(SeqCst);\n    other.load(Relaxed)\n",
        broken: "    mine.store(1, SeqCst);\n    other.load(SeqCst)\n",
    },
    // Exercise 11's starter bug put back: `fetch_add` counts refused
    // requests too, so the u8 wraps and seats are sold again.
    Twin {
        name: "ex11_seats/wraps",
        example: "exercises/examples/ex11_seats.rs",
        anchor: "box_office",
        correct: "        self.next\n            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |next| {\n                (next < SEATS).then(|| next + 1)\n            })\n            .ok()\n",
        broken: "        let seat = self.next.fetch_add(1, Ordering::Relaxed);\n        (seat < SEATS).then_some(seat)\n",
    },
    // Exercise 11's tempting wrong fix: check, then add, in two steps, so
    // two buyers can both see a free seat and both take one.
    Twin {
        name: "ex11_seats/check_then_add",
        example: "exercises/examples/ex11_seats.rs",
        anchor: "box_office",
        correct: "        self.next\n            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |next| {\n                (next < SEATS).then(|| next + 1)\n            })\n            .ok()\n",
        broken: "        if self.next.load(Ordering::Relaxed) < SEATS {\n            Some(self.next.fetch_add(1, Ordering::Relaxed))\n        } else {\n            None\n        }\n",
    },
    // Exercise 14's starter bug put back: `unwrap` on a poisoned lock, so
    // every handler after the one that panicked panics too.
    Twin {
        name: "ex14_page_views/unwrap",
        example: "exercises/examples/ex14_page_views.rs",
        anchor: "lock",
        correct: "    views.lock().unwrap_or_else(|poisoned| {\n        // A handler panicked while it held the lock, so its update may be\n        // half done: `total` may count a request that no page does. The\n        // per-page counts are what `total` sums, so rebuild it from them.\n        let mut guard = poisoned.into_inner();\n        guard.total = guard.by_page.values().sum();\n        // Repaired: the next handler need not look again.\n        views.clear_poison();\n        guard\n    })\n",
        broken: "    views.lock().unwrap()\n",
    },
    // Exercise 14's tempting wrong fix: take the guard from the poison
    // without repairing it, so `total` keeps the half-counted request.
    Twin {
        name: "ex14_page_views/no_repair",
        example: "exercises/examples/ex14_page_views.rs",
        anchor: "lock",
        correct: "        let mut guard = poisoned.into_inner();\n        guard.total = guard.by_page.values().sum();\n",
        broken: "        let guard = poisoned.into_inner();\n",
    },
    // Exercise 15's starter bug put back: the units leave the warehouse
    // before the `.await`, and reach the shop after it, so an abort at the
    // `.await` loses them.
    Twin {
        name: "ex15_restock/split_by_await",
        example: "exercises/examples/ex15_restock.rs",
        anchor: "restock",
        correct: "    // The `.await` first: an abort stops a task only where it yields\n    // (or before it starts), and here the stock is still untouched.\n    van.drive().await;\n    // Then both halves under one guard, with no `.await` between them:\n    // nothing can stop the task in the middle, and no other task sees\n    // units that are in neither place.\n    let mut stock = stock.lock().unwrap();\n    stock.warehouse -= LOAD;\n    stock.shop += LOAD;\n",
        broken: "    stock.lock().unwrap().warehouse -= LOAD;\n    van.drive().await;\n    stock.lock().unwrap().shop += LOAD;\n",
    },
    // Exercise 10's starter bug put back: `push` never waits for room.
    Twin {
        name: "ex10_bounded_queue/unbounded",
        example: "exercises/examples/ex10_bounded_queue.rs",
        anchor: "queue",
        correct: "        while items.len() == self.capacity {\n            items = self.not_full.wait(items).unwrap();\n        }\n",
        broken: "",
    },
    // Exercise 12's starter bug put back: `try_lock` looks at the flag, then
    // sets it, in two steps, so two threads can both see it down.
    Twin {
        name: "ex12_try_lock/check_then_set",
        example: "exercises/examples/ex12_try_lock.rs",
        anchor: "spin_lock",
        correct: "        self.locked\n            .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)\n            .ok()\n            .map(|_| Guard {\n                lock: self,\n                _value: PhantomData,\n            })\n",
        broken: "        if self.locked.load(Ordering::Acquire) {\n            return None;\n        }\n        self.locked.store(true, Ordering::Relaxed);\n        Some(Guard {\n            lock: self,\n            _value: PhantomData,\n        })\n",
    },
    // Exercise 12's tempting weaker fix: one `compare_exchange`, but
    // `Relaxed` on success. Still one holder at a time, but the new holder
    // is not ordered after the old one's writes to the value.
    Twin {
        name: "ex12_try_lock/relaxed_success",
        example: "exercises/examples/ex12_try_lock.rs",
        anchor: "spin_lock",
        correct: ".compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)",
        broken: ".compare_exchange(false, true, Ordering::Relaxed, Ordering::Relaxed)",
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
    // The starter's `fetch_add` wraps: seats sold twice.
    ProgramTwin {
        name: "ex11_seats/wraps",
        program: "exercises/examples/ex11_seats.rs",
        anchor: "box_office",
        swap_in: SwapIn::Twin("ex11_seats/wraps"),
    },
    // The starter's `unwrap`: the handlers after the panic panic too.
    ProgramTwin {
        name: "ex14_page_views/unwrap",
        program: "exercises/examples/ex14_page_views.rs",
        anchor: "lock",
        swap_in: SwapIn::Twin("ex14_page_views/unwrap"),
    },
    // The poison ignored, not repaired: the total and the pages disagree.
    ProgramTwin {
        name: "ex14_page_views/no_repair",
        program: "exercises/examples/ex14_page_views.rs",
        anchor: "lock",
        swap_in: SwapIn::Twin("ex14_page_views/no_repair"),
    },
    // The starter's restock, split by its `.await`: an abort loses units.
    ProgramTwin {
        name: "ex15_restock/split_by_await",
        program: "exercises/examples/ex15_restock.rs",
        anchor: "restock",
        swap_in: SwapIn::Twin("ex15_restock/split_by_await"),
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
