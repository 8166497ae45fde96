//! An ID allocator on one atomic counter. `fetch_add` never loses an update,
//! but it wraps around silently at the top of its type and hands out an ID a
//! second time; a compare-and-swap loop with `checked_add` refuses instead.
//! A `u8` makes the top reachable in a few hundred calls.
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU8, Ordering};
use std::thread;

use log::info;

/// How many threads ask for IDs at once.
const THREADS: usize = 4;

// ANCHOR: wrapping
/// Hands out 0, 1, 2, … and, after 255, 0 again: atomic arithmetic wraps in
/// debug and release builds alike, without a panic.
fn allocate_wrapping(next: &AtomicU8) -> u8 {
    // Relaxed: an ID carries no other data; all that matters is that no two
    // calls get the same value, and the counter's one modification order
    // guarantees that under every ordering.
    next.fetch_add(1, Ordering::Relaxed)
}
// ANCHOR_END: wrapping

// ANCHOR: checked
/// Hands out 0, 1, …, 254 and then `None` forever: it never writes a value
/// that wrapped, so it never hands out an ID twice.
fn allocate(next: &AtomicU8) -> Option<u8> {
    let mut current = next.load(Ordering::Relaxed);
    loop {
        // The last ID is the one whose successor still fits: 254.
        let new = current.checked_add(1)?;
        // Write `new` only if the counter still holds `current`; if another
        // thread got in first, try again from the value it left.
        match next.compare_exchange_weak(current, new, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => return Some(current),
            Err(seen) => current = seen,
        }
    }
}
// ANCHOR_END: checked

/// `THREADS` threads each take `per_thread` IDs with `take`; all the IDs, in
/// the order the threads are joined.
fn from_threads<T: Send>(per_thread: usize, take: impl Fn() -> T + Sync) -> Vec<T> {
    thread::scope(|s| {
        let handles: Vec<_> = (0..THREADS)
            .map(|_| s.spawn(|| (0..per_thread).map(|_| take()).collect::<Vec<T>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    })
}

fn main() {
    notes::init_logging();

    // ANCHOR: run
    // 4 threads × 64 = 256 IDs: exactly what a u8 holds, all different.
    let next = AtomicU8::new(0);
    let ids = from_threads(64, || allocate_wrapping(&next));
    let distinct: BTreeSet<u8> = ids.iter().copied().collect();
    info!("fetch_add: {} IDs, {} distinct", ids.len(), distinct.len());
    assert_eq!(distinct.len(), 256);
    // The 257th call wraps around and repeats the first ID.
    let again = allocate_wrapping(&next);
    info!("fetch_add: the next ID is {again}, handed out before");
    assert!(distinct.contains(&again));

    // The same 4 threads, each asking 64 times, with the checked allocator.
    let next = AtomicU8::new(0);
    let ids = from_threads(64, || allocate(&next));
    let given: Vec<u8> = ids.iter().flatten().copied().collect();
    let distinct: BTreeSet<u8> = given.iter().copied().collect();
    let refused = ids.iter().filter(|id| id.is_none()).count();
    info!(
        "checked: {} IDs, {} distinct; {refused} of 256 requests refused",
        given.len(),
        distinct.len()
    );
    assert_eq!((given.len(), distinct.len(), refused), (255, 255, 1));
    assert_eq!(allocate(&next), None);
    info!("checked: the next request is refused too");
    // ANCHOR_END: run
}
