//! The help of the time rules leads a relatively dated fact ("this month",
//! "this year") to the range up to the publication day, not to the
//! publication day itself. The snapshots of the rule fixtures hold the
//! messages; these tests hold the help a maintainer acts on.

mod common;

use common::*;

fn help_of(code: &str, stem: &str) -> String {
    let file = fixtures().join("rules").join(code).join(format!("{stem}.yaml"));
    let tmp = temp_dir(&format!("help-{code}-{stem}"));
    let ds = tmp.join("dataset");
    copy_dir(&fixtures().join("base"), &ds);
    std::fs::copy(&file, ds.join("fixture.yaml")).unwrap();
    let report = wbd_check::run(&options(&ds, Some(&fixtures().join("archive"))));
    let _ = std::fs::remove_dir_all(&tmp);
    let d = report.diagnostics.iter().find(|d| d.code == code).unwrap_or_else(|| panic!("{code}/{stem} does not fire"));
    d.help.clone().unwrap_or_default()
}

#[test]
fn period_after_source_offers_the_range_up_to_the_publication_day() {
    let help = help_of("time/period-after-source", "fail-relative");
    assert!(help.contains("`period: 2024-03-01..2024-03-28`"), "{help}");
    assert!(help.contains("status: planned"), "{help}");
}

#[test]
fn period_after_source_offers_no_range_for_a_period_after_the_source() {
    let help = help_of("time/period-after-source", "fail");
    assert!(!help.contains(".."), "{help}");
}

#[test]
fn relative_date_offers_the_range_the_words_name() {
    let help = help_of("time/relative-date", "fail");
    assert!(help.contains("`period: 2024-01-01..2024-03-29`"), "{help}");
}

#[test]
fn relative_date_ahead_of_the_source_is_a_plan() {
    let help = help_of("time/relative-date", "fail-ahead");
    assert!(help.contains("`period: 2024-04` with `status: planned`"), "{help}");
}
