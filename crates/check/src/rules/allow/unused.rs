//! `allow/unused`: a suppression that suppresses nothing.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "allow/unused",
    severity: Severity::Warning,
    summary: "a suppression suppresses nothing",
    docs: r#"## What it checks
That every `allow` entry silences at least one finding of its rule on its
record, and names a rule that exists.

## Why
A suppression that no longer matches anything (the data was fixed, the rule
was renamed, the code is misspelt) would silently swallow a future finding
that nobody has looked at.

## Example
```yaml
    allow:
      - rule: currency/equivalent-missmatch
        reason: the source rounds the euro figure
```

## Fix
Delete the entry, or correct the rule code (`cargo xtask rules` lists them).
"#,
};

pub struct Unused;

impl Rule for Unused {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn late(&self) -> bool {
        true
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let Some(used) = cx.used_allows else { return };
        for a in super::all_allows(cx) {
            if used.contains(&(a.owner.0, a.owner.1, a.index)) {
                continue;
            }
            let (message, help) = if crate::rules::find(&a.allow.rule).is_none() {
                (format!("`{}` is not a rule code", a.allow.rule), "`cargo xtask rules` lists the codes".to_string())
            } else {
                (
                    format!("the suppression of `{}` on `{}` suppresses nothing", a.allow.rule, a.record),
                    "the rule no longer fires here: delete this entry".to_string(),
                )
            };
            out.push(Diagnostic::new(RULE.code, RULE.severity, a.anchor, message).help(help).record(a.record));
        }
    }
}
