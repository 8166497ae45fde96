//! The `notes` module that a Run button sends along with an example
//! (`tools/playground/notes.rs`, see `checks::playground`) is `src/lib.rs` as
//! it is now. After a change to the library, record it again:
//! `RECORD=1 cargo test -p checks --test playground`.
//!
//! What the Run buttons send is compiled and run outside this workspace, against
//! the Playground's crates, by the ignored test in tests/outputs.rs
//! (`cargo test -p checks --test outputs -- --ignored run_buttons`), which
//! needs a built book and so runs in `.ci/run`.

use std::fs;

use checks::playground::{NOTES_MODULE, notes_module};
use checks::root;

#[test]
fn the_playground_notes_module_is_src_lib_rs() {
    let lib = fs::read_to_string(root().join("src/lib.rs")).unwrap();
    let expected = notes_module(&lib);
    let path = root().join(NOTES_MODULE);
    if std::env::var_os("RECORD").is_some() {
        fs::write(&path, &expected).unwrap();
    }
    let now = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        now == expected,
        "{NOTES_MODULE} is not what src/lib.rs makes now: record it again with \
         `RECORD=1 cargo test -p checks --test playground`"
    );
}
