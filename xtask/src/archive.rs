//! `cargo xtask archive FILE [--source ID] [--dataset DIR]`: copies a
//! source's text into the dataset's own archive folder (`dataset/archive/`)
//! under a name derived from its content, and prints the `archive:` block
//! to paste into the source record. Refuses a text that another record
//! already archives.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use wbd_check::rules::citation::archive::{ARCHIVE_DIR, sha256_hex};

use crate::{UsageError, repo_root};

/// The directories named by `WBD_ARCHIVE`: a path list (`:`-separated,
/// `;` on Windows), empty entries skipped.
pub fn from_env() -> Vec<PathBuf> {
    std::env::var_os(crate::check::ARCHIVE_ENV)
        .map(|v| std::env::split_paths(&v).filter(|p| !p.as_os_str().is_empty()).collect())
        .unwrap_or_default()
}

/// The archived name of a text: the first 16 hex digits of its SHA-256.
pub fn archived_name(sha256: &str) -> String {
    format!("{}.txt", &sha256[..16])
}

pub const HELP: &str = "\
usage: cargo xtask archive FILE [--source ID] [--dataset DIR]

Copies a source's text (UTF-8) into dataset/archive/ under the first 16 hex
digits of its SHA-256 and prints the `archive:` block (file and sha256) to
paste into the source record. Refuses a text another record already
archives; `--source ID` reprints that record's block instead.

options:
  --source ID      the source record the text is for
  --dataset DIR    the dataset directory (default dataset/)
  -h, --help       print this help
";

pub fn run(args: &[String]) -> Result<ExitCode, UsageError> {
    let root = repo_root();
    let mut dataset = root.join("dataset");
    let mut file = None;
    let mut source: Option<String> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |n: &str| it.next().cloned().ok_or_else(|| UsageError(format!("{n} needs a value")));
        match a.as_str() {
            "--dataset" => dataset = PathBuf::from(value("--dataset")?),
            "--source" => source = Some(value("--source")?),
            s if s.starts_with('-') => return Err(UsageError(format!("archive: unknown option `{s}`"))),
            f if file.is_none() => file = Some(PathBuf::from(f)),
            f => return Err(UsageError(format!("archive takes one FILE (`{f}` is a second)"))),
        }
    }
    let Some(file) = file else {
        return Err(UsageError("archive needs the FILE to archive, e.g. `cargo xtask archive ~/article.txt`".into()));
    };
    if !dataset.is_dir() {
        errln!("error: the dataset directory {} does not exist", dataset.display());
        return Ok(ExitCode::from(2));
    }
    let bytes = match std::fs::read(&file) {
        Ok(b) => b,
        Err(e) => {
            errln!("error: cannot read {}: {e}", file.display());
            return Ok(ExitCode::from(2));
        }
    };
    if let Err(why) = is_text(&bytes) {
        errln!("error: {} {why}; quotes are matched against text: convert it to UTF-8 text first (e.g. `pdftotext`)", file.display());
        return Ok(ExitCode::from(1));
    }
    let sha = sha256_hex(&bytes);
    let name = archived_name(&sha);

    // Which records already archive this text (or something under its name)?
    let (ds, _, _) = wbd_check::loader::load(&dataset, &root, &wbd_check::loader::Schemas::load(None));
    let holders: Vec<(String, String)> = ds
        .sources
        .iter()
        .filter(|s| s.archive.as_ref().is_some_and(|a| a.sha256 == sha || a.file == name))
        .map(|s| (s.id.as_str().to_string(), ds.files.get(s.file).name.clone()))
        .collect();
    if let Some((id, at)) = holders.iter().find(|(id, _)| Some(id) != source.as_ref()) {
        errln!(
            "error: this text is already archived for source `{id}` ({at}) as {name}: cite `{id}` instead of adding another \
             source for the same document, or pass `--source {id}` to print its block again"
        );
        return Ok(ExitCode::from(1));
    }

    let dir = dataset.join(ARCHIVE_DIR);
    let dest = dir.join(&name);
    let shown = dest.strip_prefix(&root).unwrap_or(&dest).display().to_string();
    let wrote = match std::fs::read(&dest) {
        Ok(existing) if existing == bytes => false,
        Ok(_) => {
            errln!("error: {shown} exists with other content (same name, different text); nothing was written");
            return Ok(ExitCode::from(1));
        }
        Err(_) => {
            if let Err(e) = std::fs::create_dir_all(&dir).and_then(|_| crate::fx::write_atomically(&dest, &bytes)) {
                errln!("error: cannot write {shown}: {e}");
                return Ok(ExitCode::from(2));
            }
            true
        }
    };
    let mut out = std::io::stdout().lock();
    let what = if wrote { "archived" } else { "already archived" };
    let _ = writeln!(out, "{what} {} as {shown} ({} bytes, sha256 {sha})", file.display(), bytes.len());
    let target = match &source {
        Some(id) => format!("the source `{id}`"),
        None => "the source record".to_string(),
    };
    let _ = writeln!(out, "paste into {target}:\n\n    archive:\n      file: {name}\n      sha256: {sha}\n");
    let _ = writeln!(out, "then commit {shown} with the record; `cargo xtask check` verifies the quotes against it");
    Ok(ExitCode::SUCCESS)
}

/// Whether the bytes are UTF-8 text (not a PDF or an image).
fn is_text(bytes: &[u8]) -> Result<(), &'static str> {
    if bytes.is_empty() {
        return Err("is empty");
    }
    if bytes.contains(&0) {
        return Err("is binary (it has NUL bytes)");
    }
    std::str::from_utf8(bytes).map(|_| ()).map_err(|_| "is not UTF-8 text")
}
