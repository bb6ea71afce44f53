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
mod oracle;

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
