//! `time/cited-after-citing`: a reference dated after the document citing it.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "time/cited-after-citing",
    severity: Severity::Error,
    summary: "a reference is dated after the document that cites it",
    docs: r#"## What it checks
For each reference with `cited_in`, its earliest possible `published` day
and its `accessed` date are not after the latest day the citing document
can have been published (its date, or the `not_after` of its bounds).

## Why
A document cannot cite what did not exist yet. Either the reference's date
is misprinted, or the citing document's date is wrong.

## Example
```yaml
  - id: paper-note-21
    published: 2033-05-18
    cited_in: {source: paper-wb-security-2025, note: 21}
```
while the paper was published not after 2026-11-22.

## Fix
Correct a mistyped date in the data. If the source prints it, keep it as
printed and add an `allow` whose reason says what was probably meant.
"#,
};

pub struct CitedAfterCiting;

impl Rule for CitedAfterCiting {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        for s in &cx.ds.sources {
            let Some(ci) = &s.cited_in else { continue };
            let Some(citing) = cx.ix.source(cx.ds, &ci.source) else { continue };
            let Some(limit) = citing.published.and_then(|p| p.latest()) else { continue };
            let dates = [("published", s.published.and_then(|p| p.earliest())), ("accessed", s.accessed)];
            for (field, d) in dates {
                let Some(d) = d else { continue };
                if d <= limit {
                    continue;
                }
                let what = if field == "published" { "is dated" } else { "was accessed on" };
                out.push(
                    Diagnostic::new(
                        RULE.code,
                        RULE.severity,
                        s.at(field),
                        format!(
                            "`{}` {what} {d}, after `{}` (which cites it in note {}) was published (by {limit})",
                            s.id, citing.id, ci.note
                        ),
                    )
                    .related(citing.at("published"), format!("`{}` published by {limit}", citing.id))
                    .help("correct a mistyped date; if the source prints it, keep it and add an `allow` saying what was probably meant")
                    .record(s.id.as_str()),
                );
            }
        }
    }
}
