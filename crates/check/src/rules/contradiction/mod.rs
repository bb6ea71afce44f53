//! Internal contradictions: claims that cannot all be true at once.
//!
//! Every rule here groups or indexes claims with hash maps and compares
//! intervals (see [`crate::interval`]); none compares every claim with
//! every other. A contradiction names its claims (`Diagnostic::record` and
//! `Diagnostic::others`) so that a `conflicts_with` on either claim can
//! acknowledge it.
pub mod change_claim;
pub mod conflicting_values;
pub mod plan_vs_outcome;
pub mod region_scope;
pub mod share_sum;
pub mod share_vs_amounts;
pub mod stated_change;

use rust_decimal::Decimal;
use wbd_schema::{Amount, Claim, CurrencyCode, Date, Scale, Value};

use crate::fx;
use crate::interval::{DEFAULT_APPROX_PERCENT, Interval, show};
use crate::rules::Context;

pub(crate) use crate::group::{Buckets, Refine};
pub(crate) use crate::hash::FastMap;
pub(crate) use crate::series::{CHANGE, ENDS, NONE, PERCENT};

/// What the rules need of each metric, by its number in [`crate::series::Keys`]:
/// single-valued, approx tolerance.
pub(crate) struct Metrics<'a> {
    info: &'a [(bool, Decimal)],
}

impl<'a> Metrics<'a> {
    pub(crate) fn new(cx: &'a Context) -> Metrics<'a> {
        Metrics { info: &cx.keys.metric_info }
    }
    pub(crate) fn single_valued(&self, metric: u32) -> bool {
        self.info.get(metric as usize).is_some_and(|m| m.0)
    }
    /// The approx tolerance of a metric, in percent.
    pub(crate) fn approx(&self, metric: u32) -> Decimal {
        self.info.get(metric as usize).map_or(DEFAULT_APPROX_PERCENT, |m| m.1)
    }
}

/// What an amount is measured in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Unit<'a> {
    Money(CurrencyCode),
    Percent,
    Count,
    Quantity(&'a str),
}

impl<'a> Unit<'a> {
    pub(crate) fn of(v: &'a Value) -> Option<Unit<'a>> {
        let (a, _) = v.ends()?;
        Some(match a {
            Amount::Money { currency, .. } => Unit::Money(*currency),
            Amount::Percent(_) => Unit::Percent,
            Amount::Count(_) => Unit::Count,
            Amount::Quantity { unit, .. } => Unit::Quantity(unit),
        })
    }
}

/// A claim's value as an interval, possibly converted to EUR.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Reading<'a> {
    /// Index of the claim in `ds.claims`.
    pub claim: usize,
    pub iv: Interval,
    pub unit: Unit<'a>,
    /// Set when the interval was converted to EUR: the original currency
    /// and the ECB rate (units per EUR) and its date.
    pub converted: Option<(CurrencyCode, Decimal, Date)>,
}

/// The interval of claim `i`'s value, or `None` for non-numeric values.
pub(crate) fn read<'a>(cx: &Context<'a>, m: &Metrics, i: usize) -> Option<Reading<'a>> {
    let c: &'a Claim = &cx.ds.claims[i];
    let unit = Unit::of(&c.value)?;
    let iv = Interval::of_value(&c.value, c.bound, m.approx(cx.keys.metric_of(i)))?;
    Some(Reading { claim: i, iv, unit, converted: None })
}

/// When the readings are money in more than one currency, converts every
/// one that can be to EUR at the ECB rate of `date`; the others keep
/// their currency (and so are compared only with their own kind).
pub(crate) fn to_common_currency(cx: &Context, readings: &mut [Reading], date: Date) {
    let mut currencies = readings.iter().filter_map(|r| match r.unit {
        Unit::Money(c) => Some(c),
        _ => None,
    });
    let Some(first) = currencies.next() else { return };
    if currencies.all(|c| c == first) {
        return;
    }
    let Some(rates) = &cx.ds.rates else { return };
    for r in readings.iter_mut() {
        let Unit::Money(c) = r.unit else { continue };
        if c == CurrencyCode::EUR {
            continue;
        }
        let (Some((iv, _)), Some(rate)) = (fx::to_eur(&r.iv, c, date, rates), rates.per_eur(c, date)) else { continue };
        r.iv = iv;
        r.unit = Unit::Money(CurrencyCode::EUR);
        r.converted = Some((c, rate.value, rate.date));
    }
}

/// The smallest interval holding all of them (`None` when empty).
pub(crate) fn hull(ivs: impl IntoIterator<Item = Interval>) -> Option<Interval> {
    let mut it = ivs.into_iter();
    let mut acc = it.next()?;
    for i in it {
        acc.lo = acc.lo.min(i.lo);
        acc.hi = match (acc.hi, i.hi) {
            (Some(a), Some(b)) => Some(a.max(b)),
            _ => None,
        };
    }
    Some(acc)
}

/// The scale word a claim's value is written with, to show intervals in.
pub(crate) fn scale_of(v: &Value) -> Option<Scale> {
    v.ends().and_then(|(_, b)| b.number().scale)
}

fn unscale(d: Decimal, scale: Option<Scale>) -> Decimal {
    let mut v = d;
    for _ in 0..scale.map_or(0, Scale::exponent) {
        v /= Decimal::TEN;
    }
    v
}

/// An interval in a unit, in the notation of values: `EUR 0.45 to 0.55
/// billion`, `59.5 to 60.5 %`, `EUR 1.2 billion or more`.
pub(crate) fn fmt_interval(iv: &Interval, unit: Unit, scale: Option<Scale>) -> String {
    let prefix = match unit {
        Unit::Money(c) => format!("{c} "),
        _ => String::new(),
    };
    let mut suffix = scale.map(|s| format!(" {}", s.word())).unwrap_or_default();
    match unit {
        Unit::Percent => suffix.push_str(" %"),
        Unit::Quantity(u) => {
            suffix.push(' ');
            suffix.push_str(u);
        }
        _ => {}
    }
    let lo = show(unscale(iv.lo, scale), 4);
    match iv.hi {
        Some(h) => {
            let hi = show(unscale(h, scale), 4);
            if hi == lo { format!("{prefix}{lo}{suffix}") } else { format!("{prefix}{lo} to {hi}{suffix}") }
        }
        None => format!("{prefix}{lo}{suffix} or more"),
    }
}

/// A reading as written and as an interval, with its sources:
/// `EUR 0.7 billion (EUR 0.65 to 0.75 billion; almanac-2025)`.
pub(crate) fn describe(cx: &Context, r: &Reading) -> String {
    let c = &cx.ds.claims[r.claim];
    format!("{} {}", c.value, reading_note(cx, r))
}

/// The same naming the claim: `EUR 0.7 billion in `almanac-al-budget-2023`
/// (EUR 0.65 to 0.75 billion; almanac-2025)`.
pub(crate) fn describe_in(cx: &Context, r: &Reading) -> String {
    let c = &cx.ds.claims[r.claim];
    format!("{} in `{}` {}", c.value, c.id, reading_note(cx, r))
}

fn reading_note(cx: &Context, r: &Reading) -> String {
    let c = &cx.ds.claims[r.claim];
    let mut s = format!("({}", fmt_interval(&r.iv, r.unit, scale_of(&c.value)));
    if let Some((cur, rate, date)) = r.converted {
        s.push_str(&format!(" at {} {cur} per EUR on {date}", show(rate, 6)));
    }
    let src = sources(c);
    if !src.is_empty() {
        s.push_str("; ");
        s.push_str(&src);
    }
    s.push(')');
    s
}

/// The distinct sources a claim cites, comma-separated.
pub(crate) fn sources(c: &Claim) -> String {
    let mut out: Vec<&str> = Vec::with_capacity(c.citations.len());
    for cit in &c.citations {
        if !out.contains(&cit.source.as_str()) {
            out.push(cit.source.as_str());
        }
    }
    out.join(", ")
}

/// The sentence every contradiction's help ends with.
pub(crate) const ACKNOWLEDGE: &str = "if the sources really disagree, keep both claims and acknowledge it on one of them with `conflicts_with: [{claim: OTHER-ID, note: why they differ}]`";

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn intervals_are_shown_in_the_written_scale() {
        let v: Value = "EUR 0.5 billion".parse().unwrap();
        let iv = Interval::of_value(&v, wbd_schema::Bound::Exact, DEFAULT_APPROX_PERCENT).unwrap();
        assert_eq!(fmt_interval(&iv, Unit::of(&v).unwrap(), scale_of(&v)), "EUR 0.45 to 0.55 billion");
        let p = Interval { lo: Decimal::from_str("74.5").unwrap(), hi: None };
        assert_eq!(fmt_interval(&p, Unit::Percent, None), "74.5 % or more");
        let h = hull([Interval::new(Decimal::ONE, Decimal::TWO), Interval::new(Decimal::ZERO, Decimal::ONE)]).unwrap();
        assert_eq!(h, Interval::new(Decimal::ZERO, Decimal::TWO));
    }
}
