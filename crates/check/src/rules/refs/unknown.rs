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
`parties`; a metric's `change_of`. Each must name a record of the right
kind.

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
    suggest: Suggest<'c>,
    /// Entities by name, alias and code written as ids, built on the
    /// first unknown entity.
    names: Option<crate::hash::FastMap<String, (&'c str, &'static str)>>,
    /// References to records that failed to load, not reported.
    to_failed: usize,
    /// The last few ids of each kind found to exist, and which slot the
    /// next one takes: records name the same entity, metric or source many
    /// times in a row (or take turns among a few: subject and scope), and
    /// comparing with those is cheaper than the look-up.
    last: [([Option<&'c Id>; 4], usize); 4],
}

/// A name as an id would write it: lower case, runs of anything but
/// letters and digits as one `-`.
fn as_id(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

impl<'c> Refs<'_, 'c> {
    fn check(&mut self, id: &'c Id, want: RecordKind, at: impl FnOnce() -> Anchor, field: &str, owner: &str) {
        let slot = match want {
            RecordKind::Source => 0,
            RecordKind::Entity => 1,
            RecordKind::Metric => 2,
            RecordKind::Claim => 3,
            RecordKind::Dataset => return,
        };
        let (seen, next) = &mut self.last[slot];
        if seen.contains(&Some(id)) {
            return;
        }
        if self.cx.ix.contains(want, id) {
            seen[*next] = Some(id);
            *next = (*next + 1) % seen.len();
            return;
        }
        // A record that failed to load is reported where it is; that it
        // is missing here only follows from that.
        if self.cx.ds.failed.record(id.as_str(), want).is_some() {
            self.to_failed += 1;
            return;
        }
        let (message, help) = match self.cx.ix.get(id.as_str()) {
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
                let named = (want == RecordKind::Entity).then(|| self.entity_named(id.as_str())).flatten();
                let help = match named {
                    Some((e, what)) => {
                        format!("`{id}` is {what} of the entity `{e}`: name entities by their id, `{e}`")
                    }
                    None => match self.closest(id.as_str(), want) {
                        Some(c) => format!("did you mean `{c}`? Otherwise add {} {} with this id", article(want.name()), want.name()),
                        None => format!("add {} {} with this id, or name an existing one", article(want.name()), want.name()),
                    },
                };
                (format!("`{field}` names the {} `{id}`, which does not exist", want.name()), help)
            }
        };
        self.out.push(Diagnostic::new(RULE.code, RULE.severity, at(), message).help(help).record(owner));
    }

    /// The entity whose name, alias or code, written as an id
    /// (`Montenegro`, `North Macedonia` as `montenegro`,
    /// `north-macedonia`), is `id`: its id, and which of the three matched.
    fn entity_named(&mut self, id: &str) -> Option<(&'c str, &'static str)> {
        let ds = self.cx.ds;
        let names = self.names.get_or_insert_with(|| {
            let mut m = crate::hash::FastMap::default();
            for e in &ds.entities {
                let all = std::iter::once((&e.name, "the name"))
                    .chain(e.aliases.iter().map(|a| (a, "an alias")))
                    .chain(e.code.iter().map(|c| (c, "the code")));
                for (n, what) in all {
                    m.entry(as_id(n)).or_insert((e.id.as_str(), what));
                }
            }
            m
        });
        names.get(&as_id(id)).copied()
    }

    fn closest(&mut self, id: &str, want: RecordKind) -> Option<String> {
        let ix = self.cx.ix;
        self.suggest.closest(id, want, || ix.of_kind(want).map(|(id, _)| id.as_str()).collect())
    }
}

/// Comparisons the suggestions of one run may make per id of the dataset,
/// beyond [`SUGGEST_BASE`].
pub const SUGGEST_PER_ID: usize = 8;
/// Comparisons the suggestions of one run may always make.
pub const SUGGEST_BASE: usize = 20_000;

/// "Did you mean" for unknown ids, at a cost bounded by the size of the
/// dataset, not by the number of unknown ids times the number of ids.
/// Candidates are indexed by length, so only ids within reach of the
/// unknown one's length are compared, with a banded edit distance; each
/// unknown id is looked up once; and the whole run makes at most
/// `SUGGEST_PER_ID` comparisons per id plus `SUGGEST_BASE`. An unknown id
/// met after that budget is spent gets no suggestion (the finding is the
/// same). Unknown ids are met in record order, so the report is
/// deterministic.
pub struct Suggest<'a> {
    /// Per kind, the ids as (length in characters, id), sorted; built on
    /// the first unknown id of the kind, so a clean dataset pays nothing.
    by_len: [Option<Vec<(usize, &'a str)>>; 4],
    seen: crate::hash::FastMap<(RecordKind, String), Option<String>>,
    budget: usize,
    /// Comparisons made so far.
    pub comparisons: usize,
}

impl<'a> Suggest<'a> {
    pub fn new(ids: usize) -> Self {
        Suggest {
            by_len: Default::default(),
            seen: Default::default(),
            budget: ids.saturating_mul(SUGGEST_PER_ID).saturating_add(SUGGEST_BASE),
            comparisons: 0,
        }
    }

    /// The existing id of kind `want` closest to `id`, if one is close
    /// (an edit distance of at most a third of its length, and at least 2).
    /// `ids` lists the ids of that kind; it is called once per kind.
    pub fn closest(&mut self, id: &str, want: RecordKind, ids: impl FnOnce() -> Vec<&'a str>) -> Option<String> {
        let slot = match want {
            RecordKind::Source => 0,
            RecordKind::Entity => 1,
            RecordKind::Metric => 2,
            RecordKind::Claim => 3,
            RecordKind::Dataset => return None,
        };
        if let Some(found) = self.seen.get(&(want, id.to_string())) {
            return found.clone();
        }
        let list = self.by_len[slot].get_or_insert_with(|| {
            let mut v: Vec<(usize, &str)> = ids().into_iter().map(|k| (k.chars().count(), k)).collect();
            v.sort_unstable();
            v
        });
        let len = id.chars().count();
        let limit = (len / 3).max(2);
        let from = list.partition_point(|(l, _)| *l + limit < len);
        let to = list.partition_point(|(l, _)| *l <= len.saturating_add(limit));
        let found = if to - from <= self.budget - self.comparisons {
            self.comparisons += to - from;
            list[from..to]
                .iter()
                .filter_map(|(_, k)| crate::yaml::edit_distance_within(id, k, limit).map(|d| (d, *k)))
                .min()
                .map(|(_, k)| k.to_string())
        } else {
            None
        };
        self.seen.insert((want, id.to_string()), found.clone());
        found
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
        let ids = cx.ix.len();
        let mut r = Refs { cx, out, suggest: Suggest::new(ids), names: None, to_failed: 0, last: Default::default() };
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
        for m in &cx.ds.metrics {
            if let Some(b) = &m.change_of {
                r.check(b, Metric, || m.at("change_of"), "change_of", m.id.as_str());
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
        if r.to_failed > 0
            && let Ok(mut notes) = cx.notes.lock()
        {
            notes.push(format!(
                "{} reference(s) to records that failed to load are not reported as unknown: fix those records first",
                r.to_failed
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("syn-claim-{i:05}")).collect()
    }

    #[test]
    fn suggests_the_closest_id() {
        let ids = ids(100);
        let mut s = Suggest::new(ids.len());
        let list = || ids.iter().map(String::as_str).collect();
        assert_eq!(s.closest("syn-claim-0004", RecordKind::Claim, list).as_deref(), Some("syn-claim-00004"));
        assert_eq!(s.closest("something-else-entirely", RecordKind::Claim, Vec::new), None);
    }

    /// Two thousand dangling references to two thousand different ids in a
    /// dataset of two thousand claims: the work of the suggestions stays
    /// linear in the dataset (it was 2,000 × 2,000 comparisons, 35 s).
    #[test]
    fn two_thousand_dangling_references_cost_linear_work() {
        let n = 2_000;
        let ids = ids(n);
        let mut s = Suggest::new(n);
        let mut suggested = 0;
        for i in 0..n {
            let gone = format!("syn-claim-{i:05}-gone");
            if s.closest(&gone, RecordKind::Claim, || ids.iter().map(String::as_str).collect()).is_some() {
                suggested += 1;
            }
        }
        assert!(s.comparisons <= SUGGEST_PER_ID * n + SUGGEST_BASE, "{} comparisons", s.comparisons);
        // The first unknown ids still get their suggestion.
        assert!(suggested >= 10, "{suggested}");
        // The same unknown id again costs nothing.
        let before = s.comparisons;
        s.closest("syn-claim-00000-gone", RecordKind::Claim, Vec::new);
        assert_eq!(s.comparisons, before);
    }
}
