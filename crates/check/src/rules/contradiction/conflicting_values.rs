//! `contradiction/conflicting-values`: two values for one fact that cannot
//! both be true.

use wbd_schema::Status;

use super::{ACKNOWLEDGE, Buckets, ENDS, Metrics, Reading, Refine, Unit, describe, read, to_common_currency};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Dataset;
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "contradiction/conflicting-values",
    severity: Severity::Error,
    summary: "claims about the same subject, metric, period and scope have value intervals with no common point",
    docs: r#"## What it checks
Claims with a numeric value that share subject, metric, period, scope (no
scope is a scope of its own), status and, for shares, the whole in
`share_of`, when the metric is `single_valued: true`. Reported claims are
compared with reported ones, planned with planned and projected with
projected; disputed claims are not compared. (A reported figure against a
planned or projected one is `contradiction/plan-vs-outcome`, a warning
with a margin.) Each value stands for an
interval: the precision it was written with (`EUR 0.5 billion` is 0.45 to
0.55 billion), widened by `bound` (`approx` by the metric's `approx`
tolerance, default 5 %; `at_least` has no upper end; `at_most` starts at
zero). The claims agree when their intervals have a point in common, that
is when the largest lower end is at most the smallest upper end. Money in
different currencies is compared in EUR at the ECB rate of the period's
last day (pairs with no rate are not compared).

When they do not agree, the finding names the claim with the largest lower
end and the one with the smallest upper end: the pair that proves it. With
more than two claims, fixing or acknowledging that pair lets the next one
show.

## Why
A metric with one true value per subject and period cannot have been, say,
both EUR 0.5 billion and EUR 0.7 billion. One of the figures was entered
wrongly, or the sources measure different things (a budget against actual
spending, current against constant prices, a different region), or they
genuinely disagree; each of those needs a decision, not silence. Two plans
for one budget year (EUR 1.4 billion and EUR 2.8 billion) are no less a
contradiction: plans change between drafts, and the record should say which
draft each source gives.

## Example
```yaml
  - id: gazette-al-budget-2023
    subject: al
    metric: military-expenditure
    period: 2023
    value: EUR 0.5 billion
  - id: almanac-al-budget-2023
    subject: al
    metric: military-expenditure
    period: 2023
    value: EUR 0.7 billion
```

## Fix
Check both figures against their quotes and sources. Correct a typo; give
the claims different metrics or scopes when they measure different things;
mark a figure `approx` when the source says "about". When the sources do
disagree, keep both and acknowledge it on one of them:
```yaml
    conflicts_with:
      - claim: gazette-al-budget-2023
        note: the almanac counts pensions, the gazette does not
```
"#,
};

pub struct ConflictingValues;

impl Rule for ConflictingValues {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check<'a>(&self, cx: &Context<'a>, out: &mut Vec<Diagnostic>) {
        let ds: &'a Dataset = cx.ds;
        let metrics = Metrics::new(cx);
        // Subject, metric, period and scope (the claim's cell), status,
        // and for shares the whole (a share of one region's total is
        // another fact than a share of another's).
        let keys = &cx.keys;
        let mut groups = Refine::new(keys.cells.len());
        let mut members: Vec<(u32, u32)> = Vec::new();
        for (i, k) in keys.claims.iter().enumerate() {
            if k.status == Status::Disputed || !k.has(ENDS) || !metrics.single_valued(keys.cells[k.cell as usize][1]) {
                continue;
            }
            let g = groups.group(k.cell, (u64::from(k.status as u8) << 32) | u64::from(k.whole));
            members.push((g, i as u32));
        }
        let buckets = Buckets::new(groups.len(), &members);
        let mut readings: Vec<Reading> = Vec::new();
        for group in buckets.iter().filter(|g| g.len() > 1) {
            readings.clear();
            readings.extend(group.iter().filter_map(|&i| read(cx, &metrics, i as usize)));
            let period = ds.claims[group[0] as usize].period;
            to_common_currency(cx, &mut readings, period.last_day());
            let Some(first) = readings.first().map(|r| r.unit) else { continue };
            if readings.iter().all(|r| r.unit == first) {
                if let Some((high, low)) = proof(readings.iter()) {
                    out.push(diagnostic(cx, &high, &low));
                }
                continue;
            }
            // One comparison per unit (currencies with no rate stay apart).
            let mut units: Vec<Unit> = Vec::new();
            for r in &readings {
                if !units.contains(&r.unit) {
                    units.push(r.unit);
                }
            }
            for unit in units {
                if let Some((high, low)) = proof(readings.iter().filter(|r| r.unit == unit)) {
                    out.push(diagnostic(cx, &high, &low));
                }
            }
        }
    }
}

/// The reading with the largest lower end and the one with the smallest
/// upper end, when the first starts above the end of the second.
fn proof<'r, 'a: 'r>(readings: impl Iterator<Item = &'r Reading<'a>>) -> Option<(Reading<'a>, Reading<'a>)> {
    let mut high: Option<&Reading> = None;
    let mut low: Option<&Reading> = None;
    for r in readings {
        if high.is_none_or(|h| r.iv.lo > h.iv.lo) {
            high = Some(r);
        }
        if let Some(hi) = r.iv.hi
            && low.is_none_or(|l| l.iv.hi.is_some_and(|lh| hi < lh))
        {
            low = Some(r);
        }
    }
    let (high, low) = (high?, low?);
    (high.iv.lo > low.iv.hi?).then_some((*high, *low))
}

fn diagnostic(cx: &Context, high: &Reading, low: &Reading) -> Diagnostic {
    let ds = cx.ds;
    // The finding sits on the later claim; the earlier one is related.
    let (later, earlier) = if high.claim > low.claim { (high, low) } else { (low, high) };
    let (lc, ec) = (&ds.claims[later.claim], &ds.claims[earlier.claim]);
    let scope = lc.scope.as_ref().map(|s| format!(" within `{s}`")).unwrap_or_default();
    let (what, verb) = match lc.status {
        Status::Planned => ("planned ", "is"),
        Status::Projected => ("projected ", "is"),
        _ => ("", "was"),
    };
    let message = format!(
        "`{}` says the {what}{} of `{}`{scope} in {} {verb} {}, but `{}` says {}: the two have no value in common",
        lc.id,
        lc.metric,
        lc.subject,
        lc.period,
        describe(cx, later),
        ec.id,
        describe(cx, earlier),
    );
    let help = if lc.status == Status::Reported {
        format!(
            "check both figures against their sources: a typo, a missing `bound: approx`, or a different definition (then use another metric or scope); {ACKNOWLEDGE}"
        )
    } else {
        format!(
            "check both figures against their sources: a typo, a missing `bound: approx`, or a different definition (then use another metric or scope); plans change between drafts, so when the sources give different drafts say which in the acknowledgement; {ACKNOWLEDGE}"
        )
    };
    Diagnostic::new(RULE.code, RULE.severity, lc.at("value"), message)
        .related(ec.at("value"), format!("`{}` says {}", ec.id, ec.value))
        .help(help)
        .record(lc.id.as_str())
        .other(ec.id.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interval::Interval;
    use rust_decimal::Decimal;

    fn r(claim: usize, lo: i64, hi: Option<i64>) -> Reading<'static> {
        Reading { claim, iv: Interval { lo: Decimal::from(lo), hi: hi.map(Decimal::from) }, unit: Unit::Count, converted: None }
    }

    #[test]
    fn the_proof_is_the_highest_low_against_the_lowest_high() {
        let rs = [r(0, 10, Some(20)), r(1, 15, Some(25)), r(2, 30, None), r(3, 5, Some(12))];
        let (h, l) = proof(rs.iter()).unwrap();
        assert_eq!((h.claim, l.claim), (2, 3));
        // Touching intervals agree; an open top agrees with anything above.
        assert!(proof([r(0, 10, Some(20)), r(1, 20, Some(30))].iter()).is_none());
        assert!(proof([r(0, 10, None), r(1, 20, Some(30))].iter()).is_none());
        assert!(proof([r(0, 10, Some(20))].iter()).is_none());
    }
}
