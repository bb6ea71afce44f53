//! The `cargo xtask` commands that write where a user points them, run as
//! a user runs them: `publish --out` and `synth --out` replace only their
//! own earlier output, atomically, and `--since` hands git only a checked
//! revision. Every test works on temporary copies of `tests/fixtures/base`.

use std::process::{Command, Stdio};

mod common;
use common::*;

// ------------------------------------------------------------ --since

#[test]
fn since_refuses_a_revision_that_git_would_read_as_an_option() {
    let tmp = temp_dir("since-opt");
    let victim = tmp.join("victim.txt");
    std::fs::write(&victim, "keep me\n").unwrap();
    let output = format!("--output={}", victim.display());
    for args in [vec!["check", "--since", &output], vec!["check", &format!("--since={output}")], vec!["check", "--since", "-x"]] {
        let o = run(&args);
        assert_eq!(code(&o), 2, "{args:?}: {}", text(&o.stderr));
        assert!(text(&o.stderr).contains("a revision cannot start with `-`"), "{}", text(&o.stderr));
        assert!(!text(&o.stderr).contains("usage: git"), "{}", text(&o.stderr));
    }
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me\n");
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn since_an_unknown_revision_is_one_clear_error() {
    let o = run(&["check", "--since", "no-such-revision-anywhere"]);
    assert_eq!(code(&o), 2);
    assert!(text(&o.stderr).contains("`no-such-revision-anywhere` is not a commit of this repository"), "{}", text(&o.stderr));
}

// ------------------------------------------------------------ publish --out

#[test]
fn publish_refuses_a_directory_whose_manifest_json_is_not_its_own() {
    let tmp = temp_dir("foreign-manifest");
    let ds = base(&tmp);
    let app = tmp.join("my-web-app");
    std::fs::create_dir_all(&app).unwrap();
    std::fs::write(app.join("manifest.json"), "{\"name\": \"my-web-app\"}\n").unwrap();
    std::fs::write(app.join("index.html"), "<p>mine</p>\n").unwrap();
    let o = publish(&ds, &app, &[]);
    assert_eq!(code(&o), 2, "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("not an earlier output of this dataset"), "{}", text(&o.stderr));
    assert_eq!(files_in(&app), ["index.html", "manifest.json"]);
    assert_eq!(std::fs::read_to_string(app.join("index.html")).unwrap(), "<p>mine</p>\n");
    assert_eq!(files_in(&tmp), ["dataset", "my-web-app"]);
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn publish_refuses_its_earlier_output_once_a_file_was_added_to_it() {
    let tmp = temp_dir("extra-file");
    let ds = base(&tmp);
    let out = tmp.join("dist");
    assert_eq!(code(&publish(&ds, &out, &[])), 0);
    std::fs::write(out.join("notes.md"), "my notes\n").unwrap();
    let o = publish(&ds, &out, &[]);
    assert_eq!(code(&o), 2, "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("`notes.md`"), "{}", text(&o.stderr));
    assert_eq!(std::fs::read_to_string(out.join("notes.md")).unwrap(), "my notes\n");
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn publish_refuses_the_output_of_another_dataset() {
    let tmp = temp_dir("other-dataset");
    let ds = base(&tmp);
    let out = tmp.join("dist");
    assert_eq!(code(&publish(&ds, &out, &[])), 0);
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    let id = serde_json::from_str::<serde_json::Value>(&manifest).unwrap()["dataset"].as_str().unwrap().to_string();
    std::fs::write(out.join("manifest.json"), manifest.replacen(&format!("\"{id}\""), "\"another-dataset\"", 1)).unwrap();
    let o = publish(&ds, &out, &[]);
    assert_eq!(code(&o), 2, "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("of dataset `another-dataset`"), "{}", text(&o.stderr));
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn publish_replaces_its_own_earlier_output_and_leaves_nothing_beside_it() {
    let tmp = temp_dir("republish");
    let ds = base(&tmp);
    let out = tmp.join("dist");
    assert_eq!(code(&publish(&ds, &out, &[])), 0);
    let first = std::fs::read(out.join("manifest.json")).unwrap();
    // A new version of the data gives a new output in the same place.
    let meta = std::fs::read_to_string(ds.join("dataset.yaml")).unwrap();
    let bumped =
        meta.lines().map(|l| if l.trim_start().starts_with("version:") { "  version: 9.9.9" } else { l }).collect::<Vec<_>>().join("\n")
            + "\n";
    std::fs::write(ds.join("dataset.yaml"), bumped).unwrap();
    let o = publish(&ds, &out, &[]);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let second = std::fs::read(out.join("manifest.json")).unwrap();
    assert_ne!(first, second);
    assert!(text(&second).contains("9.9.9"));
    assert_eq!(files_in(&tmp), ["dataset", "dist"]);
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn publish_refuses_a_regular_file_as_out() {
    let tmp = temp_dir("out-file");
    let ds = base(&tmp);
    let file = tmp.join("report.txt");
    std::fs::write(&file, "precious\n").unwrap();
    let o = publish(&ds, &file, &[]);
    assert_eq!(code(&o), 2, "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("is a file, not a directory"), "{}", text(&o.stderr));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "precious\n");
    assert_eq!(files_in(&tmp), ["dataset", "report.txt"]);
    let _ = std::fs::remove_dir_all(&tmp);
}

#[cfg(unix)]
#[test]
fn publish_follows_a_symlink_out_and_keeps_the_link() {
    let tmp = temp_dir("out-link");
    let ds = base(&tmp);
    let real = tmp.join("real");
    let link = tmp.join("link");
    std::fs::create_dir_all(&real).unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    for _ in 0..2 {
        let o = publish(&ds, &link, &[]);
        assert_eq!(code(&o), 0, "{}", text(&o.stderr));
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert!(real.join("manifest.json").is_file());
    }
    assert_eq!(files_in(&tmp), ["dataset", "link", "real"]);
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn publish_removes_stale_leftovers_of_killed_runs_and_nothing_else() {
    let tmp = temp_dir("stale");
    let ds = base(&tmp);
    let out = tmp.join("dist");
    // Above Linux's largest pid: no such process can be running.
    let dead = 4_194_305u32;
    std::fs::create_dir_all(tmp.join(format!("dist.tmp-{dead}/schema"))).unwrap();
    std::fs::write(tmp.join(format!("dist.tmp-{dead}/claims.csv")), "partial").unwrap();
    std::fs::create_dir_all(tmp.join(format!("dist.old-{}", dead + 1))).unwrap();
    std::fs::write(tmp.join(format!("dist.old-{}/dataset.json", dead + 1)), "{}").unwrap();
    // Not a publish leftover: a file publish never writes.
    std::fs::create_dir_all(tmp.join(format!("dist.tmp-{}", dead + 2))).unwrap();
    std::fs::write(tmp.join(format!("dist.tmp-{}/thesis.tex", dead + 2)), "mine").unwrap();
    let o = publish(&ds, &out, &[]);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert_eq!(files_in(&tmp), ["dataset", "dist", &format!("dist.tmp-{}", dead + 2)]);
    let _ = std::fs::remove_dir_all(&tmp);
}

/// `strace` where it can trace this process (Linux with ptrace allowed).
#[cfg(target_os = "linux")]
fn strace() -> Option<()> {
    let ok = Command::new("strace").args(["-f", "-o", "/dev/null", "true"]).stderr(Stdio::null()).status().is_ok_and(|s| s.success());
    if !ok {
        eprintln!("strace cannot run here: the syscall-level publish tests are skipped");
    }
    ok.then_some(())
}

#[cfg(target_os = "linux")]
#[test]
fn publish_swaps_the_output_in_with_one_rename_exchange() {
    let Some(()) = strace() else { return };
    let tmp = temp_dir("exchange");
    let ds = base(&tmp);
    let out = tmp.join("dist");
    assert_eq!(code(&publish(&ds, &out, &[])), 0);
    let log = tmp.join("strace.log");
    let o = Command::new("strace")
        .args([
            "-f",
            "-o",
            s(&log),
            "-e",
            "trace=rename,renameat,renameat2",
            env!("CARGO_BIN_EXE_xtask"),
            "publish",
            "--dataset",
            s(&ds),
            "--out",
            s(&out),
        ])
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let log = std::fs::read_to_string(&log).unwrap();
    let calls: Vec<&str> = log.lines().filter(|l| l.contains("rename")).collect();
    assert_eq!(calls.len(), 1, "{log}");
    assert!(calls[0].contains("RENAME_EXCHANGE") && calls[0].ends_with("= 0"), "{log}");
    let _ = std::fs::remove_dir_all(&tmp);
}

/// A publish killed at any rename leaves the previous or the new output,
/// complete, and the next publish cleans up after it.
#[cfg(target_os = "linux")]
#[test]
fn publish_killed_at_any_rename_leaves_a_complete_output() {
    let Some(()) = strace() else { return };
    let tmp = temp_dir("kill");
    let ds = base(&tmp);
    let out = tmp.join("dist");
    assert_eq!(code(&publish(&ds, &out, &[])), 0);
    let old = std::fs::read(out.join("manifest.json")).unwrap();
    let meta = std::fs::read_to_string(ds.join("dataset.yaml")).unwrap();
    let bumped =
        meta.lines().map(|l| if l.trim_start().starts_with("version:") { "  version: 9.9.9" } else { l }).collect::<Vec<_>>().join("\n")
            + "\n";
    std::fs::write(ds.join("dataset.yaml"), bumped).unwrap();
    for when in 1..=3 {
        let o = Command::new("strace")
            .args(["-f", "-o", "/dev/null", "-e", "trace=rename,renameat,renameat2"])
            .arg("-e")
            .arg(format!("inject=rename,renameat,renameat2:signal=SIGKILL:when={when}"))
            .args([env!("CARGO_BIN_EXE_xtask"), "publish", "--dataset", s(&ds), "--out", s(&out)])
            .output()
            .unwrap();
        let manifest =
            std::fs::read(out.join("manifest.json")).unwrap_or_else(|_| panic!("killed at rename {when}: no output: {}", text(&o.stderr)));
        let m: serde_json::Value = serde_json::from_slice(&manifest).unwrap();
        assert!(manifest == old || text(&manifest).contains("9.9.9"), "killed at rename {when}");
        for f in m["files"].as_array().unwrap() {
            let p = out.join(f["path"].as_str().unwrap());
            assert_eq!(std::fs::metadata(&p).unwrap().len(), f["bytes"].as_u64().unwrap(), "{}", p.display());
        }
    }
    let o = publish(&ds, &out, &[]);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert_eq!(files_in(&tmp), ["dataset", "dist"]);
    let _ = std::fs::remove_dir_all(&tmp);
}

// ------------------------------------------------------------ synth --out

#[test]
fn synth_refuses_to_replace_a_directory_it_did_not_write() {
    let tmp = temp_dir("synth-foreign");
    let ds = base(&tmp);
    let before = files_in(&ds);
    let o = run(&["synth", "--claims", "10", "--out", s(&ds)]);
    assert_eq!(code(&o), 2, "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("is not an earlier synth output"), "{}", text(&o.stderr));
    assert_eq!(files_in(&ds), before);
    // Nor its sibling DIR-archive, and then DIR is not touched either.
    let out = tmp.join("syn");
    std::fs::create_dir_all(tmp.join("syn-archive")).unwrap();
    std::fs::write(tmp.join("syn-archive/paper.txt"), "mine").unwrap();
    let o = run(&["synth", "--claims", "10", "--out", s(&out)]);
    assert_eq!(code(&o), 2, "{}", text(&o.stderr));
    assert!(!out.exists());
    assert_eq!(files_in(&tmp.join("syn-archive")), ["paper.txt"]);
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn synth_replaces_its_own_earlier_output_which_checks_clean() {
    let tmp = temp_dir("synth-own");
    let out = tmp.join("syn");
    for _ in 0..2 {
        let o = run(&["synth", "--claims", "150", "--out", s(&out)]);
        assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    }
    let o = run(&["check", "--quiet", "--dataset", s(&out), "--archive", s(&tmp.join("syn-archive"))]);
    assert_eq!(code(&o), 0, "{}{}", text(&o.stdout), text(&o.stderr));
    // A file added by hand makes it no longer synth's own.
    std::fs::write(out.join("mine.txt"), "mine").unwrap();
    let o = run(&["synth", "--claims", "150", "--out", s(&out)]);
    assert_eq!(code(&o), 2, "{}", text(&o.stderr));
    assert!(out.join("mine.txt").is_file());
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn synth_claims_that_overflow_are_a_usage_error() {
    let o = run(&["synth", "--claims", "18446744073709552k", "--out", "/nonexistent/never"]);
    assert_eq!(code(&o), 2, "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("is too many claims"), "{}", text(&o.stderr));
}
