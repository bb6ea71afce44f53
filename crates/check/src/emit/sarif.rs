//! `--format sarif`: SARIF 2.1.0 for code-scanning dashboards.

use serde_json::{Value, json as j};

use super::place;
use crate::diagnostic::Severity;
use crate::engine::Report;
use crate::rules;

pub fn sarif(report: &Report) -> String {
    let files = &report.dataset.files;
    let rule_list: Vec<Value> = rules::all()
        .iter()
        .map(|r| {
            let i = r.info();
            j!({
                "id": i.code,
                "shortDescription": {"text": i.summary},
                "fullDescription": {"text": i.docs},
                "defaultConfiguration": {"level": level(i.severity)},
            })
        })
        .collect();
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let (file, p) = place(files, &d.anchor);
            let mut text = d.message.clone();
            if let Some(h) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(h);
            }
            let related: Vec<Value> = d
                .related
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let (rf, rp) = place(files, &r.anchor);
                    j!({"id": i, "message": {"text": r.message}, "physicalLocation": {
                        "artifactLocation": {"uri": rf},
                        "region": {"startLine": rp.line, "startColumn": rp.column}
                    }})
                })
                .collect();
            let mut res = j!({
                "ruleId": d.code,
                "ruleIndex": rules::all().iter().position(|r| r.info().code == d.code),
                "level": level(d.severity),
                "message": {"text": text},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": file},
                    "region": {"startLine": p.line, "startColumn": p.column, "endLine": p.end_line, "endColumn": p.end_column}
                }}],
                "relatedLocations": related,
            });
            if let Some(s) = &d.suppressed {
                res["suppressions"] = j!([{"kind": "inSource", "justification": s.reason}]);
            }
            res
        })
        .collect();
    let doc = j!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "wbd-check", "version": env!("CARGO_PKG_VERSION"), "rules": rule_list}},
            "results": results,
        }]
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}
