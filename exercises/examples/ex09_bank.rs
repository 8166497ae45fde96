//! Exercise 9, solution: a transfer holds both accounts' locks, and an audit
//! holds all of them, so nobody sees a transfer half done; everyone locks
//! accounts in index order, so no two threads can wait for each other.
use std::sync::Mutex;
use std::thread;

use log::info;

const TRANSFERS: usize = 100_000;

// ANCHOR: bank
struct Bank {
    accounts: Vec<Mutex<u64>>,
}

impl Bank {
    /// Moves `amount` from one account to another; false if `from` has too little.
    fn transfer(&self, from: usize, to: usize, amount: u64) -> bool {
        assert_ne!(from, to, "a transfer needs two accounts");
        // The lower index first, whichever way the money goes.
        let low = self.accounts[from.min(to)].lock().unwrap();
        let high = self.accounts[from.max(to)].lock().unwrap();
        let (mut source, mut target) = if from < to { (low, high) } else { (high, low) };
        if *source < amount {
            return false;
        }
        *source -= amount;
        *target += amount;
        true
    }

    fn total(&self) -> u64 {
        let all: Vec<_> = self.accounts.iter().map(|a| a.lock().unwrap()).collect();
        all.iter().map(|balance| **balance).sum()
    }
}
// ANCHOR_END: bank

fn main() {
    notes::init_logging();
    let bank = Bank {
        accounts: (0..2).map(|_| Mutex::new(100)).collect(),
    };
    let (audits, wrong) = thread::scope(|s| {
        let transfers: Vec<_> = [(0, 1), (1, 0)]
            .into_iter()
            .map(|(from, to)| {
                let bank = &bank;
                s.spawn(move || {
                    for _ in 0..TRANSFERS {
                        // There and back, so that neither account runs dry.
                        bank.transfer(from, to, 10);
                        bank.transfer(to, from, 10);
                    }
                })
            })
            .collect();
        let (mut audits, mut wrong) = (0, 0);
        while !transfers.iter().all(|t| t.is_finished()) {
            audits += 1;
            if bank.total() != 200 {
                wrong += 1;
            }
        }
        (audits, wrong)
    });
    info!("{wrong} of {audits} audits saw a total other than 200");
    assert_eq!(wrong, 0);
    assert_eq!(bank.total(), 200);
}
