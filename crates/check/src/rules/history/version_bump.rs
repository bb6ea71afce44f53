//! `history/version-bump`: the data's version went up less than the
//! changes since `--since REV` need.

use super::changes::{self, Bump, RecordChange};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "history/version-bump",
    severity: Severity::Error,
    summary: "the dataset's version went up less than the changes since --since REV need",
    docs: r#"## What it checks
With `cargo xtask check --since REV`, the `version` in `dataset.yaml` went
up at least as much as the changes since REV need under the data's semver
policy (docs/PUBLISHING.md, section "Versions"):

- **major**: a record removed or renamed; a claim's `subject`, `metric`,
  `period` or `scope` changed;
- **minor** at least: a record added; a claim's figure (`value`, `bound`,
  `equivalent`, `change`, `share_of`), `status` or `conflicts_with`
  changed; a claim cites another source or no longer cites one; a field
  other than `note` or `description` of a source, entity or metric changed;
- **patch** at least: only notes, descriptions, `allow` reasons, quotes,
  locators or `via` changed.

Reported at `version` in `dataset.yaml`, naming the changes that need more
than the bump made. Silent without `--since`, when either state's
version is not `MAJOR.MINOR.PATCH`, and while a record or file fails to
load (it would look removed; its own finding comes first).

## Why
Downstream tools pin the data's version. A removed claim under a minor
bump, or a changed figure under an unchanged version, breaks them
silently; the version is the promise that they can tell.

## Example
At `origin/main` the version is `0.1.0` and the claim
`dw-rs-arms-exports-value-2021` exists; now it is removed and the version
is `0.2.0`: removing a record needs `1.0.0`.

## Fix
Set `version` in `dataset.yaml` to the version the help gives (or a
larger one). `cargo xtask changes --since REV` lists every change with the
bump it needs.
"#,
};

pub struct VersionBump;

/// How many records a message names per bump before "and N more".
const NAMED: usize = 4;

impl Rule for VersionBump {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    /// Runs only with an earlier state (`--since`).
    fn runs(&self, cx: &Context) -> bool {
        cx.before.is_some()
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let (Some((before, _, label)), Some(d)) = (cx.before, super::diff(cx)) else { return };
        // A record that failed to load would look removed, or changed: the
        // bump a change needs is judged once the dataset loads whole, and
        // the loader's finding stands alone until then.
        if !cx.ds.failed.is_empty() {
            return;
        }
        let (Some(old_meta), Some(meta)) = (before.meta.as_ref(), cx.ds.meta.as_ref()) else { return };
        let (Some(old_v), Some(new_v)) = (changes::parse_version(&old_meta.version), changes::parse_version(&meta.version)) else {
            return;
        };
        let all = changes::classify(d);
        let Some(needed) = changes::required_bump(&all) else { return };
        let made = changes::bump_made(old_v, new_v);
        if made >= Some(needed) {
            return;
        }
        // The changes that need more than the bump made, largest first.
        let mut parts = Vec::new();
        for bump in [Bump::Major, Bump::Minor, Bump::Patch] {
            if Some(bump) <= made {
                continue;
            }
            let these: Vec<&RecordChange> = all.iter().filter(|c| c.bump == bump).collect();
            if these.is_empty() {
                continue;
            }
            let mut names: Vec<String> = these.iter().take(NAMED).map(|c| changes::describe(c)).collect();
            if these.len() > NAMED {
                names.push(format!("and {} more", these.len() - NAMED));
            }
            parts.push(format!("{} {}: {}", if these.len() == 1 { "this needs" } else { "these need" }, bump.as_str(), names.join(", ")));
        }
        let made_text = match made {
            Some(b) => format!("a {} bump", b.as_str()),
            None if old_meta.version == meta.version => "no bump".to_string(),
            None => "no bump up".to_string(),
        };
        let target = changes::bumped(old_v, needed);
        out.push(
            Diagnostic::new(
                RULE.code,
                RULE.severity,
                meta.at("version"),
                format!(
                    "the changes since {label} need a {} version bump, but `version` went from {} to {} ({made_text}); {}",
                    needed.as_str(),
                    old_meta.version,
                    meta.version,
                    parts.join("; ")
                ),
            )
            .help(format!("set `version: {target}` in dataset.yaml (or higher); `cargo xtask changes --since {label}` lists every change"))
            .record(meta.id.as_str()),
        );
    }
}
