//! Currencies through the ECB rates: a withdrawn currency (`HRK`) is
//! right for the periods it was in use and is converted with the ECB's
//! historical rates; after its withdrawal it is an error, and only that.

mod common;

use common::*;

/// Checks the base fixture with the real ECB rates file and `claims`.
fn check_hrk(claims: &str) -> String {
    let tmp = temp_dir("hrk");
    let ds = tmp.join("dataset");
    copy_dir(&fixtures().join("base"), &ds);
    std::fs::copy(repo().join("dataset/reference/ecb-eurofxref.csv"), ds.join("reference/ecb-eurofxref.csv")).unwrap();
    std::fs::write(ds.join("hrk.yaml"), format!("claims:\n{claims}")).unwrap();
    let report = wbd_check::run(&options(&ds, None));
    let _ = std::fs::remove_dir_all(&tmp);
    render(&report)
}

fn hrk_claim(period: &str, equivalent: &str, date: &str) -> String {
    format!(
        "  - id: x-hr-purchase\n    subject: mk\n    metric: procurement-value\n    period: {period}\n    value: HRK 100 million\n    equivalent:\n      value: {equivalent}\n      conversion_date: {date}\n    citations:\n      - source: gazette-digest\n        locator: item 9\n        quote: \"HRK 100 million ({equivalent})\"\n    allow:\n      - rule: citation/derived-only\n        reason: the test's figure is in no archived text\n"
    )
}

#[test]
fn a_kuna_figure_for_2021_is_right_and_converted_at_the_ecb_rate() {
    // 7.4913 HRK per EUR on 2021-06-30: HRK 100 million is EUR 13.349
    // million, written to one decimal EUR 13.3 million (`13.4` is caught by
    // currency/equivalent-rounding, which converts kuna too).
    let text = check_hrk(&hrk_claim("2021", "EUR 13.3 million", "2021-06-30"));
    assert!(!text.lines().any(|l| !l.contains("[suppressed") && (l.contains(" error ") || l.contains(" warning "))), "{text}");
    // A wrong equivalent is found: the rate is looked up, not skipped.
    let text = check_hrk(&hrk_claim("2021", "EUR 20 million", "2021-06-30"));
    assert!(text.contains("currency/equivalent-mismatch") && text.contains("(7.4913 HRK per EUR)"), "{text}");
    assert!(!text.contains("currency/unknown-code"), "{text}");
}

#[test]
fn a_kuna_figure_after_the_changeover_is_one_error() {
    let text = check_hrk(&hrk_claim("2023", "EUR 13.3 million", "2023-06-30"));
    let findings: Vec<&str> = text.lines().filter(|l| !l.starts_with("    ") && !l.contains("[suppressed")).collect();
    assert_eq!(findings.len(), 1, "{text}");
    assert!(
        findings[0].contains(
            "currency/unknown-code: `HRK` was withdrawn from ISO 4217 after 2022-12-31 (replaced by `EUR`), but this figure is for 2023"
        ),
        "{text}"
    );
}
