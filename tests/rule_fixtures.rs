//! Every rule has a fixture that makes it fire and one that passes.
//!
//! `tests/fixtures/rules/<family>/<name>/fail*.yaml` and `pass*.yaml` are
//! each added, as `dataset/fixture.yaml`, to a copy of the clean base
//! dataset `tests/fixtures/base`; the build script of `wbd-check` makes one
//! test of each, named `rule::<family>::<name>::<stem>`. A failing fixture
//! must fire its rule, and its findings (file, line, column, severity,
//! code, message; related places below) must match the insta snapshot
//! `<stem>.snap` beside it: `cargo insta review` shows a changed or new
//! one and updates it (or `INSTA_UPDATE=always cargo test ...`); with `CI`
//! set a missing snapshot fails and nothing is written. A fixture whose
//! top-level key is `dataset:` replaces the base's `dataset.yaml` instead.
//! A passing one must have no unacknowledged finding. A `<stem>.rates.csv`
//! beside a fixture replaces the base's rates file for it, and a
//! `<stem>.dataset.yaml` its `dataset.yaml` (the fixture itself stays
//! `fixture.yaml`). A rule dir with a `before.yaml` (or
//! `<stem>.before.yaml`) is checked against an earlier state of the dataset
//! (`--since`): the base with that file as its fixture file.
//!
//! This file is a test of `wbd-check` (see its Cargo.toml) that lives here,
//! beside its fixtures, because `cargo insta review` looks for new
//! snapshots only under a package's directory and its targets' directories.

#[path = "../crates/check/tests/common/mod.rs"]
mod common;

use common::*;

include!(concat!(env!("OUT_DIR"), "/rule_fixture_tests.rs"));

fn run_fixture(code: &str, stem: &str) -> (String, wbd_check::Report) {
    let dir = fixtures().join("rules").join(code);
    let file = dir.join(format!("{stem}.yaml"));
    let text = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let tmp = temp_dir(&format!("{code}-{stem}"));
    let ds = tmp.join("dataset");
    copy_dir(&fixtures().join("base"), &ds);
    // A dataset has one `dataset` record: a fixture of that kind replaces
    // the base's `dataset.yaml`.
    let name = if text.starts_with(b"dataset:") { "dataset.yaml" } else { "fixture.yaml" };
    std::fs::write(ds.join(name), text).unwrap();
    // A fixture may bring its own `dataset.yaml`: `<stem>.dataset.yaml`
    // (e.g. a version bump together with a change of records).
    if let Ok(meta) = std::fs::read(dir.join(format!("{stem}.dataset.yaml"))) {
        std::fs::write(ds.join("dataset.yaml"), meta).unwrap();
    }
    // A fixture may bring its own rates file: `<stem>.rates.csv`.
    if let Ok(rates) = std::fs::read(dir.join(format!("{stem}.rates.csv"))) {
        std::fs::write(ds.join("reference/ecb-eurofxref.csv"), rates).unwrap();
    }
    let mut opts = options(&ds, Some(&fixtures().join("archive")));
    // A history fixture compares with an earlier state: the base dataset
    // with `before.yaml` in place of the fixture file.
    let before = std::fs::read(dir.join(format!("{stem}.before.yaml"))).or_else(|_| std::fs::read(dir.join("before.yaml")));
    if let Ok(before) = before {
        let old = tmp.join("before").join("dataset");
        copy_dir(&fixtures().join("base"), &old);
        std::fs::write(old.join("fixture.yaml"), before).unwrap();
        opts.since = Some((old, "REV".to_string()));
    }
    // A failing fixture may edit a copy of the published schema, to show
    // what happens when the schema and the types drift apart.
    let edit = dir.join("schema-edit.json");
    if stem.starts_with("fail") && edit.exists() {
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
    (render(&report), report)
}

/// One fixture: `code` is the rule's `family/name`, `stem` the file name
/// without `.yaml`.
fn check_fixture(code: &str, stem: &str) {
    assert!(wbd_check::rules::find(code).is_some(), "fixtures for `{code}`, which is no rule");
    let (text, report) = run_fixture(code, stem);
    if stem.starts_with("pass") {
        assert!(!report.diagnostics.iter().any(|d| d.suppressed.is_none()), "the passing fixture {code}/{stem}.yaml has findings:\n{text}");
        return;
    }
    assert!(report.diagnostics.iter().any(|d| d.code == code), "{code}/{stem}.yaml does not fire {code}:\n{text}");
    let dir = fixtures().join("rules").join(code);
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(&dir);
    settings.set_prepend_module_to_snapshot(false);
    settings.set_input_file(dir.join(format!("{stem}.yaml")));
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(stem, text));
}

#[test]
fn the_base_dataset_is_clean() {
    let report = wbd_check::run(&options(&fixtures().join("base"), Some(&fixtures().join("archive"))));
    assert_eq!(render(&report), "");
}

#[test]
fn every_rule_has_a_failing_and_a_passing_fixture() {
    let mut missing = Vec::new();
    for rule in wbd_check::rules::all() {
        let code = rule.info().code;
        for which in ["fail", "pass"] {
            let file = fixtures().join("rules").join(code).join(format!("{which}.yaml"));
            if !file.exists() {
                missing.push(file.display().to_string());
            }
        }
    }
    assert!(missing.is_empty(), "missing fixtures:\n{}", missing.join("\n"));
}

#[test]
fn every_snapshot_belongs_to_a_failing_fixture() {
    // A snapshot left behind by a renamed or deleted fixture would never be
    // compared again; a passing fixture has no snapshot.
    let mut orphans = Vec::new();
    for family in std::fs::read_dir(fixtures().join("rules")).unwrap() {
        let family = family.unwrap().path();
        if !family.is_dir() {
            continue;
        }
        for rule in std::fs::read_dir(family).unwrap() {
            let rule = rule.unwrap().path();
            if !rule.is_dir() {
                continue;
            }
            for file in std::fs::read_dir(&rule).unwrap() {
                let file = file.unwrap().path();
                let name = file.file_name().unwrap().to_string_lossy().into_owned();
                if let Some(stem) = name.strip_suffix(".snap")
                    && !(stem.starts_with("fail") && rule.join(format!("{stem}.yaml")).exists())
                {
                    orphans.push(file.display().to_string());
                }
            }
        }
    }
    assert!(orphans.is_empty(), "snapshots without a failing fixture:\n{}", orphans.join("\n"));
}
