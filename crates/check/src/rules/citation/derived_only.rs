//! `citation/derived-only`: a claim rests only on derived sources.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "citation/derived-only",
    severity: Severity::Warning,
    summary: "a claim's only citations are derived sources (summaries)",
    docs: r#"## What it checks
A claim whose every citation is of a source with `derived_from` (a summary
or restatement of another document).

## Why
A summary adds no primary facts: it can only lose or distort what the
original says. The claim should cite the original, with the summary at most
as a second citation.

## Example
```yaml
    citations:
      - source: summary-2024-dw-arms-for-ukraine
```

## Fix
Cite the original (the source named in the summary's `derived_from`) with a
quote from it.
"#,
};

pub struct DerivedOnly;

impl Rule for DerivedOnly {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let mut sources = crate::model::Recent::default();
        for c in &cx.ds.claims {
            if c.citations.is_empty() {
                continue;
            }
            // Reported when every citation's source restates another; the
            // first one is named. (No list: almost every claim cites an
            // original and stops at its first citation.)
            let mut first = None;
            let all_derived = c.citations.iter().all(|cit| {
                let derived = sources
                    .get(&cit.source, |id| cx.ix.source(cx.ds, id))
                    .and_then(|s| s.derived_from.as_ref().map(|d| (s.id.as_str(), d.as_str())));
                first = first.or(derived);
                derived.is_some()
            });
            let (true, Some((s, d))) = (all_derived, first) else { continue };
            out.push(
                Diagnostic::new(
                    RULE.code,
                    RULE.severity,
                    c.at("citations[0].source"),
                    format!("`{}` cites only derived sources: `{s}` restates `{d}`", c.id),
                )
                .help(format!("cite `{d}`, the original, with a quote from it"))
                .record(c.id.as_str()),
            );
        }
    }
}
