//! A thread panics halfway through an update; the `Mutex` is poisoned, and
//! `main` recovers the data with `PoisonError::into_inner`, repairs it, and
//! clears the poison.
use std::sync::Mutex;
use std::thread;

use log::info;

/// Two balances that must always add up to 150.
struct Accounts {
    checking: i64,
    savings: i64,
}

fn main() {
    notes::init_logging();
    let accounts = Mutex::new(Accounts {
        checking: 100,
        savings: 50,
    });

    // ANCHOR: panic
    let result = thread::scope(|s| {
        thread::Builder::new()
            .name("clerk".to_string())
            .spawn_scoped(s, || {
                let mut a = accounts.lock().unwrap();
                a.checking -= 30;
                info!("took 30 from checking; about to add it to savings");
                let rate: i64 = "3%".parse().unwrap(); // a bug: panics with the guard held
                a.savings += 30 * rate;
            })
            .unwrap()
            .join()
    });
    assert!(result.is_err());
    // ANCHOR_END: panic

    // ANCHOR: recover
    info!("poisoned: {}", accounts.is_poisoned());
    let mut a = match accounts.lock() {
        Ok(guard) => guard,
        Err(poisoned) => {
            info!("lock() returned Err: {poisoned}");
            poisoned.into_inner() // the guard, and the lock with it, all the same
        }
    };
    info!("found checking {} + savings {}", a.checking, a.savings);
    if a.checking + a.savings != 150 {
        a.checking += 30; // undo the half-done transfer
        info!("repaired: checking {} + savings {}", a.checking, a.savings);
    }
    drop(a);
    accounts.clear_poison(); // we have checked the data: lock() may succeed again
    // ANCHOR_END: recover

    let a = accounts.lock().unwrap();
    info!(
        "poisoned: {}; total {}",
        accounts.is_poisoned(),
        a.checking + a.savings
    );
    assert_eq!(a.checking + a.savings, 150);
}
