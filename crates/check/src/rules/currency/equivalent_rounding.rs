//! `currency/equivalent-rounding`: a stated equivalent that no ECB rate of
//! the conversion window turns the printed figure into.

use rust_decimal::Decimal;
use wbd_schema::{Amount, Bound, CurrencyCode, Date, Number, Value};

use crate::diagnostic::{Diagnostic, Severity};
use crate::interval::{Interval, show, show_like};
use crate::rates::{Rate, Rates};
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "currency/equivalent-rounding",
    severity: Severity::Warning,
    summary: "the stated equivalent is not the printed figure times an ECB rate of the conversion window, rounded as written",
    docs: r#"## What it checks
A claim that gives a figure in two currencies, `value: EUR 1 billion` with
`equivalent: {value: USD 1.2 billion}`, the way a reviewer checks it: a
writer converts the figure they print. So the equivalent must equal the
value as printed (exactly `EUR 1 billion`, not anything that rounds to it)
times one ECB reference rate of the conversion window, rounded to the
equivalent's written precision (`1.2` is anything from 1.15 to 1.25).
`bound: at_least` ("over EUR 50 million") lets the converted figure be up
to one unit of the last written digit above the printed one (50 to 51
million), `at_most` as far below; `approx` changes nothing, since the
writer still converted the figure they printed. A range is converted end
by end, at one rate.

The window is the 14 days up to and including the conversion date
(`equivalent.conversion_date`, else the citing source's published date):
sources often convert at a rate a few days old. A claim can set its own
with `equivalent.conversion_window: DAYS`; the check's configuration can
change the default. Days without a rate in the window are skipped; a window
with no rate at all uses the latest rate within 7 days before its end.

When `currency/equivalent-mismatch` already fires for the claim (the
figures are incompatible even at their written precision), this rule says
nothing more.

## Why
`currency/equivalent-mismatch` widens both figures by their written
precision, which is sound but lets a low-precision figure absorb large
errors: "EUR 1 billion" read at one significant digit is anything from 0.5
to 1.5 billion, so "$1.32 billion" passes it. At the ECB rates of the day,
EUR 1 billion was USD 1.16 billion, which a writer rounds to $1.2 billion,
never to $1.32 billion.

## Example
```yaml
    value: EUR 1 billion
    equivalent:
      value: USD 1.32 billion
```
published 2025-10-28: the ECB rates of 2025-10-15 to 2025-10-28 (1.1587 to
1.1681 USD per EUR) make EUR 1 billion USD 1.159 to 1.168 billion, which is
`USD 1.16 billion` or `USD 1.17 billion` written to two decimals (and
`USD 1.2 billion`, as the source prints it, to one).

## Fix
Compare both figures with the source. If it converted at a rate older than
the window, set `equivalent.conversion_date` or a wider
`equivalent.conversion_window`; if the source itself rounded or converted
oddly, keep its figures and add `allow: [{rule:
currency/equivalent-rounding, reason: ...}]`.
"#,
};

pub struct EquivalentRounding;

/// The longest window a claim or the configuration may ask for.
pub const MAX_WINDOW_DAYS: u32 = 366;

/// What the writer may have converted: the printed figure, or for
/// `at_least` / `at_most` up to one unit of its last digit beyond it.
fn printed(a: &Amount, bound: Bound) -> Option<Interval> {
    let n = a.number();
    let p = n.value()?;
    let unit = n.half_ulp()?.checked_mul(Decimal::TWO)?;
    Some(match bound {
        Bound::Exact | Bound::Approx => Interval::point(p),
        Bound::AtLeast => Interval::new(p, p.checked_add(unit)?),
        Bound::AtMost => Interval::new(p.checked_sub(unit)?.max(Decimal::ZERO), p),
    })
}

/// The (printed, written) pairs to compare: one for a single figure, one
/// per end for a range restated as a range. `None` when the two do not
/// pair up (a range against a single figure).
fn pairs(value: &Value, bound: Bound, equivalent: &Value) -> Option<([(Interval, Interval); 2], usize)> {
    let (va, vb) = value.ends()?;
    let (ea, eb) = equivalent.ends()?;
    let single = |x: &Amount, y: &Amount| x == y;
    if single(va, vb) != single(ea, eb) {
        return None;
    }
    let first = (printed(va, bound)?, Interval::written(ea.number())?);
    if single(va, vb) {
        return Some(([first, first], 1));
    }
    Some(([first, (printed(vb, bound)?, Interval::written(eb.number())?)], 2))
}

/// Whether one of `rates` (units of the equivalent's currency per unit of
/// the value's) turns the printed value into the equivalent as written.
/// `None` when the figures cannot be compared.
pub fn converts(value: &Value, bound: Bound, equivalent: &Value, rates: &[Decimal]) -> Option<bool> {
    let (pairs, n) = pairs(value, bound, equivalent)?;
    let pairs = &pairs[..n];
    Some(rates.iter().any(|r| pairs.iter().all(|(p, e)| p.scale(*r).is_some_and(|x| x.intersects(&widened(e))))))
}

/// A written equivalent's interval, widened by 10^-20 of its size. A cross
/// rate is a quotient cut at 28 digits (EUR per CHF is 1 / 0.992 =
/// 1.00806451612903225806...), so a conversion that lands exactly on a
/// half unit of the written figure (CHF 34.1 at 0.992 CHF per EUR is EUR
/// 34.375, written `EUR 34.38`) can come out a hair under it. Written
/// figures have at most 15 significant digits, so the slack never admits a
/// figure that is off by a written unit.
fn widened(e: &Interval) -> Interval {
    let size = e.hi.map_or(e.lo.abs(), |h| h.abs().max(e.lo.abs()));
    let slack = size.checked_mul(Decimal::new(1, 20)).unwrap_or_default();
    Interval { lo: e.lo.checked_sub(slack).unwrap_or(e.lo), hi: e.hi.map(|h| h.checked_add(slack).unwrap_or(h)) }
}

/// The cross rates published in the `days` up to and including `date`,
/// oldest first; with none, the latest within the usual 7 days before.
pub fn window_rates(rates: &Rates, from: CurrencyCode, to: CurrencyCode, date: Date, days: u32) -> Vec<Rate> {
    let days = days.clamp(1, MAX_WINDOW_DAYS) as i64;
    let first = date.minus_days(days - 1);
    let mut out: Vec<Rate> = Vec::new();
    let mut day = date;
    for _ in 0..days {
        if let Some(r) = rates.cross(from, to, day)
            && r.date >= first
            && out.last().is_none_or(|l| l.date != r.date)
        {
            out.push(r);
        }
        day = day.pred();
    }
    if out.is_empty() {
        out.extend(rates.cross(from, to, date));
    }
    out.reverse();
    out
}

/// `x` in the units and precision of a written number: 1155300000 like
/// `1.2 billion` is `1.2`.
fn rounded_like(x: Decimal, like: &Number) -> Option<Decimal> {
    let mut v = x;
    for _ in 0..like.scale.map_or(0, |s| s.exponent()) {
        v = v.checked_div(Decimal::TEN)?;
    }
    Some(v.round_dp(like.digits.scale()))
}

impl Rule for EquivalentRounding {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let Some(rates) = &cx.ds.rates else { return };
        for conv in &cx.conversions {
            let (Some((date, how)), Some(rate)) = (conv.date, conv.rate) else { continue };
            // One defect, one finding: the interval rule has spoken.
            if conv.implied.is_some_and(|i| !i.contains(rate.value)) {
                continue;
            }
            let (c, eq, from, to) = (&cx.ds.claims[conv.claim], conv.eq, conv.from, conv.to);
            // The rate of the day is always one of the window's (see
            // `window_rates`): when it converts, the window does, and the
            // window's other days need not be looked up.
            if converts(&c.value, c.bound, &eq.value, &[rate.value]) != Some(false) {
                continue;
            }
            let days = eq.conversion_window.unwrap_or(cx.conversion_window_days).clamp(1, MAX_WINDOW_DAYS);
            let window = window_rates(rates, from, to, date, days);
            let values: Vec<Decimal> = window.iter().map(|r| r.value).collect();
            if converts(&c.value, c.bound, &eq.value, &values) != Some(false) {
                continue;
            }
            let (Some(lo), Some(hi)) = (window.iter().map(|r| r.value).min(), window.iter().map(|r| r.value).max()) else { continue };
            let (Some(first), Some(last)) = (window.first(), window.last()) else { continue };
            let dates = if first.date == last.date { format!("of {}", first.date) } else { format!("of {} to {}", first.date, last.date) };
            let rate_text = if lo == hi {
                format!("{} {to} per {from}", show(lo, 4))
            } else {
                format!("{} to {} {to} per {from}", show(lo, 4), show(hi, 4))
            };
            // What the printed figure becomes at those rates, as written.
            let Some((va, _)) = c.value.ends() else { continue };
            let Some((ea, _)) = eq.value.ends() else { continue };
            let like = ea.number();
            let Some(span) = printed(va, c.bound).and_then(|p| Some(Interval::new(p.lo.checked_mul(lo)?, p.hi?.checked_mul(hi)?))) else {
                continue;
            };
            let (Some(a), Some(b)) = (rounded_like(span.lo, like), span.hi.and_then(|h| rounded_like(h, like))) else { continue };
            let word = like.scale.map(|s| format!(" {}", s.word())).unwrap_or_default();
            let becomes = if a == b { format!("`{to} {a}{word}`") } else { format!("`{to} {a}{word}` to `{to} {b}{word}`") };
            let range_note = if c.value.ends().is_some_and(|(x, y)| x != y) { " (its low end)" } else { "" };
            let n = va.number();
            let printed_text = match (c.bound, printed(va, c.bound)) {
                (Bound::AtLeast | Bound::AtMost, Some(p)) => format!(
                    "`{va}` ({}: {from} {} to {})",
                    if c.bound == Bound::AtLeast { "at_least" } else { "at_most" },
                    show_like(p.lo, n),
                    p.hi.map_or_else(String::new, |h| show_like(h, n)),
                ),
                _ => format!("`{va}`"),
            };
            out.push(
                Diagnostic::new(
                    RULE.code,
                    RULE.severity,
                    c.at("equivalent.value"),
                    format!(
                        "{printed_text}{range_note} at the ECB rates {dates} ({rate_text}) is {becomes} when written to the digits of the stated `{}`; the conversion date is {how}, the window the {days} days up to it",
                        eq.value
                    ),
                )
                .related(c.at("value"), format!("the amount converted, as printed: {}", c.value))
                .help("check the equivalent against the quote: a writer converts the figure they print; if the source converted at an older rate, set `equivalent.conversion_date` or a wider `equivalent.conversion_window` (days); if the source itself rounded oddly, add an `allow` with the reason")
                .record(c.id.as_str()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn v(s: &str) -> Value {
        s.parse().unwrap()
    }
    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn the_four_real_pairs_convert_and_moved_ones_do_not() {
        // USD per EUR around 2025-10-28, and EUR per USD around 2024-03-28.
        let usd_per_eur = [d("1.1587"), d("1.163"), d("1.1681")];
        let eur_per_usd: Vec<Decimal> = [d("1.0811"), d("1.0925")].iter().map(|r| Decimal::ONE / r).collect();
        assert_eq!(converts(&v("EUR 1 billion"), Bound::Exact, &v("USD 1.2 billion"), &usd_per_eur), Some(true));
        assert_eq!(converts(&v("EUR 1.5 billion"), Bound::Approx, &v("USD 1.7 billion"), &usd_per_eur), Some(true));
        assert_eq!(converts(&v("USD 1.3 billion"), Bound::Approx, &v("EUR 1.2 billion"), &eur_per_usd), Some(true));
        assert_eq!(converts(&v("EUR 50 million"), Bound::AtLeast, &v("USD 54.26 million"), &[d("1.0811")]), Some(true));
        for moved in ["USD 1.32 billion", "USD 1.08 billion", "USD 1.3 billion"] {
            assert_eq!(converts(&v("EUR 1 billion"), Bound::Exact, &v(moved), &usd_per_eur), Some(false), "{moved}");
        }
        for moved in ["EUR 1.32 billion", "EUR 1.08 billion"] {
            assert_eq!(converts(&v("USD 1.3 billion"), Bound::Approx, &v(moved), &eur_per_usd), Some(false), "{moved}");
        }
        for moved in ["USD 1.87 billion", "USD 1.53 billion"] {
            assert_eq!(converts(&v("EUR 1.5 billion"), Bound::Approx, &v(moved), &usd_per_eur), Some(false), "{moved}");
        }
        for moved in ["USD 59.69 million", "USD 48.83 million"] {
            assert_eq!(converts(&v("EUR 50 million"), Bound::AtLeast, &v(moved), &[d("1.0811")]), Some(false), "{moved}");
        }
        // Ranges convert end by end; a range against one figure is not compared.
        assert_eq!(converts(&v("EUR 1 to 1.5 billion"), Bound::Exact, &v("USD 1.2 to 1.7 billion"), &usd_per_eur), Some(true));
        assert_eq!(converts(&v("EUR 1 to 1.5 billion"), Bound::Exact, &v("USD 1.2 to 1.9 billion"), &usd_per_eur), Some(false));
        assert_eq!(converts(&v("EUR 1 to 1.5 billion"), Bound::Exact, &v("USD 1.2 billion"), &usd_per_eur), None);
    }

    #[test]
    fn at_most_extends_below_only() {
        let r = [d("2")];
        assert_eq!(converts(&v("EUR 10 million"), Bound::AtMost, &v("USD 19 million"), &r), Some(true));
        assert_eq!(converts(&v("EUR 10 million"), Bound::AtMost, &v("USD 21 million"), &r), Some(false));
        assert_eq!(converts(&v("EUR 10 million"), Bound::AtLeast, &v("USD 19 million"), &r), Some(false));
    }

    #[test]
    fn a_conversion_on_a_half_unit_is_written_either_way() {
        // 34.1 / 0.992 = 34.375 exactly; the cross rate 1 / 0.992 is cut at
        // 28 digits, so 34.1 times it is a hair under 34.375.
        let eur_per_chf = [Decimal::ONE / d("0.992")];
        assert_eq!(converts(&v("CHF 34.1 million"), Bound::Exact, &v("EUR 34.38 million"), &eur_per_chf), Some(true));
        assert_eq!(converts(&v("CHF 34.1 million"), Bound::Exact, &v("EUR 34.37 million"), &eur_per_chf), Some(true));
        assert_eq!(converts(&v("CHF 34.1 million"), Bound::Exact, &v("EUR 34.39 million"), &eur_per_chf), Some(false));
        assert_eq!(converts(&v("CHF 34.1 million"), Bound::Exact, &v("EUR 34.36 million"), &eur_per_chf), Some(false));
    }

    #[test]
    fn figures_are_shown_at_the_written_precision() {
        let n = *v("USD 1.2 billion").ends().unwrap().0.number();
        assert_eq!(rounded_like(d("1163000000"), &n), Some(d("1.2")));
        let n = *v("USD 54.26 million").ends().unwrap().0.number();
        assert_eq!(rounded_like(d("54055000"), &n), Some(d("54.06")));
    }
}
