//! `allow/too-broad`: one suppression silences findings at several places
//! of its record.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "allow/too-broad",
    severity: Severity::Warning,
    summary: "a suppression silences findings at more than one place of its record",
    docs: r#"## What it checks
That every `allow` entry silences findings at one place of its record: one
field (`value`, `equivalent.value`, `citations[1].quote`). An entry without
`on:` covers its rule anywhere on the record; when the rule reports at two
fields, the one entry hides both, including a finding nobody has looked at.

## Why
A suppression is written for one finding, with a reason that is true of
that finding. Acknowledging `citation/quote-missing-value` for a converted
equivalent that the source does not print also hid a wrong main value
(`EUR 12 million` against a quote of €120 million): the reason was true of
the equivalent and false of the value.

## Example
```yaml
    value: GBP 10 million          # the quote says £100 million
    equivalent:
      value: EUR 11.7 million      # converted by us, not in the quote
    citations:
      - quote: "Albania spent £100 million"
    allow:
      - rule: citation/quote-missing-value
        reason: the source gives no euro amount; the equivalent is ours
```

## Fix
Name the field the reason is about with `on:`:
```yaml
    allow:
      - rule: citation/quote-missing-value
        on: equivalent
        reason: the source gives no euro amount; the equivalent is ours
```
then fix (or acknowledge, in an entry of its own) the other finding.
"#,
};

pub struct TooBroad;

impl Rule for TooBroad {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn late(&self) -> bool {
        true
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let Some(usage) = cx.used_allows else { return };
        for a in super::all_allows(cx) {
            let Some(places) = usage.matched.get(&(a.owner.0, a.owner.1, a.index)) else { continue };
            let mut distinct: Vec<&str> = places.iter().map(String::as_str).collect();
            distinct.sort_unstable();
            distinct.dedup();
            if distinct.len() < 2 {
                continue;
            }
            let shown: Vec<String> = distinct.iter().map(|p| super::show_place(p)).collect();
            let first = distinct.iter().find(|p| !p.is_empty() && !p.starts_with('#')).copied();
            let help = match first {
                Some(p) => format!(
                    "name the one field the reason is about (`on: {p}`), and fix the other findings or acknowledge each in an entry of its own, with a reason true of it"
                ),
                None => "fix the other findings, or acknowledge each in an entry of its own, with a reason true of it".to_string(),
            };
            out.push(
                Diagnostic::new(
                    RULE.code,
                    RULE.severity,
                    a.anchor,
                    format!(
                        "the suppression of `{}` on `{}` silences {} findings, at {}: one entry should acknowledge one finding",
                        a.allow.rule,
                        a.record,
                        places.len(),
                        shown.join(" and ")
                    ),
                )
                .help(help)
                .record(a.record),
            );
        }
    }
}
