/// At most `permits` holders at a time; everyone else waits in `acquire`.
pub struct Semaphore {
    available: Mutex<usize>,
    returned: Condvar,
}

impl Semaphore {
    pub fn new(permits: usize) -> Self {
        Semaphore {
            available: Mutex::new(permits),
            returned: Condvar::new(),
        }
    }

    /// Waits for a permit. The permit goes back when the guard is dropped.
    pub fn acquire(&self) -> Permit<'_> {
        let mut available = self.available.lock().unwrap();
        while *available == 0 {
            available = self.returned.wait(available).unwrap();
        }
        *available -= 1;
        Permit { semaphore: self }
    }
}

/// Proof of holding a permit; dropping it releases the permit.
pub struct Permit<'a> {
    semaphore: &'a Semaphore,
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        self.semaphore.returned.notify_one();
        *self.semaphore.available.lock().unwrap() += 1;
    }
}