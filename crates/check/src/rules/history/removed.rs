//! `history/removed`: a record of the earlier state is gone.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "history/removed",
    severity: Severity::Warning,
    summary: "a record present at --since REV is no longer in the dataset",
    docs: r#"## What it checks
With `cargo xtask check --since REV`, every record of the dataset as it was
at the git revision REV is still there (under its id, or renamed: see
`history/renamed`). Reported at the record in the earlier state, shown as
`dataset/... (at REV)`. Silent without `--since`.

## Why
Downstream tools refer to records by id. A removed claim is a fact that
vanished from the published data; a reviewer should see that it was meant,
not an accident of a bad merge or an over-eager edit.

## Example
`dw-rs-arms-exports-value-2021` existed at `origin/main` and is gone from the
working tree.

## Fix
Restore the record, or, when removing it is right (it was entered wrongly),
say so in the pull request; the warning is for the review, it goes away
once the change is merged and `--since` moves on.
"#,
};

pub struct Removed;

impl Rule for Removed {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let (Some((_, _, label)), Some(d)) = (cx.before, super::diff(cx)) else { return };
        let (removed, _) = super::removed_and_added(&d.old, &d.new);
        for id in removed.into_iter().filter(|id| !d.renames.iter().any(|(r, _)| r == id)) {
            let e = &d.old[id];
            out.push(
                Diagnostic::new(RULE.code, RULE.severity, e.anchor.clone(), format!("the {} `{id}` was removed since {label}", e.kind))
                    .help("restore it if the removal is an accident; otherwise say in the review why the record goes")
                    .record(id.to_string()),
            );
        }
    }
}
