//! Exercise 9's check: under loom, two transfers and an audit: the audit
//! always sees the whole amount, and nothing deadlocks; then the starter's
//! program, under load.
use checker::{Bound, Report, check_the_program, model, run_program_if_asked, schedule};

#[allow(dead_code, unused_imports)]
mod program {
    use checker::notes;
    include!(concat!(env!("OUT_DIR"), "/ex09/program.rs"));
}

#[allow(dead_code, unused_imports)]
mod bank {
    mod sync {
        pub use checker::loom_sync::*;
    }
    include!(concat!(env!("OUT_DIR"), "/ex09/model.rs"));
    pub struct Shared(Bank);
    impl Shared {
        pub fn new(balances: &[u64]) -> Self {
            Shared(Bank {
                accounts: balances.iter().map(|&b| sync::Mutex::showing(b)).collect(),
            })
        }
        pub fn transfer(&self, from: usize, to: usize, amount: u64) -> bool {
            self.0.transfer(from, to, amount)
        }
        pub fn total(&self) -> u64 {
            self.0.total()
        }
    }
}

fn main() {
    run_program_if_asked(program::main);
    let report = Report::new();
    let lang = report.lang;
    let found = model(Bound::Every, move || {
        schedule::name(lang.pick("감사", "audit"));
        schedule::name_mutexes(
            (0..2).map(|a| lang.pick(format!("계좌 {a}"), format!("account {a}"))),
        );
        let bank = checker::leak(bank::Shared::new(&[100, 100]));
        let transfers: Vec<_> = [(0, 1, 30), (1, 0, 50)]
            .into_iter()
            .map(|(from, to, amount)| {
                let name = lang.pick(format!("이체 {from}→{to}"), format!("transfer {from}→{to}"));
                loom::thread::spawn(move || {
                    schedule::name(name);
                    assert!(bank.transfer(from, to, amount));
                })
            })
            .collect();
        let total = bank.total();
        schedule::log(lang.pick(format!("합계 {total}"), format!("total {total}")));
        assert_eq!(total, 200, "an audit saw money in flight");
        for transfer in transfers {
            transfer.join().unwrap();
        }
        assert_eq!(bank.total(), 200, "money lost");
    });
    let what = report.pick(
        format!("loom, 이체 2건과 감사 1건, {}", Bound::Every.describe(lang)),
        format!(
            "loom, 2 transfers and an audit, {}",
            Bound::Every.describe(lang)
        ),
    );
    match found {
        Ok(executions) => report.line(report.pick(
            format!("{what}: 감사는 늘 200을 보고, 교착 상태 없음 (실행 {executions}가지)"),
            format!("{what}: the audit always sees 200, no deadlock, in {executions} executions"),
        )),
        Err((message, schedule)) => {
            report.counterexample(&what, &schedule);
            report.not_yet(&if message.contains("money in flight") {
                report.pick(
                    "위의 순서에서 감사가 이체 도중의 돈을 놓칩니다. 이체는 두 계좌의 락을, 감사는 모든 계좌의 락을 한꺼번에 쥐고 있어야 합니다".to_string(),
                    "in the order above the audit misses money in flight: a transfer must hold both accounts, and the audit all of them, at once".to_string(),
                )
            } else if message.contains("deadlock") {
                report.pick(
                    "위의 순서에서 교착 상태가 됩니다. 모두가 같은 순서(예: 계좌 번호 순)로 락을 잡으세요".to_string(),
                    "the order above deadlocks: lock the accounts in one order for everyone (by index, say)".to_string(),
                )
            } else {
                message
            })
        }
    }
    check_the_program(
        &report,
        "모든 감사가 200을 보았습니다",
        "every audit saw 200",
    );
    report.correct();
}
