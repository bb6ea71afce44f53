//! Shared helpers of the integration tests: temporary dataset copies and
//! a stable text form of a report.
#![allow(dead_code)]

use std::path::Path;

use wbd_check::emit::place;
use wbd_check::{Options, Report};
#[allow(unused_imports)] // not every test binary uses every helper
pub use wbd_testkit::{copy_dir, fixtures, repo, temp_dir};

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
