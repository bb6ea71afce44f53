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
        for c in &cx.ds.claims {
            if c.citations.is_empty() {
                continue;
            }
            let derived: Vec<(&str, &str)> = c
                .citations
                .iter()
                .filter_map(|cit| cx.ix.source(cx.ds, cit.source.as_str()))
                .filter_map(|s| s.derived_from.as_ref().map(|d| (s.id.as_str(), d.as_str())))
                .collect();
            if derived.len() != c.citations.len() {
                continue;
            }
            let (s, d) = derived[0];
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
