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
        let exp = self.scale.map_or(0, Scale::exponent);
        // When the digits times 10^exp fit the 96-bit mantissa (always, for
        // a number within the supported precision), multiplying by ten
        // `exp` times is exact: the same decimal is the digits with `exp`
        // fewer places, or with zeros appended, normalized.
        let m = self.digits.mantissa().unsigned_abs();
        if m <= MAX_MANTISSA / POWERS_OF_TEN[exp as usize] {
            let (neg, places) = (self.digits.is_sign_negative(), self.digits.scale());
            let v = match places.checked_sub(exp) {
                Some(places) => Decimal::from_parts(m as u32, (m >> 32) as u32, (m >> 64) as u32, neg, places),
                None => {
                    let p = m * POWERS_OF_TEN[(exp - places) as usize];
                    Decimal::from_parts(p as u32, (p >> 32) as u32, (p >> 64) as u32, neg, 0)
                }
            };
            return Some(v.normalize());
        }
        let mut v = self.digits;
        for _ in 0..exp {
            v = v.checked_mul(Decimal::TEN)?;
        }
        Some(v.normalize())
    }
    /// Half a unit of the last written digit, in the number's own units
    /// (scale word applied): `1.3 billion` gives 0.05 billion. `None` when
    /// it does not fit a decimal (never for a number that parsed within the
    /// supported precision).
    pub fn half_ulp(&self) -> Option<Decimal> {
        // 5 × 10^(exp − places − 1), normalized: 5 with that many decimal
        // places, or 5 followed by that many zeros. At most 28 places, as
        // `Decimal::try_new` allows.
        let places = self.digits.scale().checked_add(1)?;
        if places > Decimal::MAX_SCALE {
            return None;
        }
        let exp = self.scale.map_or(0, Scale::exponent);
        Some(if places > exp {
            Decimal::from_parts(5, 0, 0, false, places - exp)
        } else {
            let h = 5 * POWERS_OF_TEN[(exp - places) as usize];
            Decimal::from_parts(h as u32, (h >> 32) as u32, 0, false, 0)
        })
    }
}

/// The largest mantissa of a decimal (96 bits).
const MAX_MANTISSA: u128 = (1 << 96) - 1;
/// 10^0 to 10^12, the powers of the scale words.
const POWERS_OF_TEN: [u128; 13] = {
    let mut p = [1u128; 13];
    let mut i = 1;
    while i < p.len() {
        p[i] = p[i - 1] * 10;
        i += 1;
    }
    p
};

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

/// What a number's text holds, counted in one pass over it (commas
/// skipped): the counts the supported precision is checked on, and the
/// digits as an integer when they are few enough to matter.
struct Digits {
    /// Digits before the decimal point, from the first non-zero one.
    int: u32,
    /// Digits after the decimal point.
    places: u32,
    /// Digits from the first non-zero one to the end.
    from_first: u32,
    /// Zeros at the end.
    trailing_zeros: u32,
    /// The digits as one integer, decimal point left out; wraps when
    /// there are more than 19 of them (a number beyond the precision).
    int_value: u64,
}

/// Checks a number's digit counts against the supported precision.
/// `written` is the number as written (for the message), `exp` the power of
/// ten of its scale word.
fn check_precision(written: &str, d: &Digits, exp: u32) -> Result<(), String> {
    let int_digits = d.int.saturating_add(if d.int == 0 { 0 } else { exp });
    if int_digits > MAX_INTEGER_DIGITS {
        return Err(format!(
            "{} is too large: values must be below 10^{MAX_INTEGER_DIGITS} (a million trillion); check the digits and the scale word",
            quoted_number(written)
        ));
    }
    let places = d.places;
    if places > MAX_DECIMAL_PLACES {
        return Err(format!(
            "{} has {places} decimal places; at most {MAX_DECIMAL_PLACES} are supported: check the digits against the source",
            quoted_number(written)
        ));
    }
    // Trailing zeros of a whole number are not significant.
    let significant = if places == 0 { d.from_first.saturating_sub(d.trailing_zeros) } else { d.from_first };
    if significant > MAX_SIGNIFICANT_DIGITS {
        return Err(format!(
            "{} has {significant} significant digits; at most {MAX_SIGNIFICANT_DIGITS} are supported (what every tool reading the published data keeps): check the digits",
            quoted_number(written)
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

/// Parses the digits of a number (`1.30`, `200,000`), `exp` being the power
/// of ten of the scale word written after it: the exact decimal with the
/// places as written, and whether thousands were grouped with commas.
/// Commas are checked as thousands separators before the decimal point and
/// skipped after it; the precision is checked before the decimal is built.
/// No allocation unless it fails.
pub(super) fn parse_digits(s: &str, exp: u32) -> Result<(Decimal, bool), String> {
    let err = || format!("`{s}` is not a number: write digits with an optional decimal point, e.g. 1.30 or 200,000");
    let bytes = s.as_bytes();
    if !bytes.first().is_some_and(u8::is_ascii_digit) {
        return Err(err());
    }
    let grouped = bytes.contains(&b',');
    if grouped {
        // Groups of three after the first group, before any decimal point.
        let int = s.split('.').next().unwrap_or("");
        let mut groups = int.split(',');
        let first = groups.next().unwrap_or("");
        if first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3) {
            return Err(format!("`{s}` has misplaced thousands separators"));
        }
    }
    let mut d = Digits { int: 0, places: 0, from_first: 0, trailing_zeros: 0, int_value: 0 };
    let (mut points, mut last) = (0u32, 0u8);
    for &b in bytes {
        match b {
            b'0'..=b'9' => {
                if points > 0 {
                    d.places = d.places.saturating_add(1);
                } else if b != b'0' || d.int > 0 {
                    d.int = d.int.saturating_add(1);
                }
                if b != b'0' || d.from_first > 0 {
                    d.from_first = d.from_first.saturating_add(1);
                }
                d.trailing_zeros = if b == b'0' { d.trailing_zeros.saturating_add(1) } else { 0 };
                d.int_value = d.int_value.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
                last = b;
            }
            b'.' => {
                points += 1;
                last = b;
            }
            b',' => {}
            _ => return Err(err()),
        }
    }
    if points > 1 || last == b'.' {
        return Err(err());
    }
    check_precision(s, &d, exp)?;
    // Within the precision the digits are fewer than 19 (at most 18 before
    // the point, or 15 in all with a decimal part): `int_value` is exact and
    // `places` at most 12.
    let m = d.int_value;
    Ok((Decimal::from_parts(m as u32, (m >> 32) as u32, 0, false, d.places), grouped))
}

/// Text written into a buffer on the stack (a decimal's digits).
struct StackText {
    buf: [u8; 48],
    len: usize,
}

impl fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len.checked_add(s.len()).filter(|e| *e <= self.buf.len()).ok_or(fmt::Error)?;
        self.buf[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

pub(super) fn fmt_digits(f: &mut fmt::Formatter, n: &Number) -> fmt::Result {
    // A decimal's text is at most 31 bytes ("-0." and 28 places).
    let mut text = StackText { buf: [0; 48], len: 0 };
    let heap;
    let s = match fmt::Write::write_fmt(&mut text, format_args!("{}", n.digits)) {
        Ok(()) => std::str::from_utf8(&text.buf[..text.len]).map_err(|_| fmt::Error)?,
        Err(_) => {
            heap = n.digits.to_string();
            heap.as_str()
        }
    };
    if !n.grouped {
        return f.write_str(s);
    }
    let (int, frac) = s.split_once('.').map_or((s, None), |(a, b)| (a, Some(b)));
    // A comma before each group of three digits but the first.
    let first = match int.len() % 3 {
        0 => 3.min(int.len()),
        r => r,
    };
    f.write_str(&int[..first])?;
    let mut at = first;
    while at < int.len() {
        f.write_str(",")?;
        f.write_str(&int[at..at + 3])?;
        at += 3;
    }
    if let Some(frac) = frac {
        f.write_str(".")?;
        f.write_str(frac)?;
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
