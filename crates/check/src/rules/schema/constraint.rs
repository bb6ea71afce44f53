//! `schema/constraint`: a field's value breaks a field-level constraint.

use crate::diagnostic::Severity;
use crate::rules::{Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "schema/constraint",
    severity: Severity::Error,
    summary: "a field-level constraint fails (slug id, URL, code, non-empty quote)",
    docs: r#"## What it checks
Constraints on single fields of a record that has the right shape: ids are
lowercase slugs, URLs are http(s) URLs with a host, country codes are two
capitals, language codes two lowercase letters, archive hashes 64 hex
digits, note numbers at least 1, and titles, names, locators and quotes are
not blank (quotes at most 600 characters). Reported while loading.

## Why
These values are keys and links other tools follow: an id with a space
cannot be referenced, a URL without a host cannot be opened, an empty quote
proves nothing.

## Example
```yaml
  - id: DW Serbia exports
    kind: article
```

## Fix
Write the value in the form the message gives (`dw-serbia-exports`).
"#,
};

pub struct Constraint;

impl Rule for Constraint {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
}
