//! `cargo xtask check`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use lexopt::prelude::*;
use wbd_check::emit;
use wbd_check::{Options, Report, Severity};

use crate::config::{self, Config};
use crate::{UsageError, repo_root};

/// Environment variable naming archive directories (a path list, `:`
/// separated; `;` on Windows), searched after any `--archive DIR`.
pub const ARCHIVE_ENV: &str = "WBD_ARCHIVE";

pub const HELP: &str = "\
usage: cargo xtask check [PATHS...] [options]

Checks the dataset. Exit status: 0 clean, 1 findings, 2 could not run.
PATHS (files or directories inside the dataset) limit the report to those
files; the whole dataset is still loaded, so references across files are
checked.

options:
      --dataset DIR      the dataset directory (default dataset/)
      --format FORMAT    human (default), json, github or sarif
      --deny warnings    exit 1 on warnings too
      --archive DIR      verify quotes against archived texts (or WBD_ARCHIVE=DIR)
      --since REV        compare with the dataset at git revision REV
      --config FILE      the configuration (default check.yaml at the repository root)
  -q, --quiet            print only the findings (human format)
      --statistics       print a count per rule instead of each finding
  -v, --verbose          show acknowledged findings too
  -h, --help             print this help
  -V, --version          print the tool and schema versions

Colour is used on a terminal unless NO_COLOR is set.
";

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
    quiet: bool,
    statistics: bool,
    config: PathBuf,
}

/// The default configuration file.
pub fn default_config() -> PathBuf {
    repo_root().join("check.yaml")
}

fn string(v: std::ffi::OsString, name: &str) -> Result<String, UsageError> {
    v.into_string().map_err(|_| UsageError(format!("the value of {name} is not valid UTF-8")))
}

pub fn parse(args: &[String]) -> Result<CheckArgs, UsageError> {
    let root = repo_root();
    let mut dataset = root.join("dataset");
    let mut format = Format::Human;
    let mut deny_warnings = false;
    let mut verbose = false;
    let mut quiet = false;
    let mut statistics = false;
    let mut archive: Vec<PathBuf> = Vec::new();
    let mut only = Vec::new();
    let mut since: Option<String> = None;
    let mut config = default_config();
    let mut p = lexopt::Parser::from_args(args);
    while let Some(arg) = p.next()? {
        match arg {
            Long("dataset") => dataset = p.value()?.into(),
            Long("archive") => archive.push(p.value()?.into()),
            Long("config") => config = p.value()?.into(),
            Long("format") => {
                format = match string(p.value()?, "--format")?.as_str() {
                    "human" => Format::Human,
                    "json" => Format::Json,
                    "github" => Format::Github,
                    "sarif" => Format::Sarif,
                    f => return Err(UsageError(format!("unknown format `{f}` (human, json, github, sarif)"))),
                }
            }
            Long("deny") => match string(p.value()?, "--deny")?.as_str() {
                "warnings" => deny_warnings = true,
                d => return Err(UsageError(format!("`--deny {d}`: only `--deny warnings` exists"))),
            },
            Long("verbose") | Short('v') => verbose = true,
            Long("quiet") | Short('q') => quiet = true,
            Long("statistics") => statistics = true,
            Long("since") => since = Some(string(p.value()?, "--since")?),
            Value(path) => only.push(PathBuf::from(path)),
            _ => return Err(arg.unexpected().into()),
        }
    }
    archive.extend(crate::archive::from_env());
    if let Some(rev) = &since {
        check_revision(rev)?;
    }
    if statistics && format != Format::Human {
        return Err(UsageError("--statistics goes with the human format only".into()));
    }
    Ok(CheckArgs {
        opts: Options {
            dataset,
            root: root.clone(),
            schema_dir: Some(root.join("schema")),
            archive,
            only,
            severity: Default::default(),
            since: None,
            conversion_window_days: None,
            overlay: Default::default(),
        },
        since,
        format,
        deny_warnings,
        verbose,
        quiet,
        statistics,
        config,
    })
}

/// Refuses a `--since` value that git would read as an option.
pub fn check_revision(rev: &str) -> Result<(), UsageError> {
    if rev.is_empty() {
        return Err(UsageError("--since needs a git revision, e.g. `--since origin/main`".into()));
    }
    if rev.starts_with('-') {
        return Err(UsageError(format!("--since `{rev}`: a revision cannot start with `-`")));
    }
    Ok(())
}

/// Reads the configuration, printing its error (without the usage) when
/// it cannot be used. A file named with `--config` must exist; the default
/// `check.yaml` may be absent.
pub fn load_config(path: &Path) -> Result<Config, ExitCode> {
    if *path != default_config() && !path.is_file() {
        errln!("error: --config {}: no such file", path.display());
        return Err(ExitCode::from(2));
    }
    config::load(path).map_err(|e| {
        errln!("error: {}", e.0);
        errln!("help: check.yaml is described in docs/FORMAT.md (section `check.yaml`)");
        ExitCode::from(2)
    })
}

/// Whether `dir` can be checked or published: a directory with a
/// `dataset.yaml`.
pub fn preflight(dataset: &Path, archive: &[PathBuf]) -> Result<(), String> {
    if !dataset.is_dir() {
        return Err(format!("the dataset directory {} does not exist", dataset.display()));
    }
    if !dataset.join("dataset.yaml").is_file() {
        let empty = std::fs::read_dir(dataset).map(|mut d| d.next().is_none()).unwrap_or(false);
        return Err(format!(
            "{} is not a dataset: it has no dataset.yaml{}",
            dataset.display(),
            if empty { " (the directory is empty)" } else { "" }
        ));
    }
    if let Some(dir) = archive.iter().find(|d| !d.is_dir()) {
        return Err(format!("the archive directory {} does not exist", dir.display()));
    }
    Ok(())
}

/// Whether a file inside the dataset is one the check reads.
fn is_dataset_file(path: &Path, dataset: &Path) -> bool {
    use wbd_check::layout::{RATES_FILE, RECORD_EXTENSIONS};
    path.extension().is_some_and(|x| RECORD_EXTENSIONS.iter().any(|e| x == *e)) || path == dataset.join(RATES_FILE)
}

fn files_under(dir: &Path, dataset: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let Ok(t) = e.file_type() else { continue };
        if t.is_dir() {
            files_under(&e.path(), dataset, out);
        } else if t.is_file() && is_dataset_file(&e.path(), dataset) {
            out.push(e.path());
        }
    }
}

/// The files that `check PATHS...` selects: each path must exist inside
/// the dataset and be a dataset file or a directory holding some.
pub fn select(paths: &[PathBuf], dataset: &Path) -> Result<Vec<PathBuf>, UsageError> {
    let base = std::fs::canonicalize(dataset).map_err(|e| UsageError(format!("{}: {e}", dataset.display())))?;
    let mut out = Vec::new();
    for p in paths {
        let real = std::fs::canonicalize(p).map_err(|_| UsageError(format!("{}: no such file or directory", p.display())))?;
        if !real.starts_with(&base) {
            return Err(UsageError(format!("{} is outside the dataset ({})", p.display(), dataset.display())));
        }
        if real.is_dir() {
            let before = out.len();
            files_under(&real, &base, &mut out);
            if out.len() == before {
                return Err(UsageError(format!("{} holds no dataset file", p.display())));
            }
        } else if is_dataset_file(&real, &base) {
            out.push(real);
        } else {
            return Err(UsageError(format!(
                "{} is not a dataset file (the check reads .yaml files and {})",
                p.display(),
                wbd_check::layout::RATES_FILE
            )));
        }
    }
    Ok(out)
}

/// A count per rule of the unsuppressed findings, most frequent first.
pub fn statistics(report: &Report) -> String {
    let mut counts: BTreeMap<&str, (usize, Severity)> = BTreeMap::new();
    for d in report.diagnostics.iter().filter(|d| d.suppressed.is_none()) {
        counts.entry(d.code).or_insert((0, d.severity)).0 += 1;
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
    let mut s = String::new();
    for (code, (n, sev)) in rows {
        let summary = wbd_check::rules::find(code).map_or("", |r| r.info().summary);
        s.push_str(&format!("{n:>6}  {:<7}  {code:<36} {summary}\n", sev.as_str()));
    }
    s
}

/// The summary line naming the active `check.yaml` overrides.
pub fn overrides_note(config: &Config) -> Option<String> {
    let active = config.active();
    if active.is_empty() {
        return None;
    }
    let list: Vec<String> = active.iter().map(|(code, from, to)| format!("{code} {from} -> {to}")).collect();
    let file = config.file.as_ref().and_then(|f| f.file_name()).map_or("check.yaml".into(), |f| f.to_string_lossy().into_owned());
    Some(format!(
        "note: {file} overrides {} rule severit{}: {}\n",
        active.len(),
        if active.len() == 1 { "y" } else { "ies" },
        list.join(", ")
    ))
}

pub fn run(args: &[String]) -> Result<ExitCode, UsageError> {
    let mut a = parse(args)?;
    let config = match load_config(&a.config) {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    a.opts.severity = config.severity_overrides();
    a.opts.conversion_window_days = config.conversion_window;
    if let Err(msg) = preflight(&a.opts.dataset, &a.opts.archive) {
        errln!("error: {msg}");
        return Ok(ExitCode::from(2));
    }
    a.opts.only = select(&a.opts.only, &a.opts.dataset)?;
    let mut since_dir = None;
    if let Some(rev) = a.since.clone() {
        match materialise(&a.opts.root, &a.opts.dataset, &rev) {
            Ok((tmp, dir)) => {
                a.opts.since = Some((dir, rev));
                since_dir = Some(tmp);
            }
            Err(msg) => {
                errln!("error: --since {rev}: {msg}");
                return Ok(ExitCode::from(2));
            }
        }
    }
    let mut report = wbd_check::run(&a.opts);
    config.apply_off(&mut report);
    if let Some(tmp) = since_dir {
        let _ = std::fs::remove_dir_all(tmp);
    }
    match a.format {
        Format::Human => {
            let color = crate::out::color_for_stdout();
            if a.statistics {
                out!("{}", statistics(&report));
            } else {
                out!("{}", emit::human_findings(&report, color, a.verbose));
            }
            if !a.quiet {
                if let Some(n) = overrides_note(&config) {
                    out!("{n}");
                }
                out!("{}", emit::human_summary(&report));
            }
        }
        Format::Json => out!("{}", emit::json(&report)),
        Format::Github => out!("{}", emit::github(&report)),
        Format::Sarif => out!("{}", emit::sarif(&report)),
    }
    let failed = report.count(Severity::Error) > 0 || (a.deny_warnings && report.count(Severity::Warning) > 0);
    // The process ends here: freeing every record one by one would take a
    // noticeable share of a large check, and the OS reclaims it at once.
    std::mem::forget(report);
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Runs git with user input after `--end-of-options`, so that no value can
/// be read as one of git's options.
fn git(root: &Path) -> std::process::Command {
    let mut c = std::process::Command::new("git");
    c.arg("-C").arg(root);
    c
}

/// Resolves a revision to a commit id: `git rev-parse --verify
/// --end-of-options REV^{commit}`.
pub fn resolve_revision(root: &Path, rev: &str) -> Result<String, String> {
    check_revision(rev).map_err(|e| e.0)?;
    let out = git(root)
        .args(["rev-parse", "--verify", "--quiet", "--end-of-options"])
        .arg(format!("{rev}^{{commit}}"))
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if !out.status.success() || id.len() < 40 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        let repo =
            git(root).args(["rev-parse", "--git-dir"]).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).status();
        if !repo.is_ok_and(|s| s.success()) {
            return Err(format!("{} is not a git repository; run from a clone of the repository", root.display()));
        }
        return Err(format!("`{rev}` is not a commit of this repository"));
    }
    Ok(id)
}

/// Writes the dataset as it was at git revision `rev` into a temporary
/// directory: (the directory to delete afterwards, the dataset in it).
pub fn materialise(root: &Path, dataset: &Path, rev: &str) -> Result<(PathBuf, PathBuf), String> {
    use std::process::{Command, Stdio};
    let dataset = std::fs::canonicalize(dataset).map_err(|e| e.to_string())?;
    let root = std::fs::canonicalize(root).map_err(|e| e.to_string())?;
    let rel = dataset.strip_prefix(&root).map_err(|_| "the dataset must be inside the repository".to_string())?.to_path_buf();
    let commit = resolve_revision(&root, rev)?;
    let tmp = std::env::temp_dir().join(format!("wbd-since-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(|e| e.to_string())?;
    let mut git = git(&root)
        .args(["archive", "--format=tar", "--end-of-options", &commit])
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
