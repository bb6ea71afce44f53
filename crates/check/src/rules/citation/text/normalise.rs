//! Folding the differences that copying text introduces, and the way back
//! from a place in the folded text to the raw text.

/// Where each byte of a normalised text came from in the raw text, kept as
/// runs of bytes copied one to one: a run is (its start in the normalised
/// text, its start in the raw text). Most text is copied as is, so a text
/// has a few runs per line, not one entry per byte.
#[derive(Clone, Debug, Default)]
pub struct OffsetMap {
    runs: Vec<(u32, u32)>,
    len: u32,
}

impl OffsetMap {
    /// Forgets every run, keeping the room they took (for the next text).
    fn clear(&mut self) {
        self.runs.clear();
        self.len = 0;
    }

    /// The normalised byte at `norm` came from the raw byte at `raw`; raw
    /// places never go backwards.
    fn push(&mut self, norm: u32, raw: u32) {
        let continues = self.runs.last().is_some_and(|&(n, r)| raw >= r && norm - n == raw - r);
        if !continues {
            self.runs.push((norm, raw));
        }
    }

    /// How many bytes of the normalised text came from raw bytes before
    /// `raw`: the place in the normalised text of a raw offset.
    pub fn to_norm(&self, raw: usize) -> usize {
        let k = self.runs.partition_point(|&(_, r)| (r as usize) < raw);
        let Some(&(n, r)) = k.checked_sub(1).and_then(|i| self.runs.get(i)) else { return 0 };
        let end = self.runs.get(k).map_or(self.len, |x| x.0);
        n as usize + (raw - r as usize).min((end - n) as usize)
    }

    /// A raw place whose normalised place is at most `norm` (the last of
    /// them, or one before it): where a normalised range that ends at
    /// `norm` ends at the latest in the raw text.
    pub fn to_raw(&self, norm: usize) -> usize {
        let k = self.runs.partition_point(|&(n, _)| (n as usize) <= norm);
        let Some(&(n, r)) = k.checked_sub(1).and_then(|i| self.runs.get(i)) else { return 0 };
        let raw = r as usize + (norm - n as usize);
        // Held to what `to_norm` says (it is so by construction).
        if self.to_norm(raw) <= norm { raw } else { r as usize }
    }

    /// [`OffsetMap::to_norm`] for raw places asked in order (never going
    /// back): a walk along the runs instead of a search for each.
    pub fn cursor(&self) -> Cursor<'_> {
        Cursor { map: self, k: 0 }
    }
}

/// See [`OffsetMap::cursor`].
pub struct Cursor<'a> {
    map: &'a OffsetMap,
    /// How many runs start before the last place asked.
    k: usize,
}

impl Cursor<'_> {
    /// [`OffsetMap::to_norm`] of `raw`, which is not before the place
    /// asked last.
    pub fn to_norm(&mut self, raw: usize) -> usize {
        let runs = &self.map.runs;
        while self.k < runs.len() && (runs[self.k].1 as usize) < raw {
            self.k += 1;
        }
        let Some(&(n, r)) = self.k.checked_sub(1).and_then(|i| runs.get(i)) else { return 0 };
        let end = runs.get(self.k).map_or(self.map.len, |x| x.0);
        n as usize + (raw - r as usize).min((end - n) as usize)
    }
}

/// Folds the differences that copying text introduces: runs of white space
/// (and non-breaking spaces) to one space, curly quotes to straight ones,
/// dashes to `-`, the ellipsis character to `...`; soft hyphens vanish.
pub fn normalise(s: &str) -> String {
    normalise_mapped(s, None)
}

/// [`normalise`], borrowing `s` when folding would not change it (the
/// common case of a quote: printed characters and single spaces between
/// them, nothing to fold).
pub fn normalise_cow(s: &str) -> std::borrow::Cow<'_, str> {
    if is_normal(s) { std::borrow::Cow::Borrowed(s) } else { std::borrow::Cow::Owned(normalise(s)) }
}

/// Whether a character is copied as is by [`normalise_mapped`], and is not
/// a space.
fn kept(c: char) -> bool {
    !matches!(
        c,
        '\u{2018}'
            | '\u{2019}'
            | '\u{201A}'
            | '\u{201B}'
            | '\u{2032}'
            | '`'
            | '\u{201C}'
            | '\u{201D}'
            | '\u{201E}'
            | '\u{201F}'
            | '\u{2033}'
            | '«'
            | '»'
            | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{00AD}' | '\u{200B}' | '\u{FEFF}' | '\u{2026}'
    ) && !c.is_whitespace()
        && !c.is_control()
}

/// Whether [`normalise`] gives `s` back unchanged: every character is kept
/// as is, or is a single ASCII space between two such characters. So: no
/// ASCII control or backtick, no space at either end or doubled, and every
/// character beyond ASCII kept. The ASCII tests are one pass over the
/// bytes without a branch (the compiler runs it on many bytes at once);
/// only the characters beyond ASCII, if any, are decoded.
fn is_normal(s: &str) -> bool {
    let b = s.as_bytes();
    let (mut folded, mut wide) = (false, false);
    for &x in b {
        folded |= (x < b' ') | (x == 0x7f) | (x == b'`');
        wide |= x >= 0x80;
    }
    // Each byte beside the next, as two slices (which the compiler runs
    // on many bytes at once, as it does not an iterator that skips one).
    for (&x, &y) in b.iter().zip(b.get(1..).unwrap_or_default()) {
        folded |= (x == b' ') & (y == b' ');
    }
    if folded || b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    // The first byte of each character beyond ASCII.
    !wide || b.iter().enumerate().filter(|&(_, &x)| x >= 0xc0).all(|(i, _)| s[i..].chars().next().is_some_and(kept))
}

/// [`normalise`], and with `map`, where each byte of the result came from in
/// `s` (for turning a place in the normalised text back into a line).
pub fn normalise_mapped(s: &str, map: Option<&mut OffsetMap>) -> String {
    let mut out = String::new();
    normalise_mapped_into(s, map, &mut out);
    out
}

/// [`normalise_mapped`] into `out` (emptied first), and `map` (emptied
/// first too): the room of both is kept from one text to the next.
pub fn normalise_mapped_into(s: &str, mut map: Option<&mut OffsetMap>, out: &mut String) {
    out.clear();
    out.reserve(s.len());
    if let Some(m) = map.as_deref_mut() {
        m.clear();
    }
    let mut space = false;
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut mark = |norm: usize, at: usize| {
        if let Some(m) = map.as_deref_mut() {
            m.push(norm as u32, at as u32);
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
        // Fast path: printable ASCII other than the backtick copies as is,
        // and so does a single space between two such characters.
        let plain = |b: u8| b > b' ' && b < 0x7f && b != b'`';
        if plain(b) {
            let start = i;
            // Sixteen bytes at a time while they all copy as is (tested
            // without a branch, which the compiler runs on all at once),
            // then byte by byte.
            let copied = |x: u8, y: u8| ((x > b' ') & (x < 0x7f) & (x != b'`')) | ((x == b' ') & (y > b' ') & (y < 0x7f) & (y != b'`'));
            while let Some(chunk) = bytes.get(i..i + 17) {
                let mut all = true;
                for k in 0..16 {
                    all &= copied(chunk[k], chunk[k + 1]);
                }
                if !all {
                    break;
                }
                i += 16;
            }
            while i < bytes.len() && (plain(bytes[i]) || (bytes[i] == b' ' && bytes.get(i + 1).is_some_and(|&n| plain(n)))) {
                i += 1;
            }
            mark(out.len(), start);
            out.push_str(&s[start..i]);
            space = false;
            continue;
        }
        let at = i;
        // A space, line break or other ASCII control: folded as below
        // (`c.is_whitespace() || c.is_control()`), without decoding the
        // character. Most of what is not a word is a space.
        if b <= b' ' || b == 0x7f {
            i += 1;
            if !space && !out.is_empty() {
                mark(out.len(), at);
                out.push(' ');
            }
            space = true;
            continue;
        }
        let c = s[i..].chars().next().unwrap_or(' ');
        i += c.len_utf8();
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '«' | '»' => '"',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => '-',
            '\u{00AD}' | '\u{200B}' | '\u{FEFF}' => continue,
            '\u{2026}' => {
                // Three bytes from one: each maps to the ellipsis.
                for _ in 0..3 {
                    mark(out.len(), at);
                    out.push('.');
                }
                space = false;
                continue;
            }
            c if c.is_whitespace() || c.is_control() => {
                if !space && !out.is_empty() {
                    mark(out.len(), at);
                    out.push(' ');
                }
                space = true;
                continue;
            }
            c => c,
        };
        space = false;
        if c.len_utf8() == i - at {
            // Kept as written: its bytes map one to one.
            mark(out.len(), at);
        } else {
            // Replaced by another character: each of its bytes maps to the
            // one it replaces.
            for k in 0..c.len_utf8() {
                mark(out.len() + k, at);
            }
        }
        out.push(c);
    }
    if out.ends_with(' ') {
        out.pop();
    }
    if let Some(m) = map {
        m.len = out.len() as u32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each normalised byte's origin, the slow way: every character folded
    /// on its own, each output byte mapped to the start of the character it
    /// came from (what the runs stand for, at character boundaries).
    fn origins(s: &str) -> (String, Vec<usize>) {
        let (mut out, mut at) = (String::new(), Vec::new());
        let mut space = false;
        for (i, c) in s.char_indices() {
            let folded: &str = match c {
                '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' => "'",
                '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '«' | '»' => "\"",
                '\u{2010}'..='\u{2015}' | '\u{2212}' => "-",
                '\u{00AD}' | '\u{200B}' | '\u{FEFF}' => continue,
                '\u{2026}' => "...",
                c if c.is_whitespace() || c.is_control() => {
                    if !space && !out.is_empty() {
                        out.push(' ');
                        at.push(i);
                    }
                    space = true;
                    continue;
                }
                _ => &s[i..i + c.len_utf8()],
            };
            space = false;
            out.push_str(folded);
            at.extend(std::iter::repeat_n(i, folded.len()));
        }
        if out.ends_with(' ') {
            out.pop();
            at.pop();
        }
        (out, at)
    }

    /// Borrowing is right exactly when folding changes nothing: compared
    /// with [`normalise`] on texts with every fold, on pieces cut from them
    /// at character boundaries, and on plain quotes.
    #[test]
    fn a_quote_is_borrowed_only_when_folding_leaves_it_as_it_is() {
        let mut seed = 0x51_7cc1_b727_220a;
        let mut borrowed = 0;
        for round in 0..3000 {
            let raw = crate::rules::citation::text::tests::text(&mut seed, round % 40);
            let bounds: Vec<usize> = (0..=raw.len()).filter(|&i| raw.is_char_boundary(i)).collect();
            for k in 0..8 {
                let a = bounds[(seed as usize).wrapping_add(k * 7) % bounds.len()];
                let b = bounds[(seed as usize / 3).wrapping_add(k * 13) % bounds.len()];
                let cut = &raw[a.min(b)..a.max(b)];
                for t in [cut, &*normalise(cut)] {
                    let fast = normalise_cow(t);
                    assert_eq!(fast, normalise_mapped(t, None), "{t:?}");
                    assert_eq!(matches!(fast, std::borrow::Cow::Borrowed(_)), normalise_mapped(t, None) == t, "{t:?}");
                    borrowed += usize::from(matches!(fast, std::borrow::Cow::Borrowed(_)));
                }
            }
        }
        assert!(borrowed > 1000, "{borrowed}");
        for t in ["Defence Works 32 booked €279.0 million ($316.22 million) in 2009", "a", "", " a", "a ", "a  b", "a\u{a0}b", "a \u{ad}b"]
        {
            assert_eq!(normalise_cow(t), normalise(t), "{t:?}");
        }
    }

    /// The same on generated texts with every fold, and long runs of
    /// plain words.
    #[test]
    fn generated_texts_fold_and_map_as_character_by_character() {
        let mut seed = 0x2f6b_a9c1_33d0_7e45;
        for round in 0..1500 {
            let mut t = crate::rules::citation::text::tests::text(&mut seed, round % 80);
            if round % 3 == 0 {
                t = t.replace(' ', "").replace("million", "million plain words of text ");
            }
            let (slow_text, at) = origins(&t);
            let mut map = OffsetMap::default();
            assert_eq!(normalise_mapped(&t, Some(&mut map)), slow_text, "{t:?}");
            for raw in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
                assert_eq!(map.to_norm(raw), at.partition_point(|&o| o < raw), "{t:?} at {raw}");
            }
        }
    }

    #[test]
    fn ascii_spaces_and_controls_fold_as_every_other_space() {
        let text = "\t a\x0b\x0c\r\n b\x7f\x01c \u{a0}";
        assert_eq!(normalise(text), "a b c");
        assert_eq!(origins(text).1, vec![2, 3, 8, 9, 11]);
    }

    #[test]
    fn folds_copy_differences() {
        assert_eq!(normalise("the  region’s\u{a0}“largest”\n— exporter…"), "the region's \"largest\" - exporter...");
    }

    #[test]
    fn raw_places_map_to_the_normalised_text_as_a_byte_by_byte_map_would() {
        let texts = [
            "plain ascii text with single spaces",
            "  lead and  double   spaces\n\nand lines  ",
            "€1.2 billion — “quoted” … soft\u{ad}hyphen, zero\u{200b}width, café, naïve",
            "ellipsis…… then\u{2026} end",
            "",
            "\u{feff}",
            "a\u{2003}b\u{3000}c",
        ];
        for t in texts {
            let (slow_text, at) = origins(t);
            let mut map = OffsetMap::default();
            assert_eq!(normalise_mapped(t, Some(&mut map)), slow_text);
            for raw in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
                let slow = at.partition_point(|&o| o < raw);
                assert_eq!(map.to_norm(raw), slow, "{t:?} at {raw}");
            }
        }
    }
}
