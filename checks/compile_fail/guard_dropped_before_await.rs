// Does not compile either: `*n += 1` borrows the guard, and a local that has
// been borrowed stays in the future until its scope ends, `drop(n)` or not
// (Rust 1.95, rust-lang/rust#101135). A block that ends before `.await` works.
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn main() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let count = Arc::new(Mutex::new(0));
    runtime.block_on(async {
        let count = Arc::clone(&count);
        tokio::spawn(async move {
            let mut n = count.lock().unwrap();
            *n += 1;
            drop(n);
            tokio::time::sleep(Duration::from_millis(10)).await;
        })
        .await
        .unwrap();
    });
}
