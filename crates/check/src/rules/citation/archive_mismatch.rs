//! `citation/archive-mismatch`: the archived text is not the one recorded.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleInfo};

use super::archive::{ArchiveState, states};

pub static RULE: RuleInfo = RuleInfo {
    code: "citation/archive-mismatch",
    severity: Severity::Error,
    summary: "the archived text's SHA-256 differs from the one recorded",
    docs: r#"## What it checks
Every source with an `archive` whose file is found (in `dataset/archive/`,
then in each `--archive DIR` or `WBD_ARCHIVE` directory) has the SHA-256
recorded in `archive.sha256`. When an archive directory is given, the file
must be in one of the directories.

## Why
Quotes are verified against the exact text they were taken from. If the
archived file changed (re-downloaded, re-encoded, edited), the quotes may no
longer be in it, or may be found in a text that says something else.

## Example
```yaml
    archive:
      file: 000_c8276e51ea0657f0.txt
      sha256: 0000000000000000000000000000000000000000000000000000000000000000
```

## Fix
If the file is the right one, record its hash (`sha256sum FILE`, or
`cargo xtask archive FILE`, which prints the block). If the file changed,
restore the archived version the quotes were taken from.
"#,
};

pub struct ArchiveMismatch;

impl Rule for ArchiveMismatch {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    /// Runs only with the archived texts (`--archive`).
    fn runs(&self, cx: &Context) -> bool {
        // Judged only when an archive directory was given: without one, the
        // texts kept outside the repository were not read.
        !cx.archive.given.is_empty()
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let Some(states) = states(cx) else { return };
        let mut keys: Vec<_> = states.keys().copied().collect();
        keys.sort_unstable();
        for i in keys {
            let s = &cx.ds.sources[i];
            let (msg, help) = match &states[&i] {
                ArchiveState::Verified => continue,
                ArchiveState::Missing(why) => (
                    format!("the archived text of `{}` cannot be read: {why}", s.id),
                    "put the archived file in dataset/archive/ (`cargo xtask archive FILE`) or in a directory given with --archive, under the recorded name",
                ),
                ArchiveState::Mismatch { actual } => (
                    format!(
                        "the archived file of `{}` has SHA-256 {actual}, not the recorded {}",
                        s.id,
                        s.archive.as_ref().map(|a| a.sha256.as_str()).unwrap_or("")
                    ),
                    "record the file's hash if it is the right file; otherwise restore the version the quotes were taken from",
                ),
            };
            out.push(Diagnostic::new(RULE.code, RULE.severity, s.at("archive.sha256"), msg).help(help).record(s.id.as_str()));
        }
    }
}
