//! The search as it was before it stopped allocating per call (numbers
//! and words written out, every place collected and sorted): the oracle
//! the fast search is compared with.

use super::super::*;

fn currency_after(quote: &str, lower: &str, end: usize) -> Option<(CurrencyCode, usize)> {
    let skip = usize::from(quote[end..].starts_with(' '));
    let from = end + skip;
    let len = quote[from..].bytes().take_while(u8::is_ascii_alphabetic).count();
    let word = &quote[from..from + len];
    if len == 3 && word.bytes().all(|b| b.is_ascii_uppercase()) {
        return iso_code(word).map(|c| (c, from + len));
    }
    currency_name(&lower[from..from + len]).map(|c| (c, from + len))
}
fn scale_after(lower: &str, end: usize) -> (Option<(Scale, bool)>, usize) {
    let rest = &lower[end..];
    let (skip, rest) = match rest.chars().next() {
        Some(c @ (' ' | '\u{a0}' | '-')) => (c.len_utf8(), &rest[c.len_utf8()..]),
        _ => (0, rest),
    };
    let len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
    match scale_token(&rest[..len]) {
        Some(s) => (Some(s), end + skip + len),
        None => (None, end),
    }
}
fn currency_found(quote: &str, lower: &str, cur: CurrencyCode) -> bool {
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
    symbols.iter().any(|s| quote.contains(s)) || names.iter().any(|n| lower.contains(n))
}

/// Words a percentage may be written as ("one-fifth" for 20 %).
fn fraction_words(p: Decimal) -> &'static [&'static str] {
    let p = p.normalize().to_string();
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
/// Where `needle` occurs in `hay` as a whole number: not preceded by a
/// digit, or by `.` or `,` after a digit, and not followed by one. Byte
/// ranges.
fn number_at(hay: &str, needle: &str) -> Vec<(usize, usize)> {
    let hb = hay.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = find_from(hay, needle, from) {
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
            out.push((start, end));
        }
        from = start + 1;
    }
    out
}

fn has_number(hay: &str, needle: &str) -> bool {
    !number_at(hay, needle).is_empty()
}

/// Where `needle` occurs in `hay` as a whole word (`hay` is already
/// lowercase). Byte ranges.
fn word_at(hay: &str, needle: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = find_from(hay, needle, from) {
        let end = start + needle.len();
        let ok_before = hay[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let ok_after = hay[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        if ok_before && ok_after {
            out.push((start, end));
        }
        from = start + needle.len().max(1);
    }
    out
}

fn has_word(hay: &str, needle: &str) -> bool {
    !word_at(hay, needle).is_empty()
}

/// The places where a number is printed in the quote: its digits as
/// recorded, with or without thousands separators, or small whole numbers
/// in words; each with the scale word and currency printed beside it.
pub fn occurrences(quote: &str, lower: &str, n: &Number) -> Vec<Occurrence> {
    let plain = n.digits.to_string();
    let mut forms = vec![plain.clone()];
    // 200000 written 200,000 (or the other way round), 1200 as 1.200 is not
    // accepted: that would be another number in English text.
    let (int, frac) = plain.split_once('.').map_or((plain.as_str(), None), |(a, b)| (a, Some(b)));
    if int.len() > 3 {
        let mut g = String::new();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                g.push(',');
            }
            g.push(c);
        }
        if let Some(f) = frac {
            g.push('.');
            g.push_str(f);
        }
        forms.push(g);
    }
    let mut spans: Vec<(usize, usize)> = forms.iter().flat_map(|f| number_at(quote, f)).collect();
    if n.digits.scale() == 0
        && let Some(w) = u64::try_from(n.digits).ok().and_then(words)
    {
        spans.extend(word_at(lower, &w));
        if w.contains('-') {
            spans.extend(word_at(lower, &w.replace('-', " ")));
        }
    }
    spans.sort_unstable();
    spans.dedup();
    spans
        .into_iter()
        .map(|(s, e)| {
            let (scale, e) = scale_after(lower, e);
            let before = currency_before(quote, s);
            let after = if before.is_none() { currency_after(quote, lower, e) } else { None };
            Occurrence { start: before.map_or(s, |b| b.1), end: after.map_or(e, |a| a.1), scale, currency: before.or(after).map(|c| c.0) }
        })
        .collect()
}

/// The scale word printed right after a number that ends at `end` (`1.3
fn number_found(quote: &str, lower: &str, n: &Number, want: Want) -> bool {
    occurrences(quote, lower, n).iter().any(|o| scale_ok(o.scale, want))
}

fn amount_found(quote: &str, lower: &str, a: &Amount, shared_scale: bool) -> bool {
    let n = a.number();
    let want = Want { scale: n.scale, money: a.currency().is_some(), shared_scale };
    match a {
        // The currency printed beside the number decides; a figure printed
        // without one may take it from elsewhere in the quote ("in euros").
        Amount::Money { currency, number } => occurrences(quote, lower, number).iter().any(|o| {
            scale_ok(o.scale, want)
                && match o.currency {
                    Some(c) => c == *currency,
                    None => currency_found(quote, lower, *currency),
                }
        }),
        Amount::Percent(n) => {
            (number_found(quote, lower, n, want) && (quote.contains('%') || lower.contains("percent") || lower.contains("per cent")))
                || fraction_words(n.digits).iter().any(|w| lower.contains(w))
        }
        Amount::Count(n) | Amount::Quantity { number: n, .. } => number_found(quote, lower, n, want),
    }
}

fn date_found(quote: &str, lower: &str, d: &PartialDate) -> bool {
    let year = |y: i32| has_number(quote, &y.to_string());
    match *d {
        PartialDate::Year(y) => year(y),
        PartialDate::Month(y, m) => year(y) || has_word(lower, MONTHS[m as usize - 1]),
        PartialDate::Day(d) => {
            quote.contains(&d.to_string()) || (has_word(lower, MONTHS[d.month as usize - 1]) && has_number(quote, &d.day.to_string()))
        }
    }
}

/// Whether the quote contains the value as written: its number, with the
/// same scale word (or none), beside its currency (or, printed without
/// one, in a quote that names it). `None` for values that carry no figure
/// (entities and text).
pub fn quote_contains(quote: &str, v: &Value) -> Option<bool> {
    let lower = quote.to_ascii_lowercase();
    Some(match v {
        Value::Amount(a) => amount_found(quote, &lower, a, false),
        Value::Range(a, b) => amount_found(quote, &lower, b, false) && amount_found(quote, &lower, a, true),
        Value::Date(d) => date_found(quote, &lower, d),
        Value::Entity(_) | Value::Text(_) => return None,
    })
}

/// The nearest miss of a single amount in a quote: its number printed at
/// another scale, or beside another currency. `None` when the number is not
/// printed at all (or the value is found).
pub fn near_miss(quote: &str, v: &Value) -> Option<Miss> {
    let Value::Amount(a) = v else { return None };
    let lower = quote.to_ascii_lowercase();
    let n = a.number();
    let want = Want { scale: n.scale, money: a.currency().is_some(), shared_scale: false };
    let occ = occurrences(quote, &lower, n);
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
    let lower = quote.to_ascii_lowercase();
    if let Some(c) = occurrences(quote, &lower, n).iter().find_map(|o| o.currency) {
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
