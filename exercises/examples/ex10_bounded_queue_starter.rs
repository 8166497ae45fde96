//! Exercise 10, starter: a blocking queue with no bound. A fast producer
//! fills it without limit; give it a capacity, so that `push` waits while
//! the queue is full.
use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};

use log::info;

// ANCHOR: queue
struct Queue<T> {
    items: Mutex<VecDeque<T>>,
    not_empty: Condvar,
}

impl<T> Queue<T> {
    fn new() -> Self {
        Queue {
            items: Mutex::new(VecDeque::new()),
            not_empty: Condvar::new(),
        }
    }

    fn push(&self, item: T) {
        self.items.lock().unwrap().push_back(item);
        self.not_empty.notify_one();
    }

    fn pop(&self) -> T {
        let mut items = self.items.lock().unwrap();
        loop {
            if let Some(item) = items.pop_front() {
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
    let queue = Queue::new();
    // The consumer has not started yet; nothing stops the producer.
    for item in 0..10 {
        queue.push(item);
    }
    info!("the queue holds {} items", queue.len());
    let first_three: Vec<i32> = (0..3).map(|_| queue.pop()).collect();
    info!("popped {first_three:?}");
}
