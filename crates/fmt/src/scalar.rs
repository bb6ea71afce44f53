//! How one scalar is written: plain where YAML reads the same text back as
//! the same value, double-quoted where it does not, and long prose folded.

use std::borrow::Cow;

use wbd_check::yaml::{Resolved, resolve};

/// Where a scalar stands: flow collections forbid more characters.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Ctx {
    Block,
    Flow,
}

/// Whether `text`, written plain in this context, reads back as the same
/// string (the check of resolution to a string is separate).
pub fn plain_safe(text: &str, ctx: Ctx) -> bool {
    let Some(first) = text.chars().next() else { return false };
    if text.starts_with(char::is_whitespace) || text.ends_with(char::is_whitespace) {
        return false;
    }
    if "[]{},#&*!|>'\"%@`?".contains(first) {
        return false;
    }
    if "-?:".contains(first) {
        match text[1..].chars().next() {
            None => return false,
            Some(c) if c.is_whitespace() || (ctx == Ctx::Flow && ",[]{}".contains(c)) => return false,
            _ => {}
        }
    }
    if text.starts_with("---") || text.starts_with("...") {
        return false;
    }
    if text.contains(": ") || text.contains(" #") || text.ends_with(':') {
        return false;
    }
    if text.chars().any(|c| !printable(c) || c == '\t' || c == '\n' || c == '\r') {
        return false;
    }
    // Quotes inside a flow scalar are valid YAML, but the check's fast
    // parser leaves them to the general one: quote the scalar instead.
    if ctx == Ctx::Flow && text.contains([',', '[', ']', '{', '}', ':', '"', '\'']) {
        return false;
    }
    true
}

/// Characters YAML lets stand unescaped (and that read back the same).
fn printable(c: char) -> bool {
    !(c.is_control() || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}'))
}

/// `text` as a double-quoted scalar.
pub fn quoted(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('"');
    for c in text.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\t' => s.push_str("\\t"),
            '\r' => s.push_str("\\r"),
            '\0' => s.push_str("\\0"),
            '\u{85}' => s.push_str("\\N"),
            '\u{a0}' => s.push_str("\\_"),
            '\u{2028}' => s.push_str("\\L"),
            '\u{2029}' => s.push_str("\\P"),
            c if !printable(c) => {
                let n = c as u32;
                if n <= 0xff {
                    s.push_str(&format!("\\x{n:02x}"));
                } else {
                    s.push_str(&format!("\\u{n:04x}"));
                }
            }
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

/// A scalar as written in the output. A plain scalar that resolves to
/// something other than a string (`13`, `1.30`, `~`, `true`) is kept as it
/// was written; a string is plain when that reads back as the same string,
/// double-quoted otherwise.
pub fn repr<'t>(text: &'t str, plain: bool, ctx: Ctx) -> Cow<'t, str> {
    let is_str = matches!(resolve(text, true), Resolved::Str(_));
    if plain && !is_str {
        if text.is_empty() && ctx == Ctx::Flow {
            return Cow::Borrowed("~");
        }
        return Cow::Borrowed(text);
    }
    if is_str && plain_safe(text, ctx) { Cow::Borrowed(text) } else { Cow::Owned(quoted(text)) }
}

/// Whether a prose string can be folded (`>-`) and read back unchanged:
/// one paragraph, single spaces, nothing YAML would strip or escape.
pub fn foldable(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.contains("  ")
        && text.chars().all(|c| printable(c) && c != '\t' && c != '\n' && c != '\r')
}

/// Whether a string with line breaks can be a literal block (`|-` or `|`).
pub fn literal_ok(text: &str) -> bool {
    let body = text.strip_suffix('\n').unwrap_or(text);
    body.contains('\n')
        && !body.ends_with('\n')
        && !body.starts_with([' ', '\n'])
        && body.chars().all(|c| printable(c) || c == '\n')
        && body.split('\n').all(|l| !l.ends_with([' ', '\t']) && !l.contains('\t'))
}

/// Splits prose into lines that fit `width` columns after `indent`
/// (a word longer than that gets a line of its own).
pub fn fold_lines(text: &str, indent: usize, width: usize) -> Vec<&str> {
    let room = width.saturating_sub(indent).max(20);
    let mut lines = Vec::new();
    let (mut start, mut end, mut cols) = (0usize, 0usize, 0usize);
    let mut at = 0;
    for word in text.split(' ') {
        let w = word.chars().count();
        if end > start && cols + 1 + w > room {
            lines.push(&text[start..end]);
            start = at;
            cols = w;
        } else {
            cols += if end > start { 1 + w } else { w };
        }
        end = at + word.len();
        at = end + 1;
    }
    lines.push(&text[start..end]);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_only_where_it_reads_back() {
        assert_eq!(repr("USD 1.3 billion", false, Ctx::Block), "USD 1.3 billion");
        assert_eq!(repr("1.30", true, Ctx::Block), "1.30");
        assert_eq!(repr("1.30", false, Ctx::Block), "\"1.30\"");
        assert_eq!(repr("2021", false, Ctx::Block), "\"2021\"");
        assert_eq!(repr("Arms for Ukraine: Can they help?", false, Ctx::Block), "\"Arms for Ukraine: Can they help?\"");
        assert_eq!(repr("with some $1.3 billion (€1.2 billion)", false, Ctx::Block), "with some $1.3 billion (€1.2 billion)");
        assert_eq!(repr("\"the\" word", false, Ctx::Block), "\"\\\"the\\\" word\"");
        assert_eq!(repr("a, b", false, Ctx::Flow), "\"a, b\"");
        assert_eq!(repr("a, b", false, Ctx::Block), "a, b");
        assert_eq!(repr("Moscow's friend", false, Ctx::Flow), "\"Moscow's friend\"");
        assert_eq!(repr("- x", false, Ctx::Block), "\"- x\"");
        assert_eq!(repr("-x", false, Ctx::Block), "-x");
        assert_eq!(repr("true", false, Ctx::Block), "\"true\"");
        assert_eq!(repr("", false, Ctx::Block), "\"\"");
        assert_eq!(repr("x # y", false, Ctx::Block), "\"x # y\"");
        assert_eq!(repr("http://a.b/c#d", false, Ctx::Block), "http://a.b/c#d");
    }

    #[test]
    fn folds_at_spaces_within_the_width() {
        let text = "one two three four five six seven eight nine ten eleven twelve";
        let lines = fold_lines(text, 0, 20);
        assert_eq!(lines.join(" "), text);
        assert!(lines.iter().all(|l| l.chars().count() <= 20), "{lines:?}");
        let long = "a-very-long-word-that-does-not-fit-anywhere-at-all-really short";
        assert_eq!(fold_lines(long, 0, 20), ["a-very-long-word-that-does-not-fit-anywhere-at-all-really", "short"]);
    }
}
