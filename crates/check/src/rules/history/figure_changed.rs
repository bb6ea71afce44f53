//! `history/figure-changed`: a claim's figure changed without a note.

use crate::diagnostic::{Diagnostic, Severity};
use crate::hash::FastMap;
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "history/figure-changed",
    severity: Severity::Warning,
    summary: "a claim's figure changed since --since REV without a note saying why",
    docs: r#"## What it checks
With `cargo xtask check --since REV`, every claim that exists in both
states and whose figure changed (`value`, `bound`, `equivalent`, `change`,
`period`, `subject`, `metric` or `scope`) also changed its `note`, saying
why. Reported at the claim's value, with the earlier value as a related
place. Silent without `--since`.

## Why
A figure is a fact somebody cited. Changing it quietly, even to correct it,
leaves readers of the published data unable to tell a correction from a
mistake; a note makes the change reviewable and citable.

## Example
At `origin/main`: `value: EUR 1.63 billion`; now `value: EUR 1.36 billion`,
same note.

## Fix
Say in the claim's `note` why the figure changed (a typo fixed, a newer
source), or restore the figure.
"#,
};

pub struct FigureChanged;

const FIGURE_FIELDS: [&str; 8] = ["value", "bound", "equivalent", "change", "period", "subject", "metric", "scope"];

impl Rule for FigureChanged {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    /// Runs only with an earlier state (`--since`).
    fn runs(&self, cx: &Context) -> bool {
        cx.before.is_some()
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let Some((before, offset, label)) = cx.before else { return };
        let old: FastMap<&str, usize> = before.claims.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
        for c in &cx.ds.claims {
            let Some(&i) = old.get(c.id.as_str()) else { continue };
            let o = &before.claims[i];
            if o.note != c.note {
                continue;
            }
            let (Ok(a), Ok(b)) = (serde_json::to_value(&o.rec), serde_json::to_value(&c.rec)) else { continue };
            let changed: Vec<&str> = FIGURE_FIELDS.into_iter().filter(|f| a.get(f) != b.get(f)).collect();
            if changed.is_empty() {
                continue;
            }
            let show = |v: &serde_json::Value, f: &str| v.get(f).map_or("(none)".to_string(), |x| x.to_string());
            let what = changed.iter().map(|f| format!("`{f}` from {} to {}", show(&a, f), show(&b, f))).collect::<Vec<_>>().join(", ");
            let mut old_anchor = o.at(changed[0]);
            if let crate::diagnostic::Anchor::Path { file, .. } = &mut old_anchor {
                *file += offset;
            }
            out.push(
                Diagnostic::new(
                    RULE.code,
                    RULE.severity,
                    c.at(changed[0]),
                    format!("`{}` changed {what} since {label}, and its note did not change", c.id),
                )
                .related(old_anchor, format!("at {label}"))
                .help("say in the claim's `note` why the figure changed, or restore it")
                .record(c.id.as_str()),
            );
        }
    }
}
