//! Exercise 8's check: under loom, two desks never get the same ticket and
//! the counter ends at two; then the starter's program, under load.
use checker::{Bound, Report, check_the_program, model, run_program_if_asked, schedule};

#[allow(dead_code, unused_imports)]
mod program {
    use checker::notes;
    include!(concat!(env!("OUT_DIR"), "/ex08/program.rs"));
}

#[allow(dead_code, unused_imports)]
mod ticket {
    mod sync {
        pub use checker::loom_sync::*;
    }
    include!(concat!(env!("OUT_DIR"), "/ex08/model.rs"));
    pub fn take(next: &sync::Mutex<u64>) -> u64 {
        take_ticket(next)
    }
}

fn main() {
    run_program_if_asked(program::main);
    let report = Report::new();
    let lang = report.lang;
    let found = model(Bound::Every, move || {
        let desk = |n: usize| lang.pick(format!("창구 {n}"), format!("desk {n}"));
        schedule::name(desk(1));
        schedule::name_mutexes([lang.pick("카운터", "the counter").to_string()]);
        let next = loom::sync::Arc::new(checker::loom_sync::Mutex::showing(0));
        let other = {
            let (next, name) = (next.clone(), desk(2));
            loom::thread::spawn(move || {
                schedule::name(name);
                let ticket = ticket::take(&next);
                schedule::log(lang.pick(format!("표 {ticket}번"), format!("ticket {ticket}")));
                ticket
            })
        };
        let mine = ticket::take(&next);
        schedule::log(lang.pick(format!("표 {mine}번"), format!("ticket {mine}")));
        let theirs = other.join().unwrap();
        assert_ne!(mine, theirs, "the same ticket twice");
        let counter = *next.lock().unwrap();
        assert_eq!(counter, 2, "the counter says {counter} after two tickets");
    });
    let what = report.pick(
        format!("loom, 창구 2개, {}", Bound::Every.describe(lang)),
        format!("loom, 2 desks, {}", Bound::Every.describe(lang)),
    );
    match found {
        Ok(executions) => report.line(report.pick(
            format!("{what}: 같은 표 없음 (실행 {executions}가지)"),
            format!("{what}: never the same ticket twice, in {executions} executions"),
        )),
        Err((message, schedule)) => {
            report.counterexample(&what, &schedule);
            report.not_yet(&if message.contains("the same ticket twice") {
                report.pick(
                    "위의 순서에서 두 창구가 같은 표를 받습니다. 읽기와 증가 사이에 다른 창구가 끼어들 수 있습니다".to_string(),
                    "in the order above both desks get the same ticket: another desk can come in between the read and the increment".to_string(),
                )
            } else if message.contains("deadlock") {
                report.pick("교착 상태입니다".to_string(), "a deadlock".to_string())
            } else {
                message
            })
        }
    }
    check_the_program(
        &report,
        "같은 표를 두 번 주지 않았습니다",
        "no ticket handed out twice",
    );
    report.correct();
}
