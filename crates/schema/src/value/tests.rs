//! Unit tests of the value notation.

use super::*;

fn v(s: &str) -> Value {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

#[test]
fn values_round_trip_with_their_precision() {
    for s in [
        "USD 1.3 billion",
        "EUR 1.30 billion",
        "65.79 %",
        "13",
        "200,000",
        "14 m",
        "17.3 m",
        "40 % to 120 %",
        "EUR 0.25 billion",
        "1,234,567.5",
    ] {
        assert_eq!(v(s).to_string(), s);
    }
    assert_eq!(v("8.7%").to_string(), "8.7 %");
    assert_eq!(v("40 to 120 %").to_string(), "40 % to 120 %");
    assert_eq!(v("EUR 1.5 to 2 billion").to_string(), "EUR 1.5 billion to EUR 2 billion");
    assert_eq!(v("1 to 2 million").to_string(), "1 million to 2 million");
    let Value::Amount(a) = v("EUR 1.30 billion") else { panic!() };
    assert_eq!(a.number().digits.to_string(), "1.30");
    assert_eq!(a.number().value().unwrap().to_string(), "1300000000");
    assert_eq!(a.number().half_ulp().unwrap().to_string(), "5000000");
}

#[test]
fn bad_values_say_why() {
    for s in ["1.3 billions USD", "US 5", "", "1,23", "EUR", "12 %%", "EUR 5 to 3 %"] {
        assert!(s.parse::<Value>().is_err(), "{s}");
    }
}

#[test]
fn changes() {
    assert_eq!("+8.7 %".parse::<ChangeBy>().unwrap().signed().to_string(), "8.7");
    assert_eq!("-2 pp".parse::<ChangeBy>().unwrap().to_string(), "-2 pp");
    assert_eq!("x2".parse::<ChangeBy>().unwrap().to_string(), "x2");
    assert!("8.7 %".parse::<ChangeBy>().is_err());
}

fn err(s: &str) -> String {
    match s.parse::<Value>() {
        Ok(v) => panic!("{s} parsed as {v}"),
        Err(e) => e,
    }
}

#[test]
fn numbers_beyond_the_supported_precision_are_rejected_not_rounded() {
    // The largest and finest numbers the format supports still parse.
    for s in ["999,999,999,999,999,000", "999999 trillion", "0.000000000001 %", "123456789012345", "1.234567890123 billion"] {
        v(s);
    }
    let e = err("USD 79228162514264337593543950336");
    assert!(e.contains("`79228162514264337593543950336` is too large"), "{e}");
    assert!(err("1000000 trillion").contains("too large"));
    assert!(err("1,000,000,000,000,000,000").contains("too large"));
    let e = err(&"9".repeat(1_000_000));
    assert!(e.starts_with("`999999999999999999999999...` (1000000 characters) is too large"), "{}", &e[..80]);
    let e = err("EUR 0.0000000000000000000000000001");
    assert!(e.contains("has 28 decimal places; at most 12"), "{e}");
    assert!(err("0.00000000000000000000000000000001 %").contains("32 decimal places"));
    assert!(err("USD 1.0000000000000000000000000001 billion").contains("28 decimal places"));
    let e = err("12345678.90123456789");
    assert!(e.contains("`12345678.90123456789` has 19 significant digits; at most 15"), "{e}");
    // Trailing zeros of a whole number are not significant digits.
    v("120000000000000000");
    let e = "+0.0000000000000000000000000001 %".parse::<ChangeBy>().unwrap_err();
    assert!(e.contains("28 decimal places"), "{e}");
    let e = "0.0000000000000000000000000001 %".parse::<Percent>().unwrap_err();
    assert!(e.contains("28 decimal places"), "{e}");
}

#[test]
fn half_a_unit_never_panics() {
    let n = Number { digits: Decimal::new(1, 28), scale: Some(Scale::Trillion), grouped: false };
    assert_eq!(n.half_ulp(), None);
    let n = Number { digits: Decimal::MAX, scale: Some(Scale::Trillion), grouped: false };
    assert_eq!((n.value(), n.half_ulp().map(|h| h.to_string())), (None, Some("500000000000".to_string())));
    assert_eq!(ChangeBy::Times(Decimal::new(1, 28)).half_ulp(), None);
}

#[test]
fn common_misspellings_get_the_meant_spelling() {
    for (s, fix, why) in [
        ("EURO 262.5 million", "EUR 262.5 million", "`EURO` is not a currency code"),
        ("€262.5 million", "EUR 262.5 million", "`€` is a currency symbol"),
        ("$1.3bn", "USD 1.3 billion", "`bn` is not a scale word"),
        ("USD 0.04bn", "USD 0.04 billion", "`bn` is not a scale word"),
        ("USD 40m", "USD 40 million", "`m` is the unit metres"),
        ("USD 40 m", "USD 40 million", "`m` is the unit metres"),
        ("usd 5 million", "USD 5 million", "`usd` is not a currency code"),
        ("EUR262.5 million", "EUR 262.5 million", "a space goes between the currency code `EUR` and the number"),
        ("US$40m", "USD 40 million", "`US$` is a currency symbol"),
        ("EUR 5 Million", "EUR 5 million", "`Million` is not a scale word"),
        ("40 bn", "40 billion", "`bn` is not a scale word"),
        ("14m", "14 million", "`m` is the unit metres, written after a space (`14 m`); for millions"),
    ] {
        let e = err(s);
        assert!(e.contains(why) && e.ends_with(&format!("write `{fix}`")), "{s}: {e}");
    }
    // Metres stay metres.
    assert_eq!(v("14 m").to_string(), "14 m");
    assert_eq!(v("3 t").to_string(), "3 t");
    let e = err("1.3 billions USD");
    assert!(e.contains("`USD` comes before the number; `billions` is not") && e.ends_with("write `USD 1.3 billion`"), "{e}");
    assert!(!err("EUR 1.3 zillion").contains("write `"));
}

// Today's parsing against the previous one (`oracle`): the same values with
// the same decimal places, the same text, the same messages.

/// A decimal's exact representation (mantissa, scale and sign), where `==`
/// compares only the number.
fn exact(d: Decimal) -> [u8; 16] {
    d.serialize()
}

fn same_digits(s: &str, exp: u32) {
    let new = parse_digits(s, exp).map(|(d, g)| (exact(d), d.to_string(), g));
    let old = oracle::parse_digits(s, exp).map(|(d, g)| (exact(d), d.to_string(), g));
    assert_eq!(new, old, "{s:?} with 10^{exp}");
}

fn numbers(v: &Value) -> Vec<Number> {
    match v {
        Value::Amount(a) => vec![*a.number()],
        Value::Range(a, b) => vec![*a.number(), *b.number()],
        _ => vec![],
    }
}

fn same_number(n: &Number) {
    let (v, h) = (n.value().map(exact), n.half_ulp().map(exact));
    assert_eq!((v, h), (oracle::value(n).map(exact), oracle::half_ulp(n).map(exact)), "{n:?}");
    assert_eq!(n.to_string(), oracle::Shown(n).to_string(), "{n:?}");
}

fn same_value(s: &str) {
    match (s.parse::<Value>(), oracle::parse_value(s)) {
        (Ok(new), Ok(old)) => {
            assert_eq!(new, old, "{s:?}");
            assert_eq!(new.to_string(), oracle::value_text(&old), "{s:?}");
            let (n, o) = (numbers(&new), numbers(&old));
            assert_eq!(n.iter().map(|n| exact(n.digits)).collect::<Vec<_>>(), o.iter().map(|n| exact(n.digits)).collect::<Vec<_>>());
            n.iter().for_each(same_number);
        }
        (new, old) => assert_eq!(new.map_err(|e| e.to_string()), old, "{s:?}"),
    }
    let exact_change = |c: ChangeBy| (c, c.signed().to_string(), c.to_string());
    assert_eq!(s.parse::<ChangeBy>().map(exact_change), oracle::parse_change(s).map(exact_change), "{s:?}");
    let exact_percent = |p: Percent| (exact(p.0), p.to_string());
    assert_eq!(s.parse::<Percent>().map(exact_percent), oracle::parse_percent(s).map(exact_percent), "{s:?}");
}

#[test]
fn digits_parse_as_before_on_every_short_text() {
    // Every text of up to six characters from digits, commas and points.
    let alphabet = ['0', '1', '9', ',', '.'];
    let mut texts = vec![String::new()];
    let mut last = vec![String::new()];
    for _ in 0..6 {
        last = last.iter().flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}"))).collect();
        texts.extend(last.iter().cloned());
    }
    assert_eq!(texts.len(), 19_531);
    for t in &texts {
        for exp in [0, 3, 12] {
            same_digits(t, exp);
        }
    }
}

#[test]
fn digits_parse_as_before_at_the_precision_limits() {
    let nines = |n: usize| "9".repeat(n);
    let mut cases = vec![
        "1,234,567.89".to_string(),
        "0001".into(),
        "000,001".into(),
        "1.".into(),
        ".5".into(),
        "1..2".into(),
        "1.2.3".into(),
        "1.,5".into(),
        "1.234,567".into(),
        "1,234.5,6".into(),
        "1,,234".into(),
        "12,34".into(),
        "1234,567".into(),
        "1_000".into(),
        "+1".into(),
        "1e5".into(),
        "١٢".into(),
        "1²".into(),
        "0.000000000001".into(),
        "0.0000000000001".into(),
        "0.000000000000".into(),
        "0".into(),
        "0.0".into(),
        "00.00".into(),
        "100000000000000000".into(),
        "120000000000000000".into(),
        "999,999,999,999,999,999".into(),
        "1,000,000,000,000,000,000".into(),
        "79228162514264337593543950335".into(),
        "79228162514264337593543950336".into(),
        "7.9228162514264337593543950335".into(),
        "0.0000000000000000000000000001".into(),
        "0.00000000000000000000000000001".into(),
        format!("{}1", "0".repeat(100)),
        format!("{}.5", "0".repeat(100)),
        format!("0.{}", "0".repeat(40)),
        "9".repeat(100_000),
    ];
    // 14 to 31 significant digits, whole, with decimals, and with trailing zeros.
    for n in 14..=31 {
        cases.push(nines(n));
        cases.push(format!("{}.{}", nines(n / 2), nines(n - n / 2)));
        cases.push(format!("0.{}", nines(n)));
        cases.push(format!("1{}", "0".repeat(n)));
        cases.push(format!("1{}.0", "0".repeat(n)));
        cases.push(format!("{}0000", nines(n)));
    }
    for c in &cases {
        for exp in [0, 3, 6, 9, 12] {
            same_digits(c, exp);
        }
    }
}

#[test]
fn values_parse_as_before_on_the_notation_s_examples() {
    for s in [
        "EUR 292 million to EUR 495 million",
        "EUR 1.5 to 2 billion",
        "40 to 120 %",
        "1 to 2 million",
        "USD 450 million to USD 467 million",
        "EUR 5 to 3 %",
        "1,234,567.89",
        "USD 1.30 billion",
        "8.7%",
        "8.7 %",
        "12 %%",
        "14 m",
        "14m",
        "3 t",
        "5 km²",
        "2 K",
        "2 \u{212A}",
        "2 İ",
        "EUR 1.3 zillion",
        "1.3 billions USD",
        "US$40m",
        "€262.5 million",
        "EURO 262.5 million",
        "USD 40 m",
        "usd 5 million",
        "EUR 5 Million",
        "EUR 5 MILLION.",
        "40 bn",
        "USD 79228162514264337593543950336",
        "1000000 trillion",
        "999999 trillion",
        "EUR 0.0000000000000000000000000001",
        "USD 1.0000000000000000000000000001 billion",
        "12345678.90123456789",
        "1 2 3 4 5 6",
        "EUR 1 million m x y",
        "EUR 1 million m",
        "",
        " ",
        "EUR",
        "to",
        " to ",
        "1 to",
        "+8.7 %",
        "-2 pp",
        "−12.2 %",
        "-12.2 %",
        "x2",
        "x 1.5",
        "+0.0000000000000000000000000001 %",
        "5 %",
        "5%",
        "0.0000000000000000000000000001 %",
    ] {
        same_value(s);
    }
}

#[test]
fn values_read_as_before() {
    for json in [
        r#"{"date": "2024-05"}"#,
        r#"{"date": 2024}"#,
        r#"{"date": "2024-13"}"#,
        r#"{"text": "two squadrons"}"#,
        r#"{"text": ""}"#,
        r#"{"entity": "nato"}"#,
        r#"{"dates": "2024"}"#,
        r#"{"date": "2024", "text": "x"}"#,
        r#"{"date": "2024", "date": "2025"}"#,
        "{}",
        "2024",
        "0",
        "18446744073709551615",
        "-5",
        "1.5",
        r#""EUR 5 million""#,
        r#""EUR 5 millions""#,
        "[1]",
        "null",
        "true",
    ] {
        let new = serde_json::from_str::<Value>(json).map_err(|e| e.to_string());
        let old = serde_json::from_str::<oracle::Read>(json).map(|r| r.0).map_err(|e| e.to_string());
        assert_eq!(new, old, "{json}");
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;
    use proptest::sample::select;

    /// Digits weighted towards zeros (leading, trailing, at the limits).
    fn digits(len: std::ops::Range<usize>) -> impl Strategy<Value = String> {
        proptest::collection::vec(select(vec!['0', '0', '0', '1', '2', '5', '9']), len).prop_map(|v| v.into_iter().collect())
    }

    /// A well-formed number: `int` digits, grouped or not, and `frac`
    /// decimals or none.
    fn formed(int: std::ops::Range<usize>, frac: std::ops::Range<usize>) -> impl Strategy<Value = String> {
        (digits(int), any::<bool>(), proptest::option::of(digits(frac))).prop_map(|(int, group, frac)| {
            let mut s = String::new();
            for (i, c) in int.chars().enumerate() {
                if group && i > 0 && (int.len() - i) % 3 == 0 {
                    s.push(',');
                }
                s.push(c);
            }
            if let Some(f) = frac.filter(|f| !f.is_empty()) {
                s.push('.');
                s.push_str(&f);
            }
            s
        })
    }

    /// A number: well formed as the data writes them (1 to 8 digits, 0 to
    /// 4 decimals), well formed up to and past the precision limits (1 to
    /// 19 digits and 0 to 19 decimals), the latter with a stray point or
    /// comma, or any mix of digits, commas and points.
    fn number() -> impl Strategy<Value = String> {
        let odd = (formed(1..20, 0..20), 0u8..4).prop_map(|(mut s, odd)| {
            match odd {
                0 => s.push('.'),
                1 => s.insert(s.len() / 2, ','),
                2 => s.insert(0, '.'),
                _ => s.push_str(".5"),
            }
            s
        });
        let any_mix = proptest::collection::vec(select(vec!['0', '1', '9', ',', '.', ',', '.', 'e', '%']), 0..14)
            .prop_map(|v| v.into_iter().collect::<String>());
        prop_oneof![3 => formed(1..9, 0..5), 3 => formed(1..20, 0..20), 1 => odd, 1 => any_mix]
    }

    /// One side of a value: as the data writes them (a currency code, a
    /// scale word, `%` or a unit), or with a misspelt currency, scale or
    /// unit, or junk.
    fn amount() -> impl Strategy<Value = String> {
        let plain = (
            select(vec!["", "EUR ", "USD "]),
            formed(1..9, 0..5),
            select(vec!["", " thousand", " million", " billion", " trillion"]),
            select(vec!["", " %", "%", " m", " t", " km²"]),
        );
        let currency = select(vec!["", "", "EUR ", "USD ", "usd ", "EURO ", "€", "US$", "EUR", "Eur ", "BIL "]);
        let scale =
            select(vec!["", "", " thousand", " million", " billion", " trillion", "bn", " bn", "m", " m", " Million", " mln", " K"]);
        let unit = select(vec!["", "", " %", "%", " %%", " m", " t", " km²", " USD", " units", " a b", " 5", " million"]);
        let wild = (currency, number(), scale, unit);
        prop_oneof![(plain).prop_map(|(c, n, s, u)| format!("{c}{n}{s}{u}")), wild.prop_map(|(c, n, s, u)| format!("{c}{n}{s}{u}")),]
    }

    /// A range as the data writes them (`EUR 292 million to EUR 495
    /// million`, `EUR 1.5 to 2 billion`, `40 to 120 %`): the currency, scale
    /// word and unit on either side or both.
    fn range() -> impl Strategy<Value = String> {
        let side = || (formed(1..9, 0..5), select(vec!["", "", " million", " billion"]), any::<bool>());
        (select(vec!["EUR ", "USD ", ""]), side(), side(), select(vec!["", " %", "%", " m"]), any::<bool>()).prop_map(
            |(c, (a, sa, ca), (b, sb, cb), u, ua)| {
                let (ca, cb, ua) = (if ca { c } else { "" }, if cb { c } else { "" }, if ua { u } else { "" });
                format!("{ca}{a}{sa}{ua} to {cb}{b}{sb}{u}")
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn digits_parse_as_before(s in number(), exp in select(vec![0u32, 3, 6, 9, 12])) {
            same_digits(&s, exp);
        }

        #[test]
        fn values_parse_as_before(a in amount(), b in proptest::option::of(amount()), pad in select(vec!["", " ", "  "])) {
            let s = match b {
                Some(b) => format!("{pad}{a} to {b}{pad}"),
                None => format!("{pad}{a}{pad}"),
            };
            same_value(&s);
        }

        #[test]
        fn ranges_parse_as_before(s in range()) {
            same_value(&s);
        }

        #[test]
        fn changes_parse_as_before(sign in select(vec!["", "+", "-", "−", "x", "x ", " +", "+ "]), n in number(), unit in select(vec!["", " %", "%", " pp", "pp", " %%", " p"])) {
            same_value(&format!("{sign}{n}{unit}"));
        }

        #[test]
        fn scaled_values_and_half_units_are_as_before(
            lo in any::<u32>(), mid in any::<u32>(), hi in any::<u32>(), negative in any::<bool>(), places in 0u32..=28,
            small in any::<bool>(), scale in select(vec![None, Some(Scale::Thousand), Some(Scale::Million), Some(Scale::Billion), Some(Scale::Trillion)]),
            grouped in any::<bool>(),
        ) {
            // Any decimal, and decimals of at most 15 digits as parsing gives.
            let (mid, hi) = if small { (mid & 0x3ffff, 0) } else { (mid, hi) };
            let n = Number { digits: Decimal::from_parts(lo, mid, hi, negative, places), scale, grouped };
            same_number(&n);
        }
    }
}
