//! Exercise 14's check: the learner's `lock_views`, called by the starter's
//! `record` from handler threads run one after another, with malformed
//! requests (and a handler that panics having changed nothing) at chosen
//! points; after each scenario no handler with well-formed requests has
//! panicked, the pages hold exactly their views, `total` is their sum, and
//! the lock is not poisoned. Then the starter's program, under load. (No
//! loom model: loom does not model poisoning, and each handler starts only
//! after the one before it has ended, so the outcome does not depend on
//! how threads interleave.)
use std::collections::BTreeMap;
use std::panic;
use std::thread;
use std::time::Duration;

use checker::{Report, check_the_program, panic_payload_message, run_program_if_asked, watchdog};

#[allow(dead_code, unused_imports)]
mod program {
    use checker::notes;
    include!(concat!(env!("OUT_DIR"), "/ex14/program.rs"));
}

/// The learner's `lock_views`, with the starter's `Views` and `record`
/// around it as they are outside the region (full paths: the region's
/// `use` lines are the file's, and may name the same things).
#[allow(dead_code, unused_imports)]
mod handlers {
    use checker::std_sync as sync;

    /// Page views, counted per page; `total` is always their sum.
    #[derive(Debug, Default)]
    pub struct Views {
        pub by_page: std::collections::BTreeMap<String, u64>,
        pub total: u64,
    }

    include!(concat!(env!("OUT_DIR"), "/ex14/model.rs"));

    /// The starter's `record`.
    pub fn record(views: &std::sync::Mutex<Views>, request: &str) {
        let mut views = lock_views(views);
        views.total += 1;
        let (_, page) = request.split_once(' ').expect("a request is METHOD PATH");
        *views.by_page.entry(page.to_string()).or_default() += 1;
    }

    /// A handler that reads the views and panics with the guard held,
    /// having changed nothing: the poison alone does not say that anything
    /// was left half done.
    pub fn report(views: &std::sync::Mutex<Views>) {
        let views = lock_views(views);
        let total = views.total;
        panic!("the report failed after reading a total of {total}");
    }
}

/// What one handler thread does.
#[derive(Clone, Copy)]
enum Handler {
    /// Serves these request lines in order; a malformed one panics in
    /// `record` with the lock held, and the handler ends there.
    Requests(&'static [&'static str]),
    /// Reads the views and panics with the lock held, changing nothing.
    PanickingReport,
}

use Handler::{PanickingReport, Requests};

impl Handler {
    /// Whether the handler is meant to panic: it has a malformed line, or
    /// it is the report. A handler that is not must carry on.
    fn panics(self) -> bool {
        match self {
            Requests(lines) => lines.iter().any(|l| !l.contains(' ')),
            PanickingReport => true,
        }
    }

    fn run(self, views: &std::sync::Mutex<handlers::Views>) {
        match self {
            Requests(lines) => lines.iter().for_each(|l| handlers::record(views, l)),
            PanickingReport => handlers::report(views),
        }
    }
}

/// A scenario: its name, and handlers run one after another.
struct Scenario {
    ko: &'static str,
    en: &'static str,
    handlers: &'static [Handler],
}

const SCENARIOS: &[Scenario] = &[
    Scenario {
        ko: "첫 요청부터 잘못된 경우",
        en: "a malformed first request",
        handlers: &[Requests(&["GET/about"]), Requests(&["GET /", "GET /about"])],
    },
    Scenario {
        ko: "요청 2개 다음에 잘못된 요청, 그 뒤 처리기 3개",
        en: "two requests, then a malformed one, then three handlers",
        handlers: &[
            Requests(&["GET /", "GET /about", "GET/about"]),
            Requests(&["GET /", "GET /", "GET /"]),
            Requests(&["GET /about", "GET /about", "GET /about"]),
            Requests(&["GET /blog", "GET /blog", "GET /blog"]),
        ],
    },
    Scenario {
        ko: "잘못된 요청이 잇달아 두 번",
        en: "two malformed requests in a row",
        handlers: &[
            Requests(&["GET /", "GET/a"]),
            Requests(&["GET/b"]),
            Requests(&["GET /"]),
        ],
    },
    Scenario {
        ko: "나중 처리기들의 패닉",
        en: "panics in later handlers",
        handlers: &[
            Requests(&["GET /"]),
            Requests(&["GET /a", "GET/x"]),
            Requests(&["GET /b"]),
            Requests(&["GET/y"]),
            Requests(&["GET /c"]),
        ],
    },
    Scenario {
        ko: "아무것도 바꾸지 않고 락을 쥔 채 패닉을 일으키는 처리기",
        en: "a handler that panics with the lock held, having changed nothing",
        handlers: &[
            Requests(&["GET /"]),
            PanickingReport,
            Requests(&["GET /about"]),
        ],
    },
];

/// The views each page should have: every well-formed request served
/// before its handler's first malformed one.
fn expected(handlers: &[Handler]) -> BTreeMap<String, u64> {
    let mut pages = BTreeMap::new();
    for handler in handlers {
        if let Requests(lines) = handler {
            for line in lines.iter().take_while(|l| l.contains(' ')) {
                let (_, page) = line.split_once(' ').unwrap();
                *pages.entry(page.to_string()).or_default() += 1;
            }
        }
    }
    pages
}

/// Runs the scenario's handlers one after another, each in a thread of its
/// own, and says what is wrong afterwards, if anything.
fn run(report: &Report, scenario: &Scenario) -> Result<String, String> {
    let views = std::sync::Mutex::new(handlers::Views::default());
    for (n, handler) in scenario.handlers.iter().enumerate() {
        let outcome = thread::scope(|s| s.spawn(|| handler.run(&views)).join());
        match outcome {
            Err(payload) if !handler.panics() => {
                let message = panic_payload_message(&*payload);
                return Err(if message.contains("PoisonError") {
                    report.pick(
                        format!("{}번째 처리기가 오염된 락에서 패닉을 일으켰습니다({message}). lock()이 돌려준 Err를 unwrap하면 앞선 패닉이 이 처리기의 패닉으로 번집니다. PoisonError 안에 무엇이 들어 있는지 보세요", n + 1),
                        format!("handler {} panicked on the poisoned lock ({message}): `unwrap` on what `lock()` returns turns the earlier panic into a panic of its own; look at what a `PoisonError` holds", n + 1),
                    )
                } else {
                    report.pick(
                        format!("{}번째 처리기가 패닉을 일으켰습니다: {message}", n + 1),
                        format!("handler {} panicked: {message}", n + 1),
                    )
                });
            }
            Ok(()) if handler.panics() => {
                // The harness's own malformed request did not panic: the
                // region cannot change `record`, so this does not happen.
                unreachable!("handler {} did not panic", n + 1)
            }
            _ => {}
        }
    }
    let poisoned = views.is_poisoned();
    let views = views.into_inner().unwrap_or_else(|e| e.into_inner());
    let sum: u64 = views.by_page.values().sum();
    let expected = expected(scenario.handlers);
    if views.total > sum {
        return Err(report.pick(
            format!("total은 {}인데 페이지별 조회수의 합은 {sum}입니다. 패닉을 일으킨 처리기가 total에 센 요청이 그대로 남아 있습니다. PoisonError에서 꺼낸 가드의 데이터는 패닉이 남긴 그대로이니, 다음 처리기에 넘기기 전에 바로잡으세요", views.total),
            format!("`total` says {}, the pages add up to {sum}: the request the panicking handler counted in `total` is still there; the guard out of a `PoisonError` holds the data as the panic left it, so repair it before you hand it on", views.total),
        ));
    }
    if views.total < sum {
        return Err(report.pick(
            format!("total은 {}인데 페이지별 조회수의 합은 {sum}입니다. 바로잡으면서 패닉이 더한 것보다 많이 뺐습니다. 락이 오염되었다는 사실만으로는 패닉을 일으킨 처리기가 무엇을 하다 멈췄는지 알 수 없습니다. 짐작하지 말고 데이터가 말해 주는 값으로 바로잡으세요", views.total),
            format!("`total` says {}, the pages add up to {sum}: the repair took away more than the panic added. A poisoned lock does not say what the panicking handler had done; repair from what the data says, not from a guess", views.total),
        ));
    }
    if views.by_page != expected {
        return Err(report.pick(
            format!("페이지별 조회수가 {:?}여야 하는데 {:?}입니다. 바로잡으면서 맞던 수까지 바꿨습니다", expected, views.by_page),
            format!("the pages should hold {:?}, they hold {:?}: the repair changed counts that were right", expected, views.by_page),
        ));
    }
    if poisoned {
        return Err(report.pick(
            "마지막 처리기 뒤에도 락이 아직 오염되어 있습니다. 그러면 바로잡은 뒤에도 다음 처리기마다 락이 오염된 것을 보고 또 바로잡습니다. 데이터가 다시 온전하다고 Mutex에 알리는 메서드가 있습니다".to_string(),
            "the lock is still poisoned after the last handler: every handler after the repair finds the poison again and repairs again; `Mutex` has a method for saying its data is sound again".to_string(),
        ));
    }
    Ok(report.pick(
        format!("페이지별 수 맞음, total {sum} = 그 합, 락 오염 없음"),
        format!("the pages as expected, total {sum} = their sum, the lock not poisoned"),
    ))
}

/// How long the scenarios may take: a handler that never returns holds a
/// lock it already holds (std's `Mutex` is not reentrant).
const BOUND: Duration = Duration::from_secs(10);

fn main() {
    run_program_if_asked(program::main);
    let report = Report::new();
    let lang = report.lang;
    let watchdog = watchdog(
        BOUND,
        &report,
        lang.pick(
            format!("처리기가 {}초 안에 끝나지 않았습니다", BOUND.as_secs()),
            format!("a handler did not end within {} s", BOUND.as_secs()),
        ),
    );
    report.line(report.pick(
        "처리기를 하나씩 차례로 실행 (잘못된 요청에서 패닉):",
        "handlers run one after another (a malformed request panics):",
    ));
    // The handlers' panics are the scenarios' own; their messages would
    // only clutter the report.
    panic::set_hook(Box::new(|_| {}));
    for scenario in SCENARIOS {
        let found = run(&report, scenario);
        let what = format!("  {}", report.pick(scenario.ko, scenario.en));
        match found {
            Ok(fine) => report.line(format!("{what}: {fine}")),
            Err(reason) => {
                let _ = panic::take_hook();
                report.check(&what, Err(reason), "");
            }
        }
    }
    let _ = panic::take_hook();
    watchdog.stop();
    check_the_program(
        &report,
        "모든 처리기가 계속 일했고 조회수가 맞습니다",
        "every handler carried on, and the views add up",
    );
    report.correct();
}
