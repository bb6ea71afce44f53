//! Finding a claim's figure in a quote: digits as written (with or without
//! thousands separators), number words ("Thirteen", "one-fifth"), percent
//! and currency markers. Used by `citation/quote-missing-value`.

use rust_decimal::Decimal;

mod buf;
mod words;
pub(crate) use buf::Buf;
use wbd_schema::{Amount, CurrencyCode, Number, PartialDate, Scale, Value};
use words::word_forms;
pub use words::words;

pub(crate) const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
pub(crate) const TENS: [&str; 10] = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

const MONTHS: [&str; 12] =
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/// A number as digits.
type Digits = Buf<48>;

/// Words a percentage may be written as ("one-fifth" for 20 %).
fn fraction_words(p: Decimal) -> &'static [&'static str] {
    let p = Digits::decimal(p.normalize());
    match p.as_str() {
        "50" => &["half"],
        "25" => &["quarter"],
        "75" => &["three-quarters", "three quarters"],
        "20" => &["one-fifth", "a fifth", "one fifth"],
        "10" => &["one-tenth", "a tenth", "one tenth"],
        "33.3" | "33" | "33.33" => &["one-third", "a third", "one third"],
        "66.7" | "67" | "66.67" => &["two-thirds", "two thirds"],
        "40" => &["two-fifths", "two fifths"],
        _ => &[],
    }
}

/// The first place of `needle` in `hay` at or after byte `from`. Quotes
/// are short and the needles a few digits or a word: a look for the first
/// byte and a compare beats building a substring searcher for each.
fn find_from(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else { return (from <= h.len()).then_some(from) };
    memchr::memchr_iter(first, h.get(from..)?).map(|i| from + i).find(|&i| h[i..].starts_with(n))
}

/// Where `needle` occurs in `hay` as a whole number: not preceded by a
/// digit, or by `.` or `,` after a digit, and not followed by one. Byte
/// ranges, left to right.
fn numbers_in<'a>(hay: &'a str, needle: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
    let hb = hay.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(start) = find_from(hay, needle, from) {
            from = start + 1;
            let end = start + needle.len();
            let before_ok = start == 0 || {
                let b = hb[start - 1];
                !(b.is_ascii_digit() || ((b == b'.' || b == b',') && start >= 2 && hb[start - 2].is_ascii_digit()))
            };
            let after_ok = end >= hb.len() || {
                let a = hb[end];
                !(a.is_ascii_digit() || ((a == b'.' || a == b',') && end + 1 < hb.len() && hb[end + 1].is_ascii_digit()))
            };
            if before_ok && after_ok {
                return Some((start, end));
            }
        }
        None
    })
}

fn has_number(hay: &str, needle: &str) -> bool {
    numbers_in(hay, needle).next().is_some()
}

/// Where `needle` occurs in `hay` as a whole word (`hay` is already
/// lowercase). Byte ranges, left to right.
fn words_in<'a>(hay: &'a str, needle: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(start) = find_from(hay, needle, from) {
            from = start + needle.len().max(1);
            let end = start + needle.len();
            let ok_before = hay[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
            let ok_after = hay[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
            if ok_before && ok_after {
                return Some((start, end));
            }
        }
        None
    })
}

fn has_word(hay: &str, needle: &str) -> bool {
    words_in(hay, needle).next().is_some()
}

/// The scale a word or abbreviation after a number stands for (lowercase),
/// and whether it is ambiguous: `m` is also the metre, `k` also a kilo.
pub fn scale_token(tok: &str) -> Option<(Scale, bool)> {
    Some(match tok {
        "thousand" | "thousands" => (Scale::Thousand, false),
        "million" | "millions" | "mn" | "mln" => (Scale::Million, false),
        "billion" | "billions" | "bn" | "bln" => (Scale::Billion, false),
        "trillion" | "trillions" | "tn" => (Scale::Trillion, false),
        "m" => (Scale::Million, true),
        "k" => (Scale::Thousand, true),
        _ => return None,
    })
}

/// Currency symbols that say which currency they are.
const SYMBOLS: [(&str, &str); 5] = [("€", "EUR"), ("£", "GBP"), ("₴", "UAH"), ("₽", "RUB"), ("₺", "TRY")];

fn code(s: &str) -> Option<CurrencyCode> {
    s.parse().ok()
}

/// Whether a three-letter word is a currency code ISO 4217 knows (so that
/// `PLA` or `EDA` in a quote are not read as currencies).
fn iso_code(s: &str) -> Option<CurrencyCode> {
    // Codes are three capital letters: most words are turned away here,
    // before the look-up in the table.
    if s.len() != 3 || !s.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    iso_currency::Currency::from_code(s).and_then(|_| code(s))
}

/// The currency a `$` stands for, from the letters written before it
/// (`US$`, `C$`); a bare `$` is the US dollar.
fn dollar(prefix: &str) -> Option<CurrencyCode> {
    code(match prefix {
        "" | "US" => "USD",
        "C" | "CA" => "CAD",
        "A" | "AU" => "AUD",
        "NZ" => "NZD",
        "HK" => "HKD",
        "S" => "SGD",
        _ => return None,
    })
}

/// A currency marked right before a number that starts at `start`
/// (`€1.2`, `$ 40`, `US$5`, `EUR 50`): the currency and where its marker
/// starts.
fn currency_before(quote: &str, start: usize) -> Option<(CurrencyCode, usize)> {
    let head = &quote[..start];
    let h = head.strip_suffix(' ').or_else(|| head.strip_suffix('\u{a0}')).unwrap_or(head);
    for (sym, c) in SYMBOLS {
        if let Some(p) = h.strip_suffix(sym) {
            return Some((code(c)?, p.len()));
        }
    }
    if let Some(p) = h.strip_suffix('$') {
        let letters = p.bytes().rev().take_while(u8::is_ascii_uppercase).count();
        let at = p.len() - letters;
        return Some((dollar(&p[at..])?, at));
    }
    // A code, separated by a space: `EUR 50`.
    if h.len() < head.len() && h.len() >= 3 && h.is_char_boundary(h.len() - 3) {
        let at = h.len() - 3;
        let word_start = h[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        if word_start {
            return iso_code(&h[at..]).map(|c| (c, at));
        }
    }
    None
}

/// A currency named right after a figure that ends at `end` (`50 million
/// euros`, `40 EUR`): the currency and where its name ends.
fn currency_after(quote: &str, end: usize) -> Option<(CurrencyCode, usize)> {
    let skip = usize::from(quote[end..].starts_with(' '));
    let from = end + skip;
    let len = quote[from..].bytes().take_while(u8::is_ascii_alphabetic).count();
    let word = &quote[from..from + len];
    if len == 3 && word.bytes().all(|b| b.is_ascii_uppercase()) {
        return iso_code(word).map(|c| (c, from + len));
    }
    lowercase_word(word).and_then(|w| currency_name(w.as_str())).map(|c| (c, from + len))
}

/// A word of ASCII letters in lowercase, on the stack; `None` for one
/// longer than any word it is looked up among.
fn lowercase_word(word: &str) -> Option<Buf<16>> {
    (word.len() <= 16).then(|| Buf::lowercase(word))
}

/// A quote in ASCII lowercase, made when first asked for: most quotes are
/// searched for digits and markers only.
struct Lower<'q> {
    quote: &'q str,
    text: std::cell::OnceCell<Buf<256>>,
}

impl<'q> Lower<'q> {
    fn new(quote: &'q str) -> Self {
        Lower { quote, text: std::cell::OnceCell::new() }
    }

    fn get(&self) -> &str {
        self.text.get_or_init(|| Buf::lowercase(self.quote)).as_str()
    }
}

/// The currency a lowercase word names (`euros`, `dollars`, `kuna`).
pub fn currency_name(word: &str) -> Option<CurrencyCode> {
    code(match word {
        "euro" | "euros" => "EUR",
        "dollar" | "dollars" => "USD",
        "pound" | "pounds" => "GBP",
        "kuna" | "kunas" => "HRK",
        "lek" | "leke" | "leks" => "ALL",
        "denar" | "denars" => "MKD",
        "dinar" | "dinars" => "RSD",
        "hryvnia" | "hryvnias" => "UAH",
        "rouble" | "roubles" | "ruble" | "rubles" => "RUB",
        "yuan" => "CNY",
        "yen" => "JPY",
        _ => return None,
    })
}

/// One place in a quote where a number is printed.
#[derive(Clone, Copy, Debug)]
struct Occurrence {
    /// Where the printed figure starts and ends, currency marker and scale
    /// word included.
    start: usize,
    end: usize,
    /// The scale word after the number, if any, and whether it is
    /// ambiguous (`m`).
    scale: Option<(Scale, bool)>,
    /// The currency marked right before or after it, if any.
    currency: Option<CurrencyCode>,
}

/// The places where a number is printed in the quote: its digits as
/// recorded, with or without thousands separators, or small whole numbers
/// in words; each with the scale word and currency printed beside it. In
/// the order of the text.
fn occurrences(quote: &str, lower: &Lower, n: &Number) -> Vec<Occurrence> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    each_span(quote, lower, n, |s| {
        spans.push(s);
        false
    });
    spans.sort_unstable();
    spans.dedup();
    spans.into_iter().map(|(s, e)| occurrence(quote, s, e)).collect()
}

/// Whether `f` holds for one of the [`occurrences`] (taken in no
/// particular order, without writing them out).
fn any_occurrence(quote: &str, lower: &Lower, n: &Number, mut f: impl FnMut(&Occurrence) -> bool) -> bool {
    each_span(quote, lower, n, |(s, e)| f(&occurrence(quote, s, e)))
}

/// The occurrence printed at `s..e`, with the scale word and currency
/// printed beside it.
fn occurrence(quote: &str, s: usize, e: usize) -> Occurrence {
    let (scale, e) = scale_after(quote, e);
    let before = currency_before(quote, s);
    let after = if before.is_none() { currency_after(quote, e) } else { None };
    Occurrence { start: before.map_or(s, |b| b.1), end: after.map_or(e, |a| a.1), scale, currency: before.or(after).map(|c| c.0) }
}

/// Calls `f` on each place (byte range) where the number is printed, form
/// by form (a place may come twice), until it returns true; whether it did.
fn each_span(quote: &str, lower: &Lower, n: &Number, mut f: impl FnMut((usize, usize)) -> bool) -> bool {
    let plain = Digits::decimal(n.digits);
    let plain = plain.as_str();
    if numbers_in(quote, plain).any(&mut f) {
        return true;
    }
    // 200000 written 200,000 (or the other way round), 1200 as 1.200 is not
    // accepted: that would be another number in English text.
    let (int, frac) = plain.split_once('.').map_or((plain, None), |(a, b)| (a, Some(b)));
    if int.len() > 3 {
        use std::fmt::Write;
        let mut g = Digits::new();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                let _ = g.write_char(',');
            }
            let _ = g.write_char(c);
        }
        if let Some(fr) = frac {
            let _ = g.write_char('.');
            let _ = g.write_str(fr);
        }
        if numbers_in(quote, g.as_str()).any(&mut f) {
            return true;
        }
    }
    if n.digits.scale() == 0
        && let Some((w, spaced)) = u64::try_from(n.digits).ok().and_then(word_forms)
    {
        if words_in(lower.get(), w).any(&mut f) {
            return true;
        }
        if !spaced.is_empty() && words_in(lower.get(), spaced).any(&mut f) {
            return true;
        }
    }
    false
}

/// The scale word printed right after a number that ends at `end` (`1.3
/// billion`, `1.3bn`, `50-million`), and where it ends.
fn scale_after(quote: &str, end: usize) -> (Option<(Scale, bool)>, usize) {
    let rest = &quote[end..];
    let (skip, rest) = match rest.chars().next() {
        Some(c @ (' ' | '\u{a0}' | '-')) => (c.len_utf8(), &rest[c.len_utf8()..]),
        _ => (0, rest),
    };
    let len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
    match lowercase_word(&rest[..len]).and_then(|w| scale_token(w.as_str())) {
        Some(s) => (Some(s), end + skip + len),
        None => (None, end),
    }
}

/// How a figure's number is matched against a place in the quote.
#[derive(Clone, Copy)]
struct Want {
    scale: Option<Scale>,
    /// Money: `m` and `k` after a number are then a million and a thousand.
    money: bool,
    /// The low end of a range, whose scale word may be printed only after
    /// the high end (`1.5 to 2 billion`).
    shared_scale: bool,
}

fn scale_ok(printed: Option<(Scale, bool)>, want: Want) -> bool {
    match printed {
        None => want.scale.is_none() || want.shared_scale,
        Some((s, ambiguous)) => Some(s) == want.scale || (ambiguous && !want.money && want.scale.is_none()),
    }
}

fn number_found(quote: &str, lower: &Lower, n: &Number, want: Want) -> bool {
    any_occurrence(quote, lower, n, |o| scale_ok(o.scale, want))
}

/// Whether the quote marks the currency anywhere (symbol, code or name).
fn currency_found(quote: &str, lower: &Lower, cur: CurrencyCode) -> bool {
    let code = cur.as_str();
    if quote.contains(code) {
        return true;
    }
    let (symbols, names): (&[&str], &[&str]) = match code {
        "USD" => (&["$", "US$"], &["dollar"]),
        "EUR" => (&["€"], &["euro"]),
        "GBP" => (&["£"], &["pound", "sterling"]),
        "JPY" => (&["¥"], &["yen"]),
        "CNY" => (&["¥"], &["yuan", "renminbi"]),
        "CHF" => (&["Fr."], &["franc"]),
        "RSD" => (&["din"], &["dinar"]),
        "ALL" => (&[], &["lek", "leke"]),
        "MKD" => (&["den"], &["denar"]),
        "BAM" => (&["KM"], &["convertible mark", "mark"]),
        "UAH" => (&["₴"], &["hryvnia"]),
        "RUB" => (&["₽"], &["rouble", "ruble"]),
        "TRY" => (&["₺"], &["lira"]),
        _ => (&[], &[]),
    };
    symbols.iter().any(|s| quote.contains(s)) || names.iter().any(|n| lower.get().contains(n))
}

fn amount_found(quote: &str, lower: &Lower, a: &Amount, shared_scale: bool) -> bool {
    let n = a.number();
    let want = Want { scale: n.scale, money: a.currency().is_some(), shared_scale };
    match a {
        // The currency printed beside the number decides; a figure printed
        // without one may take it from elsewhere in the quote ("in euros").
        Amount::Money { currency, number } => any_occurrence(quote, lower, number, |o| {
            scale_ok(o.scale, want)
                && match o.currency {
                    Some(c) => c == *currency,
                    None => currency_found(quote, lower, *currency),
                }
        }),
        Amount::Percent(n) => {
            (number_found(quote, lower, n, want)
                && (quote.contains('%') || lower.get().contains("percent") || lower.get().contains("per cent")))
                || fraction_words(n.digits).iter().any(|w| lower.get().contains(w))
        }
        Amount::Count(n) | Amount::Quantity { number: n, .. } => number_found(quote, lower, n, want),
    }
}

fn date_found(quote: &str, lower: &Lower, d: &PartialDate) -> bool {
    let year = |y: i32| has_number(quote, Digits::shown(y).as_str());
    match *d {
        PartialDate::Year(y) => year(y),
        PartialDate::Month(y, m) => year(y) || has_word(lower.get(), MONTHS[m as usize - 1]),
        PartialDate::Day(d) => {
            quote.contains(Digits::shown(d).as_str())
                || (has_word(lower.get(), MONTHS[d.month as usize - 1]) && has_number(quote, Digits::shown(d.day).as_str()))
        }
    }
}

/// Whether the quote contains the value as written: its number, with the
/// same scale word (or none), beside its currency (or, printed without
/// one, in a quote that names it). `None` for values that carry no figure
/// (entities and text).
pub fn quote_contains(quote: &str, v: &Value) -> Option<bool> {
    if matches!(v, Value::Entity(_) | Value::Text(_)) {
        return None;
    }
    let lower = &Lower::new(quote);
    Some(match v {
        Value::Amount(a) => amount_found(quote, lower, a, false),
        Value::Range(a, b) => amount_found(quote, lower, b, false) && amount_found(quote, lower, a, true),
        Value::Date(d) => date_found(quote, lower, d),
        Value::Entity(_) | Value::Text(_) => return None,
    })
}

/// Why a quote that prints a value's number still does not contain the
/// value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Miss {
    /// The number is printed with another scale word, or with none.
    Scale { printed: String, scale: Option<Scale> },
    /// The number is printed beside another currency.
    Currency { printed: String, currency: CurrencyCode },
}

/// The nearest miss of a single amount in a quote: its number printed at
/// another scale, or beside another currency. `None` when the number is not
/// printed at all (or the value is found).
pub fn near_miss(quote: &str, v: &Value) -> Option<Miss> {
    let Value::Amount(a) = v else { return None };
    let n = a.number();
    let want = Want { scale: n.scale, money: a.currency().is_some(), shared_scale: false };
    let occ = occurrences(quote, &Lower::new(quote), n);
    if let Some(o) = occ.iter().find(|o| !scale_ok(o.scale, want)) {
        return Some(Miss::Scale { printed: quote[o.start..o.end].to_string(), scale: o.scale.map(|s| s.0) });
    }
    let cur = a.currency()?;
    occ.iter().find_map(|o| match o.currency {
        Some(c) if c != cur => Some(Miss::Currency { printed: quote[o.start..o.end].to_string(), currency: c }),
        _ => None,
    })
}

/// The currency a quote gives a number in: the one printed beside the
/// number, else the only currency the quote marks at all.
pub fn quote_currency(quote: &str, n: &Number) -> Option<CurrencyCode> {
    if let Some(c) = occurrences(quote, &Lower::new(quote), n).iter().find_map(|o| o.currency) {
        return Some(c);
    }
    let mut marked: Vec<CurrencyCode> = Vec::new();
    for (i, _) in quote.char_indices() {
        let Some((c, _)) = currency_before(quote, i) else { continue };
        if !marked.contains(&c) {
            marked.push(c);
        }
    }
    if marked.len() == 1 { marked.pop() } else { None }
}

#[cfg(test)]
mod tests;
