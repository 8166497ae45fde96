// A Python object may not cross into the section that runs without the GIL:
// another Python thread may be changing it, or its reference count, meanwhile.
use pyo3::prelude::*;
use pyo3::types::PyList;

#[pyfunction]
fn count_in_list(py: Python<'_>, numbers: Bound<'_, PyList>) -> usize {
    py.detach(|| numbers.len())
}

fn main() {}
