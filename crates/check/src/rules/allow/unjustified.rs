//! `allow/unjustified`: a suppression without a reason.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "allow/unjustified",
    severity: Severity::Error,
    summary: "a suppression has no reason",
    docs: r#"## What it checks
That every `allow` entry on a record has a non-empty `reason`, and every
`conflicts_with` entry of a claim a non-empty `note`.

## Why
A suppression turns a finding into an accepted one. Reviewers and readers
of the published data must be able to see why it was accepted; a bare
`allow` is a finding swept under the carpet.

## Example
```yaml
    allow:
      - rule: time/future-date
```

```yaml
    conflicts_with:
      - claim: gazette-al-budget-2023
```

## Fix
Say why the finding is right to accept, e.g.
`reason: the note prints 2033; recorded as printed, the year is a typo`,
or why the two claims disagree: `note: the almanac counts pensions`.
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
                    Diagnostic::new(
                        RULE.code,
                        RULE.severity,
                        a.anchor,
                        format!("the suppression of `{}` on `{}` gives no reason", a.allow.rule, a.record),
                    )
                    .help("add `reason:` saying why this finding is accepted")
                    .record(a.record),
                );
            }
        }
        for c in &cx.ds.claims {
            for (k, cw) in c.conflicts_with.iter().enumerate() {
                if cw.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
                    out.push(
                        Diagnostic::new(
                            RULE.code,
                            RULE.severity,
                            c.at(&format!("conflicts_with[{k}]")),
                            format!("the acknowledged contradiction between `{}` and `{}` gives no note", c.id, cw.claim),
                        )
                        .help("add `note:` saying why the two claims disagree")
                        .record(c.id.as_str()),
                    );
                }
            }
        }
    }
}
