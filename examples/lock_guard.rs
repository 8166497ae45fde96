//! The lost update, fixed with a `Mutex`, two ways: an explicit `drop` of the
//! guard (Python's acquire/release), and a block that ends (Python's `with`).
use std::sync::Mutex;
use std::thread;
use std::time::Duration;

use log::info;

const WORK: Duration = Duration::from_millis(100);

struct Store {
    value: Mutex<i32>,
}

impl Store {
    // ANCHOR: explicit
    fn update_with_drop(&self, name: &str) {
        info!("{name}: starting update");
        let mut value = self.value.lock().unwrap(); // acquire
        info!("{name}: has the lock");
        let local_copy = *value;
        thread::sleep(WORK);
        *value = local_copy + 1;
        info!("{name}: releasing the lock");
        drop(value); // release
        info!("{name}: finishing update");
    }
    // ANCHOR_END: explicit

    // ANCHOR: scoped
    fn update_in_block(&self, name: &str) {
        info!("{name}: starting update");
        {
            let mut value = self.value.lock().unwrap();
            info!("{name}: has the lock");
            let local_copy = *value;
            thread::sleep(WORK);
            *value = local_copy + 1;
            info!("{name}: releasing the lock");
        } // the guard goes out of scope here, like the end of a `with` block
        info!("{name}: finishing update");
    }
    // ANCHOR_END: scoped
}

// ANCHOR: run
/// Three updates on a pool of two workers, as in the race; returns the final value.
fn three_updates(pool: &rayon::ThreadPool, update: fn(&Store, &str)) -> i32 {
    let store = Store {
        value: Mutex::new(0),
    };
    pool.scope_fifo(|scope| {
        for name in ["First", "Second", "Third"] {
            let store = &store;
            scope.spawn_fifo(move |_| update(store, name));
        }
    });
    store.value.into_inner().unwrap()
}
// ANCHOR_END: run

fn main() {
    notes::init_logging();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .thread_name(|index| format!("worker-{index}"))
        .build()
        .unwrap();

    // ANCHOR: main
    info!("method 1: lock(), then drop(guard)");
    let ending = three_updates(&pool, Store::update_with_drop);
    info!("ending value is {ending}");
    assert_eq!(ending, 3);

    info!("method 2: the guard's block ends");
    let ending = three_updates(&pool, Store::update_in_block);
    info!("ending value is {ending}");
    assert_eq!(ending, 3);
    // ANCHOR_END: main
}
