//! The programs are in `examples/`: `cargo run --example ex07_philosophers`.
