//! Producer–consumer through a bounded queue of 10, stopped by an event, as
//! in the Python notes: the producer makes messages until main sets the event,
//! then hangs up; the consumer stores every message, then sees the queue end.
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender};
use log::info;
use rand::Rng;

// ANCHOR: event
/// Python's `threading.Event`: a flag that threads can set, clear, test and wait for.
#[derive(Default)]
pub struct Event {
    flag: Mutex<bool>,
    changed: Condvar,
}

impl Event {
    pub fn new() -> Self {
        Event {
            flag: Mutex::new(false),
            changed: Condvar::new(),
        }
    }

    pub fn set(&self) {
        *self.flag.lock().unwrap() = true;
        self.changed.notify_all();
    }

    pub fn is_set(&self) -> bool {
        *self.flag.lock().unwrap()
    }

    // The rest of Python's API; this program needs only `set` and `is_set`.
    #[allow(dead_code)]
    pub fn clear(&self) {
        *self.flag.lock().unwrap() = false;
    }

    /// Blocks until the flag is set.
    #[allow(dead_code)]
    pub fn wait(&self) {
        let mut set = self.flag.lock().unwrap();
        while !*set {
            set = self.changed.wait(set).unwrap();
        }
    }

    /// Like `wait`, but gives up after `timeout`; returns whether the flag is set.
    #[allow(dead_code)]
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut set = self.flag.lock().unwrap();
        while !*set {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            set = self.changed.wait_timeout(set, left).unwrap().0;
        }
        *set
    }
}
// ANCHOR_END: event

/// How many messages, their sum, and an order-sensitive fingerprint.
#[derive(Debug, Default, PartialEq)]
struct Tally {
    count: u32,
    sum: u64,
    fingerprint: u64,
}

impl Tally {
    fn add(&mut self, message: u8) {
        self.count += 1;
        self.sum += u64::from(message);
        self.fingerprint = self
            .fingerprint
            .wrapping_mul(31)
            .wrapping_add(u64::from(message));
    }
}

// ANCHOR: producer
/// Waits on the "network" for each message, until `stop` is set.
fn producer(queue: Sender<u8>, stop: &Event) -> Tally {
    let mut made = Tally::default();
    let mut network = rand::rng();
    while !stop.is_set() {
        thread::sleep(Duration::from_millis(network.random_range(2..=8)));
        let message = network.random_range(1..=11);
        info!("made message {message}");
        // Blocks while the queue is full; fails only if the consumer is gone.
        queue.send(message).expect("the consumer hung up");
        made.add(message);
    }
    info!("saw the stop event; hanging up");
    made
} // `queue`, the last sender, is dropped here: the consumer will see the end
// ANCHOR_END: producer

// ANCHOR: consumer
/// Stores each message (slower than they come), until the queue is closed and empty.
fn consumer(queue: Receiver<u8>) -> Tally {
    let mut stored = Tally::default();
    while let Ok(message) = queue.recv() {
        thread::sleep(Duration::from_millis(15));
        info!("stored message {message} (size={})", queue.len());
        stored.add(message);
    }
    info!("the queue is closed and empty; exiting");
    stored
}
// ANCHOR_END: consumer

fn main() {
    notes::init_logging();

    // ANCHOR: main
    let (sender, receiver) = crossbeam_channel::bounded(10);
    let stop = Event::new();
    let (made, stored) = thread::scope(|scope| {
        let spawn = |name: &str| thread::Builder::new().name(name.to_string());
        let producer = spawn("producer")
            .spawn_scoped(scope, || producer(sender, &stop))
            .unwrap();
        let consumer = spawn("consumer")
            .spawn_scoped(scope, || consumer(receiver))
            .unwrap();

        thread::sleep(Duration::from_millis(100));
        info!("setting the stop event");
        stop.set();

        (producer.join().unwrap(), consumer.join().unwrap())
    });

    info!("made {} messages, stored {}", made.count, stored.count);
    assert_eq!(made, stored, "every message stored exactly once, in order");
    // ANCHOR_END: main
}
