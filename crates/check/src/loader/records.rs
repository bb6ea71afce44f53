//! One record file's text to its records: the YAML tree, the file's kind,
//! each record deserialized and checked on its own (one that fails does
//! not hide the others), and what a record or a file that did not load
//! still tells (its ids, the ids it names).

use super::*;

/// Parses the text of one record file.
pub(super) fn parse_records(text: &str, schemas: &Schemas) -> (Option<FileKind>, FileRecords, Vec<Diagnostic>) {
    if let Some((kind, records)) = streamed(text, schemas) {
        return (Some(kind), records, Vec::new());
    }
    parse_tree(text, schemas)
}

/// The records of a file read without its tree, when they all load and
/// meet every constraint (the common case); `None` when there is anything
/// to report, or the file is not a plain list of records: the tree path
/// then reads it and says what.
pub(super) fn streamed(text: &str, schemas: &Schemas) -> Option<(FileKind, FileRecords)> {
    fn all<T: DeserializeOwned + Validate>(r: &mut yaml::Records<'_>, out: &mut Vec<(u32, T)>) -> Option<()> {
        // Every file's records are held until they are merged: no spare
        // room.
        out.reserve_exact(r.count_hint());
        while let Some(rec) = r.next::<T>().ok()? {
            if !rec.problems().is_empty() {
                return None;
            }
            out.push((out.len() as u32, rec));
        }
        Some(())
    }
    let mut r = yaml::records(text)?;
    let kind = FileKind::from_key(r.key())?;
    if schemas.validates(kind) {
        return None;
    }
    let mut records = FileRecords::default();
    match kind {
        FileKind::Dataset => return None,
        FileKind::Sources => all(&mut r, &mut records.sources)?,
        FileKind::Entities => all(&mut r, &mut records.entities)?,
        FileKind::Metrics => all(&mut r, &mut records.metrics)?,
        FileKind::Claims => all(&mut r, &mut records.claims)?,
    }
    r.finish().then_some((kind, records))
}

/// Parses the text of one record file through its tree.
pub(super) fn parse_tree(text: &str, schemas: &Schemas) -> (Option<FileKind>, FileRecords, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut records = FileRecords::default();
    let parsed = match yaml::parse(text) {
        Ok(p) => p,
        Err(e) => {
            let help = if e.message.contains("a tab") {
                "replace the tab with spaces (record files indent by two spaces per level)"
            } else if e.message.contains("unclosed quote") {
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
            if let Some(open) = unclosed_quote_before(text, e.span.0 as usize)
                && open < e.span.0 as usize
            {
                d = d.related(Span::new(0, (open as u32, open as u32 + 1)), "this quoted string is not closed on its line");
            }
            diags.push(d);
            // The records of this file are lost: keep what can be read of
            // them from the text, so that what follows from their absence
            // is not reported as well.
            scan_failed_text(text, &mut records);
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
        note_failed(&root, &mut records);
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
            Some(_) => {
                diags.push(
                    diag(shape, k.span, format!("a second kind of record, `{key}`, in one file"))
                        .help("put each kind of record in its own file"),
                );
                note_failed(v, &mut records);
            }
            None => {
                diags.push(
                    diag(shape, k.span, format!("unknown top-level key `{key}`"))
                        .help("a record file has one top-level key: `claims`, `sources`, `entities`, `metrics` or `dataset`"),
                );
                note_failed(v, &mut records);
            }
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
    fn list<T: DeserializeOwned + Validate>(
        node: &Node,
        key: &str,
        pick: fn(&mut FileRecords) -> &mut Vec<(u32, T)>,
        out: &mut FileRecords,
        diags: &mut Vec<Diagnostic>,
    ) {
        let NodeKind::Seq(items) = &node.kind else {
            diags.push(diag(
                &schema::shape::RULE,
                node.span,
                format!("`{key}` must be a list of records (each item starting with `- id: ...`)"),
            ));
            note_failed(node, out);
            return;
        };
        pick(out).reserve(items.len());
        for (i, item) in items.iter().enumerate() {
            match read_checked::<T>(item, diags) {
                Some((rec, valid)) => {
                    pick(out).push((i as u32, rec));
                    if !valid {
                        out.constraint_failed.push(i as u32);
                    }
                }
                None => note_failed(item, out),
            }
        }
    }
    let key = kind.key();
    match kind {
        FileKind::Dataset => match read_checked::<DatasetMeta>(node, diags) {
            Some((m, valid)) => {
                out.meta = Some(m);
                if !valid {
                    out.constraint_failed.push(0);
                }
            }
            None => note_failed(node, out),
        },
        FileKind::Sources => list(node, key, |r| &mut r.sources, out, diags),
        FileKind::Entities => list(node, key, |r| &mut r.entities, out, diags),
        FileKind::Metrics => list(node, key, |r| &mut r.metrics, out, diags),
        FileKind::Claims => list(node, key, |r| &mut r.claims, out, diags),
    }
}

/// Notes what did not load: the ids of the records in `node` (a record,
/// or a list of them that could not be read), and every id-like word they
/// name.
fn note_failed(node: &Node, out: &mut FileRecords) {
    match &node.kind {
        NodeKind::Scalar { .. } => {
            if let Some(s) = node.as_str().filter(|s| wbd_schema::scalar::is_slug(s)) {
                out.mentions.push(s.to_string());
            }
        }
        NodeKind::Seq(items) => items.iter().for_each(|i| note_failed(i, out)),
        NodeKind::Map(entries) => {
            if let Some(id) = node.get("id")
                && let Some(s) = id.as_str()
            {
                out.failed.push((s.to_string(), id.span));
            }
            entries.iter().for_each(|(_, v)| note_failed(v, out));
        }
    }
}

/// Reads what it can of a file that does not parse: the kind of its
/// records (its first top-level key), the ids after each `id:`, and every
/// id-like word in it. A guess, but one that only ever hides findings that
/// name these ids.
pub(super) fn scan_failed_text(text: &str, out: &mut FileRecords) {
    out.failed_kind = text
        .lines()
        .filter(|l| !l.starts_with([' ', '\t', '#', '-']))
        .find_map(|l| l.split_once(':').and_then(|(k, _)| FileKind::from_key(k.trim())));
    let slug_byte = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-';
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices("id:") {
        if i > 0 && !matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'{' | b',' | b'-') {
            continue;
        }
        let mut start = i + 3;
        while start < bytes.len() && matches!(bytes[start], b' ' | b'\t' | b'"' | b'\'') {
            start += 1;
        }
        let end = start + bytes[start..].iter().take_while(|b| slug_byte(**b)).count();
        let id = &text[start..end];
        if wbd_schema::scalar::is_slug(id) {
            out.failed.push((id.to_string(), (start as u32, end as u32)));
        }
    }
    let mut seen = crate::hash::FastSet::default();
    for word in text.split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')) {
        if wbd_schema::scalar::is_slug(word) && seen.insert(word) {
            out.mentions.push(word.to_string());
        }
    }
}

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
    let found = rec.problems();
    if !found.is_empty() {
        let mut located: Vec<(yaml::ByteSpan, String)> = found
            .into_iter()
            .map(|(path, msg)| {
                let at = node.find(&path);
                let field = path.rsplit('.').next().unwrap_or(&path).to_string();
                let sep = if msg.starts_with('`') { ": " } else { " " };
                (at.span, format!("`{field}`{sep}{msg}"))
            })
            .collect();
        // In the file's order, as every other finding.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_does_not_parse_still_names_its_records() {
        let text = "# c\nclaims:\n  - id: a-1\n    paid: x-9\n    citations:\n      - source: src-1\n  - {id: 'a-2', note: \"open\n  -   id:   a-3\n";
        let mut r = FileRecords::default();
        scan_failed_text(text, &mut r);
        assert_eq!(r.failed_kind, Some(FileKind::Claims));
        let ids: Vec<&str> = r.failed.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["a-1", "a-2", "a-3"]);
        let (id, (a, b)) = &r.failed[0];
        assert_eq!(&text[*a as usize..*b as usize], id);
        assert!(r.mentions.iter().any(|m| m == "src-1") && r.mentions.iter().any(|m| m == "x-9"));
    }

    #[test]
    fn a_record_that_does_not_load_names_its_id_and_what_it_cites() {
        let text =
            "claims:\n  - id: a-1\n    perid: 2023\n    citations:\n      - source: src-1\n  - id: a-2\n    subject: rs\n    metric: m\n";
        let (_, r, diags) = parse_records(text, &Schemas::none());
        assert!(!diags.is_empty());
        let ids: Vec<&str> = r.failed.iter().map(|(id, _)| id.as_str()).collect();
        assert!(ids.contains(&"a-1"), "{ids:?}");
        assert!(r.mentions.iter().any(|m| m == "src-1"));
    }
}
