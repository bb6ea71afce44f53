//! `schema/shape`: a record does not have the shape of its kind.

use crate::diagnostic::Severity;
use crate::rules::{Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "schema/shape",
    severity: Severity::Error,
    summary: "unknown field, missing field, wrong type or bad enum value",
    docs: r#"## What it checks
That each file is a mapping with one known top-level key (`claims`,
`sources`, `entities`, `metrics`, `dataset`), and that each record in it has
the fields of its kind with values of the right type: no unknown field, no
missing required field, enum values from their list, values in the notation
of docs/FORMAT.md (`USD 1.3 billion`, `8.7 %`, `2024-H1`). Reported while
loading, at the field at fault; other records of the file are still read.

## Why
A misspelt field (`qoute:`) would otherwise be dropped silently and the
claim would look uncited; a value in the wrong notation would be read as
something else.

## Example
```yaml
  - id: dw-rs-exports-2021
    subject: rs
    metrc: arms-exports-value
```

## Fix
Use the field names and notations of docs/FORMAT.md; the message suggests
the closest known field.
"#,
};

pub struct Shape;

impl Rule for Shape {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
}
