//! What the checks of the exercises share: the reader's language, loom's
//! types with a log of what each thread did (printed as a schedule when loom
//! finds a counterexample), a condition variable that wakes spuriously, and
//! the runs of the starter's own program with the other core kept busy.
//!
//! Each `src/bin/exNN.rs` is one exercise's check. It compiles the region
//! the learner edits (build.rs) twice or three times: against [`loom_sync`]
//! for the model, against [`spurious_sync`] for the wake-up harness, and,
//! as the whole file, as the program.

pub mod region;

/// The examples' logging (`notes::init_logging`), which the programs call.
#[path = "../../src/lib.rs"]
pub mod notes;

use std::fmt::Display;
use std::io::{BufRead, BufReader};
use std::panic::{self, AssertUnwindSafe};
use std::process::{self, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex as StdMutex};
use std::thread;
use std::time::{Duration, Instant};

/// The language of the report.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Lang {
    Ko,
    En,
}

impl Lang {
    /// `--lang ko|en` among `args`, else Korean if the locale is Korean.
    pub fn from_args_or_locale(args: &[String]) -> Result<Lang, String> {
        if let Some(i) = args.iter().position(|a| a == "--lang") {
            return match args.get(i + 1).map(String::as_str) {
                Some("ko") => Ok(Lang::Ko),
                Some("en") => Ok(Lang::En),
                Some(other) => Err(format!("--lang takes ko or en, not `{other}`")),
                None => Err("--lang takes ko or en".to_string()),
            };
        }
        let korean = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .is_some_and(|v| v.starts_with("ko"));
        Ok(if korean { Lang::Ko } else { Lang::En })
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }

    /// The Korean or the English text.
    pub fn pick<T>(self, ko: T, en: T) -> T {
        match self {
            Lang::Ko => ko,
            Lang::En => en,
        }
    }
}

/// What one check found: nothing wrong, or the reason for "not yet".
pub type Found = Result<(), String>;

/// The report: one line per check, then the verdict as the last line; the
/// exit status is 0 for "correct", 1 for "not yet".
pub struct Report {
    pub lang: Lang,
}

impl Report {
    pub fn new() -> Report {
        let args: Vec<String> = std::env::args().collect();
        let lang = Lang::from_args_or_locale(&args).unwrap_or(Lang::En);
        KOREAN.store(lang == Lang::Ko, Ordering::Relaxed);
        Report { lang }
    }

    pub fn pick<T>(&self, ko: T, en: T) -> T {
        self.lang.pick(ko, en)
    }

    pub fn line(&self, text: impl Display) {
        println!("{text}");
    }

    /// Prints `what` and what the check saw; ends the report with "not yet"
    /// if it found something wrong.
    pub fn check(&self, what: &str, found: Found, fine: &str) {
        match found {
            Ok(()) => println!("{what}: {fine}"),
            Err(reason) => {
                println!("{what}: {}", self.pick("문제 발견", "found a problem"));
                self.not_yet(&reason)
            }
        }
    }

    /// Prints `what: found`, then the schedule (from [`model`]) that shows
    /// it, one indented line per step.
    pub fn found_in(&self, what: &str, found: &str, schedule: &[String]) {
        self.line(format!("{what}: {found}"));
        for step in schedule {
            self.line(format!("  {step}"));
        }
    }

    /// [`Report::found_in`] for a model that failed: "found a counterexample".
    pub fn counterexample(&self, what: &str, schedule: &[String]) {
        self.found_in(
            what,
            self.pick("반례를 찾았습니다", "found a counterexample"),
            schedule,
        );
    }

    pub fn not_yet(&self, reason: &str) -> ! {
        println!("{}: {reason}", self.pick("아직입니다", "not yet"));
        process::exit(1)
    }

    pub fn correct(&self) -> ! {
        println!("{}", self.pick("정답입니다", "correct"));
        process::exit(0)
    }
}

impl Default for Report {
    fn default() -> Self {
        Report::new()
    }
}

/// The schedule of the execution loom is running: `[thread] what it did`,
/// in the order loom let the threads run.
static SCHEDULE: StdMutex<Vec<String>> = StdMutex::new(Vec::new());
/// The names the model's threads gave themselves (`schedule::name`).
static THREADS: StdMutex<Vec<(loom::thread::ThreadId, String)>> = StdMutex::new(Vec::new());
/// The names for the next mutexes a model creates, in order.
static MUTEX_NAMES: StdMutex<Vec<String>> = StdMutex::new(Vec::new());
static CONDVARS: AtomicUsize = AtomicUsize::new(0);
/// The schedule is written in Korean.
static KOREAN: AtomicBool = AtomicBool::new(false);

/// The Korean or the English text, in the report's language.
fn say(ko: String, en: String) -> String {
    if KOREAN.load(Ordering::Relaxed) {
        ko
    } else {
        en
    }
}
static EXECUTIONS: AtomicUsize = AtomicUsize::new(0);
/// The threads that `schedule::quietly` keeps out of the schedule.
static QUIET: StdMutex<Vec<loom::thread::ThreadId>> = StdMutex::new(Vec::new());
/// The first panic message of the execution loom is running.
static MESSAGE: StdMutex<String> = StdMutex::new(String::new());

/// The log of what the threads of a loom model did.
pub mod schedule {
    use super::*;

    /// Starts the log of a new execution.
    pub fn start() {
        SCHEDULE.lock().unwrap().clear();
        THREADS.lock().unwrap().clear();
        MUTEX_NAMES.lock().unwrap().clear();
        QUIET.lock().unwrap().clear();
        CONDVARS.store(0, Ordering::Relaxed);
        MESSAGE.lock().unwrap_or_else(|e| e.into_inner()).clear();
        EXECUTIONS.fetch_add(1, Ordering::Relaxed);
    }

    /// Names the current thread in the log.
    pub fn name(name: impl Into<String>) {
        THREADS
            .lock()
            .unwrap()
            .push((loom::thread::current().id(), name.into()));
    }

    /// Names the next mutexes created, in order.
    pub fn name_mutexes(names: impl IntoIterator<Item = String>) {
        MUTEX_NAMES.lock().unwrap().extend(names);
    }

    /// Runs `f` without logging what the current thread does in it: the
    /// check's own look at the state, which is not part of the schedule.
    pub fn quietly<T>(f: impl FnOnce() -> T) -> T {
        let id = loom::thread::current().id();
        QUIET.lock().unwrap().push(id);
        let value = f();
        QUIET.lock().unwrap().retain(|quiet| *quiet != id);
        value
    }

    fn is_quiet() -> bool {
        let id = loom::thread::current().id();
        QUIET.lock().unwrap().contains(&id)
    }

    /// Logs `what` the current thread did.
    pub fn log(what: impl Display) {
        // While loom tears a failed execution down, it has no current thread.
        if std::thread::panicking() || is_quiet() {
            return;
        }
        let name = current_name();
        SCHEDULE.lock().unwrap().push(format!("[{name}] {what}"));
    }

    /// Logs that the current thread got a lock: as `at_once` in place of
    /// its request if nothing happened in between, else as `later`.
    pub(crate) fn locked(request: String, at_once: String, later: String) {
        if std::thread::panicking() || is_quiet() {
            return;
        }
        let name = current_name();
        let mut schedule = SCHEDULE.lock().unwrap();
        let asked = format!("[{name}] {request}");
        if schedule.last() == Some(&asked) {
            *schedule.last_mut().unwrap() = format!("[{name}] {at_once}");
        } else {
            schedule.push(format!("[{name}] {later}"));
        }
    }

    fn current_name() -> String {
        let id = loom::thread::current().id();
        THREADS
            .lock()
            .unwrap()
            .iter()
            .find(|(t, _)| *t == id)
            .map_or_else(|| "?".to_string(), |(_, n)| n.clone())
    }

    pub(crate) fn mutex_name() -> String {
        let mut names = MUTEX_NAMES.lock().unwrap();
        if names.is_empty() {
            say("뮤텍스".to_string(), "the mutex".to_string())
        } else {
            names.remove(0)
        }
    }
}

/// How much of the state space a model explores.
#[derive(Clone, Copy)]
pub enum Bound {
    Every,
    Preemptions(usize),
}

impl Bound {
    pub fn describe(self, lang: Lang) -> String {
        match self {
            Bound::Every => lang.pick("모든 인터리빙", "every interleaving").to_string(),
            Bound::Preemptions(n) => lang.pick(
                format!("선점이 {n}번까지인 모든 인터리빙"),
                format!("every interleaving with at most {n} preemptions"),
            ),
        }
    }
}

/// The longest schedule printed: the last lines of the failing execution.
const SCHEDULE_LINES: usize = 24;

/// Runs `test` under loom. `Ok(executions)`, or the panic's message and the
/// schedule of the failing execution, trimmed to its last lines.
pub fn model(
    bound: Bound,
    test: impl Fn() + Sync + Send + 'static,
) -> Result<usize, (String, Vec<String>)> {
    let mut builder = loom::model::Builder::new();
    // loom's default, 1,000 branches in one execution, is too few for
    // chapter 11's last model (255 seats sold, then two buyers); a model
    // that needs fewer is explored the same.
    builder.max_branches = builder.max_branches.max(10_000);
    if let Bound::Preemptions(n) = bound {
        builder.preemption_bound = Some(n);
    }
    EXECUTIONS.store(0, Ordering::Relaxed);
    let previous = panic::take_hook();
    panic::set_hook(Box::new(|info| {
        // Only panics with a message: loom's threads are generators, which
        // unwind with a payload of their own when loom drops them.
        let Some(text) = panic_text(info.payload()) else {
            return;
        };
        if std::env::var_os("CHECKER_DEBUG").is_some() {
            eprintln!("panic: {text} at {:?}", info.location());
        }
        let mut message = MESSAGE.lock().unwrap_or_else(|e| e.into_inner());
        if message.is_empty() {
            *message = text;
        }
    }));
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
        builder.check(move || {
            schedule::start();
            test();
        })
    }));
    panic::set_hook(previous);
    match outcome {
        Ok(()) => Ok(EXECUTIONS.load(Ordering::Relaxed)),
        Err(_) => {
            let schedule = SCHEDULE.lock().unwrap().clone();
            let skip = schedule.len().saturating_sub(SCHEDULE_LINES);
            let mut shown: Vec<String> = schedule[skip..].to_vec();
            if skip > 0 {
                shown.insert(0, format!("… ({skip})"));
            }
            let message = MESSAGE.lock().unwrap_or_else(|e| e.into_inner()).clone();
            Err((message, shown))
        }
    }
}

/// A value for one execution, leaked rather than shared through an `Arc`:
/// when loom stops a deadlocked execution, its blocked threads then hold no
/// `Arc` for loom to drop (which would panic inside a destructor).
pub fn leak<T>(value: T) -> &'static T {
    Box::leak(Box::new(value))
}

/// loom's `std::sync`, with a `Mutex` and a `Condvar` that log what each
/// thread does with them. A model's region sees this as `std::sync`.
pub mod loom_sync {
    pub use loom::sync::*;
    pub use loom::thread;

    pub use super::logged::{Condvar, Mutex, MutexGuard};
    pub use std::sync::{LockResult, PoisonError, TryLockError, TryLockResult};
}

mod logged {
    use super::{say, schedule};
    use std::ops::{Deref, DerefMut};
    use std::sync::{LockResult, TryLockError, TryLockResult};

    /// loom's `Mutex`, with its name in the schedule, and, if the check
    /// created it with [`Mutex::showing`], the value it holds.
    pub struct Mutex<T> {
        inner: loom::sync::Mutex<T>,
        name: String,
        show: Option<fn(&T) -> String>,
    }

    fn show<T: std::fmt::Debug>(value: &T) -> String {
        format!(" ({value:?})")
    }

    /// The guard of a [`Mutex`]; its drop logs the unlock.
    pub struct MutexGuard<'a, T> {
        inner: Option<loom::sync::MutexGuard<'a, T>>,
        mutex: &'a Mutex<T>,
    }

    impl<T> Mutex<T> {
        pub fn new(value: T) -> Self {
            Mutex {
                inner: loom::sync::Mutex::new(value),
                name: schedule::mutex_name(),
                show: None,
            }
        }

        /// A mutex whose value the schedule shows when it is locked and unlocked.
        pub fn showing(value: T) -> Self
        where
            T: std::fmt::Debug,
        {
            Mutex {
                show: Some(show::<T>),
                ..Mutex::new(value)
            }
        }

        fn value(&self, value: &T) -> String {
            self.show.map(|show| show(value)).unwrap_or_default()
        }

        pub fn lock(&self) -> LockResult<MutexGuard<'_, T>> {
            let name = &self.name;
            schedule::log(say(format!("락 요청: {name}"), format!("lock {name}…")));
            let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
            let value = self.value(&inner);
            schedule::locked(
                say(format!("락 요청: {name}"), format!("lock {name}…")),
                say(
                    format!("락 잡음: {name}{value}"),
                    format!("lock {name}{value}"),
                ),
                say(
                    format!("락 잡음: {name}{value}"),
                    format!("got {name}{value}"),
                ),
            );
            Ok(MutexGuard {
                inner: Some(inner),
                mutex: self,
            })
        }

        pub fn try_lock(&self) -> TryLockResult<MutexGuard<'_, T>> {
            match self.inner.try_lock() {
                Ok(inner) => {
                    let name = &self.name;
                    schedule::log(say(format!("락 잡음: {name}"), format!("got {name}")));
                    Ok(MutexGuard {
                        inner: Some(inner),
                        mutex: self,
                    })
                }
                Err(_) => {
                    let name = &self.name;
                    schedule::log(say(
                        format!("락 잡기 실패: {name}"),
                        format!("{name} is taken"),
                    ));
                    Err(TryLockError::WouldBlock)
                }
            }
        }

        pub fn into_inner(self) -> LockResult<T> {
            Ok(self.inner.into_inner().unwrap_or_else(|e| e.into_inner()))
        }

        pub fn get_mut(&mut self) -> LockResult<&mut T> {
            Ok(self.inner.get_mut().unwrap_or_else(|e| e.into_inner()))
        }
    }

    impl<T> Deref for MutexGuard<'_, T> {
        type Target = T;
        fn deref(&self) -> &T {
            self.inner.as_ref().unwrap()
        }
    }

    impl<T> DerefMut for MutexGuard<'_, T> {
        fn deref_mut(&mut self) -> &mut T {
            self.inner.as_mut().unwrap()
        }
    }

    impl<T> Drop for MutexGuard<'_, T> {
        fn drop(&mut self) {
            if let Some(inner) = self.inner.take() {
                let name = &self.mutex.name;
                let name = format!("{name}{}", self.mutex.value(&inner));
                // Logged first: until the unlock, no other thread can run.
                schedule::log(say(format!("락 놓음: {name}"), format!("unlock {name}")));
                drop(inner);
            }
        }
    }

    /// loom's `Condvar`, named by the order of creation in the schedule.
    pub struct Condvar {
        inner: loom::sync::Condvar,
        name: String,
    }

    impl Condvar {
        pub fn new() -> Self {
            let n = super::CONDVARS.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            Condvar {
                inner: loom::sync::Condvar::new(),
                name: say(format!("조건 변수 {n}"), format!("condvar {n}")),
            }
        }

        pub fn wait<'a, T>(&self, mut guard: MutexGuard<'a, T>) -> LockResult<MutexGuard<'a, T>> {
            let mutex = guard.mutex;
            let inner = guard.inner.take().unwrap();
            let (name, mutex_name) = (&self.name, &mutex.name);
            schedule::log(say(
                format!("대기: {name} (락 놓음: {mutex_name})"),
                format!("wait on {name}, unlocking {mutex_name}"),
            ));
            let inner = self.inner.wait(inner).unwrap_or_else(|e| e.into_inner());
            schedule::log(say(
                format!("깨어남: {name} (락 잡음: {mutex_name})"),
                format!("woke on {name}, got {mutex_name}"),
            ));
            Ok(MutexGuard {
                inner: Some(inner),
                mutex,
            })
        }

        pub fn wait_while<'a, T>(
            &self,
            mut guard: MutexGuard<'a, T>,
            mut condition: impl FnMut(&mut T) -> bool,
        ) -> LockResult<MutexGuard<'a, T>> {
            while condition(&mut guard) {
                guard = self.wait(guard)?;
            }
            Ok(guard)
        }

        pub fn notify_one(&self) {
            schedule::log(format!("notify_one: {}", self.name));
            self.inner.notify_one();
        }

        pub fn notify_all(&self) {
            schedule::log(format!("notify_all: {}", self.name));
            self.inner.notify_all();
        }
    }

    impl Default for Condvar {
        fn default() -> Self {
            Condvar::new()
        }
    }
}

/// std's `std::sync`, as a region sees it (its `std::sync` becomes
/// `sync`), for checks that run the region on real threads.
pub mod std_sync {
    pub use std::sync::*;
    pub use std::thread;
}

/// std's `std::sync`, with a `Condvar` whose waits return without any
/// notify, as std's documentation allows, for single-threaded checks: the
/// first [`spurious_sync::SPURIOUS`] waits return at once, and the next one
/// panics with [`spurious_sync::WAITED_AGAIN`], standing for a wait that
/// goes on until another thread changes something. A region that re-checks
/// its condition after every wake-up reaches that panic; one that trusts a
/// wake-up goes on with its condition false.
pub mod spurious_sync {
    pub use std::sync::*;
    pub use std::thread;

    pub const SPURIOUS: u32 = 2;
    pub const WAITED_AGAIN: &str = "waited again after every spurious wake-up";

    #[derive(Default)]
    pub struct Condvar {
        wake_ups: std::cell::Cell<u32>,
    }

    impl Condvar {
        pub fn new() -> Self {
            Condvar::default()
        }

        pub fn wait<'a, T>(&self, guard: MutexGuard<'a, T>) -> LockResult<MutexGuard<'a, T>> {
            let wake_ups = self.wake_ups.get() + 1;
            self.wake_ups.set(wake_ups);
            if wake_ups > SPURIOUS {
                panic!("{WAITED_AGAIN}");
            }
            Ok(guard)
        }

        pub fn wait_while<'a, T>(
            &self,
            mut guard: MutexGuard<'a, T>,
            mut condition: impl FnMut(&mut T) -> bool,
        ) -> LockResult<MutexGuard<'a, T>> {
            while condition(&mut guard) {
                guard = self.wait(guard)?;
            }
            Ok(guard)
        }

        pub fn notify_one(&self) {}
        pub fn notify_all(&self) {}
    }
}

/// std's `std::sync`, with a `Mutex` that counts how often it is locked:
/// for a region that should need no lock at all.
pub mod counting_sync {
    pub use std::sync::*;
    pub use std::thread;

    use std::sync::atomic::{AtomicUsize, Ordering};

    /// How many times any [`Mutex`] has been locked.
    pub static LOCKS: AtomicUsize = AtomicUsize::new(0);

    #[derive(Default)]
    pub struct Mutex<T>(std::sync::Mutex<T>);

    impl<T> Mutex<T> {
        pub fn new(value: T) -> Self {
            Mutex(std::sync::Mutex::new(value))
        }

        pub fn lock(&self) -> LockResult<MutexGuard<'_, T>> {
            LOCKS.fetch_add(1, Ordering::Relaxed);
            self.0.lock()
        }

        pub fn try_lock(&self) -> TryLockResult<MutexGuard<'_, T>> {
            LOCKS.fetch_add(1, Ordering::Relaxed);
            self.0.try_lock()
        }

        pub fn into_inner(self) -> LockResult<T> {
            self.0.into_inner()
        }

        pub fn get_mut(&mut self) -> LockResult<&mut T> {
            self.0.get_mut()
        }
    }
}

/// Runs `single` in this thread and returns the message it panicked with,
/// or `None` if it returned. Other panics' messages are not printed.
pub fn panic_message(single: impl FnOnce()) -> Option<String> {
    let previous = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let outcome = panic::catch_unwind(AssertUnwindSafe(single));
    panic::set_hook(previous);
    Some(panic_payload_message(&*outcome.err()?))
}

/// A panic's message, if its payload is one: `panic!("…")` carries a
/// `&'static str` or a `String`.
pub fn panic_text(payload: &(dyn std::any::Any + Send)) -> Option<String> {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
}

/// A panic's message, or "a panic" for a payload without one.
pub fn panic_payload_message(payload: &(dyn std::any::Any + Send)) -> String {
    panic_text(payload).unwrap_or_else(|| "a panic".to_string())
}

/// How often the program runs, and how long one run may take.
pub const RUNS: usize = 3;
pub const RUN_BOUND: Duration = Duration::from_secs(40);

/// If this process was started to run the program (`--program`), runs its
/// `main` and exits.
pub fn run_program_if_asked(main: fn()) {
    if std::env::args().any(|a| a == "--program") {
        main();
        process::exit(0);
    }
}

/// The last check of every exercise: runs the program (`program_runs`)
/// under its heading and stops with "not yet" if a run fails; `fine_ko` and
/// `fine_en` say what every run showed.
pub fn check_the_program(report: &Report, fine_ko: &str, fine_en: &str) {
    report.line(report.pick(
        "프로그램 (다른 코어를 바쁘게 한 채로):",
        "the program (with the other core kept busy):",
    ));
    let found = program_runs(report);
    report.check(
        report.pick("프로그램", "the program"),
        found,
        report.pick(fine_ko, fine_en),
    );
}

/// Runs the program (this executable with `--program`) `RUNS` times, while
/// a thread keeps the other core busy, and reads its verdict line each time.
pub fn program_runs(report: &Report) -> Found {
    let busy = Arc::new(AtomicBool::new(true));
    let spinner = {
        let busy = busy.clone();
        thread::spawn(move || {
            while busy.load(Ordering::Relaxed) {
                std::hint::spin_loop();
            }
        })
    };
    let mut found = Ok(());
    for run in 1..=RUNS {
        let outcome = one_run(report.lang);
        if let Err(reason) = outcome {
            found = Err(reason);
            report.line(report.pick(
                format!("  {run}번째 실행: 아직입니다"),
                format!("  run {run}: not yet"),
            ));
            break;
        }
        report.line(report.pick(
            format!("  {run}번째 실행: 맞습니다"),
            format!("  run {run}: right"),
        ));
    }
    busy.store(false, Ordering::Relaxed);
    spinner.join().unwrap();
    found
}

fn one_run(lang: Lang) -> Found {
    let exe = std::env::current_exe().unwrap();
    let mut child = Command::new(exe)
        .arg("--program")
        .env_remove("RUST_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{e}"))?;
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let lines = thread::spawn(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .collect::<Vec<_>>()
    });
    let errors = thread::spawn(move || {
        BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
            .collect::<Vec<_>>()
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > RUN_BOUND {
            let _ = child.kill();
            let _ = child.wait();
            return Err(lang.pick(
                format!(
                    "프로그램이 {}초 안에 끝나지 않았습니다",
                    RUN_BOUND.as_secs()
                ),
                format!("the program did not end within {} s", RUN_BOUND.as_secs()),
            ));
        }
        thread::sleep(Duration::from_millis(5));
    };
    let lines = lines.join().unwrap();
    let errors = errors.join().unwrap();
    if !status.success() {
        let last = errors
            .iter()
            .find(|l| !l.trim().is_empty() && !l.starts_with("note:"))
            .cloned()
            .unwrap_or_default();
        return Err(lang.pick(
            format!("프로그램이 실패했습니다: {last}"),
            format!("the program failed: {last}"),
        ));
    }
    let verdict = lines
        .iter()
        .rev()
        .find_map(|l| l.split_once("verdict: ").map(|(_, v)| v.to_string()));
    match verdict {
        Some(v) if v.starts_with("right") => Ok(()),
        Some(v) => Err(lang.pick(
            format!("프로그램의 판정: {v}"),
            format!("the program says: {v}"),
        )),
        None => Err(lang.pick(
            "프로그램이 판정 줄(verdict: …)을 출력하지 않았습니다".to_string(),
            "the program printed no verdict line (verdict: …)".to_string(),
        )),
    }
}

/// loom's `std::sync`, with atomics that log each operation, and its
/// result, under the name the check gave them ([`logged_atomic::name`]):
/// `[buyer 1] next.fetch_add(1, Relaxed) → 255`. A model of a region built
/// on atomics (chapters 11 and 12) sees this as `std::sync`.
pub mod loom_atomic_sync {
    pub use loom::sync::*;
    pub use loom::thread;
    pub use std::sync::{LockResult, PoisonError, TryLockError, TryLockResult};

    pub mod atomic {
        pub use super::super::logged_atomic::{
            AtomicBool, AtomicI32, AtomicI64, AtomicU8, AtomicU16, AtomicU32, AtomicU64,
            AtomicUsize,
        };
        pub use loom::sync::atomic::*;
    }
}

/// The atomics of [`loom_atomic_sync`].
///
/// `store` runs as a `swap` of the same ordering: loom 0.7.2 lets a plain
/// store slip between the read and the write of a concurrent `swap`
/// (tokio-rs/loom#254), which no real machine can do, and a right
/// `try_lock` built on `swap` would then lose the unlocking `false`. A
/// `swap` is a read-modify-write, which loom orders correctly (see
/// checks/tests/loom_spin_lock.rs). It is stronger than a store in two
/// ways, which the pages of chapters 11 and 12 say: a `SeqCst` swap also
/// acquires, and a read-modify-write continues the release sequence of the
/// store it read, which a plain store would end. An answer that needs a
/// store to be weaker than that is wrong for other reasons in these
/// exercises (it races between its load and its store, which the models
/// catch). `Acquire` and `AcqRel`, which a store may not take, panic, as
/// std's do.
pub mod logged_atomic {
    use super::schedule;
    use loom::sync::atomic::Ordering;
    use std::fmt::Debug;
    use std::sync::Mutex as StdMutex;

    /// The names for the next atomics a model creates, in order.
    static NAMES: StdMutex<Vec<String>> = StdMutex::new(Vec::new());

    /// Names the next atomics created, in order (each execution anew).
    pub fn name(names: impl IntoIterator<Item = String>) {
        let mut queued = NAMES.lock().unwrap();
        queued.clear();
        queued.extend(names);
    }

    fn next_name() -> String {
        let mut names = NAMES.lock().unwrap();
        if names.is_empty() {
            "atomic".to_string()
        } else {
            names.remove(0)
        }
    }

    /// Logs `name.what → result` and returns the result.
    fn logged<R: Debug>(name: &str, what: String, result: R) -> R {
        schedule::log(format!("{name}.{what} → {result:?}"));
        result
    }

    macro_rules! logged_atomic {
        ($atomic:ident, $t:ty, { $($extra:tt)* }) => {
            pub struct $atomic {
                inner: loom::sync::atomic::$atomic,
                name: String,
            }

            impl Default for $atomic {
                fn default() -> Self {
                    $atomic::new(<$t>::default())
                }
            }

            impl From<$t> for $atomic {
                fn from(value: $t) -> Self {
                    $atomic::new(value)
                }
            }

            impl $atomic {
                pub fn new(value: $t) -> Self {
                    $atomic {
                        inner: loom::sync::atomic::$atomic::new(value),
                        name: next_name(),
                    }
                }

                pub fn into_inner(self) -> $t {
                    self.inner.into_inner()
                }

                pub fn load(&self, order: Ordering) -> $t {
                    logged(&self.name, format!("load({order:?})"), self.inner.load(order))
                }

                pub fn store(&self, value: $t, order: Ordering) {
                    assert!(
                        !matches!(order, Ordering::Acquire | Ordering::AcqRel),
                        "there is no such ordering for an atomic store: {order:?}"
                    );
                    // A swap: see the module's comment.
                    self.inner.swap(value, order);
                    schedule::log(format!("{}.store({value:?}, {order:?})", self.name));
                }

                pub fn swap(&self, value: $t, order: Ordering) -> $t {
                    logged(
                        &self.name,
                        format!("swap({value:?}, {order:?})"),
                        self.inner.swap(value, order),
                    )
                }

                pub fn compare_exchange(
                    &self,
                    current: $t,
                    new: $t,
                    success: Ordering,
                    failure: Ordering,
                ) -> Result<$t, $t> {
                    logged(
                        &self.name,
                        format!("compare_exchange({current:?}, {new:?}, {success:?}, {failure:?})"),
                        self.inner.compare_exchange(current, new, success, failure),
                    )
                }

                /// loom's never fails spuriously, so neither does this one.
                pub fn compare_exchange_weak(
                    &self,
                    current: $t,
                    new: $t,
                    success: Ordering,
                    failure: Ordering,
                ) -> Result<$t, $t> {
                    logged(
                        &self.name,
                        format!(
                            "compare_exchange_weak({current:?}, {new:?}, {success:?}, {failure:?})"
                        ),
                        self.inner.compare_exchange_weak(current, new, success, failure),
                    )
                }

                /// One line for the whole update: what it read last, and
                /// whether it stored.
                pub fn fetch_update(
                    &self,
                    set_order: Ordering,
                    fetch_order: Ordering,
                    f: impl FnMut($t) -> Option<$t>,
                ) -> Result<$t, $t> {
                    logged(
                        &self.name,
                        format!("fetch_update({set_order:?}, {fetch_order:?}, …)"),
                        self.inner.fetch_update(set_order, fetch_order, f),
                    )
                }

                $($extra)*
            }
        };
    }

    /// The read-modify-writes that take one operand: `fetch_add(1, Relaxed)`.
    macro_rules! fetch_ops {
        ($t:ty: $($op:ident)*) => {
            $(
                pub fn $op(&self, value: $t, order: Ordering) -> $t {
                    logged(
                        &self.name,
                        format!("{}({value:?}, {order:?})", stringify!($op)),
                        self.inner.$op(value, order),
                    )
                }
            )*
        };
    }

    logged_atomic!(AtomicBool, bool, {
        fetch_ops!(bool: fetch_and fetch_nand fetch_or fetch_xor);
    });

    macro_rules! logged_int {
        ($($atomic:ident $t:ty),*) => {
            $(logged_atomic!($atomic, $t, {
                fetch_ops!($t: fetch_add fetch_sub fetch_and fetch_nand fetch_or fetch_xor fetch_max fetch_min);
            });)*
        };
    }
    logged_int!(AtomicU8 u8, AtomicU16 u16, AtomicU32 u32, AtomicU64 u64, AtomicUsize usize, AtomicI32 i32, AtomicI64 i64);
}

/// Ends the check with "not yet: `what`", and the likely cause, if it is
/// still going after `bound`, for checks that call code which may never
/// return (a thread locking a `Mutex` it holds: std's is not reentrant).
/// Stop it, or drop it, once that code is done: the program's runs that
/// follow have bounds and messages of their own.
pub struct Watchdog(std::sync::mpsc::Sender<()>);

pub fn watchdog(bound: Duration, report: &Report, what: String) -> Watchdog {
    let lang = report.lang;
    let reason = lang.pick(
        format!("{what}. 교착 상태일까요? std의 Mutex는 재진입할 수 없어서, 이미 쥐고 있는 락을 같은 스레드가 다시 잡으면 돌아오지 않습니다"),
        format!("{what}: a deadlock? std's `Mutex` is not reentrant, and locking it again in the thread that holds it never returns"),
    );
    let (stop, stopped) = std::sync::mpsc::channel::<()>();
    thread::spawn(move || {
        // A message or a dropped sender stops it; only the bound's end fails.
        if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(bound) {
            Report { lang }.not_yet(&reason);
        }
    });
    Watchdog(stop)
}

impl Watchdog {
    pub fn stop(self) {
        let _ = self.0.send(());
    }
}
