//! What the tests of the `cargo xtask` binary share: running it, copies of
//! the base fixture, reading its output.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub use wbd_testkit::{copy_dir, repo, temp_dir};

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_xtask"));
    c.env_remove("NO_COLOR").env_remove("WBD_ARCHIVE");
    c
}

/// A copy of the clean base fixture in `tmp/dataset`.
pub fn base(tmp: &Path) -> PathBuf {
    let ds = tmp.join("dataset");
    copy_dir(&repo().join("tests/fixtures/base"), &ds);
    ds
}

pub const BROKEN: &str = "claims:\n  - id: broken\n    subject: nowhere\n    metric: military-expenditure\n    period: 2023\n    value: EUR 1 billion\n    citations:\n      - source: gazette-2024\n        locator: paragraph 3\n        quote: \"EUR 1 billion\"\n";

/// A copy of the base fixture with one `ref/unknown` error in `sub/broken.yaml`.
pub fn broken(tmp: &Path) -> PathBuf {
    let ds = base(tmp);
    std::fs::create_dir_all(ds.join("sub")).unwrap();
    std::fs::write(ds.join("sub/broken.yaml"), BROKEN).unwrap();
    ds
}

pub fn run(args: &[&str]) -> Output {
    bin().args(args).stdin(Stdio::null()).output().unwrap()
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

pub fn code(o: &Output) -> i32 {
    o.status.code().expect("exited, not killed")
}

pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

pub fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

/// Publishes `ds` into `out` with the test's own arguments.
pub fn publish(ds: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["publish", "--dataset", s(ds), "--out", s(out)];
    args.extend_from_slice(extra);
    run(&args)
}
