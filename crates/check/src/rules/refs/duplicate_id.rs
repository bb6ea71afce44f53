//! `ref/duplicate-id`: two records share an id.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "ref/duplicate-id",
    severity: Severity::Error,
    summary: "two records share an id",
    docs: r#"## What it checks
That every id is used by one record only, across all kinds: a source and a
claim may not share an id either. Reported at the later record, with the
first as a related place. References resolve to the first.

## Why
Citations, subjects and acknowledgements refer to records by id; with two
records under one id, a reference silently means one of them.

## Example
```yaml
# claims/dw.yaml
  - id: rs-exports-2021
# claims/paper.yaml
  - id: rs-exports-2021
```

## Fix
Rename one of them; by convention, claim ids start with the citing
document's short name (`dw-`, `paper-`).
"#,
};

pub struct DuplicateId;

impl Rule for DuplicateId {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        for (again, first) in cx.duplicate_ids {
            let (id, at) = cx.ds.locate(*again);
            let (_, first_at) = cx.ds.locate(*first);
            out.push(
                Diagnostic::new(RULE.code, RULE.severity, at, format!("the id `{id}` is already used by a {}", first.0.name()))
                    .related(first_at, format!("the {} `{id}` is defined here", first.0.name()))
                    .help("ids are unique across the whole dataset; rename this record")
                    .record(id),
            );
        }
    }
}
