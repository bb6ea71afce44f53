//! `contradiction/plan-vs-outcome`: a reported figure far from the planned
//! or projected one for the same period.

use rust_decimal::Decimal;
use wbd_schema::Status;

use super::{ACKNOWLEDGE, Buckets, ENDS, Metrics, Reading, Refine, describe, fmt_interval, read, scale_of, to_common_currency};
use crate::diagnostic::{Diagnostic, Severity};
use crate::interval::Interval;
use crate::model::Dataset;
use crate::rules::{Context, Rule, RuleInfo};

/// How far, in percent of the planned figure, an outcome may lie from its
/// plan before the rule speaks.
pub const PLAN_MARGIN_PERCENT: Decimal = Decimal::from_parts(20, 0, 0, false, 0);

pub static RULE: RuleInfo = RuleInfo {
    code: "contradiction/plan-vs-outcome",
    severity: Severity::Warning,
    summary: "a reported figure differs from the planned or projected one for the same period by more than 20 %",
    docs: r#"## What it checks
A reported claim against a planned or projected claim with the same
subject, metric, period, scope and (for shares) whole, when the metric is
`single_valued: true`. Each value stands for the interval its written
precision and bound allow (as in `contradiction/conflicting-values`); the
plan's interval is then widened by a margin of 20 % of each end. The
reported figure must meet that widened interval: a figure more than 20 %
above or below the plan, beyond what both figures' digits allow, is
reported, naming both claims. Money in different currencies is compared in
EUR at the ECB rate of the period's last day. Planned and projected claims
are not compared with each other, nor disputed claims with anything.

## Why
A budget and what was spent seldom match: supplementary budgets, unspent
procurement and price changes move the outturn, which is why this is a
warning and why there is a margin. But an outturn of EUR 2.8 billion
against a plan of EUR 1.4 billion is not a revision within the year; it is
usually a typo, a different definition (pensions, police, a multi-year
programme) or a different currency, and a reader comparing the two needs to
be told which.

## Example
```yaml
  - id: gazette-si-budget-2025
    subject: si
    metric: military-expenditure
    period: 2025
    value: EUR 1.4 billion
    status: planned
  - id: almanac-si-spending-2025
    subject: si
    metric: military-expenditure
    period: 2025
    value: EUR 2.8 billion
```

## Fix
Check both figures against their quotes. Correct a typo; give the claims
different metrics or scopes when they measure different things. When both
are right (the plan was overrun), keep both and acknowledge it on one of
them with `conflicts_with: [{claim: OTHER-ID, note: ...}]`, the note saying
why the outcome differs from the plan.
"#,
};

pub struct PlanVsOutcome;

impl Rule for PlanVsOutcome {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check<'a>(&self, cx: &Context<'a>, out: &mut Vec<Diagnostic>) {
        let ds: &'a Dataset = cx.ds;
        let keys = &cx.keys;
        let is_plan = |s: Status| matches!(s, Status::Planned | Status::Projected);
        if !keys.claims.iter().any(|k| is_plan(k.status)) {
            return;
        }
        let metrics = Metrics::new(cx);
        // Subject, metric, period and scope (the cell), and for shares the whole.
        let mut groups = Refine::new(keys.cells.len());
        let mut members: Vec<(u32, u32)> = Vec::new();
        for (i, k) in keys.claims.iter().enumerate() {
            if k.status == Status::Disputed || !k.has(ENDS) || !metrics.single_valued(keys.cells[k.cell as usize][1]) {
                continue;
            }
            members.push((groups.group(k.cell, u64::from(k.whole)), i as u32));
        }
        let buckets = Buckets::new(groups.len(), &members);
        let margin = PLAN_MARGIN_PERCENT / Decimal::ONE_HUNDRED;
        let mut readings: Vec<Reading> = Vec::new();
        for group in buckets.iter() {
            let status = |&i: &u32| ds.claims[i as usize].status;
            if !group.iter().any(|i| status(i) == Status::Reported) || !group.iter().any(|i| is_plan(status(i))) {
                continue;
            }
            readings.clear();
            readings.extend(group.iter().filter_map(|&i| read(cx, &metrics, i as usize)));
            let period = ds.claims[group[0] as usize].period;
            to_common_currency(cx, &mut readings, period.last_day());
            for plan in readings.iter().filter(|r| is_plan(ds.claims[r.claim].status)) {
                let Some(allowed) = widen(&plan.iv, margin) else { continue };
                let reported = || readings.iter().filter(|r| r.unit == plan.unit && ds.claims[r.claim].status == Status::Reported);
                // The reported figure that starts highest and the one that
                // ends lowest: if any lies outside the margin, one of these does.
                let high = reported().max_by_key(|r| r.iv.lo);
                let low = reported().filter(|r| r.iv.hi.is_some()).min_by_key(|r| r.iv.hi);
                if let (Some(h), Some(top)) = (high, allowed.hi)
                    && h.iv.lo > top
                {
                    out.push(diagnostic(cx, h, plan, &allowed, "above"));
                }
                if let Some(l) = low
                    && l.iv.hi.is_some_and(|h| h < allowed.lo)
                {
                    out.push(diagnostic(cx, l, plan, &allowed, "below"));
                }
            }
        }
    }
}

/// The plan's interval widened by `margin` (a fraction) of each end.
fn widen(iv: &Interval, margin: Decimal) -> Option<Interval> {
    let lo = iv.lo.checked_sub(iv.lo.abs().checked_mul(margin)?)?;
    let hi = match iv.hi {
        Some(h) => Some(h.checked_add(h.abs().checked_mul(margin)?)?),
        None => None,
    };
    Some(Interval { lo, hi })
}

fn diagnostic(cx: &Context, outcome: &Reading, plan: &Reading, allowed: &Interval, side: &str) -> Diagnostic {
    let ds = cx.ds;
    let (oc, pc) = (&ds.claims[outcome.claim], &ds.claims[plan.claim]);
    let kind = if pc.status == Status::Projected { "projected" } else { "planned" };
    let scope = oc.scope.as_ref().map(|s| format!(" within `{s}`")).unwrap_or_default();
    let message = format!(
        "`{}` reports the {} of `{}`{scope} in {} as {}, more than {} % {side} the {kind} {} in `{}` (a margin of {} % allows {})",
        oc.id,
        oc.metric,
        oc.subject,
        oc.period,
        describe(cx, outcome),
        PLAN_MARGIN_PERCENT,
        describe(cx, plan),
        pc.id,
        PLAN_MARGIN_PERCENT,
        fmt_interval(allowed, plan.unit, scale_of(&pc.value)),
    );
    Diagnostic::new(RULE.code, RULE.severity, oc.at("value"), message)
        .related(pc.at("value"), format!("`{}` gives the {kind} figure {}", pc.id, pc.value))
        .help(format!(
            "check both figures against their sources: a typo, a different definition or scope (then use another metric or scope), a multi-year figure; if the outcome really differs from the plan, {}",
            ACKNOWLEDGE.trim_start_matches("if the sources really disagree, ")
        ))
        .record(oc.id.as_str())
        .other(pc.id.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_margin_widens_both_ends() {
        let iv = Interval::new(Decimal::from(135), Decimal::from(145));
        let w = widen(&iv, PLAN_MARGIN_PERCENT / Decimal::ONE_HUNDRED).unwrap();
        assert_eq!((w.lo, w.hi), (Decimal::from(108), Some(Decimal::from(174))));
        let open = widen(&Interval { lo: Decimal::from(10), hi: None }, Decimal::ONE).unwrap();
        assert_eq!((open.lo, open.hi), (Decimal::ZERO, None));
    }
}
