//! Threads from `thread::spawn` may outlive the function that starts them, so
//! they cannot borrow its locals: they share a value through `Arc<Mutex<T>>`.
use std::sync::{Arc, Mutex};
use std::thread;

use log::info;

fn main() {
    notes::init_logging();

    // ANCHOR: main
    let store = Arc::new(Mutex::new(0));
    let mut handles = Vec::new();
    for name in ["First", "Second", "Third"] {
        let store = Arc::clone(&store); // one more owner, moved into the thread
        let handle = thread::Builder::new()
            .name(name.to_string())
            .spawn(move || {
                let mut value = store.lock().unwrap();
                *value += 1;
                info!("value is now {value}");
            })
            .unwrap();
        handles.push(handle);
    }
    for handle in handles {
        handle.join().unwrap();
    }

    // The threads' clones were dropped when they ended; this is the last owner.
    let value = Arc::into_inner(store).unwrap().into_inner().unwrap();
    info!("ending value is {value}");
    assert_eq!(value, 3);
    // ANCHOR_END: main
}
