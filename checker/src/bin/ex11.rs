//! Exercise 11's check: one buyer asks 600 times for 200 seats, one
//! request after another; then, under loom, buyers ask at once for 1, 2
//! and 3 seats, and for the exercise's 200 seats when the `u8` counter is
//! one step below its top; then the starter's program, under load. Every time, each seat is sold at
//! most once, only seats that exist are sold, and a request is refused
//! only when every seat is gone.
use checker::{
    Bound, Lang, Report, check_the_program, leak, model, run_program_if_asked, schedule,
};

#[allow(dead_code, unused_imports)]
mod program {
    use checker::notes;
    include!(concat!(env!("OUT_DIR"), "/ex11/program.rs"));
}

/// The region with `SEATS` seats (the file's `SEATS` is outside the
/// region), its atomics from `$sync`: `Office` builds the box office as the
/// file's `main` does and sells through the region's `sell`.
macro_rules! box_office {
    ($name:ident, $seats:expr, $sync:path) => {
        #[allow(dead_code, unused_imports)]
        mod $name {
            mod sync {
                pub use $sync::*;
            }
            pub const SEATS: u8 = $seats;
            include!(concat!(env!("OUT_DIR"), "/ex11/model.rs"));
            pub struct Office(BoxOffice);
            impl Office {
                pub fn new() -> Self {
                    Office(BoxOffice {
                        next: AtomicU8::new(0),
                    })
                }
                pub fn sell(&self) -> Option<u8> {
                    self.0.sell()
                }
            }
        }
    };
}
// std's `std::sync` for the requests made one after another.
box_office!(two_hundred, 200, checker::std_sync);
box_office!(one_seat, 1, checker::loom_atomic_sync);
box_office!(two_seats, 2, checker::loom_atomic_sync);
box_office!(three_seats, 3, checker::loom_atomic_sync);
box_office!(near_the_top, 200, checker::loom_atomic_sync);

/// What went wrong with some answers to requests for `seats` seats; each
/// request is its index among the answers.
#[derive(Clone, Copy, Debug)]
enum Problem {
    /// A seat sold twice: to request `first` and to request `request`.
    Twice {
        request: usize,
        seat: u8,
        first: usize,
    },
    /// A seat number from `seats` up.
    NoSuchSeat { request: usize, seat: u8 },
    /// `None` while seats were left: only `sold` of them were sold.
    Refused { request: usize, sold: usize },
}

/// The first problem with `answers`, whatever order the requests ran in:
/// each seat at most once, only seats below `seats`, and as many sold as
/// there were requests or seats, whichever is fewer.
fn judge(answers: &[Option<u8>], seats: u8) -> Result<(), Problem> {
    let mut buyer_of = [None; 256];
    for (request, answer) in answers.iter().enumerate() {
        let Some(seat) = *answer else { continue };
        if seat >= seats {
            return Err(Problem::NoSuchSeat { request, seat });
        }
        if let Some(first) = buyer_of[usize::from(seat)] {
            return Err(Problem::Twice {
                request,
                seat,
                first,
            });
        }
        buyer_of[usize::from(seat)] = Some(request);
    }
    let sold = answers.iter().flatten().count();
    match answers.iter().position(Option::is_none) {
        Some(request) if sold < usize::from(seats) => Err(Problem::Refused { request, sold }),
        _ => Ok(()),
    }
}

impl Problem {
    /// What the problem is, in the report's language, `who` naming each
    /// request.
    fn describe(self, lang: Lang, seats: u8, who: impl Fn(usize) -> String) -> String {
        match self {
            Problem::Twice {
                request,
                seat,
                first,
            } => lang.pick(
                format!("{}의 답이 좌석 {seat}번인데, 이 좌석은 이미 {}에 팔렸습니다", who(request), who(first)),
                format!("{} got seat {seat}, which {} had already bought", who(request), who(first)),
            ),
            Problem::NoSuchSeat { request, seat } => lang.pick(
                format!("{}의 답이 좌석 {seat}번인데, 좌석은 0번부터 {}번까지입니다", who(request), seats - 1),
                format!("{} got seat {seat}, but the seats are 0 to {}", who(request), seats - 1),
            ),
            Problem::Refused { request, sold } => lang.pick(
                format!("{}의 답이 None인데, 좌석 {seats}개 중 {sold}개만 팔렸습니다(남은 좌석이 있습니다)", who(request)),
                format!("{} got None, with seats still free ({sold} of {seats} sold)", who(request)),
            ),
        }
    }
}

/// The problem the last failed execution found, for its reason.
static FOUND: std::sync::Mutex<Option<Problem>> = std::sync::Mutex::new(None);

/// 600 requests, one after another, for the file's 200 seats.
fn in_a_row(report: &Report) {
    const REQUESTS: usize = 600;
    let lang = report.lang;
    let office = two_hundred::Office::new();
    let answers: Vec<Option<u8>> = (0..REQUESTS).map(|_| office.sell()).collect();
    let who = |i: usize| lang.pick(format!("요청 {}번", i + 1), format!("request {}", i + 1));
    let found = judge(&answers, 200).map_err(|problem| {
        let what = problem.describe(lang, 200, who);
        match problem {
            // Past request 256, a `u8` that every request moves has wrapped.
            Problem::Twice { request, .. } if request >= 256 => lang.pick(
                format!("{what}. 거절된 요청이 카운터에 무엇을 하는지, 그리고 u8이 255 다음에 무엇이 되는지 보세요"),
                format!("{what}. Look at what a refused request does to the counter, and at what a u8 becomes after 255"),
            ),
            _ => what,
        }
    });
    report.check(
        &lang.pick(
            format!("구매자 1명, 좌석 200개에 요청 {REQUESTS}번을 차례로"),
            format!("one buyer, {REQUESTS} requests in a row for 200 seats"),
        ),
        found,
        lang.pick(
            "좌석마다 한 번씩 팔고, 그다음은 모두 None",
            "every seat sold once, then None to every request",
        ),
    );
}

/// What a request got, as a schedule's line says it.
fn got(lang: Lang, answer: Option<u8>) -> String {
    match answer {
        Some(seat) => lang.pick(format!("좌석 {seat}번을 받음"), format!("got seat {seat}")),
        None => lang.pick("None을 받음".to_string(), "got None".to_string()),
    }
}

/// A loom model: `sold_before` requests, one after another, then `buyers`
/// buyers who ask once each, at the same time, then `after` requests once
/// they are done (which see what the buyers left the counter at).
macro_rules! buyers_model {
    ($module:ident, $report:expr, buyers: $buyers:expr, sold_before: $sold_before:expr, after: $after:expr, $what_ko:expr, $what_en:expr) => {{
        let report: &Report = $report;
        let lang = report.lang;
        let (buyers, sold_before, after): (usize, usize, usize) = ($buyers, $sold_before, $after);
        let found = model(Bound::Every, move || {
            let buyer = move |n: usize| lang.pick(format!("구매자 {n}"), format!("buyer {n}"));
            checker::logged_atomic::name(["next".to_string()]);
            schedule::name(buyer(1));
            let office = leak($module::Office::new());
            let mut answers: Vec<Option<u8>> =
                schedule::quietly(|| (0..sold_before).map(|_| office.sell()).collect());
            if sold_before > 0 {
                schedule::log(lang.pick(
                    format!("(앞선 요청 {sold_before}건 뒤)"),
                    format!("({sold_before} requests before)"),
                ));
            }
            let ask = move || {
                let answer = office.sell();
                schedule::log(got(lang, answer));
                answer
            };
            let others: Vec<_> = (2..=buyers)
                .map(|n| {
                    let name = buyer(n);
                    loom::thread::spawn(move || {
                        schedule::name(name);
                        ask()
                    })
                })
                .collect();
            answers.push(ask());
            answers.extend(others.into_iter().map(|o| o.join().unwrap()));
            for _ in 0..after {
                let answer = office.sell();
                schedule::log(format!(
                    "{}: {}",
                    lang.pick("구매자들 뒤의 요청", "a request after the buyers"),
                    got(lang, answer)
                ));
                answers.push(answer);
            }
            if let Err(problem) = judge(&answers, $module::SEATS) {
                *FOUND.lock().unwrap() = Some(problem);
                panic!("{problem:?}");
            }
        });
        let what = report.pick(
            format!("loom, {}, {}", $what_ko, Bound::Every.describe(lang)),
            format!("loom, {}, {}", $what_en, Bound::Every.describe(lang)),
        );
        match found {
            Ok(executions) => report.line(report.pick(
                format!("{what}: 두 번 팔린 좌석 없음, 있지도 않은 좌석을 판 적 없음, 좌석이 남았는데 None 없음 (실행 {executions}가지)"),
                format!("{what}: no seat sold twice, none that does not exist, no None while a seat is left, in {}", in_executions(executions)),
            )),
            Err((message, schedule)) => {
                report.counterexample(&what, &schedule);
                let found = FOUND.lock().unwrap().take();
                report.not_yet(&reason(lang, found, &message, $module::SEATS, sold_before, buyers))
            }
        }
    }};
}

/// The reason for a counterexample: what the buyers got, and where to look.
fn reason(
    lang: Lang,
    found: Option<Problem>,
    message: &str,
    seats: u8,
    sold_before: usize,
    buyers: usize,
) -> String {
    let Some(problem) = found else {
        return if message.contains("maximum number of branches") {
            lang.pick(
                "구매자가 끝나지 않습니다. 다른 구매자를 기다리며 끝없이 도는 반복문이 있는지 보세요".to_string(),
                "a buyer never finishes: look for a loop that waits for ever on another buyer".to_string(),
            )
        } else {
            message.to_string()
        };
    };
    let who = |i: usize| {
        if i < sold_before {
            lang.pick(
                format!("앞선 요청 {}번", i + 1),
                format!("request {} (before the buyers)", i + 1),
            )
        } else if i >= sold_before + buyers {
            lang.pick(
                "구매자들 뒤의 요청".to_string(),
                "the request after the buyers".to_string(),
            )
        } else {
            let n = i - sold_before + 1;
            lang.pick(format!("구매자 {n}"), format!("buyer {n}"))
        }
    };
    let what = problem.describe(lang, seats, who);
    let hint = match problem {
        Problem::Twice { .. } if sold_before > 0 => lang.pick(
            "좌석이 다 팔린 뒤 거절된 요청들이 카운터를 255 너머로 밀었고, 카운터는 0으로 돌아갔습니다. 남은 좌석이 없을 때 카운터가 어떻게 되는지 보세요",
            "With every seat sold, refused requests pushed the counter past 255, and it wrapped to 0: look at what happens to the counter when no seat is left",
        ),
        Problem::Twice { .. } | Problem::NoSuchSeat { .. } => lang.pick(
            "위의 순서에서 두 구매자가 모두 남은 좌석을 보고, 둘 다 카운터를 올립니다(Relaxed 읽기는 다른 구매자가 올리기 전의 값을 읽을 수도 있습니다). 확인과 증가 사이에 카운터가 바뀔 수 있습니다",
            "In the order above both buyers see a seat left (a Relaxed load may even read the value from before the other's add), and both move the counter: between the check and the add, the counter can change",
        ),
        Problem::Refused { .. } => lang.pick(
            "위의 순서에서 한 구매자는 좌석이 남았는데도 포기합니다. 다른 구매자가 먼저 카운터를 바꿨을 뿐입니다. 교환이 실패했다는 것은 매진이 아니라, 그사이 값이 바뀌었다는 뜻입니다",
            "In the order above a buyer gives up, with a seat left, only because another buyer moved the counter first: a failed exchange means the value changed in between, not that the seats are gone",
        ),
    };
    format!("{what}. {hint}")
}

/// "1 execution", "7 executions".
fn in_executions(n: usize) -> String {
    if n == 1 {
        "1 execution".to_string()
    } else {
        format!("{n} executions")
    }
}

fn main() {
    run_program_if_asked(program::main);
    let report = Report::new();
    in_a_row(&report);
    // Check, then add: two buyers both see the last seat.
    buyers_model!(one_seat, &report, buyers: 2, sold_before: 0, after: 0, "좌석 1개, 구매자 2명", "1 seat, 2 buyers");
    // More buyers than seats: the seats go, the rest get None.
    buyers_model!(two_seats, &report, buyers: 3, sold_before: 0, after: 0, "좌석 2개, 구매자 3명", "2 seats, 3 buyers");
    // As many seats as buyers: nobody may give up, however often the
    // counter moves under them (a retry with a limit gives up).
    buyers_model!(three_seats, &report, buyers: 3, sold_before: 0, after: 0, "좌석 3개, 구매자 3명", "3 seats, 3 buyers");
    // The exercise's 200 seats, sold, and 54 requests refused: the u8
    // counter is one step below its top when two buyers come at once, and a
    // last request after them sees where they left it.
    buyers_model!(
        near_the_top,
        &report,
        buyers: 2,
        sold_before: 254,
        after: 1,
        "좌석 200개가 다 팔리고 요청 54건이 거절된 뒤 구매자 2명, 그다음 요청 하나",
        "200 seats sold and 54 requests refused, then 2 buyers, then one more request"
    );
    check_the_program(
        &report,
        "모든 좌석을 정확히 한 번씩 팔았습니다",
        "every seat sold exactly once",
    );
    report.correct();
}
