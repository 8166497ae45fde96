//! Chapter 3's prime count as a Python module, `rust_primes`, in three
//! variants: two that differ only in what they do with the GIL, and one that
//! also splits the call over rayon's threads:
//!
//! - `count_keeping_gil` computes while it holds the GIL, as Python code
//!   does: two Python threads calling it take turns;
//! - `count_releasing_gil` releases the GIL for the computation
//!   (`Python::detach`): two Python threads calling it can run side by side;
//! - `count_rayon` releases it too, and shares one call out over rayon's pool.
//!
//! The job itself is plain Rust, in `job`. Every argument is checked before
//! the work starts, and a bad one raises `TypeError` or `ValueError`.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyInt;

pub mod job;

use job::{MAX_LIMIT, MAX_WORKERS};

/// `value`, a Python `int` from `low` to `high` (both included), as a `u64`;
/// anything else is a `TypeError` or a `ValueError` that names the argument.
fn whole(name: &str, value: &Bound<'_, PyAny>, low: u64, high: u64) -> PyResult<u64> {
    if !value.is_instance_of::<PyInt>() {
        let kind = value.get_type().name()?;
        return Err(PyTypeError::new_err(format!(
            "{name} must be an int, not {kind}"
        )));
    }
    let out_of_range = |what: &dyn std::fmt::Display| {
        PyValueError::new_err(format!("{name} must be from {low} to {high}, not {what}"))
    };
    // An int of at most 64 bits, its sign aside, is shown as it is; a bigger
    // one is not: one of thousands of digits cannot even become a string
    // (CPython limits that conversion to 4,300 digits).
    match value.extract::<u64>() {
        Ok(n) if (low..=high).contains(&n) => Ok(n),
        Ok(n) => Err(out_of_range(&n)),
        Err(_) => match value.neg()?.extract::<u64>() {
            Ok(n) => Err(out_of_range(&format!("-{n}"))),
            Err(_) => Err(out_of_range(&"an int of more than 64 bits")),
        },
    }
}

/// The checked arguments of a count: `(limit, me, workers)`; `me` and
/// `workers` left out, or `None`, are 0 and 1.
fn share(
    limit: &Bound<'_, PyAny>,
    me: Option<&Bound<'_, PyAny>>,
    workers: Option<&Bound<'_, PyAny>>,
) -> PyResult<(u64, u64, u64)> {
    let limit = whole("limit", limit, 0, MAX_LIMIT)?;
    let workers = match workers {
        Some(w) => whole("workers", w, 1, MAX_WORKERS)?,
        None => 1,
    };
    let me = match me {
        Some(m) => whole("me", m, 0, workers - 1)?,
        None => 0,
    };
    Ok((limit, me, workers))
}

// ANCHOR: keeping
/// The number of primes below `limit` (in share `me` of `workers`, as
/// chapter 3 deals them out; by default, or with `None`, all of them),
/// computed while holding the GIL: no other Python thread runs until it
/// returns.
#[pyfunction]
#[pyo3(signature = (limit, me = None, workers = None))]
fn count_keeping_gil(
    limit: &Bound<'_, PyAny>,
    me: Option<&Bound<'_, PyAny>>,
    workers: Option<&Bound<'_, PyAny>>,
) -> PyResult<usize> {
    let (limit, me, workers) = share(limit, me, workers)?;
    Ok(job::count(limit, me, workers))
}
// ANCHOR_END: keeping

// ANCHOR: releasing
/// The same count (all of it by default, or with `None`), with the GIL
/// released while it computes: other Python threads can run meanwhile, on
/// other cores if any are free.
#[pyfunction]
#[pyo3(signature = (limit, me = None, workers = None))]
fn count_releasing_gil(
    py: Python<'_>,
    limit: &Bound<'_, PyAny>,
    me: Option<&Bound<'_, PyAny>>,
    workers: Option<&Bound<'_, PyAny>>,
) -> PyResult<usize> {
    // Read everything the computation needs out of the Python objects first:
    // the closure below may capture only what is `Send` (PyO3's `Ungil`),
    // three `u64`s here, and no `Bound` or `Python`.
    let (limit, me, workers) = share(limit, me, workers)?;
    Ok(py.detach(move || job::count(limit, me, workers)))
}
// ANCHOR_END: releasing

// ANCHOR: rayon
/// All the primes below `limit`, counted by rayon's threads in one call,
/// with the GIL released.
#[pyfunction]
fn count_rayon(py: Python<'_>, limit: &Bound<'_, PyAny>) -> PyResult<usize> {
    let limit = whole("limit", limit, 0, MAX_LIMIT)?;
    Ok(py.detach(move || job::count_rayon(limit)))
}
// ANCHOR_END: rayon

/// Panics on purpose, on one of rayon's threads with the GIL released: shows
/// what a bug in Rust becomes in Python. `rayon::join` carries the panic back
/// to this thread, `detach` takes the GIL again as it unwinds, and the
/// wrapper that `#[pyfunction]` generates catches the panic (`catch_unwind`)
/// and raises `pyo3_runtime.PanicException` with its message. With
/// `panic = "abort"` in the build profile, the process would abort instead.
#[pyfunction]
fn _panic(py: Python<'_>, message: String) {
    py.detach(move || {
        rayon::join(|| panic!("{message}"), || ());
    });
}

/// Chapter 3's prime count, from Rust: keeping the GIL, releasing it, and
/// with rayon inside.
#[pymodule]
mod rust_primes {
    #[pymodule_export]
    use super::{_panic, count_keeping_gil, count_rayon, count_releasing_gil};

    #[pymodule_export]
    const MAX_LIMIT: u64 = super::MAX_LIMIT;

    #[pymodule_export]
    const MAX_WORKERS: u64 = super::MAX_WORKERS;
}
