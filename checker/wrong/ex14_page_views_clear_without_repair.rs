//! Exercise 14, starter: a request handler panics while it holds the lock
//! on the page views, and every handler after it panics too, on the
//! poisoned lock. Make the handlers carry on, with views that add up.
use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};
use std::thread;

use log::info;

// ANCHOR: views
/// Page views, counted per page; `total` is always their sum.
#[derive(Debug, Default)]
struct Views {
    by_page: BTreeMap<String, u64>,
    total: u64,
}

// ANCHOR: lock
/// Locks the page views for a request handler.
fn lock_views(views: &Mutex<Views>) -> MutexGuard<'_, Views> {
    views.lock().unwrap_or_else(|poisoned| {
        // Take the guard, and mark the lock healthy for the next handler.
        views.clear_poison();
        poisoned.into_inner()
    })
}
// ANCHOR_END: lock

/// Counts one request, a line such as `GET /about`.
fn record(views: &Mutex<Views>, request: &str) {
    let mut views = lock_views(views);
    views.total += 1;
    // A malformed line panics here, with the lock held and `total` already counted.
    let (_, page) = request.split_once(' ').expect("a request is METHOD PATH");
    *views.by_page.entry(page.to_string()).or_default() += 1;
}
// ANCHOR_END: views

fn main() {
    notes::init_logging();
    let views = Mutex::new(Views::default());
    // First, one handler meets a malformed request and panics.
    let first = thread::scope(|s| {
        s.spawn(|| {
            for request in ["GET /", "GET /about", "GET/about"] {
                record(&views, request);
            }
        })
        .join()
    });
    info!("the first handler panicked: {}", first.is_err());
    // Then three handlers serve the next requests at once.
    let panicked = thread::scope(|s| {
        let handlers: Vec<_> = ["/", "/about", "/blog"]
            .map(|page| {
                let views = &views;
                s.spawn(move || {
                    for _ in 0..100 {
                        record(views, &format!("GET {page}"));
                    }
                })
            })
            .into_iter()
            .collect();
        handlers
            .into_iter()
            .map(|h| h.join())
            .filter(Result::is_err)
            .count()
    });
    let poisoned = views.is_poisoned();
    let views = views.into_inner().unwrap_or_else(|e| e.into_inner());
    let sum: u64 = views.by_page.values().sum();
    info!("{panicked} of the next 3 handlers panicked; {views:?}");
    if panicked > 0 {
        info!("verdict: not yet, {panicked} of the next 3 handlers panicked on the poisoned lock");
    } else if views.total != sum {
        info!(
            "verdict: not yet, the total says {} views, the pages add up to {sum}",
            views.total
        );
    } else if poisoned {
        info!("verdict: not yet, the lock was still poisoned at the end");
    } else {
        info!("verdict: right, every handler carried on, and {sum} views add up");
    }
}
