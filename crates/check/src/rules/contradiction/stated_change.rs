//! `contradiction/stated-change`: a stated change that disagrees with the
//! amounts of the two periods.

use rust_decimal::Decimal;
use wbd_schema::{Bound, ChangeBy, Status};

use super::{ACKNOWLEDGE, Buckets, CHANGE, ENDS, Metrics, Reading, describe, describe_in, hull, read};
use crate::diagnostic::{Diagnostic, Severity};
use crate::interval::{Interval, show};
use crate::model::Dataset;
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "contradiction/stated-change",
    severity: Severity::Error,
    summary: "a stated change disagrees with the amounts of the two periods",
    docs: r#"## What it checks
A claim with `change: {by, since}` against the claim for the same subject,
metric and scope in the period `since`. From the two values' intervals it
works out every change they allow: `+N %` is (later / earlier − 1) × 100,
`+N pp` is later − earlier (for percentages), `xN` is later / earlier. The
stated change stands for its written digits plus or minus half a unit of
the last digit (`+8.7 %` is 8.65 to 8.75), widened by the metric's approx
tolerance when the claim's bound is `approx`. The two must overlap. When
several claims give the earlier value, the ones citing a source the claim
cites are used (the source's own arithmetic); otherwise reported ones, and
any of them may fit. Amounts in different currencies are not compared.

## Why
"EUR 1.63 billion in 2024, 20 % more than the year before" next to "about
EUR 1.5 billion in 2023" cannot both be right: the two amounts allow a rise
of about −0.2 % to +18.7 %, not 20 %. Usually a figure, a sign or the
`since` period was entered wrongly.

## Example
```yaml
  - id: almanac-rs-budget-2023
    subject: rs
    metric: military-expenditure
    period: 2023
    value: EUR 1.5 billion
    bound: approx
  - id: almanac-rs-budget-2024
    subject: rs
    metric: military-expenditure
    period: 2024
    value: EUR 1.63 billion
    change: {by: +20 %, since: 2023}
```

## Fix
Check the change, its sign and `since` against the quote, and both amounts
against theirs. If the source's own arithmetic is wrong, record it as
printed and acknowledge it with `conflicts_with` naming the earlier claim,
with a note.
"#,
};

pub struct StatedChange;

impl Rule for StatedChange {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check<'a>(&self, cx: &Context<'a>, out: &mut Vec<Diagnostic>) {
        let ds: &'a Dataset = cx.ds;
        let keys = &cx.keys;
        if !keys.claims.iter().any(|k| k.has(CHANGE)) {
            return;
        }
        // Amounts by (subject, metric, period, scope): the claims' cells.
        let mut members: Vec<(u32, u32)> = Vec::new();
        for (i, k) in keys.claims.iter().enumerate() {
            if k.has(ENDS) {
                members.push((k.cell, i as u32));
            }
        }
        let buckets = Buckets::new(keys.cells.len(), &members);
        drop(members);
        let metrics = Metrics::new(cx);
        for (i, k) in keys.claims.iter().enumerate() {
            if !k.has(CHANGE) {
                continue;
            }
            let c = &ds.claims[i];
            let Some(change) = &c.change else { continue };
            // A fall of 100 % or more is `schema/constraint`'s finding.
            if !change.by.is_possible() {
                continue;
            }
            let [subject, metric, _, scope] = keys.cells[k.cell as usize];
            let Some(g) = keys.find_cell(i, subject, metric, &change.since, scope) else { continue };
            let prev = buckets.get(g);
            let Some(cur) = read(cx, &metrics, i) else { continue };
            // A share's earlier value is a share of the same whole.
            let whole = keys.whole_of(i);
            let same_whole = |j: &u32| *j as usize != i && keys.whole_of(*j as usize) == whole;
            let cites = |j: &u32| ds.claims[*j as usize].citations.iter().any(|p| c.citations.iter().any(|q| q.source == p.source));
            let reported = |j: &u32| keys.claims[*j as usize].status == Status::Reported;
            // The earlier values: those from a source the claim cites (the
            // source's own arithmetic), else the reported ones, else all.
            let pick: &dyn Fn(&u32) -> bool = if prev.iter().filter(|j| same_whole(j)).any(cites) {
                &cites
            } else if prev.iter().filter(|j| same_whole(j)).any(reported) {
                &reported
            } else {
                &|_| true
            };
            let earlier = || {
                prev.iter()
                    .filter(|j| same_whole(j) && pick(j))
                    .filter_map(|&j| read(cx, &metrics, j as usize))
                    .filter(|r| r.unit == cur.unit)
            };
            let Some(prev_iv) = hull(earlier().map(|r| r.iv)) else { continue };
            let Some(implied) = implied(&change.by, &prev_iv, &cur.iv) else { continue };
            let approx = (c.bound == Bound::Approx).then(|| metrics.approx(metric));
            let Some(stated) = stated(&change.by, approx) else { continue };
            if implied.intersects(&stated) {
                continue;
            }
            let earlier: Vec<Reading> = earlier().collect();
            let earlier_text: Vec<String> = earlier.iter().map(|r| describe_in(cx, r)).collect();
            let message = format!(
                "`{}` states a change of {} since {} ({}), but the amounts allow only {}: {} for {} and {} for {}",
                c.id,
                change.by,
                change.since,
                fmt_change(&change.by, &stated),
                fmt_change(&change.by, &implied),
                earlier_text.join(" or "),
                change.since,
                describe(cx, &cur),
                c.period,
            );
            let mut d = Diagnostic::new(RULE.code, RULE.severity, c.at("change.by"), message)
                .help(format!(
                    "check the change, its sign and `since` against the quote, and both amounts against theirs; if the source's own arithmetic is off, record it as printed and acknowledge it; {ACKNOWLEDGE}"
                ))
                .record(c.id.as_str());
            for r in &earlier {
                let p = &ds.claims[r.claim];
                d = d.related(p.at("value"), format!("`{}` says {} for {}", p.id, p.value, p.period)).other(p.id.as_str());
            }
            out.push(d);
        }
    }
}

/// Every change the two amounts allow, in the stated change's terms:
/// percent for `%`, percentage points for `pp`, a factor for `x`. `None`
/// when it cannot be worked out (an earlier value that may be zero, an
/// open-ended earlier percentage).
pub(crate) fn implied(by: &ChangeBy, prev: &Interval, cur: &Interval) -> Option<Interval> {
    match by {
        ChangeBy::Percent { .. } => {
            let ratio = cur.div(prev)?;
            let lo = (ratio.lo - Decimal::ONE).checked_mul(Decimal::ONE_HUNDRED)?;
            let hi = match ratio.hi {
                Some(h) => Some((h - Decimal::ONE).checked_mul(Decimal::ONE_HUNDRED)?),
                None => None,
            };
            Some(Interval { lo, hi })
        }
        ChangeBy::Points { .. } => {
            let lo = cur.lo.checked_sub(prev.hi?)?;
            let hi = match cur.hi {
                Some(h) => Some(h.checked_sub(prev.lo)?),
                None => None,
            };
            Some(Interval { lo, hi })
        }
        ChangeBy::Times(_) => cur.div(prev),
    }
}

/// What a stated change can mean: its signed digits plus or minus half a
/// unit of the last digit, widened by `approx` percent of each end. `None`
/// when the arithmetic would leave the decimal range.
pub(crate) fn stated(by: &ChangeBy, approx: Option<Decimal>) -> Option<Interval> {
    let (v, h) = (by.signed(), by.half_ulp()?);
    let (mut lo, mut hi) = (v.checked_sub(h)?, v.checked_add(h)?);
    if let Some(p) = approx {
        let f = p.checked_div(Decimal::ONE_HUNDRED)?;
        lo = lo.checked_sub(lo.abs().checked_mul(f)?)?;
        hi = hi.checked_add(hi.abs().checked_mul(f)?)?;
    }
    Some(Interval::new(lo, hi))
}

fn signed(d: Decimal) -> String {
    let s = show(d, 2);
    if d > Decimal::ZERO && s != "0" { format!("+{s}") } else { s }
}

/// A change interval in the change's notation: `+8.65 % to +8.75 %`.
pub(crate) fn fmt_change(by: &ChangeBy, iv: &Interval) -> String {
    let end = |d: Decimal| match by {
        ChangeBy::Percent { .. } => format!("{} %", signed(d)),
        ChangeBy::Points { .. } => format!("{} pp", signed(d)),
        ChangeBy::Times(_) => format!("x{}", show(d, 3)),
    };
    match iv.hi {
        Some(h) => format!("{} to {}", end(iv.lo), end(h)),
        None => format!("{} or more", end(iv.lo)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;
    use wbd_schema::Value;

    fn iv(v: &str, bound: Bound) -> Interval {
        Interval::of_value(&Value::from_str(v).unwrap(), bound, Decimal::from(5)).unwrap()
    }
    fn by(s: &str) -> ChangeBy {
        s.parse().unwrap()
    }

    #[test]
    fn a_rise_of_8_7_percent_fits_about_1_5_to_1_63_billion() {
        let prev = iv("EUR 1.5 billion", Bound::Approx);
        let cur = iv("EUR 1.63 billion", Bound::Exact);
        let i = implied(&by("+8.7 %"), &prev, &cur).unwrap();
        assert!(i.intersects(&stated(&by("+8.7 %"), None).unwrap()));
        assert_eq!(fmt_change(&by("+8.7 %"), &i), "-0.15 % to +18.69 %");
        assert!(!i.intersects(&stated(&by("+20 %"), None).unwrap()));
        assert!(!i.intersects(&stated(&by("-8.7 %"), None).unwrap()));
    }

    #[test]
    fn the_stated_change_has_its_written_precision_and_bound() {
        let s = stated(&by("+8.7 %"), None).unwrap();
        assert_eq!((s.lo, s.hi), (Decimal::from_str("8.65").unwrap(), Some(Decimal::from_str("8.75").unwrap())));
        let s = stated(&by("-2 pp"), Some(Decimal::from(10))).unwrap();
        assert_eq!((s.lo, s.hi), (Decimal::from_str("-2.75").unwrap(), Some(Decimal::from_str("-1.35").unwrap())));
        assert_eq!(fmt_change(&by("-2 pp"), &s), "-2.75 pp to -1.35 pp");
    }

    #[test]
    fn points_and_multiples() {
        // 12 % -> 15 %: +2 to +4 pp (11.5..12.5 to 14.5..15.5).
        let i = implied(&by("+3 pp"), &iv("12 %", Bound::Exact), &iv("15 %", Bound::Exact)).unwrap();
        assert_eq!((i.lo, i.hi), (Decimal::from(2), Some(Decimal::from(4))));
        assert!(!i.intersects(&stated(&by("-3 pp"), None).unwrap()));
        // 100 -> 200 is x2 (199.5/100.5 to 200.5/99.5).
        let i = implied(&by("x2"), &iv("100", Bound::Exact), &iv("200", Bound::Exact)).unwrap();
        assert!(i.intersects(&stated(&by("x2"), None).unwrap()));
        assert!(!i.intersects(&stated(&by("x3"), None).unwrap()));
        // An earlier value that may be zero tells nothing.
        assert!(implied(&by("+5 %"), &iv("0", Bound::AtMost), &iv("7", Bound::Exact)).is_none());
        // An open-ended later value allows any larger rise.
        let i = implied(&by("+50 %"), &iv("100", Bound::Exact), &iv("120", Bound::AtLeast)).unwrap();
        assert!(i.intersects(&stated(&by("+50 %"), None).unwrap()));
    }
}
