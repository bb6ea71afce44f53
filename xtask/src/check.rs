//! `cargo xtask check`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use wbd_check::emit;
use wbd_check::{Options, Severity};

use crate::{UsageError, repo_root};

/// Environment variable naming the archive directory, like `--archive`.
pub const ARCHIVE_ENV: &str = "WBD_ARCHIVE";

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Human,
    Json,
    Github,
    Sarif,
}

pub struct CheckArgs {
    pub opts: Options,
    /// `--since REV`: the git revision to compare with.
    since: Option<String>,
    format: Format,
    deny_warnings: bool,
    verbose: bool,
}

pub fn parse(args: &[String]) -> Result<CheckArgs, UsageError> {
    let root = repo_root();
    let mut dataset = root.join("dataset");
    let mut format = Format::Human;
    let mut deny_warnings = false;
    let mut verbose = false;
    let mut archive = std::env::var_os(ARCHIVE_ENV).filter(|v| !v.is_empty()).map(PathBuf::from);
    let mut only = Vec::new();
    let mut since: Option<String> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| UsageError(format!("{name} needs a value")));
        match a.as_str() {
            "--dataset" => dataset = PathBuf::from(value("--dataset")?),
            "--archive" => archive = Some(PathBuf::from(value("--archive")?)),
            "--format" => {
                format = match value("--format")?.as_str() {
                    "human" => Format::Human,
                    "json" => Format::Json,
                    "github" => Format::Github,
                    "sarif" => Format::Sarif,
                    f => return Err(UsageError(format!("unknown format `{f}` (human, json, github, sarif)"))),
                }
            }
            "--deny" => match value("--deny")?.as_str() {
                "warnings" => deny_warnings = true,
                d => return Err(UsageError(format!("`--deny {d}`: only `--deny warnings` exists"))),
            },
            "--verbose" | "-v" => verbose = true,
            "--since" => since = Some(value("--since")?),
            s if s.starts_with('-') => return Err(UsageError(format!("unknown option `{s}`"))),
            path => only.push(PathBuf::from(path)),
        }
    }
    let severity = crate::check::severity_config(&root)?;
    Ok(CheckArgs {
        opts: Options {
            dataset,
            root: root.clone(),
            schema_dir: Some(root.join("schema")),
            archive,
            only,
            severity,
            since: None,
            conversion_window_days: None,
        },
        since,
        format,
        deny_warnings,
        verbose,
    })
}

/// Severity overrides from `check.yaml` at the repository root:
/// `severity: {code: error|warning}`.
pub fn severity_config(root: &std::path::Path) -> Result<wbd_check::rules::SeverityOverrides, UsageError> {
    let path = root.join("check.yaml");
    let mut out = wbd_check::rules::SeverityOverrides::new();
    let Ok(text) = std::fs::read_to_string(&path) else { return Ok(out) };
    let bad = |m: String| UsageError(format!("{}: {m}", path.display()));
    let parsed = wbd_check::yaml::parse(&text).map_err(|e| bad(e.message))?;
    let Some(root) = parsed.root else { return Ok(out) };
    let Some(sev) = root.get("severity") else { return Ok(out) };
    let wbd_check::yaml::NodeKind::Map(entries) = &sev.kind else {
        return Err(bad("`severity` must be a mapping of rule code to error or warning".into()));
    };
    for (k, v) in entries {
        let code = k.as_str().unwrap_or("");
        if wbd_check::rules::find(code).is_none() {
            return Err(bad(format!("`{code}` is not a rule code")));
        }
        let level = v.as_str().and_then(Severity::parse).ok_or_else(|| bad(format!("`{code}`: severity must be `error` or `warning`")))?;
        out.insert(code.to_string(), level);
    }
    Ok(out)
}

pub fn run(args: &[String]) -> Result<ExitCode, UsageError> {
    let a = parse(args)?;
    if !a.opts.dataset.is_dir() {
        eprintln!("error: the dataset directory {} does not exist", a.opts.dataset.display());
        return Ok(ExitCode::from(2));
    }
    if let Some(dir) = &a.opts.archive
        && !dir.is_dir()
    {
        eprintln!("error: the archive directory {} does not exist", dir.display());
        return Ok(ExitCode::from(2));
    }
    let mut a = a;
    let mut since_dir = None;
    if let Some(rev) = a.since.clone() {
        match materialise(&a.opts.root, &a.opts.dataset, &rev) {
            Ok((tmp, dir)) => {
                a.opts.since = Some((dir, rev));
                since_dir = Some(tmp);
            }
            Err(msg) => {
                eprintln!("error: --since {rev}: {msg}");
                return Ok(ExitCode::from(2));
            }
        }
    }
    let report = wbd_check::run(&a.opts);
    let text = match a.format {
        Format::Human => emit::human(&report, std::io::stdout().is_terminal(), a.verbose),
        Format::Json => emit::json(&report),
        Format::Github => emit::github(&report),
        Format::Sarif => emit::sarif(&report),
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
    let failed = report.count(Severity::Error) > 0 || (a.deny_warnings && report.count(Severity::Warning) > 0);
    // The process ends here: freeing every record one by one would take a
    // noticeable share of a large check, and the OS reclaims it at once.
    std::mem::forget(report);
    if let Some(tmp) = since_dir {
        let _ = std::fs::remove_dir_all(tmp);
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Writes the dataset as it was at git revision `rev` into a temporary
/// directory: (the directory to delete afterwards, the dataset in it).
fn materialise(root: &std::path::Path, dataset: &std::path::Path, rev: &str) -> Result<(PathBuf, PathBuf), String> {
    use std::process::{Command, Stdio};
    let dataset = std::fs::canonicalize(dataset).map_err(|e| e.to_string())?;
    let root = std::fs::canonicalize(root).map_err(|e| e.to_string())?;
    let rel = dataset.strip_prefix(&root).map_err(|_| "the dataset must be inside the repository".to_string())?.to_path_buf();
    let tmp = std::env::temp_dir().join(format!("wbd-since-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(|e| e.to_string())?;
    let mut git = Command::new("git")
        .arg("-C")
        .arg(&root)
        .args(["archive", "--format=tar", rev, "--"])
        .arg(&rel)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let out = git.stdout.take().ok_or("git gave no output")?;
    let tar = Command::new("tar").arg("-x").arg("-C").arg(&tmp).stdin(out).status().map_err(|e| format!("cannot run tar: {e}"))?;
    let git = git.wait_with_output().map_err(|e| e.to_string())?;
    if !git.status.success() || !tar.success() {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(String::from_utf8_lossy(&git.stderr).trim().to_string());
    }
    Ok((tmp.clone(), tmp.join(rel)))
}
