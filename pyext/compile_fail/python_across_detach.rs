// Nor may the token that proves the GIL is held: inside `detach` it is not.
use pyo3::prelude::*;

#[pyfunction]
fn make_a_list(py: Python<'_>) -> usize {
    py.detach(|| pyo3::types::PyList::empty(py).len())
}

fn main() {}
