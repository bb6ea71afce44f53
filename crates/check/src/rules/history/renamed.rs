//! `history/renamed`: a record of the earlier state now has another id.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "history/renamed",
    severity: Severity::Warning,
    summary: "a record present at --since REV now has another id",
    docs: r#"## What it checks
With `cargo xtask check --since REV`, a record whose id disappeared while a
record with exactly the same content appeared under a new id. Reported at
the new id, with the old one (`(at REV)`) as a related place. References
inside the dataset are checked by `ref/unknown` anyway; this is about the
ones outside it. Silent without `--since`.

## Why
Published ids are how downstream tools, notebooks and other datasets cite
a record. Renaming one breaks every such reference silently.

## Example
`paper-hr-milex-2024` at `origin/main` is `paper-hr-military-expenditure-2024`
in the working tree, with nothing else changed.

## Fix
Keep the old id unless the rename is worth breaking references for; then
say so in the release notes of the dataset's next version.
"#,
};

pub struct Renamed;

impl Rule for Renamed {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    /// Runs only with an earlier state (`--since`).
    fn runs(&self, cx: &Context) -> bool {
        cx.before.is_some()
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let (Some((_, _, label)), Some(d)) = (cx.before, super::diff(cx)) else { return };
        for &(was, now) in &d.renames {
            let (o, n) = (&d.old[was], &d.new[now]);
            out.push(
                Diagnostic::new(
                    RULE.code,
                    RULE.severity,
                    n.anchor.clone(),
                    format!("the {} `{was}` was renamed to `{now}` since {label}", n.kind),
                )
                .related(o.anchor.clone(), format!("`{was}` at {label}"))
                .help("keep the published id unless breaking references to it is worth it")
                .record(now),
            );
        }
    }
}
