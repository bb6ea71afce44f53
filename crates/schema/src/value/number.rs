//! Numbers as written: the digits with their precision, a scale word, and
//! the supported precision (`MAX_SIGNIFICANT_DIGITS` and the others).

use super::*;

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
    pub(super) fn from_word(w: &str) -> Option<Scale> {
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
pub(super) fn quoted_number(s: &str) -> String {
    const MAX: usize = 40;
    if s.len() <= MAX {
        return format!("`{s}`");
    }
    let head: String = s.chars().take(24).collect();
    format!("`{head}...` ({} characters)", s.chars().count())
}

/// Checks a number's digits (commas removed) against the supported
/// precision. `exp` is the power of ten of its scale word.
pub(super) fn check_precision(written: &str, plain: &str, exp: u32) -> Result<(), String> {
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
pub(super) fn is_precision_error(e: &str) -> bool {
    e.contains("is too large") || e.contains("decimal places;") || e.contains("significant digits;")
}

/// A precision error as it is; any other error replaced by `other`.
pub(super) fn digits_err(e: String, other: String) -> String {
    if is_precision_error(&e) { e } else { other }
}

pub(super) fn parse_digits(s: &str, exp: u32) -> Result<(Decimal, bool), String> {
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

pub(super) fn fmt_digits(f: &mut fmt::Formatter, n: &Number) -> fmt::Result {
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
