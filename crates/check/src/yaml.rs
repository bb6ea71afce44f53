//! A span-preserving YAML tree, built from granit-parser's events, and a
//! serde `Deserializer` over it.
//!
//! Every node keeps the byte range it came from, so any error found while
//! deserializing or validating a record points at the exact value. Keys keep
//! their own spans, duplicate keys are found with both places, and the
//! limits (nesting depth, alias expansion) are enforced while the tree is
//! built, so no input can make it deep or large.

use std::borrow::Cow;

use granit_parser::{Event, Parser, ScalarStyle};

mod de;
pub(crate) mod fast;

pub(crate) use de::edit_distance_within;
#[cfg(test)]
pub(crate) use de::{CELLS, edit_distance};
pub use de::{DeError, NodeDe, from_node};
pub use fast::{Records, records};

/// Byte range in the file's text.
pub type ByteSpan = (u32, u32);

/// Deepest nesting of mappings and sequences a file may have.
pub const MAX_DEPTH: usize = 64;
/// Most nodes that aliases may add to one file by expansion.
pub const MAX_ALIAS_NODES: usize = 100_000;

/// A node of the tree. Scalars borrow their text from the file's text
/// where the parser could (plain and simple quoted scalars), so building
/// the tree allocates little.
#[derive(Clone, Debug)]
pub struct Node<'a> {
    pub span: ByteSpan,
    pub kind: NodeKind<'a>,
}

#[derive(Clone, Debug)]
pub enum NodeKind<'a> {
    /// A scalar: its text after escapes, and whether it was written plain
    /// (unquoted, so `13` is a number and `~` is null).
    Scalar {
        text: Cow<'a, str>,
        plain: bool,
    },
    Seq(Vec<Node<'a>>),
    Map(Vec<(Node<'a>, Node<'a>)>),
}

/// What a plain scalar resolves to under the YAML 1.2 core schema.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Resolved<'a> {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(&'a str),
    Str(&'a str),
}

pub fn resolve(text: &str, plain: bool) -> Resolved<'_> {
    if !plain {
        return Resolved::Str(text);
    }
    // Nulls, booleans and numbers all start with one of these.
    if !matches!(text.as_bytes().first(), None | Some(b'0'..=b'9' | b'+' | b'-' | b'.' | b'~' | b'n' | b'N' | b't' | b'T' | b'f' | b'F')) {
        return Resolved::Str(text);
    }
    resolve_plain(text)
}

/// [`resolve`] for a plain scalar, without the first byte's shortcut.
fn resolve_plain(text: &str) -> Resolved<'_> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "true" | "True" | "TRUE" => return Resolved::Bool(true),
        "false" | "False" | "FALSE" => return Resolved::Bool(false),
        _ => {}
    }
    let b = text.as_bytes();
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    let (neg, body) = match b[0] {
        b'-' => (true, &b[1..]),
        b'+' => (false, &b[1..]),
        _ => (false, b),
    };
    if digits(body) {
        if neg {
            if let Ok(v) = text.parse::<i64>() {
                return Resolved::Int(v);
            }
        } else if let Ok(v) = text.trim_start_matches('+').parse::<u64>() {
            return Resolved::UInt(v);
        }
        return Resolved::Float(text);
    }
    // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    let (mant, exp) = match body.iter().position(|c| *c == b'e' || *c == b'E') {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let mant_ok = match mant.iter().position(|c| *c == b'.') {
        Some(i) => {
            let (a, f) = (&mant[..i], &mant[i + 1..]);
            (digits(a) && (f.is_empty() || digits(f))) || (a.is_empty() && digits(f))
        }
        None => digits(mant),
    };
    let exp_ok = exp.is_none_or(|e| {
        let e = e.strip_prefix(b"-").or_else(|| e.strip_prefix(b"+")).unwrap_or(e);
        digits(e)
    });
    if mant_ok && exp_ok && !mant.is_empty() {
        return Resolved::Float(text);
    }
    if matches!(text, ".inf" | ".Inf" | ".INF" | "-.inf" | "+.inf" | ".nan" | ".NaN" | ".NAN") {
        return Resolved::Float(text);
    }
    Resolved::Str(text)
}

impl<'a> Node<'a> {
    pub fn resolved(&self) -> Option<Resolved<'_>> {
        match &self.kind {
            NodeKind::Scalar { text, plain } => Some(resolve(text, *plain)),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        match &self.kind {
            NodeKind::Map(entries) => entries.iter().find(|(k, _)| k.as_str() == Some(key)).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The node at a path such as `claims[3].citations[0].quote`, or the
    /// deepest node on the way when the rest does not exist (a field left
    /// out points at its record).
    pub fn find(&self, path: &str) -> &Node<'a> {
        let mut node = self;
        for seg in path_segments(path) {
            let next = match seg {
                Seg::Key(k) => node.get(k),
                Seg::Index(i) => match &node.kind {
                    NodeKind::Seq(items) => items.get(i),
                    _ => None,
                },
            };
            match next {
                Some(n) => node = n,
                None => break,
            }
        }
        node
    }

    /// The span of the key of `key` in this mapping.
    pub fn key_span(&self, key: &str) -> Option<ByteSpan> {
        match &self.kind {
            NodeKind::Map(entries) => entries.iter().find(|(k, _)| k.as_str() == Some(key)).map(|(k, _)| k.span),
            _ => None,
        }
    }

    /// The YAML as JSON, with plain scalars resolved by the core schema.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.kind {
            NodeKind::Scalar { text, plain } => match resolve(text, *plain) {
                Resolved::Null => J::Null,
                Resolved::Bool(b) => J::Bool(b),
                Resolved::Int(i) => J::from(i),
                Resolved::UInt(u) => J::from(u),
                Resolved::Float(f) => {
                    f.parse::<f64>().ok().and_then(serde_json::Number::from_f64).map_or_else(|| J::String(f.to_string()), J::Number)
                }
                Resolved::Str(s) => J::String(s.to_string()),
            },
            NodeKind::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            NodeKind::Map(entries) => {
                let mut m = serde_json::Map::with_capacity(entries.len());
                for (k, v) in entries {
                    let key = k.as_str().map_or_else(|| k.to_json().to_string(), str::to_string);
                    m.insert(key, v.to_json());
                }
                J::Object(m)
            }
        }
    }
}

pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// Splits `a.b[2].c` into its segments.
pub fn path_segments(path: &str) -> impl Iterator<Item = Seg<'_>> {
    path.split('.').filter(|s| !s.is_empty()).flat_map(|part| {
        let (key, rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        let key = (!key.is_empty()).then_some(Seg::Key(key));
        let idx = rest.split('[').filter_map(|s| s.trim_end_matches(']').parse().ok()).map(Seg::Index).collect::<Vec<_>>();
        key.into_iter().chain(idx)
    })
}

/// A problem that stops the file from being read as YAML.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub message: String,
    pub span: ByteSpan,
}

/// A key that appears twice in one mapping.
#[derive(Debug, Clone)]
pub struct DuplicateKey {
    pub key: String,
    pub first: ByteSpan,
    pub again: ByteSpan,
}

/// The result of parsing one file.
pub struct Parsed<'a> {
    /// The document's root, `None` for an empty file.
    pub root: Option<Node<'a>>,
    pub duplicates: Vec<DuplicateKey>,
}

enum Frame<'a> {
    Seq(ByteSpan, Vec<Node<'a>>, usize),
    Map(ByteSpan, Vec<(Node<'a>, Node<'a>)>, Option<Node<'a>>, usize),
}

/// Parses one YAML document into a tree.
pub fn parse(text: &str) -> Result<Parsed<'_>, SyntaxError> {
    match fast::parse(text) {
        Some(p) => Ok(p),
        None => parse_general(text),
    }
}

/// Parses any YAML with granit-parser (the fast path's fallback, and the
/// source of every syntax error).
pub fn parse_general(text: &str) -> Result<Parsed<'_>, SyntaxError> {
    let source = text;
    let mut opts = granit_parser::Options::default();
    opts.flow_nesting_limit = MAX_DEPTH * 2;
    opts.block_nesting_limit = MAX_DEPTH * 2;
    let parser = Parser::new_from_str_with_options(text, opts);
    let mut stack: Vec<Frame<'_>> = Vec::new();
    let mut anchors: Vec<(usize, Node<'_>)> = Vec::new();
    let mut alias_nodes = 0usize;
    let mut root: Option<Node> = None;
    let mut duplicates = Vec::new();
    let mut documents = 0;
    let len = text.len() as u32;

    let span_of = |s: &granit_parser::Span| -> ByteSpan {
        let a = s.start.byte_offset().unwrap_or(0) as u32;
        let b = s.end.byte_offset().unwrap_or(a as usize) as u32;
        (a.min(len), b.max(a).min(len))
    };

    for item in parser {
        let (event, span) = item.map_err(|e| {
            let off = (e.marker().byte_offset().unwrap_or(0) as u32).min(len);
            let message = e.info().to_string();
            match misplaced_tab(source, off as usize, &message) {
                Some((at, message)) => SyntaxError { message, span: (at, at + 1) },
                None => SyntaxError { message, span: (off, off) },
            }
        })?;
        let sp = span_of(&span);
        let node = match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => continue,
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    return Err(SyntaxError { message: "a record file holds one YAML document; remove the second `---`".into(), span: sp });
                }
                continue;
            }
            Event::Scalar(text, style, anchor, tag) => {
                let plain = matches!(style, ScalarStyle::Plain) && tag.is_none();
                // A block scalar ends with its last character, not at the
                // next token.
                let sp = if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
                    let body = &source[sp.0 as usize..sp.1 as usize];
                    (sp.0, sp.0 + body.trim_end().len() as u32)
                } else {
                    sp
                };
                let node = Node { span: sp, kind: NodeKind::Scalar { text, plain } };
                if anchor != 0 {
                    anchors.push((anchor, node.clone()));
                }
                node
            }
            Event::Alias(id) => {
                let Some((_, target)) = anchors.iter().rev().find(|(a, _)| *a == id) else {
                    return Err(SyntaxError { message: "alias to an unknown anchor".into(), span: sp });
                };
                alias_nodes += count_nodes(target, MAX_ALIAS_NODES + 1);
                if alias_nodes > MAX_ALIAS_NODES {
                    return Err(SyntaxError {
                        message: format!(
                            "aliases expand to more than {MAX_ALIAS_NODES} nodes; the file looks like an alias bomb (\"billion laughs\")"
                        ),
                        span: sp,
                    });
                }
                Node { span: sp, kind: target.kind.clone() }
            }
            Event::SequenceStart(_, anchor, _) => {
                push_frame(&mut stack, Frame::Seq(sp, Vec::new(), anchor), sp)?;
                continue;
            }
            Event::MappingStart(_, anchor, _) => {
                push_frame(&mut stack, Frame::Map(sp, Vec::new(), None, anchor), sp)?;
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = stack.pop() else { continue };
                let (node, anchor) = match frame {
                    // A collection ends where its last value ends (the
                    // parser's end event sits at the next token).
                    Frame::Seq(start, items, anchor) => {
                        let end = items.last().map_or(sp.1, |n| n.span.1).max(start.0);
                        (Node { span: (start.0, end), kind: NodeKind::Seq(items) }, anchor)
                    }
                    Frame::Map(start, mut entries, _, anchor) => {
                        let end = entries.last().map_or(sp.1, |(_, v)| v.span.1).max(start.0);
                        dedupe_map(&mut entries, &mut duplicates);
                        (Node { span: (start.0, end), kind: NodeKind::Map(entries) }, anchor)
                    }
                };
                if anchor != 0 {
                    anchors.push((anchor, node.clone()));
                }
                node
            }
            _ => continue,
        };
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::Seq(_, items, _)) => items.push(node),
            Some(Frame::Map(_, entries, pending, _)) => match pending.take() {
                None => *pending = Some(node),
                Some(key) => entries.push((key, node)),
            },
        }
    }
    Ok(Parsed { root, duplicates })
}

/// granit reports a tab at the start of the construct it was reading (a
/// plain scalar that the tab's line would continue, say: the line before),
/// not at the tab. For its tab errors, the first tab from there on: its
/// offset, and what is wrong with it.
fn misplaced_tab(text: &str, from: usize, message: &str) -> Option<(u32, String)> {
    if !message.contains("tab") {
        return None;
    }
    let at = from + text.get(from..)?.find('\t')?;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let message = if text[line_start..at].bytes().all(|b| b == b' ' || b == b'\t') {
        "a tab in the indentation of this line: YAML indents with spaces only".to_string()
    } else {
        format!("a tab where YAML does not allow one ({message})")
    };
    Some((at as u32, message))
}

fn push_frame<'a>(stack: &mut Vec<Frame<'a>>, frame: Frame<'a>, sp: ByteSpan) -> Result<(), SyntaxError> {
    if stack.len() >= MAX_DEPTH {
        return Err(SyntaxError { message: format!("nesting deeper than {MAX_DEPTH} levels; records are never this deep"), span: sp });
    }
    stack.push(frame);
    Ok(())
}

fn count_nodes(node: &Node<'_>, cap: usize) -> usize {
    let mut n = 1;
    match &node.kind {
        NodeKind::Scalar { .. } => {}
        NodeKind::Seq(items) => {
            for i in items {
                n += count_nodes(i, cap);
                if n > cap {
                    break;
                }
            }
        }
        NodeKind::Map(entries) => {
            for (k, v) in entries {
                n += count_nodes(k, cap) + count_nodes(v, cap);
                if n > cap {
                    break;
                }
            }
        }
    }
    n
}

/// Reports repeated keys of a mapping and keeps the first of each, so the
/// record is still read (the repeat is reported).
fn dedupe_map(entries: &mut Vec<(Node<'_>, Node<'_>)>, duplicates: &mut Vec<DuplicateKey>) {
    let before = duplicates.len();
    find_duplicates(entries, duplicates);
    for d in &duplicates[before..] {
        entries.retain(|(k, _)| k.span != d.again);
    }
}

fn find_duplicates(entries: &[(Node<'_>, Node<'_>)], out: &mut Vec<DuplicateKey>) {
    if entries.len() < 2 {
        return;
    }
    // Small maps are the rule: a quadratic scan over a record's keys beats
    // hashing them.
    if entries.len() <= 32 {
        for (i, (k, _)) in entries.iter().enumerate() {
            let Some(name) = k.as_str() else { continue };
            if let Some((first, _)) = entries[..i].iter().find(|(p, _)| p.as_str() == Some(name)) {
                out.push(DuplicateKey { key: name.to_string(), first: first.span, again: k.span });
            }
        }
        return;
    }
    let mut seen = std::collections::HashMap::with_capacity(entries.len());
    for (k, _) in entries {
        let Some(name) = k.as_str() else { continue };
        if let Some(first) = seen.insert(name, k.span) {
            out.push(DuplicateKey { key: name.to_string(), first, again: k.span });
            seen.insert(name, first);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_like_the_core_schema() {
        assert_eq!(resolve("13", true), Resolved::UInt(13));
        assert_eq!(resolve("-4", true), Resolved::Int(-4));
        assert_eq!(resolve("1.30", true), Resolved::Float("1.30"));
        assert_eq!(resolve("1.30", false), Resolved::Str("1.30"));
        assert_eq!(resolve("~", true), Resolved::Null);
        assert_eq!(resolve("2024-03-28", true), Resolved::Str("2024-03-28"));
        assert_eq!(resolve("8.7 %", true), Resolved::Str("8.7 %"));
        assert_eq!(resolve("1e3", true), Resolved::Float("1e3"));
    }

    #[test]
    fn keeps_spans_and_finds_paths() {
        let text = "claims:\n  - id: a\n    value: 13\n  - id: b\n";
        let p = parse(text).unwrap();
        let root = p.root.unwrap();
        let n = root.find("claims[1].id");
        assert_eq!(&text[n.span.0 as usize..n.span.1 as usize], "b");
        let missing = root.find("claims[0].quote");
        assert_eq!(missing.span.0, 12);
    }

    #[test]
    fn duplicates_and_limits() {
        let p = parse("a: 1\nb: 2\na: 3\n").unwrap();
        assert_eq!(p.duplicates.len(), 1);
        assert_eq!(p.duplicates[0].again, (10, 11));
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse(&deep).is_err());
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            bomb.push_str(&format!(
                "b{i}: &b{i} [{}]\n",
                vec![if i == 1 { "*a".to_string() } else { format!("*b{}", i - 1) }; 10].join(", ")
            ));
        }
        let e = parse(&bomb).err().unwrap();
        assert!(e.message.contains("alias"), "{}", e.message);
    }
}

#[cfg(test)]
mod fast_path_agrees;
