//! The `cargo xtask` binary as a user runs it: command-line conventions,
//! exit codes, what it prints, and what it may and may not touch on disk.
//! Every test works on temporary copies of `tests/fixtures/base`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use wbd_testkit::{copy_dir, repo, temp_dir};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_xtask"));
    c.env_remove("NO_COLOR").env_remove("WBD_ARCHIVE");
    c
}

/// A copy of the clean base fixture in `tmp/dataset`.
fn base(tmp: &Path) -> PathBuf {
    let ds = tmp.join("dataset");
    copy_dir(&repo().join("tests/fixtures/base"), &ds);
    ds
}

const BROKEN: &str = "claims:\n  - id: broken\n    subject: nowhere\n    metric: military-expenditure\n    period: 2023\n    value: EUR 1 billion\n    citations:\n      - source: gazette-2024\n        locator: paragraph 3\n        quote: \"EUR 1 billion\"\n";

/// A copy of the base fixture with one `ref/unknown` error in `sub/broken.yaml`.
fn broken(tmp: &Path) -> PathBuf {
    let ds = base(tmp);
    std::fs::create_dir_all(ds.join("sub")).unwrap();
    std::fs::write(ds.join("sub/broken.yaml"), BROKEN).unwrap();
    ds
}

fn run(args: &[&str]) -> Output {
    bin().args(args).stdin(Stdio::null()).output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited, not killed")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

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

/// Publishes `ds` into `out` with the test's own arguments.
fn publish(ds: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["publish", "--dataset", s(ds), "--out", s(out)];
    args.extend_from_slice(extra);
    run(&args)
}

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

// ------------------------------------------------------------ output streams

#[test]
fn a_closed_pipe_ends_quietly() {
    let tmp = temp_dir("pipe");
    let ds = base(&tmp);
    for args in [vec!["publish", "--dataset", s(&ds), "--out", s(&tmp.join("dist"))], vec!["check", "--dataset", s(&ds)], vec!["rules"]] {
        let mut child = bin().args(&args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        assert_eq!(code(&o), 0, "{args:?}: {}", text(&o.stderr));
        assert_eq!(text(&o.stderr), "", "{args:?}");
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

#[cfg(target_os = "linux")]
#[test]
fn a_failed_report_write_is_exit_2_with_one_line() {
    let tmp = temp_dir("full");
    let ds = base(&tmp);
    for args in [
        vec!["check", "--format", "sarif", "--dataset", s(&ds)],
        vec!["check", "--dataset", s(&ds)],
        vec!["publish", "--dataset", s(&ds), "--out", s(&tmp.join("dist"))],
        vec!["rules"],
    ] {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let o = bin().args(&args).stdout(full).output().unwrap();
        assert_eq!(code(&o), 2, "{args:?}: {}", text(&o.stderr));
        let err = text(&o.stderr);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("error: cannot write to standard output: "), "{err}");
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

// ------------------------------------------------------------ nothing passes silently

#[test]
fn an_empty_dataset_directory_is_an_error_in_check_and_publish() {
    let tmp = temp_dir("empty");
    let ds = tmp.join("dataset");
    std::fs::create_dir_all(&ds).unwrap();
    for o in [run(&["check", "--dataset", s(&ds)]), publish(&ds, &tmp.join("dist"), &[])] {
        assert_eq!(code(&o), 2, "{}", text(&o.stderr));
        assert!(text(&o.stderr).contains("has no dataset.yaml (the directory is empty)"), "{}", text(&o.stderr));
    }
    assert_eq!(files_in(&tmp), ["dataset"]);
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn a_dataset_without_dataset_yaml_is_an_error_in_check_and_publish() {
    let tmp = temp_dir("no-meta");
    let ds = base(&tmp);
    std::fs::remove_file(ds.join("dataset.yaml")).unwrap();
    for o in [run(&["check", "--dataset", s(&ds)]), publish(&ds, &tmp.join("dist"), &[])] {
        assert_eq!(code(&o), 2, "{}", text(&o.stderr));
        assert!(text(&o.stderr).contains("is not a dataset: it has no dataset.yaml"), "{}", text(&o.stderr));
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn check_paths_outside_the_dataset_or_naming_no_file_are_usage_errors() {
    let tmp = temp_dir("paths");
    let ds = broken(&tmp);
    let outside = tmp.join("outside.yaml");
    std::fs::write(&outside, BROKEN).unwrap();
    std::fs::write(ds.join("README.txt"), "notes").unwrap();
    for (path, says) in [
        (outside.clone(), "is outside the dataset"),
        (ds.join("claims-typo.yaml"), "no such file or directory"),
        (ds.join("README.txt"), "is not a dataset file"),
    ] {
        let o = run(&["check", "--dataset", s(&ds), s(&path)]);
        assert_eq!(code(&o), 2, "{}: {}", path.display(), text(&o.stderr));
        assert!(text(&o.stderr).contains(says), "{}", text(&o.stderr));
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn check_a_directory_path_selects_the_files_under_it() {
    let tmp = temp_dir("dir-path");
    let ds = broken(&tmp);
    let o = run(&["check", "--dataset", s(&ds), s(&ds.join("sub"))]);
    assert_eq!(code(&o), 1, "{}", text(&o.stdout));
    assert!(text(&o.stdout).contains("ref/unknown"), "{}", text(&o.stdout));
    let o = run(&["check", "--dataset", s(&ds), s(&ds.join("claims.yaml"))]);
    assert_eq!(code(&o), 0, "{}", text(&o.stdout));
    std::fs::create_dir_all(ds.join("nothing-here")).unwrap();
    let o = run(&["check", "--dataset", s(&ds), s(&ds.join("nothing-here"))]);
    assert_eq!(code(&o), 2);
    assert!(text(&o.stderr).contains("holds no dataset file"), "{}", text(&o.stderr));
    let _ = std::fs::remove_dir_all(&tmp);
}

// ------------------------------------------------------------ conventions

/// An option no command has is a usage error: exit 2, one `error:` on
/// stderr, nothing on stdout. (`lsp` passes its options on to the server,
/// which it builds first; its own test drives it.)
#[test]
fn every_command_refuses_an_unknown_option() {
    for cmd in [
        "check",
        "publish",
        "site",
        "changes",
        "rules",
        "explain",
        "schema",
        "synth",
        "bench",
        "fuzz",
        "archive",
        "fmt",
        "coverage",
        "fx-update",
    ] {
        let o = run(&[cmd, "--no-such-option"]);
        assert_eq!(code(&o), 2, "{cmd}: {}", text(&o.stderr));
        assert!(text(&o.stdout).is_empty(), "{cmd} printed: {}", text(&o.stdout));
        assert!(text(&o.stderr).contains("error"), "{cmd}: {}", text(&o.stderr));
    }
}

#[test]
fn every_command_answers_help() {
    // Every command `--help` lists, so a new command is covered too.
    let listed = text(&run(&["--help"]).stdout);
    let commands: Vec<String> = listed
        .lines()
        .skip_while(|l| !l.starts_with("commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect();
    assert!(commands.len() >= 15 && commands.iter().any(|c| c == "fmt"), "{listed}");
    for cmd in commands.iter().map(String::as_str) {
        for flag in ["--help", "-h"] {
            let o = run(&[cmd, flag]);
            assert_eq!(code(&o), 0, "{cmd} {flag}: {}", text(&o.stderr));
            assert!(text(&o.stdout).starts_with("usage: "), "{cmd} {flag}: {}", text(&o.stdout));
        }
    }
    let o = run(&["--help"]);
    assert_eq!(code(&o), 0);
    assert!(text(&o.stdout).contains("commands:"));
    let o = run(&["help", "check"]);
    assert_eq!(code(&o), 0);
    assert!(text(&o.stdout).contains("--statistics"));
}

#[test]
fn site_rejects_an_unknown_option_before_building_anything() {
    let o = run(&["site", "--bogus"]);
    assert_eq!(code(&o), 2);
    assert!(text(&o.stderr).contains("--bogus"), "{}", text(&o.stderr));
}

#[test]
fn version_prints_the_tool_and_schema_versions() {
    for args in [vec!["--version"], vec!["-V"], vec!["check", "--version"]] {
        let o = run(&args);
        assert_eq!(code(&o), 0);
        assert_eq!(text(&o.stdout), format!("xtask {} (dataset schema {})\n", env!("CARGO_PKG_VERSION"), wbd_schema::SCHEMA_VERSION));
    }
}

#[test]
fn a_usage_error_shows_the_command_usage_not_every_command() {
    let o = run(&["check", "--bogus"]);
    assert_eq!(code(&o), 2);
    let err = text(&o.stderr);
    assert!(err.starts_with("error: invalid option '--bogus'"), "{err}");
    assert!(err.contains("usage: cargo xtask check"), "{err}");
    assert!(!err.contains("fx-update"), "{err}");
}

/// Runs a command on a pseudo-terminal (util-linux `script`).
#[cfg(target_os = "linux")]
fn on_a_terminal(args: &[&str], no_color: Option<&str>) -> String {
    let line =
        std::iter::once(env!("CARGO_BIN_EXE_xtask")).chain(args.iter().copied()).map(|a| format!("'{a}'")).collect::<Vec<_>>().join(" ");
    let mut c = Command::new("script");
    c.args(["-qec", &line, "/dev/null"]).env_remove("NO_COLOR").stdin(Stdio::null());
    if let Some(v) = no_color {
        c.env("NO_COLOR", v);
    }
    text(&c.output().expect("util-linux `script` runs commands on a terminal").stdout)
}

#[cfg(target_os = "linux")]
#[test]
fn no_color_is_honoured_on_a_terminal() {
    let tmp = temp_dir("no-color");
    let ds = broken(&tmp);
    let coloured = on_a_terminal(&["check", "--dataset", s(&ds)], None);
    assert!(coloured.contains("ref/unknown") && coloured.contains('\x1b'), "{coloured}");
    let plain = on_a_terminal(&["check", "--dataset", s(&ds)], Some("1"));
    assert!(plain.contains("ref/unknown") && !plain.contains('\x1b'), "{plain}");
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn quiet_prints_only_the_findings() {
    let tmp = temp_dir("quiet");
    let ds = broken(&tmp);
    let loud = run(&["check", "--dataset", s(&ds)]);
    assert!(text(&loud.stdout).contains("check failed: 1 error"), "{}", text(&loud.stdout));
    for flag in ["--quiet", "-q"] {
        let o = run(&["check", flag, "--dataset", s(&ds)]);
        assert_eq!(code(&o), 1);
        let out = text(&o.stdout);
        assert!(out.contains("ref/unknown"), "{out}");
        assert!(!out.contains("check failed") && !out.contains("note:"), "{out}");
    }
    std::fs::remove_file(ds.join("sub/broken.yaml")).unwrap();
    let o = run(&["check", "--quiet", "--dataset", s(&ds)]);
    assert_eq!(code(&o), 0);
    assert_eq!(text(&o.stdout), "");
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn statistics_prints_a_count_per_rule() {
    let tmp = temp_dir("stats");
    let ds = broken(&tmp);
    std::fs::write(ds.join("sub/broken2.yaml"), BROKEN.replace("id: broken", "id: broken-two")).unwrap();
    let o = run(&["check", "--statistics", "--dataset", s(&ds)]);
    assert_eq!(code(&o), 1);
    let out = text(&o.stdout);
    let first = out.lines().next().unwrap();
    assert!(first.trim_start().starts_with("2  error    ref/unknown"), "{out}");
    assert!(!out.contains("sub/broken.yaml"), "the findings themselves are not printed: {out}");
    assert!(out.contains("check failed: 2 errors"), "{out}");
    let _ = std::fs::remove_dir_all(&tmp);
}

// ------------------------------------------------------------ check.yaml

fn config(tmp: &Path, yaml: &str) -> PathBuf {
    let p = tmp.join("check.yaml");
    std::fs::write(&p, yaml).unwrap();
    p
}

#[test]
fn check_yaml_accepts_off_and_the_summary_names_the_overrides() {
    let tmp = temp_dir("off");
    let ds = broken(&tmp);
    let cfg = config(&tmp, "severity:\n  ref/unknown: off\n");
    let o = run(&["check", "--dataset", s(&ds), "--config", s(&cfg)]);
    assert_eq!(code(&o), 0, "{}", text(&o.stdout));
    let out = text(&o.stdout);
    assert!(!out.contains("nowhere"), "{out}");
    assert!(out.contains("note: check.yaml overrides 1 rule severity: ref/unknown error -> off"), "{out}");
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn a_config_error_says_what_is_wrong_in_the_config_with_its_line() {
    let tmp = temp_dir("bad-config");
    let ds = base(&tmp);
    for (yaml, says) in [
        (
            "# overrides\nseverities:\n  ref/unknown: warning\n",
            "check.yaml:2:1: unknown key `severities`: the keys are `severity` and `conversion_window`; did you mean `severity`?",
        ),
        (
            "severity:\n  ref/unknown: warning\n  ref/unknown: error\n",
            "check.yaml:3:3: `ref/unknown` is given twice (first at line 2, column 3)",
        ),
        ("severity:\n  ref/unknown: fatal\n", "check.yaml:2:16: the severity of `ref/unknown` is `fatal`"),
        ("severity: [\n", "check.yaml:1:11: not valid YAML: unclosed bracket"),
    ] {
        let cfg = config(&tmp, yaml);
        for args in [
            vec!["check", "--dataset", s(&ds), "--config", s(&cfg)],
            vec!["publish", "--dataset", s(&ds), "--out", s(&tmp.join("dist")), "--config", s(&cfg)],
        ] {
            let o = run(&args);
            assert_eq!(code(&o), 2, "{yaml}");
            let err = text(&o.stderr);
            assert!(err.contains(says), "{yaml}: {err}");
            assert!(!err.contains("usage:"), "{err}");
        }
    }
    assert!(!tmp.join("dist").exists());
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn a_config_file_named_on_the_command_line_must_exist() {
    let tmp = temp_dir("no-config");
    let ds = base(&tmp);
    let o = run(&["check", "--dataset", s(&ds), "--config", s(&tmp.join("typo.yaml"))]);
    assert_eq!(code(&o), 2);
    assert!(text(&o.stderr).contains("typo.yaml: no such file"), "{}", text(&o.stderr));
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn overrides_are_recorded_in_the_published_manifest() {
    let tmp = temp_dir("manifest-overrides");
    let ds = base(&tmp);
    let out = tmp.join("dist");
    let cfg = config(&tmp, "severity:\n  contradiction/stated-change: warning\n  ref/unknown: error\n");
    let o = publish(&ds, &out, &["--config", s(&cfg)]);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("contradiction/stated-change error -> warning"), "{}", text(&o.stdout));
    let m: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    // Only what differs from the defaults.
    assert_eq!(m["check"], serde_json::json!({"severity": {"contradiction/stated-change": {"default": "error", "set": "warning"}}}));
    // Without overrides the manifest has no `check` entry.
    let o = publish(&ds, &out, &["--config", s(&config(&tmp, "# nothing changed\n"))]);
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let m: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert!(m.get("check").is_none());
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn the_cargo_alias_lets_a_first_build_show_progress() {
    let config = std::fs::read_to_string(repo().join(".cargo/config.toml")).unwrap();
    let alias = config.lines().find(|l| l.trim_start().starts_with("xtask")).expect("an xtask alias");
    assert!(!alias.contains("--quiet") && !alias.contains("-q "), "{alias}");
}

#[cfg(unix)]
#[test]
fn an_argument_that_is_not_utf8_is_a_usage_error() {
    use std::os::unix::ffi::OsStrExt;
    let o = bin().arg("check").arg(std::ffi::OsStr::from_bytes(b"caf\xe9.yaml")).output().unwrap();
    assert_eq!(code(&o), 2, "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("is not valid UTF-8"), "{}", text(&o.stderr));
}

#[test]
fn explain_finds_a_rule_by_its_name_without_the_family() {
    let full = run(&["explain", "citation/quote-missing-value"]);
    let bare = run(&["explain", "quote-missing-value"]);
    assert_eq!(code(&bare), 0, "{}", text(&bare.stderr));
    assert_eq!(text(&full.stdout), text(&bare.stdout));
    assert!(text(&bare.stdout).starts_with("# citation/quote-missing-value\n"));
}
