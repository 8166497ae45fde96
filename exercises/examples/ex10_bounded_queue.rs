//! Exercise 10, solution: a queue of at most `capacity` items. `push` waits
//! on `not_full`, `pop` on `not_empty`; each wakes the other side after it
//! changes the queue, and each re-checks its condition in a `while` loop.
use std::collections::VecDeque;
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

use log::info;

const CAPACITY: usize = 2;
const ITEMS: usize = 1_000;

// ANCHOR: queue
struct BoundedQueue<T> {
    items: Mutex<VecDeque<T>>,
    capacity: usize,
    not_empty: Condvar,
    not_full: Condvar,
}

impl<T> BoundedQueue<T> {
    fn new(capacity: usize) -> Self {
        BoundedQueue {
            items: Mutex::new(VecDeque::with_capacity(capacity)),
            capacity,
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
        }
    }

    fn push(&self, item: T) {
        let mut items = self.items.lock().unwrap();
        while items.len() == self.capacity {
            items = self.not_full.wait(items).unwrap();
        }
        items.push_back(item);
        drop(items);
        self.not_empty.notify_one();
    }

    fn pop(&self) -> T {
        let mut items = self.items.lock().unwrap();
        loop {
            if let Some(item) = items.pop_front() {
                drop(items);
                self.not_full.notify_one();
                return item;
            }
            items = self.not_empty.wait(items).unwrap();
        }
    }

    fn len(&self) -> usize {
        self.items.lock().unwrap().len()
    }
}
// ANCHOR_END: queue

fn main() {
    notes::init_logging();
    let queue = Arc::new(BoundedQueue::new(CAPACITY));
    let (done, finished) = mpsc::channel();
    let producer = {
        let queue = queue.clone();
        thread::spawn(move || {
            for item in 0..ITEMS {
                queue.push(item);
                assert!(queue.len() <= CAPACITY);
            }
        })
    };
    let consumer = {
        let queue = queue.clone();
        thread::spawn(move || {
            let received: Vec<usize> = (0..ITEMS).map(|_| queue.pop()).collect();
            done.send(received).unwrap();
        })
    };
    // A watchdog, so that a lost wake-up would fail the program instead of hanging it.
    let received = finished
        .recv_timeout(Duration::from_secs(10))
        .expect("the queue is stuck: a lost wake-up");
    producer.join().unwrap();
    consumer.join().unwrap();
    assert_eq!(received, (0..ITEMS).collect::<Vec<_>>());
    info!(
        "{ITEMS} items through a queue of {CAPACITY}, in order, never more than {CAPACITY} at once"
    );
}
