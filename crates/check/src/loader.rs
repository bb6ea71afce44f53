//! Walking `dataset/`, reading and parsing its files in parallel, and
//! turning each into typed records, with every problem found on the way as a
//! diagnostic (never a panic, never a stop at the first).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use wbd_schema::validate::Validate;
use wbd_schema::{Claim, DatasetMeta, Entity, FileKind, Metric, Source};

use crate::diagnostic::{Anchor, Diagnostic, FileId, SourceFile, Span};
use crate::layout::{DATA_DIRS, RATES_FILE, RECORD_EXTENSIONS};
use crate::model::{Dataset, FailedRecord, Rec};
use crate::rates::Rates;
use crate::rules::currency::rates_file;
use crate::rules::{schema, yaml as yaml_rules};
use crate::yaml::{self, Node, NodeKind};

mod json_schema;
mod records;
pub use json_schema::Schemas;
use json_schema::json_schema_check;
use records::{parse_records, scan_failed_text};

/// Largest record file the check reads.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Files read in parallel before their records join the dataset.
const LOAD_BATCH: usize = 128;

/// One file's records, before they are merged into the dataset.
#[derive(Default)]
struct FileRecords {
    meta: Option<DatasetMeta>,
    sources: Vec<(u32, Source)>,
    entities: Vec<(u32, Entity)>,
    metrics: Vec<(u32, Metric)>,
    claims: Vec<(u32, Claim)>,
    /// Records that deserialized but broke a field constraint: the JSON
    /// Schema check skips them (`schema/constraint` said it already).
    constraint_failed: Vec<u32>,
    /// Records that did not load: their ids and where those are.
    failed: Vec<(String, yaml::ByteSpan)>,
    /// The kind of file the failed records came from, read from the text
    /// when the file did not parse.
    failed_kind: Option<FileKind>,
    /// Id-like words named by records that did not load (or by a file
    /// that did not parse): the ids they refer to, as far as known.
    mentions: Vec<String>,
}

struct LoadedFile {
    file: SourceFile,
    kind: Option<FileKind>,
    records: FileRecords,
    diags: Vec<Diagnostic>,
}

/// Where the check found its files, and timings of the phases.
#[derive(Default, Debug, Clone)]
pub struct LoadStats {
    pub walk: std::time::Duration,
    pub parse: std::time::Duration,
}

/// Lists the record files of a dataset directory, sorted, skipping hidden
/// entries, `reference/` and `archive/` (data, not records). Links are not
/// followed: they are reported.
pub fn walk(dataset: &Path, diags: &mut Vec<(PathBuf, String)>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let walker = walkdir::WalkDir::new(dataset).follow_links(false).sort_by_file_name().into_iter();
    let walker = walker.filter_entry(|e| {
        e.depth() == 0
            || !(e.file_name().to_string_lossy().starts_with('.') || (e.depth() == 1 && DATA_DIRS.iter().any(|d| e.file_name() == *d)))
    });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let p = e.path().map(Path::to_path_buf).unwrap_or_else(|| dataset.to_path_buf());
                diags.push((p, format!("cannot read this directory entry: {e}")));
                continue;
            }
        };
        let p = entry.path();
        let is_yaml = p.extension().is_some_and(|x| RECORD_EXTENSIONS.iter().any(|e| x == *e));
        if entry.file_type().is_symlink() {
            if is_yaml {
                diags.push((
                    p.to_path_buf(),
                    "this is a symbolic link; the check does not follow links out of the dataset: replace it with the file itself".into(),
                ));
            }
            continue;
        }
        if entry.file_type().is_file() && is_yaml {
            out.push(p.to_path_buf());
        }
    }
    out
}

/// The name a file is shown under: relative to `root` when inside it,
/// else relative to the dataset directory's parent (so a copy of the
/// dataset elsewhere shows the same `dataset/claims/...` names).
pub fn display_name(path: &Path, root: &Path, dataset: &Path) -> String {
    let base = dataset.parent().unwrap_or(dataset);
    let rel = path.strip_prefix(root).or_else(|_| path.strip_prefix(base)).unwrap_or(path);
    rel.to_string_lossy().replace('\\', "/")
}

/// Texts read instead of the files at these paths (see
/// [`crate::Options::overlay`]).
pub type Overlay = std::collections::BTreeMap<PathBuf, Arc<str>>;

/// Loads a dataset directory. `root` is what paths are shown relative to.
pub fn load(dataset: &Path, root: &Path, schemas: &Schemas) -> (Dataset, Vec<Diagnostic>, LoadStats) {
    load_with(dataset, root, schemas, &Overlay::new())
}

/// [`load`], with the texts of `overlay` taking precedence over the files
/// on disk; an overlay record file under `dataset` that the walk did not
/// find (not saved yet) is loaded too.
pub fn load_with(dataset: &Path, root: &Path, schemas: &Schemas, overlay: &Overlay) -> (Dataset, Vec<Diagnostic>, LoadStats) {
    let mut stats = LoadStats::default();
    let t = std::time::Instant::now();
    let mut walk_problems = Vec::new();
    let mut paths = walk(dataset, &mut walk_problems);
    let unsaved: Vec<PathBuf> = overlay.keys().filter(|p| is_record_path(dataset, p) && !paths.contains(p)).cloned().collect();
    if !unsaved.is_empty() {
        paths.extend(unsaved);
        paths.sort();
    }
    stats.walk = t.elapsed();

    let t = std::time::Instant::now();
    let mut ds = Dataset::default();
    let mut diags = Vec::new();
    for (p, msg) in walk_problems {
        let id = ds.files.add(SourceFile::new(display_name(&p, root, dataset), p, Arc::from("")));
        diags.push(Diagnostic::new(yaml_rules::syntax::RULE.code, yaml_rules::syntax::RULE.severity, Span::new(id, (0, 0)), msg));
    }
    // The rates file is read and parsed while the record files are. The
    // files are read in parallel a batch at a time, and each batch's
    // records are moved into the dataset before the next is read: the
    // memory of a batch's lists is used again by a later one, instead of
    // every file's list being held beside the dataset's.
    let rates_path = dataset.join(RATES_FILE);
    let ((), rates_loaded) = rayon::join(
        || {
            // A batch is merged while the next one is read.
            let mut pending: Option<Vec<LoadedFile>> = None;
            for batch in paths.chunks(LOAD_BATCH) {
                let (loaded, ()) = rayon::join(
                    || batch.par_iter().map(|p| load_file(p, display_name(p, root, dataset), schemas, overlay.get(p))).collect(),
                    || {
                        if let Some(done) = pending.take() {
                            merge(&mut ds, &mut diags, done);
                        }
                    },
                );
                pending = Some(loaded);
            }
            if let Some(done) = pending {
                merge(&mut ds, &mut diags, done);
            }
        },
        || {
            std::fs::read(&rates_path).map(|b| {
                let text = String::from_utf8_lossy(&b).into_owned();
                let read = Rates::read_csv(&text);
                (text, read)
            })
        },
    );
    stats.parse = t.elapsed();

    // The rates file is required; its problems are `currency/rates-file`
    // findings at their line and column, and the rates it has are used.
    let rates_name = display_name(&rates_path, root, dataset);
    match rates_loaded {
        Ok((text, read)) => {
            let file = ds.files.add(SourceFile::new(rates_name, rates_path, Arc::from(text.as_str())));
            ds.rates_file = Some(file);
            diags.extend(rates_file::problems(file, &read));
            ds.rates = Some(read.rates);
        }
        Err(e) => {
            let file = ds.files.add(SourceFile::new(rates_name.clone(), rates_path, Arc::from("")));
            diags.push(rates_file::unreadable(file, &rates_name, &e));
        }
    }
    (ds, diags, stats)
}

/// Moves the records and findings of loaded files into the dataset, in
/// the files' order.
fn merge(ds: &mut Dataset, diags: &mut Vec<Diagnostic>, loaded: Vec<LoadedFile>) {
    for lf in loaded {
        let file = ds.files.add(lf.file);
        for mut d in lf.diags {
            retarget(&mut d, file);
            diags.push(d);
        }
        let r = lf.records;
        for (id, span) in r.failed {
            let kind = lf.kind.or(r.failed_kind);
            ds.failed.ids.entry(id).or_insert(FailedRecord { kind, at: Span::new(file, span) });
        }
        ds.failed.mentions.extend(r.mentions);
        if let (Some(meta), Some(kind)) = (r.meta, lf.kind) {
            if let Some(first) = &ds.meta {
                diags.push(
                    Diagnostic::new(
                        schema::shape::RULE.code,
                        schema::shape::RULE.severity,
                        Anchor::Path { file, path: "dataset".into() },
                        "a second `dataset` file: the dataset has one metadata record",
                    )
                    .related(first.at(""), "the first one"),
                );
            } else {
                ds.meta = Some(Rec { rec: meta, file, file_kind: kind, index: 0 });
            }
        }
        fn recs<T>(list: Vec<(u32, T)>, file: FileId, kind: FileKind) -> impl Iterator<Item = Rec<T>> {
            list.into_iter().map(move |(index, rec)| Rec { rec, file, file_kind: kind, index })
        }
        ds.sources.extend(recs(r.sources, file, FileKind::Sources));
        ds.entities.extend(recs(r.entities, file, FileKind::Entities));
        ds.metrics.extend(recs(r.metrics, file, FileKind::Metrics));
        ds.claims.extend(recs(r.claims, file, FileKind::Claims));
    }
}

/// Points a diagnostic made before its file had an id at that id.
fn retarget(d: &mut Diagnostic, file: FileId) {
    let fix = |a: &mut Anchor| match a {
        Anchor::Span(s) => s.file = file,
        Anchor::Path { file: f, .. } => *f = file,
    };
    fix(&mut d.anchor);
    for r in &mut d.related {
        fix(&mut r.anchor);
    }
}

fn diag(rule: &crate::rules::RuleInfo, span: yaml::ByteSpan, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(rule.code, rule.severity, Span::new(0, span), message)
}

/// Whether the walk of `dataset` would list `path` as a record file.
fn is_record_path(dataset: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(dataset) else { return false };
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    path.extension().is_some_and(|x| RECORD_EXTENSIONS.iter().any(|e| x == *e))
        && parts.iter().all(|c| !c.starts_with('.'))
        && (parts.len() == 1 || !DATA_DIRS.contains(&parts[0].as_str()))
}

fn load_file(path: &Path, name: String, schemas: &Schemas, overlay: Option<&Arc<str>>) -> LoadedFile {
    if let Some(text) = overlay {
        // An editor's buffer: its text is kept, since the file on disk
        // differs from it.
        let (kind, records, diags) = parse_records(text, schemas);
        return LoadedFile { file: SourceFile::new(name, path.to_path_buf(), text.clone()), kind, records, diags };
    }
    let empty = |name: String, diags: Vec<Diagnostic>| LoadedFile {
        file: SourceFile::new(name, path.to_path_buf(), Arc::from("")),
        kind: None,
        records: FileRecords::default(),
        diags,
    };
    let syntax = &yaml_rules::syntax::RULE;
    match std::fs::metadata(path) {
        Ok(m) if m.len() > MAX_FILE_BYTES => {
            let msg = format!(
                "the file is {} bytes; record files are limited to {} bytes ({} MiB)",
                m.len(),
                MAX_FILE_BYTES,
                MAX_FILE_BYTES / 1024 / 1024
            );
            return empty(name, vec![diag(syntax, (0, 0), msg).help("split the records over several files of a few hundred records each")]);
        }
        Ok(_) => {}
        Err(e) => return empty(name, vec![diag(syntax, (0, 0), format!("cannot read the file: {e}"))]),
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return empty(name, vec![diag(syntax, (0, 0), format!("cannot read the file: {e}"))]),
    };
    if let Some(nul) = memchr::memchr(0, &bytes) {
        let msg = format!("the file is binary (a NUL byte at offset {nul}), not YAML text");
        return empty(
            name,
            vec![diag(syntax, (0, 0), msg).help("record files are UTF-8 YAML text; remove the file or replace it with its YAML")],
        );
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let msg = format!("the file is not UTF-8: invalid byte 0x{:02X} at offset {valid}", bytes[valid]);
            let file = SourceFile::new(name, path.to_path_buf(), Arc::from(prefix.as_str()));
            let end = prefix.len() as u32;
            // Its records are lost: keep what the valid part says of them.
            let mut records = FileRecords::default();
            scan_failed_text(&prefix, &mut records);
            return LoadedFile { file, kind: None, records, diags: vec![diag(syntax, (end, end), msg).help("save the file as UTF-8")] };
        }
    };
    let (kind, records, diags) = parse_records(&text, schemas);
    // Keep the text only when it is needed to show this file's findings.
    let file = if diags.is_empty() {
        SourceFile::unloaded(name, path.to_path_buf(), text.len() as u64)
    } else {
        SourceFile::new(name, path.to_path_buf(), Arc::from(text))
    };
    LoadedFile { file, kind, records, diags }
}

/// Re-reads files to turn path anchors into spans. Only files that have
/// path-anchored diagnostics are parsed again.
pub fn resolve_anchors(ds: &Dataset, diags: &mut [Diagnostic]) {
    use std::collections::BTreeSet;
    let mut wanted = BTreeSet::new();
    for d in diags.iter() {
        for a in std::iter::once(&d.anchor).chain(d.related.iter().map(|r| &r.anchor)) {
            if let Anchor::Path { file, .. } = a {
                wanted.insert(*file);
            }
        }
    }
    let trees: Vec<(FileId, Option<Node>)> =
        wanted.into_par_iter().map(|f| (f, yaml::parse(ds.files.get(f).text()).ok().and_then(|p| p.root))).collect();
    let lookup = |a: &mut Anchor| {
        if let Anchor::Path { file, path } = a {
            let span = trees
                .binary_search_by_key(file, |(f, _)| *f)
                .ok()
                .and_then(|i| trees[i].1.as_ref())
                .map(|root| root.find(path).span)
                .unwrap_or((0, 0));
            *a = Anchor::Span(Span::new(*file, span));
        }
    };
    for d in diags.iter_mut() {
        lookup(&mut d.anchor);
        for r in &mut d.related {
            lookup(&mut r.anchor);
        }
    }
}

#[cfg(test)]
mod streamed_agrees;
