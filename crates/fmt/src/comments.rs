//! Finding the comments of a file, and what each one belongs to.
//!
//! A `#` starts a comment when it stands outside every scalar (the tree
//! gives each scalar's byte span, quotes and block bodies included) at the
//! start of a line or after a space. A comment on a line of its own belongs
//! to the key or item that follows it; a comment after content belongs to
//! the innermost key or item that starts on its line. Comments after the
//! last key are the file's trailer.

use wbd_check::yaml::{ByteSpan, Node, NodeKind};

#[derive(Clone, Debug)]
pub struct Comment {
    pub start: u32,
    /// The comment, from `#`, without trailing spaces.
    pub text: String,
    /// Alone on its line (only spaces before it).
    pub own_line: bool,
    /// A blank line separates it from what precedes it.
    pub blank_before: bool,
}

/// Every comment of `text`, in order. `tree_scalars` are the spans of every
/// scalar of the tree (keys and values).
pub fn scan(text: &str, mut scalars: Vec<ByteSpan>) -> Vec<Comment> {
    scalars.sort_unstable();
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut next_span = 0;
    let mut i = 0;
    let mut content_on_line = false;
    // A blank line since the last line with content or a comment.
    let mut blank_since_content = false;
    while i < b.len() {
        while next_span < scalars.len() && (scalars[next_span].1 as usize) <= i && scalars[next_span].0 as usize <= i {
            next_span += 1;
        }
        if let Some(&(s, e)) = scalars.get(next_span)
            && s as usize == i
            && e > s
        {
            // A block scalar's header line may carry a comment.
            if matches!(b[i], b'|' | b'>') {
                let eol = text[i..].find('\n').map_or(b.len(), |n| i + n);
                let header = &text[i..eol.min(e as usize)];
                if let Some(h) = header.find(" #") {
                    let at = i + h + 1;
                    out.push(Comment {
                        start: at as u32,
                        text: text[at..eol].trim_end().to_string(),
                        own_line: false,
                        blank_before: false,
                    });
                }
            }
            // Jump over the scalar: the line it ends on has content.
            let end = e as usize;
            content_on_line = true;
            blank_since_content = false;
            i = end;
            next_span += 1;
            continue;
        }
        match b[i] {
            b'\n' => {
                if !content_on_line {
                    blank_since_content = true;
                }
                content_on_line = false;
                i += 1;
            }
            b'#' if i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'\n') => {
                let eol = text[i..].find('\n').map_or(b.len(), |n| i + n);
                let own_line = !content_on_line;
                out.push(Comment {
                    start: i as u32,
                    text: text[i..eol].trim_end().to_string(),
                    own_line,
                    blank_before: own_line && blank_since_content,
                });
                blank_since_content = false;
                // The line counts as content for blank-line purposes.
                content_on_line = true;
                i = eol;
            }
            b' ' | b'\t' | b'\r' => i += 1,
            _ => {
                content_on_line = true;
                blank_since_content = false;
                i += 1;
            }
        }
    }
    out
}

/// The spans of every scalar in a tree, keys included.
pub fn scalar_spans(node: &Node<'_>, out: &mut Vec<ByteSpan>) {
    match &node.kind {
        NodeKind::Scalar { .. } => out.push(node.span),
        NodeKind::Seq(items) => items.iter().for_each(|n| scalar_spans(n, out)),
        NodeKind::Map(entries) => entries.iter().for_each(|(k, v)| {
            scalar_spans(k, out);
            scalar_spans(v, out);
        }),
    }
}

/// Anchors (`&a`), aliases (`*a`) and tags (`!t`) outside scalars and
/// comments: the formatter does not keep them, so it declines the file.
pub fn find_node_properties(text: &str, scalars: &[ByteSpan], comments: &[Comment]) -> Option<usize> {
    let mut skip: Vec<(usize, usize)> = scalars.iter().map(|(a, b)| (*a as usize, *b as usize)).collect();
    skip.extend(comments.iter().map(|c| (c.start as usize, c.start as usize + c.text.len())));
    skip.sort_unstable();
    let b = text.as_bytes();
    let mut k = 0;
    let mut i = 0;
    while i < b.len() {
        while k < skip.len() && skip[k].1 <= i && skip[k].0 <= i {
            k += 1;
        }
        if let Some(&(s, e)) = skip.get(k)
            && s <= i
            && i < e
        {
            i = e;
            continue;
        }
        if matches!(b[i], b'&' | b'*' | b'!') && (i == 0 || matches!(b[i - 1], b' ' | b'\n' | b'[' | b'{' | b',' | b'-' | b':')) {
            return Some(i);
        }
        i += 1;
    }
    None
}
