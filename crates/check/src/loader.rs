//! Walking `dataset/`, reading and parsing its files in parallel, and
//! turning each into typed records, with every problem found on the way as a
//! diagnostic (never a panic, never a stop at the first).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use validator::{Validate, ValidationErrors, ValidationErrorsKind};
use wbd_schema::{Claim, DatasetMeta, Entity, FileKind, Metric, Source};

use crate::diagnostic::{Anchor, Diagnostic, FileId, SourceFile, Span};
use crate::model::{Dataset, Rec};
use crate::rates::Rates;
use crate::rules::currency::rates_file;
use crate::rules::{schema, yaml as yaml_rules};
use crate::yaml::{self, Node, NodeKind};

/// Largest record file the check reads.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// Name of the rates file inside `dataset/reference/`.
pub const RATES_FILE: &str = "reference/ecb-eurofxref.csv";

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
            || !(e.file_name().to_string_lossy().starts_with('.')
                || (e.depth() == 1 && (e.file_name() == "reference" || e.file_name() == "archive")))
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
        let is_yaml = p.extension().is_some_and(|x| x == "yaml" || x == "yml");
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
    // The rates file is read and parsed while the record files are.
    let rates_path = dataset.join(RATES_FILE);
    let (loaded, rates_loaded) = rayon::join(
        || paths.par_iter().map(|p| load_file(p, display_name(p, root, dataset), schemas, overlay.get(p))).collect::<Vec<LoadedFile>>(),
        || {
            std::fs::read(&rates_path).map(|b| {
                let text = String::from_utf8_lossy(&b).into_owned();
                let read = Rates::read_csv(&text);
                (text, read)
            })
        },
    );
    stats.parse = t.elapsed();

    let mut ds = Dataset::default();
    let mut diags = Vec::new();
    for (p, msg) in walk_problems {
        let id = ds.files.add(SourceFile::new(display_name(&p, root, dataset), p, Arc::from("")));
        diags.push(Diagnostic::new(yaml_rules::syntax::RULE.code, yaml_rules::syntax::RULE.severity, Span::new(id, (0, 0)), msg));
    }
    ds.sources.reserve(loaded.iter().map(|l| l.records.sources.len()).sum());
    ds.entities.reserve(loaded.iter().map(|l| l.records.entities.len()).sum());
    ds.metrics.reserve(loaded.iter().map(|l| l.records.metrics.len()).sum());
    ds.claims.reserve(loaded.iter().map(|l| l.records.claims.len()).sum());
    for lf in loaded {
        let file = ds.files.add(lf.file);
        for mut d in lf.diags {
            retarget(&mut d, file);
            diags.push(d);
        }
        let r = lf.records;
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
    path.extension().is_some_and(|x| x == "yaml" || x == "yml")
        && parts.iter().all(|c| !c.starts_with('.'))
        && (parts.len() == 1 || (parts[0] != "reference" && parts[0] != "archive"))
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
    if let Some(nul) = bytes.iter().position(|b| *b == 0) {
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
            return LoadedFile {
                file,
                kind: None,
                records: FileRecords::default(),
                diags: vec![diag(syntax, (end, end), msg).help("save the file as UTF-8")],
            };
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

/// Parses the text of one record file.
fn parse_records(text: &str, schemas: &Schemas) -> (Option<FileKind>, FileRecords, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut records = FileRecords::default();
    let parsed = match yaml::parse(text) {
        Ok(p) => p,
        Err(e) => {
            let help = if e.message.contains("unclosed quote") {
                "the quoted string that starts here is never closed"
            } else if e.message.contains("recursion limit") || e.message.contains("nesting") {
                "the file nests mappings or sequences more than 64 levels deep; records are never this deep"
            } else {
                "see the YAML around this place; record files are plain block YAML (docs/FORMAT.md)"
            };
            let mut d = diag(&yaml_rules::syntax::RULE, e.span, e.message).help(help);
            // A quote left open on an earlier line is read on as one long
            // string, and the error shows only where that string ends:
            // point at the opening too.
            if let Some(open) = unclosed_quote_before(text, e.span.0 as usize) {
                if open < e.span.0 as usize {
                    d = d.related(Span::new(0, (open as u32, open as u32 + 1)), "this quoted string is not closed on its line");
                }
            }
            diags.push(d);
            return (None, records, diags);
        }
    };
    for d in &parsed.duplicates {
        diags.push(
            diag(&yaml_rules::duplicate_key::RULE, d.again, format!("the key `{}` is repeated in this mapping", d.key))
                .related(Span::new(0, d.first), "first given here")
                .help("keep one of the two; YAML readers disagree on which one wins"),
        );
    }
    let shape = &schema::shape::RULE;
    let Some(root) = parsed.root else {
        diags.push(
            diag(shape, (0, 0), "the file is empty")
                .help("a record file is a mapping with one key: `claims:`, `sources:`, `entities:`, `metrics:` or `dataset:`"),
        );
        return (None, records, diags);
    };
    let NodeKind::Map(entries) = &root.kind else {
        diags.push(diag(shape, root.span, "the file's top level must be a mapping with one key such as `claims:`"));
        return (None, records, diags);
    };
    let mut kind = None;
    for (k, v) in entries {
        let key = k.as_str().unwrap_or("");
        match FileKind::from_key(key) {
            Some(fk) if kind.is_none() => {
                kind = Some(fk);
                read_kind(fk, v, &mut records, &mut diags);
            }
            Some(_) => diags.push(
                diag(shape, k.span, format!("a second kind of record, `{key}`, in one file"))
                    .help("put each kind of record in its own file"),
            ),
            None => diags.push(
                diag(shape, k.span, format!("unknown top-level key `{key}`"))
                    .help("a record file has one top-level key: `claims`, `sources`, `entities`, `metrics` or `dataset`"),
            ),
        }
    }
    if let Some(fk) = kind {
        json_schema_check(schemas, fk, &root, &records, &mut diags);
    }
    (kind, records, diags)
}

/// The last line before `limit` whose value opens a double-quoted string
/// that does not close on the same line: the offset of that quote.
fn unclosed_quote_before(text: &str, limit: usize) -> Option<usize> {
    let mut found = None;
    let mut start = 0;
    // Whole lines before the error's line only.
    let limit = text[..limit.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    for line in text[..limit].split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let value = body.find(": \"").map(|i| i + 2).or_else(|| body.trim_start().starts_with("- \"").then(|| body.find('"')).flatten());
        if let Some(q) = value {
            let rest = &body[q + 1..];
            let mut escaped = false;
            let closed = rest.chars().any(|c| {
                let end = c == '"' && !escaped;
                escaped = c == '\\' && !escaped;
                end
            });
            if !closed {
                found = Some(start + q);
            }
        }
        start += line.len();
    }
    found
}

fn read_kind(kind: FileKind, node: &Node, out: &mut FileRecords, diags: &mut Vec<Diagnostic>) {
    let key = kind.key();
    match kind {
        FileKind::Dataset => {
            if let Some((m, valid)) = read_checked::<DatasetMeta>(node, diags) {
                out.meta = Some(m);
                if !valid {
                    out.constraint_failed.push(0);
                }
            }
        }
        FileKind::Sources => read_list(node, key, &mut out.sources, &mut out.constraint_failed, diags),
        FileKind::Entities => read_list(node, key, &mut out.entities, &mut out.constraint_failed, diags),
        FileKind::Metrics => read_list(node, key, &mut out.metrics, &mut out.constraint_failed, diags),
        FileKind::Claims => read_list(node, key, &mut out.claims, &mut out.constraint_failed, diags),
    }
}

fn read_list<T: DeserializeOwned + Validate>(
    node: &Node,
    key: &str,
    out: &mut Vec<(u32, T)>,
    failed: &mut Vec<u32>,
    diags: &mut Vec<Diagnostic>,
) {
    let NodeKind::Seq(items) = &node.kind else {
        diags.push(diag(
            &schema::shape::RULE,
            node.span,
            format!("`{key}` must be a list of records (each item starting with `- id: ...`)"),
        ));
        return;
    };
    out.reserve(items.len());
    for (i, item) in items.iter().enumerate() {
        if let Some((rec, valid)) = read_checked::<T>(item, diags) {
            out.push((i as u32, rec));
            if !valid {
                failed.push(i as u32);
            }
        }
    }
}

/// Deserializes and validates one record, reporting what is wrong with it.
/// Deserializes and validates one record: the record if serde accepted it,
/// and whether it also met every field constraint.
fn read_checked<T: DeserializeOwned + Validate>(node: &Node, diags: &mut Vec<Diagnostic>) -> Option<(T, bool)> {
    let rec: T = match deserialize_owned(node) {
        Ok(r) => r,
        Err(e) => {
            let span = e.span.unwrap_or(node.span);
            let mut d = diag(&schema::shape::RULE, span, e.message);
            if let Some(id) = node.get("id").and_then(Node::as_str) {
                d = d.record(id);
            }
            diags.push(d.help("see docs/FORMAT.md for the fields of each record kind"));
            return None;
        }
    };
    if let Err(errors) = rec.validate() {
        let mut found = Vec::new();
        flatten_validation("", &errors, &mut found);
        let mut located: Vec<(yaml::ByteSpan, String)> = found
            .into_iter()
            .map(|(path, msg)| {
                let at = node.find(&path);
                let field = path.rsplit('.').next().unwrap_or(&path).to_string();
                let sep = if msg.starts_with('`') { ": " } else { " " };
                (at.span, format!("`{field}`{sep}{msg}"))
            })
            .collect();
        // validator keeps its errors in a HashMap: order them by place.
        located.sort();
        let id = node.get("id").and_then(Node::as_str);
        for (span, msg) in located {
            let mut d = diag(&schema::constraint::RULE, span, msg);
            if let Some(id) = id {
                d = d.record(id);
            }
            diags.push(d);
        }
        return Some((rec, false));
    }
    Some((rec, true))
}

/// Deserializes from the tree; the tree borrows from nothing the record
/// keeps, so the record is owned.
fn deserialize_owned<T: DeserializeOwned>(node: &Node) -> Result<T, yaml::DeError> {
    yaml::from_node(node)
}

fn flatten_validation(prefix: &str, errors: &ValidationErrors, out: &mut Vec<(String, String)>) {
    for (field, kind) in errors.errors() {
        let path = if prefix.is_empty() { field.to_string() } else { format!("{prefix}.{field}") };
        match kind {
            ValidationErrorsKind::Field(errs) => {
                for e in errs {
                    let msg = match &e.message {
                        Some(m) if m.starts_with('`') => m.to_string(),
                        Some(m) => m.to_string(),
                        None => match e.code.as_ref() {
                            "range" => format!(
                                "is out of range ({})",
                                e.params.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ")
                            ),
                            "length" => format!(
                                "has the wrong length ({})",
                                e.params
                                    .iter()
                                    .filter(|(k, _)| *k != "value")
                                    .map(|(k, v)| format!("{k} {v}"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                            c => format!("fails the `{c}` constraint"),
                        },
                    };
                    out.push((path.clone(), msg));
                }
            }
            ValidationErrorsKind::Struct(inner) => flatten_validation(&path, inner, out),
            ValidationErrorsKind::List(items) => {
                for (i, inner) in items {
                    flatten_validation(&format!("{path}[{i}]"), inner, out);
                }
            }
        }
    }
}

/// The compiled JSON Schema of each file kind.
pub struct Schemas {
    validators: Vec<(FileKind, jsonschema::Validator)>,
    /// Problems with the committed schema files, if any could not be used.
    pub problems: Vec<String>,
    /// Signatures of records that passed the schema in this run.
    passed: std::sync::Mutex<std::collections::HashSet<u64>>,
}

impl Schemas {
    /// Compiles the committed schema files in `dir` (the published
    /// schema); a kind whose file is missing or unreadable falls back to
    /// the schema generated from the types, and the problem is kept.
    pub fn load(dir: Option<&Path>) -> Schemas {
        let mut problems = Vec::new();
        let validators = FileKind::ALL
            .iter()
            .filter_map(|k| {
                let committed = dir.and_then(|d| {
                    let p = d.join(k.schema_file());
                    match std::fs::read_to_string(&p)
                        .map_err(|e| e.to_string())
                        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).map_err(|e| e.to_string()))
                    {
                        Ok(v) => Some(v),
                        Err(e) => {
                            problems.push(format!("{}: {e}", p.display()));
                            None
                        }
                    }
                });
                let schema = committed.or_else(|| serde_json::to_value(k.json_schema()).ok())?;
                match jsonschema::options().should_validate_formats(true).build(&schema) {
                    Ok(v) => Some((*k, v)),
                    Err(e) => {
                        problems.push(format!("{}: {e}", k.schema_file()));
                        None
                    }
                }
            })
            .collect();
        Schemas { validators, problems, passed: Default::default() }
    }
}

/// Validates the records as written against the published JSON Schema and
/// reports what serde accepted but the schema rejects.
///
/// Converting every record to JSON and validating it is most of the cost of
/// loading a large dataset, and records are highly repetitive. So each
/// record gets a signature: its keys, the JSON type of every value, and the
/// lexical shape of every string (short strings as written with runs of
/// digits shortened, long free text by its length class). A record whose
/// signature already passed the schema in this run is not validated again;
/// every other record is, so every record that fails is reported.
fn json_schema_check(schemas: &Schemas, kind: FileKind, root: &Node, records: &FileRecords, diags: &mut Vec<Diagnostic>) {
    let Some((_, validator)) = schemas.validators.iter().find(|(k, _)| *k == kind) else { return };
    let accepted: std::collections::HashSet<u32> = match kind {
        FileKind::Dataset => [0].into_iter().filter(|_| records.meta.is_some()).collect(),
        FileKind::Sources => records.sources.iter().map(|(i, _)| *i).collect(),
        FileKind::Entities => records.entities.iter().map(|(i, _)| *i).collect(),
        FileKind::Metrics => records.metrics.iter().map(|(i, _)| *i).collect(),
        FileKind::Claims => records.claims.iter().map(|(i, _)| *i).collect(),
    };
    let accepted: std::collections::HashSet<u32> = accepted.into_iter().filter(|i| !records.constraint_failed.contains(i)).collect();
    if accepted.is_empty() {
        return;
    }
    // The records to validate, as (index in the file, signature).
    let items = match (kind, root.get(kind.key()).map(|n| &n.kind)) {
        (FileKind::Dataset, _) => None,
        (_, Some(NodeKind::Seq(items))) => Some(items),
        _ => return,
    };
    let mut chosen: Vec<(u32, u64)> = Vec::new();
    let instance = match items {
        // The one metadata record: the whole file.
        None => root.to_json(),
        Some(items) => {
            let mut order: Vec<u32> = accepted.iter().copied().filter(|i| (*i as usize) < items.len()).collect();
            order.sort_unstable();
            {
                let passed = schemas.passed.lock().unwrap_or_else(|e| e.into_inner());
                for i in order {
                    let sig = signature(kind, &items[i as usize]);
                    if !passed.contains(&sig) {
                        chosen.push((i, sig));
                    }
                }
            }
            if chosen.is_empty() {
                return;
            }
            let list = chosen.iter().map(|(i, _)| items[*i as usize].to_json()).collect();
            let mut m = serde_json::Map::with_capacity(1);
            m.insert(kind.key().to_string(), serde_json::Value::Array(list));
            serde_json::Value::Object(m)
        }
    };
    let mut failed = std::collections::HashSet::new();
    let mut found: Vec<(yaml::ByteSpan, String)> = Vec::new();
    if !validator.is_valid(&instance) {
        for err in validator.iter_errors(&instance) {
            let pointer = err.instance_path().as_str().to_string();
            let mut segs: Vec<String> = pointer.split('/').skip(1).map(str::to_string).collect();
            // Only records that deserialized: serde already reported the rest.
            let index = match (kind, segs.get(1)) {
                (FileKind::Dataset, _) => Some(0),
                (_, Some(s)) => match s.parse::<usize>().ok().and_then(|j| chosen.get(j)) {
                    Some(&(i, _)) => {
                        failed.insert(i);
                        segs[1] = i.to_string();
                        Some(i)
                    }
                    None => None,
                },
                _ => None,
            };
            if !index.is_some_and(|i| accepted.contains(&i)) {
                continue;
            }
            let mut path = String::new();
            for s in &segs {
                let s = s.replace("~1", "/").replace("~0", "~");
                if s.parse::<usize>().is_ok() {
                    path.push_str(&format!("[{s}]"));
                } else {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(&s);
                }
            }
            let node = root.find(&path);
            found.push((
                node.span,
                format!(
                    "{} (at `{}`; the published schema and the record types disagree)",
                    err.masked(),
                    if path.is_empty() { "/" } else { &path }
                ),
            ));
        }
    }
    let passed_now: Vec<u64> = chosen.iter().filter(|(i, _)| !failed.contains(i)).map(|(_, s)| *s).collect();
    if !passed_now.is_empty() {
        schemas.passed.lock().unwrap_or_else(|e| e.into_inner()).extend(passed_now);
    }
    found.sort();
    found.dedup();
    for (span, msg) in found {
        diags.push(diag(&schema::json_schema::RULE, span, msg).help("regenerate the schema with `cargo xtask schema`, or fix the record"));
    }
}

/// Strings longer than this are free text: their signature is their
/// length class, not their letters.
const SHORT_STRING: usize = 40;

/// A record's signature for the JSON Schema check: two records with the
/// same signature have the same keys, the same value types and strings of
/// the same shape, so the schema treats them alike.
fn signature(kind: FileKind, node: &Node) -> u64 {
    let mut h = SigHasher(0xcbf2_9ce4_8422_2325 ^ kind as u64);
    sig_node(node, &mut h);
    h.0
}

struct SigHasher(u64);

impl SigHasher {
    fn byte(&mut self, b: u8) {
        self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    fn bytes(&mut self, bs: &[u8]) {
        for b in bs {
            self.byte(*b);
        }
        self.byte(0xff);
    }
    fn num(&mut self, n: u64) {
        self.bytes(&n.to_le_bytes());
    }
}

fn sig_node(node: &Node, h: &mut SigHasher) {
    match &node.kind {
        NodeKind::Scalar { text, plain } => match yaml::resolve(text, *plain) {
            yaml::Resolved::Null => h.byte(1),
            yaml::Resolved::Bool(b) => h.bytes(&[2, u8::from(b)]),
            yaml::Resolved::Int(_) | yaml::Resolved::UInt(_) | yaml::Resolved::Float(_) => {
                // Numbers: their sign and shape (integer or not, size class).
                h.byte(3);
                sig_str(text, h);
            }
            yaml::Resolved::Str(s) => {
                h.byte(4);
                sig_str(s, h);
            }
        },
        NodeKind::Seq(items) => {
            h.byte(5);
            h.num(items.len().min(4) as u64);
            for i in items {
                sig_node(i, h);
            }
            h.byte(6);
        }
        NodeKind::Map(entries) => {
            h.byte(7);
            for (k, v) in entries {
                match k.as_str() {
                    Some(key) => h.bytes(key.as_bytes()),
                    None => sig_node(k, h),
                }
                sig_node(v, h);
            }
            h.byte(8);
        }
    }
}

/// Short strings as written with every run of digits cut to at most four
/// (`syn-00000123` and `syn-00000456` are alike, `2024-03-28` keeps its
/// shape); long strings by a length class and their line breaks.
fn sig_str(s: &str, h: &mut SigHasher) {
    if s.len() > SHORT_STRING {
        h.byte(b'T');
        h.num((s.len() / 100) as u64);
        h.byte(u8::from(s.contains('\n')));
        h.byte(u8::from(s.starts_with(char::is_whitespace) || s.ends_with(char::is_whitespace)));
        return;
    }
    let mut run = 0;
    for b in s.bytes() {
        if b.is_ascii_digit() {
            run += 1;
            if run <= 4 {
                h.byte(b'9');
            }
        } else {
            run = 0;
            h.byte(b);
        }
    }
    h.byte(0xfe);
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
