//! Producer–consumer through a bounded queue of 10, stopped by an event, as
//! in the Python notes: the producer makes messages until main sets the event,
//! then hangs up; the consumer stores every message, then sees the queue end.
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender};
use log::info;
use rand::RngExt;

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
}

// The rest of Python's API, which makes an `Event` more than a flag: threads
// can wait for it. This program only polls, so it calls none of these.
#[allow(dead_code)]
impl Event {
    pub fn clear(&self) {
        *self.flag.lock().unwrap() = false;
    }

    /// Blocks until the flag is set.
    pub fn wait(&self) {
        let mut set = self.flag.lock().unwrap();
        while !*set {
            set = self.changed.wait(set).unwrap();
        }
    }

    /// Like `wait`, but gives up after `timeout`; returns whether the flag is set.
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

// ANCHOR: producer
/// Waits on the "network" for each message, until `stop` is set.
fn produce(queue: Sender<u8>, stop: &Event) -> Vec<u8> {
    let mut made = Vec::new();
    let mut network = rand::rng();
    while !stop.is_set() {
        thread::sleep(Duration::from_millis(network.random_range(2..=8)));
        let message = network.random_range(1..=11);
        info!("made message {message}");
        // Blocks while the queue is full; fails only if the consumer is gone.
        queue.send(message).expect("the consumer hung up");
        made.push(message);
    }
    info!("saw the stop event; hanging up");
    made
} // `queue`, the last sender, is dropped here: the consumer will see the end
// ANCHOR_END: producer

// ANCHOR: consumer
/// Stores each message (slower than they come), until the queue is closed and empty.
fn consume(queue: Receiver<u8>) -> Vec<u8> {
    let mut stored = Vec::new();
    while let Ok(message) = queue.recv() {
        thread::sleep(Duration::from_millis(15));
        info!("stored message {message} (size={})", queue.len());
        stored.push(message);
    }
    info!("the queue is closed and empty; exiting");
    stored
}
// ANCHOR_END: consumer

// ANCHOR: guard
/// Sets the event when dropped: however `main` leaves the scope, the producer is told to stop.
struct SetOnDrop<'a>(&'a Event);

impl Drop for SetOnDrop<'_> {
    fn drop(&mut self) {
        self.0.set();
    }
}
// ANCHOR_END: guard

fn main() {
    notes::init_logging();

    // ANCHOR: main
    let (sender, receiver) = crossbeam_channel::bounded(10);
    let stop = Event::new();
    let (made, stored) = thread::scope(|scope| {
        // Without it, a panic below would leave the scope waiting for a producer nobody stops.
        let _stop_on_panic = SetOnDrop(&stop);
        let producer = thread::Builder::new()
            .name("producer".to_string())
            .spawn_scoped(scope, || produce(sender, &stop))
            .unwrap();
        let consumer = thread::Builder::new()
            .name("consumer".to_string())
            .spawn_scoped(scope, || consume(receiver))
            .unwrap();

        thread::sleep(Duration::from_millis(100));
        info!("setting the stop event");
        stop.set();

        (producer.join().unwrap(), consumer.join().unwrap())
    });

    info!("made {} messages, stored {}", made.len(), stored.len());
    assert_eq!(made, stored, "every message stored exactly once, in order");
    // ANCHOR_END: main
}
