//! `allow/unjustified`: a suppression without a real reason.

use std::collections::HashMap;

use crate::diagnostic::{Anchor, Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleInfo};

/// The most suppressions one reason may be copied onto, word for word.
pub const MAX_COPIES: usize = 5;

pub static RULE: RuleInfo = RuleInfo {
    code: "allow/unjustified",
    severity: Severity::Error,
    summary: "a suppression has no reason, a placeholder, or one copied onto more than five",
    docs: r#"## What it checks
That every `allow` entry on a record has a `reason`, and every
`conflicts_with` entry of a claim a `note`, that says something:
- not empty;
- not a placeholder: `TODO`, `TBD`, `FIXME`, `XXX`, `ok`, `fine`, `n/a`,
  `none`, `-`, `?`, `ignore`, `known`, `accepted`, `expected`, `intentional`,
  `false positive`, `see note`, `reason` and the like (case and trailing
  punctuation aside), nor text that starts with `TODO`, `TBD` or `FIXME`;
- not copied word for word (case and spacing aside) onto more than five
  suppressions (`allow` entries and `conflicts_with` notes together).

## Why
A suppression turns a finding into an accepted one. Reviewers and readers
of the published data must be able to see why it was accepted; a bare
`allow` is a finding swept under the carpet. A placeholder is the same with
a word on top, and a reason pasted onto many records is rarely true of all
of them: it was written for one finding and copied without reading the
others.

## Example
```yaml
    allow:
      - rule: time/future-date
```

```yaml
    allow:
      - rule: time/future-date
        reason: TODO
```

```yaml
    conflicts_with:
      - claim: gazette-al-budget-2023
```

## Fix
Say why the finding is right to accept, e.g.
`reason: the note prints 2033; recorded as printed, the year is a typo`,
or why the two claims disagree: `note: the almanac counts pensions`. Where
several records share a cause, say for each what is true of it (which
figure, which note, which date).
"#,
};

/// Words that stand in for a reason without giving one.
const PLACEHOLDERS: [&str; 27] = [
    "todo",
    "tbd",
    "tba",
    "fixme",
    "xxx",
    "wip",
    "ok",
    "okay",
    "fine",
    "n/a",
    "na",
    "none",
    "-",
    "?",
    "...",
    "ignore",
    "ignored",
    "known",
    "accepted",
    "expected",
    "intentional",
    "false positive",
    "see note",
    "see above",
    "reason",
    "because",
    "yes",
];

/// What is wrong with a reason, if anything (copies aside).
fn problem(text: Option<&str>, field: &str) -> Option<String> {
    let t = text.unwrap_or("").trim();
    if t.is_empty() {
        return Some(format!("gives no {field}"));
    }
    let bare = t.trim_end_matches(['.', '!', ':']).trim().to_lowercase();
    let bare = if bare.is_empty() { t.to_lowercase() } else { bare };
    let starts_as_todo = ["todo", "tbd", "fixme"]
        .iter()
        .any(|p| bare.strip_prefix(p).is_some_and(|rest| rest.is_empty() || rest.starts_with(|c: char| !c.is_alphanumeric())));
    if PLACEHOLDERS.contains(&bare.as_str()) || starts_as_todo {
        return Some(format!("gives the placeholder \"{t}\" as its {field}"));
    }
    None
}

/// Whitespace and case folded, for comparing copies.
fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// One reason or note, with what it belongs to.
struct Justification<'a> {
    text: Option<&'a str>,
    anchor: Anchor,
    record: &'a str,
    /// "the suppression of `rule` on `id`" or "the acknowledged
    /// contradiction between `a` and `b`".
    what: String,
    /// `reason` or `note`.
    field: &'static str,
}

pub struct Unjustified;

impl Rule for Unjustified {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn late(&self) -> bool {
        true
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let mut all: Vec<Justification> = Vec::new();
        for a in super::all_allows(cx) {
            all.push(Justification {
                text: a.allow.reason.as_deref(),
                anchor: a.anchor,
                record: a.record,
                what: format!("the suppression of `{}` on `{}`", a.allow.rule, a.record),
                field: "reason",
            });
        }
        for c in &cx.ds.claims {
            for (k, cw) in c.conflicts_with.iter().enumerate() {
                all.push(Justification {
                    text: cw.note.as_deref(),
                    anchor: c.at(&format!("conflicts_with[{k}]")),
                    record: c.id.as_str(),
                    what: format!("the acknowledged contradiction between `{}` and `{}`", c.id, cw.claim),
                    field: "note",
                });
            }
        }
        let mut copies: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, j) in all.iter().enumerate() {
            if problem(j.text, j.field).is_none() {
                copies.entry(fold(j.text.unwrap_or(""))).or_default().push(i);
            }
        }
        for (i, j) in all.iter().enumerate() {
            let help = if j.field == "reason" {
                "add `reason:` saying why this finding is accepted: what is true of this record that the rule cannot see"
            } else {
                "add `note:` saying why the two claims disagree"
            };
            if let Some(p) = problem(j.text, j.field) {
                out.push(
                    Diagnostic::new(RULE.code, RULE.severity, j.anchor.clone(), format!("{} {p}", j.what)).help(help).record(j.record),
                );
                continue;
            }
            let same = &copies[&fold(j.text.unwrap_or(""))];
            if same.len() > MAX_COPIES {
                let first = same[0];
                let mut d = Diagnostic::new(
                    RULE.code,
                    RULE.severity,
                    j.anchor.clone(),
                    format!(
                        "{} gives the same {} word for word as {} other suppressions (at most {MAX_COPIES} may share one)",
                        j.what,
                        j.field,
                        same.len() - 1
                    ),
                )
                .help(format!(
                    "say what is true of `{}` in particular: which figure, note or date makes the finding right to accept",
                    j.record
                ))
                .record(j.record);
                if first != i {
                    d = d.related(all[first].anchor.clone(), format!("the same {} on `{}`", all[first].field, all[first].record));
                }
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn placeholders_are_no_reasons() {
        for r in
            [None, Some(""), Some("  "), Some("TODO"), Some("todo: explain"), Some("OK."), Some("n/a"), Some("False positive"), Some("?")]
        {
            assert!(problem(r, "reason").is_some(), "{r:?}");
        }
        for r in ["the note prints 2033; recorded as printed", "Todorov's figure is the ministry's", "ok per the ministry's count of 2023"]
        {
            assert!(problem(Some(r), "reason").is_none(), "{r}");
        }
    }
}
