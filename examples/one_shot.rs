//! A one-shot channel: one message, sent once and received once, through an
//! `UnsafeCell<MaybeUninit<T>>`, a `Release`/`Acquire` flag, and
//! `thread::park`/`unpark`. A message nobody received is dropped with the
//! channel.
use std::cell::UnsafeCell;
use std::marker::PhantomData;
use std::mem::MaybeUninit;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, Thread};

// ANCHOR: channel
struct Channel<T> {
    /// Uninitialised until `send` writes it; `ready` says when it is written.
    message: UnsafeCell<MaybeUninit<T>>,
    ready: AtomicBool,
}

// SAFETY: the sender writes the message once, before it sets `ready`; the
// receiver reads it once, after it sees `ready`; `Drop` has the channel to
// itself. No two threads touch the message at once, and it moves from one
// thread to another, so `T: Send` is enough.
unsafe impl<T: Send> Sync for Channel<T> {}

impl<T> Drop for Channel<T> {
    fn drop(&mut self) {
        // Relaxed: `&mut self` means the sender and the receiver are gone,
        // and dropping the last `Arc` ordered this after everything they did.
        if self.ready.load(Ordering::Relaxed) {
            // SAFETY: `ready` is set only after the message is written, and
            // `receive` clears it once it has taken the message. So the
            // message is there, unread.
            unsafe { self.message.get_mut().assume_init_drop() }
        }
    }
}
// ANCHOR_END: channel

// ANCHOR: api
/// Makes a channel whose receiver belongs to the calling thread.
pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let channel = Arc::new(Channel {
        message: UnsafeCell::new(MaybeUninit::uninit()),
        ready: AtomicBool::new(false),
    });
    let sender = Sender {
        channel: channel.clone(),
        receiving_thread: thread::current(),
    };
    let receiver = Receiver {
        channel,
        _not_send: PhantomData,
    };
    (sender, receiver)
}

pub struct Sender<T> {
    channel: Arc<Channel<T>>,
    /// The thread to wake: the one that made the channel and holds the receiver.
    receiving_thread: Thread,
}

pub struct Receiver<T> {
    channel: Arc<Channel<T>>,
    /// Not `Send`: the sender wakes the thread that made the channel, so the
    /// receiver must stay on that thread.
    _not_send: PhantomData<*const ()>,
}

impl<T> Sender<T> {
    /// Sends the message. `self` by value: a sender sends once.
    pub fn send(self, message: T) {
        // SAFETY: this is the only sender and it is consumed here, so this is
        // the only write; the receiver reads only after `ready` is set below.
        unsafe { (*self.channel.message.get()).write(message) };
        // Release: whoever loads `true` with Acquire also sees the message.
        self.channel.ready.store(true, Ordering::Release);
        self.receiving_thread.unpark();
    }
}

impl<T> Receiver<T> {
    /// Waits for the message. `self` by value: a receiver receives once.
    pub fn receive(self) -> T {
        // Acquire: pairs with the Release in `send`.
        while !self.channel.ready.load(Ordering::Acquire) {
            // `park` may return without an `unpark`: hence the loop.
            thread::park();
        }
        // SAFETY: `ready` is set, so the message is written, and the Acquire
        // above makes the write visible. This receiver is consumed here, so
        // nobody else reads it.
        let message = unsafe { (*self.channel.message.get()).assume_init_read() };
        // Tells `Drop` the message is gone. Relaxed: the sender is done with
        // the flag, and dropping the last `Arc` orders `Drop` after this.
        self.channel.ready.store(false, Ordering::Relaxed);
        message
    }
}
// ANCHOR_END: api

fn main() {
    use std::time::Duration;

    use log::info;

    notes::init_logging();

    // ANCHOR: run
    let (sender, receiver) = channel();
    thread::scope(|s| {
        thread::Builder::new()
            .name("sender".into())
            .spawn_scoped(s, move || {
                thread::sleep(Duration::from_millis(100)); // some work first
                let answer: u64 = (1..=100).sum();
                info!("sending {answer}");
                sender.send(answer);
            })
            .unwrap();
        info!("waiting for the message");
        let answer = receiver.receive();
        info!("received {answer}");
        assert_eq!(answer, 5050);
    });
    // ANCHOR_END: run

    // ANCHOR: unreceived
    /// A message that says when it is dropped.
    struct Letter(&'static str);
    impl Drop for Letter {
        fn drop(&mut self) {
            info!("dropping the letter {:?}", self.0);
        }
    }

    let (sender, receiver) = channel();
    sender.send(Letter("never read"));
    info!("dropping the receiver without receiving");
    drop(receiver); // the last handle: `Channel::drop` drops the letter
    info!("the channel is gone");
    // ANCHOR_END: unreceived
}
