//! A child process has memory of its own; threads share their parent's.
use std::env;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use log::info;

const OPENING_BALANCE: u64 = 100;

fn main() {
    // The program starts copies of itself; these arguments say what a copy does.
    match env::args().nth(1).as_deref() {
        Some("child") => return run_child(),
        Some("exit") => return,
        Some(other) => {
            eprintln!("processes: unknown argument `{other}` (run it with none)");
            std::process::exit(2);
        }
        None => {}
    }
    notes::init_logging();

    // ANCHOR: thread
    let balance = Arc::new(AtomicU64::new(OPENING_BALANCE));
    balance.store(500, Ordering::Relaxed);
    info!(
        "parent set the balance to {}",
        balance.load(Ordering::Relaxed)
    );

    let shared = Arc::clone(&balance);
    let teller = thread::Builder::new().name("teller".to_string());
    teller
        .spawn(move || {
            info!("thread sees {}", shared.load(Ordering::Relaxed));
            shared.fetch_add(250, Ordering::Relaxed);
        })
        .unwrap()
        .join()
        .unwrap();
    info!(
        "after the thread's deposit the parent sees {}",
        balance.load(Ordering::Relaxed)
    );
    // ANCHOR_END: thread
    assert_eq!(balance.load(Ordering::Relaxed), 750);

    // ANCHOR: process
    let mut child = spawn_self("child");
    let mut to_child = child.stdin.take().unwrap();
    let mut from_child = BufReader::new(child.stdout.take().unwrap());
    let mut ask = move |request: &str| {
        writeln!(to_child, "{request}").unwrap();
        let mut reply = String::new();
        from_child.read_line(&mut reply).unwrap();
        reply.trim().parse::<u64>().unwrap()
    };

    let seen_by_child = ask("balance");
    info!("child process sees {seen_by_child}");
    let after_deposit = ask("deposit 250");
    info!("after the child's deposit the child has {after_deposit}");
    info!(
        "and the parent still has {}",
        balance.load(Ordering::Relaxed)
    );
    // ANCHOR_END: process
    assert_eq!((seen_by_child, after_deposit), (OPENING_BALANCE, 350));
    assert_eq!(balance.load(Ordering::Relaxed), 750);
    drop(ask); // closes the pipe, which tells the child to finish
    assert!(child.wait().unwrap().success());

    // ANCHOR: cost
    let thread_cost = average(200, || thread::spawn(|| {}).join().unwrap());
    let process_cost = average(50, || {
        assert!(spawn_self("exit").wait().unwrap().success());
    });
    info!("thread  (spawn + join): {:7.1} µs", micros(thread_cost));
    info!("process (spawn + wait): {:7.1} µs", micros(process_cost));
    let ratio = process_cost.as_secs_f64() / thread_cost.as_secs_f64();
    info!("one process costs as much as {ratio:.0} threads");
    // ANCHOR_END: cost
}

/// The child: a fresh copy of this program, started from its own `main`.
fn run_child() {
    let mut balance = OPENING_BALANCE;
    for request in std::io::stdin().lines() {
        let request = request.unwrap();
        if let Some(amount) = request.strip_prefix("deposit ") {
            balance += amount.parse::<u64>().unwrap();
        }
        println!("{balance}");
    }
}

fn spawn_self(mode: &str) -> Child {
    Command::new(env::current_exe().unwrap())
        .arg(mode)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap()
}

fn average(runs: u32, mut work: impl FnMut()) -> Duration {
    let started = Instant::now();
    for _ in 0..runs {
        work();
    }
    started.elapsed() / runs
}

fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}
