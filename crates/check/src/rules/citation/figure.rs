//! Finding a claim's figure in a quote: digits as written (with or without
//! thousands separators), number words ("Thirteen", "one-fifth"), percent
//! and currency markers. Used by `citation/quote-missing-value`.

use rust_decimal::Decimal;
use wbd_schema::{Amount, CurrencyCode, Number, PartialDate, Value};

const ONES: [&str; 20] = [
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
const TENS: [&str; 10] = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

const MONTHS: [&str; 12] =
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/// English words for a whole number below 1,000,000 ("twenty-six",
/// "two hundred").
pub fn words(n: u64) -> Option<String> {
    Some(match n {
        0..=19 => ONES[n as usize].to_string(),
        20..=99 => {
            let (t, o) = (n / 10, n % 10);
            if o == 0 { TENS[t as usize].to_string() } else { format!("{}-{}", TENS[t as usize], ONES[o as usize]) }
        }
        100..=999 => {
            let (h, r) = (n / 100, n % 100);
            if r == 0 { format!("{} hundred", ONES[h as usize]) } else { format!("{} hundred and {}", ONES[h as usize], words(r)?) }
        }
        1000..=999_999 if n.is_multiple_of(1000) => format!("{} thousand", words(n / 1000)?),
        _ => return None,
    })
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

/// Whether `needle` occurs in `hay` as a whole number: not preceded by a
/// digit, `.` or `,` followed by a digit, and not followed by one.
fn has_number(hay: &str, needle: &str) -> bool {
    let hb = hay.as_bytes();
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        let start = from + i;
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
            return true;
        }
        from = start + 1;
    }
    false
}

/// Whether `needle` occurs in `hay` as a whole word (case-insensitive;
/// `hay` is already lowercase).
fn has_word(hay: &str, needle: &str) -> bool {
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        let start = from + i;
        let end = start + needle.len();
        let ok_before = hay[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let ok_after = hay[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        if ok_before && ok_after {
            return true;
        }
        from = start + 1;
    }
    false
}

/// The ways a number may be written: digits as recorded, with and without
/// thousands separators, and words for small whole numbers.
fn number_found(quote: &str, lower: &str, n: &Number) -> bool {
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
    if forms.iter().any(|f| has_number(quote, f)) {
        return n.scale.is_none_or(|s| scale_found(lower, s.word()));
    }
    if n.digits.scale() == 0
        && let Some(w) = u64::try_from(n.digits).ok().and_then(words)
        && (has_word(lower, &w) || has_word(lower, &w.replace('-', " ")))
    {
        return n.scale.is_none_or(|s| scale_found(lower, s.word()));
    }
    false
}

fn scale_found(lower: &str, word: &str) -> bool {
    let abbrev: &[&str] = match word {
        "billion" => &["billion", "bn", "billions"],
        "million" => &["million", "mn", "mln", "millions", "m"],
        "thousand" => &["thousand", "thousands", "k"],
        _ => &["trillion", "tn"],
    };
    abbrev.iter().any(|a| has_word(lower, a) || lower.contains(&format!("{a} ")) || digit_glued(lower, a))
}

/// `1.3bn`, `50m`: a scale abbreviation glued to digits.
fn digit_glued(lower: &str, abbrev: &str) -> bool {
    lower.match_indices(abbrev).any(|(i, _)| {
        lower[..i].ends_with(|c: char| c.is_ascii_digit()) && lower[i + abbrev.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric())
    })
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

fn amount_found(quote: &str, lower: &str, a: &Amount) -> bool {
    match a {
        Amount::Money { currency, number } => number_found(quote, lower, number) && currency_found(quote, lower, *currency),
        Amount::Percent(n) => {
            (number_found(quote, lower, n) && (quote.contains('%') || lower.contains("percent") || lower.contains("per cent")))
                || fraction_words(n.digits).iter().any(|w| lower.contains(w))
        }
        Amount::Count(n) | Amount::Quantity { number: n, .. } => number_found(quote, lower, n),
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

/// Whether the quote contains the value as written. `None` for values
/// that carry no figure (entities and text).
pub fn quote_contains(quote: &str, v: &Value) -> Option<bool> {
    let lower = quote.to_lowercase();
    Some(match v {
        Value::Amount(a) => amount_found(quote, &lower, a),
        Value::Range(a, b) => {
            let both = amount_found(quote, &lower, b) && number_found(quote, &lower, a.number());
            both || (amount_found(quote, &lower, a) && amount_found(quote, &lower, b))
        }
        Value::Date(d) => date_found(quote, &lower, d),
        Value::Entity(_) | Value::Text(_) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(q: &str, v: &str) -> bool {
        quote_contains(q, &v.parse().unwrap()).unwrap()
    }

    #[test]
    fn digits_words_and_markers() {
        assert!(found("some $1.3 billion (€1.2 billion)", "USD 1.3 billion"));
        assert!(found("some $1.3 billion (€1.2 billion)", "EUR 1.2 billion"));
        assert!(!found("some $1.3 billion (€1.2 billion)", "GBP 1.3 billion"));
        assert!(!found("some $11.3 billion", "USD 1.3 billion"));
        assert!(!found("some $1.35 billion", "USD 1.3 billion"));
        assert!(!found("some $1.3 million", "USD 1.3 billion"));
        assert!(found("accounting for 65.79% of its total exports", "65.79 %"));
        assert!(found("about 200,000 units annually", "200,000"));
        assert!(found("about 200,000 units annually", "200000"));
        assert!(found("Thirteen countries attended", "13"));
        assert!(found("roughly one-fifth of the market", "20 %"));
        assert!(found("increasing their budgets by 40% to 120%", "40 to 120 %"));
        assert!(found("spent 1.53% of GDP", "1.53 %"));
        assert!(!found("spent 1.53 of GDP", "1.53 %"));
        assert!(found("six People’s Liberation Army (PLA) aircraft", "6"));
        assert!(found("twenty-six vehicles", "26"));
        assert!(found("€1.5 billion", "EUR 1.5 billion"));
        assert!(found("a 14-meter Soviet-era drone", "14 m"));
    }
}
