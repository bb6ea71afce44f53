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
    assert!(found("a 14 m drone", "14 m"));
}

#[test]
fn the_scale_word_must_agree_both_ways() {
    assert!(!found("€265.5 million", "EUR 265.5"));
    assert!(found("€265.5 million", "EUR 265.5 million"));
    assert!(!found("€265.5 and more", "EUR 265.5 million"));
    assert!(!found("budget of €265.5bn", "EUR 265.5 million"));
    assert!(found("budget of €265.5bn", "EUR 265.5 billion"));
    assert!(found("$40m in aid", "USD 40 million"));
    assert!(!found("$40m in aid", "USD 40"));
    assert!(!found("some 200 thousand rounds", "200"));
    assert!(found("two million shells", "2 million"));
    assert!(!found("two million shells", "2"));
    assert!(found("between €1.5 and 2 billion", "EUR 1.5 to 2 billion"));
    assert!(!found("between €1.5 and 2 billion", "EUR 1.5 to 2 million"));
    assert!(found("it has 5,000 troops", "5,000"));
}

#[test]
fn the_currency_beside_the_number_decides() {
    assert!(!found("$265.5 million", "EUR 265.5 million"));
    assert!(!found("some $1.3 billion (€1.2 billion)", "EUR 1.3 billion"));
    assert!(found("US$5 million", "USD 5 million"));
    assert!(!found("C$5 million", "USD 5 million"));
    assert!(found("EUR 50 million", "EUR 50 million"));
    assert!(found("50 million euros", "EUR 50 million"));
    assert!(!found("50 million dollars", "EUR 50 million"));
    assert!(found("the budget, in euros, reached 50 million", "EUR 50 million"));
    assert!(!found("the budget reached 50 million", "EUR 50 million"));
}

#[test]
fn near_misses_name_what_differs() {
    let miss = |q: &str, v: &str| near_miss(q, &v.parse().unwrap());
    assert_eq!(
        miss("spent €265.5 million on it", "EUR 265.5"),
        Some(Miss::Scale { printed: "€265.5 million".into(), scale: Some(Scale::Million) })
    );
    assert_eq!(miss("spent €265.5 on it", "EUR 265.5 million"), Some(Miss::Scale { printed: "€265.5".into(), scale: None }));
    assert_eq!(
        miss("spent $265.5 million", "EUR 265.5 million"),
        Some(Miss::Currency { printed: "$265.5 million".into(), currency: "USD".parse().unwrap() })
    );
    assert_eq!(miss("spent €12 million", "EUR 120 million"), None);
    assert_eq!(
        quote_currency("a budget of €262.5 million", &"262.5".parse::<Value>().unwrap().ends().unwrap().0.number().clone()),
        Some(CurrencyCode::EUR)
    );
    assert_eq!(quote_currency("$1 billion (€0.9 billion)", &"7".parse::<Value>().unwrap().ends().unwrap().0.number().clone()), None);
}

/// The search as it was before it stopped allocating per call (numbers and
/// words written out, every place collected and sorted): the oracle the
/// fast search is compared with.
mod oracle {
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
                Occurrence {
                    start: before.map_or(s, |b| b.1),
                    end: after.map_or(e, |a| a.1),
                    scale,
                    currency: before.or(after).map(|c| c.0),
                }
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
}

/// Pieces of quotes with what the search looks at: numbers in digits and
/// words (some grouped, some decimal), scale words, currency markers,
/// percent signs, month names, and what stands beside a number.
const PIECES: [&str; 55] = [
    " Million",
    "BN",
    " Euros",
    "M",
    "K",
    " PERCENT",
    " Hryvnias",
    "13",
    "26",
    "1.3",
    "1.30",
    "200000",
    "200,000",
    "1,200",
    "1200",
    "2024",
    "28",
    "777000",
    "20",
    "5",
    "0.5",
    "1,200.5",
    " ",
    " ",
    "a",
    ",",
    ".",
    "-",
    "\u{a0}",
    "€",
    "$",
    "US$",
    "C$",
    "EUR ",
    " euros",
    " dollars",
    "%",
    " percent",
    " billion",
    " million",
    "bn",
    "m",
    " thousand",
    "Thirteen",
    "twenty-six",
    "twenty six",
    "seven hundred and seventy-seven thousand",
    "one-fifth",
    "March",
    "2024-03-28",
    "é",
    "\u{212a}",
    "₴",
    "EDA ",
    "k",
];

const NUMBERS: [&str; 14] = ["13", "26", "1.3", "1.30", "200000", "200,000", "1200", "1,200.5", "2024", "28", "777000", "20", "5", "0.5"];

fn value(kind: usize, a: &str, b: &str) -> String {
    match kind {
        0 => a.to_string(),
        1 => format!("{a} %"),
        2 => format!("EUR {a} million"),
        3 => format!("USD {a}"),
        4 => format!("USD {a} billion"),
        5 => format!("{a} to {b} %"),
        6 => format!("EUR {a} to {b} million"),
        7 => format!("{a} m"),
        8 => format!("{a} thousand"),
        9 => "2024-03".to_string(),
        10 => "2024-03-28".to_string(),
        11 => format!("GBP {a} million"),
        _ => format!("UAH {a}"),
    }
}

proptest::proptest! {
    /// The search without allocations finds what the old one found: the
    /// same answer, the same places in the same order, the same near miss
    /// and currency, on quotes put together from figure-like pieces.
    #[test]
    fn the_fast_search_agrees_with_the_old_one(
        pieces in proptest::collection::vec(0..PIECES.len(), 0..24),
        kind in 0usize..13,
        a in 0..NUMBERS.len(),
        b in 0..NUMBERS.len(),
    ) {
        let quote: String = pieces.iter().map(|&i| PIECES[i]).collect();
        let Ok(v) = value(kind, NUMBERS[a], NUMBERS[b]).parse::<Value>() else { return Ok(()) };
        proptest::prop_assert_eq!(quote_contains(&quote, &v), oracle::quote_contains(&quote, &v), "{:?} in {:?}", v.to_string(), quote);
        proptest::prop_assert_eq!(near_miss(&quote, &v), oracle::near_miss(&quote, &v));
        if let Some((x, y)) = v.ends() {
            let lower = quote.to_ascii_lowercase();
            let lazy = Lower::new(&quote);
            for n in [x.number(), y.number()] {
                let span = |o: &Occurrence| (o.start, o.end, o.scale, o.currency);
                let fast: Vec<_> = occurrences(&quote, &lazy, n).iter().map(span).collect();
                let old: Vec<_> = oracle::occurrences(&quote, &lower, n).iter().map(span).collect();
                proptest::prop_assert_eq!(&fast, &old);
                let mut any = Vec::new();
                any_occurrence(&quote, &lazy, n, |o| {
                    any.push(span(o));
                    false
                });
                any.sort_by_key(|o| format!("{o:?}"));
                any.dedup();
                let mut sorted = old.clone();
                sorted.sort_by_key(|o| format!("{o:?}"));
                proptest::prop_assert_eq!(any, sorted);
                proptest::prop_assert_eq!(quote_currency(&quote, n), oracle::quote_currency(&quote, n));
            }
        }
    }
}

#[test]
fn number_words_are_written_once_as_words_writes_them() {
    for n in (0..2000).chain((0..1_000_001).step_by(997)).chain((1..=1000).map(|k| k * 1000)) {
        let old = words(n);
        let table = word_forms(n);
        assert_eq!(table.map(|t| &t.0), old.as_ref(), "{n}");
        let spaced = old.map(|w| if w.contains('-') { w.replace('-', " ") } else { String::new() });
        assert_eq!(table.map(|t| t.1.clone()), spaced, "{n}");
    }
}

#[test]
fn stack_text_spills_to_the_heap_whole() {
    let long = "É".repeat(300) + "ABC";
    assert_eq!(Buf::<512>::lowercase(&long).as_str(), long.to_ascii_lowercase());
    assert_eq!(Buf::<8>::lowercase("Ab€Cd€Ef").as_str(), "ab€cd€ef");
    assert_eq!(Buf::<16>::lowercase("Ab€Cd€Ef").as_str(), "ab€cd€ef");
    assert_eq!(Buf::<16>::lowercase("").as_str(), "");
    assert_eq!(Buf::<4>::shown(Decimal::new(-123_456_789, 3)).as_str(), "-123456.789");
    assert_eq!(Buf::<48>::shown(Decimal::new(130, 2)).as_str(), "1.30");
}

#[test]
fn only_three_capital_letters_are_looked_up_as_currency_codes() {
    let old = |s: &str| iso_currency::Currency::from_code(s).and_then(|_| code(s));
    let letters: Vec<char> = ('A'..='Z').chain('a'..='z').chain([' ', '1', '.', '€', 'É']).collect();
    let mut found = 0;
    for a in &letters {
        for b in &letters {
            for c in &letters {
                let s: String = [a, b, c].into_iter().collect();
                assert_eq!(iso_code(&s), old(&s), "{s:?}");
                found += usize::from(iso_code(&s).is_some());
            }
        }
    }
    assert!(found > 100, "{found}");
    for s in ["", "EU", "EURO", "EUR "] {
        assert_eq!(iso_code(s), old(s), "{s:?}");
    }
}

proptest::proptest! {
    /// Decimals are written as `Display` writes them: every scale, signs,
    /// mantissas up to the largest.
    #[test]
    fn decimals_are_written_as_display_writes_them(lo in proptest::num::u64::ANY, hi in 0u32..=u32::MAX, neg: bool, scale in 0u32..=28, small in -100_000i64..100_000) {
        for d in [Decimal::from_parts(lo as u32, (lo >> 32) as u32, hi, neg, scale), Decimal::new(small, scale.min(8))] {
            let (written, normal) = (Buf::<48>::decimal(d), Buf::<48>::decimal(d.normalize()));
            proptest::prop_assert_eq!(written.as_str(), d.to_string());
            proptest::prop_assert_eq!(normal.as_str(), d.normalize().to_string());
        }
    }
}

#[test]
fn decimals_with_a_zero_or_few_digits_are_written_as_display_writes_them() {
    for s in
        ["0", "0.00", "-0.00", "0.5", "0.05", "1.30", "200000", "-12.5", "0.0000000000000000000000000001", "79228162514264337593543950335"]
    {
        let d: Decimal = s.parse().unwrap();
        assert_eq!(Buf::<48>::decimal(d).as_str(), d.to_string(), "{s}");
    }
}
