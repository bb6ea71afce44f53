//! `schema/json-schema`: the published JSON Schema rejects a record that
//! the record types accepted.

use crate::diagnostic::Severity;
use crate::rules::{Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "schema/json-schema",
    severity: Severity::Error,
    summary: "a record that serde accepted fails the published JSON Schema",
    docs: r#"## What it checks
Every file, as written, is validated against the published JSON Schema in
`schema/` (the committed files; formats are checked). A record that the
Rust types accepted but the schema rejects is reported here. Records the
types rejected are already reported by `schema/shape`.

Built with the `json-schema` feature only (`cargo run -p xtask --features
json-schema -- check`; the tests and CI build it): the validator is most of
a cold build, so the default `cargo xtask check` leaves it out, and says
so in `cargo xtask rules`. Without it the records' agreement with the
schema still rests on `cargo xtask schema --check` (the committed schema is
the one the record types generate) and on CI.

## Why
Downstream tools and editors validate against the published schema, not
against the Rust types. If the two drift apart (a field added to a type
without regenerating `schema/`, or a hand-written value pattern that is
stricter than the parser), the dataset passes here and fails there. This
rule makes the drift visible.

## Example
A field `aliases` was added to `Entity` in `crates/schema`, but
`schema/entities.schema.json` was not regenerated:
```yaml
  - id: nato
    kind: alliance
    name: NATO
    aliases: [North Atlantic Treaty Organization]
```
fails with `Additional properties are not allowed ('aliases' was unexpected)`.

## Fix
Run `cargo xtask schema` and commit `schema/`. If a record is what is
wrong, write it as the schema says.
"#,
};

pub struct JsonSchema;

impl Rule for JsonSchema {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    /// Runs (in the loader) only in builds with the validator.
    fn runs(&self, _cx: &crate::rules::Context) -> bool {
        crate::layout::JSON_SCHEMA_ENABLED
    }
}
