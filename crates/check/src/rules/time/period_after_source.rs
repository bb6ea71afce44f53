//! `time/period-after-source`: a reported value for a period that had not
//! ended when its source was published.

use wbd_schema::Status;

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleInfo};

use super::latest_date;

pub static RULE: RuleInfo = RuleInfo {
    code: "time/period-after-source",
    severity: Severity::Error,
    summary: "a reported (not planned or projected) value covers a period that ends after its source was published",
    docs: r#"## What it checks
A claim with `status: reported` (the default) covers a period whose last
day is not after the latest day each cited source can have been published
(or, for a reference with only an access date, accessed). The `via` source
of a relayed figure is held to the same test.

## Why
A document published in March cannot report what was spent over the whole
year: a figure for a period still running is a plan, a budget or a
projection, and must say so, or the period is wrong.

## Example
```yaml
    period: 2025
    value: EUR 0.58 billion
    citations:
      - source: paper-wb-security-2025
        via: paper-note-11        # dated 2024-11-19
```

## Fix
Mark the claim `status: planned` (an adopted budget) or `projected` (an
estimate), or correct the period. A fact the source dates relatively ("this
month", "this year", "this summer") happened within the part of that period
up to the publication day: record that range (`2024-02-01..2024-02-28` for
"this month" in a text of 2024-02-28), not the whole period and not the
publication day alone (see `time/relative-date`). If the source reports the
figure as done (an adopted budget stated in the past tense, relayed from a
note written during the year), keep it and add an `allow` saying so.
"#,
};

/// The help: a plan, or, for a period that was running on the day the
/// source was published, the part of it up to that day.
fn help(first: wbd_schema::Date, limit: wbd_schema::Date) -> String {
    let plan = "mark it `status: planned` or `projected` if the source gives a budget or an estimate, or correct the period";
    if first <= limit {
        format!(
            "{plan}; if the source dates it relatively (\"this month\", \"this year\"), record the part up to the publication day: `period: {first}..{limit}`"
        )
    } else {
        plan.to_string()
    }
}

pub struct PeriodAfterSource;

impl Rule for PeriodAfterSource {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        // The last source looked up and the day it was published by:
        // claims come in files by source, so most look-ups repeat the last.
        let mut last: Option<(&str, Option<wbd_schema::Date>)> = None;
        for c in &cx.ds.claims {
            if c.status != Status::Reported {
                continue;
            }
            let end = c.period.last_day();
            let mut reported = false;
            for (i, cit) in c.citations.iter().enumerate() {
                // The field is named only for a finding.
                let pairs = [(cit.source.as_str(), "source"), (cit.via.as_ref().map_or("", |v| v.as_str()), "via")];
                for (id, key) in pairs {
                    if id.is_empty() || reported {
                        continue;
                    }
                    let limit = match last {
                        Some((seen, limit)) if seen == id => limit,
                        _ => {
                            let limit = cx.ix.source(cx.ds, id).and_then(|s| latest_date(s));
                            last = Some((id, limit));
                            limit
                        }
                    };
                    let Some(limit) = limit else { continue };
                    if end <= limit {
                        continue;
                    }
                    reported = true;
                    let field = format!("citations[{i}].{key}");
                    out.push(
                        Diagnostic::new(
                            RULE.code,
                            RULE.severity,
                            c.at("period"),
                            format!("`{}` reports a value for {} (to {end}), but `{id}` was published by {limit}", c.id, c.period),
                        )
                        .related(c.at(&field), format!("`{id}`"))
                        .help(help(c.period.first_day(), limit))
                        .record(c.id.as_str()),
                    );
                }
            }
        }
    }
}
