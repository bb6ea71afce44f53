//! Acknowledgements that cover one thing: an `allow` with `on:` covers one
//! field; one without it that hides several findings is reported; an
//! `allow` of a rule that did not run is not judged unused.

mod common;

use common::*;

/// Checks the base dataset with `fixture` as `dataset/fixture.yaml`, with
/// or without the archived texts, and returns the report as text.
fn check(fixture: &str, archive: bool) -> String {
    check_with_notes(fixture, archive).0
}

/// As [`check`], with the report's summary notes.
fn check_with_notes(fixture: &str, archive: bool) -> (String, Vec<String>) {
    let tmp = temp_dir("allows");
    let ds = tmp.join("dataset");
    copy_dir(&fixtures().join("base"), &ds);
    std::fs::write(ds.join("fixture.yaml"), fixture).unwrap();
    let archive_dir = fixtures().join("archive");
    let report = wbd_check::run(&options(&ds, archive.then_some(archive_dir.as_path())));
    let _ = std::fs::remove_dir_all(&tmp);
    (render(&report), report.notes)
}

/// The case of the issue: the equivalent, converted by the maintainer, is
/// rightly acknowledged; the main value, `EUR 12 million` against a quote
/// of €120 million, is wrong.
fn contract(on: &str) -> String {
    format!(
        r#"claims:
  - id: fixture-al-contract-2023
    subject: al
    metric: procurement-value
    period: 2023
    value: EUR 12 million
    equivalent:
      value: USD 13 million
    citations:
      - source: gazette-digest
        locator: item 2
        quote: "a contract worth €120 million"
    allow:
      - rule: citation/quote-missing-value
{on}        reason: the digest gives no dollar amount; the equivalent is converted at the ECB rate of its publication day
      - rule: citation/derived-only
        reason: the digest is the only place that prints this contract
"#
    )
}

#[test]
fn an_allow_on_the_equivalent_does_not_hide_a_wrong_value() {
    let text = check(&contract("        on: equivalent\n"), false);
    let value_finding = text.lines().find(|l| l.contains("`EUR 12 million` is not in its quote")).unwrap_or_else(|| panic!("{text}"));
    assert!(value_finding.contains(":6:12 error") && !value_finding.contains("suppressed"), "{text}");
    let eq_finding = text.lines().find(|l| l.contains("`USD 13 million` is not in its quote")).unwrap_or_else(|| panic!("{text}"));
    assert!(eq_finding.contains("[suppressed by allow:"), "{text}");
    assert!(!text.contains("allow/too-broad") && !text.contains("allow/unused"), "{text}");
}

#[test]
fn an_allow_without_on_that_hides_both_is_reported() {
    let text = check(&contract(""), false);
    assert!(
        text.lines().filter(|l| l.contains("citation/quote-missing-value") && l.contains("[suppressed by allow:")).count() == 2,
        "{text}"
    );
    let broad = text.lines().find(|l| l.contains("allow/too-broad")).unwrap_or_else(|| panic!("{text}"));
    assert_eq!(
        broad,
        "dataset/fixture.yaml:14:9 warning allow/too-broad: the suppression of `citation/quote-missing-value` on \
         `fixture-al-contract-2023` silences 2 findings, at `equivalent.value` and `value`: one entry should acknowledge one finding"
    );
}

fn quoted(quote: &str) -> String {
    format!(
        r#"claims:
  - id: fixture-al-training-2023
    subject: al
    metric: procurement-value
    period: 2023
    value: GBP 100 million
    citations:
      - source: gazette-2024
        locator: paragraph 4
        quote: "{quote}"
    allow:
      - rule: citation/quote-not-in-source
        reason: the archived copy was taken after the article dropped the words "on training"; the quote is from the printed edition
"#
    )
}

#[test]
fn an_allow_of_an_archive_rule_is_not_judged_without_the_archive() {
    // Not in the archived text: the allow is used with the archive, and
    // not judged without it.
    let differs = quoted("Albania spent £100 million for training");
    let (text, notes) = check_with_notes(&differs, false);
    assert_eq!(text, "");
    assert!(
        notes.iter().any(|n| n == "1 suppression of rules that did not run (citation/quote-not-in-source) went unjudged: they are judged with --archive or --since"),
        "{notes:?}"
    );
    let with = check(&differs, true);
    assert!(with.contains("citation/quote-not-in-source") && with.contains("[suppressed by allow:"), "{with}");
    assert!(!with.contains("allow/unused"), "{with}");
    // In the archived text: the allow is unused, which only a check with
    // the archive can tell.
    let same = quoted("Albania spent £100 million (€117 million) on training");
    assert_eq!(check(&same, false), "");
    let with = check(&same, true);
    assert_eq!(
        with,
        "dataset/fixture.yaml:12:9 warning allow/unused: the suppression of `citation/quote-not-in-source` on \
         `fixture-al-training-2023` matches no finding: `citation/quote-not-in-source` reports nothing on this record\n"
    );
}
