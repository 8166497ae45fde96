//! Exercise 10, starter: a blocking queue that takes a capacity but never
//! keeps to it: a fast producer fills it without limit. Make `push` wait
//! while the queue is full.
use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
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
                // Wrong: a producer waiting for room is never told there is some.
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
    // How many items each side has handled so far, for the watchdog to report.
    let (pushed, popped) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let (producer_done, most_seen) = mpsc::channel();
    let (consumer_done, received) = mpsc::channel();
    {
        let (queue, pushed) = (queue.clone(), pushed.clone());
        thread::spawn(move || {
            let mut most = 0;
            for item in 0..ITEMS {
                queue.push(item);
                pushed.fetch_add(1, Ordering::Relaxed);
                most = most.max(queue.len());
            }
            producer_done.send(most).unwrap();
        });
    }
    {
        let (queue, popped) = (queue.clone(), popped.clone());
        thread::spawn(move || {
            let mut received = Vec::new();
            for _ in 0..ITEMS {
                // A slow consumer, so that a queue without a bound fills up.
                thread::sleep(Duration::from_micros(10));
                received.push(queue.pop());
                popped.fetch_add(1, Ordering::Relaxed);
            }
            consumer_done.send(received).unwrap();
        });
    }
    // The watchdog: threads stuck in a wait are left behind and end with the process.
    let bound = Duration::from_secs(10);
    let (Ok(most), Ok(received)) = (most_seen.recv_timeout(bound), received.recv_timeout(bound))
    else {
        info!(
            "verdict: not yet, stuck: {} of {ITEMS} items pushed, {} popped, {} in the queue: a lost wake-up?",
            pushed.load(Ordering::Relaxed),
            popped.load(Ordering::Relaxed),
            queue.len()
        );
        return;
    };
    info!("the producer saw at most {most} items in the queue");
    if most > CAPACITY {
        info!("verdict: not yet, the queue held {most} items, its capacity is {CAPACITY}");
    } else if received != (0..ITEMS).collect::<Vec<_>>() {
        info!(
            "verdict: not yet, the consumer did not get 0 to {} in order",
            ITEMS - 1
        );
    } else {
        info!("verdict: right, {ITEMS} items in order, never more than {CAPACITY} at once");
    }
}
