//! Locks in async code: tokio's `Mutex` where the guard must live across an
//! `.await`, std's `Mutex` where the critical section has no `.await` in it.
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use log::info;

/// A connection that only one task may use at a time, and whose every use
/// waits for the network.
struct Connection {
    sent: Vec<String>,
}

impl Connection {
    async fn send(&mut self, line: String) {
        tokio::time::sleep(Duration::from_millis(40)).await; // the network
        self.sent.push(line);
    }
}

fn main() {
    notes::init_logging();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("worker")
        .enable_time()
        .build()
        .unwrap();

    let (sent, hits) = runtime.block_on(async {
        // ANCHOR: locks
        let connection = Arc::new(tokio::sync::Mutex::new(Connection { sent: Vec::new() }));
        let hits = Arc::new(std::sync::Mutex::new(BTreeMap::new()));
        let tasks: Vec<_> = ["A", "B", "C"]
            .into_iter()
            .map(|name| {
                let (connection, hits) = (Arc::clone(&connection), Arc::clone(&hits));
                tokio::spawn(async move {
                    // std's Mutex: locked and released with no `.await` in between.
                    *hits.lock().unwrap().entry(name).or_insert(0) += 1;

                    info!("{name}: waiting for the connection");
                    let mut conn = connection.lock().await; // waits without blocking a worker
                    info!("{name}: has the connection");
                    conn.send(format!("{name}: hello")).await; // the guard lives across
                    conn.send(format!("{name}: bye")).await; //   both of these `.await`s
                    info!("{name}: releasing the connection");
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
        // ANCHOR_END: locks
        let sent = Arc::into_inner(connection).unwrap().into_inner().sent;
        let hits = Arc::into_inner(hits).unwrap().into_inner().unwrap();
        (sent, hits)
    });

    info!("sent {sent:?}");
    info!("hits {hits:?}");
    // Each task's two lines are next to each other: nobody got in between.
    for pair in sent.chunks(2) {
        let (first, second) = (&pair[0], &pair[1]);
        assert_eq!(first.replace("hello", "bye"), *second);
    }
    assert_eq!(hits.values().sum::<u32>(), 3);
}
