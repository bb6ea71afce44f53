//! Claim values in the maintainers' notation: `USD 1.3 billion`, `65.79 %`,
//! `200,000`, `14 m`, `40 to 120 %`, `{date: 2024-02-28}`, `{entity: nato}`.
//!
//! Numbers are exact decimals that keep the digits they were written with:
//! `1.30` keeps its trailing zero, because the precision is part of the fact.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::scalar::{Id, PartialDate, text_scalar};

/// A multiplier word written after a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scale {
    Thousand,
    Million,
    Billion,
    Trillion,
}

impl Scale {
    pub const ALL: [Scale; 4] = [Scale::Thousand, Scale::Million, Scale::Billion, Scale::Trillion];
    pub fn word(self) -> &'static str {
        match self {
            Scale::Thousand => "thousand",
            Scale::Million => "million",
            Scale::Billion => "billion",
            Scale::Trillion => "trillion",
        }
    }
    /// The power of ten the word stands for.
    pub fn exponent(self) -> u32 {
        match self {
            Scale::Thousand => 3,
            Scale::Million => 6,
            Scale::Billion => 9,
            Scale::Trillion => 12,
        }
    }
    fn from_word(w: &str) -> Option<Scale> {
        Scale::ALL.into_iter().find(|s| s.word() == w)
    }
}

/// A number as written: its digits (with their decimal places), an optional
/// scale word, and whether thousands were grouped with commas.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Number {
    /// The digits as written, scale word not applied: `1.30` for "1.30 billion".
    pub digits: Decimal,
    pub scale: Option<Scale>,
    pub grouped: bool,
}

impl Number {
    /// The value with the scale word applied. `None` only if it overflows
    /// the decimal range (about 7.9e28).
    pub fn value(&self) -> Option<Decimal> {
        let mut v = self.digits;
        for _ in 0..self.scale.map_or(0, Scale::exponent) {
            v = v.checked_mul(Decimal::TEN)?;
        }
        Some(v.normalize())
    }
    /// Half a unit of the last written digit, in the number's own units
    /// (scale word applied): `1.3 billion` gives 0.05 billion. `None` when
    /// it does not fit a decimal (never for a number that parsed within the
    /// supported precision).
    pub fn half_ulp(&self) -> Option<Decimal> {
        let mut half = Decimal::try_new(5, self.digits.scale().checked_add(1)?).ok()?;
        for _ in 0..self.scale.map_or(0, Scale::exponent) {
            half = half.checked_mul(Decimal::TEN)?;
        }
        Some(half.normalize())
    }
}

/// The precision the record format supports, decided once here. A written
/// number has at most this many significant digits (trailing zeros of a
/// whole number do not count): what an IEEE double keeps, so every tool that
/// reads the published decimal strings as floats reads the same number.
pub const MAX_SIGNIFICANT_DIGITS: u32 = 15;
/// At most this many digits after the decimal point, so half a unit of the
/// last digit has at most 13 decimal places.
pub const MAX_DECIMAL_PLACES: u32 = 12;
/// At most this many digits before the decimal point once the scale word is
/// applied: values stay below 10^18 (a million trillion), so a whole amount
/// fits a signed 64-bit integer, and a value converted at any ECB rate,
/// widened by a tolerance and summed stays far below the 7.9 × 10^28 that
/// `rust_decimal` can hold.
pub const MAX_INTEGER_DIGITS: u32 = 18;

/// A number for a message: as written, or its start and its length when
/// it is too long to quote.
fn quoted_number(s: &str) -> String {
    const MAX: usize = 40;
    if s.len() <= MAX {
        return format!("`{s}`");
    }
    let head: String = s.chars().take(24).collect();
    format!("`{head}...` ({} characters)", s.chars().count())
}

/// Checks a number's digits (commas removed) against the supported
/// precision. `exp` is the power of ten of its scale word.
fn check_precision(written: &str, plain: &str, exp: u32) -> Result<(), String> {
    let shown = quoted_number(written);
    let (int, frac) = plain.split_once('.').unwrap_or((plain, ""));
    let int = int.trim_start_matches('0');
    let int_digits = int.len() as u32 + if int.is_empty() { 0 } else { exp };
    if int_digits > MAX_INTEGER_DIGITS {
        return Err(format!(
            "{shown} is too large: values must be below 10^{MAX_INTEGER_DIGITS} (a million trillion); check the digits and the scale word"
        ));
    }
    let places = frac.len() as u32;
    if places > MAX_DECIMAL_PLACES {
        return Err(format!(
            "{shown} has {places} decimal places; at most {MAX_DECIMAL_PLACES} are supported: check the digits against the source"
        ));
    }
    let all: String = format!("{int}{frac}");
    let all = all.trim_start_matches('0');
    let significant = if frac.is_empty() { all.trim_end_matches('0').len() } else { all.len() } as u32;
    if significant > MAX_SIGNIFICANT_DIGITS {
        return Err(format!(
            "{shown} has {significant} significant digits; at most {MAX_SIGNIFICANT_DIGITS} are supported (what every tool reading the published data keeps): check the digits"
        ));
    }
    Ok(())
}

/// Whether a message is about the supported precision (kept as it is
/// rather than replaced by a notation hint).
fn is_precision_error(e: &str) -> bool {
    e.contains("is too large") || e.contains("decimal places;") || e.contains("significant digits;")
}

/// A precision error as it is; any other error replaced by `other`.
fn digits_err(e: String, other: String) -> String {
    if is_precision_error(&e) { e } else { other }
}

fn parse_digits(s: &str, exp: u32) -> Result<(Decimal, bool), String> {
    let err = || format!("`{s}` is not a number: write digits with an optional decimal point, e.g. 1.30 or 200,000");
    if s.is_empty() || !s.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(err());
    }
    let grouped = s.contains(',');
    if grouped {
        // Groups of three after the first group, before any decimal point.
        let int = s.split('.').next().unwrap_or("");
        let mut groups = int.split(',');
        let first = groups.next().unwrap_or("");
        if first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3) {
            return Err(format!("`{s}` has misplaced thousands separators"));
        }
    }
    let plain: String = s.chars().filter(|c| *c != ',').collect();
    if !plain.bytes().all(|b| b.is_ascii_digit() || b == b'.') || plain.matches('.').count() > 1 || plain.ends_with('.') {
        return Err(err());
    }
    check_precision(s, &plain, exp)?;
    Decimal::from_str(&plain).map(|d| (d, grouped)).map_err(|_| err())
}

fn fmt_digits(f: &mut fmt::Formatter, n: &Number) -> fmt::Result {
    let s = n.digits.to_string();
    if !n.grouped {
        return f.write_str(&s);
    }
    let (int, frac) = s.split_once('.').map_or((s.as_str(), None), |(a, b)| (a, Some(b)));
    let len = int.len();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            f.write_str(",")?;
        }
        write!(f, "{c}")?;
    }
    if let Some(frac) = frac {
        write!(f, ".{frac}")?;
    }
    Ok(())
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt_digits(f, self)?;
        if let Some(s) = self.scale {
            write!(f, " {}", s.word())?;
        }
        Ok(())
    }
}

/// A three-letter currency code as written (`USD`). Whether it is an active
/// ISO 4217 code is the checker's business (`currency/unknown-code`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CurrencyCode(pub [u8; 3]);

impl CurrencyCode {
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
    pub const EUR: CurrencyCode = CurrencyCode(*b"EUR");
}

impl FromStr for CurrencyCode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.as_bytes() {
            [a, b, c] if s.bytes().all(|b| b.is_ascii_uppercase()) => Ok(CurrencyCode([*a, *b, *c])),
            _ => Err(format!("`{s}` is not a currency code: write the ISO 4217 code in capitals, e.g. EUR or USD")),
        }
    }
}

impl fmt::Display for CurrencyCode {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

text_scalar!(CurrencyCode, "CurrencyCode", "an ISO 4217 currency code", {
    "type": "string",
    "pattern": "^[A-Z]{3}$"
});

/// One numeric value: money, percent, count or quantity.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Amount {
    Money { currency: CurrencyCode, number: Number },
    Percent(Number),
    Count(Number),
    Quantity { number: Number, unit: String },
}

impl Amount {
    pub fn number(&self) -> &Number {
        match self {
            Amount::Money { number, .. } | Amount::Quantity { number, .. } => number,
            Amount::Percent(n) | Amount::Count(n) => n,
        }
    }
    pub fn kind(&self) -> ValueKind {
        match self {
            Amount::Money { .. } => ValueKind::Money,
            Amount::Percent(_) => ValueKind::Percent,
            Amount::Count(_) => ValueKind::Count,
            Amount::Quantity { .. } => ValueKind::Quantity,
        }
    }
    pub fn currency(&self) -> Option<CurrencyCode> {
        match self {
            Amount::Money { currency, .. } => Some(*currency),
            _ => None,
        }
    }
    /// Same kind and same unit or currency.
    pub fn same_unit(&self, other: &Amount) -> bool {
        match (self, other) {
            (Amount::Money { currency: a, .. }, Amount::Money { currency: b, .. }) => a == b,
            (Amount::Quantity { unit: a, .. }, Amount::Quantity { unit: b, .. }) => a == b,
            (a, b) => a.kind() == b.kind(),
        }
    }
}

/// Whether a token is a unit word (not a number, scale word or `%`).
fn is_unit(tok: &str) -> bool {
    !tok.is_empty()
        && tok.len() <= 24
        && tok.chars().all(|c| c.is_alphanumeric() || matches!(c, '/' | '²' | '³' | '.'))
        && tok.starts_with(|c: char| c.is_alphabetic())
        && Scale::from_word(tok).is_none()
}

/// Parses one amount. `inherit` supplies the unit of the right-hand side of
/// a range to a left-hand side written without one (`40 to 120 %`). A
/// common misspelling (`EURO 5`, `€5`, `USD 40m`, `USD 0.04bn`) is reported
/// with the spelling that was meant.
fn parse_amount(s: &str, inherit: Option<&Amount>) -> Result<Amount, String> {
    parse_amount_strict(s, inherit).map_err(|e| match respell(s) {
        Some(fix) if !is_precision_error(&e) => format!("`{s}` is not a value: {fix}"),
        _ => e,
    })
}

fn parse_amount_strict(s: &str, inherit: Option<&Amount>) -> Result<Amount, String> {
    let toks: Vec<&str> = s.split_whitespace().collect();
    let mut i = 0;
    let currency = match toks.first() {
        Some(t) if t.len() == 3 && t.bytes().all(|b| b.is_ascii_alphabetic()) && Scale::from_word(t).is_none() => {
            i = 1;
            Some(t.parse::<CurrencyCode>()?)
        }
        _ => None,
    };
    let Some(first) = toks.get(i) else {
        return Err(format!("`{s}` has no number"));
    };
    // `8.7%` is written without a space as often as with one.
    let (num_tok, pct_glued) = match first.strip_suffix('%') {
        Some(n) => (n, true),
        None => (*first, false),
    };
    let scale = toks.get(i + 1).and_then(|t| Scale::from_word(t));
    let (digits, grouped) = parse_digits(num_tok, scale.map_or(0, Scale::exponent))?;
    i += 1 + usize::from(scale.is_some());
    let number = Number { digits, scale, grouped };
    let rest = &toks[i..];
    let amount = match (currency, pct_glued, rest) {
        (Some(c), false, []) => Amount::Money { currency: c, number },
        (None, true, []) | (None, false, ["%"]) => Amount::Percent(number),
        (None, false, []) => match inherit {
            Some(Amount::Money { currency, .. }) => Amount::Money { currency: *currency, number },
            Some(Amount::Percent(_)) => Amount::Percent(number),
            Some(Amount::Quantity { unit, .. }) => Amount::Quantity { number, unit: unit.clone() },
            _ => Amount::Count(number),
        },
        (None, false, [unit]) if is_unit(unit) && !(scale_abbreviation(unit).is_some() && unit.len() > 1) => {
            Amount::Quantity { number, unit: unit.to_string() }
        }
        _ => {
            return Err(format!(
                "`{s}` is not a value: write money as `USD 1.3 billion`, a percent as `8.7 %`, a count as `13`, a quantity as `14 m`"
            ));
        }
    };
    Ok(amount)
}

/// A scale written another way: `bn`, `m`, `mln`, `k`, `Million`,
/// `billions`. Not the four scale words themselves.
fn scale_abbreviation(t: &str) -> Option<Scale> {
    if Scale::from_word(t).is_some() {
        return None;
    }
    match t.to_lowercase().trim_end_matches('.') {
        "k" | "th" | "thousand" | "thousands" => Some(Scale::Thousand),
        "m" | "mn" | "mln" | "mio" | "million" | "millions" => Some(Scale::Million),
        "b" | "bn" | "bln" | "billion" | "billions" => Some(Scale::Billion),
        "tn" | "trn" | "trillion" | "trillions" => Some(Scale::Trillion),
        _ => None,
    }
}

/// A currency written as a symbol, a name or a lowercase code.
fn currency_spelling(t: &str) -> Option<&'static str> {
    Some(match t.to_lowercase().as_str() {
        "€" | "eur" | "euro" | "euros" => "EUR",
        "$" | "us$" | "usd" | "dollar" | "dollars" => "USD",
        "£" | "gbp" | "pound" | "pounds" => "GBP",
        "rsd" | "din" | "din." => "RSD",
        "chf" => "CHF",
        _ => return None,
    })
}

/// What a misspelt amount was meant to be: why it is wrong and the amount
/// in the notation, built from the writer's own number (`...; write `X``).
/// `None` when no common misspelling explains it.
fn respell(s: &str) -> Option<String> {
    let mut toks: Vec<String> = s.split_whitespace().map(str::to_string).collect();
    let mut why = Vec::new();
    // A currency symbol glued to the number: `€262.5`, `US$40`.
    if let Some(first) = toks.first().cloned() {
        let cut = first.find(|c: char| c.is_ascii_digit()).filter(|&i| i > 0);
        if let Some(i) = cut
            && let Some(code) = currency_spelling(&first[..i])
        {
            let glued = &first[..i];
            why.push(if glued == code {
                format!("a space goes between the currency code `{code}` and the number")
            } else if glued.chars().all(|c| c.is_ascii_alphabetic()) {
                format!("`{glued}` is not a currency code (ISO 4217 codes are three capitals, then a space)")
            } else {
                format!("`{glued}` is a currency symbol, not an ISO 4217 code (the code comes first, then a space)")
            });
            toks[0] = first[i..].to_string();
            toks.insert(0, code.to_string());
        }
    }
    // A currency written as a name or in lowercase: `EURO 262.5`, `eur 5`.
    if why.is_empty()
        && let Some(first) = toks.first().cloned()
        && let Some(code) = currency_spelling(&first)
        && first != code
    {
        why.push(format!("`{first}` is not a currency code (ISO 4217 codes are three capitals)"));
        toks[0] = code.to_string();
    }
    let is_code = |t: &str| t.len() == 3 && t.bytes().all(|b| b.is_ascii_uppercase());
    // A code written after the number: `1.3 billions USD`.
    if toks.len() >= 2 && !toks.first().is_some_and(|t| is_code(t)) && toks.last().is_some_and(|t| is_code(t)) {
        let code = toks.pop().unwrap_or_default();
        why.push(format!("the ISO 4217 code `{code}` comes before the number"));
        toks.insert(0, code);
    }
    let money = toks.first().is_some_and(|t| is_code(t));
    // A scale glued to the number (`0.04bn`, `40m`) or abbreviated (`40 mn`).
    let at = usize::from(money);
    if let Some(num) = toks.get(at).cloned() {
        let split = num.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',')).filter(|&i| i > 0);
        if let Some(i) = split
            && !num[i..].starts_with('%')
        {
            toks[at] = num[..i].to_string();
            toks.insert(at + 1, num[i..].to_string());
        }
    }
    if let Some(word) = toks.get(at + 1).cloned()
        && let Some(scale) = scale_abbreviation(&word)
    {
        if word == "m" && !money {
            // `14m` may be metres: only the missing space is sure.
            let glued = s.split_whitespace().nth(at).is_some_and(|t| t.ends_with('m'));
            if !glued {
                return None;
            }
            let n = &toks[at];
            return Some(format!("`m` is the unit metres, written after a space (`{n} m`); for millions write `{n} million`"));
        }
        why.push(if word == "m" {
            "`m` is the unit metres, not a scale word".to_string()
        } else {
            format!("`{word}` is not a scale word (thousand, million, billion, trillion)")
        });
        toks[at + 1] = scale.word().to_string();
    }
    if why.is_empty() {
        return None;
    }
    let fixed = toks.join(" ");
    let parsed = parse_amount_strict(&fixed, None).ok()?;
    Some(format!("{}; write `{parsed}`", why.join("; ")))
}

impl FromStr for Amount {
    type Err = String;
    fn from_str(s: &str) -> Result<Amount, String> {
        parse_amount(s, None)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Amount::Money { currency, number } => write!(f, "{currency} {number}"),
            Amount::Percent(n) => write!(f, "{n} %"),
            Amount::Count(n) => write!(f, "{n}"),
            Amount::Quantity { number, unit } => write!(f, "{number} {unit}"),
        }
    }
}

/// The kinds of value a metric can take.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    Money,
    Percent,
    Count,
    Quantity,
    Date,
    Entity,
    Text,
}

impl ValueKind {
    pub fn name(self) -> &'static str {
        match self {
            ValueKind::Money => "money",
            ValueKind::Percent => "percent",
            ValueKind::Count => "count",
            ValueKind::Quantity => "quantity",
            ValueKind::Date => "date",
            ValueKind::Entity => "entity",
            ValueKind::Text => "text",
        }
    }
}

/// What a claim states.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Value {
    Amount(Amount),
    /// `X to Y`: both ends of the same kind and unit.
    Range(Amount, Amount),
    Date(PartialDate),
    Entity(Id),
    Text(String),
}

impl Value {
    pub fn kind(&self) -> ValueKind {
        match self {
            Value::Amount(a) | Value::Range(a, _) => a.kind(),
            Value::Date(_) => ValueKind::Date,
            Value::Entity(_) => ValueKind::Entity,
            Value::Text(_) => ValueKind::Text,
        }
    }
    /// The first (or only) amount and, for a range, the second.
    pub fn ends(&self) -> Option<(&Amount, &Amount)> {
        match self {
            Value::Amount(a) => Some((a, a)),
            Value::Range(a, b) => Some((a, b)),
            _ => None,
        }
    }
    pub fn currency(&self) -> Option<CurrencyCode> {
        self.ends().and_then(|(a, _)| a.currency())
    }
}

/// Parses `X to Y`, where either side may leave out what the other gives:
/// `40 to 120 %`, `EUR 1.5 to 2 billion` (1.5 billion to 2 billion EUR),
/// `EUR 292 million to EUR 495 million`.
fn parse_range(a: &str, b: &str) -> Result<(Amount, Amount), String> {
    let mut hi = parse_amount(b, None)?;
    let mut lo = parse_amount(a, Some(&hi))?;
    // A currency written only on the left applies to the right too.
    if let (Amount::Money { currency, .. }, Amount::Count(n)) = (&lo, &hi) {
        hi = Amount::Money { currency: *currency, number: *n };
    }
    // A scale word written only on the right applies to the left too.
    let hi_scale = hi.number().scale;
    if lo.number().scale.is_none() && hi_scale.is_some() {
        let set = |n: &mut Number| n.scale = hi_scale;
        match &mut lo {
            Amount::Money { number, .. } | Amount::Quantity { number, .. } => set(number),
            Amount::Percent(n) | Amount::Count(n) => set(n),
        }
    }
    Ok((lo, hi))
}

impl FromStr for Value {
    type Err = String;
    fn from_str(s: &str) -> Result<Value, String> {
        let s = s.trim();
        if let Some((a, b)) = s.split_once(" to ") {
            let (lo, hi) = parse_range(a.trim(), b.trim())?;
            if !lo.same_unit(&hi) {
                return Err(format!("the two ends of `{s}` have different units"));
            }
            return Ok(Value::Range(lo, hi));
        }
        parse_amount(s, None).map(Value::Amount)
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Value::Amount(a) => a.fmt(f),
            Value::Range(a, b) => write!(f, "{a} to {b}"),
            Value::Date(d) => write!(f, "{d}"),
            Value::Entity(e) => write!(f, "{e}"),
            Value::Text(t) => f.write_str(t),
        }
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Amount(Amount::Count(n)) if n.scale.is_none() && !n.grouped && n.digits.scale() == 0 => match u64::try_from(n.digits) {
                Ok(v) => s.serialize_u64(v),
                Err(_) => s.collect_str(self),
            },
            Value::Amount(_) | Value::Range(..) => s.collect_str(self),
            Value::Date(d) => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("date", &d.to_string())?;
                m.end()
            }
            Value::Entity(e) => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("entity", e)?;
                m.end()
            }
            Value::Text(t) => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("text", t)?;
                m.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Value;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value such as `USD 1.3 billion`, `8.7 %`, `13`, `14 m`, `40 to 120 %`, or a mapping {date: ...}, {entity: ...} or {text: ...}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
                v.parse().map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
                Err(E::custom(format!("`{v}` is negative: values are written without a sign (state changes with `change`)")))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
                Err(E::custom(format!("`{v}` has no unit: write it with its unit, e.g. `{v} %`, `EUR {v} million` or `{v} m`")))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
                let Some(key) = map.next_key::<String>()? else {
                    return Err(de::Error::custom("an empty mapping is not a value: write {date: ...}, {entity: ...} or {text: ...}"));
                };
                let value = match key.as_str() {
                    "date" => Value::Date(map.next_value()?),
                    "entity" => Value::Entity(map.next_value()?),
                    "text" => Value::Text(map.next_value()?),
                    other => return Err(de::Error::unknown_field(other, &["date", "entity", "text"])),
                };
                if let Some(extra) = map.next_key::<String>()? {
                    return Err(de::Error::custom(format!("unexpected key `{extra}`: a value mapping has exactly one key")));
                }
                Ok(value)
            }
        }
        d.deserialize_any(V)
    }
}

/// The pattern of a numeric value in the maintainers' notation.
pub const AMOUNT_PATTERN: &str = r"^([A-Z]{3} )?[0-9][0-9,]*(\.[0-9]{1,12})?( (thousand|million|billion|trillion))?( ?%| [^ 0-9%][^ ]*)?( to ([A-Z]{3} )?[0-9][0-9,]*(\.[0-9]{1,12})?( (thousand|million|billion|trillion))?( ?%| [^ 0-9%][^ ]*)?)?$";

impl JsonSchema for Value {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Value")
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let id = g.subschema_for::<Id>();
        let date = g.subschema_for::<PartialDate>();
        json_schema!({
            "description": "What the claim states: money `USD 1.3 billion`, percent `8.7 %`, count `13`, quantity `14 m`, a range `40 to 120 %`, or {date: ...}, {entity: ...}, {text: ...}.",
            "oneOf": [
                { "type": "string", "pattern": AMOUNT_PATTERN },
                { "type": "integer", "minimum": 0 },
                { "type": "object", "properties": { "date": date }, "required": ["date"], "additionalProperties": false },
                { "type": "object", "properties": { "entity": id }, "required": ["entity"], "additionalProperties": false },
                { "type": "object", "properties": { "text": { "type": "string", "minLength": 1 } }, "required": ["text"], "additionalProperties": false }
            ]
        })
    }
}

/// A percentage used as a tolerance, e.g. a metric's `approx: 5 %`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Percent(pub Decimal);

impl FromStr for Percent {
    type Err = String;
    fn from_str(s: &str) -> Result<Percent, String> {
        match parse_amount(s.trim(), None) {
            Ok(Amount::Percent(n)) if n.scale.is_none() => Ok(Percent(n.digits)),
            Err(e) if is_precision_error(&e) => Err(e),
            _ => Err(format!("`{s}` is not a percentage: write e.g. `5 %`")),
        }
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} %", self.0)
    }
}

text_scalar!(Percent, "Percent", "a percentage such as `5 %`", {
    "type": "string",
    "pattern": "^[0-9]+(\\.[0-9]{1,12})? ?%$"
});

/// A stated change: `+8.7 %` (relative), `-2 pp` (percentage points) or
/// `x2` (a multiple).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChangeBy {
    /// Relative change in percent, signed, with the digits as written.
    Percent { negative: bool, digits: Decimal },
    /// Change in percentage points, signed.
    Points { negative: bool, digits: Decimal },
    /// The later value is this multiple of the earlier one.
    Times(Decimal),
}

impl ChangeBy {
    /// The signed digits as written.
    pub fn signed(&self) -> Decimal {
        match *self {
            ChangeBy::Percent { negative, digits } | ChangeBy::Points { negative, digits } => {
                if negative {
                    -digits
                } else {
                    digits
                }
            }
            ChangeBy::Times(d) => d,
        }
    }
    /// Whether the change can happen to a positive amount: a relative fall
    /// is above -100 % (`-100 %` or less leaves nothing or less).
    pub fn is_possible(&self) -> bool {
        !matches!(self, ChangeBy::Percent { negative: true, digits } if *digits >= Decimal::ONE_HUNDRED)
    }
    /// Half a unit of the last written digit. `None` only for digits
    /// beyond the supported precision (which parsing rejects).
    pub fn half_ulp(&self) -> Option<Decimal> {
        let d = match *self {
            ChangeBy::Percent { digits, .. } | ChangeBy::Points { digits, .. } | ChangeBy::Times(digits) => digits,
        };
        Decimal::try_new(5, d.scale().checked_add(1)?).ok()
    }
}

impl FromStr for ChangeBy {
    type Err = String;
    fn from_str(s: &str) -> Result<ChangeBy, String> {
        let err = || format!("`{s}` is not a change: write `+8.7 %`, `-2 pp` or `x2`");
        let t = s.trim();
        if let Some(m) = t.strip_prefix('x') {
            let (d, _) = parse_digits(m.trim(), 0).map_err(|e| digits_err(e, err()))?;
            return Ok(ChangeBy::Times(d));
        }
        let negative = match t.chars().next() {
            Some('+') => false,
            Some('-' | '−') => true,
            _ => return Err(err()),
        };
        let body = t[t.chars().next().map_or(0, char::len_utf8)..].trim();
        let (num, unit) = if let Some(n) = body.strip_suffix("pp") {
            (n.trim(), "pp")
        } else if let Some(n) = body.strip_suffix('%') {
            (n.trim(), "%")
        } else {
            return Err(err());
        };
        let (digits, _) = parse_digits(num, 0).map_err(|e| digits_err(e, err()))?;
        Ok(if unit == "%" { ChangeBy::Percent { negative, digits } } else { ChangeBy::Points { negative, digits } })
    }
}

impl fmt::Display for ChangeBy {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            ChangeBy::Percent { negative, digits } => write!(f, "{}{digits} %", if *negative { '-' } else { '+' }),
            ChangeBy::Points { negative, digits } => write!(f, "{}{digits} pp", if *negative { '-' } else { '+' }),
            ChangeBy::Times(d) => write!(f, "x{d}"),
        }
    }
}

text_scalar!(ChangeBy, "ChangeBy", "a change such as `+8.7 %`, `-2 pp` or `x2`", {
    "type": "string",
    "pattern": "^([+-][0-9]+(\\.[0-9]{1,12})? ?(%|pp)|x[0-9]+(\\.[0-9]{1,12})?)$"
});

#[cfg(test)]
mod tests {
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
}
