//! `citation/unused-source`: a source no claim cites.

use crate::hash::FastSet as HashSet;

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "citation/unused-source",
    severity: Severity::Warning,
    summary: "no claim cites a source",
    docs: r#"## What it checks
Every source is used: cited by a claim (as `source` or `via`), restated by a
derived source, or named as the definition of a region (`defined_by`).

## Why
An unused source is either a fact not yet entered (a claim is missing) or
clutter. Both are worth a look.

## Example
A note of the analysis paper, `paper-note-35`, that no claim relays.

## Fix
Enter the claims the source supports, or, when it supports none the
dataset records (a note cited for an opinion), accept it with an `allow`
that says so.
"#,
};

pub struct UnusedSource;

impl Rule for UnusedSource {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        let mut used: HashSet<&str> = HashSet::default();
        // Claims cite the same source in runs: one insert per run.
        let mut last = None;
        for c in &cx.ds.claims {
            for cit in &c.citations {
                if last != Some(&cit.source) {
                    used.insert(cit.source.as_str());
                    last = Some(&cit.source);
                }
                if let Some(v) = &cit.via {
                    used.insert(v.as_str());
                }
            }
        }
        for s in &cx.ds.sources {
            if let Some(d) = &s.derived_from {
                used.insert(d.as_str());
            }
        }
        for e in &cx.ds.entities {
            if let Some(d) = &e.defined_by {
                used.insert(d.as_str());
            }
        }
        for s in &cx.ds.sources {
            if used.contains(s.id.as_str()) {
                continue;
            }
            out.push(
                Diagnostic::new(RULE.code, RULE.severity, s.at("id"), format!("no claim cites the source `{}`", s.id))
                    .help("enter the claims it supports, or accept it with an `allow` saying why none are recorded")
                    .record(s.id.as_str()),
            );
        }
    }
}
