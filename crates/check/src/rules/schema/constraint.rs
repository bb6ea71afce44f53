//! `schema/constraint`: a field's value breaks a field-level constraint.

use crate::diagnostic::Severity;
use crate::rules::{Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "schema/constraint",
    severity: Severity::Error,
    summary: "a field-level constraint fails (slug id, URL, code, non-empty quote)",
    docs: r#"## What it checks
Constraints on single fields of a record that has the right shape: ids are
lowercase slugs, URLs are http(s) URLs with a host, country codes are
assigned ISO 3166-1 alpha-2 codes (`XK` for Kosovo), language codes two
lowercase letters, archive hashes 64 hex digits, note numbers at least 1,
titles, names, locators and quotes not blank (quotes at most 600
characters). In `dataset.yaml`, `version` is a semantic version
(`MAJOR.MINOR.PATCH`, semver.org 2.0.0) and `license` an SPDX id from the
list the check knows (open data and common software licences) or
`LicenseRef-<name>`. A source's `published` bounds are in order
(`not_before` not after `not_after`; reversed bounds count as no date, so
rules that use the date stay quiet instead of reporting every citing
claim). A stated `change.by` in percent is above -100 %. Reported while
loading.

## Why
These values are keys and links other tools follow: an id with a space
cannot be referenced, a URL without a host cannot be opened, an empty quote
proves nothing, `UK` is no country code a map joins on (`GB` is), and a
licence a registry cannot read is no licence to reuse the data.

## Example
```yaml
  - id: DW Serbia exports
    kind: article
    published: {not_before: 2025-11-08, not_after: 2024-11-22}
```

## Fix
Write the value in the form the message gives (`dw-serbia-exports`, `GB`,
`CC-BY-4.0`, `0.1.0`); check reversed bounds against the document.
"#,
};

pub struct Constraint;

impl Rule for Constraint {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
}
