//! `allow/unjustified`: a suppression without a reason.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "allow/unjustified",
    severity: Severity::Error,
    summary: "a suppression has no reason",
    docs: r#"## What it checks
That every `allow` entry on a record has a non-empty `reason`.

## Why
A suppression turns a finding into an accepted one. Reviewers and readers
of the published data must be able to see why it was accepted; a bare
`allow` is a finding swept under the carpet.

## Example
```yaml
    allow:
      - rule: time/future-date
```

## Fix
Say why the finding is right to accept, e.g.
`reason: the note prints 2033; recorded as printed, the year is a typo`.
"#,
};

pub struct Unjustified;

impl Rule for Unjustified {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn late(&self) -> bool {
        true
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        for a in super::all_allows(cx) {
            if a.allow.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                out.push(
                    Diagnostic::new(RULE.code, RULE.severity, a.anchor, format!("the suppression of `{}` on `{}` gives no reason", a.allow.rule, a.record))
                        .help("add `reason:` saying why this finding is accepted")
                        .record(a.record),
                );
            }
        }
    }
}
