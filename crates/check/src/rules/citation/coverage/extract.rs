//! Finding the figures of a text: numbers with what makes them one, and
//! number words (the definition is in the parent module's opening comment).

/// Where a figure stands in a text, found cheaply; [`Spot::figure`] makes
/// the [`Figure`] with its words, column and context when one is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spot {
    /// Byte range of the whole figure in the raw text.
    pub start: usize,
    pub end: usize,
    /// Byte range of its number (or number word) alone.
    pub core: (usize, usize),
    /// 1-based line, and the byte offset where that line starts.
    pub line: u32,
    pub line_start: usize,
}

impl Spot {
    /// The figure as shown: its words, column and context, from `text`
    /// (the text the spot was found in).
    pub fn figure(&self, text: &str) -> Figure {
        let base = self.line_start;
        let line_end = memchr::memchr(b'\n', &text.as_bytes()[base..]).map_or(text.len(), |n| base + n);
        finish(&text[base..line_end], base, self.line, (self.start - base, self.end - base, self.core.0 - base, self.core.1 - base))
    }
}

/// A figure in an archived text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    /// As the text writes it, currency, scale and unit included.
    pub text: String,
    /// Byte range of the whole figure in the raw text.
    pub start: usize,
    pub end: usize,
    /// Byte range of its number (or number word) alone.
    pub core: (usize, usize),
    /// 1-based line and column (in characters).
    pub line: u32,
    pub column: u32,
    /// A few words around it, from its line.
    pub context: String,
}

/// Words that make a number by themselves (two to ninety, "hundred",
/// "dozen"): the figure rule's number words, without "zero" and "one"
/// ("one" counts only before a scale word or in a compound).
/// Asked of most words of a text: lowercased on the stack and matched at
/// once (the words are the figure module's `ONES[2..]` and `TENS[2..]`,
/// which a test holds this list to).
fn is_number_word(w: &str) -> bool {
    let mut low = [0u8; 9];
    let Some(low) = low.get_mut(..w.len()).filter(|_| w.len() >= 3) else { return false };
    low.copy_from_slice(w.as_bytes());
    low.make_ascii_lowercase();
    matches!(
        &*low,
        b"two"
            | b"three"
            | b"four"
            | b"five"
            | b"six"
            | b"seven"
            | b"eight"
            | b"nine"
            | b"ten"
            | b"eleven"
            | b"twelve"
            | b"thirteen"
            | b"fourteen"
            | b"fifteen"
            | b"sixteen"
            | b"seventeen"
            | b"eighteen"
            | b"nineteen"
            | b"twenty"
            | b"thirty"
            | b"forty"
            | b"fifty"
            | b"sixty"
            | b"seventy"
            | b"eighty"
            | b"ninety"
            | b"hundred"
            | b"dozen"
    )
}
const ONES: [&str; 9] = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
const SCALES: [&str; 7] = ["thousand", "million", "billion", "trillion", "bn", "mn", "hundred"];
const UNITS: [&str; 17] = [
    "mm",
    "cm",
    "km",
    "m",
    "kg",
    "t",
    "in",
    "meters",
    "metres",
    "meter",
    "metre",
    "kilometers",
    "kilometres",
    "tonnes",
    "tons",
    "percent",
    "per cent",
];
const MONTHS: [&str; 23] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
];
/// Words before a number that make it part of a name.
const NAMING: [&str; 13] =
    ["article", "articles", "chapter", "section", "paragraph", "note", "no.", "resolution", "vol.", "volume", "issue", "part", "edition"];

fn prev_word(line: &str, at: usize) -> &str {
    line[..at].trim_end().rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("")
}

fn next_word(line: &str, at: usize) -> &str {
    line[at..].trim_start().split(|c: char| c.is_whitespace() || ",.;:)".contains(c)).next().unwrap_or("")
}

/// Whether `word` is one of `list` (lowercase), ignoring ASCII case.
fn one_of(list: &[&str], word: &str) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Byte ranges of web addresses in a line.
fn urls(line: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    // Addresses have a slash and file names an underscore or a slash;
    // most lines have neither.
    static WWW: std::sync::LazyLock<memchr::memmem::Finder<'static>> = std::sync::LazyLock::new(|| memchr::memmem::Finder::new("www."));
    if memchr::memchr2(b'/', b'_', line.as_bytes()).is_none() && WWW.find(line.as_bytes()).is_none() {
        return out;
    }
    for pat in ["http://", "https://", "www."] {
        let mut from = 0;
        while let Some(i) = line[from..].find(pat) {
            let s = from + i;
            let e = line[s..].find(char::is_whitespace).map_or(line.len(), |n| s + n);
            out.push((s, e));
            from = e.max(s + 1);
        }
    }
    // File names and other tokens with a dot-extension or underscores.
    for tok in line.split_whitespace() {
        if tok.contains('_') || tok.ends_with(".htm") || tok.ends_with(".html") || tok.ends_with(".pdf") {
            let s = tok.as_ptr() as usize - line.as_ptr() as usize;
            out.push((s, s + tok.len()));
        }
    }
    out
}

/// Every figure of a text, in order.
pub fn extract(text: &str) -> Vec<Figure> {
    spots(text).iter().map(|s| s.figure(text)).collect()
}

/// Where every figure of a text stands, in order.
pub fn spots(text: &str) -> Vec<Spot> {
    spots_where(text, &mut Every)
}

/// Which numbers and words [`spots_where`] works out.
pub trait Wanted {
    /// Whether the number or word at the byte range `start..end` is worked
    /// out. Asked of each number, and of each word that may be a number
    /// word, in the order of the text (each range ends before the next
    /// starts).
    fn wanted(&mut self, start: usize, end: usize) -> bool;

    /// After a range turned down, from the byte `at` where it ended: a place
    /// up to which every range starting at or after `at` would be turned
    /// down too (`at` itself when none is known). The search goes on from
    /// the last place up to it where no number or word stands.
    fn turned_down_to(&mut self, at: usize) -> usize {
        at
    }
}

/// Every number and word is worked out.
struct Every;

impl Wanted for Every {
    fn wanted(&mut self, _: usize, _: usize) -> bool {
        true
    }
}

/// [`spots`], leaving out the figures whose number (or number word) is
/// inside a byte range `wanted` turns down, without the work of telling
/// whether they are figures.
pub fn spots_where(text: &str, wanted: &mut impl Wanted) -> Vec<Spot> {
    let mut out = Vec::new();
    let mut line_start = 0;
    // Line by line, as `split('\n')` cuts them (the last one after the
    // last line break, empty or not).
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len()));
    for (ln, end) in ends.enumerate() {
        figures_of_line(&text[line_start..end], line_start, ln as u32 + 1, wanted, &mut out);
        line_start = end + 1;
    }
    out
}

/// Whether a byte can be part of a number or a word as the search reads
/// them: none starts, ends or goes on across any other byte.
fn in_token(x: u8) -> bool {
    x.is_ascii_alphanumeric() || matches!(x, b',' | b'.' | b'-')
}

fn figures_of_line(line: &str, base: usize, ln: u32, wanted: &mut impl Wanted, out: &mut Vec<Spot>) {
    let spot = |(s, e, cs, ce): Found| Spot { start: base + s, end: base + e, core: (base + cs, base + ce), line: ln, line_start: base };
    let b = line.as_bytes();
    // The line's web addresses, found when a figure is first asked about.
    let skip = std::cell::OnceCell::new();
    let in_url = |i: usize| skip.get_or_init(|| urls(line)).iter().any(|(s, e)| *s <= i && i < *e);
    // Past a range turned down, on to a place where the search would be
    // anyway (a byte outside every number and word) up to which the rest
    // is turned down too: the numbers and words skipped are not asked.
    let past = |i: usize, wanted: &mut dyn FnMut(usize) -> usize| {
        let to = wanted(base + i).saturating_sub(base);
        if to >= b.len() {
            return b.len();
        }
        b.get(i..to).and_then(|r| r.iter().rposition(|&x| !in_token(x))).map_or(i, |p| i + p)
    };
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() && (i == 0 || !(b[i - 1].is_ascii_digit() || b[i - 1] == b'.' || b[i - 1] == b',')) {
            let (s, mut e) = (i, i);
            while e < b.len() && b[e].is_ascii_digit() {
                e += 1;
            }
            // Thousands groups and decimals.
            while e + 3 < b.len()
                && b[e] == b','
                && b[e + 1..e + 4].iter().all(u8::is_ascii_digit)
                && b.get(e + 4).is_none_or(|x| !x.is_ascii_digit())
            {
                e += 4;
            }
            if e + 1 < b.len() && b[e] == b'.' && b[e + 1].is_ascii_digit() {
                e += 1;
                while e < b.len() && b[e].is_ascii_digit() {
                    e += 1;
                }
            }
            i = e;
            if !wanted.wanted(base + s, base + e) {
                i = past(i, &mut |at| wanted.turned_down_to(at));
            } else if let Some(f) = number_figure(line, s, e, &in_url) {
                out.push(spot(f));
            }
            continue;
        }
        if c.is_ascii_alphabetic() && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) {
            let mut e = i;
            while e < b.len() && (b[e].is_ascii_alphabetic() || (b[e] == b'-' && b.get(e + 1).is_some_and(u8::is_ascii_alphabetic))) {
                e += 1;
            }
            let (start, end) = (i, e);
            i = e.max(i + 1);
            if (e >= b.len() || !b[e].is_ascii_alphanumeric()) && may_be_number_word(c) {
                if !wanted.wanted(base + start, base + end) {
                    i = past(i, &mut |at| wanted.turned_down_to(at));
                } else if let Some(f) = word_figure(line, start, end).filter(|_| !in_url(start)) {
                    out.push(spot(f));
                }
            }
            continue;
        }
        i += 1;
    }
}

/// (start, end, core start, core end) within the line.
type Found = (usize, usize, usize, usize);

fn number_figure(line: &str, s: usize, e: usize, in_url: &dyn Fn(usize) -> bool) -> Option<Found> {
    let b = line.as_bytes();
    let num = &line[s..e];
    if in_url(s) {
        return None;
    }
    // Part of a name or code: a letter, `_` or `/` just before, or a letter
    // with a hyphen (`F-16`, `post-1991`); a letter or `×` just after
    // (`80A`, `1990s`, `8×8`); a clock time or a ratio.
    if s > 0 {
        let p = b[s - 1];
        if p.is_ascii_alphabetic() || matches!(p, b'_' | b'/' | b':' | b'#' | b'.') {
            return None;
        }
        // `F-16`, `post-1991`; the day and month of `2024-03-28`.
        if p == b'-' && s >= 2 && b[s - 2].is_ascii_alphanumeric() {
            return None;
        }
        if line[..s].ends_with('×') {
            return None;
        }
    }
    if let Some(&n) = b.get(e) {
        if n.is_ascii_alphabetic() || n == b':' || n == b'/' || n == b'_' {
            return None;
        }
        if line[e..].starts_with('×') || line[e..].starts_with('\'') && line[e + 1..].starts_with('s') {
            return None;
        }
        // 2024-03-28, 2025–2027 and other ranges of years.
        if (n == b'-' || line[e..].starts_with('–')) && num.len() == 4 {
            return None;
        }
    }
    // A note marker `[12]`.
    if s > 0 && b[s - 1] == b'[' && b.get(e) == Some(&b']') {
        return None;
    }
    // A list number at the start of a line: `  2. Skip to main menu`.
    if line[..s].trim().is_empty() && b.get(e) == Some(&b'.') && b.get(e + 1).is_none_or(|c| *c == b' ') {
        return None;
    }
    let prev = prev_word(line, s);
    if one_of(&NAMING, prev) {
        return None;
    }
    // Currency and sign before.
    let mut start = s;
    let before = &line[..s];
    let mut currency = false;
    for sym in ["US$", "€", "$", "£"] {
        if before.ends_with(sym) {
            start -= sym.len();
            currency = true;
            break;
        }
    }
    if !currency {
        let t = before.as_bytes();
        if t.len() >= 4
            && t[t.len() - 1] == b' '
            && t[t.len() - 4..t.len() - 1].iter().all(u8::is_ascii_uppercase)
            && (t.len() == 4 || !t[t.len() - 5].is_ascii_alphabetic())
        {
            start -= 4;
            currency = true;
        }
    }
    let lb = &line[..start];
    if lb.ends_with('+') || lb.ends_with('−') || (lb.ends_with('-') && !lb[..lb.len() - 1].ends_with(|c: char| c.is_alphanumeric())) {
        start -= lb.chars().next_back().map_or(0, char::len_utf8);
    }
    // Scale, percent, unit after.
    let mut end = e;
    let mut marked = currency;
    let after = &line[end..];
    let w = next_word(line, end);
    if one_of(&SCALES, w) && after.starts_with(' ') {
        end += 1 + w.len();
        marked = true;
    }
    let after = &line[end..];
    if after.starts_with('%') {
        end += 1;
        marked = true;
    } else if let Some(rest) = after.strip_prefix(' ').filter(|_| end == e) {
        // Compared letter by letter in ASCII: a unit's length in the text
        // is then its length in the list.
        let is_unit = |u: &str| {
            rest.len() >= u.len()
                && rest.as_bytes()[..u.len()].eq_ignore_ascii_case(u.as_bytes())
                && rest[u.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric())
        };
        if let Some(u) = UNITS.iter().find(|u| is_unit(u)) {
            // `in` is a unit only after a decimal number (`0.5 in`).
            if *u != "in" || num.contains('.') {
                end += 1 + u.len();
                marked = true;
            }
        }
    } else if let Some(rest) = after.strip_prefix('-') {
        // 14-meter, 30-day.
        let word = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        if word > 0 {
            end += 1 + word;
            marked = true;
        }
    }
    // Years and days of a month are dates, not figures.
    let plain_int = !num.contains(['.', ',']);
    if !marked
        && plain_int
        && let Ok(n) = num.parse::<u32>()
    {
        if num.len() == 4 && (1800..=2100).contains(&n) {
            return None;
        }
        let next = next_word(line, e);
        let month = |w: &str| one_of(&MONTHS, w.trim_end_matches([',', '.'])) || w.trim_end_matches('.').eq_ignore_ascii_case("dec");
        if n <= 31 && (month(prev) || month(next)) {
            return None;
        }
    }
    Some((start, end, s, e))
}

/// Whether a word that starts with `first` may be a number word: every
/// number word starts with one of these letters (it turns most words away
/// at one byte).
fn may_be_number_word(first: u8) -> bool {
    matches!(first.to_ascii_lowercase(), b'd' | b'e' | b'f' | b'h' | b'n' | b'o' | b's' | b't')
}

fn word_figure(line: &str, s: usize, e: usize) -> Option<Found> {
    let written = &line[s..e];
    if !may_be_number_word(written.as_bytes()[0]) {
        return None;
    }
    // Split at the first hyphen, found byte by byte (no searcher).
    let (head, tail) = written.bytes().position(|x| x == b'-').map_or((written, None), |k| (&written[..k], Some(&written[k + 1..])));
    // Most words asked about are no number word: turned away first.
    let one = head.eq_ignore_ascii_case("one");
    if !one && !is_number_word(head) {
        return None;
    }
    // An acronym (`TEN-T`) is a name.
    if written.len() > 1 && written.bytes().filter(u8::is_ascii_alphabetic).all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let number_head = !one || one_of(&SCALES, next_word(line, e)) || tail.is_some_and(|t| !one_of(&ONES, t));
    if !number_head {
        return None;
    }
    // "twenty-six" is one figure; "two-day" keeps its unit.
    let mut end = e;
    let w = next_word(line, e);
    if one_of(&SCALES, w) && line[e..].starts_with(' ') {
        end += 1 + w.len();
    }
    let core_end = s + head.len();
    Some((s, end, s, core_end.min(e)))
}

fn finish(line: &str, base: usize, ln: u32, (s, e, cs, ce): Found) -> Figure {
    // A few words either side, cut at spaces.
    let mut a = s.saturating_sub(40);
    while !line.is_char_boundary(a) {
        a -= 1;
    }
    if a > 0 {
        a = line[a..s].find(' ').map_or(a, |n| a + n + 1);
    }
    let mut z = (e + 40).min(line.len());
    while !line.is_char_boundary(z) {
        z += 1;
    }
    if z < line.len() {
        z = line[e..z].rfind(' ').map_or(z, |n| e + n);
    }
    let context = format!("{}{}{}", if a > 0 { "..." } else { "" }, line[a..z].trim(), if z < line.len() { "..." } else { "" });
    Figure {
        text: line[s..e].to_string(),
        start: base + s,
        end: base + e,
        core: (base + cs, base + ce),
        line: ln,
        column: line[..s].chars().count() as u32 + 1,
        context,
    }
}

#[cfg(test)]
mod tests;
