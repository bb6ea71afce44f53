//! `contradiction/change-claim`: a claim of a change metric that disagrees
//! with the amounts it relates, or with the change another claim states.

use wbd_schema::{Bound, ChangeBy, Period, Status};

use super::stated_change::{fmt_change, implied, stated};
use super::{ACKNOWLEDGE, Buckets, ENDS, Metrics, Reading, Unit, describe_in, hull, read};
use crate::diagnostic::{Diagnostic, Severity};
use crate::interval::DEFAULT_APPROX_PERCENT;
use crate::model::Dataset;
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "contradiction/change-claim",
    severity: Severity::Error,
    summary: "a claim of a change metric disagrees with the amounts of the two periods or with the change another claim states",
    docs: r#"## What it checks
A claim whose metric is a change metric (`change_of: military-expenditure`
on the metric) states a relative change in percent of the metric it names,
from an earlier period to a later one: for a year, from the year before
(`period: 2025` is 2024 to 2025); for a range period, from its first end to
its last (`period: 2020..2025` is 2020 to 2025). Other periods (a day, a
month) name no earlier period and are not checked. Two comparisons, both
with the arithmetic of `contradiction/stated-change`:

- against the amounts of the named metric for the same subject and scope
  in the two periods, where both exist: the change they allow must meet the
  claim's value (its written precision, widened by its bound). When several
  claims give an amount, the ones citing a source the change claim cites
  are used, otherwise those of the change claim's status (reported ones for
  the earlier period), otherwise all, and any of them may fit;
- against a `change: {by: +N %, since}` stated on a claim of the named
  metric for the same subject, scope and later period with the same earlier
  period: the two stated changes must overlap.

Status is not a reason to skip: a stated change is a source's own
arithmetic about the amounts it gives, planned or not.

## Why
"A planned budget of EUR 1.8 billion for 2025 (approximately +10 %)" and "a
projected increase of 18.2 %" for the same year cannot both describe the
2025 budget against 2024's EUR 1.63 billion: one of them is about another
base, another year or another figure, and a reader needs to know which.

## Example
```yaml
  - id: almanac-rs-budget-2025
    subject: rs
    metric: military-expenditure
    period: 2025
    value: EUR 1.8 billion
    change: {by: +10 %, since: 2024}
  - id: almanac-rs-budget-change-2025
    subject: rs
    metric: military-expenditure-change
    period: 2025
    value: 18.2 %
```

## Fix
Check the change and the period against the quote: a change against
another base year is recorded with a range period (`2023..2025`). If the
sources (or one source) really give inconsistent figures, keep them and
acknowledge it on the change claim with `conflicts_with: [{claim: OTHER-ID,
note: ...}]`, the note saying which figure is right as far as is known.
"#,
};

pub struct ChangeClaim;

/// The earlier and later periods a change claim relates.
pub(crate) fn change_periods(p: &Period) -> Option<(Period, Period)> {
    match *p {
        Period::Year(y) if y > 1 => Some((Period::Year(y - 1), Period::Year(y))),
        Period::Range(a, b) => Some((a.period(), b.period())),
        _ => None,
    }
}

impl Rule for ChangeClaim {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check<'a>(&self, cx: &Context<'a>, out: &mut Vec<Diagnostic>) {
        let ds: &'a Dataset = cx.ds;
        let keys = &cx.keys;
        // Change metric -> the metric it is the change of, with its number
        // if a record names it (the first of a duplicated id wins, as in
        // the index).
        let mut change_of: Vec<Option<(&str, Option<u32>)>> = vec![None; keys.metric_info.len()];
        for m in ds.metrics.iter().rev() {
            let (Some(base), Some(n)) = (m.change_of.as_ref(), keys.metric(m.id.as_str())) else { continue };
            change_of[n as usize] = Some((base.as_str(), keys.metric(base.as_str())));
        }
        let metric_of = |i: usize| keys.cells[keys.claims[i].cell as usize][1];
        if change_of.iter().all(Option::is_none) || !(0..ds.claims.len()).any(|i| change_of[metric_of(i) as usize].is_some()) {
            return;
        }
        let mut is_base = vec![false; change_of.len()];
        for b in change_of.iter().flatten().filter_map(|b| b.1) {
            is_base[b as usize] = true;
        }
        // Amounts of the base metrics by (subject, metric, period, scope):
        // the claims' cells.
        let mut members: Vec<(u32, u32)> = Vec::new();
        for (i, k) in keys.claims.iter().enumerate() {
            if k.status != Status::Disputed && k.has(ENDS) && is_base[metric_of(i) as usize] {
                members.push((k.cell, i as u32));
            }
        }
        let buckets = Buckets::new(keys.cells.len(), &members);
        drop(members);
        let metrics = Metrics::new(cx);
        let percent = ChangeBy::Percent { negative: false, digits: rust_decimal::Decimal::ONE };
        for (i, c) in ds.claims.iter().enumerate() {
            let [subject, metric, _, scope] = keys.cells[keys.claims[i].cell as usize];
            let Some((base, base_n)) = change_of[metric as usize] else { continue };
            if c.status == Status::Disputed {
                continue;
            }
            let Some((since, to)) = change_periods(&c.period) else { continue };
            let Some(stated_here) = read(cx, &metrics, i).filter(|r| r.unit == Unit::Percent) else { continue };
            let whole = keys.whole_of(i);
            let bucket =
                |p: Period| -> &[u32] { base_n.and_then(|b| keys.find_cell(i, subject, b, &p, scope)).map_or(&[], |g| buckets.get(g)) };
            let same_whole = |j: &u32| keys.whole_of(*j as usize) == whole;

            // Against a change stated on a claim of the base metric.
            for &j in bucket(to).iter().filter(|j| same_whole(j)) {
                let a = &ds.claims[j as usize];
                let Some(ch) = &a.change else { continue };
                if ch.since != since || !matches!(ch.by, ChangeBy::Percent { .. }) {
                    continue;
                }
                let approx = (a.bound == Bound::Approx).then(|| base_n.map_or(DEFAULT_APPROX_PERCENT, |b| metrics.approx(b)));
                let Some(theirs) = stated(&ch.by, approx) else { continue };
                if theirs.intersects(&stated_here.iv) {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        RULE.code,
                        RULE.severity,
                        c.at("value"),
                        format!(
                            "`{}` says the {} of `{}` changed by {} from {since} to {to} ({}), but `{}` states {} since {since} for {to} ({}): the two changes have no value in common",
                            c.id,
                            base,
                            c.subject,
                            c.value,
                            fmt_change(&percent, &stated_here.iv),
                            a.id,
                            ch.by,
                            fmt_change(&ch.by, &theirs),
                        ),
                    )
                    .related(a.at("change.by"), format!("`{}` states {} since {since}", a.id, ch.by))
                    .help(format!(
                        "check both changes and their periods against the quotes (a change against another base year is recorded with a range period, e.g. `{}..{to}`); {ACKNOWLEDGE}",
                        since_before(&since)
                    ))
                    .record(c.id.as_str())
                    .other(a.id.as_str()),
                );
            }

            // Against the amounts of the two periods.
            let cites = |j: &u32| ds.claims[*j as usize].citations.iter().any(|p| c.citations.iter().any(|q| q.source == p.source));
            let pick = |items: &[u32], fallback: Status| -> Vec<Reading<'a>> {
                let items: Vec<u32> = items.iter().copied().filter(|j| same_whole(j)).collect();
                let chosen: Vec<u32> = if items.iter().any(cites) {
                    items.iter().copied().filter(cites).collect()
                } else if items.iter().any(|j| ds.claims[*j as usize].status == fallback) {
                    items.iter().copied().filter(|j| ds.claims[*j as usize].status == fallback).collect()
                } else {
                    items
                };
                chosen.into_iter().filter_map(|j| read(cx, &metrics, j as usize)).collect()
            };
            let later = pick(bucket(to), c.status);
            let Some(unit) = later.first().map(|r| r.unit) else { continue };
            let later: Vec<Reading> = later.into_iter().filter(|r| r.unit == unit).collect();
            let earlier: Vec<Reading> = pick(bucket(since), Status::Reported).into_iter().filter(|r| r.unit == unit).collect();
            let (Some(prev), Some(cur)) = (hull(earlier.iter().map(|r| r.iv)), hull(later.iter().map(|r| r.iv))) else { continue };
            let Some(allowed) = implied(&percent, &prev, &cur) else { continue };
            if allowed.intersects(&stated_here.iv) {
                continue;
            }
            let list = |rs: &[Reading]| rs.iter().map(|r| describe_in(cx, r)).collect::<Vec<_>>().join(" or ");
            let mut d = Diagnostic::new(
                RULE.code,
                RULE.severity,
                c.at("value"),
                format!(
                    "`{}` says the {} of `{}` changed by {} from {since} to {to} ({}), but the amounts allow only {}: {} for {since} and {} for {to}",
                    c.id,
                    base,
                    c.subject,
                    c.value,
                    fmt_change(&percent, &stated_here.iv),
                    fmt_change(&percent, &allowed),
                    list(&earlier),
                    list(&later),
                ),
            )
            .help(format!(
                "check the change and its period against the quote, and both amounts against theirs (a change against another base year is recorded with a range period, e.g. `{}..{to}`); {ACKNOWLEDGE}",
                since_before(&since)
            ))
            .record(c.id.as_str());
            for r in earlier.iter().chain(&later) {
                let p = &ds.claims[r.claim];
                d = d.related(p.at("value"), format!("`{}` says {} for {}", p.id, p.value, p.period)).other(p.id.as_str());
            }
            out.push(d);
        }
    }
}

/// The year before a period's start, for the help's example of a range.
fn since_before(p: &Period) -> String {
    (p.first_day().year - 1).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_relates_the_year_before_and_a_range_its_ends() {
        let p = |s: &str| s.parse::<Period>().unwrap();
        assert_eq!(change_periods(&p("2025")), Some((p("2024"), p("2025"))));
        assert_eq!(change_periods(&p("2020..2025")), Some((p("2020"), p("2025"))));
        assert_eq!(change_periods(&p("2023-H2..2024-03")), Some((p("2023-H2"), p("2024-03"))));
        assert_eq!(change_periods(&p("2025-01-28")), None);
    }
}
