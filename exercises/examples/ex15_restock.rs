//! Exercise 15, solution: the restock changes nothing before its one
//! `.await`, then moves the units in one critical section, so an abort,
//! which can only stop it at the `.await`, never leaves half a move.
use std::sync::{Arc, Mutex};

use log::info;
use tokio::sync::oneshot;

/// Units moved by one restock.
const LOAD: u32 = 10;

// ANCHOR: stock
/// Units in the warehouse and in the shop. A restock moves units from one
/// to the other, so their sum never changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stock {
    warehouse: u32,
    shop: u32,
}

/// The delivery van: `drive` tells `main` that it has left, then waits
/// until `main` says that it has arrived.
struct Van {
    left: oneshot::Sender<()>,
    arrived: oneshot::Receiver<()>,
}

impl Van {
    async fn drive(self) {
        self.left.send(()).unwrap();
        // `main` keeps the sender until the van arrives or the task is gone.
        self.arrived.await.unwrap();
    }
}

// ANCHOR: restock
/// Moves `LOAD` units from the warehouse to the shop, by van.
async fn restock(stock: Arc<Mutex<Stock>>, van: Van) {
    // The `.await` first: an abort stops a task only where it yields
    // (or before it starts), and here the stock is still untouched.
    van.drive().await;
    // Then both halves under one guard, with no `.await` between them:
    // nothing can stop the task in the middle, and no other task sees
    // units that are in neither place.
    let mut stock = stock.lock().unwrap();
    stock.warehouse -= LOAD;
    stock.shop += LOAD;
}
// ANCHOR_END: restock
// ANCHOR_END: stock

/// Starts a restock, waits until its van has left, and then lets the van
/// arrive, or aborts the task while the van is on the road.
async fn run_restock(stock: &Arc<Mutex<Stock>>, abort: bool) {
    let (left, has_left) = oneshot::channel();
    let (arrive, arrived) = oneshot::channel();
    let task = tokio::spawn(restock(Arc::clone(stock), Van { left, arrived }));
    has_left.await.unwrap();
    if abort {
        // The van cannot arrive before the abort: `arrive` is still here.
        task.abort();
        let error = task.await.unwrap_err();
        assert!(error.is_cancelled());
        info!("aborted on the road: {:?}", *stock.lock().unwrap());
    } else {
        arrive.send(()).unwrap();
        task.await.unwrap();
        info!("delivered: {:?}", *stock.lock().unwrap());
    }
}

fn main() {
    notes::init_logging();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("worker")
        .build()
        .unwrap();
    let stock = Arc::new(Mutex::new(Stock {
        warehouse: 100,
        shop: 0,
    }));
    runtime.block_on(async {
        run_restock(&stock, false).await;
        run_restock(&stock, true).await;
    });
    let stock = *stock.lock().unwrap();
    assert_eq!(
        stock.warehouse + stock.shop,
        100,
        "the abort lost units between the warehouse and the shop"
    );
    assert_eq!(
        stock,
        Stock {
            warehouse: 90,
            shop: 10
        },
        "the delivered restock did not move {LOAD} units"
    );
}
