// Does not compile: a std `MutexGuard` alive across an `.await` makes the
// future not `Send`, and `tokio::spawn` requires `Send`.
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn main() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let count = Arc::new(Mutex::new(0));
    runtime.block_on(async {
        let count = Arc::clone(&count);
        tokio::spawn(async move {
            let mut n = count.lock().unwrap();
            tokio::time::sleep(Duration::from_millis(10)).await; // the guard is still alive here
            *n += 1;
        })
        .await
        .unwrap();
    });
}
