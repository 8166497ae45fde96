//! Exercise 15, starter: a restock task takes units out of the warehouse,
//! waits for the van, then puts them in the shop. Aborted while the van is
//! on the road, it loses the units. Make the restock cancel-safe.
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
    // The shop first: if the task is aborted on the road, the shop has them.
    stock.lock().unwrap().shop += LOAD;
    van.drive().await;
    stock.lock().unwrap().warehouse -= LOAD;
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
    let total = stock.warehouse + stock.shop;
    if total != 100 {
        info!(
            "verdict: not yet, the stock holds {total} units, not 100: the abort came between the warehouse and the shop"
        );
    } else if stock.shop != LOAD {
        info!("verdict: not yet, the delivered restock did not move {LOAD} units: {stock:?}");
    } else {
        info!("verdict: right, the aborted restock moved nothing, the delivered one {LOAD} units");
    }
}
