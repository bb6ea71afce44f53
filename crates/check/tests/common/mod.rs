//! Shared helpers of the integration tests: temporary dataset copies and
//! a stable text form of a report.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use wbd_check::emit::place;
use wbd_check::{Options, Report};

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

pub fn fixtures() -> PathBuf {
    repo().join("tests/fixtures")
}

/// A fresh empty directory under the system temp dir.
pub fn temp_dir(tag: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let d = std::env::temp_dir().join(format!(
        "wbd-test-{}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst),
        tag.replace('/', "-")
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

/// Options for checking `dataset` with the repository's schema.
pub fn options(dataset: &Path, archive: Option<&Path>) -> Options {
    Options {
        dataset: dataset.to_path_buf(),
        root: repo(),
        schema_dir: Some(repo().join("schema")),
        archive: archive.map(Path::to_path_buf).into_iter().collect(),
        ..Options::default()
    }
}

/// One line per finding: `file:line:col severity code: message`, related
/// places indented below; suppressed findings say so.
pub fn render(report: &Report) -> String {
    let files = &report.dataset.files;
    let mut out = String::new();
    for d in &report.diagnostics {
        let (f, p) = place(files, &d.anchor);
        let sup = d.suppressed.as_ref().map(|s| format!(" [suppressed by {}: {}]", s.by, s.reason)).unwrap_or_default();
        out.push_str(&format!("{f}:{}:{} {} {}: {}{sup}\n", p.line, p.column, d.severity.as_str(), d.code, d.message));
        for r in &d.related {
            let (rf, rp) = place(files, &r.anchor);
            out.push_str(&format!("    related {rf}:{}:{}: {}\n", rp.line, rp.column, r.message));
        }
    }
    out
}
