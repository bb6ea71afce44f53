//! `contradiction/share-sum`: shares of one whole that add up past 100 %.

use rust_decimal::Decimal;
use wbd_schema::Status;

use super::{ACKNOWLEDGE, Buckets, Metrics, NONE, PERCENT, Refine, read};
use crate::diagnostic::{Diagnostic, Severity};
use crate::interval::show;
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "contradiction/share-sum",
    severity: Severity::Error,
    summary: "shares of one whole add up past 100 %",
    docs: r#"## What it checks
Reported claims with a percent value and `share_of`, grouped by the whole
they are a share of (`share_of` subject, metric and period) and by the
claim's own metric. The shares of different subjects cannot add up to
more than 100 %. Each share counts with its lowest reading (`65.79 %` is at
least 65.785 %, `about 60 %` at least 57 % with the default tolerance);
when one subject has several shares, its smallest counts. The finding sits
on the last share of the group, with the others as related places.

## Why
Shares of one whole that add up past the whole are arithmetic nonsense:
one of them was entered wrongly, belongs to another whole (another year,
another region definition), or the sources disagree.

## Example
```yaml
  - id: almanac-rs-share-2023
    subject: rs
    metric: arms-exports-share
    period: 2023
    value: 75 %
    share_of: {subject: wb-gazette, metric: arms-exports-value, period: 2023}
  - id: almanac-al-share-2023
    subject: al
    metric: arms-exports-share
    period: 2023
    value: 35 %
    share_of: {subject: wb-gazette, metric: arms-exports-value, period: 2023}
```

## Fix
Check each share against its quote. Point `share_of` at the whole the
source really means (the region as that source defines it, the right
year). When the sources disagree, acknowledge it on the last claim with
`conflicts_with` naming one of the other shares.
"#,
};

pub struct ShareSum;

impl Rule for ShareSum {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let ds = cx.ds;
        let keys = &cx.keys;
        let metrics = Metrics::new(cx);
        // By the whole (`share_of` subject, metric, period) and the
        // share's own metric; each member is a place in `lows`.
        let mut groups = Refine::new(keys.wholes.len());
        let mut members: Vec<(u32, u32)> = Vec::new();
        let mut lows: Vec<(usize, Decimal)> = Vec::new();
        for (i, k) in keys.claims.iter().enumerate() {
            if k.whole == NONE || k.status != Status::Reported || !k.has(PERCENT) {
                continue;
            }
            let Some(r) = read(cx, &metrics, i) else { continue };
            let g = groups.group(k.whole, u64::from(keys.cells[k.cell as usize][1]));
            members.push((g, lows.len() as u32));
            lows.push((i, r.iv.lo));
        }
        let buckets = Buckets::new(groups.len(), &members);
        let mut g: Vec<(usize, Decimal)> = Vec::new();
        for group in buckets.iter().filter(|g| g.len() > 1) {
            g.clear();
            g.extend(group.iter().map(|&k| lows[k as usize]));
            // The smallest share of each subject counts.
            let subject = |i: usize| keys.cell_of(i)[0];
            g.sort_by(|a, b| subject(a.0).cmp(&subject(b.0)).then(a.1.cmp(&b.1)).then(a.0.cmp(&b.0)));
            g.dedup_by(|b, a| subject(a.0) == subject(b.0));
            if g.len() < 2 {
                continue;
            }
            // They are summed in the order of the subjects' ids. A decimal
            // sum rounds only past 28 digits, so a sum of small shares is
            // the same in any order; others keep that order.
            if !exact_in_any_order(&g) {
                g.sort_by(|a, b| ds.claims[a.0].subject.cmp(&ds.claims[b.0].subject));
            }
            let Some(sum) = g.iter().try_fold(Decimal::ZERO, |s, (_, lo)| s.checked_add(*lo)) else { continue };
            if sum <= Decimal::ONE_HUNDRED {
                continue;
            }
            g.sort_by_key(|(i, _)| *i);
            out.push(diagnostic(cx, &g, sum));
        }
    }
}

/// Whether the sum of the lows is exact whatever their order: every
/// partial sum fits the decimal's 96 bits at the largest scale (below
/// 1000 × 10^12 × 10^10 = 10^25 < 2^96), so none is rounded.
fn exact_in_any_order(g: &[(usize, Decimal)]) -> bool {
    let limit = Decimal::from(1_000_000_000_000i64);
    g.len() <= 1000 && g.iter().all(|(_, lo)| lo.scale() <= 10 && lo.abs() < limit)
}

/// `g`: the counted shares in file order, at least two.
fn diagnostic(cx: &Context, g: &[(usize, Decimal)], sum: Decimal) -> Diagnostic {
    let ds = cx.ds;
    let (last, _) = *g.last().expect("two shares");
    let lc = &ds.claims[last];
    let whole = lc.share_of.as_ref().expect("a share");
    let shares: Vec<String> =
        g.iter().map(|(i, _)| format!("`{}` {} (`{}`)", ds.claims[*i].subject, ds.claims[*i].value, ds.claims[*i].id)).collect();
    let lows: Vec<String> = g.iter().map(|(_, lo)| format!("{} %", show(*lo, 4))).collect();
    let message = format!(
        "the shares of `{}` in the {} of `{}` in {} add up to more than 100 %: {}; even their lowest readings sum to {} % ({})",
        lc.metric,
        whole.metric,
        whole.subject,
        whole.period,
        shares.join(", "),
        show(sum, 4),
        lows.join(" + "),
    );
    let mut d = Diagnostic::new(RULE.code, RULE.severity, lc.at("value"), message)
        .help(format!(
            "check each share against its quote and that `share_of` names the whole the source means (the region as that source defines it, the year); {ACKNOWLEDGE}"
        ))
        .record(lc.id.as_str());
    for (i, _) in &g[..g.len() - 1] {
        let c = &ds.claims[*i];
        d = d.related(c.at("value"), format!("`{}` gives `{}` {}", c.id, c.subject, c.value)).other(c.id.as_str());
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum<'x>(mut it: impl Iterator<Item = &'x (usize, Decimal)>) -> Option<Decimal> {
        it.try_fold(Decimal::ZERO, |s, (_, lo)| s.checked_add(*lo))
    }

    proptest::proptest! {
        /// When `exact_in_any_order` says so, summing in another order
        /// gives the same decimal, scale included.
        #[test]
        fn small_sums_are_the_same_in_any_order(lows in proptest::collection::vec((proptest::prop_oneof![-10i64.pow(13)..10i64.pow(13), proptest::prelude::any::<i64>()], proptest::prop_oneof![0u32..11, 0u32..29]), 2..8)) {
            let g: Vec<(usize, Decimal)> = lows.iter().enumerate().map(|(i, &(m, s))| (i, Decimal::new(m, s))).collect();
            if exact_in_any_order(&g) {
                let (a, b) = (sum(g.iter()), sum(g.iter().rev()));
                proptest::prop_assert_eq!(a.map(|d| (d, d.to_string())), b.map(|d| (d, d.to_string())));
            }
        }
    }
}
