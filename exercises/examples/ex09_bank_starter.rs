//! Exercise 9, starter: transfers between accounts, each account behind its
//! own mutex. No transfer ever blocks another for long, yet an audit can
//! find money missing (or too much of it). Make every audit see the same
//! total, without a deadlock.
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
        {
            let mut from = self.accounts[from].lock().unwrap();
            if *from < amount {
                return false;
            }
            *from -= amount;
        }
        *self.accounts[to].lock().unwrap() += amount;
        true
    }

    fn total(&self) -> u64 {
        self.accounts.iter().map(|a| *a.lock().unwrap()).sum()
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
    info!("after the transfers: {}", bank.total());
}
