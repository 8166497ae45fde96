// Does not compile: a thread from `thread::spawn` may outlive `main`'s local data.
use std::thread;

fn main() {
    let mut balances = vec![1_000, 2_500, 40];
    let handle = thread::spawn(|| {
        for balance in balances.iter_mut() {
            *balance += *balance * 3 / 100;
        }
    });
    handle.join().unwrap();
}
