//! `cargo xtask publish [--out DIR] [--dataset DIR] [--archive DIR]`: checks
//! the dataset and, when it has no errors, writes the published files
//! (`wbd-publish`) into DIR atomically.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use lexopt::prelude::*;
use wbd_check::{Options, Severity, emit};
use wbd_schema::FileKind;

use crate::{UsageError, repo_root};

pub const HELP: &str = "\
usage: cargo xtask publish [options]

Checks the dataset and, when the check has no errors, writes the published
files (JSON, CSV, Data Package, JSON Schema, manifest) into DIR. DIR must be
absent, empty, or an earlier output of the same dataset; anything else is
refused and left untouched. Exit status: 0 published, 1 the check has
errors, 2 could not run. See docs/PUBLISHING.md.

options:
      --out DIR        where to publish (default dist/)
      --dataset DIR    the dataset directory (default dataset/)
      --archive DIR    verify quotes against archived texts (or WBD_ARCHIVE=DIR)
      --config FILE    the check configuration (default check.yaml at the repository root)
  -h, --help           print this help
  -V, --version        print the tool and schema versions
";

pub fn run(args: &[String]) -> Result<ExitCode, UsageError> {
    let root = repo_root();
    let mut out = root.join("dist");
    let mut dataset = root.join("dataset");
    let mut archive: Vec<PathBuf> = Vec::new();
    let mut config = crate::check::default_config();
    let mut p = lexopt::Parser::from_args(args);
    while let Some(arg) = p.next()? {
        match arg {
            Long("out") => out = p.value()?.into(),
            Long("dataset") => dataset = p.value()?.into(),
            Long("archive") => archive.push(p.value()?.into()),
            Long("config") => config = p.value()?.into(),
            _ => return Err(arg.unexpected().into()),
        }
    }
    archive.extend(crate::archive::from_env());
    let config = match crate::check::load_config(&config) {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    if let Err(msg) = crate::check::preflight(&dataset, &archive) {
        errln!("error: {msg}");
        return Ok(ExitCode::from(2));
    }
    if std::fs::metadata(&out).is_ok_and(|m| !m.is_dir()) {
        errln!("error: --out {} is a file, not a directory; nothing was published", out.display());
        return Ok(ExitCode::from(2));
    }
    let opts = Options {
        dataset,
        root: root.clone(),
        schema_dir: Some(root.join("schema")),
        archive,
        only: Vec::new(),
        severity: config.severity_overrides(),
        since: None,
        conversion_window_days: None,
        overlay: Default::default(),
    };
    let t = Instant::now();
    let mut report = wbd_check::run(&opts);
    config.apply_off(&mut report);
    let errors = report.count(Severity::Error);
    if errors > 0 {
        errln!("{}", emit::human(&report, crate::out::color_for_stderr(), false).trim_end());
        errln!("error: the check found {errors} error(s); nothing was published ({} left as it was)", out.display());
        return Ok(ExitCode::from(1));
    }
    let schemas: Vec<(String, String)> = FileKind::ALL.into_iter().map(|k| (k.schema_file(), crate::schema::render(k))).collect();
    let settings = wbd_publish::CheckSettings {
        severity: config.active().into_iter().map(|(code, from, to)| (code, (from.to_string(), to.to_string()))).collect(),
    };
    match wbd_publish::publish_configured(&report, &schemas, &out, &settings) {
        Ok(output) => {
            let counts: Vec<String> = output.counts.iter().map(|(k, v)| format!("{v} {k}")).collect();
            let bytes: usize = output.files.values().map(Vec::len).sum();
            outln!(
                "published {} to {} ({} files, {bytes} bytes) in {} ms",
                counts.join(", "),
                out.display(),
                output.files.len(),
                t.elapsed().as_millis()
            );
            if let Some(n) = crate::check::overrides_note(&config) {
                out!("{n}");
            }
            let warnings = report.count(Severity::Warning);
            if warnings > 0 {
                outln!("note: the check has {warnings} warning(s); `cargo xtask check` lists them");
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            errln!("error: {e}");
            Ok(ExitCode::from(if matches!(e, wbd_publish::Error::Refused { .. }) { 1 } else { 2 }))
        }
    }
}
