//! `cargo xtask changes` and `check --since` in a scratch git repository
//! with two commits, as a user runs them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use wbd_testkit::{copy_dir, repo};

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// The xtask binary run as if the scratch repository were the workspace
/// (its root is the parent of `CARGO_MANIFEST_DIR`).
fn xtask(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .env("CARGO_MANIFEST_DIR", root.join("xtask"))
        .env("NO_COLOR", "1")
        .env_remove("WBD_ARCHIVE")
        .current_dir(root)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn scratch(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("wbd-changes-test-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    copy_dir(&repo().join("tests/fixtures/base"), &d.join("dataset"));
    copy_dir(&repo().join("schema"), &d.join("schema"));
    git(&d, &["init", "-q"]);
    git(&d, &["add", "."]);
    git(&d, &["commit", "-q", "-m", "first"]);
    d
}

const ADDED: &str = "  - id: gazette-mk-training-2023
    subject: mk
    metric: procurement-value
    period: 2023
    value: GBP 100 million
    citations:
      - source: gazette-2024
        locator: paragraph 4
        quote: \"Albania spent £100 million (€117 million) on training\"
";

/// The second commit: one figure changed (with a note), one claim removed,
/// one added; `version` set to `version`.
fn second_commit(d: &Path, version: &str) {
    let claims = d.join("dataset/claims.yaml");
    let text = std::fs::read_to_string(&claims).unwrap();
    assert!(text.contains("value: EUR 0.54 billion"));
    let mut text = text
        .replacen("value: EUR 0.54 billion\n", "value: EUR 0.55 billion\n    note: Corrected.\n", 1)
        .replacen("by: +8 %", "by: +10 %", 1)
        .replacen("\"€0.54 billion in 2024 (+8%)\"", "\"€0.55 billion in 2024 (+10%)\"", 1);
    // Remove the first claim (up to the second `- id:`).
    let start = text.find("  - id: gazette-rs-exports-2021").unwrap();
    let end = start + 4 + text[start + 4..].find("  - id: ").unwrap();
    text.replace_range(start..end, "");
    text.push_str(ADDED);
    std::fs::write(&claims, text).unwrap();
    let meta = d.join("dataset/dataset.yaml");
    let m = std::fs::read_to_string(&meta).unwrap().replace("version: 0.0.1", &format!("version: {version}"));
    std::fs::write(&meta, m).unwrap();
    git(d, &["commit", "-q", "-am", "second"]);
}

#[test]
fn one_figure_changed_one_claim_removed_one_added() {
    let d = scratch("three");
    second_commit(&d, "0.0.1");
    let out = xtask(&d, &["changes", "--since", "HEAD~1", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let changes = doc["changes"].as_array().unwrap();
    let brief: Vec<(String, String)> =
        changes.iter().map(|c| (c["change"].as_str().unwrap().to_string(), c["id"].as_str().unwrap().to_string())).collect();
    assert_eq!(
        brief,
        [
            ("added".to_string(), "gazette-mk-training-2023".to_string()),
            ("removed".to_string(), "gazette-rs-exports-2021".to_string()),
            ("changed".to_string(), "gazette-al-budget-2024".to_string()),
        ]
    );
    let value = changes[2]["fields"].as_array().unwrap().iter().find(|f| f["field"] == "value").unwrap();
    assert_eq!((value["old"].as_str(), value["new"].as_str()), (Some("EUR 0.54 billion"), Some("EUR 0.55 billion")));
    assert_eq!(value["bump"], "minor");
    assert_eq!(changes[1]["bump"], "major");
    assert_eq!(doc["bump"]["needed"], "major");
    assert_eq!(doc["counts"], serde_json::json!({"added": 1, "removed": 1, "renamed": 0, "changed": 1}));
    // The added claim's money in EUR is not a changed field, but a changed
    // money figure in another currency carries its EUR equivalent.
    assert!(value["old_eur"].is_null(), "EUR needs no equivalent");

    // Without a version bump, the check fails with history/version-bump.
    let out = xtask(&d, &["check", "--since", "HEAD~1"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("history/version-bump"), "{text}");
    assert!(text.contains("removed claim `gazette-rs-exports-2021`"), "{text}");
    assert!(text.contains("set `version: 1.0.0`"), "{text}");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn a_major_bump_passes() {
    let d = scratch("major");
    second_commit(&d, "1.0.0");
    let out = xtask(&d, &["check", "--since", "HEAD~1", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = doc["diagnostics"].as_array().unwrap().iter().filter_map(|d| d["code"].as_str()).collect();
    assert!(!codes.contains(&"history/version-bump"), "{codes:?}");
    assert_eq!(out.status.code(), Some(0), "{codes:?}");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn bad_input_exits_2_with_one_line() {
    let d = scratch("bad");
    // A revision that does not exist.
    let out = xtask(&d, &["changes", "--since", "no-such-rev"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim(), "error: --since no-such-rev: `no-such-rev` is not a commit of this repository");
    assert!(out.stdout.is_empty());
    // An earlier state that does not parse.
    std::fs::write(d.join("dataset/claims.yaml"), "claims: [\n").unwrap();
    git(&d, &["commit", "-q", "-am", "broken"]);
    copy_dir(&repo().join("tests/fixtures/base"), &d.join("dataset"));
    let out = xtask(&d, &["changes", "--since", "HEAD"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("error: the dataset at HEAD does not load"), "{err}");
    assert!(err.contains("claims.yaml"), "{err}");
    assert!(out.stdout.is_empty());
    // Not a git repository.
    let _ = std::fs::remove_dir_all(d.join(".git"));
    let out = xtask(&d, &["changes", "--since", "HEAD"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is not a git repository"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn publish_previous_writes_changes_json() {
    let d = scratch("publish");
    let a = d.join("out-a");
    let out = xtask(&d, &["publish", "--out", a.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!a.join("changes.json").exists());
    second_commit(&d, "1.0.0");
    let b = d.join("out-b");
    let out = xtask(&d, &["publish", "--out", b.to_str().unwrap(), "--previous", a.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(b.join("changes.json")).unwrap()).unwrap();
    let brief: Vec<(&str, &str)> =
        doc["changes"].as_array().unwrap().iter().map(|c| (c["change"].as_str().unwrap(), c["id"].as_str().unwrap())).collect();
    assert_eq!(
        brief,
        [("added", "gazette-mk-training-2023"), ("removed", "gazette-rs-exports-2021"), ("changed", "gazette-al-budget-2024")]
    );
    assert_eq!((doc["from"]["version"].as_str(), doc["to"]["version"].as_str()), (Some("0.0.1"), Some("1.0.0")));
    assert_eq!(doc["bump"], serde_json::json!({"needed": "major", "made": "major"}));
    // The manifest lists it like every other file.
    let manifest = std::fs::read_to_string(b.join("manifest.json")).unwrap();
    assert!(manifest.contains("\"changes.json\""));
    // An earlier output that is not one: exit 2, nothing published.
    let c = d.join("out-c");
    let out = xtask(&d, &["publish", "--out", c.to_str().unwrap(), "--previous", d.join("dataset").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!c.exists());
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn renames_citations_and_eur() {
    let d = scratch("kinds");
    let claims = d.join("dataset/claims.yaml");
    let text = std::fs::read_to_string(&claims).unwrap();
    let text = text
        // A money figure in USD: shown with its EUR equivalent.
        .replacen("value: USD 1.3 billion\n", "value: USD 1.4 billion\n", 1)
        // A quote changed: one citation removed, one added, a patch.
        .replacen("quote: \"€0.5 billion in 2023\"", "quote: \"€0.5 billion\"", 1)
        // A claim renamed with nothing else changed.
        .replacen("- id: gazette-al-budget-2024\n", "- id: gazette-al-budget-plan-2024\n", 1);
    std::fs::write(&claims, text).unwrap();
    git(&d, &["commit", "-q", "-am", "second"]);
    let out = xtask(&d, &["changes", "--since", "HEAD~1", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let changes = doc["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 3, "{changes:#?}");
    let renamed = &changes[0];
    assert_eq!(
        (renamed["change"].as_str(), renamed["from"].as_str(), renamed["id"].as_str(), renamed["bump"].as_str()),
        (Some("renamed"), Some("gazette-al-budget-2024"), Some("gazette-al-budget-plan-2024"), Some("major"))
    );
    let cited = changes.iter().find(|c| c["id"] == "gazette-al-budget-2023").unwrap();
    let f = &cited["fields"][0];
    assert_eq!((f["field"].as_str(), f["bump"].as_str()), (Some("citations"), Some("patch")));
    assert_eq!(f["removed"][0]["quote"], "€0.5 billion in 2023");
    assert_eq!(f["added"][0]["quote"], "€0.5 billion");
    let money = changes.iter().find(|c| c["id"] == "gazette-rs-exports-2021").unwrap();
    let v = &money["fields"][0];
    assert_eq!(
        (v["field"].as_str(), v["old"].as_str(), v["new"].as_str()),
        (Some("value"), Some("USD 1.3 billion"), Some("USD 1.4 billion"))
    );
    // EUR at the 2021 average rate of the fixture's rates file, to the cent.
    let (old, new) = (v["old_eur"].as_str().unwrap(), v["new_eur"].as_str().unwrap());
    let cents = |s: &str| s.split_once('.').map(|(_, c)| c.len());
    assert_eq!((cents(old), cents(new)), (Some(2), Some(2)), "{old} {new}");
    // Both have cents, so the longer or lexically larger is the larger.
    assert!((old.len(), old) < (new.len(), new), "{old} {new}");
    assert_eq!(doc["bump"]["needed"], "major");

    let out = xtask(&d, &["changes", "--since", "HEAD~1"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("> claim `gazette-al-budget-2024` renamed to `gazette-al-budget-plan-2024` (major)"), "{text}");
    assert!(text.contains("value: USD 1.3 billion (≈ EUR "), "{text}");
    assert!(text.contains("citations - gazette-digest (item 1): \"€0.5 billion in 2023\" (patch)"), "{text}");
    let _ = std::fs::remove_dir_all(&d);
}
