//! `time/future-date`: a date after the document was retrieved.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "time/future-date",
    severity: Severity::Error,
    summary: "a date lies after the date the document was retrieved",
    docs: r#"## What it checks
A source's `published` (its earliest possible day) and `accessed` dates are
not after its `retrieved` date; for a reference, which is not retrieved
itself, the retrieval date of the document citing it (`cited_in`) is used.
"Now" is never the clock: only dates in the data are compared.

## Why
Nothing can have been published or accessed after the maintainers archived
the document that mentions it. Such a date is a typo, in the data or in the
source.

## Example
```yaml
  - id: paper-note-21
    published: 2033-05-18
    cited_in: {source: paper-wb-security-2025, note: 21}
```
The paper was retrieved on 2026-11-22.

## Fix
If the data was mistyped, correct it. If the source prints the impossible
date, keep it as printed and add an `allow` whose reason says what the
source probably meant.
"#,
};

pub struct FutureDate;

impl Rule for FutureDate {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        for s in &cx.ds.sources {
            let retrieved = s.retrieved.map(|d| (d, s.id.as_str())).or_else(|| {
                let c = s.cited_in.as_ref()?;
                let citing = cx.ix.source(cx.ds, &c.source)?;
                citing.retrieved.map(|d| (d, citing.id.as_str()))
            });
            let Some((retrieved, by)) = retrieved else { continue };
            let whose = if by == s.id.as_str() { "it was retrieved".to_string() } else { format!("`{by}`, which cites it, was retrieved") };
            // (field, what the message says of it) for each date after
            // the retrieval.
            let mut late = Vec::new();
            if let Some(p) = s.published
                && let Some(d) = p.earliest().filter(|d| *d > retrieved)
            {
                let shown = match p {
                    wbd_schema::Published::Date(d) => d.to_string(),
                    wbd_schema::Published::Bounds(_) => format!("not before {d}"),
                };
                late.push(("published", format!("is dated {shown}")));
            }
            if let Some(a) = s.accessed.filter(|a| *a > retrieved) {
                late.push(("accessed", format!("was accessed on {a}")));
            }
            for (field, what) in late {
                out.push(
                    Diagnostic::new(RULE.code, RULE.severity, s.at(field), format!("`{}` {what}, after {whose} on {retrieved}", s.id))
                        .help("correct a mistyped date; if the source prints it, keep it and add an `allow` saying what was probably meant")
                        .record(s.id.as_str()),
                );
            }
        }
    }
}
