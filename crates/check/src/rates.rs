//! ECB euro reference rates: parsing the ECB's `eurofxref-hist.csv`
//! format, and looking a rate up for a date the way the design says (the
//! latest published rate within 7 days before, cross rates through EUR).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use wbd_schema::{CurrencyCode, Date};

/// How many days back a date with no published rate may borrow one.
pub const MAX_RATE_AGE_DAYS: i64 = 7;

/// Daily rates, units of each currency per 1 EUR.
#[derive(Default, Debug)]
pub struct Rates {
    /// Currency -> (date -> rate), dates ascending.
    series: BTreeMap<CurrencyCode, BTreeMap<Date, Decimal>>,
}

/// A rate with the date it was published for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rate {
    pub value: Decimal,
    pub date: Date,
}

/// A problem in the rates file, with the 1-based line.
#[derive(Debug)]
pub struct RatesError {
    pub line: usize,
    pub message: String,
}

impl Rates {
    /// Parses the ECB CSV: a header `Date,USD,JPY,...` then one line per
    /// day; `N/A` and empty cells mean no rate.
    pub fn parse_csv(text: &str) -> Result<Rates, RatesError> {
        let mut lines = text.lines().enumerate();
        let Some((_, header)) = lines.next() else {
            return Err(RatesError { line: 1, message: "the rates file is empty".into() });
        };
        let header: Vec<&str> = header.trim_end_matches(',').split(',').map(str::trim).collect();
        if header.first() != Some(&"Date") {
            return Err(RatesError { line: 1, message: "the header must start with `Date`".into() });
        }
        let mut codes = Vec::with_capacity(header.len());
        for h in &header[1..] {
            codes.push(h.parse::<CurrencyCode>().map_err(|e| RatesError { line: 1, message: e })?);
        }
        let mut rates = Rates::default();
        for (i, line) in lines {
            let line = line.trim_end_matches(',').trim();
            if line.is_empty() {
                continue;
            }
            let mut cells = line.split(',');
            let date: Date = cells.next().unwrap_or("").trim().parse().map_err(|e: String| RatesError { line: i + 1, message: e })?;
            for (code, cell) in codes.iter().zip(cells) {
                let cell = cell.trim();
                if cell.is_empty() || cell == "N/A" {
                    continue;
                }
                let v: Decimal = cell.parse().map_err(|_| RatesError { line: i + 1, message: format!("`{cell}` is not a rate") })?;
                if v <= Decimal::ZERO {
                    return Err(RatesError { line: i + 1, message: format!("rate `{cell}` must be positive") });
                }
                rates.series.entry(*code).or_default().insert(date, v);
            }
        }
        Ok(rates)
    }

    /// Writes the rates back in the ECB's format, newest first, for the
    /// given currencies and dates from `since` on.
    pub fn to_csv(&self, currencies: &[CurrencyCode], since: Option<Date>) -> String {
        let mut dates: Vec<Date> = currencies
            .iter()
            .filter_map(|c| self.series.get(c))
            .flat_map(|s| s.keys().copied())
            .filter(|d| since.is_none_or(|s| *d >= s))
            .collect();
        dates.sort_unstable();
        dates.dedup();
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
mod tests {
    use super::*;

    const CSV: &str = "Date,USD,GBP,\n2024-03-28,1.0811,0.85510,\n2024-03-27,1.0826,N/A,\n2024-03-20,1.0900,0.8500,\n";

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn looks_back_at_most_a_week() {
        let r = Rates::parse_csv(CSV).unwrap();
        let usd = CurrencyCode(*b"USD");
        assert_eq!(r.per_eur(usd, d("2024-03-30")).unwrap().date, d("2024-03-28"));
        assert_eq!(r.per_eur(usd, d("2024-03-26")).unwrap().date, d("2024-03-20"));
        assert!(r.per_eur(usd, d("2024-03-19")).is_none());
        assert!(r.per_eur(usd, d("2024-04-10")).is_none());
        let x = r.cross(usd, CurrencyCode::EUR, d("2024-03-28")).unwrap();
        assert_eq!(x.value.round_dp(6).to_string(), "0.924984");
        let (avg, n) = r.average_per_eur(usd, d("2024-03-01"), d("2024-03-31")).unwrap();
        assert_eq!((avg.round_dp(4).to_string(), n), ("1.0846".to_string(), 3));
        let back = Rates::parse_csv(&r.to_csv(&[usd, CurrencyCode(*b"GBP")], None)).unwrap();
        assert_eq!(back.per_eur(usd, d("2024-03-27")), r.per_eur(usd, d("2024-03-27")));
    }

    #[test]
    fn bad_lines_are_reported_with_their_number() {
        let e = Rates::parse_csv("Date,USD\n2024-03-28,abc\n").unwrap_err();
        assert_eq!(e.line, 2);
    }
}
