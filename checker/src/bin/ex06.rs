//! Exercise 6's check: the starter's own program, with the learner's region,
//! run several times with the other core kept busy, says the counts are
//! right; then `par_word_count` takes no lock (its region compiled against a
//! `Mutex` that counts its locks). (No loom model: what the program checks
//! does not depend on how its threads interleave.)
use std::sync::atomic::Ordering;

use checker::counting_sync::LOCKS;
use checker::{Report, check_the_program, run_program_if_asked};

#[allow(dead_code, unused_imports)]
mod program {
    use checker::notes;
    include!(concat!(env!("OUT_DIR"), "/ex06/program.rs"));
}

#[allow(dead_code, unused_imports)]
mod parallel {
    mod sync {
        pub use checker::counting_sync::*;
    }
    include!(concat!(env!("OUT_DIR"), "/ex06/model.rs"));
    pub fn count(text: &str) -> usize {
        par_word_count(text).len()
    }
}

fn main() {
    run_program_if_asked(program::main);
    let report = Report::new();
    check_the_program(
        &report,
        "병렬로 센 수가 순차로 센 수와 같습니다",
        "the parallel counts equal the sequential ones",
    );
    let text = "the quick brown fox\njumps over the lazy dog\n".repeat(1_000);
    parallel::count(&text);
    let locks = LOCKS.load(Ordering::Relaxed);
    let found = if locks == 0 {
        Ok(())
    } else {
        Err(report.pick(
            format!("par_word_count가 아직 락을 {locks}번 잡습니다. rayon의 작업마다 자기 맵에 세고(fold) 맵을 합치세요(reduce)"),
            format!("par_word_count still takes a lock, {locks} times: let each rayon task count into a map of its own (fold), then merge the maps (reduce)"),
        ))
    };
    report.check(
        report.pick(
            "락을 세는 Mutex로 par_word_count 실행",
            "par_word_count with a Mutex that counts its locks",
        ),
        found,
        report.pick("락 없음", "no lock taken"),
    );
    report.correct();
}
