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
      --previous DIR   an earlier publish output: also write changes.json, what
                       changed since it (the shape of `changes --format json`)
  -h, --help           print this help
  -V, --version        print the tool and schema versions
";

pub fn run(args: &[String]) -> Result<ExitCode, UsageError> {
    let root = repo_root();
    let mut out = root.join("dist");
    let mut dataset = root.join("dataset");
    let mut archive: Vec<PathBuf> = Vec::new();
    let mut config = crate::check::default_config();
    let mut previous: Option<PathBuf> = None;
    let mut p = lexopt::Parser::from_args(args);
    while let Some(arg) = p.next()? {
        match arg {
            Long("out") => out = p.value()?.into(),
            Long("dataset") => dataset = p.value()?.into(),
            Long("archive") => archive.push(p.value()?.into()),
            Long("config") => config = p.value()?.into(),
            Long("previous") => previous = Some(p.value()?.into()),
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
    // The earlier output is read before anything is checked or written, so a
    // wrong --previous costs nothing.
    let previous_data = match &previous {
        Some(dir) => match read_previous(dir) {
            Ok(d) => Some(d),
            Err(msg) => {
                errln!("error: --previous {}: {msg}; nothing was published", dir.display());
                return Ok(ExitCode::from(2));
            }
        },
        None => None,
    };
    let opts = Options {
        dataset,
        root: root.clone(),
        schema_dir: Some(root.join("schema")),
        archive,
        only: Vec::new(),
        severity: config.severity_overrides(),
        since: None,
        conversion_window_days: config.conversion_window,
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
    let mut settings = wbd_publish::CheckSettings {
        severity: config.active().into_iter().map(|(code, from, to)| (code, (from.to_string(), to.to_string()))).collect(),
        ..Default::default()
    };
    if let (Some(dir), Some(old)) = (&previous, &previous_data) {
        match changes_json(dir, old, &report) {
            Ok(bytes) => {
                settings.extra_files.insert("changes.json".into(), bytes);
            }
            Err(msg) => {
                errln!("error: --previous {}: its dataset.json cannot be compared ({msg}); nothing was published", dir.display());
                return Ok(ExitCode::from(2));
            }
        }
    }
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

/// The `dataset.json` of an earlier publish output.
fn read_previous(dir: &std::path::Path) -> Result<wbd_publish::PublishedDataset, String> {
    let path = dir.join("dataset.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{} is not a published dataset.json of this format: {e}", path.display()))
}

/// `changes.json`: the review of the earlier output against this one, both
/// sides read back from their published form (`comparable_records`), so
/// that only what publishing keeps is compared.
fn changes_json(_dir: &std::path::Path, old: &wbd_publish::PublishedDataset, report: &wbd_check::Report) -> Result<Vec<u8>, String> {
    let new = wbd_publish::json::build(report).ok_or("the dataset has no dataset.yaml")?;
    let old_recs = wbd_publish::json::comparable_records(old)?;
    let new_recs = wbd_publish::json::comparable_records(&new)?;
    let empty = wbd_check::rates::Rates::default();
    let rates = report.dataset.rates.as_ref().unwrap_or(&empty);
    let side = |label: String, version: &str| wbd_review::Side { label, commit: None, version: Some(version.to_string()) };
    let review = wbd_review::Review::new(
        side("previous publish".into(), &old.dataset.version),
        entries(&old_recs),
        side("this publish".into(), &new.dataset.version),
        entries(&new_recs),
        rates,
    );
    let mut s = serde_json::to_string_pretty(&review.json()).map_err(|e| e.to_string())?;
    s.push('\n');
    Ok(s.into_bytes())
}

/// Detached history entries of records read back from a published file.
fn entries<'a>(
    recs: &'a [(&'static str, String, serde_json::Value)],
) -> wbd_check::hash::FastMap<&'a str, wbd_check::rules::history::Entry<'a>> {
    recs.iter().map(|(k, id, c)| (id.as_str(), wbd_check::rules::history::Entry::detached(k, id.as_str(), c.clone()))).collect()
}
