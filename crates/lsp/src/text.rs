//! Positions: LSP counts columns in UTF-16 code units unless the client
//! and the server agree on UTF-8 (`positionEncoding`); the check counts
//! bytes. Every conversion between the two goes through here.

use lsp_types::{Position, Range};

/// The column unit agreed with the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// Byte offsets of the starts of a text's lines.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Lines<'a> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }

    /// The position of a byte offset (clamped to the text, and back to
    /// the start of the character it falls in).
    pub fn position(&self, offset: usize, enc: Encoding) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|s| *s <= offset) - 1;
        let before = &self.text[self.starts[line]..offset];
        let character = match enc {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => before.encode_utf16().count(),
        };
        Position { line: line as u32, character: character as u32 }
    }

    pub fn range(&self, start: usize, end: usize, enc: Encoding) -> Range {
        Range { start: self.position(start, enc), end: self.position(end.max(start), enc) }
    }

    /// The byte offset of a position; a column past the end of its line is
    /// the line's end, a line past the end is the text's end, and a column
    /// inside a character (half a surrogate pair) is that character's start.
    pub fn offset(&self, pos: Position, enc: Encoding) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else { return self.text.len() };
        let end = self.starts.get(pos.line as usize + 1).map_or(self.text.len(), |e| e - 1);
        let line = &self.text[start..end];
        let line = line.strip_suffix('\r').unwrap_or(line);
        let want = pos.character as usize;
        let mut units = 0;
        for (i, c) in line.char_indices() {
            let w = match enc {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
            if units + w > want {
                return start + i;
            }
            units += w;
        }
        start + line.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_utf16_and_utf8_on_a_non_ascii_line() {
        // `€` is 3 bytes and 1 UTF-16 unit, `𝄞` 4 bytes and 2 units.
        let text = "a: b\nquote: \"€1.2 𝄞 x\"\n";
        let l = Lines::new(text);
        let x = text.find(" x").unwrap() + 1;
        assert_eq!(l.position(x, Encoding::Utf16), Position { line: 1, character: 16 });
        assert_eq!(l.position(x, Encoding::Utf8), Position { line: 1, character: 20 });
        assert_eq!(l.offset(Position { line: 1, character: 16 }, Encoding::Utf16), x);
        assert_eq!(l.offset(Position { line: 1, character: 20 }, Encoding::Utf8), x);
        // Half a surrogate pair and the middle of a UTF-8 sequence fall
        // back to the character's start; past the line's end is its end.
        let clef = text.find('𝄞').unwrap();
        assert_eq!(l.offset(Position { line: 1, character: 14 }, Encoding::Utf16), clef);
        assert_eq!(l.offset(Position { line: 1, character: 8 }, Encoding::Utf8), text.find('€').unwrap());
        assert_eq!(l.offset(Position { line: 0, character: 99 }, Encoding::Utf16), 4);
        assert_eq!(l.offset(Position { line: 9, character: 0 }, Encoding::Utf16), text.len());
        assert_eq!(l.position(text.find('€').unwrap() + 1, Encoding::Utf16), Position { line: 1, character: 8 });
    }
}
