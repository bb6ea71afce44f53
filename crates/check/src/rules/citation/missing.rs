//! `citation/missing`: a claim cites nothing.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "citation/missing",
    severity: Severity::Error,
    summary: "a claim has no citation",
    docs: r#"## What it checks
Every claim has at least one entry in `citations`.

## Why
The dataset is a set of cited facts. A figure without a source cannot be
checked by a reviewer or trusted by a reader.

## Example
```yaml
  - id: hr-budget-2024
    subject: hr
    metric: military-expenditure
    period: 2024
    value: EUR 1.63 billion
```

## Fix
Add `citations: [{source, locator, quote}]` with the document that states
the figure and a short verbatim quote containing it.
"#,
};

pub struct Missing;

impl Rule for Missing {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        for c in &cx.ds.claims {
            if c.citations.is_empty() {
                out.push(
                    Diagnostic::new(RULE.code, RULE.severity, c.at("id"), format!("the claim `{}` cites no source", c.id))
                        .help("add `citations:` with the source, a locator and a verbatim quote that contains the figure")
                        .record(c.id.as_str()),
                );
            }
        }
    }
}
