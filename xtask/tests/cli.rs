//! The `cargo xtask` binary as a user runs it: command-line conventions,
//! exit codes, what it prints, and what it may and may not touch on disk
//! (the commands that replace directories are in `cli_outputs.rs`).
//! Every test works on temporary copies of `tests/fixtures/base`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

mod common;
use common::*;

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
