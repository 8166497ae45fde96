//! Exercise 4's check: the starter's own program, with the learner's
//! region, run several times with the other core kept busy; its verdict line
//! decides. (No loom model: what the program checks does not depend on
//! how its threads interleave.)
use checker::{Report, check_the_program, run_program_if_asked};

#[allow(dead_code, unused_imports)]
mod program {
    use checker::notes;
    include!(concat!(env!("OUT_DIR"), "/ex04/program.rs"));
}

fn main() {
    run_program_if_asked(program::main);
    let report = Report::new();
    check_the_program(
        &report,
        "부분의 합이 전체와 같습니다",
        "the parts add up to the whole",
    );
    report.correct();
}
