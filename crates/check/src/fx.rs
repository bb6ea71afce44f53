//! Converting money between currencies with the ECB reference rates, on
//! intervals: the rules compare amounts in different currencies through
//! these, and publishing gives each money value its EUR equivalent.

use rust_decimal::Decimal;
use wbd_schema::{Amount, Bound, CurrencyCode, Date, Period, Value};

use crate::interval::Interval;
use crate::rates::{Rate, Rates};

/// The interval `iv` (in `from`) expressed in `to` at the rate of `date`
/// (the latest published within a week before), with the rate used.
pub fn convert(iv: &Interval, from: CurrencyCode, to: CurrencyCode, date: Date, rates: &Rates) -> Option<(Interval, Rate)> {
    let rate = rates.cross(from, to, date)?;
    Some((iv.scale(rate.value)?, rate))
}

/// The interval `iv` (in `from`) in EUR at the rate of `date`.
pub fn to_eur(iv: &Interval, from: CurrencyCode, date: Date, rates: &Rates) -> Option<(Interval, Rate)> {
    convert(iv, from, CurrencyCode::EUR, date, rates)
}

/// A money value's EUR equivalent at the average ECB rate over a period:
/// (the exact amount in EUR, rounded to cents, the interval of its written
/// precision in EUR, the average rate in units per EUR, days averaged).
/// `None` for non-money values and currencies with no rates in the period.
pub fn eur_at_period_average(
    value: &Value,
    bound: Bound,
    approx_percent: Decimal,
    period: &Period,
    rates: &Rates,
) -> Option<EurEquivalent> {
    let (a, _) = value.ends()?;
    let Amount::Money { currency, number } = a else { return None };
    let (first, last) = period.bounds();
    let (avg, days) = rates.average_per_eur(*currency, first, last)?;
    let amount = number.value()?.checked_div(avg)?.round_dp(2);
    let iv = Interval::of_value(value, bound, approx_percent)?;
    let lo = iv.lo.checked_div(avg)?.round_dp(2);
    let hi = match iv.hi {
        Some(h) => Some(h.checked_div(avg)?.round_dp(2)),
        None => None,
    };
    Some(EurEquivalent { amount, interval: Interval { lo, hi }, rate: avg.round_dp(6), days })
}

/// See [`eur_at_period_average`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EurEquivalent {
    pub amount: Decimal,
    pub interval: Interval,
    /// Average units of the currency per EUR.
    pub rate: Decimal,
    /// How many daily rates were averaged (0 for EUR itself).
    pub days: usize,
}
