//! `allow/unused`: a suppression that suppresses nothing.

use std::collections::HashSet;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::RecordKind;
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "allow/unused",
    severity: Severity::Warning,
    summary: "a suppression suppresses nothing",
    docs: r#"## What it checks
That every `allow` entry silences at least one finding of its rule on its
record (at its `on:` field, when it names one), and names a rule that
exists; and that every `conflicts_with` entry of a claim acknowledges a
contradiction (a `contradiction/...` finding) between the claim and the
claim it names.

An entry for a rule that did not run is not judged: the archive rules
(`citation/quote-not-in-source`, `citation/archive-mismatch`) run only with
`--archive`, the `history/` rules only with `--since`. A misspelt rule code
gets the nearest code as a suggestion. The message says where the rule does
report on the record when `on:` names another field; with `--since`, an
entry added since that revision that matches nothing is said never to have
matched.
A `time/*` or `currency/*` suppression on a record that depends on a
source with reversed `published` bounds is not judged either: those rules
cannot run there until the bounds are fixed (`schema/constraint`).

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
        let Some(usage) = cx.used_allows else { return };
        let earlier = earlier_allows(cx);
        let mut not_judged: Vec<&str> = Vec::new();
        for a in super::all_allows(cx) {
            if usage.contains(&(a.owner.0, a.owner.1, a.index)) || depends_on_unknown_date(cx, &a) {
                continue;
            }
            let code = a.allow.rule.as_str();
            let Some(rule) = crate::rules::find(code) else {
                let help = match suggest(code) {
                    Some(s) => format!("did you mean `{s}`? (`cargo xtask rules` lists the codes)"),
                    None => "`cargo xtask rules` lists the codes".to_string(),
                };
                out.push(
                    Diagnostic::new(RULE.code, RULE.severity, a.anchor, format!("`{code}` is not a rule code")).help(help).record(a.record),
                );
                continue;
            };
            // A rule that did not run found nothing to suppress, which
            // says nothing about this entry.
            if !rule.runs(cx) {
                not_judged.push(rule.info().code);
                continue;
            }
            let code = rule.info().code;
            let elsewhere = usage.fired.get(&(a.owner.0, a.owner.1, code));
            let (message, help) = match (a.allow.on.as_deref(), elsewhere) {
                (Some(on), Some(places)) => {
                    let mut shown: Vec<String> = places.iter().map(|p| super::show_place(p)).collect();
                    shown.dedup();
                    (
                        format!(
                            "the suppression of `{code}` on `{}` covers `on: {on}`, but `{code}` reports {} here",
                            a.record,
                            shown.join(", ")
                        ),
                        "point `on:` at the field of the finding that is right to accept, or delete this entry".to_string(),
                    )
                }
                _ => {
                    let on = a.allow.on.as_deref().map(|on| format!(" at `{on}`")).unwrap_or_default();
                    let mut message = format!(
                        "the suppression of `{code}` on `{}` matches no finding: `{code}` reports nothing{on} on this record",
                        a.record
                    );
                    let key = (a.record.to_string(), code.to_string(), a.allow.on.clone());
                    let help = match &earlier {
                        Some((rev, seen)) if !seen.contains(&key) => {
                            message.push_str(&format!(", and the entry is new since {rev}: it never matched"));
                            format!(
                                "check the rule code, the record and `on:` (`cargo xtask explain {code}` says what the rule reports), or delete the entry"
                            )
                        }
                        _ => format!(
                            "either the finding it was written for is gone, or it never matched (`cargo xtask explain {code}` says what the rule reports): delete this entry, or correct it"
                        ),
                    };
                    (message, help)
                }
            };
            out.push(Diagnostic::new(RULE.code, RULE.severity, a.anchor, message).help(help).record(a.record));
        }
        if !not_judged.is_empty()
            && let Ok(mut notes) = cx.notes.lock()
        {
            let n = not_judged.len();
            not_judged.sort_unstable();
            not_judged.dedup();
            notes.push(format!(
                "{n} suppression{} of rules that did not run ({}) went unjudged: they are judged with --archive or --since",
                if n == 1 { "" } else { "s" },
                not_judged.join(", ")
            ));
        }
        let Some(used) = cx.used_conflicts else { return };
        for (i, c) in cx.ds.claims.iter().enumerate() {
            for (k, cw) in c.conflicts_with.iter().enumerate() {
                // An unknown claim is `ref/unknown`'s business.
                if used.contains(&(i, k)) || !cx.ix.contains(RecordKind::Claim, &cw.claim) {
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

/// An `allow` entry as (record id, rule, on).
type AllowKey = (String, String, Option<String>);

/// The `allow` entries of the earlier state (`--since`), with the name of
/// that state.
fn earlier_allows<'a>(cx: &Context<'a>) -> Option<(&'a str, HashSet<AllowKey>)> {
    let (before, _, rev) = cx.before?;
    let mut seen = HashSet::new();
    let mut add = |id: &str, allows: &[wbd_schema::Allow]| {
        for a in allows {
            seen.insert((id.to_string(), a.rule.clone(), a.on.clone()));
        }
    };
    before.sources.iter().for_each(|r| add(r.id.as_str(), &r.allow));
    before.entities.iter().for_each(|r| add(r.id.as_str(), &r.allow));
    before.metrics.iter().for_each(|r| add(r.id.as_str(), &r.allow));
    before.claims.iter().for_each(|r| add(r.id.as_str(), &r.allow));
    Some((rev, seen))
}

/// The rule code a misspelt one most likely means: the code whose name is
/// the one given (without or with another family), else the nearest code
/// by edit distance.
pub fn suggest(code: &str) -> Option<&'static str> {
    let codes = || crate::rules::all().iter().map(|r| r.info().code);
    let name = code.rsplit_once('/').map_or(code, |(_, n)| n);
    if let Some(c) = codes().find(|c| c.rsplit_once('/').is_some_and(|(_, n)| n == name)) {
        return Some(c);
    }
    codes()
        .map(|c| {
            // Bounded: a code longer than any rule's costs no more.
            let d = |a: &str, b: &str| crate::yaml::edit_distance_within(a, b, 3).unwrap_or(usize::MAX);
            let by_name = c.rsplit_once('/').map_or(usize::MAX, |(_, n)| d(name, n));
            (d(code, c).min(by_name), c)
        })
        .filter(|(d, c)| *d <= 3.min(c.len() / 4).max(1))
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::suggest;

    #[test]
    fn misspelt_codes_get_a_suggestion() {
        assert_eq!(suggest("ref/unknwn"), Some("ref/unknown"));
        assert_eq!(suggest("quote-missing-value"), Some("citation/quote-missing-value"));
        assert_eq!(suggest("currency/quote-missing-value"), Some("citation/quote-missing-value"));
        assert_eq!(suggest("currency/equivalent-missmatch"), Some("currency/equivalent-mismatch"));
        assert_eq!(suggest("citation/quote-misssing"), None);
        assert_eq!(suggest("something/else"), None);
    }
}
