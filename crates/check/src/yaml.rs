//! A span-preserving YAML tree, built from granit-parser's events, and a
//! serde `Deserializer` over it.
//!
//! Every node keeps the byte range it came from, so any error found while
//! deserializing or validating a record points at the exact value. Keys keep
//! their own spans, duplicate keys are found with both places, and the
//! limits (nesting depth, alias expansion) are enforced while the tree is
//! built, so no input can make it deep or large.

use std::borrow::Cow;
use std::fmt;

use granit_parser::{Event, Parser, ScalarStyle};

mod fast;
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};

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

// ------------------------------------------------------------------ serde

/// A deserialization error, with the span of the node it is about.
#[derive(Debug)]
pub struct DeError {
    pub message: String,
    pub span: Option<ByteSpan>,
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError { message: msg.to_string(), span: None }
    }
    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        let hint = closest(field, expected).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
        DeError { message: format!("unknown field `{}`{hint} (expected one of: {})", shown(field), expected.join(", ")), span: None }
    }
    fn missing_field(field: &'static str) -> Self {
        DeError { message: format!("missing field `{field}`"), span: None }
    }
    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        let hint = closest(variant, expected).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
        DeError { message: format!("`{}` is not one of: {}{hint}", shown(variant), expected.join(", ")), span: None }
    }
}

/// The candidate closest to `word` by edit distance, when it is close.
/// Cheap whatever `word` is: a candidate whose length is out of reach is
/// skipped without comparing (a 1 MB key costs no more than a short one).
fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .filter_map(|c| edit_distance_within(word, c, 2.max(c.len() / 3)).map(|d| (d, *c)))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance, for "did you mean" suggestions.
#[cfg(test)]
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    edit_distance_within(a, b, usize::MAX / 2).unwrap_or(usize::MAX)
}

/// The Levenshtein distance of `a` and `b` (in characters) when it is at
/// most `limit`, else `None`. The work is bounded by the shorter string
/// and the limit, not by the longer string: lengths that differ by more
/// than `limit` are refused after reading at most `len(b) + limit + 1`
/// characters of `a`, only cells within `limit` of the diagonal are
/// computed, and a row with no cell within the limit ends it.
pub(crate) fn edit_distance_within(a: &str, b: &str, limit: usize) -> Option<usize> {
    let b: Vec<char> = b.chars().collect();
    let a: Vec<char> = a.chars().take(b.len().saturating_add(limit).saturating_add(1)).collect();
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > limit {
        return None;
    }
    let big = limit.saturating_add(1);
    let mut prev: Vec<usize> = (0..=m).map(|j| j.min(big)).collect();
    let mut cur = vec![big; m + 1];
    for i in 1..=n {
        let lo = i.saturating_sub(limit).max(1);
        let hi = i.saturating_add(limit).min(m);
        let mut row_min = big;
        if lo == 1 {
            cur[0] = i.min(big);
            row_min = cur[0];
        } else {
            cur[lo - 1] = big;
        }
        for j in lo..=hi {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let v = sub.min(prev[j] + 1).min(cur[j - 1] + 1).min(big);
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if hi < m {
            cur[hi + 1] = big;
        }
        #[cfg(test)]
        CELLS.with(|c| c.set(c.get() + (hi + 1 - lo)));
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    (prev[m] <= limit).then_some(prev[m])
}

#[cfg(test)]
thread_local! {
    /// Cells of the edit distance computed on this thread, for the tests
    /// that bound the work of suggestions.
    pub(crate) static CELLS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// A key or value as shown in a message: long ones are cut, so that a
/// hostile 1 MB key gives a one-line message.
fn shown(s: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 60;
    match s.char_indices().nth(MAX) {
        None => s.into(),
        Some((cut, _)) => format!("{}… ({} characters)", &s[..cut], s.chars().count()).into(),
    }
}

fn at(span: ByteSpan) -> impl FnOnce(DeError) -> DeError {
    move |mut e| {
        e.span.get_or_insert(span);
        e
    }
}

/// Deserializes a `T` from a node; errors carry the span of the node at fault.
pub fn from_node<'de, T: de::Deserialize<'de>>(node: &'de Node<'de>) -> Result<T, DeError> {
    T::deserialize(NodeDe(node)).map_err(at(node.span))
}

pub struct NodeDe<'a>(pub &'a Node<'a>);

impl<'a> NodeDe<'a> {
    fn unexpected(&self) -> de::Unexpected<'a> {
        match &self.0.kind {
            NodeKind::Seq(_) => de::Unexpected::Seq,
            NodeKind::Map(_) => de::Unexpected::Map,
            NodeKind::Scalar { text, plain } => match resolve(text, *plain) {
                Resolved::Null => de::Unexpected::Unit,
                Resolved::Bool(b) => de::Unexpected::Bool(b),
                Resolved::Int(i) => de::Unexpected::Signed(i),
                Resolved::UInt(u) => de::Unexpected::Unsigned(u),
                Resolved::Float(_) => de::Unexpected::Other("a number"),
                Resolved::Str(s) => de::Unexpected::Str(s),
            },
        }
    }
    fn scalar(&self) -> Option<Resolved<'a>> {
        self.0.resolved()
    }
}

macro_rules! de_via_any {
    ($($m:ident)*) => {$(
        fn $m<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> { self.deserialize_any(v) }
    )*};
}

impl<'de> de::Deserializer<'de> for NodeDe<'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        let span = self.0.span;
        let r = match &self.0.kind {
            NodeKind::Scalar { text, plain } => match resolve(text, *plain) {
                Resolved::Null => v.visit_unit(),
                Resolved::Bool(b) => v.visit_bool(b),
                Resolved::Int(i) => v.visit_i64(i),
                Resolved::UInt(u) => v.visit_u64(u),
                Resolved::Float(f) => match f.parse::<f64>() {
                    Ok(x) => v.visit_f64(x),
                    Err(_) => v.visit_str(f),
                },
                Resolved::Str(s) => v.visit_borrowed_str(s),
            },
            NodeKind::Seq(items) => v.visit_seq(Seq { iter: items.iter() }),
            NodeKind::Map(entries) => v.visit_map(Map { iter: entries.iter(), value: None }),
        };
        r.map_err(at(span))
    }

    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        match self.scalar() {
            Some(Resolved::Str(s)) => v.visit_borrowed_str(s).map_err(at(self.0.span)),
            _ => Err(de::Error::invalid_type(self.unexpected(), &v)).map_err(at(self.0.span)),
        }
    }
    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        self.deserialize_str(v)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        match self.scalar() {
            Some(Resolved::Null) => v.visit_none(),
            _ => v.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, v: V) -> Result<V::Value, DeError> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(self, _: &'static str, _: &'static [&'static str], v: V) -> Result<V::Value, DeError> {
        let span = self.0.span;
        match self.scalar() {
            Some(Resolved::Str(s)) => v.visit_enum(s.into_deserializer()).map_err(at(span)),
            _ => Err(de::Error::invalid_type(self.unexpected(), &v)).map_err(at(span)),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        match self.scalar() {
            Some(Resolved::Null) => v.visit_unit(),
            _ => Err(de::Error::invalid_type(self.unexpected(), &v)).map_err(at(self.0.span)),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, DeError> {
        v.visit_unit()
    }

    de_via_any! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f32 deserialize_f64
        deserialize_char deserialize_bytes deserialize_byte_buf deserialize_seq deserialize_map
        deserialize_identifier
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, v: V) -> Result<V::Value, DeError> {
        self.deserialize_unit(v)
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, v: V) -> Result<V::Value, DeError> {
        self.deserialize_any(v)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _: &'static str, _: usize, v: V) -> Result<V::Value, DeError> {
        self.deserialize_any(v)
    }
    fn deserialize_struct<V: Visitor<'de>>(self, _: &'static str, _: &'static [&'static str], v: V) -> Result<V::Value, DeError> {
        match &self.0.kind {
            NodeKind::Map(_) => self.deserialize_any(v),
            _ => Err(de::Error::invalid_type(self.unexpected(), &v)).map_err(at(self.0.span)),
        }
    }
}

struct Seq<'a> {
    iter: std::slice::Iter<'a, Node<'a>>,
}

impl<'de> SeqAccess<'de> for Seq<'de> {
    type Error = DeError;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, DeError> {
        match self.iter.next() {
            Some(n) => seed.deserialize(NodeDe(n)).map(Some).map_err(at(n.span)),
            None => Ok(None),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

struct Map<'a> {
    iter: std::slice::Iter<'a, (Node<'a>, Node<'a>)>,
    value: Option<&'a Node<'a>>,
}

impl<'de> MapAccess<'de> for Map<'de> {
    type Error = DeError;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, DeError> {
        match self.iter.next() {
            Some((k, v)) => {
                self.value = Some(v);
                let key: Cow<'de, str> = match &k.kind {
                    NodeKind::Scalar { text, .. } => Cow::Borrowed(text),
                    _ => return Err(DeError { message: "a key must be a plain word".into(), span: Some(k.span) }),
                };
                let de = match key {
                    Cow::Borrowed(s) => de::value::BorrowedStrDeserializer::<DeError>::new(s),
                    Cow::Owned(_) => unreachable!("keys are borrowed from the tree"),
                };
                seed.deserialize(de).map(Some).map_err(at(k.span))
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let v = self.value.take().ok_or_else(|| <DeError as de::Error>::custom("value without a key"))?;
        seed.deserialize(NodeDe(v)).map_err(at(v.span))
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
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
mod fast_path_agrees {
    //! Wherever the fast path answers, its tree must be the general
    //! parser's, spans included; and it must answer on the dataset's files.
    use super::*;

    fn same(a: &Node, b: &Node, path: &str) -> Result<(), String> {
        if a.span != b.span {
            return Err(format!("{path}: span {:?} vs {:?}", a.span, b.span));
        }
        match (&a.kind, &b.kind) {
            (NodeKind::Scalar { text: x, plain: p }, NodeKind::Scalar { text: y, plain: q }) if x == y && p == q => Ok(()),
            (NodeKind::Seq(x), NodeKind::Seq(y)) if x.len() == y.len() => {
                x.iter().zip(y).enumerate().try_for_each(|(i, (a, b))| same(a, b, &format!("{path}[{i}]")))
            }
            (NodeKind::Map(x), NodeKind::Map(y)) if x.len() == y.len() => x.iter().zip(y).try_for_each(|((ka, va), (kb, vb))| {
                same(ka, kb, &format!("{path}.key"))?;
                same(va, vb, &format!("{path}.{}", ka.as_str().unwrap_or("?")))
            }),
            (x, y) => Err(format!("{path}: {x:?} vs {y:?}")),
        }
    }

    fn check(text: &str) -> bool {
        let Some(fast) = fast::parse(text) else { return false };
        let general = parse_general(text).unwrap_or_else(|e| panic!("fast path accepted what granit rejects: {}\n{text}", e.message));
        match (&fast.root, &general.root) {
            (Some(a), Some(b)) => same(a, b, "").unwrap_or_else(|e| panic!("{e}\n{text}")),
            (None, None) => {}
            _ => panic!("one root is empty\n{text}"),
        }
        let spans = |p: &Parsed| p.duplicates.iter().map(|d| (d.first, d.again)).collect::<Vec<_>>();
        assert_eq!(spans(&fast), spans(&general), "{text}");
        true
    }

    #[test]
    fn edit_distance_is_levenshtein_within_the_limit() {
        for (a, b, d) in [("", "", 0), ("period", "perid", 1), ("kitten", "sitting", 3), ("šđč", "sdc", 3), ("abc", "", 3)] {
            assert_eq!(super::edit_distance(a, b), d, "{a} {b}");
            assert_eq!(super::edit_distance_within(a, b, d), Some(d), "{a} {b}");
            if d > 0 {
                assert_eq!(super::edit_distance_within(a, b, d - 1), None, "{a} {b}");
            }
        }
    }

    /// An unknown key of 1 MB is compared with each field name at the cost
    /// of a short key (it was a full Levenshtein of 1 MB per field, 6.4 s),
    /// and the message shows it cut.
    #[test]
    fn a_one_megabyte_unknown_key_costs_what_a_short_one_does() {
        use serde::de::Error;
        const FIELDS: &[&str] = &["id", "subject", "metric", "period", "scope", "value", "citations", "conflicts_with"];
        let cells = |key: &str| {
            super::CELLS.with(|c| c.set(0));
            let e = super::DeError::unknown_field(key, FIELDS);
            (super::CELLS.with(|c| c.get()), e.message)
        };
        let (short, _) = cells("xperiodx");
        let huge = "x".repeat(1 << 20);
        let (long, message) = cells(&huge);
        assert!(long <= short.max(1) * 4, "{long} cells for a 1 MB key, {short} for a short one");
        assert!(message.len() < 300 && message.contains("(1048576 characters)"), "{}", &message[..message.len().min(300)]);
    }

    #[test]
    fn on_tricky_snippets() {
        let answered = [
            "a: 1\n",
            "# c\n\nclaims:\n  - id: a-1 # x\n    n: 13\n    q: \"x \\\"y\\\" z\"\n    s: 'it''s'\n    l: [a, \"b\"]\n    m: {k: v, n: 2}\n    f: >-\n      one\n      two\n\n      three\n    e:\n    z: ~\n  - plain\n",
            "a:\n  b:\n    c: d\n  e: [ ]\n  f: {}\n",
            "a: |\n  line one\n  line two\n\nb: >\n  folded\n  text\n",
            "k: v\nk: w\n",
            "a: http://x.org/a#b\nb: 'x # y'\nc: x#y\n",
            "",
            "# only a comment\n",
            "a: [b, [c]]\n",
            "claims: [{id: a-1, citations: [{source: s, quote: \"x, y\"}], m: {}}, {id: a-2, l: [ ], n: [[], {}]}]\n",
            "{\"claims\": [{\"id\": \"a-1\", \"n\": 2, \"v\": null, \"e\": {\"value\": \"USD 1\"}}]}\n",
            "a: {'k': v, \"q\": [1, 2]}  # c\n",
            "[a, {b: c}]\n",
            &format!("a: {}{}\n", "[".repeat(63), "]".repeat(63)),
            "a: [-1, -b, x-, 'a b', b c d]\n",
            "a: [it's, say \"x\", 'it''s', \"q\\\"\"]\n",
        ];
        for t in answered {
            assert!(check(t), "the fast path should answer:\n{t}");
        }
        let declined = [
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "---\na: 1\n",
            "a:\n- x\n",
            "a: b\n  c\n",
            "a: \"x\n  y\"\n",
            "a:\tb\n",
            "a: [b, [c]\n",
            "a: {k: v, k: w}\n",
            "a: [b,\n  c]\n",
            "a: {\"k\":v}\n",
            "a: [b, c] x\n",
            "a: [- b]\n",
            "a: [b, -]\n",
            "a: {k: |x}\n",
            "a: [@b]\n",
            &format!("a: {}{}\n", "[".repeat(64), "]".repeat(64)),
            &format!("{}{}\n", "{a: ".repeat(65), "}".repeat(65)),
            "? a\n: b\n",
            "a: b: c\n",
            "- a\n",
            "a: >2\n   x\n",
            "a: 'x\n",
        ];
        for t in declined {
            assert!(!check(t), "the fast path should leave this to granit:\n{t}");
        }
    }

    /// The same records in block style, in flow style and as JSON, one
    /// line per file as a converter writes them: the fast path answers all
    /// three (none falls back to the general parser, which cost flow files
    /// 2.7 times block ones) and agrees with granit.
    #[test]
    fn records_in_flow_style_take_the_fast_path() {
        let (mut block, mut flow, mut json) = (String::from("claims:\n"), Vec::new(), Vec::new());
        for i in 0..200 {
            block.push_str(&format!(
                "  - id: syn-{i}\n    subject: no\n    period: 20{i:02}\n    value: EUR {i}.5 million\n    citations:\n      - source: src-{i}\n        quote: \"it's €{i}.5 million, or so\"\n    note: 'the ''quoted'' one'\n"
            ));
            flow.push(format!(
                "{{id: syn-{i}, subject: no, period: 20{i:02}, value: EUR {i}.5 million, citations: [{{source: src-{i}, quote: \"it's €{i}.5 million, or so\"}}], note: 'the ''quoted'' one'}}"
            ));
            json.push(format!(
                "{{\"id\": \"syn-{i}\", \"subject\": \"no\", \"period\": 20{i:02}, \"value\": \"EUR {i}.5 million\", \"citations\": [{{\"source\": \"src-{i}\", \"quote\": \"it's €{i}.5 million, or so\"}}], \"note\": \"the 'quoted' one\"}}"
            ));
        }
        let flow = format!("claims: [{}]\n", flow.join(", "));
        let json = format!("{{\"claims\": [{}]}}\n", json.join(", "));
        for text in [&block, &flow, &json] {
            assert!(check(text), "the fast path declined:\n{}", &text[..300]);
        }
        let record = |t: &str| fast::parse(t).unwrap().root.unwrap().find("claims[7]").to_json();
        assert_eq!(record(&block), record(&flow));
        assert_eq!(record(&block), record(&json));
    }

    /// Random one-line flow documents built from YAML's tricky pieces:
    /// wherever the fast path answers, granit must accept the text and
    /// build the same tree.
    #[test]
    fn on_random_flow_lines() {
        const PIECES: &[&str] = &[
            "[",
            "]",
            "{",
            "}",
            ", ",
            ",",
            ": ",
            ":",
            "a",
            "b c",
            "-1",
            "- ",
            "-",
            "x-y",
            "'q'",
            "'it''s'",
            "\"d\"",
            "\"e\\\"f\"",
            "\"g\\\\\"",
            " ",
            "  ",
            "#",
            " #c",
            "k: ",
            "\"k\": ",
            "'k': ",
            "?",
            "&a ",
            "*a",
            "!t ",
            "|",
            ">",
            "%",
            "@",
            "~",
            "null",
            "1.5",
            "€2 m",
            "it's",
            "x\"y",
            "http://a/b#c",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut answered = 0;
        for _ in 0..20_000 {
            let mut doc = String::from(if next(2) == 0 { "a: [" } else { "a: {" });
            for _ in 0..next(12) {
                doc.push_str(PIECES[next(PIECES.len())]);
            }
            doc.push_str(if doc.starts_with("a: [") { "]\n" } else { "}\n" });
            if check(&doc) {
                answered += 1;
            }
        }
        assert!(answered > 500, "only {answered} answered: the generator tests little");
    }

    #[test]
    fn on_every_file_of_the_dataset_and_the_fixtures() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut answered = 0;
        let mut total = 0;
        // WBD_FAST_PATH_EXTRA names another tree to compare on (a synthetic
        // dataset, say); every file there must be answered and agree.
        let extra = std::env::var("WBD_FAST_PATH_EXTRA").ok();
        for dir in ["dataset", "tests/fixtures"].into_iter().chain(extra.as_deref()) {
            for e in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
                let p = e.path();
                if p.extension().is_some_and(|x| x == "yaml") {
                    let text = std::fs::read_to_string(p).unwrap();
                    total += 1;
                    if check(&text) {
                        answered += 1;
                    } else if dir != "tests/fixtures" {
                        panic!("the fast path declined {}", p.display());
                    }
                }
            }
        }
        assert!(answered * 10 >= total * 9, "{answered} of {total}");
    }
}
