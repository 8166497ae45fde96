//! Exercise 7's check: no table of philosophers can deadlock, whatever its
//! size, and the starter's program sees all of them eat.
use checker::{Bound, Report, check_the_program, leak, model, run_program_if_asked, schedule};

#[allow(dead_code, unused_imports)]
mod program {
    use checker::notes;
    include!(concat!(env!("OUT_DIR"), "/ex07/program.rs"));
}

#[allow(dead_code, unused_imports)]
mod table {
    mod sync {
        pub use checker::loom_sync::*;
    }
    include!(concat!(env!("OUT_DIR"), "/ex07/model.rs"));
    pub fn dine(forks: &[sync::Mutex<()>], seat: usize) {
        eat(forks, seat)
    }
}

/// Every philosopher of a table of `size` eats once, all at once.
fn dinner(report: &Report, size: usize, bound: Bound) {
    let lang = report.lang;
    let found = model(bound, move || {
        let name = |seat: usize| lang.pick(format!("철학자 {seat}"), format!("philosopher {seat}"));
        schedule::name(name(0));
        schedule::name_mutexes(
            (0..size).map(|f| lang.pick(format!("포크 {f}"), format!("fork {f}"))),
        );
        let forks: &'static Vec<_> = leak(
            (0..size)
                .map(|_| checker::loom_sync::Mutex::new(()))
                .collect(),
        );
        let others: Vec<_> = (1..size)
            .map(|seat| {
                let name = name(seat);
                loom::thread::spawn(move || {
                    schedule::name(name);
                    table::dine(forks, seat)
                })
            })
            .collect();
        table::dine(forks, 0);
        for other in others {
            other.join().unwrap();
        }
    });
    let what = report.pick(
        format!("loom, 철학자 {size}명, {}", bound.describe(lang)),
        format!("loom, {size} philosophers, {}", bound.describe(lang)),
    );
    match found {
        Ok(executions) => report.line(report.pick(
            format!("{what}: 교착 상태 없음 (실행 {executions}가지)"),
            format!("{what}: no deadlock in {executions} executions"),
        )),
        Err((message, schedule)) => {
            let deadlock = message.contains("deadlock");
            report.found_in(
                &what,
                if deadlock {
                    report.pick("교착 상태를 찾았습니다", "found a deadlock")
                } else {
                    report.pick("실패했습니다", "failed")
                },
                &schedule,
            );
            report.not_yet(&if deadlock {
                report.pick(
                    format!("철학자 {size}명이 위의 순서로 포크를 집으면 모두가 다음 사람을 기다립니다. 모두가 같은 방향으로 집지 않게 하세요"),
                    format!("with {size} philosophers, the order above leaves each waiting for the next: make sure not everyone picks up the forks in the same direction"),
                )
            } else {
                message
            })
        }
    }
}

fn main() {
    run_program_if_asked(program::main);
    let report = Report::new();
    dinner(&report, 3, Bound::Every);
    dinner(&report, 4, Bound::Every);
    dinner(&report, 5, Bound::Preemptions(3));
    check_the_program(&report, "모든 철학자가 먹었습니다", "all philosophers ate");
    report.correct();
}
