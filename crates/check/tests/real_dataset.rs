//! The real dataset: clean as committed, and each kind of defect a
//! maintainer can make in a copy of it is reported with its code at the
//! right line, through the JSON report a user or CI would read.

mod common;

use std::path::PathBuf;

use common::*;

fn seeds() -> PathBuf {
    repo().join("../shared/seeds")
}

fn archive() -> Option<PathBuf> {
    seeds().is_dir().then(seeds)
}

struct Copy {
    tmp: PathBuf,
    ds: PathBuf,
}

impl Copy {
    fn new(tag: &str) -> Copy {
        let tmp = temp_dir(tag);
        let ds = tmp.join("dataset");
        copy_dir(&repo().join("dataset"), &ds);
        Copy { tmp, ds }
    }

    /// Replaces the first `from` in a dataset file; returns the 1-based
    /// line where the replacement starts.
    fn edit(&self, file: &str, from: &str, to: &str) -> u64 {
        let p = self.ds.join(file);
        let text = std::fs::read_to_string(&p).unwrap();
        let at = text.find(from).unwrap_or_else(|| panic!("`{from}` not in {file}"));
        std::fs::write(&p, format!("{}{}{}", &text[..at], to, &text[at + from.len()..])).unwrap();
        text[..at].matches('\n').count() as u64 + 1
    }

    fn line_of(&self, file: &str, needle: &str) -> u64 {
        let text = std::fs::read_to_string(self.ds.join(file)).unwrap();
        let at = text.find(needle).unwrap_or_else(|| panic!("`{needle}` not in {file}"));
        text[..at].matches('\n').count() as u64 + 1
    }

    /// The JSON report, as `cargo xtask check --format json` prints it.
    fn check(&self) -> serde_json::Value {
        let report = wbd_check::run(&options(&self.ds, archive().as_deref()));
        serde_json::from_str(&wbd_check::emit::json(&report)).unwrap()
    }
}

impl Drop for Copy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.tmp);
    }
}

/// The unsuppressed findings with this code, as (file, line).
fn found(report: &serde_json::Value, code: &str) -> Vec<(String, u64)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code && d["suppressed"].is_null())
        .map(|d| (d["file"].as_str().unwrap().to_string(), d["line"].as_u64().unwrap()))
        .collect()
}

fn assert_at(report: &serde_json::Value, code: &str, file: &str, line: u64) {
    let f = found(report, code);
    assert!(
        f.iter().any(|(p, l)| p == &format!("dataset/{file}") && *l == line),
        "expected {code} at dataset/{file}:{line}, found {f:?}\n{}",
        serde_json::to_string_pretty(&report["diagnostics"]).unwrap()
    );
    assert!(report["summary"]["errors"].as_u64().unwrap() > 0 || code_is_warning(code));
}

fn code_is_warning(code: &str) -> bool {
    wbd_check::rules::find(code).is_some_and(|r| r.info().severity == wbd_check::Severity::Warning)
}

#[test]
fn the_committed_dataset_has_no_unacknowledged_finding() {
    let report = wbd_check::run(&options(&repo().join("dataset"), archive().as_deref()));
    let open: Vec<String> =
        render(&report).lines().filter(|l| !l.contains("[suppressed by") && !l.starts_with("    ")).map(String::from).collect();
    assert!(open.is_empty(), "{}", open.join("\n"));
    // Every acknowledgement states why.
    for d in report.diagnostics.iter().filter_map(|d| d.suppressed.as_ref()) {
        assert!(!d.reason.trim().is_empty());
    }
}

#[test]
fn foundation_defects_are_reported_at_their_line() {
    let c = Copy::new("foundation");
    let syntax = c.edit("claims/carnegie.yaml", "claims:\n", "claims:\n  - id: a: b\n");
    let repeat = c.line_of("claims/aljazeera.yaml", "    metric:");
    c.edit("claims/aljazeera.yaml", "    metric:", "    metric: event\n    metric:");
    let unknown_field = c.edit("entities/countries.yaml", "    code: AL", "    code: AL\n    capital: Tirana");
    let repeated_id = c.edit("entities/organizations.yaml", "  - id: eu\n", "  - id: nato\n");
    let dangling = c.edit("claims/dw.yaml", "      - source: dw-2024-arms-for-ukraine\n", "      - source: dw-2024-arms-for-ukrain\n");
    let r = c.check();
    assert_at(&r, "yaml/syntax", "claims/carnegie.yaml", syntax + 1);
    // One broken file does not hide the findings in the others.
    assert_at(&r, "yaml/duplicate-key", "claims/aljazeera.yaml", repeat + 1);
    assert_at(&r, "schema/shape", "entities/countries.yaml", unknown_field + 1);
    assert_at(&r, "ref/duplicate-id", "entities/organizations.yaml", repeated_id);
    assert_at(&r, "ref/unknown", "claims/dw.yaml", dangling);
}

#[test]
fn currency_defects_are_reported_at_their_line() {
    // The DW article's "$1.3 billion (€1.2 billion)", moved by 10 %.
    let c = Copy::new("currency-moved");
    let line = c.edit("claims/dw.yaml", "      value: EUR 1.2 billion", "      value: EUR 1.32 billion");
    assert_at(&c.check(), "currency/equivalent-mismatch", "claims/dw.yaml", line);

    // The same figures converted at a date years away (2021-01-06: 1.2338
    // USD per EUR, outside what the written precision allows).
    let c = Copy::new("currency-date");
    let line = c.edit("claims/dw.yaml", "      value: EUR 1.2 billion", "      value: EUR 1.2 billion\n      conversion_date: 2021-01-06");
    assert_at(&c.check(), "currency/equivalent-mismatch", "claims/dw.yaml", line);

    let c = Copy::new("currency-code");
    let line = c.edit("claims/dw.yaml", "      value: EUR 1.2 billion", "      value: EUD 1.2 billion");
    assert_at(&c.check(), "currency/unknown-code", "claims/dw.yaml", line);
}

#[test]
fn citation_defects_are_reported_at_their_line() {
    let Some(_) = archive() else { return };
    // A claim with its citations removed.
    let c = Copy::new("citation-removed");
    let text = std::fs::read_to_string(c.ds.join("claims/carnegie.yaml")).unwrap();
    let start = text.find("    citations:\n").unwrap();
    let end = start + text[start..].find("\n\n").unwrap_or(text.len() - start);
    let id_line = text[..start].rfind("  - id: ").map(|i| text[..i].matches('\n').count() as u64 + 1).unwrap();
    std::fs::write(c.ds.join("claims/carnegie.yaml"), format!("{}{}", &text[..start], &text[end..])).unwrap();
    assert_at(&c.check(), "citation/missing", "claims/carnegie.yaml", id_line);

    // A quote with one word changed.
    let c = Copy::new("citation-word");
    let line = c.edit("claims/dw.yaml", "accounting for 65.79% of its total exports", "accounting for 65.79% of its entire exports");
    assert_at(&c.check(), "citation/quote-not-in-source", "claims/dw.yaml", line);

    // A quote whose figure differs from the claim's.
    let c = Copy::new("citation-figure");
    let line = c.edit("claims/dw.yaml", "    value: 65.79 %", "    value: 67.79 %");
    assert_at(&c.check(), "citation/quote-missing-value", "claims/dw.yaml", line);

    // A note dated after the document that cites it (the paper was
    // published not after 2026-11-22).
    let c = Copy::new("citation-note-date");
    let from = "  - id: paper-note-20\n";
    let line = c.line_of("sources/paper.yaml", from);
    let text = std::fs::read_to_string(c.ds.join("sources/paper.yaml")).unwrap();
    let rec_end = line as usize + text.lines().skip(line as usize).take_while(|l| !l.starts_with("  - id:")).count();
    let pub_line = text
        .lines()
        .enumerate()
        .skip(line as usize)
        .take(rec_end - line as usize)
        .find(|(_, l)| l.trim_start().starts_with("published:"))
        .map(|(i, _)| i as u64 + 1)
        .expect("note 20 has a published date");
    let lines: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| if i as u64 + 1 == pub_line { "    published: 2027-01-05".to_string() } else { l.to_string() })
        .collect();
    std::fs::write(c.ds.join("sources/paper.yaml"), lines.join("\n") + "\n").unwrap();
    assert_at(&c.check(), "time/cited-after-citing", "sources/paper.yaml", pub_line);
}

#[test]
fn contradictions_are_reported_at_their_line_with_the_other_claim() {
    // A second claim giving a clearly different figure for an existing
    // subject, metric and period (the paper's Croatian budget for 2024).
    let c = Copy::new("contradiction-conflict");
    std::fs::write(
        c.ds.join("claims/zz-extra.yaml"),
        "claims:\n  - id: extra-hr-milex-2024\n    subject: hr\n    metric: military-expenditure\n    period: 2024\n    value: EUR 2.5 billion\n    citations:\n      - source: paper-wb-security-2025\n        locator: nowhere\n        quote: \"€1.63 billion in 2024 (+8.7%)\"\n",
    )
    .unwrap();
    let r = c.check();
    assert_at(&r, "contradiction/conflicting-values", "claims/zz-extra.yaml", 6);
    let d = r["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "contradiction/conflicting-values").unwrap();
    let rel = &d["related"][0];
    assert_eq!(
        (rel["file"].as_str().unwrap(), rel["line"].as_u64().unwrap()),
        ("dataset/claims/paper.yaml", c.line_of("claims/paper.yaml", "    value: EUR 1.63 billion"))
    );

    // A share raised so that it and its sibling pass 100 %.
    let c = Copy::new("contradiction-share");
    let line = c.edit("claims/dw.yaml", "    value: 31.75 %", "    value: 41.75 %");
    let r = c.check();
    let f = found(&r, "contradiction/share-sum");
    let rs = c.line_of("claims/dw.yaml", "    value: 65.79 %");
    assert!(f.iter().any(|(p, l)| p == "dataset/claims/dw.yaml" && (*l == line || *l == rs)), "{f:?}");
    let d = r["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "contradiction/share-sum").unwrap();
    assert!(!d["related"].as_array().unwrap().is_empty());

    // A stated change altered by ten points.
    let c = Copy::new("contradiction-change");
    // (Albania 2025: EUR 0.54 billion to 0.58 billion, stated +7.4 %.)
    let line = c.edit("claims/paper.yaml", "by: +7.4 %", "by: +17.4 %");
    let r = c.check();
    assert_at(&r, "contradiction/stated-change", "claims/paper.yaml", line);
    let d = r["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "contradiction/stated-change").unwrap();
    assert!(!d["related"].as_array().unwrap().is_empty());
}
