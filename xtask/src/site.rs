//! `cargo xtask site [--out DIR] [--release] [--dataset DIR] [--archive DIR]`:
//! the static website of the dataset. The site generator (`crates/site`,
//! with its template and chart dependencies) is its own binary, built on
//! demand: xtask does not depend on it, so the first `cargo xtask check`
//! on a fresh clone does not compile it.

use std::process::{Command, ExitCode};

use lexopt::prelude::*;

use crate::{UsageError, repo_root};

pub const HELP: &str = "\
usage: cargo xtask site [options]

Checks the dataset and, when the check has no errors, writes a static
website of it into DIR: a home page with counts and downloads, one page per
entity, metric, source and claim, charts drawn as SVG, the check report, a
search page, and the published files under data/. Open DIR/index.html from
disk or serve DIR with any static host. DIR must be absent, empty, or an
earlier site. The first run builds the generator (crates/site). Exit
status: 0 written, 1 the check has errors, 2 could not run.

options:
      --out DIR        where to write (default dist/site)
      --dataset DIR    the dataset directory (default dataset/)
      --archive DIR    verify quotes against archived texts (or WBD_ARCHIVE=DIR)
      --release        build the generator optimised (slower first build;
                       for 100,000-claim synthetic datasets)
  -h, --help           print this help
";

pub fn run(args: &[String]) -> Result<ExitCode, UsageError> {
    let root = repo_root();
    let mut pass: Vec<std::ffi::OsString> = Vec::new();
    let mut release = false;
    let mut dataset_given = false;
    let mut p = lexopt::Parser::from_args(args);
    while let Some(arg) = p.next()? {
        match arg {
            Long("out") => pass.extend(["--out".into(), abs(p.value()?)]),
            Long("dataset") => {
                dataset_given = true;
                pass.extend(["--dataset".into(), abs(p.value()?)]);
            }
            Long("archive") => pass.extend(["--archive".into(), abs(p.value()?)]),
            Long("release") => release = true,
            _ => return Err(arg.unexpected().into()),
        }
    }
    for a in crate::archive::from_env() {
        pass.extend(["--archive".into(), a.into_os_string()]);
    }
    if !dataset_given {
        if let Some(rev) = revision(&root) {
            pass.extend(["--revision".into(), rev.into()]);
        }
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(&root).args(["run", "--quiet"]);
    if release {
        cmd.arg("--release");
    }
    cmd.args(["-p", "wbd-site", "--bin", "wbd-site", "--"]).args(&pass);
    match cmd.status() {
        Ok(s) => Ok(match s.code() {
            Some(0) => ExitCode::SUCCESS,
            Some(c) => ExitCode::from(u8::try_from(c).unwrap_or(2)),
            None => ExitCode::from(2),
        }),
        Err(e) => {
            errln!("error: cannot run cargo to build the site generator: {e}");
            Ok(ExitCode::from(2))
        }
    }
}

/// A path made absolute against the current directory, since the
/// generator runs from the repository root.
fn abs(v: std::ffi::OsString) -> std::ffi::OsString {
    let p = std::path::PathBuf::from(&v);
    if p.is_absolute() { v } else { std::env::current_dir().map(|d| d.join(p).into_os_string()).unwrap_or(v) }
}

/// The commit the dataset is at, with `+changes` when dataset/ differs from
/// it; `None` outside git. This, not the clock, is the "checked at" the
/// home page shows, so the same commit gives the same bytes.
fn revision(root: &std::path::Path) -> Option<String> {
    let head = Command::new("git").current_dir(root).args(["rev-parse", "--verify", "--short=12", "HEAD"]).output().ok()?;
    if !head.status.success() {
        return None;
    }
    let mut rev = String::from_utf8(head.stdout).ok()?.trim().to_string();
    let dirty = Command::new("git").current_dir(root).args(["status", "--porcelain", "--", "dataset"]).output().ok()?;
    if !dirty.stdout.is_empty() {
        rev.push_str("+changes");
    }
    Some(rev)
}
