//! Programs for the stepper's loom models (tests/loom_levels.rs) that are an
//! anchored region with a change the model needs: the broken program a level
//! shows (a twin, as in `twins::TWINS`: one string replaced), or methods
//! that the region shows without their `impl` line (which `include!` cannot
//! take on its own). `build.rs` writes each to `$OUT_DIR/levels/NAME.rs`;
//! where the text to replace is gone, the region unchanged, which
//! tests/loom_levels.rs then reports.

pub struct LevelProgram {
    /// The generated file: `$OUT_DIR/levels/{name}.rs`.
    pub name: &'static str,
    /// The program and the anchor it copies.
    pub example: &'static str,
    pub anchor: &'static str,
    /// Text that must occur exactly once in the region, and its replacement.
    pub replace: Option<(&'static str, &'static str)>,
    /// Written before and after the region.
    pub wrap: (&'static str, &'static str),
}

impl LevelProgram {
    pub fn make(&self, region: &str) -> String {
        let code = match self.replace {
            Some((correct, broken)) if region.matches(correct).count() == 1 => {
                region.replacen(correct, broken, 1)
            }
            _ => region.to_string(),
        };
        format!("{}{code}{}", self.wrap.0, self.wrap.1)
    }
}

pub const LEVEL_PROGRAMS: &[LevelProgram] = &[
    // The lost wake-up level: `push` adds the item and tells nobody.
    LevelProgram {
        name: "lost_wakeup",
        example: "exercises/examples/ex10_bounded_queue.rs",
        anchor: "queue",
        replace: Some((
            "        drop(items);\n        self.not_empty.notify_one();\n",
            "        drop(items);\n",
        )),
        wrap: ("", ""),
    },
    // The lock fix: the two ways to update, as methods of the example's `Store`.
    LevelProgram {
        name: "lock_guard_explicit",
        example: "examples/lock_guard.rs",
        anchor: "explicit",
        replace: None,
        wrap: ("impl Store {\n", "}\n"),
    },
    LevelProgram {
        name: "lock_guard_scoped",
        example: "examples/lock_guard.rs",
        anchor: "scoped",
        replace: None,
        wrap: ("impl Store {\n", "}\n"),
    },
];
