//! What PyO3 refuses to compile: a Python object, or the `Python` token
//! itself, captured by the closure that runs with the GIL released. The
//! compiler's errors are recorded beside each case (`compile_fail/*.stderr`);
//! `TRYBUILD=overwrite pyext/run` records them again after an upgrade.

#[test]
fn python_objects_stay_out_of_the_released_section() {
    trybuild::TestCases::new().compile_fail("compile_fail/*.rs");
}
