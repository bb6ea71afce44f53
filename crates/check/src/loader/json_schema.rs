//! The `schema/json-schema` rule's work: every record as written validated
//! against the committed JSON Schema files.
//!
//! Compiled only with the `json-schema` feature: the validator (the
//! `jsonschema` crate and its regex engines) is most of a cold build, and
//! the records' agreement with the published schema is proven anyway by
//! the test suite and CI (which build the feature), by `cargo xtask schema
//! --check` (the committed schema is the one the record types generate),
//! and by the off-the-shelf validators CI runs on the published output.
//! Without the feature, [`Schemas`] holds nothing and the rule reports that
//! it did not run.

#[cfg(feature = "json-schema")]
use super::*;
#[cfg(not(feature = "json-schema"))]
use super::{FileRecords, Node};
#[cfg(not(feature = "json-schema"))]
use crate::diagnostic::Diagnostic;
#[cfg(not(feature = "json-schema"))]
use std::path::Path;
#[cfg(not(feature = "json-schema"))]
use wbd_schema::FileKind;

/// Without the validator: no schemas, nothing checked.
#[cfg(not(feature = "json-schema"))]
pub struct Schemas {
    /// Problems with the committed schema files (none are read).
    pub problems: Vec<String>,
}

#[cfg(not(feature = "json-schema"))]
impl Schemas {
    /// Whether records are validated against the schema in this build.
    pub const ENABLED: bool = crate::layout::JSON_SCHEMA_ENABLED;

    pub fn load(_dir: Option<&Path>) -> Schemas {
        Schemas::none()
    }

    pub fn none() -> Schemas {
        Schemas { problems: Vec::new() }
    }

    /// Whether files of this kind are validated against a JSON Schema
    /// (which needs each file's tree).
    pub(super) fn validates(&self, _: FileKind) -> bool {
        false
    }
}

#[cfg(not(feature = "json-schema"))]
pub(super) fn json_schema_check(_: &Schemas, _: FileKind, _: &Node, _: &FileRecords, _: &mut Vec<Diagnostic>) {}

#[cfg(feature = "json-schema")]
/// The compiled JSON Schema of each file kind.
pub struct Schemas {
    validators: Vec<(FileKind, jsonschema::Validator)>,
    /// Problems with the committed schema files, if any could not be used.
    pub problems: Vec<String>,
    /// Signatures of records that passed the schema in this run.
    passed: std::sync::Mutex<std::collections::HashSet<u64>>,
}

#[cfg(feature = "json-schema")]
impl Schemas {
    /// Whether records are validated against the schema in this build.
    pub const ENABLED: bool = crate::layout::JSON_SCHEMA_ENABLED;

    /// No schemas: nothing is validated.
    pub fn none() -> Schemas {
        Schemas { validators: Vec::new(), problems: Vec::new(), passed: Default::default() }
    }

    /// Whether files of this kind are validated against a JSON Schema
    /// (which needs each file's tree).
    pub(super) fn validates(&self, kind: FileKind) -> bool {
        self.validators.iter().any(|(k, _)| *k == kind)
    }

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

#[cfg(feature = "json-schema")]
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
pub(super) fn json_schema_check(schemas: &Schemas, kind: FileKind, root: &Node, records: &FileRecords, diags: &mut Vec<Diagnostic>) {
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

#[cfg(feature = "json-schema")]
/// Strings longer than this are free text: their signature is their
/// length class, not their letters.
const SHORT_STRING: usize = 40;

#[cfg(feature = "json-schema")]
/// A record's signature for the JSON Schema check: two records with the
/// same signature have the same keys, the same value types and strings of
/// the same shape, so the schema treats them alike.
fn signature(kind: FileKind, node: &Node) -> u64 {
    let mut h = SigHasher(0xcbf2_9ce4_8422_2325 ^ kind as u64);
    sig_node(node, &mut h);
    h.0
}

#[cfg(feature = "json-schema")]
struct SigHasher(u64);

#[cfg(feature = "json-schema")]
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

#[cfg(feature = "json-schema")]
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

#[cfg(feature = "json-schema")]
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
