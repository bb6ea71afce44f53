//! Every rule has a fixture that makes it fire and one that passes.
//!
//! `tests/fixtures/rules/<family>/<name>/fail.yaml` and `pass.yaml` are each
//! added, as `dataset/fixture.yaml`, to a copy of the clean base dataset
//! `tests/fixtures/base`. The failing fixture's findings must match
//! `fail.snap` (code, message, line and column; `UPDATE_SNAPSHOTS=1`
//! rewrites it); the passing one must have no finding at all. A rule dir
//! with a `before.yaml` is checked against an earlier state of the dataset
//! (`--since`): the base with `before.yaml` as its fixture file.

mod common;

use common::*;

fn run_fixture(code: &str, which: &str) -> Option<(String, wbd_check::Report)> {
    let dir = fixtures().join("rules").join(code);
    let file = dir.join(format!("{which}.yaml"));
    let text = std::fs::read(&file).ok()?;
    let tmp = temp_dir(code);
    let ds = tmp.join("dataset");
    copy_dir(&fixtures().join("base"), &ds);
    std::fs::write(ds.join("fixture.yaml"), text).unwrap();
    let mut opts = options(&ds, Some(&fixtures().join("archive")));
    // A history fixture compares with an earlier state: the base dataset
    // with `before.yaml` in place of the fixture file.
    if let Ok(before) = std::fs::read(dir.join("before.yaml")) {
        let old = tmp.join("before").join("dataset");
        copy_dir(&fixtures().join("base"), &old);
        std::fs::write(old.join("fixture.yaml"), before).unwrap();
        opts.since = Some((old, "REV".to_string()));
    }
    // A failing fixture may edit a copy of the published schema, to show
    // what happens when the schema and the types drift apart.
    let edit = dir.join("schema-edit.json");
    if which == "fail" && edit.exists() {
        let schema = tmp.join("schema");
        copy_dir(&repo().join("schema"), &schema);
        let edit: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(edit).unwrap()).unwrap();
        let path = schema.join(edit["file"].as_str().unwrap());
        let mut doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let pointer = edit["remove"].as_str().unwrap();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        doc.pointer_mut(parent).unwrap().as_object_mut().unwrap().remove(key).unwrap();
        std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
        opts.schema_dir = Some(schema);
    }
    let report = wbd_check::run(&opts);
    let _ = std::fs::remove_dir_all(&tmp);
    Some((render(&report), report))
}

#[test]
fn the_base_dataset_is_clean() {
    let report = wbd_check::run(&options(&fixtures().join("base"), Some(&fixtures().join("archive"))));
    assert_eq!(render(&report), "");
}

#[test]
fn every_rule_fires_on_its_failing_fixture_and_not_on_its_passing_one() {
    let mut problems = Vec::new();
    for rule in wbd_check::rules::all() {
        let code = rule.info().code;
        let dir = fixtures().join("rules").join(code);
        match run_fixture(code, "fail") {
            None => problems.push(format!("{code}: no {}/fail.yaml", dir.display())),
            Some((text, report)) => {
                if !report.diagnostics.iter().any(|d| d.code == code) {
                    problems.push(format!("{code}: the failing fixture does not fire it:\n{text}"));
                }
                let snap = dir.join("fail.snap");
                if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
                    std::fs::write(&snap, &text).unwrap();
                } else {
                    let want = std::fs::read_to_string(&snap).unwrap_or_default();
                    if want != text {
                        problems.push(format!("{code}: snapshot differs\n--- want\n{want}--- got\n{text}"));
                    }
                }
            }
        }
        match run_fixture(code, "pass") {
            None => problems.push(format!("{code}: no {}/pass.yaml", dir.display())),
            Some((text, report)) => {
                if report.diagnostics.iter().any(|d| d.suppressed.is_none()) {
                    problems.push(format!("{code}: the passing fixture has findings:\n{text}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n\n"));
}
