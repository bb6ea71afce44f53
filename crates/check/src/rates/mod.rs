//! ECB euro reference rates: reading the ECB's `eurofxref-hist.csv` layout
//! strictly (every problem with its line and column, every good rate kept),
//! writing it back, and looking a rate up for a date the way the design
//! says (the latest published rate within 7 days before, cross rates
//! through EUR).

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use wbd_schema::{CurrencyCode, Date};

/// How many days back a date with no published rate may borrow one.
pub const MAX_RATE_AGE_DAYS: i64 = 7;

/// How many problems a read keeps; the rest are only counted.
pub const MAX_ERRORS: usize = 20;

/// Codes the ECB has quoted that ISO 4217 has since withdrawn (currencies
/// replaced by the euro or redenominated); `iso_currency` lists only the
/// current ones.
pub const WITHDRAWN_CODES: [&str; 9] = ["CYP", "EEK", "LTL", "LVL", "MTL", "ROL", "SIT", "SKK", "TRL"];

/// Daily rates, units of each currency per 1 EUR.
#[derive(Default, Debug)]
pub struct Rates {
    /// Currency -> (date -> rate), dates ascending.
    series: BTreeMap<CurrencyCode, BTreeMap<Date, Decimal>>,
    /// The currencies of the header, in its order.
    header: Vec<CurrencyCode>,
    /// Every day with a row.
    days: BTreeSet<Date>,
}

/// A rate with the date it was published for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rate {
    pub value: Decimal,
    pub date: Date,
}

/// A problem in the rates file: 1-based line and column (in characters),
/// and the byte range it covers.
#[derive(Debug, Clone, PartialEq)]
pub struct RatesError {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
    pub len: usize,
    pub message: String,
}

/// A rates file read strictly: every rate that could be read, and every
/// problem found (at most [`MAX_ERRORS`]; `more_errors` counts the rest).
#[derive(Debug, Default)]
pub struct ReadRates {
    pub rates: Rates,
    pub errors: Vec<RatesError>,
    pub more_errors: usize,
}

impl ReadRates {
    fn error(&mut self, text: &str, offset: usize, len: usize, message: String) {
        if self.errors.len() >= MAX_ERRORS {
            self.more_errors += 1;
            return;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..offset].chars().count() + 1;
        self.errors.push(RatesError { line, column, offset, len, message });
    }
}

/// Whether a header code names a currency: an ISO 4217 code, current or
/// one of the withdrawn ones the ECB quoted.
pub fn is_known_code(code: &str) -> bool {
    iso_currency::Currency::from_code(code).is_some() || WITHDRAWN_CODES.contains(&code)
}

/// The cells of one line with their byte offsets in the line; one
/// trailing comma (the ECB ends every line with one) is not a cell.
fn cells(line: &str) -> Vec<(usize, &str)> {
    let line = line.trim_end();
    let body = line.strip_suffix(',').unwrap_or(line);
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in body.char_indices() {
        if c == ',' {
            out.push((start, &body[start..i]));
            start = i + 1;
        }
    }
    out.push((start, &body[start..]));
    out
}

/// Whether a date is written the way the ECB's daily file writes it
/// (`30 October 2026`).
fn is_daily_file_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split_whitespace().collect();
    matches!(parts.as_slice(), [d, m, y]
        if d.len() <= 2 && d.bytes().all(|b| b.is_ascii_digit())
            && m.len() >= 3 && m.chars().all(char::is_alphabetic)
            && y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
}

impl Rates {
    /// Reads the ECB CSV layout: a header `Date,USD,JPY,...` then one line
    /// per day, `YYYY-MM-DD` then one rate per header currency (units per
    /// 1 EUR); `N/A` means the ECB published no rate. Each line has exactly
    /// as many cells as the header (a trailing comma is allowed on every
    /// line), no date repeats, header codes are ISO 4217 and appear once,
    /// and the file ends with a line break (one that does not was cut off).
    /// A bad cell loses only that rate; a row with the wrong number of
    /// cells or a bad date loses that row.
    pub fn read_csv(text: &str) -> ReadRates {
        let mut r = ReadRates::default();
        // Lines with their byte offsets; a final piece without a line
        // break is reported, not read.
        let mut lines: Vec<(usize, &str)> = Vec::new();
        let mut start = 0;
        for (i, _) in text.match_indices('\n') {
            lines.push((start, &text[start..i]));
            start = i + 1;
        }
        if start < text.len() {
            let rest = &text[start..];
            r.error(
                text,
                start,
                rest.len(),
                "the last line does not end with a line break: the file looks cut off here (every line of an ECB file ends with one)"
                    .into(),
            );
        }
        // (1-based line number, offset, text): counting line breaks up to
        // each line instead would make reading quadratic in the file's size.
        let mut lines = lines.into_iter().enumerate().map(|(n, (o, l))| (n + 1, o, l.strip_suffix('\r').unwrap_or(l)));
        let Some((_, _, header)) = lines.by_ref().find(|(_, _, l)| !l.trim().is_empty()) else {
            if r.errors.is_empty() {
                r.error(text, 0, 0, "the rates file is empty: it needs a header `Date,USD,...` and one line per day".into());
            }
            return r;
        };
        let head = cells(header);
        if head[0].1.trim().trim_start_matches('\u{feff}') != "Date" {
            r.error(
                text,
                0,
                head[0].1.len(),
                format!("the header starts with `{}`, not `Date`: this is not an ECB rates file", head[0].1.trim()),
            );
            return r;
        }
        // One slot per header cell after `Date`; a bad code keeps its slot
        // empty, so the other columns still line up.
        let mut codes: Vec<Option<CurrencyCode>> = Vec::with_capacity(head.len());
        let mut first_col: BTreeMap<CurrencyCode, usize> = BTreeMap::new();
        for &(o, cell) in &head[1..] {
            let c = cell.trim();
            let code = match c.parse::<CurrencyCode>() {
                Ok(code) if code == CurrencyCode::EUR => {
                    r.error(
                        text,
                        o,
                        cell.len(),
                        "`EUR` in the header: rates are units of each currency per 1 EUR, so EUR has no column".into(),
                    );
                    None
                }
                Ok(code) if is_known_code(c) => {
                    if let Some(&col) = first_col.get(&code) {
                        r.error(text, o, cell.len(), format!("`{c}` is in the header twice (first as column {col})"));
                        None
                    } else {
                        first_col.insert(code, codes.len() + 2);
                        Some(code)
                    }
                }
                Ok(_) => {
                    r.error(text, o, cell.len(), format!("`{c}` in the header is not an ISO 4217 currency code"));
                    None
                }
                Err(_) if c.is_empty() => {
                    r.error(
                        text,
                        o,
                        cell.len(),
                        format!("column {} of the header is empty: every column needs a currency code", codes.len() + 2),
                    );
                    None
                }
                Err(_) => {
                    r.error(text, o, cell.len(), format!("`{c}` in the header is not a currency code (three capital letters, ISO 4217)"));
                    None
                }
            };
            codes.push(code);
        }
        r.rates.header = codes.iter().flatten().copied().collect();
        let mut seen: BTreeMap<Date, usize> = BTreeMap::new();
        for (line_no, lo, line) in lines {
            if line.trim().is_empty() {
                continue;
            }
            let row = cells(line);
            let date_cell = row[0].1.trim();
            if r.rates.days.is_empty() && seen.is_empty() && is_daily_file_date(date_cell) {
                r.error(
                    text,
                    lo,
                    row[0].1.len(),
                    format!(
                        "`{date_cell}` is a date as the ECB's daily file `eurofxref.csv` writes it (one day, in eurofxref.zip); \
                         use the history file `eurofxref-hist.csv` (in eurofxref-hist.zip), which has every day as YYYY-MM-DD"
                    ),
                );
                return r;
            }
            if row.len() != head.len() {
                let (o, len) = if row.len() > head.len() {
                    let o = row[head.len()].0;
                    (lo + o, line.len() - o)
                } else {
                    (lo + line.len(), 0)
                };
                r.error(
                    text,
                    o,
                    len,
                    format!(
                        "this line has {} cells, the header {} (`Date` and {} currencies): {}",
                        row.len(),
                        head.len(),
                        head.len() - 1,
                        if row.len() > head.len() { "the cells from here on have no column" } else { "cells are missing at the end" }
                    ),
                );
                continue;
            }
            let date: Date = match date_cell.parse() {
                Ok(d) => d,
                Err(e) => {
                    r.error(text, lo + row[0].0, row[0].1.len(), format!("`{date_cell}` is not a date (YYYY-MM-DD): {e}"));
                    continue;
                }
            };
            if let Some(first) = seen.get(&date) {
                r.error(text, lo, row[0].1.len(), format!("{date} has a second line here (the first is line {first}): each day has one"));
                continue;
            }
            seen.insert(date, line_no);
            r.rates.days.insert(date);
            for (code, &(co, cell)) in codes.iter().zip(&row[1..]) {
                let Some(code) = code else { continue };
                let v = cell.trim();
                if v == "N/A" {
                    continue;
                }
                let at = lo + co;
                if v.is_empty() {
                    r.error(
                        text,
                        at,
                        cell.len(),
                        format!("the {code} cell of {date} is empty: write the rate, or `N/A` where the ECB published none"),
                    );
                    continue;
                }
                match v.parse::<Decimal>() {
                    Ok(x) if x > Decimal::ZERO => {
                        r.rates.series.entry(*code).or_default().insert(date, x);
                    }
                    Ok(_) => r.error(text, at, cell.len(), format!("the {code} rate of {date} is `{v}`: a rate must be positive")),
                    Err(_) => r.error(
                        text,
                        at,
                        cell.len(),
                        format!("the {code} cell of {date} is `{v}`, not a rate (a decimal such as 1.0811, or N/A)"),
                    ),
                }
            }
        }
        r
    }

    /// [`Rates::read_csv`], failing on its first problem.
    pub fn parse_csv(text: &str) -> Result<Rates, RatesError> {
        let r = Rates::read_csv(text);
        match r.errors.into_iter().next() {
            Some(e) => Err(e),
            None => Ok(r.rates),
        }
    }

    /// The currencies of the header, in its order.
    pub fn header(&self) -> &[CurrencyCode] {
        &self.header
    }

    /// Every day the file has a line for.
    pub fn days(&self) -> &BTreeSet<Date> {
        &self.days
    }

    /// The rate published for `currency` on exactly `date`.
    pub fn on(&self, currency: CurrencyCode, date: Date) -> Option<Decimal> {
        self.series.get(&currency)?.get(&date).copied()
    }

    /// Writes the rates back in the ECB's layout (without its trailing
    /// commas), newest first, for the given currencies and the days from
    /// `since` on.
    pub fn to_csv(&self, currencies: &[CurrencyCode], since: Option<Date>) -> String {
        let dates: Vec<Date> = self.days.iter().copied().filter(|d| since.is_none_or(|s| *d >= s)).collect();
        let mut out = String::from("Date");
        for c in currencies {
            out.push(',');
            out.push_str(c.as_str());
        }
        out.push('\n');
        for d in dates.iter().rev() {
            out.push_str(&d.to_string());
            for c in currencies {
                out.push(',');
                match self.series.get(c).and_then(|s| s.get(d)) {
                    Some(v) => out.push_str(&v.to_string()),
                    None => out.push_str("N/A"),
                }
            }
            out.push('\n');
        }
        out
    }

    pub fn currencies(&self) -> impl Iterator<Item = CurrencyCode> + '_ {
        self.series.keys().copied()
    }

    pub fn is_empty(&self) -> bool {
        self.series.is_empty()
    }

    /// Units of `currency` per 1 EUR on `date`, or on the latest earlier
    /// day within [`MAX_RATE_AGE_DAYS`].
    pub fn per_eur(&self, currency: CurrencyCode, date: Date) -> Option<Rate> {
        if currency == CurrencyCode::EUR {
            return Some(Rate { value: Decimal::ONE, date });
        }
        let series = self.series.get(&currency)?;
        let (d, v) = series.range(..=date).next_back()?;
        (date.day_number() - d.day_number() <= MAX_RATE_AGE_DAYS).then_some(Rate { value: *v, date: *d })
    }

    /// Units of `to` per 1 unit of `from` on `date`, through EUR. The date
    /// returned is the older of the two rates used.
    pub fn cross(&self, from: CurrencyCode, to: CurrencyCode, date: Date) -> Option<Rate> {
        let a = self.per_eur(from, date)?;
        let b = self.per_eur(to, date)?;
        let value = b.value.checked_div(a.value)?;
        let date = if from == CurrencyCode::EUR {
            b.date
        } else if to == CurrencyCode::EUR {
            a.date
        } else {
            a.date.min(b.date)
        };
        Some(Rate { value, date })
    }

    /// The mean of the published daily rates (units per EUR) between two
    /// dates inclusive, with the number of days it averages.
    pub fn average_per_eur(&self, currency: CurrencyCode, first: Date, last: Date) -> Option<(Decimal, usize)> {
        if currency == CurrencyCode::EUR {
            return Some((Decimal::ONE, 0));
        }
        let series = self.series.get(&currency)?;
        let mut sum = Decimal::ZERO;
        let mut n = 0usize;
        for v in series.range(first..=last).map(|(_, v)| *v) {
            sum = sum.checked_add(v)?;
            n += 1;
        }
        (n > 0).then(|| (sum / Decimal::from(n), n))
    }
}

#[cfg(test)]
mod tests;
