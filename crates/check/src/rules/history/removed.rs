//! `history/removed`: a record of the earlier state is gone.

use crate::diagnostic::{Anchor, Diagnostic, FileId, Severity, Span};
use crate::hash::FastMap;
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "history/removed",
    severity: Severity::Warning,
    summary: "a record present at --since REV is no longer in the dataset",
    docs: r#"## What it checks
With `cargo xtask check --since REV`, every record of the dataset as it was
at the git revision REV is still there (under its id, or renamed: see
`history/renamed`). Silent without `--since`.

Reported where the record was, in the file as it is now: at the record
that now follows the place it had (or precedes it, at the end of a file),
so that GitHub can annotate the pull request and SARIF can name a file that
exists. When its whole file is gone, at the dataset's `dataset.yaml`. Its
place at REV is given as a related place (`dataset/... (at REV)`).

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
    /// Runs only with an earlier state (`--since`).
    fn runs(&self, cx: &Context) -> bool {
        cx.before.is_some()
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let (Some((_, offset, label)), Some(d)) = (cx.before, super::diff(cx)) else { return };
        let (removed, _) = super::removed_and_added(&d.old, &d.new);
        let files = &cx.ds.files;
        // The current file of each path, and the earlier state's records of
        // each file in their order.
        let current: FastMap<&str, FileId> = (0..offset).map(|f| (files.get(f).repo_path(), f)).collect();
        let mut by_file: FastMap<FileId, Vec<(u32, &str)>> = FastMap::default();
        for e in d.old.values() {
            by_file.entry(e.file).or_default().push((e.index, e.id));
        }
        for list in by_file.values_mut() {
            list.sort_unstable();
        }
        let root = cx.ds.meta.as_ref().map(|m| m.file);
        for id in removed.into_iter().filter(|id| !d.renames.iter().any(|(r, _)| r == id)) {
            let e = &d.old[id];
            let path = files.get(e.file).repo_path();
            let kind = e.kind;
            // Paths of the earlier state are relative to the dataset's
            // parent; when the dataset lies deeper in the repository, the
            // current path ends with it.
            let now = current.get(path).copied().or_else(|| {
                let tail = format!("/{path}");
                current.iter().filter(|(n, _)| n.ends_with(&tail)).map(|(n, f)| (*n, *f)).min().map(|(_, f)| f)
            });
            let (anchor, where_) = match now {
                Some(now) => {
                    // The nearest record of the same file that is still
                    // there: the next one, else the previous one.
                    let list = &by_file[&e.file];
                    let at = list.partition_point(|(i, _)| *i < e.index);
                    let survives = |(_, other): &&(u32, &str)| d.new.get(*other).is_some_and(|n| n.file == now);
                    let next = list[at + 1..].iter().find(survives);
                    let prev = list[..at].iter().rev().find(survives);
                    match (next, prev) {
                        (Some((_, n)), _) => (d.new[n].anchor.clone(), format!("; it stood before `{n}`")),
                        (None, Some((_, p))) => (d.new[p].anchor.clone(), format!("; it stood after `{p}`")),
                        (None, None) => (first_line(files, now), String::new()),
                    }
                }
                None => {
                    let at = root.or((offset > 0).then_some(0));
                    match at {
                        Some(f) => (first_line(files, f), format!("; its file `{path}` is gone too")),
                        None => (e.anchor.clone(), String::new()),
                    }
                }
            };
            out.push(
                Diagnostic::new(RULE.code, RULE.severity, anchor, format!("the {kind} `{id}` was removed since {label}{where_}"))
                    .related(e.anchor.clone(), format!("`{id}` was here"))
                    .help("restore it if the removal is an accident; otherwise say in the review why the record goes")
                    .record(id),
            );
        }
    }
}

/// The first line of a file, for a finding about the file as a whole.
fn first_line(files: &crate::diagnostic::Files, file: FileId) -> Anchor {
    let text = files.get(file).text();
    let end = text.find('\n').unwrap_or(text.len());
    let end = text[..end].trim_end_matches('\r').len() as u32;
    Anchor::Span(Span { file, start: 0, end })
}
