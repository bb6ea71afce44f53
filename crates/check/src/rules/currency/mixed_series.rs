//! `currency/mixed-series`: one subject-and-metric series switches currency.

use crate::hash::FastMap as HashMap;

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "currency/mixed-series",
    severity: Severity::Warning,
    summary: "one subject and metric series switches currency between periods",
    docs: r#"## What it checks
Money claims are grouped by subject and metric (and scope). When a group
uses more than one currency, each claim in a currency other than the one
most of the series uses (earliest period first on a tie) is reported, with
a claim in that main currency as a related place.

## Why
A series of budgets in euros with one year in dollars cannot be charted or
compared without a conversion that nobody chose on purpose; often the odd
one is a data-entry slip.

## Example
```yaml
  - {id: a, subject: hr, metric: military-expenditure, period: 2023, value: EUR 1.5 billion}
  - {id: b, subject: hr, metric: military-expenditure, period: 2024, value: USD 1.8 billion}
```

## Fix
Record the figure in the currency the source gives. If the source really
switches currency, accept it with an `allow` that says so; publishing gives
every money value an EUR equivalent either way.
"#,
};

pub struct MixedSeries;

impl Rule for MixedSeries {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let claims = &cx.ds.claims;
        let keys = &cx.keys;
        // One pass numbers the series, by (subject, metric, scope) as
        // numbers, and notes which use more than one currency; only those
        // (rare) are gathered and looked at.
        let mut series: HashMap<(u64, u32), u32> = HashMap::default();
        let mut reps = Vec::new();
        let mut first = Vec::new();
        let mut mixed = Vec::new();
        let mut member_of = Vec::with_capacity(claims.len());
        for (i, k) in keys.claims.iter().enumerate() {
            let Some(cur) = k.currency else { continue };
            let [subject, metric, _, scope] = keys.cells[k.cell as usize];
            let next = reps.len() as u32;
            let g = *series.entry(((u64::from(subject) << 32) | u64::from(metric), scope)).or_insert(next) as usize;
            if g == first.len() {
                reps.push(i);
                first.push(cur);
                mixed.push(false);
            } else if first[g] != cur {
                mixed[g] = true;
            }
            member_of.push((g, i));
        }
        let mut groups: HashMap<usize, Vec<usize>> = HashMap::default();
        for &(g, i) in member_of.iter().filter(|(g, _)| mixed[*g]) {
            groups.entry(g).or_default().push(i);
        }
        for (g, members) in groups {
            let rep = &claims[reps[g]];
            let key = (rep.subject.as_str(), rep.metric.as_str());
            let mut counts: HashMap<_, (usize, wbd_schema::Date)> = HashMap::default();
            for i in &members {
                let c = &claims[*i];
                let e = counts.entry(c.value.currency()).or_insert((0, c.period.first_day()));
                e.0 += 1;
                e.1 = e.1.min(c.period.first_day());
            }
            // Ties on count and date fall to the smaller code, so the
            // choice never depends on hash order.
            let main = counts.iter().max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)).then(b.0.cmp(a.0))).and_then(|(c, _)| *c);
            let Some(main) = main else { continue };
            let Some(example) = members.iter().map(|i| &claims[*i]).find(|c| c.value.currency() == Some(main)) else { continue };
            for i in &members {
                let c = &claims[*i];
                let Some(cur) = c.value.currency() else { continue };
                if cur == main {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        RULE.code,
                        RULE.severity,
                        c.at("value"),
                        format!(
                            "the `{}` series of `{}` is in {main}, but `{}` ({}) gives `{}` in {cur}",
                            key.1, key.0, c.id, c.period, c.value
                        ),
                    )
                    .related(example.at("value"), format!("`{}` ({}) is in {main}", example.id, example.period))
                    .help("record the figure in the currency the source gives; if the source switches currency, accept it with an `allow`")
                    .record(c.id.as_str()),
                );
            }
        }
    }
}
