//! One snapshot per output format, on the same small failing dataset:
//! the base dataset plus a claim with an unknown source, a quote without its
//! figure and an acknowledged finding. `UPDATE_SNAPSHOTS=1` rewrites them.

mod common;

use common::*;

fn report() -> wbd_check::Report {
    let tmp = temp_dir("emit");
    let ds = tmp.join("dataset");
    copy_dir(&fixtures().join("base"), &ds);
    std::fs::write(
        ds.join("fixture.yaml"),
        "claims:\n  - id: fixture-rs-exports-2021\n    subject: rs\n    metric: arms-exports-value\n    period: 2021\n    value: USD 1.4 billion\n    bound: approx\n    citations:\n      - source: gazette-2042\n        locator: paragraph 2\n        quote: \"arms worth some $1.3 billion\"\n      - source: gazette-2024\n        locator: paragraph 2\n        quote: \"arms worth some $1.3 billion\"\n    allow:\n      - rule: ref/unknown\n        reason: the fixture cites a missing source on purpose\n",
    )
    .unwrap();
    let r = wbd_check::run(&options(&ds, Some(&fixtures().join("archive"))));
    let _ = std::fs::remove_dir_all(&tmp);
    r
}

fn snapshot(name: &str, got: &str) {
    let path = fixtures().join("emit").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(want, got, "{name} differs from its snapshot");
}

#[test]
fn every_format_has_a_stable_rendering() {
    let r = report();
    snapshot("report.json", &wbd_check::emit::json(&r));
    snapshot("report.github", &wbd_check::emit::github(&r));
    snapshot("report.sarif", &wbd_check::emit::sarif(&r));
    snapshot("report.human", &wbd_check::emit::human(&r, false, true));
}

#[test]
fn json_report_shape() {
    let r = report();
    let v: serde_json::Value = serde_json::from_str(&wbd_check::emit::json(&r)).unwrap();
    assert_eq!(v["summary"]["errors"], 1);
    let d = &v["diagnostics"].as_array().unwrap();
    let q = d.iter().find(|d| d["code"] == "citation/quote-missing-value").unwrap();
    assert_eq!((q["file"].as_str().unwrap(), q["line"].as_u64().unwrap(), q["column"].as_u64().unwrap()), ("dataset/fixture.yaml", 6, 12));
    let s = d.iter().find(|d| d["code"] == "ref/unknown").unwrap();
    assert_eq!(s["suppressed"]["reason"], "the fixture cites a missing source on purpose");
}
