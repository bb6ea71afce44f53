//! `contradiction/share-vs-amounts`: a share that disagrees with the part
//! and whole amounts recorded elsewhere.

use rust_decimal::Decimal;
use wbd_schema::Status;

use super::{
    ACKNOWLEDGE, Buckets, ENDS, FastMap, Metrics, NONE, PERCENT, Reading, describe_in, fmt_interval, hull, read, scale_of,
    to_common_currency,
};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Dataset;
use crate::rules::{Context, Rule, RuleInfo};
use crate::series::ClaimKey;

pub static RULE: RuleInfo = RuleInfo {
    code: "contradiction/share-vs-amounts",
    severity: Severity::Error,
    summary: "a share disagrees with the part and whole amounts recorded elsewhere",
    docs: r#"## What it checks
A reported share (a percent claim with `share_of`) whose part and whole are
both recorded as reported claims: the part is the share's subject with the
`share_of` metric and period, the whole is the `share_of` subject, metric and
period. The share (as a fraction, with its written precision and bound)
times the whole's interval must overlap the part's interval. When a part or
whole is recorded by several claims, all of their readings count (the
check is lenient: it fires only when no combination fits). Money in
different currencies is compared in EUR at the ECB rate of the last day of
the `share_of` period.

## Why
"Serbia's USD 0.6 billion of exports were 75 % of the region's USD 1.2
billion" cannot be true: 75 % of 1.2 billion is 0.9 billion. Either a
figure is wrong, or the share is of another whole than `share_of` says.

## Example
```yaml
  - id: almanac-rs-exports-2023
    subject: rs
    metric: arms-exports-value
    period: 2023
    value: USD 0.6 billion
  - id: almanac-wb-exports-2023
    subject: wb-gazette
    metric: arms-exports-value
    period: 2023
    value: USD 1.2 billion
  - id: almanac-rs-share-2023
    subject: rs
    metric: arms-exports-share
    period: 2023
    value: 75 %
    share_of: {subject: wb-gazette, metric: arms-exports-value, period: 2023}
```

## Fix
Check the three figures against their quotes, and that `share_of` names the
whole the source means (its region definition, its year). When the
sources disagree, acknowledge it on the share with `conflicts_with` naming
the part or the whole claim.
"#,
};

pub struct ShareVsAmounts;

impl Rule for ShareVsAmounts {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check<'a>(&self, cx: &Context<'a>, out: &mut Vec<Diagnostic>) {
        let ds: &'a Dataset = cx.ds;
        let keys = &cx.keys;
        let shares: Vec<usize> = keys
            .claims
            .iter()
            .enumerate()
            .filter(|(_, k)| k.whole != NONE && k.status == Status::Reported && k.has(PERCENT))
            .map(|(i, _)| i)
            .collect();
        if shares.is_empty() {
            return;
        }
        // Amounts by (subject, metric, period), as numbers.
        let key = |s: u32, m: u32, p: u32| (u64::from(s) << 32 | u64::from(m), p);
        let is_amount = |k: &ClaimKey| k.status == Status::Reported && k.whole == NONE && k.has(ENDS);
        let mut group_of: FastMap<(u64, u32), u32> =
            FastMap::with_capacity_and_hasher(keys.claims.iter().filter(|k| is_amount(k)).count(), Default::default());
        let mut members: Vec<(u32, u32)> = Vec::new();
        for (i, k) in keys.claims.iter().enumerate() {
            if is_amount(k) {
                let [s, m, p, _] = keys.cells[k.cell as usize];
                let next = group_of.len() as u32;
                members.push((*group_of.entry(key(s, m, p)).or_insert(next), i as u32));
            }
        }
        let amounts = Buckets::new(group_of.len(), &members);
        drop(members);
        let lookup = |s: u32, m: u32, p: u32| group_of.get(&key(s, m, p)).map(|&g| amounts.get(g));
        let metrics = Metrics::new(cx);
        let mut readings: Vec<Reading> = Vec::new();
        for s in shares {
            let sc = &ds.claims[s];
            let w = sc.share_of.as_ref().expect("filtered");
            let k = keys.claims[s];
            let subject = keys.cells[k.cell as usize][0];
            let [ws, wm, wp] = keys.wholes[k.whole as usize];
            let (Some(parts), Some(wholes)) = (lookup(subject, wm, wp), lookup(ws, wm, wp)) else {
                continue;
            };
            if parts.is_empty() || wholes.is_empty() || subject == ws {
                continue;
            }
            let Some(share) = read(cx, &metrics, s) else { continue };
            readings.clear();
            readings.extend(parts.iter().chain(wholes).filter_map(|&i| read(cx, &metrics, i as usize)));
            to_common_currency(cx, &mut readings, w.period.last_day());
            let np = readings.iter().filter(|r| parts.contains(&(r.claim as u32))).count();
            let (part_rs, whole_rs) = readings.split_at(np.min(readings.len()));
            // Compare in the unit of the first part that has a whole in it.
            let Some(unit) = part_rs.iter().map(|r| r.unit).find(|u| whole_rs.iter().any(|r| r.unit == *u)) else { continue };
            let part_rs: Vec<&Reading> = part_rs.iter().filter(|r| r.unit == unit).collect();
            let whole_rs: Vec<&Reading> = whole_rs.iter().filter(|r| r.unit == unit).collect();
            let (Some(part), Some(whole)) = (hull(part_rs.iter().map(|r| r.iv)), hull(whole_rs.iter().map(|r| r.iv))) else { continue };
            let Some(expected) = share.iv.scale(Decimal::new(1, 2)).and_then(|f| f.mul(&whole)) else { continue };
            if expected.intersects(&part) {
                continue;
            }
            let scale = scale_of(&ds.claims[part_rs[0].claim].value);
            let wholes_text: Vec<String> = whole_rs.iter().map(|r| describe_in(cx, r)).collect();
            let parts_text: Vec<String> = part_rs.iter().map(|r| describe_in(cx, r)).collect();
            let message = format!(
                "`{}` gives `{}` {} of the {} of `{}` in {}; with the whole recorded as {} that is {}, but the part is recorded as {}",
                sc.id,
                sc.subject,
                sc.value,
                w.metric,
                w.subject,
                w.period,
                wholes_text.join(" or "),
                fmt_interval(&expected, unit, scale),
                parts_text.join(" or "),
            );
            let mut d = Diagnostic::new(RULE.code, RULE.severity, sc.at("value"), message)
                .help(format!(
                    "check the share, the part and the whole against their quotes, and that `share_of` names the whole the source means; {ACKNOWLEDGE}"
                ))
                .record(sc.id.as_str());
            for (r, what) in part_rs.iter().map(|r| (r, "the part")).chain(whole_rs.iter().map(|r| (r, "the whole"))) {
                let c = &ds.claims[r.claim];
                d = d.related(c.at("value"), format!("{what}: `{}` says {}", c.id, c.value)).other(c.id.as_str());
            }
            out.push(d);
        }
    }
}
