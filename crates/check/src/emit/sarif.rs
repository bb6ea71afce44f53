//! `--format sarif`: SARIF 2.1.0 for code-scanning dashboards.
//!
//! Every location is a file as it is in the working tree: a place in an
//! earlier state of the dataset (`--since REV`) is not a file a dashboard
//! can open, so it is given in the related location's message and
//! `properties` (`revision`, `uri`, `startLine`, `startColumn`) instead.
//! Each result has a `partialFingerprints` entry that does not change when
//! lines move, and each rule its docs (`help`) and a `helpUri` into
//! `docs/RULES.md`.

use serde_json::{Value, json as j};
use sha2::{Digest, Sha256};

use super::{place, source_of};
use crate::diagnostic::{Anchor, Diagnostic, Files, Severity};
use crate::engine::Report;
use crate::hash::FastMap;
use crate::rules;

/// Name of the fingerprint in `partialFingerprints`; the version changes
/// when what goes into it changes.
pub const FINGERPRINT: &str = "wbdFinding/v1";

/// The rule's section in the generated `docs/RULES.md`, relative to the
/// repository root (the project has no documentation site; the same text
/// is in each rule's `help` and in `cargo xtask explain CODE`).
pub fn help_uri(code: &str) -> String {
    format!("docs/RULES.md#{}", super::anchor(code))
}

pub fn sarif(report: &Report) -> String {
    let files = &report.dataset.files;
    let rule_list: Vec<Value> = rules::all()
        .iter()
        .map(|r| {
            let i = r.info();
            j!({
                "id": i.code,
                "shortDescription": {"text": i.summary},
                "fullDescription": {"text": what_it_checks(i.docs)},
                "help": {"text": i.docs, "markdown": i.docs},
                "helpUri": help_uri(i.code),
                "defaultConfiguration": {"level": level(i.severity)},
            })
        })
        .collect();
    let mut seen: FastMap<String, usize> = FastMap::default();
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let (_, p) = place(files, &d.anchor);
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
                    let f = source_of(files, &r.anchor);
                    match &f.revision {
                        None => j!({"id": i, "message": {"text": r.message}, "physicalLocation": {
                            "artifactLocation": {"uri": rf},
                            "region": {"startLine": rp.line, "startColumn": rp.column}
                        }}),
                        Some(rev) => j!({"id": i,
                            "message": {"text": format!("{}: {}:{}:{} at {rev}", r.message, f.repo_path(), rp.line, rp.column)},
                            "properties": {"revision": rev, "uri": f.repo_path(), "startLine": rp.line, "startColumn": rp.column}
                        }),
                    }
                })
                .collect();
            let f = source_of(files, &d.anchor);
            let mut location = j!({"physicalLocation": {
                "artifactLocation": {"uri": f.repo_path()},
                "region": {"startLine": p.line, "startColumn": p.column, "endLine": p.end_line, "endColumn": p.end_column}
            }});
            if let Some(rev) = &f.revision {
                location["properties"] = j!({"revision": rev});
            }
            let key = fingerprint(files, d);
            let n = seen.entry(key.clone()).or_insert(0);
            *n += 1;
            let mut res = j!({
                "ruleId": d.code,
                "ruleIndex": rules::all().iter().position(|r| r.info().code == d.code),
                "level": level(d.severity),
                "message": {"text": text},
                "locations": [location],
                "relatedLocations": related,
                "partialFingerprints": {FINGERPRINT: format!("{key}:{n}")},
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
    let mut s = super::json_safe(serde_json::to_string_pretty(&doc).unwrap_or_default());
    s.push('\n');
    s
}

/// What identifies a finding whatever line it is on: the rule, the record
/// (or, for a finding outside any record, the file), the field within the
/// record (or the text under the finding), and the message without
/// positions in it. 128 bits of SHA-256, in hex; the caller appends the
/// occurrence (`:1`, `:2`) for findings that are otherwise the same.
pub fn fingerprint(files: &Files, d: &Diagnostic) -> String {
    let mut h = Sha256::new();
    for part in [d.code, d.record.as_deref().unwrap_or_else(|| source_of(files, &d.anchor).repo_path())] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    match (&d.field, &d.anchor) {
        (Some(f), _) => h.update(f.as_bytes()),
        (None, Anchor::Span(s)) => {
            let text = files.get(s.file).text();
            let (a, b) = (s.start as usize, (s.end as usize).min(text.len()));
            h.update(text.get(a..b.max(a)).unwrap_or("").as_bytes());
        }
        (None, Anchor::Path { path, .. }) => h.update(path.as_bytes()),
    }
    h.update([0]);
    h.update(without_positions(&d.message).as_bytes());
    h.finalize()[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// A message with the numbers of `line N`, `column N`, `byte N` and
/// `file:N:M` replaced by `#`, so a finding keeps its fingerprint when the
/// text above it grows.
fn without_positions(m: &str) -> String {
    let mut out = String::with_capacity(m.len());
    let mut rest = m;
    while let Some(c) = rest.chars().next() {
        let digits_after = |prefix: &str| {
            rest.strip_prefix(prefix)
                .map(|r| r.len() - r.trim_start_matches(|c: char| c.is_ascii_digit()).len())
                .filter(|n| *n > 0)
                .map(|n| (prefix.len(), n))
        };
        if let Some((p, n)) = ["line ", "column ", "byte ", ":"].into_iter().find_map(digits_after) {
            out.push_str(&rest[..p]);
            out.push('#');
            rest = &rest[p + n..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The `## What it checks` section of a rule's docs, as plain text.
fn what_it_checks(docs: &str) -> String {
    let body = docs.split_once("## What it checks").map_or(docs, |(_, b)| b);
    body.split("\n## ").next().unwrap_or("").trim().replace('\n', " ")
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn positions_do_not_count_in_a_fingerprint() {
        assert_eq!(super::without_positions("at line 12 column 3, see x.yaml:4:7"), "at line # column #, see x.yaml:#:#");
        assert_eq!(super::without_positions("USD 1.4 billion"), "USD 1.4 billion");
    }
}
