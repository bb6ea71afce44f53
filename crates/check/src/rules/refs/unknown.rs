//! `ref/unknown`: a reference names no record of the right kind.

use crate::diagnostic::{Anchor, Diagnostic, Severity};
use crate::model::RecordKind;
use crate::rules::{Context, Rule, RuleInfo};
use wbd_schema::{Id, Value};

pub static RULE: RuleInfo = RuleInfo {
    code: "ref/unknown",
    severity: Severity::Error,
    summary: "a reference names no record of the right kind (source, entity, metric, claim)",
    docs: r#"## What it checks
Every field that names another record: a claim's `subject`, `scope`,
`metric`, `share_of`, `{entity: ...}` value, `citations[].source` and
`via`, `conflicts_with[].claim`; a source's `derived_from` and
`cited_in.source`; an entity's `country`, `members`, `defined_by` and
`parties`. Each must name a record of the right kind.

## Why
A citation of a source that does not exist is no citation at all, and a
claim about an unknown subject cannot be compared with anything.

## Example
```yaml
    citations:
      - source: dw-2024-arms-for-ukraine-x
```

## Fix
Use the id of an existing record (the message suggests the closest one),
or add the missing record.
"#,
};

pub struct Unknown;

struct Refs<'a, 'c> {
    cx: &'a Context<'c>,
    out: &'a mut Vec<Diagnostic>,
}

impl Refs<'_, '_> {
    fn check(&mut self, id: &Id, want: RecordKind, at: impl FnOnce() -> Anchor, field: &str, owner: &str) {
        let found = match want {
            RecordKind::Source => self.cx.ix.sources.contains_key(id.as_str()),
            RecordKind::Entity => self.cx.ix.entities.contains_key(id.as_str()),
            RecordKind::Metric => self.cx.ix.metrics.contains_key(id.as_str()),
            RecordKind::Claim => self.cx.ix.claims.contains_key(id.as_str()),
            RecordKind::Dataset => true,
        };
        // A record that failed to load is reported where it is; that it
        // is missing here only follows from that.
        if found || self.cx.ds.failed.record(id.as_str(), want).is_some() {
            return;
        }
        let (message, help) = match self.cx.ix.ids.get(id.as_str()) {
            Some((kind, _)) => (
                format!(
                    "`{field}` names `{id}`, which is {} {}, not {} {}",
                    article(kind.name()),
                    kind.name(),
                    article(want.name()),
                    want.name()
                ),
                format!("`{field}` takes the id of a {}", want.name()),
            ),
            None => {
                let help = match self.closest(id.as_str(), want) {
                    Some(c) => format!("did you mean `{c}`? Otherwise add {} {} with this id", article(want.name()), want.name()),
                    None => format!("add {} {} with this id, or name an existing one", article(want.name()), want.name()),
                };
                (format!("`{field}` names the {} `{id}`, which does not exist", want.name()), help)
            }
        };
        self.out.push(Diagnostic::new(RULE.code, RULE.severity, at(), message).help(help).record(owner));
    }

    fn closest(&self, id: &str, want: RecordKind) -> Option<String> {
        let ix = self.cx.ix;
        let keys: Box<dyn Iterator<Item = &String>> = match want {
            RecordKind::Source => Box::new(ix.sources.keys()),
            RecordKind::Entity => Box::new(ix.entities.keys()),
            RecordKind::Metric => Box::new(ix.metrics.keys()),
            RecordKind::Claim => Box::new(ix.claims.keys()),
            RecordKind::Dataset => return None,
        };
        let limit = (id.len() / 3).max(2);
        keys.filter(|k| k.len().abs_diff(id.len()) <= limit)
            .map(|k| (crate::yaml::edit_distance(id, k), k))
            .filter(|(d, _)| *d <= limit)
            .min()
            .map(|(_, k)| k.clone())
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" }
}

impl Rule for Unknown {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        use RecordKind::*;
        let mut r = Refs { cx, out };
        for s in &cx.ds.sources {
            let id = s.id.as_str();
            if let Some(d) = &s.derived_from {
                r.check(d, Source, || s.at("derived_from"), "derived_from", id);
            }
            if let Some(c) = &s.cited_in {
                r.check(&c.source, Source, || s.at("cited_in.source"), "cited_in.source", id);
            }
        }
        for e in &cx.ds.entities {
            let id = e.id.as_str();
            if let Some(c) = &e.country {
                r.check(c, Entity, || e.at("country"), "country", id);
            }
            for (i, m) in e.members.iter().flatten().enumerate() {
                r.check(m, Entity, || e.at(&format!("members[{i}]")), "members", id);
            }
            if let Some(d) = &e.defined_by {
                r.check(d, Source, || e.at("defined_by"), "defined_by", id);
            }
            for (i, p) in e.parties.iter().enumerate() {
                r.check(p, Entity, || e.at(&format!("parties[{i}]")), "parties", id);
            }
        }
        for c in &cx.ds.claims {
            let id = c.id.as_str();
            r.check(&c.subject, Entity, || c.at("subject"), "subject", id);
            r.check(&c.metric, Metric, || c.at("metric"), "metric", id);
            if let Some(s) = &c.scope {
                r.check(s, Entity, || c.at("scope"), "scope", id);
            }
            if let Value::Entity(e) = &c.value {
                r.check(e, Entity, || c.at("value.entity"), "value.entity", id);
            }
            if let Some(s) = &c.share_of {
                r.check(&s.subject, Entity, || c.at("share_of.subject"), "share_of.subject", id);
                r.check(&s.metric, Metric, || c.at("share_of.metric"), "share_of.metric", id);
            }
            for (i, cit) in c.citations.iter().enumerate() {
                r.check(&cit.source, Source, || c.at(&format!("citations[{i}].source")), "source", id);
                if let Some(v) = &cit.via {
                    r.check(v, Source, || c.at(&format!("citations[{i}].via")), "via", id);
                }
            }
            for (i, k) in c.conflicts_with.iter().enumerate() {
                r.check(&k.claim, Claim, || c.at(&format!("conflicts_with[{i}].claim")), "conflicts_with.claim", id);
            }
        }
    }
}
