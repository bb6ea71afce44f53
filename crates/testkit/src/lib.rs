//! Helpers the workspace's tests share, so that each test file does not
//! carry its own copy: where the repository and its fixtures are, fresh
//! temporary directories, copies of directory trees. Dev-only: crates list
//! it under `[dev-dependencies]`. Every function panics on an I/O error,
//! which in a test is the failure to report.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The repository's root directory (the workspace root).
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("the repository root exists")
}

/// `tests/fixtures` of the repository.
pub fn fixtures() -> PathBuf {
    repo().join("tests/fixtures")
}

/// A fresh empty directory under the system temp dir, unique to this
/// process and call; `tag` (with `/` made `-`) says which test made it.
pub fn temp_dir(tag: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let d = std::env::temp_dir().join(format!(
        "wbd-test-{}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst),
        tag.replace('/', "-")
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap_or_else(|e| panic!("cannot create {}: {e}", d.display()));
    d
}

/// Copies the tree `from` into `to` (created when missing), files and
/// directories; links are copied as what they point to.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("cannot create {}: {e}", to.display()));
    for e in std::fs::read_dir(from).unwrap_or_else(|e| panic!("cannot read {}: {e}", from.display())) {
        let p = e.expect("a directory entry").path();
        let dest = to.join(p.file_name().expect("an entry has a name"));
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap_or_else(|e| panic!("cannot copy {} to {}: {e}", p.display(), dest.display()));
        }
    }
}

/// Every file under `dir`, by its path relative to `dir` (with `/`), to
/// its bytes; empty when `dir` is not a directory.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display())) {
            let p = e.expect("a directory entry").path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).expect("below the base").to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display())));
            }
        }
    }
    let mut out = BTreeMap::new();
    if dir.is_dir() {
        walk(dir, dir, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_a_tree_and_reads_it_back() {
        let from = temp_dir("testkit/from");
        std::fs::create_dir_all(from.join("a/b")).unwrap();
        std::fs::write(from.join("top.txt"), "1").unwrap();
        std::fs::write(from.join("a/b/deep.txt"), "2").unwrap();
        let to = temp_dir("testkit/to");
        copy_dir(&from, &to.join("copy"));
        let tree = read_tree(&to.join("copy"));
        assert_eq!(tree.keys().collect::<Vec<_>>(), ["a/b/deep.txt", "top.txt"]);
        assert_eq!(tree["a/b/deep.txt"], b"2");
        assert_ne!(from, to, "each call gives its own directory");
        assert!(repo().join("Cargo.toml").is_file() && fixtures().join("base").is_dir());
        let _ = (std::fs::remove_dir_all(from), std::fs::remove_dir_all(to));
    }
}
