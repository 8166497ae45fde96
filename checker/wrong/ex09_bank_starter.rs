//! Exercise 9, starter: transfers between accounts, each account behind its
//! own mutex. No transfer ever blocks another for long, yet an audit can
//! find money missing (or too much of it). Make every audit see the same
//! total, without a deadlock.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

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
    let bank = Arc::new(Bank {
        accounts: (0..2).map(|_| Mutex::new(100)).collect(),
    });
    // Two threads move money there and back while a third audits; main only
    // waits, so that a watchdog can give up on threads stuck in a deadlock.
    let finished = Arc::new(AtomicBool::new(false));
    let (done, result) = mpsc::channel();
    for (from, to) in [(0, 1), (1, 0)] {
        let (bank, done) = (bank.clone(), done.clone());
        thread::spawn(move || {
            for _ in 0..TRANSFERS {
                // There and back, so that neither account runs dry.
                bank.transfer(from, to, 10);
                bank.transfer(to, from, 10);
            }
            done.send(None).unwrap();
        });
    }
    {
        let (bank, finished) = (bank.clone(), finished.clone());
        thread::spawn(move || {
            let (mut audits, mut wrong) = (0, 0);
            while !finished.load(Ordering::Relaxed) {
                audits += 1;
                if bank.total() != 200 {
                    wrong += 1;
                }
            }
            done.send(Some((audits, wrong))).unwrap();
        });
    }
    let bound = Duration::from_secs(20);
    for _ in 0..2 {
        if result.recv_timeout(bound).is_err() {
            info!("verdict: not yet, the transfers were still stuck after {bound:?}: a deadlock");
            return;
        }
    }
    finished.store(true, Ordering::Relaxed);
    let Ok(Some((audits, wrong))) = result.recv_timeout(bound) else {
        info!("verdict: not yet, the audit was still stuck after {bound:?}: a deadlock");
        return;
    };
    info!("{wrong} of {audits} audits saw a total other than 200");
    let after = bank.total();
    info!("after the transfers: {after}");
    if after != 200 {
        info!("verdict: not yet, after the transfers the bank holds {after}, not 200");
    } else if wrong == 0 {
        info!("verdict: right, every audit saw 200");
    } else {
        info!("verdict: not yet, {wrong} of {audits} audits saw a total other than 200");
    }
}
