//! No Rust source file of the workspace (`crates/` and `xtask/`, tests
//! included) is longer than 500 lines, unless its opening comment says why:
//! a line among its first ten that starts with `//! Longer than 500 lines
//! because` or `// Longer than 500 lines because`, followed by the reason.
//! A long file usually does several jobs; split it along its seams (unit
//! tests can move to a `tests.rs` submodule) or say why it is one job.

use std::path::{Path, PathBuf};

const LIMIT: usize = 500;
const MARKER: &str = "Longer than 500 lines because";

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display())) {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy();
        if p.is_dir() {
            if name != "target" && !name.starts_with('.') {
                rust_files(&p, out);
            }
        } else if name.ends_with(".rs") {
            out.push(p);
        }
    }
}

/// Whether the file's first lines say why it is long.
fn says_why(text: &str) -> bool {
    text.lines().take(10).any(|l| {
        let l = l.trim_start();
        let rest = l.strip_prefix("//!").or_else(|| l.strip_prefix("//")).map(str::trim_start);
        rest.and_then(|r| r.strip_prefix(MARKER)).is_some_and(|why| why.split_whitespace().count() >= 3)
    })
}

/// The files over the limit that do not say why.
fn problems(root: &Path) -> Vec<String> {
    let mut files = Vec::new();
    for top in ["crates", "xtask"] {
        rust_files(&root.join(top), &mut files);
    }
    assert!(files.len() > 100, "found only {} .rs files under {}", files.len(), root.display());
    files.sort();
    let mut out = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(f).unwrap();
        let n = text.lines().count();
        if n > LIMIT {
            if !says_why(&text) {
                out.push(format!("{rel}: {n} lines; split it, or say why in its opening comment (`//! {MARKER} ...`)"));
            }
        }
    }
    out
}

#[test]
fn no_source_file_is_over_500_lines_without_saying_why() {
    let problems = problems(&wbd_testkit::repo());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_marker_needs_a_reason_in_the_first_lines() {
    assert!(says_why("//! Longer than 500 lines because one table of data is one job.\n"));
    assert!(says_why("// Generated.\n// Longer than 500 lines because it lists every case.\n"));
    assert!(!says_why("//! Longer than 500 lines because\n"));
    assert!(!says_why("//! Longer than 500 lines.\n"));
    assert!(!says_why(&format!("{}//! Longer than 500 lines because it is long anyway.\n", "\n".repeat(10))));
    assert!(!says_why("const S: &str = \"Longer than 500 lines because of a string\";\n"));
}
