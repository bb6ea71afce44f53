//! `cargo xtask publish [--out DIR] [--dataset DIR] [--archive DIR]`: checks
//! the dataset and, when it has no errors, writes the published files
//! (`wbd-publish`) into DIR atomically.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use wbd_check::{Options, Severity, emit};
use wbd_schema::FileKind;

use crate::{UsageError, repo_root};

pub fn run(args: &[String]) -> Result<ExitCode, UsageError> {
    let root = repo_root();
    let mut out = root.join("dist");
    let mut dataset = root.join("dataset");
    let mut archive = std::env::var_os(crate::check::ARCHIVE_ENV).filter(|v| !v.is_empty()).map(PathBuf::from);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| UsageError(format!("{name} needs a value")));
        match a.as_str() {
            "--out" => out = PathBuf::from(value("--out")?),
            "--dataset" => dataset = PathBuf::from(value("--dataset")?),
            "--archive" => archive = Some(PathBuf::from(value("--archive")?)),
            s => return Err(UsageError(format!("publish: unknown argument `{s}`"))),
        }
    }
    if !dataset.is_dir() {
        eprintln!("error: the dataset directory {} does not exist", dataset.display());
        return Ok(ExitCode::from(2));
    }
    if let Some(dir) = archive.as_ref().filter(|d| !d.is_dir()) {
        eprintln!("error: the archive directory {} does not exist", dir.display());
        return Ok(ExitCode::from(2));
    }
    let severity = crate::check::severity_config(&root)?;
    let opts = Options {
        dataset,
        root: root.clone(),
        schema_dir: Some(root.join("schema")),
        archive,
        only: Vec::new(),
        severity,
        since: None,
        conversion_window_days: None,
    };
    let t = Instant::now();
    let report = wbd_check::run(&opts);
    let errors = report.count(Severity::Error);
    if errors > 0 {
        eprint!("{}", emit::human(&report, std::io::stderr().is_terminal(), false));
        eprintln!("error: the check found {errors} error(s); nothing was published ({} left as it was)", out.display());
        return Ok(ExitCode::from(1));
    }
    let schemas: Vec<(String, String)> = FileKind::ALL.into_iter().map(|k| (k.schema_file(), crate::schema::render(k))).collect();
    match wbd_publish::publish(&report, &schemas, &out) {
        Ok(output) => {
            let counts: Vec<String> = output.counts.iter().map(|(k, v)| format!("{v} {k}")).collect();
            let bytes: usize = output.files.values().map(Vec::len).sum();
            println!(
                "published {} to {} ({} files, {bytes} bytes) in {} ms",
                counts.join(", "),
                out.display(),
                output.files.len(),
                t.elapsed().as_millis()
            );
            let warnings = report.count(Severity::Warning);
            if warnings > 0 {
                println!("note: the check has {warnings} warning(s); `cargo xtask check` lists them");
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Ok(ExitCode::from(if matches!(e, wbd_publish::Error::Refused { .. }) { 1 } else { 2 }))
        }
    }
}
