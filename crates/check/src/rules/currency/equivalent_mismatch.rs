//! `currency/equivalent-mismatch`: a stated equivalent disagrees with the
//! ECB rate of its conversion date, given the written precision.

use rust_decimal::Decimal;
use wbd_schema::{Amount, Bound, Value};

use crate::diagnostic::{Diagnostic, Severity};
use crate::interval::{Interval, show, show_like};
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "currency/equivalent-mismatch",
    severity: Severity::Error,
    summary: "the stated equivalent implies a rate outside the ECB rate of the conversion date, given the written precision",
    docs: r#"## What it checks
A claim that gives a figure in two currencies, `value: USD 1.3 billion` with
`equivalent: {value: EUR 1.2 billion}`. Each amount means an interval from
its written precision (`1.3 billion` is 1.25 to 1.35 billion). The bound
(`about`, `over`, `up to`) and the metric's approx tolerance do not widen
it: they say how far the figure may be from the truth, while the
equivalent restates the same figure in another currency, so the two agree
to the digits written whatever the bound. (Widening by a 10 % tolerance
would let a 10 % error in the conversion through.) The implied rate interval, from the equivalent's low end
over the value's high end to the equivalent's high end over the value's low
end, must contain the ECB reference rate of the conversion date:
`conversion_date` when given, else the citing source's published date. A
day without an ECB rate (weekend, holiday) uses the latest earlier rate
within 7 days; pairs without EUR are crossed through EUR.

## Why
Sources round, so a fixed tolerance is wrong both ways: 5 % flags an honest
`$1.3 billion (€1.2 billion)` written to two digits and lets a wrong
`€600.0 million` through. Judging by the digits the source wrote is fair to
rounding and still strict. A mismatch means a typo, a swapped currency, or a
conversion at another date than the record says.

## Example
```yaml
    value: USD 1.3 billion
    equivalent:
      value: EUR 1.4 billion
```
published 2024-03-28: the figures imply 1.0370 to 1.1600 EUR per USD; the
ECB rate was 0.9250 EUR per USD (1.0811 USD per EUR).

## Fix
Compare both figures with the source. If the source converted at another
date's rate (the date of the data, say), set `equivalent.conversion_date`.
If the source itself is inconsistent, keep its figures and add
`allow: [{rule: currency/equivalent-mismatch, reason: ...}]`.
"#,
};

pub struct EquivalentMismatch;

/// The interval of an amount as written, ignoring the claim's bound.
fn written(v: &Value) -> Option<(Interval, &Amount)> {
    let (a, b) = v.ends()?;
    if a != b {
        // A range restated as a range: compare end with end is not a single
        // rate; use the whole span.
        let iv = Interval::of_value(v, Bound::Exact, Decimal::ZERO)?;
        return Some((iv, a));
    }
    Some((Interval::written(a.number())?, a))
}

/// The rates (units of the equivalent's currency per unit of the value's)
/// that the two figures as written allow.
pub fn implied_rate(value: &Value, equivalent: &Value) -> Option<Interval> {
    let (v_iv, _) = written(value)?;
    let (e_iv, _) = written(equivalent)?;
    e_iv.div(&v_iv)
}

impl Rule for EquivalentMismatch {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        for conv in &cx.conversions {
            let (Some(implied), Some(rate), Some((date, how))) = (conv.implied, conv.rate, conv.date) else { continue };
            if implied.contains(rate.value) {
                continue;
            }
            let (c, eq, from, to) = (&cx.ds.claims[conv.claim], conv.eq, conv.from, conv.to);
            let (Some((v_iv, _)), Some((_, ea))) = (written(&c.value), written(&eq.value)) else { continue };
            let inverse = Decimal::ONE.checked_div(rate.value).unwrap_or_default();
            let hi = implied.hi.map_or("any".to_string(), |h| show(h, 4));
            let on = if rate.date == date { format!("on {date}") } else { format!("on {} (the latest rate before {date})", rate.date) };
            let like = ea.number();
            let expected = v_iv
                .scale(rate.value)
                .map(|i| format!("{to} {} to {}", show_like(i.lo, like), i.hi.map_or("?".into(), |h| show_like(h, like))))
                .unwrap_or_default();
            out.push(
                Diagnostic::new(
                    RULE.code,
                    RULE.severity,
                    c.at("equivalent.value"),
                    format!(
                        "`{}` stated as `{}` implies {} to {hi} {to} per {from}, but the ECB reference rate {on} was {} {to} per {from} ({} {from} per {to}); the conversion date is {how}",
                        c.value,
                        eq.value,
                        show(implied.lo, 4),
                        show(rate.value, 4),
                        show(inverse, 4),
                    ),
                )
                .related(c.at("value"), format!("the amount converted; at that rate it is {expected}"))
                .help("check both figures against the source; if it converted at another date's rate, set `equivalent.conversion_date`; if the source itself is inconsistent, add an `allow` with the reason")
                .record(c.id.as_str()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use rust_decimal::Decimal;
    use wbd_schema::{Bound, Value};

    use super::implied_rate;
    use crate::rules::currency::equivalent_rounding::converts;

    /// Writes `x` (in millions) with `digits` significant digits, as a
    /// source would round it.
    fn written(cur: &str, x: Decimal, digits: u32) -> Value {
        let int_digits = x.trunc().to_string().trim_start_matches('-').len() as u32;
        let dp = digits.saturating_sub(int_digits);
        format!("{cur} {} million", x.round_dp(dp)).parse().unwrap()
    }

    /// Any correct conversion, rounded to the precision it is written
    /// with, passes; the same figure moved by 10 % fails once it is written
    /// to three digits or more: for this rule and
    /// `currency/equivalent-rounding`, an amount (in millions) converted at
    /// `rate` and both written to `digits` significant digits.
    fn rounding_passes_and_a_ten_percent_move_fails(rate: Decimal, amount: Decimal, digits: u32) {
        let v = written("USD", amount, digits);
        let exact = v.ends().unwrap().0.number().value().unwrap() / Decimal::from(1_000_000) * rate;
        let e = written("EUR", exact, digits);
        let iv = implied_rate(&v, &e).unwrap();
        assert!(iv.contains(rate), "{v} = {e} at {rate}: {iv}");
        // The printed figure converted at one rate of a window
        // (the rate of the day and 0.5 % either side) and
        // rounded passes `currency/equivalent-rounding`, under
        // any bound; moved by 10 % it fails from three digits
        // on, `at_least` / `at_most` only on their open side.
        let window = [rate, rate * Decimal::from_str("1.005").unwrap(), rate * Decimal::from_str("0.995").unwrap()];
        for (k, r) in window.iter().enumerate() {
            let at = written("EUR", v.ends().unwrap().0.number().value().unwrap() / Decimal::from(1_000_000) * r, digits);
            for bound in [Bound::Exact, Bound::Approx, Bound::AtLeast, Bound::AtMost] {
                assert_eq!(converts(&v, bound, &at, &window), Some(true), "{v} ({bound:?}) = {at} at window rate {k}");
            }
        }
        if digits >= 3 {
            let up = written("EUR", exact * Decimal::from_str("1.1").unwrap(), digits);
            let down = written("EUR", exact * Decimal::from_str("0.9").unwrap(), digits);
            assert!(!implied_rate(&v, &up).unwrap().contains(rate), "{v} = {up} at {rate}");
            for bound in [Bound::Exact, Bound::Approx, Bound::AtLeast] {
                assert_eq!(converts(&v, bound, &down, &window), Some(false), "{v} ({bound:?}) = {down}");
            }
            for bound in [Bound::Exact, Bound::Approx, Bound::AtMost] {
                assert_eq!(converts(&v, bound, &up, &window), Some(false), "{v} ({bound:?}) = {up}");
            }
        }
    }

    /// The cases the property always covered: a deterministic sweep over
    /// amounts, rates and precisions.
    #[test]
    fn rounding_never_fires_and_a_ten_percent_move_does() {
        let rates = ["0.9250", "1.0811", "0.8551", "117.43", "0.0851"];
        for r in rates {
            let rate = Decimal::from_str(r).unwrap();
            let mut amount = Decimal::from_str("1.7").unwrap();
            while amount < Decimal::from(5000) {
                for digits in 2..=5 {
                    rounding_passes_and_a_ten_percent_move_fails(rate, amount, digits);
                }
                amount = amount * Decimal::from_str("1.37").unwrap() + Decimal::from_str("0.3").unwrap();
            }
        }
    }

    proptest::proptest! {
        // 256 cases a run (PROPTEST_CASES=N for more). Failures are shrunk
        // and their seeds kept in
        // `proptest-regressions/rules/currency/equivalent_mismatch.txt`,
        // which is replayed first on every run.

        /// The same property on random rates (0.0100 to 200.0000, four
        /// decimals as the ECB writes them), amounts (0.01 to 99,999.99
        /// million) and precisions (2 to 5 significant digits).
        #[test]
        fn rounding_never_fires_and_a_ten_percent_move_does_for_any_rate(
            rate in 100i64..=2_000_000,
            amount in 1i64..=9_999_999,
            digits in 2u32..=5,
        ) {
            rounding_passes_and_a_ten_percent_move_fails(Decimal::new(rate, 4), Decimal::new(amount, 2), digits);
        }
    }
}
