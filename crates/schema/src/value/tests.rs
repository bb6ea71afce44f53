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
