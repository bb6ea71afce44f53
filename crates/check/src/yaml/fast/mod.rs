//! A fast path for the plain block YAML that record files are written in:
//! block mappings and sequences indented with spaces, simple keys, plain and
//! single-line quoted scalars, one-line flow collections (nested, with
//! plain or quoted keys: records written in flow style or as JSON), and
//! folded or literal block scalars. It builds the same tree as the general
//! parser, several times faster.
//!
//! It never guesses: anything outside that subset (tabs, anchors, aliases,
//! tags, documents markers, multi-line plain or quoted scalars, nested flow
//! collections, indentless sequences, complex keys, CR line ends...) makes
//! it return `None`, and the caller parses the file with granit-parser,
//! which also produces every syntax error. A differential test checks that
//! both parsers give the same tree wherever the fast path answers.

use std::borrow::Cow;

use super::{ByteSpan, DuplicateKey, MAX_DEPTH, Node, NodeKind, Parsed, dedupe_map};

mod line;
mod stream;
use line::{flow, plain_end, quoted, trailing_comment_only};
pub use stream::{Records, records};

/// Parses `text` if it is in the subset; `None` means "use the general
/// parser".
pub fn parse(text: &str) -> Option<Parsed<'_>> {
    let mut p = P::new(text)?;
    p.skip_blank();
    if p.pos >= p.lines.len() {
        return Some(Parsed { root: None, duplicates: Vec::new() });
    }
    let (ind, first) = p.indent(p.pos);
    if ind != 0 || first == b'-' {
        return None;
    }
    let root = if matches!(first, b'{' | b'[') {
        // A whole document in flow style on one line (JSON, say).
        let (ls, le) = p.lines[p.pos].range();
        let (node, len) = flow(text, ls, le, 1)?;
        trailing_comment_only(&text[ls + len..le])?;
        p.pos += 1;
        node
    } else {
        p.map(0, None, 1)?
    };
    p.skip_blank();
    if p.pos < p.lines.len() {
        return None;
    }
    Some(Parsed { root: Some(root), duplicates: p.duplicates })
}

/// A key of a block mapping: its text and offsets.
struct KeyAt<'a> {
    key: &'a str,
    at: usize,
    colon: usize,
    /// Where the value would start on the key's line.
    vstart: usize,
    line_end: usize,
}

/// Where a mapping value is.
enum ValueAt {
    /// On the key's line, from `KeyAt::vstart`.
    Inline,
    /// A block collection on the following lines, at this column.
    Block { ind: usize, seq: bool },
    /// Nothing: null.
    Empty,
}

/// An item of a block sequence.
struct ItemAt {
    dash: usize,
    /// Where its content starts on the dash's line, and that column.
    content: usize,
    col: usize,
    end: usize,
    /// Whether the content is the first key of a mapping.
    map: bool,
}

/// A line of the text: its byte range without the line feed, its
/// indentation and its first byte after that (`\n` when there is none).
struct Line {
    start: u32,
    end: u32,
    ind: u32,
    first: u8,
}

impl Line {
    fn range(&self) -> (usize, usize) {
        (self.start as usize, self.end as usize)
    }
}

struct P<'a> {
    text: &'a str,
    lines: Vec<Line>,
    /// The next line to read.
    pos: usize,
    duplicates: Vec<DuplicateKey>,
}

fn span(a: usize, b: usize) -> ByteSpan {
    (a as u32, b as u32)
}

fn scalar<'a>(text: Cow<'a, str>, plain: bool, sp: ByteSpan) -> Node<'a> {
    Node { span: sp, kind: NodeKind::Scalar { text, plain } }
}

impl<'a> P<'a> {
    /// The parser at the first line of `text`, if the text may be in the
    /// subset (no tabs, CRs or byte order mark).
    fn new(text: &'a str) -> Option<P<'a>> {
        let bytes = text.as_bytes();
        // (Both are ASCII, so looking at bytes is looking at characters.)
        if memchr::memchr2(b'\t', b'\r', bytes).is_some() || text.starts_with('\u{feff}') {
            return None;
        }
        // Offsets are kept in 32 bits.
        if text.len() > u32::MAX as usize {
            return None;
        }
        let mut lines = Vec::with_capacity(text.len() / 32);
        let mut start = 0;
        let mut add = |start: usize, end: usize| {
            let ind = bytes[start..end].iter().take_while(|b| **b == b' ').count();
            let first = if start + ind < end { bytes[start + ind] } else { b'\n' };
            lines.push(Line { start: start as u32, end: end as u32, ind: ind as u32, first });
        };
        for end in memchr::memchr_iter(b'\n', bytes) {
            add(start, end);
            start = end + 1;
        }
        if start < text.len() {
            add(start, text.len());
        }
        Some(P { text, lines, pos: 0, duplicates: Vec::new() })
    }

    /// Indentation and first non-space byte of a line (`\n` for a line
    /// of spaces).
    fn indent(&self, i: usize) -> (usize, u8) {
        let l = &self.lines[i];
        (l.ind as usize, l.first)
    }

    fn is_blank(&self, i: usize) -> bool {
        matches!(self.lines[i].first, b'\n' | b'#')
    }

    fn skip_blank(&mut self) {
        while self.pos < self.lines.len() && self.is_blank(self.pos) {
            self.pos += 1;
        }
    }

    /// The indentation of the next content line, if any.
    fn next_indent(&mut self) -> Option<(usize, u8)> {
        self.skip_blank();
        (self.pos < self.lines.len()).then(|| self.indent(self.pos))
    }

    /// The next key of a block mapping whose keys sit at column `ind`
    /// (with `first`, the key starts mid-line at that byte, after `- `):
    /// `Ok(None)` at the end of the mapping, `Err(())` outside the subset.
    fn next_key(&mut self, ind: usize, first: Option<usize>) -> Result<Option<KeyAt<'a>>, ()> {
        let key_at = match first {
            Some(at) => at,
            None => {
                let Some((n, c)) = self.next_indent() else { return Ok(None) };
                if n < ind {
                    return Ok(None);
                }
                if n > ind || c == b'-' {
                    return Err(());
                }
                self.lines[self.pos].start as usize + n
            }
        };
        let line_end = self.lines[self.pos].end as usize;
        let rest = &self.text[key_at..line_end];
        let klen = rest.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-').count();
        let after = &rest[klen..];
        if klen == 0 || !(after == ":" || after.starts_with(": ")) {
            return Err(());
        }
        let colon = key_at + klen;
        let vstart = colon + 1 + after[1..].len() - after[1..].trim_start_matches(' ').len();
        Ok(Some(KeyAt { key: &rest[..klen], at: key_at, colon, vstart, line_end }))
    }

    /// Where the value of key `k` (of a mapping at column `ind`) is.
    /// Moves past the key's line when the value is not on it.
    fn value_at(&mut self, k: &KeyAt<'a>, ind: usize) -> Option<ValueAt> {
        let vtext = &self.text[k.vstart..k.line_end];
        if !(vtext.is_empty() || vtext.starts_with('#')) {
            return Some(ValueAt::Inline);
        }
        // The value is on the following lines, or empty.
        self.pos += 1;
        match self.next_indent() {
            Some((n, c)) if n > ind => Some(ValueAt::Block { ind: n, seq: c == b'-' }),
            Some((n, b'-')) if n == ind => None,
            _ => Some(ValueAt::Empty),
        }
    }

    /// How many items the block sequence whose dashes sit at column `ind`
    /// has from the current line on (room to reserve; it never decides
    /// what is read).
    fn count_items(&self, ind: usize) -> usize {
        let mut n = 0;
        for l in &self.lines[self.pos..] {
            if matches!(l.first, b'\n' | b'#') {
                continue;
            }
            let li = l.ind as usize;
            if li < ind || (li == ind && l.first != b'-') {
                break;
            }
            n += usize::from(li == ind);
        }
        n
    }

    /// The next item of a block sequence whose dashes sit at column
    /// `ind`: `Ok(None)` at its end, `Err(())` outside the subset.
    fn next_item(&mut self, ind: usize) -> Result<Option<ItemAt>, ()> {
        let Some((n, c)) = self.next_indent() else { return Ok(None) };
        if n < ind {
            return Ok(None);
        }
        if n > ind || c != b'-' {
            return Err(());
        }
        let (ls, le) = self.lines[self.pos].range();
        let dash = ls + n;
        let line = &self.text[dash..le];
        if !line.starts_with("- ") {
            return Err(());
        }
        let content = dash + 2 + line[2..].len() - line[2..].trim_start_matches(' ').len();
        if content >= le || self.text[content..le].starts_with('#') {
            return Err(());
        }
        let c = &self.text.as_bytes()[content..le];
        let k = c.iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'_' || **b == b'-').count();
        let map = k > 0 && (c.get(k) == Some(&b':')) && matches!(c.get(k + 1), None | Some(b' '));
        Ok(Some(ItemAt { dash, content, col: content - ls, end: le, map }))
    }

    /// A block mapping whose keys sit at column `ind`. With `first`, the
    /// first key starts mid-line at that byte offset (after `- `).
    fn map(&mut self, ind: usize, mut first: Option<usize>, depth: usize) -> Option<Node<'a>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut entries: Vec<(Node<'a>, Node<'a>)> = Vec::new();
        while let Some(k) = self.next_key(ind, first.take()).ok()? {
            let key = scalar(Cow::Borrowed(k.key), true, span(k.at, k.colon));
            let value = match self.value_at(&k, ind)? {
                ValueAt::Inline => self.inline(k.vstart, k.line_end, ind, depth + 1)?,
                ValueAt::Block { ind: n, seq: true } => self.seq(n, depth + 1)?,
                ValueAt::Block { ind: n, seq: false } => self.map(n, None, depth + 1)?,
                ValueAt::Empty => scalar(Cow::Borrowed("~"), true, span(k.colon, k.colon)),
            };
            entries.push((key, value));
        }
        if entries.is_empty() {
            return None;
        }
        let start = entries[0].0.span.0;
        let end = entries.last().map_or(start, |(_, v)| v.span.1);
        dedupe_map(&mut entries, &mut self.duplicates);
        Some(Node { span: (start, end), kind: NodeKind::Map(entries) })
    }

    /// A block sequence whose dashes sit at column `ind`.
    fn seq(&mut self, ind: usize, depth: usize) -> Option<Node<'a>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut items = Vec::new();
        let mut start = None;
        while let Some(it) = self.next_item(ind).ok()? {
            start.get_or_insert(it.dash);
            let item =
                if it.map { self.map(it.col, Some(it.content), depth + 1)? } else { self.inline(it.content, it.end, ind, depth + 1)? };
            items.push(item);
        }
        let start = start?;
        let end = items.last().map_or(start as u32, |i: &Node| i.span.1);
        Some(Node { span: (start as u32, end), kind: NodeKind::Seq(items) })
    }

    /// A value that starts on the current line at byte `at`; `parent` is the
    /// indentation of the mapping key or dash that owns it, `depth` the
    /// nesting depth a collection here would have. Advances past the lines
    /// it uses.
    fn inline(&mut self, at: usize, end: usize, parent: usize, depth: usize) -> Option<Node<'a>> {
        let v = &self.text[at..end];
        let node = match v.as_bytes()[0] {
            b'"' | b'\'' => {
                let (node, len) = quoted(self.text, at, end)?;
                trailing_comment_only(&self.text[at + len..end])?;
                node
            }
            b'[' | b'{' => {
                let (node, len) = flow(self.text, at, end, depth)?;
                trailing_comment_only(&self.text[at + len..end])?;
                node
            }
            b'>' | b'|' => return self.block_scalar(at, end, parent),
            b'&' | b'*' | b'!' | b'%' | b'@' | b'`' | b'?' | b',' | b']' | b'}' | b'#' => return None,
            b'-' if v.len() == 1 || v.as_bytes()[1] == b' ' => return None,
            _ => {
                let text = plain_end(v, false)?;
                if text.is_empty() {
                    return None;
                }
                scalar(Cow::Borrowed(text), true, span(at, at + text.len()))
            }
        };
        self.pos += 1;
        // A more indented line after a one-line value would continue it.
        if let Some((n, _)) = self.next_indent()
            && n > parent
        {
            return None;
        }
        Some(node)
    }

    /// `>`, `>-`, `|`, `|-` block scalars.
    fn block_scalar(&mut self, at: usize, end: usize, parent: usize) -> Option<Node<'a>> {
        let header = &self.text[at..end];
        let h = header.split(" #").next().unwrap_or("").trim_end();
        let (folded, strip) = match h {
            ">" => (true, false),
            ">-" => (true, true),
            "|" => (false, false),
            "|-" => (false, true),
            _ => return None,
        };
        self.pos += 1;
        let mut lines: Vec<&'a str> = Vec::new();
        let mut block_ind = None;
        let (mut first, mut last) = (None, None);
        while self.pos < self.lines.len() {
            let (ls, le) = self.lines[self.pos].range();
            let l = &self.text[ls..le];
            let n = l.bytes().take_while(|b| *b == b' ').count();
            if n == l.len() {
                // An empty line: part of the scalar if more content follows.
                lines.push("");
                self.pos += 1;
                continue;
            }
            let bi = *block_ind.get_or_insert(n);
            if n <= parent || n < bi {
                break;
            }
            if n > bi {
                // More-indented lines keep their breaks: not in the subset.
                return None;
            }
            first.get_or_insert(ls + n);
            last = Some(le);
            lines.push(&l[n..]);
            self.pos += 1;
        }
        // Trailing empty lines belong to what follows.
        let mut back = 0;
        while lines.last() == Some(&"") {
            lines.pop();
            back += 1;
        }
        self.pos -= back;
        let (first, last) = (first?, last?);
        if lines.first() == Some(&"") {
            return None;
        }
        let mut out = String::new();
        for (i, l) in lines.iter().enumerate() {
            if i > 0 {
                let prev_empty = lines[i - 1].is_empty();
                if !folded || l.is_empty() {
                    out.push('\n');
                } else if !prev_empty {
                    out.push(' ');
                }
            }
            out.push_str(l);
        }
        if !strip {
            out.push('\n');
        }
        if let Some((n, _)) = self.next_indent()
            && n > parent
        {
            return None;
        }
        Some(scalar(Cow::Owned(out), false, span(first, last)))
    }
}
