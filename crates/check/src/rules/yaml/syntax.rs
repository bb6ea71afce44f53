//! `yaml/syntax`: the file cannot be read as YAML.

use crate::diagnostic::Severity;
use crate::rules::{Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "yaml/syntax",
    severity: Severity::Error,
    summary: "the file is not valid YAML (or not UTF-8, binary, too large, too deep, or an alias bomb)",
    docs: r#"## What it checks
That every record file can be read: it is UTF-8 text (no NUL bytes), at most
8 MiB, valid YAML with one document, nested at most 64 levels deep, and its
aliases expand to at most 100,000 nodes. Reported while loading; the rest of
the file is not checked until it parses.

## Why
A file that does not parse hides every record in it from every other rule.
The limits keep a malformed or hostile file (a "billion laughs" alias bomb,
10,000 nested brackets, a 50 MB dump) from hanging the check or exhausting
memory.

## Example
```yaml
claims:
  - id: dw-rs-exports-2021
    quote: "some $1.3 billion (€1.2 billion)
```
The quoted string is never closed.

## Fix
Close the quote, fix the indentation, or save the file as UTF-8, as the
message says. Split very large files into several smaller ones.
"#,
};

pub struct Syntax;

impl Rule for Syntax {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
}
