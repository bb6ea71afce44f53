//! `citation/incomplete-source`: a source lacks what is needed to find it.

use wbd_schema::SourceKind;

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "citation/incomplete-source",
    severity: Severity::Error,
    summary: "a source lacks what is needed to find it again (title, publisher or url, a date or date bounds)",
    docs: r#"## What it checks
Every source has a `title`, a `publisher` or a `url`, and a date: a
`published` date (full, partial, or `{not_before, not_after}` bounds) or,
for a reference, the `accessed` date it prints. A reference also says where
it is cited (`cited_in`).

## Why
A citation is only as good as the reader's chance of finding the document.
Without a title, someone who publishes or hosts it, and a date, the same
title could be any of a dozen pages.

## Example
```yaml
  - id: paper-note-07
    kind: reference
    title: "Anušić: Hrvatska i Slovenija Otvorile Novo Poglavlje Odnosa"
```

## Fix
Add what the document (or the note citing it) gives. When the document
gives no date, record bounds from what is known (`not_after` its retrieval
date); when it names no publisher, a URL will do.
"#,
};

pub struct IncompleteSource;

impl Rule for IncompleteSource {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        for s in &cx.ds.sources {
            let mut missing = Vec::new();
            if s.title.is_none() {
                missing.push("a `title`");
            }
            if s.publisher.is_none() && s.url.is_none() {
                missing.push("a `publisher` or a `url`");
            }
            // Reversed bounds are dated, wrongly: `schema/constraint` says so.
            let dated =
                s.published.is_some_and(|p| p.earliest().is_some() || p.latest().is_some() || p.is_reversed()) || s.accessed.is_some();
            if !dated {
                missing.push("a date (`published`, bounds, or the `accessed` date a reference prints)");
            }
            if s.kind == SourceKind::Reference && s.cited_in.is_none() {
                missing.push("`cited_in` (the document and note that cite it)");
            }
            if missing.is_empty() {
                continue;
            }
            out.push(
                Diagnostic::new(RULE.code, RULE.severity, s.at("id"), format!("the source `{}` lacks {}", s.id, missing.join(", ")))
                    .help("add what the document or the note citing it gives, so a reader can find it again")
                    .record(s.id.as_str()),
            );
        }
    }
}
