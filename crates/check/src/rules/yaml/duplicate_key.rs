//! `yaml/duplicate-key`: a mapping repeats a key.

use crate::diagnostic::Severity;
use crate::rules::{Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "yaml/duplicate-key",
    severity: Severity::Error,
    summary: "a mapping repeats a key",
    docs: r#"## What it checks
That no mapping in a record file gives the same key twice. Reported while
loading, at the repeat, with the first occurrence as a related place.

## Why
YAML readers disagree on which of two repeated keys wins: some keep the
first, some the last, some refuse the file. A repeated `value:` means the
record says two things and a reader silently picks one.

## Example
```yaml
  - id: paper-hr-budget-2024
    value: EUR 1.63 billion
    value: EUR 1.5 billion
```

## Fix
Keep the one the source states and delete the other; if both are facts,
they are two claims.
"#,
};

pub struct DuplicateKey;

impl Rule for DuplicateKey {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
}
