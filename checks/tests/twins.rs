//! Every broken twin (`src/twins.rs`) still carries its bug: the text it
//! replaces is in its example's anchored region exactly once. `build.rs`
//! makes the twins from those regions; if the text were gone, the twin would
//! be the correct code, and loom's rejection of it could not hold.

use std::fs;

use checks::twins::{PROGRAM_TWINS, TWINS};
use checks::{book, root};

#[test]
fn every_twin_is_its_region_with_one_bug() {
    let mut problems = Vec::new();
    for twin in TWINS {
        let source = fs::read_to_string(root().join(twin.example)).unwrap();
        let Some(region) = book::anchored_region(&source, twin.anchor) else {
            problems.push(format!("{} has no anchor `{}`", twin.example, twin.anchor));
            continue;
        };
        if twin.put_into(&region).is_none() {
            problems.push(format!(
                "twin {}: the anchor `{}` of {} holds {} copies of {:?}, not one: change the twin in checks/src/twins.rs",
                twin.name,
                twin.anchor,
                twin.example,
                region.matches(twin.correct).count(),
                twin.correct
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every program twin (`PROGRAM_TWINS`) can still be made: its program has
/// the anchor, in one block, and what it swaps in is there.
#[test]
fn every_program_twin_is_its_program_with_one_region_swapped() {
    let problems: Vec<String> = PROGRAM_TWINS
        .iter()
        .filter_map(|twin| {
            let why = twin.make(&root()).err()?;
            Some(format!("program twin {}: {why}", twin.name))
        })
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
