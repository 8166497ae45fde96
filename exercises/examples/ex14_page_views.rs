//! Exercise 14, solution: the handler that finds the lock poisoned takes the
//! guard anyway, repairs what the panic left half done, and clears the
//! poison, so the handlers after it carry on with views that add up.
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
        // A handler panicked while it held the lock, so its update may be
        // half done: `total` may count a request that no page does. The
        // per-page counts are what `total` sums, so rebuild it from them.
        let mut guard = poisoned.into_inner();
        guard.total = guard.by_page.values().sum();
        // Repaired: the next handler need not look again.
        views.clear_poison();
        guard
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
    assert!(first.is_err(), "the malformed request did not panic");
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
    assert_eq!(panicked, 0, "a handler panicked on the poisoned lock");
    assert_eq!(views.total, sum, "the total is not the sum of the pages");
    // The two good requests before the panic, and 100 per page after it.
    let expected = BTreeMap::from([("/", 101), ("/about", 101), ("/blog", 100)]);
    assert!(
        views
            .by_page
            .iter()
            .map(|(p, n)| (p.as_str(), *n))
            .eq(expected),
        "a page lost or gained views: {views:?}"
    );
    assert!(!poisoned, "the lock was still poisoned at the end");
}
