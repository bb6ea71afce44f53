//! The fast path's one-line pieces: plain and quoted scalars, and flow
//! collections written on one line.

use std::borrow::Cow;

use super::super::{MAX_DEPTH, Node, NodeKind, dedupe_map};
use super::{scalar, span};

/// The end of a plain scalar in `v`: before a ` #` comment, trailing
/// spaces trimmed. In flow context it also stops at `,`, `]` and `}`.
/// `None` when the scalar holds something the subset leaves to the general
/// parser (`: `, a trailing `:`, flow indicators in block context...).
pub(super) fn plain_end(v: &str, in_flow: bool) -> Option<&str> {
    let b = v.as_bytes();
    if !in_flow {
        // In block context only `#` and `:` matter past the first byte.
        if matches!(b.first(), Some(b'[' | b']' | b'{' | b'}')) {
            return None;
        }
        let mut end = b.len();
        for i in memchr::memchr2_iter(b'#', b':', b) {
            if b[i] == b'#' {
                if i > 0 && b[i - 1] == b' ' {
                    end = i;
                    break;
                }
            } else if i + 1 == b.len() || matches!(b[i + 1], b' ' | b',' | b']' | b'}') {
                return None;
            }
        }
        return Some(v[..end].trim_end_matches(' '));
    }
    plain_end_scan(v, in_flow)
}

/// [`plain_end`] byte by byte, in either context.
fn plain_end_scan(v: &str, in_flow: bool) -> Option<&str> {
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
pub(super) fn trailing_comment_only(rest: &str) -> Option<()> {
    let t = rest.trim_start_matches(' ');
    (t.is_empty() || (t.starts_with('#') && t.len() < rest.len())).then_some(())
}

/// A quoted scalar that closes on its line: the node and its length.
pub(super) fn quoted(text: &str, at: usize, end: usize) -> Option<(Node<'_>, usize)> {
    let v = &text[at..end];
    let q = v.as_bytes()[0];
    let body = &v[1..];
    if q == b'\'' {
        if let Some(i) = memchr::memchr(b'\'', body.as_bytes())
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
    if let Some(i) = memchr::memchr2(b'"', b'\\', bytes)
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
pub(super) fn flow(text: &str, at: usize, end: usize, depth: usize) -> Option<(Node<'_>, usize)> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_ends_in_block_context_as_byte_by_byte() {
        let alphabet = ["a", " ", "#", ":", ",", "[", "]", "{", "}", "\"", "'", "é"];
        let mut texts = vec![String::new()];
        for _ in 0..6 {
            texts = texts.iter().flat_map(|t| alphabet.iter().map(move |a| format!("{t}{a}"))).collect();
            for t in &texts {
                assert_eq!(plain_end(t, false), plain_end_scan(t, false), "{t:?}");
            }
        }
    }
}
