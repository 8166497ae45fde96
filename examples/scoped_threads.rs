//! Python's `with ThreadPoolExecutor() as executor:` waits for every task at
//! the end of the block. `thread::scope` does the same, and because of that
//! the threads may borrow the caller's local data, even mutably.
use std::thread;

use log::info;

const INTEREST_PERCENT: u64 = 3;

fn main() {
    notes::init_logging();
    let mut balances = vec![1_000, 2_500, 40, 7_300, 620, 15_000];
    let total_before: u64 = balances.iter().sum();

    // ANCHOR: scope
    thread::scope(|scope| {
        // Each thread gets a different half of the vector to change.
        for (number, accounts) in balances.chunks_mut(3).enumerate() {
            thread::Builder::new()
                .name(format!("teller-{number}"))
                .spawn_scoped(scope, move || {
                    for balance in accounts.iter_mut() {
                        *balance += *balance * INTEREST_PERCENT / 100;
                    }
                    info!("paid interest on {} accounts", accounts.len());
                })
                .unwrap();
        }
        info!("both tellers started");
    }); // every thread spawned in the scope has been joined here
    // ANCHOR_END: scope

    // ANCHOR: after
    let total_after: u64 = balances.iter().sum();
    info!("balances after interest: {balances:?}");
    info!("total {total_before} -> {total_after}");
    // ANCHOR_END: after
    assert_eq!(balances, [1_030, 2_575, 41, 7_519, 638, 15_450]);
}
