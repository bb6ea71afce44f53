//! Which figures of an archived source text the dataset covers: the one
//! computation behind `citation/uncovered-figure` and
//! `cargo xtask coverage`.
//!
//! A figure is a number with what makes it one (currency, sign, scale,
//! percent, unit: `€1.2 billion`, `+8.7%`, `12.7 mm`, `200,000`) or a
//! number word (`two`, `Thirteen`, `twenty-six`). Not figures: years and
//! decades written alone (`2024`, `1990s`), days of a month next to its
//! name, parts of names and model numbers (`F-16`, `HS200`, `Article 5`),
//! note markers (`[12]`), list numbers at the start of a line, numbers in
//! web addresses. A figure is covered when some claim's quote from that
//! source spans it in the text, or skipped when the source lists it under
//! `skipped_figures` with a reason.

use std::path::Path;

use super::archive::{normalise, normalise_mapped};
use crate::model::Dataset;

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
fn is_number_word(w: &str) -> bool {
    use super::figure::{ONES as ONE_TO_NINETEEN, TENS};
    ONE_TO_NINETEEN[2..].iter().chain(&TENS[2..]).chain(&["hundred", "dozen"]).any(|n| n.eq_ignore_ascii_case(w))
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
    if memchr::memchr2(b'/', b'_', line.as_bytes()).is_none() && !line.contains("www.") {
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
    let mut out = Vec::new();
    let mut line_start = 0;
    for (ln, line) in text.split('\n').enumerate() {
        figures_of_line(line, line_start, ln as u32 + 1, &mut out);
        line_start += line.len() + 1;
    }
    out
}

fn figures_of_line(line: &str, base: usize, ln: u32, out: &mut Vec<Figure>) {
    let b = line.as_bytes();
    let skip = urls(line);
    let in_url = |i: usize| skip.iter().any(|(s, e)| *s <= i && i < *e);
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
            if let Some(f) = number_figure(line, s, e, &in_url) {
                out.push(finish(line, base, ln, f));
            }
            continue;
        }
        if c.is_ascii_alphabetic() && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) {
            let mut e = i;
            while e < b.len() && (b[e].is_ascii_alphabetic() || (b[e] == b'-' && b.get(e + 1).is_some_and(u8::is_ascii_alphabetic))) {
                e += 1;
            }
            if (e >= b.len() || !b[e].is_ascii_alphanumeric())
                && let Some(f) = word_figure(line, i, e).filter(|_| !in_url(i))
            {
                out.push(finish(line, base, ln, f));
            }
            i = e.max(i + 1);
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
        let lower = rest.to_lowercase();
        if let Some(u) =
            UNITS.iter().find(|u| lower.starts_with(**u) && lower[u.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric()))
        {
            // `in` is a unit only after a decimal number (`0.5 in`).
            if *u != "in" || num.contains('.') {
                end += 1 + u.len();
                marked = true;
            }
        }
    } else if let Some(rest) = after.strip_prefix('-') {
        // 14-meter, 30-day.
        let word: String = rest.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        if !word.is_empty() {
            end += 1 + word.len();
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

fn word_figure(line: &str, s: usize, e: usize) -> Option<Found> {
    let written = &line[s..e];
    // An acronym (`TEN-T`) is a name.
    if written.len() > 1 && written.bytes().filter(u8::is_ascii_alphabetic).all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    // Every number word starts with one of these letters.
    if !matches!(written.as_bytes()[0].to_ascii_lowercase(), b'd' | b'e' | b'f' | b'h' | b'n' | b'o' | b's' | b't') {
        return None;
    }
    let (head, tail) = written.split_once('-').map_or((written, None), |(a, b)| (a, Some(b)));
    let number_head = is_number_word(head)
        || (head.eq_ignore_ascii_case("one") && (one_of(&SCALES, next_word(line, e)) || tail.is_some_and(|t| !one_of(&ONES, t))));
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

/// Whether a figure is in the dataset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// A quote of this claim spans it.
    Covered {
        claim: String,
    },
    /// The source lists it under `skipped_figures` (index into that list).
    Skipped {
        entry: usize,
        reason: String,
    },
    Uncovered,
}

/// The figures of one archived source.
#[derive(Clone, Debug)]
pub struct SourceCoverage {
    /// Index into `Dataset::sources`.
    pub source: usize,
    pub file: String,
    pub figures: Vec<(Figure, Status)>,
    /// `skipped_figures` entries that name no figure of the text.
    pub unused_skips: Vec<usize>,
}

impl SourceCoverage {
    pub fn count(&self, f: impl Fn(&Status) -> bool) -> usize {
        self.figures.iter().filter(|(_, s)| f(s)).count()
    }
}

/// Reads an archived text if its SHA-256 is the record's.
pub fn read_verified(dir: &Path, file: &str, sha256: &str) -> Option<String> {
    let name = Path::new(file);
    if name.components().count() != 1 || file.contains("..") {
        return None;
    }
    let bytes = std::fs::read(dir.join(name)).ok()?;
    (super::archive::sha256_hex(&bytes) == sha256).then(|| String::from_utf8_lossy(&bytes).into_owned())
}

fn same_figure(a: &str, b: &str) -> bool {
    normalise(a).to_lowercase() == normalise(b).to_lowercase()
}

/// The quotes of every citation, by cited source id: (quote, claim id).
pub fn quotes_by_source(ds: &Dataset) -> crate::hash::FastMap<&str, Vec<(&str, &str)>> {
    let mut m: crate::hash::FastMap<&str, Vec<(&str, &str)>> = Default::default();
    for c in &ds.claims {
        for cit in &c.citations {
            m.entry(cit.source.as_str()).or_default().push((cit.quote.as_str(), c.id.as_str()));
        }
    }
    m
}

/// Coverage of one source's text, given the quotes that cite it.
pub fn of_source(ds: &Dataset, source: usize, raw: &str, quotes: &[(&str, &str)]) -> SourceCoverage {
    let src = &ds.sources[source];
    let mut map = Vec::with_capacity(raw.len());
    let norm = normalise_mapped(raw, Some(&mut map));
    // Every place a quote from this source stands in the text.
    let mut spans: Vec<(usize, usize, &str)> = Vec::new();
    for (quote, claim) in quotes {
        let q = normalise(quote);
        if q.is_empty() {
            continue;
        }
        for at in memchr::memmem::find_iter(norm.as_bytes(), q.as_bytes()) {
            spans.push((at, at + q.len(), claim));
        }
    }
    spans.sort_unstable_by_key(|(a, _, _)| *a);
    let covering = |a: usize, b: usize| {
        let upto = spans.partition_point(|(s, _, _)| *s <= a);
        spans[..upto].iter().rev().find(|(_, e, _)| b <= *e).map(|(_, _, c)| *c)
    };
    let to_norm = |raw_off: usize| map.partition_point(|r| (*r as usize) < raw_off);
    let skips = &src.skipped_figures;
    // An entry is in use when it names a figure of the text, covered or
    // not (a claim added later may cover what was skipped).
    let mut used = vec![false; skips.len()];
    let lines: Vec<&str> = raw.split('\n').collect();
    let figures = extract(raw)
        .into_iter()
        .map(|f| {
            let (a, b) = (to_norm(f.core.0), to_norm(f.core.1));
            let skip = if skips.is_empty() {
                None
            } else {
                let line = normalise(lines.get(f.line as usize - 1).copied().unwrap_or(""));
                skips.iter().enumerate().find(|(_, k)| {
                    same_figure(&k.figure, &f.text) && k.context.as_deref().is_none_or(|c| line.contains(normalise(c).as_str()))
                })
            };
            if let Some((i, _)) = skip {
                used[i] = true;
            }
            let status = match (covering(a, b), skip) {
                (Some(claim), _) => Status::Covered { claim: claim.to_string() },
                (None, Some((i, k))) => Status::Skipped { entry: i, reason: k.reason.clone() },
                (None, None) => Status::Uncovered,
            };
            (f, status)
        })
        .collect();
    SourceCoverage {
        source,
        file: src.archive.as_ref().map(|a| a.file.clone()).unwrap_or_default(),
        figures,
        unused_skips: used.iter().enumerate().filter(|(_, u)| !**u).map(|(i, _)| i).collect(),
    }
}

/// Coverage of every source whose archived text is in `dir` with the
/// recorded hash, in the order of the sources.
pub fn compute(ds: &Dataset, dir: &Path) -> Vec<SourceCoverage> {
    compute_in(ds, &[dir])
}

/// Coverage of every source whose archived text is in one of `dirs` (the
/// first that holds it with the recorded hash), in the order of the
/// sources.
pub fn compute_in(ds: &Dataset, dirs: &[&Path]) -> Vec<SourceCoverage> {
    use rayon::prelude::*;
    let quotes = quotes_by_source(ds);
    ds.sources
        .par_iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let a = s.archive.as_ref()?;
            let raw = dirs.iter().find_map(|dir| read_verified(dir, &a.file, &a.sha256))?;
            Some(of_source(ds, i, &raw, quotes.get(s.id.as_str()).map_or(&[][..], Vec::as_slice)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::extract;

    fn texts(s: &str) -> Vec<String> {
        extract(s).into_iter().map(|f| f.text).collect()
    }

    #[test]
    fn figures_and_what_is_not_one() {
        assert_eq!(
            texts("Serbia accounts for 65.79% of exports, with some $1.3 billion (€1.2 billion) in 2021."),
            ["65.79%", "$1.3 billion", "€1.2 billion"]
        );
        assert_eq!(
            texts("a budget of €1.63 billion in 2024 (+8.7%), EUR 146.82 million"),
            ["€1.63 billion", "+8.7%", "EUR 146.82 million"]
        );
        assert_eq!(texts("0.5 in (12.7 mm) calibre, a 14-meter drone, 200,000 units"), ["0.5 in", "12.7 mm", "14-meter", "200,000"]);
        assert_eq!(texts("Thirteen countries, a two-day summit, twenty-six vehicles"), ["Thirteen", "two-day", "twenty-six"]);
        assert!(texts("TEN-T, Feb. 28, https://x.org/Five-year-Plan.pdf").is_empty());
        assert!(texts("F-16 and MiG-29 jets, HS200, Leopard 2A8, Article 5, post-1991, the 1990s").is_empty());
        let dates = texts("March 28, 2024; on 5 September 2025; grants for 2025–2027; date 2024-03-28");
        assert!(dates.is_empty(), "{dates:?}");
        assert!(texts("  2. Skip to main menu\nsecurity.[12] See https://x.org/a/1864-b and topics_52044.htm").is_empty());
        assert_eq!(texts("one of them; one million shells"), ["one million"]);
        assert_eq!(texts("under 2 percent GDP, 40 to 120 percent"), ["2 percent", "40", "120 percent"]);
    }

    #[test]
    fn places_and_context() {
        let f = &extract("first line\nsome words and then €50 million ($54.26 million) to modernise it")[0];
        assert_eq!((f.line, f.column), (2, 21));
        assert!(f.context.contains("€50 million"), "{}", f.context);
    }
}
