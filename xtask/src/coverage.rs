//! `cargo xtask coverage [--archive DIR] [--dataset DIR] [--format human|json]`:
//! per archived source, which of its figures the dataset covers. Thin: the
//! computation is `wbd_check::rules::citation::coverage`, the same as the
//! rule `citation/uncovered-figure`'s.

use std::path::PathBuf;
use std::process::ExitCode;

use wbd_check::rules::citation::coverage::{self, Status};

use crate::{UsageError, repo_root};

pub const HELP: &str = "\
usage: cargo xtask coverage [--archive DIR] [--dataset DIR] [--format human|json]

For each archived source text: every figure in it (numbers with their
currency, unit or scale, percentages, number words; bare years excluded)
and whether some claim's quote covers it, or the source lists it under
`skipped_figures` with a reason. Exit 1 when a figure is uncovered.

options:
  --archive DIR    the archived texts (default WBD_ARCHIVE, else ../shared/seeds)
  --dataset DIR    the dataset directory (default dataset/)
  --format FORMAT  human (default) or json
";

pub fn run(args: &[String]) -> Result<ExitCode, UsageError> {
    let root = repo_root();
    let mut archive: Option<PathBuf> = std::env::var_os(crate::check::ARCHIVE_ENV).map(PathBuf::from);
    let mut dataset = root.join("dataset");
    let mut json = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| UsageError(format!("coverage: {name} needs a value")));
        match a.as_str() {
            "--archive" => archive = Some(PathBuf::from(value("--archive")?)),
            "--dataset" => dataset = PathBuf::from(value("--dataset")?),
            "--format" => match value("--format")?.as_str() {
                "human" => json = false,
                "json" => json = true,
                f => return Err(UsageError(format!("coverage: unknown format `{f}` (human or json)"))),
            },
            other => return Err(UsageError(format!("coverage: unknown argument `{other}`"))),
        }
    }
    let archive = archive.unwrap_or_else(|| root.join("../shared/seeds"));
    if !archive.is_dir() {
        errln!("error: the archive directory {} does not exist (pass --archive DIR)", archive.display());
        return Ok(ExitCode::from(2));
    }
    if !dataset.is_dir() {
        errln!("error: the dataset directory {} does not exist", dataset.display());
        return Ok(ExitCode::from(2));
    }
    let (ds, _, _) = wbd_check::loader::load(&dataset, &root, &wbd_check::loader::Schemas::load(None));
    // The dataset's own archive folder, then the directory given.
    let dirs = wbd_check::rules::citation::archive::Dirs::new(&dataset, std::slice::from_ref(&archive));
    let report = wbd_check::rules::citation::archive::coverage(&ds, &dirs);
    let uncovered: usize = report.iter().map(|s| s.count(|st| *st == Status::Uncovered) + s.unused_skips.len()).sum();
    let text = if json { as_json(&ds, &report) } else { as_text(&ds, &report) };
    out!("{text}");
    Ok(if uncovered > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn as_text(ds: &wbd_check::model::Dataset, report: &[coverage::SourceCoverage]) -> String {
    let mut out = String::new();
    let (mut total, mut covered, mut skipped) = (0, 0, 0);
    for sc in report {
        let s = &ds.sources[sc.source];
        let c = sc.count(|st| matches!(st, Status::Covered { .. }));
        let k = sc.count(|st| matches!(st, Status::Skipped { .. }));
        let n = sc.figures.len();
        (total, covered, skipped) = (total + n, covered + c, skipped + k);
        out.push_str(&format!("{} ({}): {c} of {n} figures covered, {k} skipped, {} uncovered\n", s.id, sc.file, n - c - k));
        for (f, st) in &sc.figures {
            if *st == Status::Uncovered {
                out.push_str(&format!("  line {:>3}:{:<3} {:<22} {}\n", f.line, f.column, f.text, f.context));
            }
        }
        for &i in &sc.unused_skips {
            out.push_str(&format!("  skipped_figures[{i}] `{}` names no figure of the text\n", s.skipped_figures[i].figure));
        }
    }
    out.push_str(&format!(
        "{} sources: {covered} of {total} figures covered by a quote, {skipped} skipped with a reason, {} uncovered\n",
        report.len(),
        total - covered - skipped
    ));
    out
}

fn as_json(ds: &wbd_check::model::Dataset, report: &[coverage::SourceCoverage]) -> String {
    let sources: Vec<serde_json::Value> = report
        .iter()
        .map(|sc| {
            let s = &ds.sources[sc.source];
            let figures: Vec<serde_json::Value> = sc
                .figures
                .iter()
                .map(|(f, st)| {
                    let mut v = serde_json::json!({
                        "figure": f.text, "line": f.line, "column": f.column, "context": f.context,
                    });
                    match st {
                        Status::Covered { claim } => {
                            v["status"] = "covered".into();
                            v["claim"] = claim.as_str().into();
                        }
                        Status::Skipped { reason, .. } => {
                            v["status"] = "skipped".into();
                            v["reason"] = reason.as_str().into();
                        }
                        Status::Uncovered => v["status"] = "uncovered".into(),
                    }
                    v
                })
                .collect();
            serde_json::json!({
                "source": s.id.as_str(),
                "file": sc.file,
                "total": sc.figures.len(),
                "covered": sc.count(|st| matches!(st, Status::Covered { .. })),
                "skipped": sc.count(|st| matches!(st, Status::Skipped { .. })),
                "uncovered": sc.count(|st| *st == Status::Uncovered),
                "unused_skips": sc.unused_skips.iter().map(|i| s.skipped_figures[*i].figure.as_str()).collect::<Vec<_>>(),
                "figures": figures,
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&serde_json::json!({ "sources": sources })).unwrap_or_default();
    s.push('\n');
    s
}
