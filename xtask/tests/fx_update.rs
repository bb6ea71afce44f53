//! `cargo xtask fx-update` cannot lose rates: every bad input leaves the
//! rates file byte-identical with a non-zero exit, and a good update says
//! what changed and moves the rates source's `published` date.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use wbd_testkit::repo;

/// A copy of the base fixture dataset with a rates source record, in a
/// fresh temporary directory.
fn dataset(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wbd-xtask-fx-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let ds = dir.join("dataset");
    std::fs::create_dir_all(ds.join("reference")).unwrap();
    std::fs::create_dir_all(ds.join("sources")).unwrap();
    let base = repo().join("tests/fixtures/base/reference/ecb-eurofxref.csv");
    std::fs::copy(base, ds.join("reference/ecb-eurofxref.csv")).unwrap();
    std::fs::write(
        ds.join("sources/reference-data.yaml"),
        "sources:\n  - id: ecb-euro-reference-rates\n    kind: dataset\n    title: Euro reference rates\n    \
         publisher: European Central Bank\n    published: 2024-03-28\n    retrieved: 2026-11-22\n    \
         note: rates up to 2024-03-28\n  - id: other\n    kind: dataset\n    title: Other\n    published: 2024-03-28\n",
    )
    .unwrap();
    ds
}

fn rates_file(ds: &Path) -> PathBuf {
    ds.join("reference/ecb-eurofxref.csv")
}

fn update(ds: &Path, new_file: &str, extra: &[&str]) -> Output {
    let from = ds.parent().unwrap().join("new.csv");
    std::fs::write(&from, new_file).unwrap();
    let mut args = vec!["fx-update".to_string(), "--from".into(), from.display().to_string(), "--dataset".into(), ds.display().to_string()];
    args.extend(extra.iter().map(|s| s.to_string()));
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(&args).output().unwrap()
}

/// The base rates file as lines (header first, newest day next).
fn base_lines() -> Vec<String> {
    std::fs::read_to_string(repo().join("tests/fixtures/base/reference/ecb-eurofxref.csv")).unwrap().lines().map(String::from).collect()
}

fn join(lines: &[String]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// The new file is refused: non-zero exit, the rates file and the source
/// record unchanged, and stderr says `why`.
fn assert_refused(tag: &str, new_file: &str, why: &str) {
    let ds = dataset(tag);
    let before = std::fs::read(rates_file(&ds)).unwrap();
    let source_before = std::fs::read(ds.join("sources/reference-data.yaml")).unwrap();
    let out = update(&ds, new_file, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{tag}: {stderr}");
    assert!(stderr.contains(why), "{tag}: stderr lacks {why:?}:\n{stderr}");
    assert_eq!(std::fs::read(rates_file(&ds)).unwrap(), before, "{tag}: the rates file changed");
    assert_eq!(std::fs::read(ds.join("sources/reference-data.yaml")).unwrap(), source_before, "{tag}: the source changed");
    let left: Vec<_> = std::fs::read_dir(ds.join("reference")).unwrap().filter_map(|e| e.ok()).collect();
    assert_eq!(left.len(), 1, "{tag}: a temporary file was left behind");
    let _ = std::fs::remove_dir_all(ds.parent().unwrap());
}

#[test]
fn a_short_row_is_refused() {
    let mut l = base_lines();
    l[3] = "2024-03-26,1.0855".into();
    assert_refused("short", &join(&l), ":4:18: this line has 2 cells, the header 3");
}

#[test]
fn a_long_row_is_refused() {
    let mut l = base_lines();
    l[3].push_str(",7.2");
    assert_refused("long", &join(&l), "this line has 4 cells, the header 3");
}

#[test]
fn an_empty_cell_is_refused() {
    let mut l = base_lines();
    l[3] = "2024-03-26,,0.85846".into();
    assert_refused("empty-cell", &join(&l), "the USD cell of 2024-03-26 is empty");
}

#[test]
fn a_duplicate_date_is_refused() {
    let mut l = base_lines();
    let again = l[5].clone();
    l.insert(6, again);
    assert_refused("duplicate", &join(&l), "has a second line here");
}

#[test]
fn a_code_that_is_not_iso_4217_is_refused() {
    let mut l = base_lines();
    l[0] = "Date,USX,GBP".into();
    assert_refused("usx", &join(&l), "`USX` in the header is not an ISO 4217 currency code");
}

#[test]
fn a_file_cut_mid_line_is_refused() {
    let text = join(&base_lines());
    let cut = &text[..text.len() / 2];
    assert_refused("cut", cut, "the file looks cut off here");
}

#[test]
fn a_file_with_one_day_is_refused() {
    let l = base_lines();
    assert_refused("one-day", &join(&l[..2]), "-45 days the current file has (2021-01-04 to 2024-03-27)");
}

#[test]
fn a_file_without_a_currency_is_refused() {
    let l: Vec<String> = base_lines().iter().map(|l| l.rsplit_once(',').unwrap().0.to_string()).collect();
    assert_refused("no-gbp", &join(&l), "currencies removed: GBP");
}

#[test]
fn a_rate_turned_n_a_is_refused() {
    let mut l = base_lines();
    l[2] = l[2].replace("0.85768", "N/A");
    assert_refused("lost-rate", &join(&l), "1 rates become N/A (the first: GBP on 2024-03-27)");
}

#[test]
fn the_ecb_daily_file_is_named() {
    let daily = "Date, USD, JPY, GBP, \n30 October 2026, 1.1172, 175.68, 0.8338, \n";
    assert_refused("daily", daily, "the ECB's daily file `eurofxref.csv`");
}

#[test]
fn a_good_update_prints_the_change_and_moves_the_source_date() {
    let ds = dataset("good");
    let mut l: Vec<String> = base_lines();
    // One more day, and JPY as a new currency (in the ECB's column order,
    // with its trailing commas).
    l[0] = "Date,USD,JPY,GBP,".into();
    for row in l.iter_mut().skip(1) {
        let (d, rest) = row.split_once(',').unwrap();
        let (usd, gbp) = rest.split_once(',').unwrap();
        *row = format!("{d},{usd},N/A,{gbp},");
    }
    l.insert(1, "2024-04-02,1.0779,163.61,0.8551,".into());
    let out = update(&ds, &join(&l), &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}{stdout}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("47 days from 2021-01-04 to 2024-04-02, 3 currencies"), "{stdout}");
    assert!(stdout.contains("+1 day (2024-04-02)"), "{stdout}");
    assert!(stdout.contains("currencies added: JPY"), "{stdout}");
    assert!(stdout.contains("`ecb-euro-reference-rates` published 2024-03-28 -> 2024-04-02"), "{stdout}");
    assert!(stdout.contains("its text mentions 2024-03-28 1 more time(s)"), "{stdout}");
    let rates = std::fs::read_to_string(rates_file(&ds)).unwrap();
    assert!(rates.starts_with("Date,GBP,JPY,USD\n2024-04-02,0.8551,163.61,1.0779\n"), "{rates}");
    let source = std::fs::read_to_string(ds.join("sources/reference-data.yaml")).unwrap();
    assert!(source.contains("    published: 2024-04-02\n    retrieved: 2026-11-22\n"), "{source}");
    // The other record's date is not touched.
    assert!(source.ends_with("    published: 2024-03-28\n"), "{source}");

    // The same file again changes nothing.
    let again = update(&ds, &join(&l), &[]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("already up to date"));

    // Dropping days is possible when asked for, and said.
    let out = update(&ds, &join(&l[..3]), &["--replace"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("-45 days the current file has (2021-01-04 to 2024-03-27)"), "{stdout}");
    let _ = std::fs::remove_dir_all(ds.parent().unwrap());
}

#[test]
fn a_write_that_fails_is_exit_2() {
    let from = repo().join("tests/fixtures/base/reference/ecb-eurofxref.csv");
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["fx-update", "--from", &from.display().to_string(), "--out", "/nonexistent-dir/ecb-eurofxref.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write /nonexistent-dir/ecb-eurofxref.csv"));
}

#[test]
fn an_out_file_elsewhere_leaves_the_dataset_alone() {
    let ds = dataset("out-elsewhere");
    let source_before = std::fs::read(ds.join("sources/reference-data.yaml")).unwrap();
    let rates_before = std::fs::read(rates_file(&ds)).unwrap();
    let mut l = base_lines();
    l.insert(1, "2024-04-02,1.0779,0.8551".into());
    let elsewhere = ds.parent().unwrap().join("elsewhere.csv");
    let out = update(&ds, &join(&l), &["--out", &elsewhere.display().to_string()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::read_to_string(&elsewhere).unwrap().starts_with("Date,GBP,USD\n2024-04-02,0.8551,1.0779\n"));
    assert_eq!(std::fs::read(ds.join("sources/reference-data.yaml")).unwrap(), source_before);
    assert_eq!(std::fs::read(rates_file(&ds)).unwrap(), rates_before);
    let _ = std::fs::remove_dir_all(ds.parent().unwrap());
}
