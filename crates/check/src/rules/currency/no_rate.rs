//! `currency/no-rate`: no reference rate for a stated equivalent.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rates::MAX_RATE_AGE_DAYS;
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "currency/no-rate",
    severity: Severity::Warning,
    summary: "no reference rate for that pair and date",
    docs: r#"## What it checks
For each claim with an `equivalent` in another currency, that the reference
rates in `dataset/reference/` have a rate for both currencies on the
conversion date or within 7 days before it.

## Why
Without a rate the equivalent cannot be verified, so
`currency/equivalent-mismatch` stays silent about it. The warning says so
instead of letting the check look complete.

## Example
```yaml
    value: RSD 50 billion
    equivalent: {value: EUR 427 million}
```
The ECB publishes no dinar rate.

## Fix
Refresh the rates (`cargo xtask fx-update --from FILE`) if the date is
newer than the file; for currencies the ECB does not publish, accept the
warning with an `allow` that says so.
"#,
};

pub struct NoRate;

impl Rule for NoRate {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        // Without a rates file `currency/rates-file` has said so once.
        if cx.ds.rates.is_none() {
            return;
        }
        for conv in &cx.conversions {
            let (c, eq, from, to) = (&cx.ds.claims[conv.claim], conv.eq, conv.from, conv.to);
            let Some((date, how)) = conv.date else {
                out.push(
                    Diagnostic::new(
                        RULE.code,
                        RULE.severity,
                        c.at("equivalent"),
                        format!("`{}` has no conversion date: neither `conversion_date` nor a dated citing source", c.id),
                    )
                    .help("set `equivalent.conversion_date`, or give the cited source a published date")
                    .record(c.id.as_str()),
                );
                continue;
            };
            if conv.rate.is_some() {
                continue;
            }
            let missing: Vec<String> = [from, to]
                .into_iter()
                .filter(|cur| cx.ds.rates.as_ref().is_none_or(|r| r.per_eur(*cur, date).is_none()))
                .map(|c| c.to_string())
                .collect();
            if missing.is_empty() {
                continue;
            }
            let msg = format!(
                "no ECB reference rate for {} on {date} or the {MAX_RATE_AGE_DAYS} days before ({how}), so `{}` = `{}` cannot be checked",
                missing.join(" and "),
                c.value,
                eq.value
            );
            out.push(
                Diagnostic::new(RULE.code, RULE.severity, c.at("equivalent.value"), msg)
                    .help("refresh the rates with `cargo xtask fx-update --from FILE`, or accept with an `allow` when the ECB publishes no such rate")
                    .record(c.id.as_str()),
            );
        }
    }
}
