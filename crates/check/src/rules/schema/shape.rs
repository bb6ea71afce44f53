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
of docs/FORMAT.md (`USD 1.3 billion`, `8.7 %`, `2024-H1`). Numbers must be
within the supported precision: at most 15 significant digits, at most 12
decimal places, and below 10^18 with the scale word applied; a number past
it is rejected, never rounded. Common misspellings of a value (`EURO 5
million`, `€5 million`, `USD 0.04bn`, `USD 40m`) are reported with the
spelling that was meant. Reported while loading, at the field at fault;
other records of the file are still read.

## Why
A misspelt field (`qoute:`) would otherwise be dropped silently and the
claim would look uncited; a value in the wrong notation would be read as
something else (`USD 40 m` is forty US dollars' worth of metres). A number
with more digits than exact decimal arithmetic can carry through a currency
conversion would be silently rounded, and the figure published would not be
the one the source printed.

## Example
```yaml
  - id: dw-rs-exports-2021
    subject: rs
    metrc: arms-exports-value
    value: USD 0.04bn
```

## Fix
Use the field names and notations of docs/FORMAT.md; the message suggests
the closest known field, or the value as it should be written
(`USD 0.04 billion`).
"#,
};

pub struct Shape;

impl Rule for Shape {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
}
