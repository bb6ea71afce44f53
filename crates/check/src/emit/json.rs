//! `--format json`: one JSON document, the shape DESIGN.md section 5 gives.

use serde_json::{Value, json as j};

use super::{place, source_of};
use crate::diagnostic::Severity;
use crate::engine::Report;

/// Version of the JSON report's shape.
pub const JSON_FORMAT_VERSION: &str = "1";

pub fn json(report: &Report) -> String {
    let files = &report.dataset.files;
    let diagnostics: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let (_, p) = place(files, &d.anchor);
            let source = source_of(files, &d.anchor);
            let related: Vec<Value> = d
                .related
                .iter()
                .map(|r| {
                    let (_, p) = place(files, &r.anchor);
                    let f = source_of(files, &r.anchor);
                    let mut v = j!({"file": f.repo_path(), "line": p.line, "column": p.column, "message": r.message});
                    // A place in an earlier state (`--since REV`): the
                    // path as it was, and the revision.
                    if let Some(rev) = &f.revision {
                        v["revision"] = j!(rev);
                    }
                    v
                })
                .collect();
            let mut v = j!({
                "code": d.code,
                "severity": d.severity.as_str(),
                "message": d.message,
                "file": source.repo_path(),
                "line": p.line,
                "column": p.column,
                "end_line": p.end_line,
                "end_column": p.end_column,
                "record": d.record,
                "help": d.help,
                "related": related,
                "suppressed": d.suppressed.as_ref().map(|s| j!({"reason": s.reason, "by": s.by})),
            });
            if let Some(rev) = &source.revision {
                v["revision"] = j!(rev);
            }
            v
        })
        .collect();
    let doc = j!({
        "version": JSON_FORMAT_VERSION,
        "summary": {
            "files": report.current_files,
            "records": report.dataset.record_count(),
            "errors": report.count(Severity::Error),
            "warnings": report.count(Severity::Warning),
            "suppressed": report.diagnostics.iter().filter(|d| d.suppressed.is_some()).count(),
        },
        "notes": report.notes,
        "diagnostics": diagnostics,
    });
    let mut s = super::json_safe(serde_json::to_string_pretty(&doc).unwrap_or_default());
    s.push('\n');
    s
}
