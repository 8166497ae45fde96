//! The async examples of *Concurrency Notes in Rust* live in `examples/`;
//! this crate only gives them a home with tokio as a dependency, so that the
//! other examples never build it.
