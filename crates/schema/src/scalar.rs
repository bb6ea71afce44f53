//! Scalar types written in a compact text notation: ids, dates, periods.
//!
//! Each type parses with `FromStr`, prints the same text back with `Display`,
//! (de)serializes as that text and describes itself to JSON Schema as a string
//! with a pattern.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

mod id;
pub use id::Id;
mod integer_text;
#[cfg(test)]
mod oracle;

pub(crate) use integer_text::IntegerText;

/// Implements `Serialize`, `Deserialize` (from a string, or from an integer
/// written without quotes) and `JsonSchema` for a type with `FromStr` and
/// `Display`. An optional last argument reads an unsigned integer directly
/// when it can (`Some`), giving what parsing its text gives.
macro_rules! text_scalar {
    ($ty:ty, $name:literal, $expecting:literal, $schema:tt) => {
        text_scalar!($ty, $name, $expecting, $schema, |_| None);
    };
    ($ty:ty, $name:literal, $expecting:literal, $schema:tt, $from_u64:expr) => {
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$ty, E> {
                        v.parse().map_err(E::custom)
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<$ty, E> {
                        let direct: fn(u64) -> Option<$ty> = $from_u64;
                        if let Some(x) = direct(v) {
                            return Ok(x);
                        }
                        self.visit_str($crate::scalar::IntegerText::from(v).as_str())
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<$ty, E> {
                        self.visit_str($crate::scalar::IntegerText::from(v).as_str())
                    }
                }
                d.deserialize_any(V)
            }
        }
        impl JsonSchema for $ty {
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!($schema)
            }
        }
    };
}
pub(crate) use text_scalar;

pub fn is_slug(s: &str) -> bool {
    let b = s.as_bytes();
    if b.is_empty() || b.len() > 100 || b[0] == b'-' || b[b.len() - 1] == b'-' {
        return false;
    }
    // One pass: allowed bytes only, and no hyphen after a hyphen.
    let mut prev = 0u8;
    for &c in b {
        if !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-') || (c == b'-' && prev == b'-') {
            return false;
        }
        prev = c;
    }
    true
}

/// A calendar date, `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        _ => 28,
    }
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        ((1..=9999).contains(&year) && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)).then_some(Date {
            year,
            month,
            day,
        })
    }

    /// Days since 0000-03-01 in the proleptic Gregorian calendar: a day
    /// number for differences and weekdays.
    pub fn day_number(self) -> i64 {
        let (y, m) =
            if self.month <= 2 { (self.year as i64 - 1, self.month as i64 + 9) } else { (self.year as i64, self.month as i64 - 3) };
        365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + self.day as i64 - 1
    }

    /// The date `n` days earlier.
    pub fn minus_days(self, n: i64) -> Date {
        let mut d = self;
        for _ in 0..n {
            d = d.pred();
        }
        d
    }

    /// The day before.
    pub fn pred(self) -> Date {
        if self.day > 1 {
            Date { day: self.day - 1, ..self }
        } else if self.month > 1 {
            let m = self.month - 1;
            Date { month: m, day: days_in_month(self.year, m), ..self }
        } else {
            Date { year: self.year - 1, month: 12, day: 31 }
        }
    }
}

fn parse_num<T: FromStr>(s: &str, len: usize) -> Option<T> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
}

impl FromStr for Date {
    type Err = String;
    fn from_str(s: &str) -> Result<Date, String> {
        let err = || format!("`{s}` is not a date: write YYYY-MM-DD, e.g. 2024-03-28");
        let mut it = s.split('-');
        let (Some(y), Some(m), Some(d), None) = (it.next(), it.next(), it.next(), it.next()) else {
            return Err(err());
        };
        let (Some(y), Some(m), Some(d)) = (parse_num(y, 4), parse_num(m, 2), parse_num(d, 2)) else {
            return Err(err());
        };
        Date::new(y, m, d).ok_or_else(|| format!("`{s}` is not a calendar date"))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

text_scalar!(Date, "Date", "a date YYYY-MM-DD", {
    "type": "string",
    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "format": "date"
});

/// A date known to the year, the month or the day: `2025`, `2025-05`,
/// `2025-05-12`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PartialDate {
    Year(i32),
    Month(i32, u8),
    Day(Date),
}

impl PartialDate {
    /// The first day the date can mean.
    pub fn first_day(self) -> Date {
        match self {
            PartialDate::Year(y) => Date { year: y, month: 1, day: 1 },
            PartialDate::Month(y, m) => Date { year: y, month: m, day: 1 },
            PartialDate::Day(d) => d,
        }
    }
    /// The last day the date can mean.
    pub fn last_day(self) -> Date {
        match self {
            PartialDate::Year(y) => Date { year: y, month: 12, day: 31 },
            PartialDate::Month(y, m) => Date { year: y, month: m, day: days_in_month(y, m) },
            PartialDate::Day(d) => d,
        }
    }
}

impl FromStr for PartialDate {
    type Err = String;
    fn from_str(s: &str) -> Result<PartialDate, String> {
        let err = || format!("`{s}` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD");
        match parts(s) {
            [Some(y), None, None] => {
                let y: i32 = parse_num(y, 4).ok_or_else(err)?;
                (y >= 1).then_some(PartialDate::Year(y)).ok_or_else(err)
            }
            [Some(y), Some(m), None] => {
                let (Some(y), Some(m)) = (parse_num::<i32>(y, 4), parse_num::<u8>(m, 2)) else {
                    return Err(err());
                };
                (y >= 1 && (1..=12).contains(&m)).then_some(PartialDate::Month(y, m)).ok_or_else(err)
            }
            [Some(_), Some(_), Some(_)] => Ok(PartialDate::Day(s.parse()?)),
            _ => Err(err()),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            PartialDate::Year(y) => write!(f, "{y:04}"),
            PartialDate::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            PartialDate::Day(d) => d.fmt(f),
        }
    }
}

text_scalar!(PartialDate, "PartialDate", "a date YYYY, YYYY-MM or YYYY-MM-DD", {
    "type": ["string", "integer"],
    "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
    "minimum": 1,
    "maximum": 9999,
    "description": "A date known to the year, month or day: 2025, 2025-05, 2025-05-12."
}, |v| four_digit_year(v).map(PartialDate::Year));

/// A year written as an integer of four digits (`period: 2024`), as its
/// text parses: `999` or `10000` is not one.
fn four_digit_year(v: u64) -> Option<i32> {
    (1000..=9999).contains(&v).then_some(v as i32)
}

/// A period a figure covers: a year, half, quarter, month, day, or an
/// inclusive range of two of those (`2020..2025`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Period {
    Year(i32),
    Half(i32, u8),
    Quarter(i32, u8),
    Month(i32, u8),
    Day(Date),
    Range(PeriodPoint, PeriodPoint),
}

/// One end of a period range: any period that is not itself a range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PeriodPoint {
    /// As written; its first and last days are worked out when asked for
    /// (a claim's period is 28 bytes rather than 56).
    text: PointText,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum PointText {
    Year(i32),
    Half(i32, u8),
    Quarter(i32, u8),
    Month(i32, u8),
    Day(Date),
}

impl Period {
    /// The first day the period covers.
    pub fn first_day(&self) -> Date {
        self.bounds().0
    }
    /// The last day the period covers.
    pub fn last_day(&self) -> Date {
        self.bounds().1
    }
    pub fn bounds(&self) -> (Date, Date) {
        match *self {
            Period::Year(y) => (Date { year: y, month: 1, day: 1 }, Date { year: y, month: 12, day: 31 }),
            Period::Half(y, h) => month_span(y, (h - 1) * 6 + 1, h * 6),
            Period::Quarter(y, q) => month_span(y, (q - 1) * 3 + 1, q * 3),
            Period::Month(y, m) => month_span(y, m, m),
            Period::Day(d) => (d, d),
            Period::Range(a, b) => (a.first(), b.last()),
        }
    }
    /// The year, when the period is exactly one calendar year.
    pub fn as_year(&self) -> Option<i32> {
        match self {
            Period::Year(y) => Some(*y),
            _ => None,
        }
    }
}

fn month_span(y: i32, m1: u8, m2: u8) -> (Date, Date) {
    (Date { year: y, month: m1, day: 1 }, Date { year: y, month: m2, day: days_in_month(y, m2) })
}

/// The parts of a date-like text between `-`: the first three, and all
/// three `None` when there are more than three.
fn parts(s: &str) -> [Option<&str>; 3] {
    let mut it = s.split('-');
    let parts = [it.next(), it.next(), it.next()];
    if it.next().is_some() { [None; 3] } else { parts }
}

fn parse_point(s: &str) -> Result<PointText, String> {
    let err = || format!("`{s}` is not a period: write 2024, 2024-H1, 2024-Q3, 2024-05, 2024-05-12 or a range 2020..2025");
    let year = |y: &str| parse_num::<i32>(y, 4).filter(|y| *y >= 1).ok_or_else(err);
    match parts(s) {
        [Some(y), None, None] => Ok(PointText::Year(year(y)?)),
        [Some(y), Some(p), None] if p.len() == 2 && (p.starts_with('H') || p.starts_with('Q')) => {
            let n: u8 = p[1..].parse().map_err(|_| err())?;
            match (&p[..1], n) {
                ("H", 1..=2) => Ok(PointText::Half(year(y)?, n)),
                ("Q", 1..=4) => Ok(PointText::Quarter(year(y)?, n)),
                _ => Err(err()),
            }
        }
        [Some(y), Some(m), None] => {
            let m: u8 = parse_num(m, 2).filter(|m| (1..=12).contains(m)).ok_or_else(err)?;
            Ok(PointText::Month(year(y)?, m))
        }
        [Some(_), Some(_), Some(_)] => Ok(PointText::Day(s.parse()?)),
        _ => Err(err()),
    }
}

impl From<PointText> for Period {
    fn from(p: PointText) -> Period {
        match p {
            PointText::Year(y) => Period::Year(y),
            PointText::Half(y, h) => Period::Half(y, h),
            PointText::Quarter(y, q) => Period::Quarter(y, q),
            PointText::Month(y, m) => Period::Month(y, m),
            PointText::Day(d) => Period::Day(d),
        }
    }
}

impl PeriodPoint {
    /// The end of a range as a period of its own (`2020` of `2020..2025`).
    pub fn period(&self) -> Period {
        Period::from(self.text)
    }
    /// The first day it covers.
    pub fn first(&self) -> Date {
        self.period().first_day()
    }
    /// The last day it covers.
    pub fn last(&self) -> Date {
        self.period().last_day()
    }
}

fn point(text: PointText) -> PeriodPoint {
    PeriodPoint { text }
}

impl FromStr for Period {
    type Err = String;
    fn from_str(s: &str) -> Result<Period, String> {
        let s = s.trim();
        if let Some((a, b)) = s.split_once("..") {
            let (a, b) = (point(parse_point(a.trim())?), point(parse_point(b.trim())?));
            if b.last() < a.first() {
                return Err(format!("the period `{s}` ends before it starts"));
            }
            return Ok(Period::Range(a, b));
        }
        parse_point(s).map(Period::from)
    }
}

impl fmt::Display for PointText {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            PointText::Year(y) => write!(f, "{y:04}"),
            PointText::Half(y, h) => write!(f, "{y:04}-H{h}"),
            PointText::Quarter(y, q) => write!(f, "{y:04}-Q{q}"),
            PointText::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            PointText::Day(d) => d.fmt(f),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Period::Year(y) => PointText::Year(*y).fmt(f),
            Period::Half(y, h) => PointText::Half(*y, *h).fmt(f),
            Period::Quarter(y, q) => PointText::Quarter(*y, *q).fmt(f),
            Period::Month(y, m) => PointText::Month(*y, *m).fmt(f),
            Period::Day(d) => d.fmt(f),
            Period::Range(a, b) => write!(f, "{}..{}", a.text, b.text),
        }
    }
}

text_scalar!(Period, "Period", "a period such as 2024, 2024-H1, 2024-Q3, 2024-05, 2024-05-12 or 2020..2025", {
    "type": ["string", "integer"],
    "pattern": "^[0-9]{4}(-(H[12]|Q[1-4]|[0-9]{2}(-[0-9]{2})?))?(\\.\\.[0-9]{4}(-(H[12]|Q[1-4]|[0-9]{2}(-[0-9]{2})?))?)?$",
    "minimum": 1,
    "maximum": 9999,
    "description": "A year (2024), half (2024-H1), quarter (2024-Q3), month (2024-05), day (2024-05-12), or an inclusive range of two of those (2020..2025)."
}, |v| four_digit_year(v).map(Period::Year));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_round_trip_and_bound() {
        for s in ["2024", "2024-H2", "2024-Q1", "2024-02", "2024-02-29", "2020..2025", "2023-H2..2024-03"] {
            let p: Period = s.parse().unwrap();
            assert_eq!(p.to_string(), s);
        }
        let p: Period = "2024-H1".parse().unwrap();
        assert_eq!(p.bounds(), (Date::new(2024, 1, 1).unwrap(), Date::new(2024, 6, 30).unwrap()));
        assert!("2023-02-29".parse::<Period>().is_err());
        assert!("2025..2020".parse::<Period>().is_err());
        assert!("2024-Q5".parse::<Period>().is_err());
    }

    #[test]
    fn day_numbers_are_consecutive() {
        let a = Date::new(2024, 2, 28).unwrap();
        let b = Date::new(2024, 3, 1).unwrap();
        assert_eq!(b.day_number() - a.day_number(), 2);
        assert_eq!(b.minus_days(2), a);
        assert_eq!(Date::new(2024, 1, 1).unwrap().pred(), Date::new(2023, 12, 31).unwrap());
    }

    #[test]
    fn slugs() {
        assert!(is_slug("dw-2024-arms"));
        for bad in ["", "Dw", "a--b", "-a", "a-", "a_b", "a b"] {
            assert!(!is_slug(bad), "{bad}");
        }
    }
}
