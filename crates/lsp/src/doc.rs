//! What is under the cursor, read from the line's text: record files are
//! plain block YAML with one `key: value` per line, so a line tells the
//! field and its value even while the buffer does not parse.

/// A character of an id or a rule code.
pub fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')
}

/// The line holding a byte offset: (start, end without the newline).
pub fn line_at(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let end = if text[..end].ends_with('\r') { end - 1 } else { end };
    (start, end)
}

/// The word (id or rule code characters) around an offset, as a byte
/// range, when there is one.
pub fn word_at(text: &str, offset: usize) -> Option<(usize, usize)> {
    let (ls, le) = line_at(text, offset);
    let offset = offset.clamp(ls, le);
    let start = text[ls..offset].char_indices().rev().take_while(|(_, c)| is_word(*c)).last().map_or(offset, |(i, _)| ls + i);
    let end = text[offset..le].char_indices().find(|(_, c)| !is_word(*c)).map_or(le, |(i, _)| offset + i);
    let (start, end) = trim_dots(text, start, end);
    (start < end).then_some((start, end))
}

fn trim_dots(text: &str, mut start: usize, mut end: usize) -> (usize, usize) {
    while start < end && matches!(text.as_bytes()[end - 1], b'.' | b'/') {
        end -= 1;
    }
    while start < end && matches!(text.as_bytes()[start], b'.' | b'/') {
        start += 1;
    }
    (start, end)
}

/// One line's field: its key, the column the key starts at (its
/// indentation, `- ` counted), and where its value starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field<'a> {
    pub key: &'a str,
    pub key_start: usize,
    pub indent: usize,
    /// Byte offset of the value (after `: ` and spaces), or the line's end.
    pub value_start: usize,
    pub value: &'a str,
    /// Whether the line starts a sequence item (`- key: value`).
    pub item: bool,
}

/// The field of the line holding `offset`.
pub fn field_at(text: &str, offset: usize) -> Option<Field<'_>> {
    let (ls, le) = line_at(text, offset);
    field_of_line(text, ls, le)
}

pub fn field_of_line(text: &str, ls: usize, le: usize) -> Option<Field<'_>> {
    let line = &text[ls..le];
    let mut i = line.len() - line.trim_start_matches(' ').len();
    let mut item = false;
    while line[i..].starts_with("- ") || &line[i..] == "-" {
        item = true;
        i += 1;
        i += line[i..].len() - line[i..].trim_start_matches(' ').len();
    }
    let rest = &line[i..];
    let klen = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
    if klen == 0 || !rest[klen..].starts_with(':') {
        return None;
    }
    let after = &rest[klen + 1..];
    if !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    let pad = after.len() - after.trim_start_matches(' ').len();
    let value_start = ls + i + klen + 1 + pad;
    Some(Field { key: &rest[..klen], key_start: ls + i, indent: i, value_start, value: text[value_start..le].trim_end(), item })
}

/// The enclosing record's id: the nearest `- id: X` line at or above the
/// offset, with the offset of that line and the record's key column.
pub fn record_at(text: &str, offset: usize) -> Option<(&str, usize)> {
    let (mut ls, mut le) = line_at(text, offset);
    loop {
        if let Some(f) = field_of_line(text, ls, le) {
            if f.key == "id" && f.item {
                return Some((f.value.trim_matches(['"', '\'']), f.indent));
            }
            if f.indent == 0 && !f.item {
                return None;
            }
        }
        if ls == 0 {
            return None;
        }
        (ls, le) = line_at(text, ls - 1);
    }
}

/// The nearest line above the offset whose key is less indented than
/// `indent`: the field a nested field belongs to.
pub fn parent_key(text: &str, offset: usize, indent: usize) -> Option<&str> {
    let (mut ls, _) = line_at(text, offset);
    while ls > 0 {
        let (s, e) = line_at(text, ls - 1);
        ls = s;
        if let Some(f) = field_of_line(text, s, e) {
            if f.indent < indent {
                return Some(f.key);
            }
        }
    }
    None
}

/// The top-level key of a record file (`claims`, `sources`, ...).
pub fn file_key(text: &str) -> Option<&str> {
    text.lines().find_map(|l| {
        let k = l.strip_suffix(':').or_else(|| l.split_once(": ").map(|(k, _)| k).or_else(|| l.split_once(":").map(|(k, _)| k)))?;
        (!k.starts_with([' ', '#', '-']) && ["claims", "sources", "entities", "metrics", "dataset"].contains(&k)).then_some(k)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "claims:\n  - id: c-1\n    subject: rs\n    equivalent:\n      value: EUR 1.2 billion\n    citations:\n      - source: s-1\n        quote: \"x\"\n    members: [al, rs]\n";

    #[test]
    fn fields_words_and_records() {
        let at = |s: &str| TEXT.find(s).unwrap();
        let f = field_at(TEXT, at("s-1")).unwrap();
        assert_eq!((f.key, f.value, f.item, f.indent), ("source", "s-1", true, 8));
        assert_eq!(&TEXT[f.value_start..f.value_start + 3], "s-1");
        assert_eq!(field_at(TEXT, at("rs\n")).unwrap().key, "subject");
        let w = word_at(TEXT, at("rs\n") + 1).unwrap();
        assert_eq!(&TEXT[w.0..w.1], "rs");
        let w = word_at(TEXT, at("al,") + 2).unwrap();
        assert_eq!(&TEXT[w.0..w.1], "al");
        assert_eq!(record_at(TEXT, at("quote")), Some(("c-1", 4)));
        assert_eq!(record_at(TEXT, 3), None);
        assert_eq!(parent_key(TEXT, at("value"), 6), Some("equivalent"));
        assert_eq!(file_key(TEXT), Some("claims"));
        assert_eq!(file_key("# x\nsources:\n  - id: a\n"), Some("sources"));
    }
}
