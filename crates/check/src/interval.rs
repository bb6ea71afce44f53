//! Interval arithmetic on exact decimals: what a written figure can mean.
//!
//! `1.3 billion` is every value from 1.25 to 1.35 billion: half a unit of
//! the last written digit either side. `about` widens that by the metric's
//! approx tolerance, `over` leaves it open above, `up to` starts it at
//! zero. Every numeric comparison in the checker is a question about such
//! intervals, which is what makes it fair to rounded figures and still
//! strict. No floating point anywhere.

use std::fmt;

use rust_decimal::Decimal;
use wbd_schema::{Amount, Bound, Number, Value};

/// The default approx tolerance when a metric gives none: 5 %.
pub const DEFAULT_APPROX_PERCENT: Decimal = Decimal::from_parts(5, 0, 0, false, 0);

/// A closed interval `[lo, hi]`; `hi == None` is unbounded above.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Interval {
    pub lo: Decimal,
    pub hi: Option<Decimal>,
}

impl Interval {
    pub fn new(lo: Decimal, hi: Decimal) -> Interval {
        Interval { lo: lo.min(hi), hi: Some(hi.max(lo)) }
    }

    pub fn point(v: Decimal) -> Interval {
        Interval { lo: v, hi: Some(v) }
    }

    /// What a number as written can mean: its value plus or minus half a
    /// unit of its last written digit.
    pub fn written(n: &Number) -> Option<Interval> {
        let v = n.value()?;
        let h = n.half_ulp()?;
        Some(Interval::new(v.checked_sub(h)?, v.checked_add(h)?))
    }

    /// The interval of one amount under a bound, with the approx tolerance
    /// in percent.
    pub fn of_amount(a: &Amount, bound: Bound, approx_percent: Decimal) -> Option<Interval> {
        Interval::written(a.number())?.bounded(bound, approx_percent)
    }

    /// The interval of a numeric value (a range spans from its low end's
    /// lowest to its high end's highest reading). `None` for non-numeric
    /// values and for amounts out of the decimal range.
    pub fn of_value(v: &Value, bound: Bound, approx_percent: Decimal) -> Option<Interval> {
        let (a, b) = v.ends()?;
        let lo = Interval::written(a.number())?;
        let hi = Interval::written(b.number())?;
        Interval { lo: lo.lo, hi: hi.hi }.bounded(bound, approx_percent)
    }

    /// Applies a bound: `approx` widens by `approx_percent` of each end,
    /// `at_least` opens the top, `at_most` starts at zero.
    pub fn bounded(self, bound: Bound, approx_percent: Decimal) -> Option<Interval> {
        Some(match bound {
            Bound::Exact => self,
            Bound::Approx => {
                let f = approx_percent.checked_div(Decimal::ONE_HUNDRED)?;
                let lo = self.lo.checked_sub(self.lo.checked_mul(f)?)?.max(Decimal::ZERO);
                let hi = match self.hi {
                    Some(h) => Some(h.checked_add(h.checked_mul(f)?)?),
                    None => None,
                };
                Interval { lo, hi }
            }
            Bound::AtLeast => Interval { lo: self.lo, hi: None },
            Bound::AtMost => Interval { lo: Decimal::ZERO.min(self.lo), hi: self.hi },
        })
    }

    /// Whether the two intervals have a point in common.
    pub fn intersects(&self, o: &Interval) -> bool {
        self.hi.is_none_or(|h| h >= o.lo) && o.hi.is_none_or(|h| h >= self.lo)
    }

    pub fn contains(&self, x: Decimal) -> bool {
        x >= self.lo && self.hi.is_none_or(|h| x <= h)
    }

    /// The product of two non-negative intervals.
    pub fn mul(&self, o: &Interval) -> Option<Interval> {
        let lo = self.lo.checked_mul(o.lo)?;
        let hi = match (self.hi, o.hi) {
            (Some(a), Some(b)) => Some(a.checked_mul(b)?),
            _ => None,
        };
        Some(Interval { lo, hi })
    }

    /// `self / o` for non-negative intervals with `o.lo > 0`.
    pub fn div(&self, o: &Interval) -> Option<Interval> {
        if o.lo <= Decimal::ZERO {
            return None;
        }
        let lo = match o.hi {
            Some(h) => self.lo.checked_div(h)?,
            None => Decimal::ZERO,
        };
        let hi = match self.hi {
            Some(h) => Some(h.checked_div(o.lo)?),
            None => None,
        };
        Some(Interval { lo, hi })
    }

    /// Multiplies both ends by a non-negative constant.
    pub fn scale(&self, k: Decimal) -> Option<Interval> {
        Some(Interval {
            lo: self.lo.checked_mul(k)?,
            hi: match self.hi {
                Some(h) => Some(h.checked_mul(k)?),
                None => None,
            },
        })
    }

    /// The intersection of several intervals, when they have a common
    /// point: the largest low end and the smallest high end.
    pub fn common<'a>(items: impl IntoIterator<Item = &'a Interval>) -> Option<Interval> {
        let mut it = items.into_iter();
        let first = *it.next()?;
        let mut acc = first;
        for i in it {
            acc.lo = acc.lo.max(i.lo);
            acc.hi = match (acc.hi, i.hi) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, None) => a,
                (None, b) => b,
            };
        }
        acc.hi.is_none_or(|h| h >= acc.lo).then_some(acc)
    }
}

/// Rounds for display: up to `dp` decimal places, trailing zeros dropped.
pub fn show(d: Decimal, dp: u32) -> String {
    d.round_dp(dp).normalize().to_string()
}

/// A value in the units of a written number: `1156229766` like
/// `1.3 billion` is `1.156 billion`.
pub fn show_like(d: Decimal, like: &wbd_schema::Number) -> String {
    match like.scale {
        Some(s) => {
            let mut v = d;
            for _ in 0..s.exponent() {
                v /= Decimal::TEN;
            }
            format!("{} {}", show(v, 3), s.word())
        }
        None => show(d, 2),
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self.hi {
            Some(h) => write!(f, "{} to {}", show(self.lo, 6), show(h, 6)),
            None => write!(f, "{} or more", show(self.lo, 6)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn val(s: &str) -> Value {
        s.parse().unwrap()
    }
    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn written_precision() {
        let i = Interval::of_value(&val("USD 1.3 billion"), Bound::Exact, DEFAULT_APPROX_PERCENT).unwrap();
        assert_eq!((i.lo, i.hi.unwrap()), (dec("1250000000"), dec("1350000000")));
        let i = Interval::of_value(&val("USD 1.30 billion"), Bound::Exact, DEFAULT_APPROX_PERCENT).unwrap();
        assert_eq!((i.lo, i.hi.unwrap()), (dec("1295000000"), dec("1305000000")));
        let i = Interval::of_value(&val("40 to 120 %"), Bound::Exact, DEFAULT_APPROX_PERCENT).unwrap();
        assert_eq!((i.lo, i.hi.unwrap()), (dec("39.5"), dec("120.5")));
    }

    #[test]
    fn bounds_widen() {
        let v = val("EUR 50 million");
        let over = Interval::of_value(&v, Bound::AtLeast, DEFAULT_APPROX_PERCENT).unwrap();
        assert!(over.hi.is_none() && over.contains(dec("60000000")));
        let about = Interval::of_value(&v, Bound::Approx, dec("10")).unwrap();
        assert_eq!(about.lo, dec("44550000"));
        let upto = Interval::of_value(&v, Bound::AtMost, DEFAULT_APPROX_PERCENT).unwrap();
        assert!(upto.contains(Decimal::ZERO));
    }

    #[test]
    fn arithmetic() {
        let a = Interval::new(dec("2"), dec("3"));
        let b = Interval::new(dec("4"), dec("5"));
        assert_eq!(a.mul(&b).unwrap(), Interval::new(dec("8"), dec("15")));
        assert_eq!(b.div(&a).unwrap().lo.round_dp(4), dec("1.3333"));
        assert!(!a.intersects(&b));
        assert!(Interval::common([&a, &Interval::new(dec("2.5"), dec("9"))]).is_some());
        assert!(Interval::common([&a, &b]).is_none());
    }

    /// Any amount inside the written precision of a figure lies in the
    /// figure's interval: a deterministic sweep over digits and scales.
    #[test]
    fn every_reading_of_a_written_figure_is_inside_it() {
        for digits in ["1.3", "0.25", "65.79", "200", "1.30", "7"] {
            let n: Value = format!("EUR {digits} million").parse().unwrap();
            let i = Interval::of_value(&n, Bound::Exact, DEFAULT_APPROX_PERCENT).unwrap();
            let d = dec(digits);
            let step = Decimal::new(1, d.scale() + 2);
            // From the lowest to the highest value that rounds to `digits`.
            let mut x = d - Decimal::new(5, d.scale() + 1);
            while x <= d + Decimal::new(5, d.scale() + 1) {
                assert!(i.contains(x * dec("1000000")), "{x} million outside {i}");
                x += step;
            }
            assert!(!i.contains((d + Decimal::new(6, d.scale() + 1)) * dec("1000000")));
        }
    }

    /// Extreme decimals (the largest, the finest, the supported limits and
    /// beyond) through every interval operation, every bound and the
    /// conversions at extreme rates: answers or `None`, never a panic.
    #[test]
    fn extreme_numbers_never_panic() {
        use crate::fx;
        use crate::rates::Rates;
        use wbd_schema::{CurrencyCode, Date, Period, Scale};

        let digits = [
            Decimal::ZERO,
            Decimal::new(1, 28),
            Decimal::new(1, 12),
            Decimal::ONE,
            dec("999999999999999"),
            dec("999999999999999999"),
            Decimal::MAX,
            Decimal::from_i128_with_scale(79_228_162_514_264_337_593_543_950_335, 28),
        ];
        let scales = [None, Some(Scale::Thousand), Some(Scale::Trillion)];
        let approx = [Decimal::ZERO, DEFAULT_APPROX_PERCENT, dec("100"), Decimal::MAX, Decimal::new(1, 28)];
        let bounds = [Bound::Exact, Bound::Approx, Bound::AtLeast, Bound::AtMost];
        let numbers: Vec<Number> =
            digits.iter().flat_map(|d| scales.iter().map(|s| Number { digits: *d, scale: *s, grouped: false })).collect();
        let csv = "Date,USD,GBP,JPY\n2024-03-28,0.0000000000000000000000000001,79228162514264337593543950335,1.0811\n";
        let rates = Rates::parse_csv(csv).unwrap();
        let date = Date::new(2024, 3, 28).unwrap();
        let period: Period = "2024".parse().unwrap();
        let codes = [CurrencyCode(*b"USD"), CurrencyCode(*b"GBP"), CurrencyCode(*b"JPY"), CurrencyCode::EUR];
        let mut answered = 0;
        for a in &numbers {
            let written = Interval::written(a);
            for b in &numbers {
                let value = Value::Range(Amount::Count(*a), Amount::Count(*b));
                for bound in bounds {
                    for p in approx {
                        if let Some(i) = Interval::of_value(&value, bound, p) {
                            answered += 1;
                            let _ = i.to_string();
                        }
                    }
                }
                if let (Some(x), Some(y)) = (written, Interval::written(b)) {
                    let _ = (x.mul(&y), x.div(&y), x.scale(y.lo), x.intersects(&y), Interval::common([&x, &y]));
                }
            }
            let Some(iv) = written else { continue };
            for from in codes {
                for to in codes {
                    let _ = fx::convert(&iv, from, to, date, &rates);
                }
                let money = Value::Amount(Amount::Money { currency: from, number: *a });
                for bound in bounds {
                    let _ = fx::eur_at_period_average(&money, bound, DEFAULT_APPROX_PERCENT, &period, &rates);
                }
            }
            let _ = show_like(iv.lo, a);
        }
        // Most combinations are within range and do answer.
        assert!(answered > 1000, "{answered}");
    }
}
