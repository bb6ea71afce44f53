//! Publishing: turns a checked [`Report`] into the files downstream tools
//! consume, and writes them atomically.
//!
//! - `dataset.json`: every record, ids sorted, claims' values normalised
//!   (see [`json`]);
//! - `sources.csv`, `entities.csv`, `metrics.csv`, `claims.csv`,
//!   `citations.csv` (see [`tables`]);
//! - `datapackage.json`: a Frictionless Data Package v2 descriptor of the
//!   CSVs;
//! - `schema/`: the record files' JSON Schemas and the schema of
//!   `dataset.json`;
//! - `manifest.json`: versions, counts, and the size and SHA-256 of every
//!   other file.
//!
//! Everything is deterministic: no timestamps, no hash-map order, `\n` line
//! endings and a trailing newline, so the same dataset gives the same bytes
//! on any machine. A report with unsuppressed errors publishes nothing.

pub mod json;
pub mod tables;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{Value as Json, json as j};
use sha2::{Digest, Sha256};
use wbd_check::{Report, Severity};
use wbd_schema::SCHEMA_VERSION;

pub use json::{DATASET_SCHEMA_FILE, PublishedDataset, dataset_schema};

/// Profile of the Data Package descriptor.
pub const DATAPACKAGE_PROFILE: &str = "https://datapackage.org/profiles/2.0/datapackage.json";

/// The published files: path relative to the output directory (`/`
/// separated) to contents.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub files: BTreeMap<String, Vec<u8>>,
    /// Records per kind (and citations), as in the manifest.
    pub counts: BTreeMap<String, usize>,
}

/// Why nothing was published.
#[derive(Debug)]
pub enum Error {
    /// The check has unsuppressed errors.
    Refused { errors: usize },
    /// The dataset has no `dataset.yaml`.
    NoMetadata,
    /// The output could not be written.
    Io { path: PathBuf, error: std::io::Error },
    /// The output path holds something publish did not make.
    NotOutput { path: PathBuf, reason: String },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Error::Refused { errors } => write!(f, "the check found {errors} error(s); nothing was published"),
            Error::NoMetadata => f.write_str("the dataset has no dataset.yaml; nothing was published"),
            Error::Io { path, error } => write!(f, "cannot write {}: {error}", path.display()),
            Error::NotOutput { path, reason } => write!(f, "{}: {reason}; nothing was published", path.display()),
        }
    }
}

impl std::error::Error for Error {}

/// Pretty JSON with a trailing newline.
pub(crate) fn pretty(v: &impl serde::Serialize) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Builds every published file in memory. `record_schemas` are the
/// published schema files of the record formats, as `(file name, text)`
/// (e.g. `claims.schema.json`); they are copied into `schema/`.
pub fn build(report: &Report, record_schemas: &[(String, String)]) -> Result<Output, Error> {
    build_configured(report, record_schemas, &CheckSettings::default())
}

/// How the check that cleared the dataset was configured, for the
/// manifest: rule code to (default severity, severity set in
/// `check.yaml`: `error`, `warning` or `off`), only where they differ.
#[derive(Clone, Debug, Default)]
pub struct CheckSettings {
    pub severity: BTreeMap<String, (String, String)>,
    /// More files to publish, listed in the manifest like the others
    /// (`changes.json` against an earlier publish).
    pub extra_files: BTreeMap<String, Vec<u8>>,
}

/// [`build`] recording the check's configuration in the manifest (as
/// `check.severity`, only when some rule's severity was changed).
pub fn build_configured(report: &Report, record_schemas: &[(String, String)], settings: &CheckSettings) -> Result<Output, Error> {
    let errors = report.count(Severity::Error);
    if errors > 0 {
        return Err(Error::Refused { errors });
    }
    let data = json::build(report).ok_or(Error::NoMetadata)?;
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    files.insert("dataset.json".into(), pretty(&data).into_bytes());

    let tables = tables::tables(&data);
    let mut resources = Vec::new();
    for t in &tables {
        let csv = t.csv().into_bytes();
        resources.push(j!({
            "name": t.name,
            "title": t.title,
            "type": "table",
            "path": t.path(),
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": csv.len(),
            "hash": format!("sha256:{}", sha256_hex(&csv)),
            "schema": t.schema(),
        }));
        files.insert(t.path(), csv);
    }
    let meta = &data.dataset;
    let mut package = serde_json::Map::new();
    package.insert("$schema".into(), DATAPACKAGE_PROFILE.into());
    package.insert("name".into(), meta.id.to_string().into());
    package.insert("title".into(), meta.title.clone().into());
    if let Some(d) = &meta.description {
        package.insert("description".into(), d.clone().into());
    }
    package.insert("version".into(), meta.version.clone().into());
    package.insert("licenses".into(), j!([{"name": meta.license, "path": format!("https://spdx.org/licenses/{}.html", meta.license)}]));
    let sources: Vec<Json> = data
        .sources
        .iter()
        .map(|s| {
            let title = s.title.clone().or_else(|| s.publisher.clone()).unwrap_or_else(|| s.id.to_string());
            match &s.url {
                Some(u) => j!({"title": title, "path": u}),
                None => j!({"title": title}),
            }
        })
        .collect();
    package.insert("sources".into(), sources.into());
    package.insert("resources".into(), resources.into());
    files.insert("datapackage.json".into(), pretty(&package).into_bytes());

    for (name, text) in record_schemas {
        files.insert(format!("schema/{name}"), text.clone().into_bytes());
    }
    files.insert(format!("schema/{DATASET_SCHEMA_FILE}"), dataset_schema().into_bytes());

    for (name, bytes) in &settings.extra_files {
        files.insert(name.clone(), bytes.clone());
    }
    let citations = data.claims.iter().map(|c| c.citations.len()).sum();
    let counts: BTreeMap<String, usize> = [
        ("sources", data.sources.len()),
        ("entities", data.entities.len()),
        ("metrics", data.metrics.len()),
        ("claims", data.claims.len()),
        ("citations", citations),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let listing: Vec<Json> = files.iter().map(|(p, b)| j!({"path": p, "bytes": b.len(), "sha256": sha256_hex(b)})).collect();
    let mut manifest = j!({
        "dataset": meta.id,
        "version": meta.version,
        "schema_version": SCHEMA_VERSION,
        "counts": counts,
        "files": listing,
    });
    if !settings.severity.is_empty() {
        let severity: serde_json::Map<String, Json> =
            settings.severity.iter().map(|(code, (default, set))| (code.clone(), j!({"default": default, "set": set}))).collect();
        manifest["check"] = j!({ "severity": severity });
    }
    files.insert("manifest.json".into(), pretty(&manifest).into_bytes());
    Ok(Output { files, counts })
}

/// Checks the report, builds the files and writes them to `out` atomically.
pub fn publish(report: &Report, record_schemas: &[(String, String)], out: &Path) -> Result<Output, Error> {
    publish_configured(report, record_schemas, out, &CheckSettings::default())
}

/// [`publish`] recording how the check was configured in the manifest.
pub fn publish_configured(
    report: &Report,
    record_schemas: &[(String, String)],
    out: &Path,
    settings: &CheckSettings,
) -> Result<Output, Error> {
    let output = build_configured(report, record_schemas, settings)?;
    write_atomic(out, &output)?;
    Ok(output)
}

/// The name of the directory entry a path ends in, and its parent.
fn split(out: &Path) -> Result<(PathBuf, String), Error> {
    let name = out
        .file_name()
        .ok_or_else(|| Error::NotOutput { path: out.to_path_buf(), reason: "the output path has no directory name".into() })?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((parent, name.to_string_lossy().into_owned()))
}

/// Every file under `dir` (links included, not followed), as `/`-separated
/// paths relative to it.
pub fn file_set(dir: &Path) -> std::io::Result<BTreeSet<String>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeSet<String>) -> std::io::Result<()> {
        for e in std::fs::read_dir(dir)? {
            let e = e?;
            let t = e.file_type()?;
            if t.is_dir() {
                walk(base, &e.path(), out)?;
            } else {
                let rel = e.path().strip_prefix(base).map(Path::to_path_buf).unwrap_or_default();
                out.insert(rel.to_string_lossy().replace('\\', "/"));
            }
        }
        Ok(())
    }
    let mut out = BTreeSet::new();
    walk(dir, dir, &mut out)?;
    Ok(out)
}

/// Why `dir` is not an earlier output of publishing `dataset`, if it is
/// not: its `manifest.json` must name the same dataset and list exactly
/// the files the directory holds (besides itself).
pub fn not_previous_output(dir: &Path, dataset: &str) -> Option<String> {
    let files = match file_set(dir) {
        Ok(f) => f,
        Err(e) => return Some(format!("cannot list it: {e}")),
    };
    if files.is_empty() {
        return None;
    }
    let Ok(text) = std::fs::read(dir.join("manifest.json")) else {
        return Some("it is not empty and has no manifest.json of a publish".into());
    };
    let Ok(manifest) = serde_json::from_slice::<Json>(&text) else {
        return Some("its manifest.json is not a publish manifest".into());
    };
    match manifest.get("dataset").and_then(Json::as_str) {
        Some(d) if d == dataset => {}
        Some(d) => return Some(format!("its manifest.json is of dataset `{d}`, not `{dataset}`")),
        None => return Some("its manifest.json is not a publish manifest (no `dataset`)".into()),
    }
    let Some(listed) = manifest.get("files").and_then(Json::as_array) else {
        return Some("its manifest.json is not a publish manifest (no `files`)".into());
    };
    let mut want: BTreeSet<String> = listed.iter().filter_map(|f| f.get("path").and_then(Json::as_str).map(String::from)).collect();
    want.insert("manifest.json".into());
    if let Some(extra) = files.difference(&want).next() {
        return Some(format!("it holds `{extra}`, which its manifest.json does not list"));
    }
    if let Some(missing) = want.difference(&files).next() {
        return Some(format!("its manifest.json lists `{missing}`, which it does not hold"));
    }
    None
}

/// Whether the process `pid` is known to be gone (a leftover of a live
/// publish is not stale). Only where `/proc` tells; elsewhere nothing is
/// known gone and leftovers stay.
fn gone(pid: u32) -> bool {
    pid != std::process::id() && Path::new("/proc/self").exists() && !Path::new("/proc").join(pid.to_string()).exists()
}

/// Removes `NAME.tmp-<pid>` and `NAME.old-<pid>` beside the output left by
/// earlier publishes that were killed, when their process is gone and they
/// hold only published files' names.
fn remove_stale(parent: &Path, name: &str, known: &BTreeSet<String>) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(name) else { continue };
        let Some(pid) = rest.strip_prefix(".tmp-").or_else(|| rest.strip_prefix(".old-")) else { continue };
        let Ok(pid) = pid.parse::<u32>() else { continue };
        if !gone(pid) || !e.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let path = e.path();
        if file_set(&path).is_ok_and(|f| f.is_subset(known)) {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// Swaps two existing paths in one step where the OS can
/// (`renameat2(RENAME_EXCHANGE)` on Linux). `Ok(false)`: not supported
/// here (old kernel, file system without it, another OS).
#[cfg(target_os = "linux")]
pub fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths that outlive the call;
    // renameat2 reads them and touches no memory of ours.
    let r = unsafe { libc::renameat2(libc::AT_FDCWD, ca.as_ptr(), libc::AT_FDCWD, cb.as_ptr(), libc::RENAME_EXCHANGE) };
    if r == 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP) => Ok(false),
        _ => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
pub fn exchange(_a: &Path, _b: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// Writes `output` into a sibling `DIR.tmp-<pid>`, then swaps it into
/// place.
///
/// - `DIR` must be absent, an empty directory, or an earlier output of the
///   same dataset (see [`not_previous_output`]); anything else (a file, a
///   foreign directory) is refused and left untouched.
/// - A symlink `DIR` is followed: the output goes where it points, the link
///   stays.
/// - The swap is one `renameat2(RENAME_EXCHANGE)` on Linux: at every
///   instant `DIR` is the complete previous or the complete new output.
///   Where the OS cannot exchange, the previous output is renamed aside to
///   `DIR.old-<pid>` and the new one renamed in (a kill between the two
///   leaves no `DIR`, and the previous output in `DIR.old-<pid>`).
/// - Leftovers of killed earlier runs (`DIR.tmp-<pid>`, `DIR.old-<pid>` of
///   processes that are gone, holding only published file names) are
///   removed first (where `/proc` tells which processes are gone).
pub fn write_atomic(out: &Path, output: &Output) -> Result<(), Error> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |error| Error::Io { path, error }
    };
    let refuse = |path: &Path, reason: String| Error::NotOutput { path: path.to_path_buf(), reason };
    let dataset = output
        .files
        .get("manifest.json")
        .and_then(|m| serde_json::from_slice::<Json>(m).ok())
        .and_then(|m| m.get("dataset").and_then(Json::as_str).map(String::from))
        .unwrap_or_default();
    // Follow a symlink to where it points.
    let out = match std::fs::symlink_metadata(out) {
        Ok(m) if m.file_type().is_symlink() => {
            std::fs::canonicalize(out).map_err(|_| refuse(out, "it is a symbolic link to nothing".into()))?
        }
        _ => out.to_path_buf(),
    };
    let out = out.as_path();
    let existed = match std::fs::symlink_metadata(out) {
        Ok(m) if m.is_dir() => {
            if let Some(why) = not_previous_output(out, &dataset) {
                return Err(refuse(out, format!("not an earlier output of this dataset, so it is left as it is: {why}")));
            }
            true
        }
        Ok(_) => return Err(refuse(out, "it is a file, not a directory, so it is left as it is".into())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(io(out)(e)),
    };
    let (parent, name) = split(out)?;
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let known: BTreeSet<String> = output.files.keys().cloned().collect();
    remove_stale(&parent, &name, &known);
    let pid = std::process::id();
    let tmp = parent.join(format!("{name}.tmp-{pid}"));
    let old = parent.join(format!("{name}.old-{pid}"));
    let _ = std::fs::remove_dir_all(&tmp);
    let written = (|| {
        std::fs::create_dir(&tmp).map_err(io(&tmp))?;
        for (rel, bytes) in &output.files {
            let path = tmp.join(rel);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(io(dir))?;
            }
            let mut f = std::fs::File::create(&path).map_err(io(&path))?;
            f.write_all(bytes).map_err(io(&path))?;
            f.sync_all().map_err(io(&path))?;
        }
        Ok(())
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if !existed {
        if let Err(e) = std::fs::rename(&tmp, out) {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(io(out)(e));
        }
        return Ok(());
    }
    match exchange(&tmp, out) {
        // `tmp` now holds the previous output.
        Ok(true) => {
            let _ = std::fs::remove_dir_all(&tmp);
            return Ok(());
        }
        Ok(false) => {}
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(io(out)(e));
        }
    }
    let _ = std::fs::remove_dir_all(&old);
    if let Err(e) = std::fs::rename(out, &old) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(io(out)(e));
    }
    if let Err(e) = std::fs::rename(&tmp, out) {
        let _ = std::fs::rename(&old, out);
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(io(out)(e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

impl From<Error> for std::io::Error {
    fn from(e: Error) -> std::io::Error {
        match e {
            Error::Io { error, .. } => error,
            other => std::io::Error::other(other.to_string()),
        }
    }
}
