//! A parent that owns its children, and children that point back at it: with
//! `Arc` both ways the pair keeps itself alive forever; with `Weak` for the
//! way back, dropping the parent frees both.
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::thread;

use log::info;

/// Nodes alive right now: how we see a leak.
static LIVE: AtomicUsize = AtomicUsize::new(0);

// ANCHOR: node
struct Node {
    name: &'static str,
    /// Back to the parent: does not keep it alive.
    parent: Mutex<Weak<Node>>,
    /// Down to the children: owns them.
    children: Mutex<Vec<Arc<Node>>>,
}

impl Node {
    fn new(name: &'static str) -> Arc<Node> {
        LIVE.fetch_add(1, Ordering::Relaxed);
        Arc::new(Node {
            name,
            parent: Mutex::new(Weak::new()),
            children: Mutex::new(Vec::new()),
        })
    }

    fn adopt(parent: &Arc<Node>, child: Arc<Node>) {
        *child.parent.lock().unwrap() = Arc::downgrade(parent);
        parent.children.lock().unwrap().push(child);
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        LIVE.fetch_sub(1, Ordering::Relaxed);
        info!("freeing {}", self.name);
    }
}
// ANCHOR_END: node

/// The same shape with a strong pointer back: the cycle that leaks.
struct Leaky {
    #[expect(
        dead_code,
        reason = "never read: it only keeps the parent alive, which is the bug"
    )]
    parent: Mutex<Option<Arc<Leaky>>>,
    children: Mutex<Vec<Arc<Leaky>>>,
}

fn main() {
    notes::init_logging();

    // ANCHOR: tree
    let root = Node::new("root");
    let leaf = Node::new("leaf");
    Node::adopt(&root, Arc::clone(&leaf));
    info!(
        "root: {} strong, {} weak; leaf: {} strong",
        Arc::strong_count(&root),
        Arc::weak_count(&root),
        Arc::strong_count(&leaf)
    );

    // Another thread may follow the pointer back, as long as the parent lives.
    thread::scope(|s| {
        let follower = thread::Builder::new().name("follower".to_string());
        follower
            .spawn_scoped(s, || {
                let parent = leaf.parent.lock().unwrap().upgrade();
                let name = parent.map(|p| p.name);
                info!("leaf's parent is {name:?}");
                assert_eq!(name, Some("root"));
            })
            .unwrap();
    });

    drop(root); // the last strong pointer: root is freed, and with it its hold on leaf
    let parent = leaf.parent.lock().unwrap().upgrade();
    info!(
        "after dropping root, leaf's parent is {:?}",
        parent.map(|p| p.name)
    );
    drop(leaf);
    info!("nodes alive: {}", LIVE.load(Ordering::Relaxed));
    assert_eq!(LIVE.load(Ordering::Relaxed), 0);
    // ANCHOR_END: tree

    // ANCHOR: leak
    let root = Arc::new(Leaky {
        parent: Mutex::new(None),
        children: Mutex::new(Vec::new()),
    });
    let leaf = Arc::new(Leaky {
        parent: Mutex::new(Some(Arc::clone(&root))),
        children: Mutex::new(Vec::new()),
    });
    root.children.lock().unwrap().push(Arc::clone(&leaf));
    let watch = Arc::downgrade(&root);
    drop(root);
    drop(leaf);
    // Nothing outside points at the pair any more, yet each keeps the other alive.
    info!(
        "with Arc both ways, root is still alive: {}",
        watch.upgrade().is_some()
    );
    assert_eq!(watch.strong_count(), 1);
    // ANCHOR_END: leak
}
