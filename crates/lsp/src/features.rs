//! Hover, go to definition, find references, completion and code actions.
//! They read the cursor's line from the buffer (see [`crate::doc`]) and
//! the records from the last check's report.

use std::io::Write;
use std::path::{Path, PathBuf};

use lsp_types::{CodeActionParams, CompletionParams, ReferenceParams, TextDocumentPositionParams};
use serde_json::{Value, json};
use wbd_check::diagnostic::Anchor;
use wbd_check::interval::{DEFAULT_APPROX_PERCENT, Interval, show};
use wbd_check::model::RecordKind;
use wbd_check::{Report, rules};
use wbd_schema::{Bound, FileKind};

use crate::doc::{self, Field};
use crate::server::Server;
use crate::text::Lines;
use crate::uri;

mod hover;

use hover::money;
pub use hover::summary;

/// Fields whose value names another record, and the kind it names.
pub const REFERENCE_FIELDS: &[(&str, RecordKind)] = &[
    ("subject", RecordKind::Entity),
    ("scope", RecordKind::Entity),
    ("country", RecordKind::Entity),
    ("members", RecordKind::Entity),
    ("parties", RecordKind::Entity),
    ("metric", RecordKind::Metric),
    ("change_of", RecordKind::Metric),
    ("source", RecordKind::Source),
    ("via", RecordKind::Source),
    ("derived_from", RecordKind::Source),
    ("defined_by", RecordKind::Source),
    ("claim", RecordKind::Claim),
];

fn reference_kind(key: &str) -> Option<RecordKind> {
    REFERENCE_FIELDS.iter().find(|(k, _)| *k == key).map(|(_, kind)| *kind)
}

/// The buffer at a position: its path, text and the byte offset.
fn at<'a, W: Write>(s: &'a Server<W>, p: &TextDocumentPositionParams) -> Option<(PathBuf, &'a str, usize)> {
    let path = uri::canonical(&uri::to_path(&p.text_document.uri)?);
    let doc = s.docs.get(&path)?;
    let offset = Lines::new(&doc.text).offset(p.position, s.enc);
    Some((path, doc.text.as_str(), offset))
}

fn markdown(text: String) -> Value {
    json!({"contents": {"kind": "markdown", "value": text}})
}

// ------------------------------------------------------------------ hover

pub fn hover<W: Write>(s: &Server<W>, p: &TextDocumentPositionParams) -> Value {
    let Some((_, text, offset)) = at(s, p) else { return Value::Null };
    let field = doc::field_at(text, offset);
    let word = doc::word_at(text, offset).map(|(a, b)| &text[a..b]);
    let key = field.map(|f| f.key);
    // A rule code, or an `allow` entry.
    if let Some(code) = allow_rule(text, offset, field).or(word.filter(|w| rules::find(w).is_some())) {
        if let Some(r) = rules::find(code) {
            let i = r.info();
            return markdown(format!("**{}** ({}): {}\n\n{}", i.code, i.severity.as_str(), i.summary, i.docs));
        }
    }
    if key == Some("allow") {
        let codes = allow_codes(text, offset);
        if !codes.is_empty() {
            let mut out = String::from("Acknowledged here:\n");
            for c in codes {
                match rules::find(c) {
                    Some(r) => out.push_str(&format!("\n- **{}** ({}): {}", c, r.info().severity.as_str(), r.info().summary)),
                    None => out.push_str(&format!("\n- `{c}`: no rule has this code")),
                }
            }
            return markdown(out);
        }
    }
    let Some(report) = &s.report else { return Value::Null };
    if let Some(w) = word {
        let on_value = field.is_some_and(|f| offset >= f.value_start);
        if on_value && (key.is_some_and(|k| reference_kind(k).is_some() || k == "id") || report.index.get(w).is_some()) {
            if let Some(text) = summary(report, w) {
                return markdown(text);
            }
        }
    }
    if let Some(f) = field.filter(|f| f.key == "value" && offset >= f.value_start) {
        if let Some(text) = money(report, text, offset, f) {
            return markdown(text);
        }
    }
    Value::Null
}

/// The rule code of the `allow` entry the cursor is in.
fn allow_rule<'a>(text: &'a str, offset: usize, field: Option<Field<'a>>) -> Option<&'a str> {
    let f = field?;
    if f.key == "rule" {
        return Some(f.value.trim_matches(['"', '\'']));
    }
    if !matches!(f.key, "reason" | "on") || doc::parent_key(text, offset, f.indent) != Some("allow") {
        return None;
    }
    // The entry's lines share the indentation of its keys.
    let (mut ls, _) = doc::line_at(text, offset);
    while ls > 0 {
        let (a, b) = doc::line_at(text, ls - 1);
        ls = a;
        match doc::field_of_line(text, a, b) {
            Some(g) if g.indent == f.indent && g.key == "rule" => return Some(g.value.trim_matches(['"', '\''])),
            Some(g) if g.indent < f.indent || (g.indent == f.indent && g.item) => break,
            _ => {}
        }
    }
    let (_, mut le) = doc::line_at(text, offset);
    while le < text.len() {
        let (a, b) = doc::line_at(text, le + 1);
        le = b;
        match doc::field_of_line(text, a, b) {
            Some(g) if g.indent == f.indent && g.key == "rule" && !g.item => return Some(g.value.trim_matches(['"', '\''])),
            Some(g) if g.indent <= f.indent => break,
            _ => {}
        }
    }
    None
}

/// The rule codes of the entries of the `allow` list on the cursor's line.
fn allow_codes(text: &str, offset: usize) -> Vec<&str> {
    let Some(f) = doc::field_at(text, offset) else { return Vec::new() };
    let mut out = Vec::new();
    let (_, mut le) = doc::line_at(text, offset);
    while le < text.len() {
        let (a, b) = doc::line_at(text, le + 1);
        le = b;
        match doc::field_of_line(text, a, b) {
            Some(g) if g.indent <= f.indent => break,
            Some(g) if g.key == "rule" => out.push(g.value.trim_matches(['"', '\''])),
            _ => {}
        }
    }
    out
}

// ------------------------------------------------- definition, references

/// The file, byte range of a record's `id` value.
pub fn definition_span(report: &Report, id: &str) -> Option<(PathBuf, usize, usize)> {
    let (kind, i) = report.index.get(id)?;
    let (_, anchor) = report.dataset.locate((kind, i));
    let Anchor::Path { file, path } = anchor else { return None };
    let f = report.dataset.files.get(file);
    let text = f.text();
    let parsed = wbd_check::yaml::parse(text).ok()?;
    let node = parsed.root.as_ref()?.find(&path);
    Some((f.path.clone(), node.span.0 as usize, node.span.1 as usize))
}

/// A location in a file, with the file's text (an open buffer's, else the
/// check's).
fn location<W: Write>(s: &Server<W>, path: &Path, start: usize, end: usize, disk_text: &str) -> Value {
    let text = s.docs.get(path).map_or(disk_text, |d| d.text.as_str());
    let l = Lines::new(text);
    json!({"uri": uri::to_uri(path).as_str(), "range": l.range(start, end, s.enc)})
}

fn id_at<'a, W: Write>(s: &Server<W>, text: &'a str, offset: usize) -> Option<&'a str> {
    let (a, b) = doc::word_at(text, offset)?;
    let w = &text[a..b];
    s.report.as_ref()?.index.get(w).is_some().then_some(w)
}

pub fn definition<W: Write>(s: &Server<W>, p: &TextDocumentPositionParams) -> Value {
    let Some((_, text, offset)) = at(s, p) else { return Value::Null };
    let Some(id) = id_at(s, text, offset) else { return Value::Null };
    let Some(report) = &s.report else { return Value::Null };
    let Some((path, a, b)) = definition_span(report, id) else { return Value::Null };
    let disk = report.dataset.files.files.iter().find(|f| f.path == path).map(|f| f.text().clone()).unwrap_or_default();
    location(s, &path, a, b, &disk)
}

pub fn references<W: Write>(s: &Server<W>, p: &ReferenceParams) -> Value {
    let Some((_, text, offset)) = at(s, &p.text_document_position) else { return Value::Null };
    let Some(id) = id_at(s, text, offset) else { return Value::Null };
    let Some(report) = &s.report else { return Value::Null };
    let mut out = Vec::new();
    let files = &report.dataset.files.files[..report.current_files];
    for (n, f) in files.iter().enumerate() {
        if Some(n as u32) == report.dataset.rates_file {
            continue;
        }
        let text = s.docs.get(&f.path).map_or(f.text().as_ref(), |d| d.text.as_str());
        let mut ls = 0;
        while ls <= text.len() {
            let le = text[ls..].find('\n').map_or(text.len(), |i| ls + i);
            if let Some(fl) = doc::field_of_line(text, ls, le) {
                let wanted = reference_kind(fl.key).is_some() || (p.context.include_declaration && fl.key == "id" && fl.item);
                if wanted {
                    let mut i = fl.value_start;
                    while i < le {
                        let end = text[i..le].find(|c: char| !doc::is_word(c)).map_or(le, |k| i + k);
                        if end > i && &text[i..end] == id {
                            out.push(location(s, &f.path, i, end, text));
                        }
                        i = end + text[end..le].chars().next().map_or(1, char::len_utf8);
                    }
                }
            }
            ls = le + 1;
        }
    }
    json!(out)
}

// ------------------------------------------------------------ completion

/// The values of an enum of the record format, read from its JSON Schema.
pub fn enum_values(kind: FileKind, def: &str) -> Vec<String> {
    let schema = serde_json::to_value(kind.json_schema()).unwrap_or_default();
    let Some(d) = schema.pointer(&format!("/$defs/{def}")) else { return Vec::new() };
    let mut out = Vec::new();
    let mut take = |v: &Value| {
        if let Some(a) = v.get("enum").and_then(Value::as_array) {
            out.extend(a.iter().filter_map(Value::as_str).map(String::from));
        }
        if let Some(c) = v.get("const").and_then(Value::as_str) {
            out.push(c.to_string());
        }
    };
    take(d);
    for alt in d.get("oneOf").and_then(Value::as_array).into_iter().flatten() {
        take(alt);
    }
    out
}

pub fn completion<W: Write>(s: &Server<W>, p: &CompletionParams) -> Value {
    let Some((_, text, offset)) = at(s, &p.text_document_position) else { return Value::Null };
    let Some(f) = doc::field_at(text, offset) else { return Value::Null };
    if offset < f.value_start {
        return Value::Null;
    }
    // What is typed so far of the word before the cursor.
    let start = text[f.value_start..offset]
        .rfind(|c: char| !doc::is_word(c))
        .map_or(f.value_start, |i| f.value_start + i + text[f.value_start + i..].chars().next().map_or(1, char::len_utf8));
    let l = Lines::new(text);
    let range = l.range(start, offset, s.enc);
    let item = |label: &str, detail: String, kind: u8| json!({"label": label, "detail": detail, "kind": kind, "textEdit": {"range": range, "newText": label}});
    let mut items = Vec::new();
    if let Some(kind) = reference_kind(f.key) {
        let Some(report) = &s.report else { return Value::Null };
        let (ds, ix) = (&report.dataset, &report.index);
        let mut ids: Vec<(&str, String)> = match kind {
            RecordKind::Entity => ix.of_kind(kind).map(|(id, i)| (id.as_str(), ds.entities[i].name.clone())).collect(),
            RecordKind::Metric => ix.of_kind(kind).map(|(id, i)| (id.as_str(), ds.metrics[i].name.clone())).collect(),
            RecordKind::Source => ix.of_kind(kind).map(|(id, i)| (id.as_str(), ds.sources[i].title.clone().unwrap_or_default())).collect(),
            RecordKind::Claim => ix.of_kind(kind).map(|(id, i)| (id.as_str(), ds.claims[i].value.to_string())).collect(),
            RecordKind::Dataset => Vec::new(),
        };
        ids.sort();
        items.extend(ids.into_iter().map(|(id, d)| item(id, d, 18)));
    } else if f.key == "rule" {
        items.extend(rules::all().iter().map(|r| item(r.info().code, r.info().summary.to_string(), 12)));
    } else {
        let def = match (f.key, doc::file_key(text)) {
            ("bound", _) => Some((FileKind::Claims, "Bound")),
            ("status", _) => Some((FileKind::Claims, "Status")),
            ("kind", Some("sources")) => Some((FileKind::Sources, "SourceKind")),
            ("kind", Some("entities")) => Some((FileKind::Entities, "EntityKind")),
            _ => None,
        };
        if let Some((fk, def)) = def {
            items.extend(enum_values(fk, def).iter().map(|v| item(v, def.to_string(), 20)));
        }
    }
    json!({"isIncomplete": false, "items": items})
}

// ---------------------------------------------------------- code actions

pub fn code_actions<W: Write>(s: &Server<W>, p: &CodeActionParams) -> Value {
    let Some(path) = uri::to_path(&p.text_document.uri).map(|x| uri::canonical(&x)) else { return Value::Null };
    let Some(doc) = s.docs.get(&path) else { return Value::Null };
    let text = doc.text.as_str();
    let l = Lines::new(text);
    let u = doc.uri.as_str();
    let mut out = Vec::new();
    let edit = |at: usize, new: String| json!({"changes": {u: [{"range": l.range(at, at, s.enc), "newText": new}]}});
    if !text.lines().take(3).any(|x| x.contains("yaml-language-server: $schema=")) {
        if let (Some(key), Some(schema)) = (doc::file_key(text), &s.schema) {
            let file = uri::canonical(&schema.join(format!("{key}.schema.json")));
            if let Some(rel) = relative(path.parent().unwrap_or(Path::new("/")), &file) {
                out.push(json!({
                    "title": "Add the schema modeline",
                    "kind": "source",
                    "edit": edit(0, format!("# yaml-language-server: $schema={rel}\n")),
                }));
            }
        }
    }
    for d in &p.context.diagnostics {
        let Some(data) = &d.data else { continue };
        let (Some(code), Some(record)) = (data.get("code").and_then(Value::as_str), data.get("record").and_then(Value::as_str)) else {
            continue;
        };
        let field = data.get("field").and_then(Value::as_str).filter(|f| !f.is_empty());
        if let Some((at, new)) = allow_skeleton(text, record, code, field) {
            out.push(json!({
                "title": format!("Acknowledge `{code}` on `{record}` with an `allow` entry"),
                "kind": "quickfix",
                "diagnostics": [d],
                "edit": edit(at, new),
            }));
        }
    }
    json!(out)
}

/// Where to insert an `allow` entry for `code` in the record `record`, and
/// the text (its reason is `TODO`, which `allow/unjustified` reports until
/// a maintainer writes the real one).
pub fn allow_skeleton(text: &str, record: &str, code: &str, field: Option<&str>) -> Option<(usize, String)> {
    let mut ls = 0;
    let mut found: Option<(usize, usize)> = None; // (line after the id line, key indent)
    while ls < text.len() {
        let le = text[ls..].find('\n').map_or(text.len(), |i| ls + i);
        let next = (le + 1).min(text.len());
        match (found, doc::field_of_line(text, ls, le)) {
            (None, Some(f)) if f.key == "id" && f.item && f.value.trim_matches(['"', '\'']) == record => found = Some((next, f.indent)),
            (Some((_, k)), Some(f)) if f.indent < k || (f.indent == k && f.item) => break,
            (Some((_, k)), Some(f)) if f.indent == k && f.key == "allow" && f.value.is_empty() => {
                // Before the list's first entry, at its indentation.
                let (a, b) = doc::line_at(text, next);
                let n = text[a..b].len() - text[a..b].trim_start_matches(' ').len();
                let n = if text[a..b].trim_start().starts_with('-') { n } else { k + 2 };
                return Some((next, entry(n, code, field)));
            }
            _ => {}
        }
        ls = le + 1;
    }
    let (at, k) = found?;
    let mut new = String::new();
    if at == text.len() && !text.ends_with('\n') {
        new.push('\n');
    }
    new.push_str(&format!("{}allow:\n{}", " ".repeat(k), entry(k + 2, code, field)));
    Some((at, new))
}

fn entry(n: usize, code: &str, field: Option<&str>) -> String {
    let pad = " ".repeat(n + 2);
    let mut e = format!("{}- rule: {code}\n", " ".repeat(n));
    if let Some(f) = field {
        e.push_str(&format!("{pad}on: {f}\n"));
    }
    e.push_str(&format!("{pad}reason: TODO\n"));
    e
}

/// `to` relative to the directory `from`, `/`-separated.
fn relative(from: &Path, to: &Path) -> Option<String> {
    let a: Vec<_> = from.components().collect();
    let b: Vec<_> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return None;
    }
    let mut parts: Vec<String> = vec!["..".into(); a.len() - common];
    parts.extend(b[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests;
