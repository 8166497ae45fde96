//! Programs the book shows failing to compile, with the compiler's real words.
//!
//! After a compiler upgrade changes a message, run
//! `TRYBUILD=overwrite cargo test --test compile_fail` and review the diff.

#[test]
fn the_compiler_rejects_them() {
    trybuild::TestCases::new().compile_fail("compile_fail/*.rs");
}
