//! A learner's compile error, as the checker shows it: at the line of the
//! learner's own file, not of the code the check generates from it.

use checker::region::{compile_errors, program};

const STDERR: &str = "   Compiling checker v0.1.0 (/work/main/checker)
error: expected expression, found `}`
  --> /work/main/target/debug/build/checker-1/out/ex08/program.rs:22:1
   |
22 | }
   | ^ expected expression

error: expected expression, found `}`
  --> /work/main/target/debug/build/checker-1/out/ex08/model.rs:14:1
   |
14 | }
   | ^ expected expression

error: could not compile `checker` (bin \"ex08\") due to 2 previous errors
";

#[test]
fn errors_in_the_program_are_shown_at_the_files_own_lines() {
    let (errors, in_model) = compile_errors(STDERR, "exercises/examples/ex08_tickets_starter.rs");
    assert!(!in_model);
    assert!(
        errors.contains("--> exercises/examples/ex08_tickets_starter.rs:22:1"),
        "{errors}"
    );
    assert!(
        !errors.contains("model.rs"),
        "the same error twice: {errors}"
    );
    assert!(!errors.contains("could not compile"), "{errors}");
}

#[test]
fn errors_only_in_the_model_are_shown_as_they_are() {
    let only_model = STDERR.replace("/program.rs:22:1", "/elsewhere.rs:22:1");
    let (errors, in_model) = compile_errors(&only_model, "ex08.rs");
    assert!(in_model);
    assert!(errors.contains("model.rs:14:1"), "{errors}");
}

/// The program keeps every line where the file has it.
#[test]
fn the_program_keeps_the_files_line_numbers() {
    let file = "//! doc\n//! more\nuse std::thread;\n\nfn main() {\n    thread::yield_now();\n}\n";
    let compiled = program(file);
    assert_eq!(compiled.lines().count(), file.lines().count());
    assert_eq!(compiled.lines().nth(4), Some("pub fn main() {"));
    assert!(!compiled.contains("//!"));
}
