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

/// Parses `text` if it is in the subset; `None` means "use the general
/// parser".
pub fn parse(text: &str) -> Option<Parsed<'_>> {
    if text.contains(['\t', '\r']) || text.starts_with('\u{feff}') {
        return None;
    }
    let mut p = P { text, lines: Vec::new(), pos: 0, duplicates: Vec::new() };
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        p.lines.push((start, start + body.len()));
        start += line.len();
    }
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
        let (ls, le) = p.lines[p.pos];
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

struct P<'a> {
    text: &'a str,
    /// Byte range of each line, without its line feed.
    lines: Vec<(usize, usize)>,
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
    fn line(&self, i: usize) -> &'a str {
        let (a, b) = self.lines[i];
        &self.text[a..b]
    }

    /// Indentation and first non-space byte of a line.
    fn indent(&self, i: usize) -> (usize, u8) {
        let l = self.line(i).as_bytes();
        let n = l.iter().take_while(|b| **b == b' ').count();
        (n, l.get(n).copied().unwrap_or(b'\n'))
    }

    fn is_blank(&self, i: usize) -> bool {
        let t = self.line(i).trim_start_matches(' ');
        t.is_empty() || t.starts_with('#')
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

    /// A block mapping whose keys sit at column `ind`. With `first`, the
    /// first key starts mid-line at that byte offset (after `- `).
    fn map(&mut self, ind: usize, mut first: Option<usize>, depth: usize) -> Option<Node<'a>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut entries: Vec<(Node<'a>, Node<'a>)> = Vec::new();
        loop {
            let key_at = match first.take() {
                Some(at) => at,
                None => {
                    let Some((n, c)) = self.next_indent() else { break };
                    if n < ind {
                        break;
                    }
                    if n > ind || c == b'-' {
                        return None;
                    }
                    self.lines[self.pos].0 + n
                }
            };
            let line_end = self.lines[self.pos].1;
            let rest = &self.text[key_at..line_end];
            let klen = rest.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-').count();
            let after = &rest[klen..];
            if klen == 0 || !(after == ":" || after.starts_with(": ") || after.starts_with(":#")) {
                return None;
            }
            if after.starts_with(":#") {
                return None;
            }
            let key = scalar(Cow::Borrowed(&rest[..klen]), true, span(key_at, key_at + klen));
            let colon = key_at + klen;
            let vstart = colon + 1 + after[1..].len() - after[1..].trim_start_matches(' ').len();
            let vtext = &self.text[vstart..line_end];
            let value = if vtext.is_empty() || vtext.starts_with('#') {
                // The value is on the following lines, or empty.
                self.pos += 1;
                match self.next_indent() {
                    Some((n, c)) if n > ind => {
                        if c == b'-' {
                            self.seq(n, depth + 1)?
                        } else {
                            self.map(n, None, depth + 1)?
                        }
                    }
                    Some((n, b'-')) if n == ind => return None,
                    _ => scalar(Cow::Borrowed("~"), true, span(colon, colon)),
                }
            } else {
                self.inline(vstart, line_end, ind, depth + 1)?
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
        while let Some((n, c)) = self.next_indent() {
            if n < ind {
                break;
            }
            if n > ind || c != b'-' {
                return None;
            }
            let (ls, le) = self.lines[self.pos];
            let dash = ls + n;
            start.get_or_insert(dash);
            let line = &self.text[dash..le];
            if !line.starts_with("- ") {
                return None;
            }
            let content = dash + 2 + line[2..].len() - line[2..].trim_start_matches(' ').len();
            if content >= le || self.text[content..le].starts_with('#') {
                return None;
            }
            let c = &self.text.as_bytes()[content..le];
            let looks_like_key = {
                let k = c.iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'_' || **b == b'-').count();
                k > 0 && (c.get(k) == Some(&b':')) && matches!(c.get(k + 1), None | Some(b' '))
            };
            let item = if looks_like_key {
                let col = content - ls;
                self.map(col, Some(content), depth + 1)?
            } else {
                self.inline(content, le, ind, depth + 1)?
            };
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
            let (ls, le) = self.lines[self.pos];
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

/// The end of a plain scalar in `v`: before a ` #` comment, trailing
/// spaces trimmed. In flow context it also stops at `,`, `]` and `}`.
/// `None` when the scalar holds something the subset leaves to the general
/// parser (`: `, a trailing `:`, flow indicators in block context...).
fn plain_end(v: &str, in_flow: bool) -> Option<&str> {
    let b = v.as_bytes();
    let mut end = b.len();
    for i in 0..b.len() {
        let c = b[i];
        if c == b'#' && i > 0 && b[i - 1] == b' ' {
            end = i;
            break;
        }
        if in_flow && matches!(c, b',' | b']' | b'}') {
            end = i;
            break;
        }
        if c == b':' && (i + 1 == b.len() || matches!(b[i + 1], b' ' | b',' | b']' | b'}')) {
            return None;
        }
        if !in_flow && matches!(c, b'[' | b']' | b'{' | b'}') && i == 0 {
            return None;
        }
        // Quotes start a quoted scalar only as its first character (which
        // the caller looks at); inside a plain one they are text.
        if in_flow && (matches!(c, b'[' | b'{') || (i == 0 && matches!(c, b'"' | b'\''))) {
            return None;
        }
    }
    Some(v[..end].trim_end_matches(' '))
}

/// Only spaces and an optional comment may follow a closed value.
fn trailing_comment_only(rest: &str) -> Option<()> {
    let t = rest.trim_start_matches(' ');
    (t.is_empty() || (t.starts_with('#') && t.len() < rest.len())).then_some(())
}

/// A quoted scalar that closes on its line: the node and its length.
fn quoted(text: &str, at: usize, end: usize) -> Option<(Node<'_>, usize)> {
    let v = &text[at..end];
    let q = v.as_bytes()[0];
    let body = &v[1..];
    if q == b'\'' {
        if let Some(i) = body.find('\'')
            && body.as_bytes().get(i + 1) != Some(&b'\'')
        {
            let len = i + 2;
            return Some((scalar(Cow::Borrowed(&body[..i]), false, span(at, at + len)), len));
        }
        let mut out = String::new();
        let mut chars = body.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '\'' {
                if chars.peek().map(|(_, c)| *c) == Some('\'') {
                    chars.next();
                    out.push('\'');
                    continue;
                }
                let len = i + 2;
                let text = if out.len() == i { Cow::Borrowed(&body[..i]) } else { Cow::Owned(out) };
                return Some((scalar(text, false, span(at, at + len)), len));
            }
            out.push(c);
        }
        return None;
    }
    // Double quotes: the common escapes only. Without a backslash the
    // text is borrowed as it is.
    let bytes = body.as_bytes();
    if let Some(i) = bytes.iter().position(|b| *b == b'"' || *b == b'\\')
        && bytes[i] == b'"'
    {
        let len = i + 2;
        return Some((scalar(Cow::Borrowed(&body[..i]), false, span(at, at + len)), len));
    }
    let mut out = String::new();
    let mut escaped = false;
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                let len = i + 2;
                let text = if escaped { Cow::Owned(out) } else { Cow::Borrowed(&body[..i]) };
                return Some((scalar(text, false, span(at, at + len)), len));
            }
            '\\' => {
                escaped = true;
                let (_, e) = chars.next()?;
                out.push(match e {
                    '"' => '"',
                    '\\' => '\\',
                    '/' => '/',
                    'n' => '\n',
                    't' => '\t',
                    ' ' => ' ',
                    _ => return None,
                });
            }
            c => out.push(c),
        }
    }
    None
}

/// A one-line flow sequence or mapping (of scalars and of other flow
/// collections on the same line, with plain or quoted keys, as a record
/// written in flow style or as JSON has): the node and its length. `depth`
/// is its nesting depth in the document: past the general parser's limit,
/// the general parser reports it.
fn flow(text: &str, at: usize, end: usize, depth: usize) -> Option<(Node<'_>, usize)> {
    if depth > MAX_DEPTH {
        return None;
    }
    let v = &text[at..end];
    let is_map = v.starts_with('{');
    let close = if is_map { b'}' } else { b']' };
    let mut i = 1;
    let b = v.as_bytes();
    let skip = |i: &mut usize| {
        while *i < b.len() && b[*i] == b' ' {
            *i += 1;
        }
    };
    let item = |i: &mut usize| -> Option<Node<'_>> {
        let s = at + *i;
        match b.get(*i)? {
            b'"' | b'\'' => {
                let (n, len) = quoted(text, s, end)?;
                *i += len;
                Some(n)
            }
            b'[' | b'{' => {
                let (n, len) = flow(text, s, end, depth + 1)?;
                *i += len;
                Some(n)
            }
            b'&' | b'*' | b'!' | b'?' | b'#' | b'|' | b'>' | b'%' | b'@' | b'`' => None,
            b'-' if matches!(b.get(*i + 1), None | Some(b' ' | b',' | b']' | b'}')) => None,
            _ => {
                let t = plain_end(&v[*i..], true)?;
                if t.is_empty() {
                    return None;
                }
                let len = t.len();
                *i += len;
                Some(scalar(Cow::Borrowed(&text[s..s + len]), true, span(s, s + len)))
            }
        }
    };
    let mut items = Vec::new();
    let mut entries = Vec::new();
    skip(&mut i);
    if b.get(i) == Some(&close) {
        i += 1;
    } else {
        loop {
            skip(&mut i);
            if is_map {
                let k0 = i;
                let (key, klen) = if matches!(b.get(k0), Some(b'"' | b'\'')) {
                    // A quoted key, as JSON writes them.
                    quoted(text, at + k0, end)?
                } else {
                    let klen = b[k0..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'_' || **c == b'-').count();
                    (scalar(Cow::Borrowed(&v[k0..k0 + klen]), true, span(at + k0, at + k0 + klen)), klen)
                };
                if klen == 0 || b.get(k0 + klen) != Some(&b':') || b.get(k0 + klen + 1) != Some(&b' ') {
                    return None;
                }
                i = k0 + klen + 1;
                skip(&mut i);
                entries.push((key, item(&mut i)?));
            } else {
                items.push(item(&mut i)?);
            }
            skip(&mut i);
            match b.get(i)? {
                b',' => i += 1,
                c if *c == close => {
                    i += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    // Like the general parser's tree: a collection ends with its last value.
    let last_end = if is_map { entries.last().map(|(_, v): &(Node, Node)| v.span.1) } else { items.last().map(|n: &Node| n.span.1) };
    let sp = (at as u32, last_end.unwrap_or((at + i) as u32));
    let node = if is_map {
        let mut dups = Vec::new();
        dedupe_map(&mut entries, &mut dups);
        if !dups.is_empty() {
            return None;
        }
        Node { span: sp, kind: NodeKind::Map(entries) }
    } else {
        Node { span: sp, kind: NodeKind::Seq(items) }
    };
    Some((node, i))
}
