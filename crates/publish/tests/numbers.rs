//! Publishing numbers at and past the supported precision (refused or
//! published, never a panic), and money in a withdrawn currency.

use std::sync::atomic::{AtomicUsize, Ordering};

use wbd_check::{Options, Report, Severity};
use wbd_schema::FileKind;
use wbd_testkit::{copy_dir, repo};

/// Checks the base fixture with `claims` added as `dataset/numbers.yaml`.
fn check_with(tag: &str, claims: &str) -> Report {
    check_with_rates(tag, claims, false)
}

/// As [`check_with`]; `real_rates` puts the dataset's ECB rates file in
/// place of the fixture's.
fn check_with_rates(tag: &str, claims: &str, real_rates: bool) -> Report {
    static N: AtomicUsize = AtomicUsize::new(0);
    let tmp = std::env::temp_dir().join(format!("wbd-publish-numbers-{}-{}-{tag}", std::process::id(), N.fetch_add(1, Ordering::SeqCst)));
    let ds = tmp.join("dataset");
    copy_dir(&repo().join("tests/fixtures/base"), &ds);
    std::fs::write(ds.join("numbers.yaml"), format!("claims:\n{claims}")).unwrap();
    if real_rates {
        std::fs::copy(repo().join("dataset/reference/ecb-eurofxref.csv"), ds.join("reference/ecb-eurofxref.csv")).unwrap();
    }
    let report = wbd_check::run(&Options { dataset: ds, root: repo(), schema_dir: Some(repo().join("schema")), ..Options::default() });
    let _ = std::fs::remove_dir_all(&tmp);
    report
}

fn claim(id: &str, metric: &str, value: &str, quote: &str) -> String {
    format!(
        "  - id: {id}\n    subject: mk\n    metric: {metric}\n    period: 2023\n    value: {value}\n    citations:\n      - source: gazette-2024\n        locator: paragraph 9\n        quote: \"{quote}\"\n"
    )
}

fn record_schemas() -> Vec<(String, String)> {
    FileKind::ALL
        .into_iter()
        .map(|k| (k.schema_file(), std::fs::read_to_string(repo().join("schema").join(k.schema_file())).unwrap()))
        .collect()
}

fn published_claim(report: &Report, id: &str) -> serde_json::Value {
    let out = wbd_publish::build(report, &record_schemas()).unwrap_or_else(|e| panic!("{e}"));
    let data: serde_json::Value = serde_json::from_slice(&out.files["dataset.json"]).unwrap();
    data["claims"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap().clone()
}

#[test]
fn a_lone_twenty_eight_place_percent_fails_the_check_instead_of_crashing_publish() {
    let report =
        check_with("lone", &claim("x-1", "arms-exports-share", "0.0000000000000000000000000001 %", "0.0000000000000000000000000001%"));
    let shape: Vec<&str> = report.diagnostics.iter().filter(|d| d.code == "schema/shape").map(|d| d.message.as_str()).collect();
    assert!(shape.len() == 1 && shape[0].contains("has 28 decimal places"), "{shape:?}");
    assert!(report.count(Severity::Error) > 0);
    let err = wbd_publish::build(&report, &record_schemas()).err().unwrap();
    assert!(matches!(err, wbd_publish::Error::Refused { .. }), "{err}");
}

#[test]
fn numbers_at_the_precision_limit_publish_exactly() {
    let claims = [
        claim("x-fine", "arms-exports-share", "0.000000000001 %", "0.000000000001%"),
        claim("x-large", "military-expenditure", "USD 999999 trillion", "$999999 trillion"),
    ]
    .concat();
    let report = check_with("limit", &claims);
    assert_eq!(report.count(Severity::Error), 0, "{:#?}", report.diagnostics);
    let fine = published_claim(&report, "x-fine");
    assert_eq!(fine["value"]["amount"], "0.000000000001");
    assert_eq!(fine["value"]["interval"]["lo"], "0.0000000000005");
    assert_eq!(fine["value"]["interval"]["hi"], "0.0000000000015");
    let large = published_claim(&report, "x-large");
    assert_eq!(large["value"]["amount"], "999999000000000000");
    assert_eq!(large["value"]["interval"]["hi"], "999999500000000000");
    // Converted at the fixture's 2024 USD rates: an exact decimal string.
    let eur = large["value"]["eur"]["amount"].as_str().unwrap();
    assert!(eur.len() >= 18 && eur.bytes().all(|b| b.is_ascii_digit() || b == b'.'), "{eur}");
}

#[test]
fn a_kuna_figure_for_2021_is_published_with_its_euro_equivalent() {
    let claim = claim("x-kuna", "procurement-value", "HRK 100 million", "HRK 100 million").replace("2023", "2021");
    let report = check_with_rates("kuna", &claim, true);
    assert_eq!(report.count(Severity::Error), 0, "{:#?}", report.diagnostics);
    let eur = &published_claim(&report, "x-kuna")["value"]["eur"];
    // The ECB's 2021 kuna rates average about 7.53 HRK per EUR.
    assert!(eur["rate"].as_str().unwrap().starts_with("7.5"), "{eur}");
    assert!(eur["days"].as_u64().unwrap() > 250, "{eur}");
    assert!(eur["amount"].as_str().unwrap().starts_with("132"), "{eur}");
}
