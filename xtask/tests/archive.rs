//! `cargo xtask archive FILE` in a clone: the text lands in the dataset's
//! own archive folder, the printed block makes a new source whose quotes
//! the check verifies (with and without `--archive`), and a second source
//! for the same text is refused.

use std::process::{Command, Output};
use wbd_testkit::{copy_dir, repo};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).env_remove("WBD_ARCHIVE").output().unwrap()
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

const REPORT: &str = "The Open Defence Review\n\nIts first paragraph.\n\n\
Albania\u{2019}s government said it would spend \u{20ac}90 million on\nnew patrol boats in 2026.\n";

fn source(block: &str) -> String {
    format!(
        "sources:\n  - id: open-review-2026\n    kind: report\n    title: The Open Defence Review\n    \
         publisher: Open Press\n    published: 2026-01-15\n    retrieved: 2026-11-22\n{block}"
    )
}

fn claim(quote: &str) -> String {
    format!(
        "claims:\n  - id: open-review-al-boats-2026\n    subject: al\n    metric: procurement-value\n    period: 2026\n    \
         value: EUR 90 million\n    status: planned\n    citations:\n      - source: open-review-2026\n        \
         locator: paragraph 3\n        quote: \"{quote}\"\n"
    )
}

#[test]
fn an_archived_text_verifies_a_new_sources_quotes() {
    let tmp = std::env::temp_dir().join(format!("wbd-xtask-archive-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let ds = tmp.join("dataset");
    copy_dir(&repo().join("tests/fixtures/base"), &ds);
    let file = tmp.join("review.txt");
    std::fs::write(&file, REPORT).unwrap();
    let dsa = ds.display().to_string();

    let out = xtask(&["archive", &file.display().to_string(), "--dataset", &dsa]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let printed = String::from_utf8_lossy(&out.stdout).into_owned();
    let start = printed.find("    archive:\n").unwrap_or_else(|| panic!("no block in:\n{printed}"));
    let block: String = printed[start..].lines().take(3).map(|l| format!("{l}\n")).collect();
    let sha = block.lines().nth(2).unwrap().trim().strip_prefix("sha256: ").unwrap().to_string();
    let name = block.lines().nth(1).unwrap().trim().strip_prefix("file: ").unwrap().to_string();
    assert_eq!(name, format!("{}.txt", &sha[..16]));
    assert_eq!(std::fs::read_to_string(ds.join("archive").join(&name)).unwrap(), REPORT);

    // A new source with the block, and a claim quoting the text with
    // straight quotes and one line where the text folds two.
    std::fs::write(ds.join("sources-new.yaml"), source(&block)).unwrap();
    std::fs::write(ds.join("claims-new.yaml"), claim("Albania's government said it would spend €90 million on new patrol boats")).unwrap();
    let out = xtask(&["check", "--dataset", &dsa]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = xtask(&["check", "--dataset", &dsa, "--archive", &repo().join("tests/fixtures/archive").display().to_string()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(!text(&out).contains("unverified"), "{}", text(&out));

    // The archive is really read: a quote the text does not have fails.
    std::fs::write(ds.join("claims-new.yaml"), claim("spend €90 million on new frigates")).unwrap();
    let out = xtask(&["check", "--dataset", &dsa]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("citation/quote-not-in-source"), "{}", text(&out));

    // The same text again, for another record, is refused; for its own
    // record the block is printed again.
    let again = tmp.join("copy.txt");
    std::fs::write(&again, REPORT).unwrap();
    let out = xtask(&["archive", &again.display().to_string(), "--dataset", &dsa]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("already archived for source `open-review-2026`"), "{}", text(&out));
    let out = xtask(&["archive", &again.display().to_string(), "--dataset", &dsa, "--source", "open-review-2026"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains(&format!("sha256: {sha}")), "{}", text(&out));

    // Not text: refused, nothing written.
    std::fs::write(&again, b"%PDF-1.7\0\x01").unwrap();
    let out = xtask(&["archive", &again.display().to_string(), "--dataset", &dsa]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert_eq!(std::fs::read_dir(ds.join("archive")).unwrap().count(), 1);
    let _ = std::fs::remove_dir_all(&tmp);
}
