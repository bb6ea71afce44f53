//! Figure coverage on the real dataset and the seed texts: every seed
//! figure is covered or skipped with a reason, and removing one claim from
//! a copy makes exactly its figure uncovered, in the check's JSON report
//! and in the coverage computation `cargo xtask coverage` prints.

mod common;

use std::path::PathBuf;

use common::*;
use wbd_check::rules::citation::coverage::Status;

fn seeds() -> Option<PathBuf> {
    let s = repo().join("../shared/seeds");
    s.is_dir().then_some(s)
}

/// (code, message) of the unsuppressed `citation/uncovered-figure` findings.
fn uncovered(report: &wbd_check::Report) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(&wbd_check::emit::json(report)).unwrap();
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "citation/uncovered-figure" && d["suppressed"].is_null())
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect()
}

fn uncovered_figures(ds: &std::path::Path, archive: &std::path::Path) -> Vec<String> {
    let (data, _, _) = wbd_check::loader::load(ds, ds, &wbd_check::loader::Schemas::load(None));
    let dirs = wbd_check::rules::citation::archive::Dirs { own: None, given: vec![archive.to_path_buf()] };
    wbd_check::rules::citation::archive::coverage(&data, &dirs)
        .iter()
        .flat_map(|sc| sc.figures.iter().filter(|(_, s)| *s == Status::Uncovered).map(|(f, _)| f.text.clone()).collect::<Vec<_>>())
        .collect()
}

#[test]
fn every_seed_figure_is_covered_or_skipped_with_a_reason() {
    let Some(seeds) = seeds() else { return };
    let ds = repo().join("dataset");
    let report = wbd_check::run(&options(&ds, Some(&seeds)));
    assert_eq!(uncovered(&report), Vec::<String>::new());
    let (data, _, _) = wbd_check::loader::load(&ds, &repo(), &wbd_check::loader::Schemas::load(None));
    let all = wbd_check::rules::citation::archive::coverage(
        &data,
        &wbd_check::rules::citation::archive::Dirs { own: None, given: vec![seeds.clone()] },
    );
    assert_eq!(all.len(), 5, "the five seed texts");
    let figures: usize = all.iter().map(|s| s.figures.len()).sum();
    assert!(figures > 50, "{figures} figures");
    for sc in &all {
        assert!(sc.unused_skips.is_empty());
        for (f, s) in &sc.figures {
            if let Status::Skipped { reason, .. } = s {
                assert!(!reason.trim().is_empty(), "{}", f.text);
            }
        }
    }
}

#[test]
fn removing_a_claim_uncovers_exactly_its_figure() {
    let Some(seeds) = seeds() else { return };
    let tmp = temp_dir("coverage-remove");
    let ds = tmp.join("dataset");
    copy_dir(&repo().join("dataset"), &ds);
    // DW's "Bosnia-Herzegovina, which accounts for 31.75% of the region's
    // total exports": no other claim quotes that figure.
    let file = ds.join("claims/dw.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let start = text.find("  - id: dw-ba-arms-exports-share-2021\n").expect("the claim");
    let end = text[start + 1..].find("\n  - id: ").map_or(text.len(), |i| start + 2 + i);
    std::fs::write(&file, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let report = wbd_check::run(&options(&ds, Some(&seeds)));
    let found = uncovered(&report);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("`31.75%` (000_c8276e51ea0657f0.txt, line "), "{}", found[0]);
    assert_eq!(uncovered_figures(&ds, &seeds), ["31.75%"]);
    let _ = std::fs::remove_dir_all(&tmp);
}
