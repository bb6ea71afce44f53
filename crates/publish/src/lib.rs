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

use std::collections::BTreeMap;
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
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Error::Refused { errors } => write!(f, "the check found {errors} error(s); nothing was published"),
            Error::NoMetadata => f.write_str("the dataset has no dataset.yaml; nothing was published"),
            Error::Io { path, error } => write!(f, "cannot write {}: {error}", path.display()),
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
    let manifest = j!({
        "dataset": meta.id,
        "version": meta.version,
        "schema_version": SCHEMA_VERSION,
        "counts": counts,
        "files": listing,
    });
    files.insert("manifest.json".into(), pretty(&manifest).into_bytes());
    Ok(Output { files, counts })
}

/// Checks the report, builds the files and writes them to `out` atomically.
pub fn publish(report: &Report, record_schemas: &[(String, String)], out: &Path) -> Result<Output, Error> {
    let output = build(report, record_schemas)?;
    write_atomic(out, &output)?;
    Ok(output)
}

/// Writes `output` into a sibling `DIR.tmp-<pid>`, then swaps it into
/// place: the previous `DIR` is renamed aside, the new one renamed in, the
/// old one deleted. Until the swap the previous output stays untouched, and
/// a failure cleans up after itself. Refuses to replace a non-empty
/// directory that is not a previous output (has no `manifest.json`).
pub fn write_atomic(out: &Path, output: &Output) -> Result<(), Error> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |error| Error::Io { path, error }
    };
    let name = out.file_name().ok_or_else(|| Error::Io {
        path: out.to_path_buf(),
        error: std::io::Error::new(std::io::ErrorKind::InvalidInput, "the output path has no directory name"),
    })?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    if out.is_dir() && !out.join("manifest.json").is_file() && std::fs::read_dir(out).map_err(io(out))?.next().is_some() {
        return Err(Error::Io {
            path: out.to_path_buf(),
            error: std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "not a previous publish output (no manifest.json); refusing to replace it",
            ),
        });
    }
    let pid = std::process::id();
    let name = name.to_string_lossy();
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
    let had_old = std::fs::symlink_metadata(out).is_ok();
    if had_old {
        let _ = std::fs::remove_dir_all(&old);
        if let Err(e) = std::fs::rename(out, &old) {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(io(out)(e));
        }
    }
    if let Err(e) = std::fs::rename(&tmp, out) {
        if had_old {
            let _ = std::fs::rename(&old, out);
        }
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(io(out)(e));
    }
    if had_old {
        let _ = std::fs::remove_dir_all(&old);
    }
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
