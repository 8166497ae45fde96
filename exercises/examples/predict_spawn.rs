//! Predict the output: a sub-thread prints two lines while `main` prints
//! one; `main` prints its last line after `join`.
use std::thread;

// ANCHOR: program
fn program() {
    let child = thread::spawn(|| {
        println!("child: one");
        println!("child: two");
    });
    println!("main: spawned");
    child.join().unwrap();
    println!("main: joined");
}
// ANCHOR_END: program

fn main() {
    notes::init_logging();
    program();
}
