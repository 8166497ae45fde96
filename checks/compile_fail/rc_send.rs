// Does not compile: `Rc` counts its owners without atomics, so it may not cross threads.
use std::rc::Rc;
use std::thread;

fn main() {
    let prices = Rc::new(vec![101, 99, 102]);
    let handle = thread::spawn(move || {
        println!("{prices:?}");
    });
    handle.join().unwrap();
}
