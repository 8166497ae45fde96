//! Exercise 5's check: the starter's own program, with the learner's
//! region, run several times with the other core kept busy; its verdict line
//! decides. (No loom model: a thread that sleeps through the stop request
//! lets its last wait run to the deadline on every run, and a missing last
//! save shows on every run that stops a fifth of an interval in.)
use checker::{Report, check_the_program, run_program_if_asked};

#[allow(dead_code, unused_imports)]
mod program {
    use checker::notes;
    include!(concat!(env!("OUT_DIR"), "/ex05/program.rs"));
}

fn main() {
    run_program_if_asked(program::main);
    let report = Report::new();
    check_the_program(
        &report,
        "대기가 끝나기 전에 멈추고 마지막 편집을 저장했습니다",
        "stopped before its wait was over, and saved the last edit",
    );
    report.correct();
}
