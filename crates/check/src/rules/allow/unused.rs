//! `allow/unused`: a suppression that suppresses nothing.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::RecordKind;
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "allow/unused",
    severity: Severity::Warning,
    summary: "a suppression suppresses nothing",
    docs: r#"## What it checks
That every `allow` entry silences at least one finding of its rule on its
record, and names a rule that exists; and that every `conflicts_with`
entry of a claim acknowledges a contradiction (a `contradiction/...`
finding) between the claim and the claim it names.
A `time/*` or `currency/*` suppression on a record that depends on a
source with reversed `published` bounds is not judged: those rules cannot
run there until the bounds are fixed (`schema/constraint`).

## Why
A suppression that no longer matches anything (the data was fixed, the rule
was renamed, the code is misspelt) would silently swallow a future finding
that nobody has looked at.

## Example
```yaml
    allow:
      - rule: currency/equivalent-missmatch
        reason: the source rounds the euro figure
```

```yaml
    conflicts_with:
      - claim: gazette-rs-exports-2021   # says the same as this claim
        note: the two sources disagree
```

## Fix
Delete the entry, or correct the rule code (`cargo xtask rules` lists them)
or the claim id.
"#,
};

pub struct Unused;

/// Whether a `time/*` or `currency/*` suppression belongs to a record that
/// depends on a source whose `published` bounds are reversed: those rules
/// could not run there (`schema/constraint` reports the bounds), so whether
/// the suppression is needed is unknown until the bounds are fixed.
fn depends_on_unknown_date(cx: &Context, a: &super::AllowAt) -> bool {
    if !(a.allow.rule.starts_with("time/") || a.allow.rule.starts_with("currency/")) {
        return false;
    }
    let reversed = |id: &str| cx.ix.source(cx.ds, id).is_some_and(|s| s.published.is_some_and(|p| p.is_reversed()));
    match a.owner.0 {
        RecordKind::Claim => cx.ds.claims[a.owner.1]
            .citations
            .iter()
            .any(|c| reversed(c.source.as_str()) || c.via.as_ref().is_some_and(|v| reversed(v.as_str()))),
        RecordKind::Source => {
            let s = &cx.ds.sources[a.owner.1];
            reversed(s.id.as_str())
                || s.cited_in.as_ref().is_some_and(|c| reversed(c.source.as_str()))
                || s.derived_from.as_ref().is_some_and(|d| reversed(d.as_str()))
        }
        _ => false,
    }
}

impl Rule for Unused {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn late(&self) -> bool {
        true
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let Some(used) = cx.used_allows else { return };
        for a in super::all_allows(cx) {
            if used.contains(&(a.owner.0, a.owner.1, a.index)) || depends_on_unknown_date(cx, &a) {
                continue;
            }
            let (message, help) = if crate::rules::find(&a.allow.rule).is_none() {
                (format!("`{}` is not a rule code", a.allow.rule), "`cargo xtask rules` lists the codes".to_string())
            } else {
                (
                    format!("the suppression of `{}` on `{}` suppresses nothing", a.allow.rule, a.record),
                    "the rule no longer fires here: delete this entry".to_string(),
                )
            };
            out.push(Diagnostic::new(RULE.code, RULE.severity, a.anchor, message).help(help).record(a.record));
        }
        let Some(used) = cx.used_conflicts else { return };
        for (i, c) in cx.ds.claims.iter().enumerate() {
            for (k, cw) in c.conflicts_with.iter().enumerate() {
                // An unknown claim is `ref/unknown`'s business.
                if used.contains(&(i, k)) || !cx.ix.claims.contains_key(cw.claim.as_str()) {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        RULE.code,
                        RULE.severity,
                        c.at(&format!("conflicts_with[{k}]")),
                        format!("`conflicts_with` names `{}`, but the two claims do not contradict each other", cw.claim),
                    )
                    .help("no contradiction rule finds a disagreement between them (same subject, metric, period and scope with values that cannot both be true, shares, or a stated change): delete this entry")
                    .record(c.id.as_str()),
                );
            }
        }
    }
}
