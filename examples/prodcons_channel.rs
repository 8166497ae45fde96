//! Producer–consumer the Rust way: no stop event. The producer owns the
//! sending side; when it is done it drops it, the channel closes, and the
//! consumer's loop ends once it has taken everything out.
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread;
use std::time::{Duration, Instant};

use log::info;
use rand::RngExt;

const RUN_FOR: Duration = Duration::from_millis(100);

// ANCHOR: producer
fn produce(queue: SyncSender<u8>) -> Vec<u8> {
    let mut made = Vec::new();
    let mut network = rand::rng();
    let started = Instant::now();
    while started.elapsed() < RUN_FOR {
        thread::sleep(Duration::from_millis(network.random_range(2..=8)));
        let message = network.random_range(1..=11);
        info!("made message {message}");
        queue.send(message).expect("the consumer hung up");
        made.push(message);
    }
    info!("done; dropping the sender closes the queue");
    made
}
// ANCHOR_END: producer

// ANCHOR: consumer
fn consume(queue: Receiver<u8>) -> Vec<u8> {
    let mut stored = Vec::new();
    for message in queue {
        thread::sleep(Duration::from_millis(15));
        info!("stored message {message}");
        stored.push(message);
    }
    info!("the queue is closed and empty; exiting");
    stored
}
// ANCHOR_END: consumer

fn main() {
    notes::init_logging();

    // ANCHOR: main
    let (sender, receiver) = mpsc::sync_channel(10);
    let producer = thread::Builder::new()
        .name("producer".to_string())
        .spawn(move || produce(sender))
        .unwrap();
    let consumer = thread::Builder::new()
        .name("consumer".to_string())
        .spawn(move || consume(receiver))
        .unwrap();
    let (made, stored) = (producer.join().unwrap(), consumer.join().unwrap());

    info!("made {} messages, stored {}", made.len(), stored.len());
    assert_eq!(made, stored, "every message stored exactly once, in order");
    // ANCHOR_END: main
}
