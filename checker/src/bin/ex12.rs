//! Exercise 12's check: in one thread, `try_lock` takes a free lock and
//! refuses a held one; under loom, two threads call `try_lock` at once,
//! and never hold the lock both at the same time; then the same with a
//! value that loom watches, which each new holder must see as the last
//! holder left it; then the starter's program, under load.
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use checker::{
    Bound, Found, Lang, Report, check_the_program, leak, model, panic_message,
    run_program_if_asked, schedule,
};

#[allow(dead_code, unused_imports)]
mod program {
    use checker::notes;
    include!(concat!(env!("OUT_DIR"), "/ex12/program.rs"));
}

/// The region, `SpinLock` and its `Guard`, with its atomics from `$sync`.
/// Its `UnsafeCell` is std's, which loom does not see: the models put a
/// `loom::cell::UnsafeCell` inside the lock where they need loom to watch
/// the value.
macro_rules! spin_lock_module {
    ($name:ident, $sync:path) => {
        #[allow(dead_code, unused_imports)]
        mod $name {
            mod sync {
                pub use $sync::*;
            }
            include!(concat!(env!("OUT_DIR"), "/ex12/model.rs"));
        }
    };
}
spin_lock_module!(in_one_thread, checker::std_sync);
spin_lock_module!(under_loom, checker::loom_atomic_sync);

/// How long the check in one thread may take: a `try_lock` that waits for
/// the lock it holds itself never returns.
const ONE_THREAD_BOUND: Duration = Duration::from_secs(5);

/// In one thread: a free lock is taken, a held one refused, whether a
/// guard of `try_lock` or of `lock` holds it, and a lock let go is free.
fn one_thread(report: &Report) {
    let lang = report.lang;
    let (done, finished) = mpsc::channel();
    thread::spawn(move || {
        let mut found = Ok(());
        let panicked = panic_message(|| found = take_and_refuse(lang));
        let _ = done.send(match panicked {
            Some(message) => Err(lang.pick(
                format!("try_lock이 패닉을 일으켰습니다: {message}"),
                format!("try_lock panicked: {message}"),
            )),
            None => found,
        });
    });
    let found = finished.recv_timeout(ONE_THREAD_BOUND).unwrap_or_else(|_| {
        Err(lang.pick(
            format!("잠긴 락에서 try_lock이 {}초 안에 돌아오지 않았습니다. try_lock은 기다리지 않고 곧바로 None을 돌려줘야 합니다", ONE_THREAD_BOUND.as_secs()),
            format!("on a held lock, try_lock did not return within {} s: it must return None at once, not wait", ONE_THREAD_BOUND.as_secs()),
        ))
    });
    report.check(
        lang.pick("스레드 1개", "one thread"),
        found,
        lang.pick(
            "풀린 락은 잡고, 잡힌 락은 거절합니다",
            "takes a free lock, refuses a held one",
        ),
    );
}

fn take_and_refuse(lang: Lang) -> Found {
    use in_one_thread::SpinLock;
    let fail = |ko: &str, en: &str| Err(lang.pick(ko, en).to_string());
    let lock = SpinLock::new(0);
    let Some(first) = lock.try_lock() else {
        return fail(
            "새로 만들어 풀려 있는 락에서도 try_lock이 None을 돌려줍니다",
            "try_lock returns None on a new lock, which is free",
        );
    };
    if lock.try_lock().is_some() {
        return fail(
            "try_lock의 가드가 락을 쥐고 있는데, 두 번째 try_lock도 가드를 받습니다",
            "while a guard from try_lock holds the lock, a second try_lock gets a guard too",
        );
    }
    drop(first);
    let Some(again) = lock.try_lock() else {
        return fail(
            "가드를 놓은 뒤에도 try_lock이 None을 돌려줍니다. 실패한 try_lock이 플래그를 바꿔 두지 않는지 보세요",
            "after the guard was dropped, try_lock still returns None: look at what a failed try_lock leaves in the flag",
        );
    };
    drop(again);
    let held = lock.lock();
    if lock.try_lock().is_some() {
        return fail(
            "lock()이 락을 쥐고 있는데, try_lock도 가드를 받습니다",
            "while lock() holds the lock, try_lock gets a guard too",
        );
    }
    drop(held);
    if lock.try_lock().is_none() {
        return fail(
            "lock()의 가드를 놓은 뒤에도 try_lock이 None을 돌려줍니다",
            "after lock()'s guard was dropped, try_lock still returns None",
        );
    }
    Ok(())
}

/// Messages of the models' own assertions.
const TWO_HOLDERS: &str = "two holders at once";
const BOTH_REFUSED: &str = "both tries refused";
const NOT_FREED: &str = "not free after both";
const LOST: &str = "an increment was lost";

/// Two threads call `try_lock` once each, at the same time; one that gets
/// a guard adds 1 to the value through it (`add`), while `inside` counts
/// the holders. After both, the lock must be free and the value the number
/// of guards given out (`read`).
fn two_tries<T: Send + 'static>(
    lang: Lang,
    value: fn() -> T,
    add: fn(&mut T),
    read: fn(&T) -> usize,
) {
    use loom::sync::atomic::{AtomicUsize, Ordering};
    let name = move |n: usize| lang.pick(format!("스레드 {n}"), format!("thread {n}"));
    checker::logged_atomic::name(["locked".to_string()]);
    schedule::name(name(1));
    let lock = leak(under_loom::SpinLock::new(value()));
    // Relaxed: a count of holders, and it must order nothing. With
    // `AcqRel`, its own hand-over would order the holders' accesses to the
    // value and hide a `try_lock` that does not.
    let inside = leak(AtomicUsize::new(0));
    let try_once = move || match lock.try_lock() {
        Some(mut guard) => {
            schedule::log(lang.pick("try_lock → 가드를 받음", "try_lock → got a guard"));
            let others = inside.fetch_add(1, Ordering::Relaxed);
            if others > 0 {
                schedule::log(lang.pick(
                    "다른 스레드도 가드를 쥐고 있음",
                    "another thread holds a guard too",
                ));
            }
            assert_eq!(others, 0, "{TWO_HOLDERS}");
            schedule::log(lang.pick("값에 1을 더함", "adds 1 to the value"));
            add(&mut guard);
            inside.fetch_sub(1, Ordering::Relaxed);
            drop(guard);
            1
        }
        None => {
            schedule::log(lang.pick("try_lock → None", "try_lock → None"));
            0
        }
    };
    let other = {
        let name = name(2);
        loom::thread::spawn(move || {
            schedule::name(name);
            try_once()
        })
    };
    let got = try_once() + other.join().unwrap();
    assert!(got >= 1, "{BOTH_REFUSED}");
    // The check's own look: not part of the schedule unless it fails.
    let after = schedule::quietly(|| lock.try_lock().map(|guard| read(&guard)));
    let Some(value) = after else {
        schedule::log(lang.pick(
            "둘 다 끝난 뒤: try_lock → None",
            "after both: try_lock → None",
        ));
        panic!("{NOT_FREED}");
    };
    assert_eq!(value, got, "{LOST}");
}

/// Runs `test` under loom and reports it: `holds` says what every
/// execution showed.
fn two_threads(report: &Report, what_ko: &str, what_en: &str, holds: (&str, &str), test: fn(Lang)) {
    let lang = report.lang;
    let found = model(Bound::Every, move || test(lang));
    let what = report.pick(
        format!("loom, {what_ko}, {}", Bound::Every.describe(lang)),
        format!("loom, {what_en}, {}", Bound::Every.describe(lang)),
    );
    match found {
        Ok(executions) => report.line(report.pick(
            format!("{what}: {} (실행 {executions}가지)", holds.0),
            format!("{what}: {}, in {executions} executions", holds.1),
        )),
        Err((message, schedule)) => {
            report.counterexample(&what, &schedule);
            let reason = if message.contains(TWO_HOLDERS) {
                lang.pick(
                    "위의 순서에서 두 스레드가 동시에 가드를 쥡니다. 플래그를 보는 것과 올리는 것 사이에 다른 스레드가 같은 일을 할 수 있습니다",
                    "In the order above both threads hold a guard at the same time: between looking at the flag and raising it, the other thread can do the same",
                )
            } else if message.contains("Causality violation") {
                lang.pick(
                    "위의 순서에서 두 스레드가 차례로 락을 쥐지만, 뒤 스레드가 값에 접근하는 것과 앞 스레드가 값에 쓴 것 사이에 선행 관계가 없습니다(loom: Causality violation). 새로 락을 쥔 스레드가 앞 스레드가 쓴 값을 못 볼 수 있습니다. try_lock이 락을 잡을 때의 메모리 순서를 lock의 것과 비교해 보세요",
                    "In the order above the threads hold the lock one after the other, but the second holder's access to the value is not ordered after the first holder's write (loom: Causality violation): a new holder may not see what the last one wrote. Compare the ordering with which try_lock takes the lock with lock's",
                )
            } else if message.contains(BOTH_REFUSED) {
                lang.pick(
                    "위의 순서에서 두 스레드가 모두 None을 받습니다. 적어도 한 스레드에게는 락이 풀려 있었습니다",
                    "In the order above both threads get None, though the lock was free for at least one of them",
                )
            } else if message.contains(NOT_FREED) {
                lang.pick(
                    "두 스레드가 가드를 다 놓은 뒤에도 try_lock이 None을 돌려줍니다. 실패한 try_lock이 플래그를 바꿔 두지 않는지 보세요",
                    "After both threads dropped their guards, try_lock still returns None: look at what a failed try_lock leaves in the flag",
                )
            } else if message.contains(LOST) {
                lang.pick(
                    "위의 순서에서 1을 더한 것 하나가 사라집니다(갱신 손실)",
                    "In the order above an addition is lost",
                )
            } else if message.contains("maximum number of branches") {
                lang.pick(
                    "스레드가 끝나지 않습니다. try_lock은 락을 기다리지 말고 곧바로 돌아와야 합니다",
                    "a thread never finishes: try_lock must return at once, not wait for the lock",
                )
            } else {
                &message
            };
            report.not_yet(reason)
        }
    }
}

fn main() {
    run_program_if_asked(program::main);
    let report = Report::new();
    one_thread(&report);
    // The value is a `usize`: what this model checks is that one thread
    // at a time holds a guard.
    two_threads(
        &report,
        "스레드 2개가 동시에 try_lock",
        "2 threads call try_lock at once",
        ("가드를 쥔 스레드는 늘 하나", "never two holders at once"),
        |lang| two_tries(lang, || 0_usize, |n| *n += 1, |n| *n),
    );
    // The value is a cell that loom watches: each access to it must be
    // ordered after the last holder's write, by the lock's hand-over.
    two_threads(
        &report,
        "같은 모델, loom이 지켜보는 값",
        "the same, with a value that loom watches",
        (
            "새로 가드를 쥔 스레드는 늘 앞 스레드가 쓴 값을 봄",
            "each new holder sees the value as the last one left it",
        ),
        |lang| {
            two_tries(
                lang,
                || loom::cell::UnsafeCell::new(0_usize),
                // SAFETY: the guard says this thread alone holds the lock;
                // loom checks that claim, and that this access is ordered
                // after the last holder's.
                |cell| cell.with_mut(|n| unsafe { *n += 1 }),
                // SAFETY: as above; no other guard is left.
                |cell| cell.with(|n| unsafe { *n }),
            )
        },
    );
    check_the_program(
        &report,
        "두 스레드가 동시에 락을 쥔 적이 없습니다",
        "never two holders at once",
    );
    report.correct();
}
