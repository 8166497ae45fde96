//! Predict the output: two threads send two messages each on one channel;
//! `main` receives all four and prints them in the order they arrived.
use std::sync::mpsc;
use std::thread;

// ANCHOR: program
fn program() {
    let (sender, receiver) = mpsc::channel();
    let senders: Vec<_> = ["a", "b"]
        .into_iter()
        .map(|name| {
            let sender = sender.clone();
            thread::spawn(move || {
                sender.send(format!("{name}1")).unwrap();
                sender.send(format!("{name}2")).unwrap();
            })
        })
        .collect();
    let received: Vec<String> = (0..4).map(|_| receiver.recv().unwrap()).collect();
    println!("{}", received.join(" "));
    for sender in senders {
        sender.join().unwrap();
    }
}
// ANCHOR_END: program

fn main() {
    notes::init_logging();
    program();
}
