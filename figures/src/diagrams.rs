//! The book's diagrams (they were ASCII art, which cannot line Hangul up
//! with Latin letters): drawn here, in both languages, with the same classes
//! and the same text alternative as the timelines.

use svg::Document;
use svg::node::element::{Description, Group, Line, Path, Rectangle, Style, Text, Title};

use crate::Lang;

/// Draws a diagram in one language.
pub type Draw = fn(Lang) -> String;

/// Every diagram: its file name (without `.svg`) and how to draw it.
pub const ALL: &[(&str, Draw)] = &[
    ("memory-layout", memory_layout),
    ("queue", queue),
    ("pool", pool),
    ("race-steps", race_steps),
    ("race-memory", race_memory),
    ("store-buffers", store_buffers),
];

const WIDTH: f64 = 600.0;
const FONT: f64 = 13.0;

/// Picks the Korean or the English text.
fn t(lang: Lang, ko: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Ko => ko,
        Lang::En => en,
    }
}

fn document(id: &str, height: f64, title: &str, desc: &str, body: Group) -> String {
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let style = crate::stylesheet(&body.to_string());
    Document::new()
        .set("viewBox", (0, 0, WIDTH, height))
        .set("class", "fig fig-diagram")
        .set("role", "img")
        .set("aria-labelledby", format!("{title_id} {desc_id}"))
        .set("font-size", FONT)
        .set("fill", "currentColor")
        .add(Title::new(title).set("id", title_id))
        .add(
            Description::new()
                .set("id", desc_id)
                .add(svg::node::Text::new(desc)),
        )
        .add(Style::new(style))
        .add(body)
        .to_string()
}

/// A box with a class (`fig-box`, `fig-box-shared`, `fig-box-own`, `fig-box-stack`).
fn rect(class: &str, x: f64, y: f64, w: f64, h: f64) -> Rectangle {
    Rectangle::new()
        .set("class", format!("fig-box {class}"))
        .set("x", x)
        .set("y", y)
        .set("width", w)
        .set("height", h)
        .set("rx", 4)
        .set("fill", "none")
        .set("stroke", "currentColor")
}

fn text(x: f64, y: f64, content: &str) -> Text {
    Text::new(content).set("x", x).set("y", y)
}

fn centred(x: f64, y: f64, content: &str) -> Text {
    text(x, y, content).set("text-anchor", "middle")
}

fn strong(x: f64, y: f64, content: &str) -> Text {
    text(x, y, content).set("font-weight", "bold")
}

fn code(x: f64, y: f64, content: &str) -> Text {
    text(x, y, content).set("class", "fig-code")
}

/// A line from (x1, y1) to (x2, y2) with an arrowhead at the end (and at
/// the start too if `both`), drawn as paths: no `<marker>`, whose ids would
/// clash when a page shows two figures.
fn arrow(x1: f64, y1: f64, x2: f64, y2: f64, both: bool) -> Group {
    let head = |(xa, ya): (f64, f64), (xb, yb): (f64, f64)| {
        let (dx, dy) = (xb - xa, yb - ya);
        let len = (dx * dx + dy * dy).sqrt().max(1.0);
        let (ux, uy) = (dx / len, dy / len);
        let (bx, by) = (xb - ux * 9.0, yb - uy * 9.0);
        let r = |v: f64| (v * 10.0).round() / 10.0;
        format!(
            "M{},{}L{},{}L{},{}Z",
            r(xb),
            r(yb),
            r(bx - uy * 4.5),
            r(by + ux * 4.5),
            r(bx + uy * 4.5),
            r(by - ux * 4.5)
        )
    };
    let mut group = Group::new().set("class", "fig-arrow").add(
        Line::new()
            .set("x1", x1)
            .set("y1", y1)
            .set("x2", x2)
            .set("y2", y2)
            .set("stroke", "currentColor")
            .set("stroke-width", 1.5),
    );
    group = group.add(Path::new().set("d", head((x1, y1), (x2, y2))));
    if both {
        group = group.add(Path::new().set("d", head((x2, y2), (x1, y1))));
    }
    group
}

/// A note beside a box: a short line from the box's edge, then the words.
fn note(x: f64, y: f64, lines: &[&str]) -> Group {
    let mut group = Group::new().set("class", "fig-note");
    for (i, line) in lines.iter().enumerate() {
        group = group.add(text(x, y + i as f64 * (FONT + 3.0), line));
    }
    group
}

/// processes-and-threads: one process's code, data, heap and one stack per
/// thread, all in one address space; another process with its own of each.
pub fn memory_layout(lang: Lang) -> String {
    let (x, w) = (14.0, 392.0);
    let notes_x = x + w + 16.0;
    let mut body = Group::new();
    body = body.add(strong(
        x,
        22.0,
        t(
            lang,
            "프로세스 A: 하나의 주소 공간",
            "process A: one address space",
        ),
    ));
    body = body.add(rect("fig-box-process", x, 32.0, w, 262.0));
    let rows = [
        (
            t(lang, "코드", "code"),
            t(
                lang,
                "fn main, fn run_child, 클로저",
                "fn main, fn run_child, closures",
            ),
            [t(lang, "모든 스레드가 공유", "shared by all threads"), ""],
        ),
        (
            t(lang, "데이터", "data"),
            t(
                lang,
                "static 변수, 문자열 리터럴",
                "statics, string literals",
            ),
            [t(lang, "공유", "shared"), ""],
        ),
        (
            t(lang, "힙", "heap"),
            t(
                lang,
                "Box, Vec, String, Arc 안의 값",
                "Box, Vec, String, the value in an Arc",
            ),
            [t(lang, "공유", "shared"), ""],
        ),
    ];
    for (i, (name, what, side)) in rows.iter().enumerate() {
        let y = 44.0 + i as f64 * 44.0;
        body = body
            .add(rect("fig-box-shared", x + 12.0, y, w - 24.0, 34.0))
            .add(strong(x + 24.0, y + 22.0, name))
            .add(text(x + 76.0, y + 22.0, what).set("class", "fig-small"))
            .add(arrow(
                notes_x - 4.0,
                y + 17.0,
                x + w - 10.0,
                y + 17.0,
                false,
            ))
            .add(note(notes_x, y + 21.0, &side[..1]));
    }
    let stacks = [
        "main",
        t(lang, "스레드 1", "thread 1"),
        t(lang, "스레드 2", "thread 2"),
    ];
    let (sy, sw) = (186.0, 114.0);
    for (i, name) in stacks.iter().enumerate() {
        let sx = x + 12.0 + i as f64 * (sw + 10.0);
        body = body
            .add(rect("fig-box-stack", sx, sy, sw, 94.0))
            .add(
                centred(
                    sx + sw / 2.0,
                    sy + 20.0,
                    &format!("{name}{}", t(lang, "의 스택", "'s stack")),
                )
                .set("class", "fig-small")
                .set("font-weight", "bold"),
            )
            .add(
                centred(
                    sx + sw / 2.0,
                    sy + 50.0,
                    t(lang, "지역 변수,", "local variables,"),
                )
                .set("class", "fig-small"),
            )
            .add(
                centred(
                    sx + sw / 2.0,
                    sy + 68.0,
                    t(lang, "호출 프레임", "call frames"),
                )
                .set("class", "fig-small"),
            );
    }
    body = body
        .add(arrow(
            notes_x - 4.0,
            sy + 47.0,
            x + w - 10.0,
            sy + 47.0,
            false,
        ))
        .add(note(
            notes_x,
            sy + 30.0,
            &[
                t(lang, "스레드마다 하나씩,", "one per thread,"),
                t(lang, "모두 한 주소 공간 안:", "all in one address"),
                t(lang, "다른 스레드도 포인터로", "space: reachable"),
                t(lang, "닿을 수 있습니다", "through a pointer"),
            ],
        ));
    // IPC between the two processes.
    let mid = x + w / 2.0;
    body = body
        .add(arrow(mid, 300.0, mid, 346.0, true))
        .add(text(
            mid + 14.0,
            328.0,
            t(
                lang,
                "IPC: 파이프, 소켓, 파일, 공유 메모리",
                "IPC: pipe, socket, file, shared memory",
            ),
        ))
        .add(rect("fig-box-process", x, 352.0, w, 40.0))
        .add(strong(x + 12.0, 377.0, t(lang, "프로세스 B", "process B")))
        .add(text(
            x + 100.0,
            377.0,
            t(
                lang,
                "코드, 데이터, 힙, 스택: 모두 자기 것",
                "code, data, heap, stack: all its own",
            ),
        ));
    document(
        "fig-memory-layout",
        404.0,
        t(
            lang,
            "프로세스와 스레드의 메모리",
            "The memory of processes and threads",
        ),
        t(
            lang,
            "프로세스 A 안에서 코드, 데이터(static 변수와 문자열 리터럴), 힙은 모든 스레드가 공유합니다. 스택은 main, 스레드 1, 스레드 2마다 하나씩 있지만 모두 같은 주소 공간 안에 있습니다. 프로세스 B는 코드, 데이터, 힙, 스택을 모두 따로 가지며, 두 프로세스는 파이프, 소켓, 파일, 공유 메모리 같은 IPC로만 주고받습니다.",
            "In process A, the code, the data (statics and string literals) and the heap are shared by all threads. There is one stack per thread (main, thread 1, thread 2), all in the same address space. Process B has its own code, data, heap and stack; the two processes exchange data only through IPC: pipes, sockets, files, shared memory.",
        ),
        body,
    )
}

/// producer-consumer: the producer sends into a bounded queue, the consumer receives.
pub fn queue(lang: Lang) -> String {
    let mut body = Group::new();
    let (px, cx, y) = (14.0, 490.0, 60.0);
    body = body
        .add(
            centred(
                px + 48.0,
                24.0,
                t(lang, "네트워크 스레드", "network thread"),
            )
            .set("class", "fig-small"),
        )
        .add(rect("fig-box-own", px, 34.0, 96.0, 44.0))
        .add(centred(px + 48.0, 61.0, t(lang, "생산자", "producer")))
        .add(
            centred(cx + 48.0, 24.0, t(lang, "작업자 스레드", "worker thread"))
                .set("class", "fig-small"),
        )
        .add(rect("fig-box-own", cx, 34.0, 96.0, 44.0))
        .add(centred(cx + 48.0, 61.0, t(lang, "소비자", "consumer")));
    // Ten slots, three taken.
    let (qx, slot) = (165.0, 26.0);
    for i in 0..10 {
        let sx = qx + i as f64 * slot;
        let class = if i >= 7 {
            "fig-box-full"
        } else {
            "fig-box-empty"
        };
        body = body.add(rect(class, sx, y - 20.0, slot, 32.0));
        if i >= 7 {
            body = body.add(centred(sx + slot / 2.0, y + 1.0, "m"));
        }
    }
    let qend = qx + 10.0 * slot;
    body = body
        .add(arrow(px + 100.0, y - 4.0, qx - 4.0, y - 4.0, false))
        .add(centred((px + 96.0 + qx) / 2.0, y - 12.0, "send").set("class", "fig-code"))
        .add(arrow(qend + 4.0, y - 4.0, cx - 4.0, y - 4.0, false))
        .add(centred((qend + cx) / 2.0, y - 12.0, "recv").set("class", "fig-code"))
        .add(centred(
            (qx + qend) / 2.0,
            y + 34.0,
            t(
                lang,
                "최대 10개까지 담는 큐: 왼쪽으로 넣고 오른쪽으로 꺼냄",
                "a queue of at most 10: in on the left, out on the right",
            ),
        ))
        .add(
            text(
                px,
                116.0,
                t(lang, "가득 차면 기다림", "waits while it is full"),
            )
            .set("class", "fig-note"),
        )
        .add(
            text(
                cx + 96.0,
                116.0,
                t(lang, "비어 있으면 기다림", "waits while it is empty"),
            )
            .set("class", "fig-note")
            .set("text-anchor", "end"),
        );
    document(
        "fig-queue",
        126.0,
        t(lang, "생산자–소비자 큐", "The producer–consumer queue"),
        t(
            lang,
            "네트워크 스레드의 생산자가 send로 최대 10개까지 담는 큐에 메시지를 넣고, 작업자 스레드의 소비자가 recv로 꺼냅니다. 그림의 큐에는 메시지가 세 개 있습니다. 큐가 가득 차면 생산자가, 비어 있으면 소비자가 기다립니다.",
            "The producer, on the network thread, sends messages into a queue of at most 10; the consumer, on a worker thread, receives them. The queue in the picture holds three messages. The producer waits while the queue is full, the consumer while it is empty.",
        ),
        body,
    )
}

/// thread-pools: tasks wait in the pool's queue; a fixed set of workers runs them.
pub fn pool(lang: Lang) -> String {
    let mut body = Group::new();
    let task = |n: u32| -> String {
        match lang {
            Lang::Ko => format!("작업 {n}"),
            Lang::En => format!("task {n}"),
        }
    };
    body = body
        .add(code(14.0, 46.0, t(lang, "submit(작업)", "submit(task)")))
        .add(arrow(116.0, 42.0, 160.0, 42.0, false))
        .add(text(168.0, 46.0, t(lang, "큐:", "queue:")));
    for (i, n) in [4, 5, 6].into_iter().enumerate() {
        let x = 222.0 + i as f64 * 76.0;
        body = body
            .add(rect("fig-box-empty", x, 24.0, 68.0, 32.0))
            .add(centred(x + 34.0, 46.0, &task(n)));
    }
    body = body.add(text(452.0, 46.0, "…"));
    // From the queue's head to each worker.
    let workers_y = 120.0;
    for i in 0..3 {
        let x = 50.0 + i as f64 * 190.0;
        body = body
            .add(arrow(256.0, 60.0, x + 60.0, workers_y - 4.0, false))
            .add(rect("fig-box-own", x, workers_y, 120.0, 56.0))
            .add(centred(x + 60.0, workers_y + 22.0, &format!("worker-{i}")))
            .add(
                centred(
                    x + 60.0,
                    workers_y + 42.0,
                    &match lang {
                        Lang::Ko => format!("{} 실행 중", task(i + 1)),
                        Lang::En => format!("runs {}", task(i + 1)),
                    },
                )
                .set("class", "fig-small"),
            );
    }
    body = body.add(
        centred(
            WIDTH / 2.0,
            208.0,
            t(
                lang,
                "작업자는 한 번 띄워 계속 다시 쓰고, 작업은 차례를 기다립니다",
                "workers are started once and reused; tasks wait their turn",
            ),
        )
        .set("class", "fig-note"),
    );
    document(
        "fig-pool",
        222.0,
        t(lang, "스레드 풀", "A thread pool"),
        t(
            lang,
            "submit으로 넣은 작업은 풀의 큐에서 차례를 기다립니다(작업 4, 5, 6). 작업자 worker-0, worker-1, worker-2는 한 번만 띄워 두고, 각자 작업 1, 2, 3을 실행한 뒤 큐에서 다음 작업을 꺼냅니다.",
            "Tasks given to submit wait their turn in the pool's queue (tasks 4, 5, 6). The workers, worker-0, worker-1 and worker-2, are started once; each runs one task (tasks 1, 2, 3) and then takes the next from the queue.",
        ),
        body,
    )
}

/// race-conditions: the steps of the lost update, one row per step.
pub fn race_steps(lang: Lang) -> String {
    let columns = [t(lang, "값", "value"), "First", "Second", "Third"];
    let xs = [14.0, 84.0, 250.0, 416.0];
    // (value after the step, column, text, is the overwriting write)
    let rows: [(u32, usize, &str, bool); 8] = [
        (0, 1, "copy = 0", false),
        (0, 2, "copy = 0", false),
        (0, 1, t(lang, "copy = 1, 잠듦", "copy = 1, sleep"), false),
        (0, 2, t(lang, "copy = 1, 잠듦", "copy = 1, sleep"), false),
        (1, 1, "value = 1", false),
        (1, 2, "value = 1", true),
        (1, 3, "copy = 1", false),
        (2, 3, "value = 2", false),
    ];
    let row_h = 26.0;
    let top = 20.0;
    let mut body = Group::new();
    for (x, name) in xs.iter().zip(columns) {
        body = body.add(strong(x + 8.0, top + 16.0, name));
    }
    body = body.add(
        Line::new()
            .set("class", "fig-rule")
            .set("x1", 14)
            .set("x2", WIDTH - 14.0)
            .set("y1", top + row_h)
            .set("y2", top + row_h)
            .set("stroke", "currentColor"),
    );
    for (i, (value, column, step, lost)) in rows.iter().enumerate() {
        let y = top + row_h * (i as f64 + 1.0);
        if *lost {
            body = body.add(
                rect("fig-box-lost", xs[*column], y + 2.0, 160.0, row_h - 4.0)
                    .set("stroke-dasharray", "4 3"),
            );
        }
        body = body
            .add(code(xs[0] + 8.0, y + 18.0, &value.to_string()))
            .add(code(xs[*column] + 8.0, y + 18.0, step));
        if *lost {
            body = body.add(
                text(
                    xs[*column] + 92.0,
                    y + 18.0,
                    t(
                        lang,
                        "← First의 쓰기를 덮어씀",
                        "← overwrites First's write",
                    ),
                )
                .set("class", "fig-note fig-small"),
            );
        }
    }
    let height = top + row_h * (rows.len() as f64 + 1.0) + 12.0;
    document(
        "fig-race-steps",
        height,
        t(lang, "갱신 손실의 단계", "The steps of the lost update"),
        t(
            lang,
            "값이 0일 때 First와 Second가 둘 다 0을 복사하고, 각자 1을 계산한 뒤 잠듭니다. First가 값에 1을 쓰고, Second도 1을 써서 First의 쓰기를 덮어씁니다. Third는 1을 복사해 2를 씁니다. 세 번 갱신했지만 값은 2입니다.",
            "While the value is 0, First and Second both copy 0, each computes 1 and sleeps. First writes 1; Second writes 1 too, overwriting First's write. Third copies 1 and writes 2. Three updates, and the value ends at 2.",
        ),
        body,
    )
}

/// race-conditions: where the race's values live while both threads run.
pub fn race_memory(lang: Lang) -> String {
    let (x, w) = (14.0, 392.0);
    let notes_x = x + w + 16.0;
    let mut body = Group::new();
    body = body.add(strong(
        x,
        22.0,
        t(lang, "race를 실행하는 프로세스", "the process running race"),
    ));
    body = body.add(rect("fig-box-process", x, 32.0, w, 286.0));
    let rows = [
        (
            t(lang, "코드", "code"),
            t(
                lang,
                "main, Store::update, 클로저",
                "main, Store::update, closures",
            ),
            t(lang, "공유, 읽기 전용", "shared, read-only"),
        ),
        (
            t(lang, "정적 데이터", "static"),
            t(
                lang,
                "LOGGER(로그의 시계), 문자열 리터럴",
                "LOGGER (the log's clock), literals",
            ),
            t(lang, "공유", "shared"),
        ),
        (
            t(lang, "힙", "heap"),
            t(
                lang,
                "스레드 이름, 범위의 기록",
                "thread names, the scope's records",
            ),
            t(lang, "포인터를 통해 공유", "shared through pointers"),
        ),
    ];
    for (i, (name, what, side)) in rows.iter().enumerate() {
        let y = 44.0 + i as f64 * 44.0;
        body = body
            .add(rect("fig-box-shared", x + 12.0, y, w - 24.0, 34.0))
            .add(strong(x + 24.0, y + 22.0, name))
            // Wide enough for the Korean 정적 데이터.
            .add(text(x + 100.0, y + 22.0, what).set("class", "fig-small"))
            .add(arrow(
                notes_x - 4.0,
                y + 17.0,
                x + w - 10.0,
                y + 17.0,
                false,
            ))
            .add(note(notes_x, y + 21.0, &[side]));
    }
    let work = t(lang, "work: 클로저", "work: closure");
    let stacks: [(&str, [&str; 3]); 3] = [
        ("main", ["store", "  value: 0", "both_have_read"]),
        ("First", ["self: &store", "local_copy: 0", work]),
        ("Second", ["self: &store", "local_copy: 0", work]),
    ];
    let (sy, sw) = (186.0, 114.0);
    for (i, (name, lines)) in stacks.iter().enumerate() {
        let sx = x + 12.0 + i as f64 * (sw + 10.0);
        body = body.add(rect("fig-box-stack", sx, sy, sw, 118.0)).add(
            centred(
                sx + sw / 2.0,
                sy + 20.0,
                &format!("{name}{}", t(lang, "의 스택", "'s stack")),
            )
            .set("class", "fig-small")
            .set("font-weight", "bold"),
        );
        for (j, line) in lines.iter().enumerate() {
            body = body.add(
                code(sx + 8.0, sy + 48.0 + j as f64 * 20.0, line)
                    .set("font-size", 11)
                    .set("xml:space", "preserve"),
            );
        }
    }
    body = body
        .add(arrow(
            notes_x - 4.0,
            sy + 59.0,
            x + w - 10.0,
            sy + 59.0,
            false,
        ))
        .add(note(
            notes_x,
            sy + 48.0,
            &[
                t(lang, "스레드마다 하나씩:", "one per thread:"),
                t(lang, "두 스레드의 local_copy는", "each thread's local_copy"),
                t(lang, "서로 다른 변수입니다", "is a variable of its own"),
            ],
        ));
    document(
        "fig-race-memory",
        332.0,
        t(
            lang,
            "race 실행 중의 메모리",
            "The memory of the race while it runs",
        ),
        t(
            lang,
            "race를 실행하는 프로세스에서 코드(main, Store::update, 클로저)는 공유되고 읽기 전용이며, 정적 데이터 영역의 LOGGER와 문자열 리터럴도 공유됩니다. 힙의 스레드 이름과 범위의 기록은 포인터를 통해 공유됩니다. 스택은 스레드마다 하나입니다. main의 스택에 store(value: 0)와 both_have_read가 있고, First와 Second의 스택에는 각자 self: &store, local_copy: 0, work 클로저가 있습니다.",
            "In the process running race, the code (main, Store::update, the closures) is shared and read-only; the statics (LOGGER, the log's clock) and string literals are shared too; the heap holds the thread names and the scope's records, shared through pointers. There is one stack per thread: main's holds store (value: 0) and both_have_read; First's and Second's each hold self: &store, local_copy: 0 and the work closure.",
        ),
        body,
    )
}

/// atomics: store buffering on x86. Each core's store waits in its own
/// store buffer; each load reads the cache, where the other core's store has
/// not arrived yet, so both threads read 0.
pub fn store_buffers(lang: Lang) -> String {
    let mut body = Group::new();
    let (w, gap) = (270.0, 32.0);
    let cores = [
        (
            14.0,
            t(lang, "스레드 A (코어 0)", "thread A (core 0)"),
            "x.store(1, Release)",
            "y.load(Acquire) → 0",
            "x = 1",
        ),
        (
            14.0 + w + gap,
            t(lang, "스레드 B (코어 1)", "thread B (core 1)"),
            "y.store(1, Release)",
            "x.load(Acquire) → 0",
            "y = 1",
        ),
    ];
    let (cache_y, cache_h) = (236.0, 58.0);
    for (x, name, store, load, buffered) in cores {
        body = body
            .add(rect("fig-box-process", x, 12.0, w, 92.0))
            .add(strong(x + 12.0, 34.0, name))
            .add(code(x + 12.0, 62.0, &format!("1  {store}")).set("xml:space", "preserve"))
            .add(code(x + 12.0, 88.0, &format!("2  {load}")).set("xml:space", "preserve"))
            // The store goes down into the buffer and waits there.
            .add(rect("fig-box-own", x, 140.0, 150.0, 60.0))
            .add(
                text(x + 10.0, 160.0, t(lang, "저장 버퍼", "store buffer"))
                    .set("class", "fig-small"),
            )
            .add(code(x + 10.0, 186.0, buffered))
            .add(arrow(x + 40.0, 104.0, x + 40.0, 138.0, false))
            // The load goes past the buffer, straight to the cache.
            .add(arrow(x + 215.0, cache_y - 2.0, x + 215.0, 106.0, false))
            .add(text(x + 160.0, 178.0, t(lang, "0을 읽음", "reads 0")).set("class", "fig-small"));
    }
    body = body
        .add(rect(
            "fig-box-shared",
            14.0,
            cache_y,
            2.0 * w + gap,
            cache_h,
        ))
        .add(strong(
            26.0,
            cache_y + 24.0,
            t(
                lang,
                "캐시: 모든 코어가 보는 메모리",
                "cache: the memory every core sees",
            ),
        ))
        .add(code(26.0, cache_y + 46.0, "x = 0    y = 0").set("xml:space", "preserve"))
        .add(note(
            14.0,
            cache_y + cache_h + 22.0,
            &[t(
                lang,
                "두 쓰기는 두 읽기가 끝난 뒤에야 캐시에 닿으므로 결과는 (0, 0)입니다",
                "both stores reach the cache only after both loads: the result is (0, 0)",
            )],
        ));
    document(
        "fig-store-buffers",
        cache_y + cache_h + 36.0,
        t(
            lang,
            "저장 버퍼가 (0, 0)을 만드는 과정",
            "How store buffers give (0, 0)",
        ),
        t(
            lang,
            "두 코어가 나란히 있습니다. 스레드 A는 x에 1을 쓰고 y를 읽으며, 스레드 B는 y에 1을 쓰고 x를 읽습니다. 각 쓰기는 자기 코어의 저장 버퍼(x = 1, y = 1)에 머물고, 각 읽기는 버퍼를 지나쳐 캐시를 바로 읽습니다. 캐시에는 아직 x = 0, y = 0이므로 두 읽기 모두 0을 얻습니다. 두 쓰기는 그 뒤에야 캐시에 닿습니다.",
            "Two cores side by side. Thread A stores 1 to x, then loads y; thread B stores 1 to y, then loads x. Each store waits in its own core's store buffer (x = 1, y = 1); each load goes past the buffer and reads the cache, which still holds x = 0 and y = 0, so both loads return 0. Only then do the stores reach the cache.",
        ),
        body,
    )
}
