// Does not compile: three threads would change `store.value` with no synchronization.
use std::thread;

struct Store {
    value: i32,
}

impl Store {
    fn update(&mut self) {
        let local_copy = self.value;
        self.value = local_copy + 1;
    }
}

fn main() {
    let mut store = Store { value: 0 };
    thread::scope(|scope| {
        for _ in 0..3 {
            scope.spawn(|| store.update());
        }
    });
    println!("ending value: {}", store.value);
}
