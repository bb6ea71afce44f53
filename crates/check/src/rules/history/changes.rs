//! What a change between two states of the dataset means: records added,
//! removed, renamed and changed field by field, each with the version bump
//! it needs under the data's semver policy (docs/PUBLISHING.md, section
//! "Versions"). The one place that policy lives: `history/version-bump`
//! enforces it and `wbd-review` reports with it.

use serde_json::Value as Json;

use super::Diff;

/// A semver bump of the data's version, smallest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    Patch,
    Minor,
    Major,
}

impl Bump {
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// What happened to a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    Added,
    Removed,
    Renamed,
    Changed,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 4] = [ChangeKind::Added, ChangeKind::Removed, ChangeKind::Renamed, ChangeKind::Changed];
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Renamed => "renamed",
            ChangeKind::Changed => "changed",
        }
    }
}

/// One field of a record that exists in both states and changed. Values
/// are in the record format (`"EUR 1.2 billion"`, `2024`, ...); `None`
/// where the field is absent. For `citations`, `added` and `removed` list
/// the citations that appeared and went (a citation whose quote or locator
/// changed is one of each), and `old`/`new` are `None`.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<Json>,
    pub new: Option<Json>,
    pub added: Vec<Json>,
    pub removed: Vec<Json>,
    pub bump: Bump,
}

/// One record's change.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordChange<'a> {
    pub change: ChangeKind,
    /// `source`, `entity`, `metric` or `claim`.
    pub kind: &'static str,
    /// The record's id (the new id of a renamed record).
    pub id: &'a str,
    /// A renamed record's earlier id.
    pub from: Option<&'a str>,
    /// For `Changed`: the fields that changed, in record order.
    pub fields: Vec<FieldChange>,
    pub bump: Bump,
}

/// The bump a change to `field` of a record of `kind` needs.
///
/// Claims: what the claim is about (`subject`, `metric`, `period`, and
/// `scope`, which narrows the subject) is its identity for downstream
/// users: changing it is major. The figure and how it is meant (`value`,
/// `bound`, `status`, `equivalent`, `change`, `share_of`) and whether it is
/// disputed (`conflicts_with`) are minor. `note` and `allow` (reasons for
/// the check) are patch. Citations: see [`citations_bump`]. Other records:
/// their `note` and `description` are patch; any other field is minor
/// (a source's date or a metric's unit changes how claims read).
pub fn field_bump(kind: &str, field: &str) -> Bump {
    match (kind, field) {
        ("claim", "subject" | "metric" | "period" | "scope") => Bump::Major,
        ("claim", "note" | "allow") => Bump::Patch,
        ("claim", _) => Bump::Minor,
        (_, "note" | "description") => Bump::Patch,
        _ => Bump::Minor,
    }
}

/// Citations: citing another source, or no longer citing one, is minor;
/// changing only quotes, locators or `via` of the same sources is patch.
fn citations_bump(old: &[Json], new: &[Json]) -> Bump {
    let sources = |l: &[Json]| {
        let mut s: Vec<String> = l.iter().map(|c| c.get("source").map(Json::to_string).unwrap_or_default()).collect();
        s.sort_unstable();
        s.dedup();
        s
    };
    if sources(old) == sources(new) { Bump::Patch } else { Bump::Minor }
}

/// The fields of a record that changed, in the record's field order.
fn field_changes(kind: &str, old: &Json, new: &Json) -> Vec<FieldChange> {
    let empty = serde_json::Map::new();
    let (o, n) = (old.as_object().unwrap_or(&empty), new.as_object().unwrap_or(&empty));
    let mut names: Vec<&String> = n.keys().collect();
    names.extend(o.keys().filter(|k| !n.contains_key(*k)));
    let mut out = Vec::new();
    for name in names {
        let (a, b) = (o.get(name), n.get(name));
        if a == b {
            continue;
        }
        if name == "citations" {
            let list = |v: Option<&Json>| v.and_then(Json::as_array).cloned().unwrap_or_default();
            let (a, b) = (list(a), list(b));
            let removed: Vec<Json> = a.iter().filter(|c| !b.contains(c)).cloned().collect();
            let added: Vec<Json> = b.iter().filter(|c| !a.contains(c)).cloned().collect();
            if added.is_empty() && removed.is_empty() {
                // Only the order changed.
                continue;
            }
            out.push(FieldChange { field: name.clone(), old: None, new: None, bump: citations_bump(&a, &b), added, removed });
            continue;
        }
        out.push(FieldChange {
            field: name.clone(),
            old: a.cloned(),
            new: b.cloned(),
            added: Vec::new(),
            removed: Vec::new(),
            bump: field_bump(kind, name),
        });
    }
    out
}

/// Every change between the diff's two states, sorted by change kind,
/// record kind and id. A renamed record (same content, new id) is one
/// change, not a removal and an addition.
pub fn classify<'a>(d: &Diff<'a>) -> Vec<RecordChange<'a>> {
    let (removed, added) = super::removed_and_added(&d.old, &d.new);
    let renamed_from: Vec<&str> = d.renames.iter().map(|(o, _)| *o).collect();
    let renamed_to: Vec<&str> = d.renames.iter().map(|(_, n)| *n).collect();
    let mut out = Vec::new();
    let plain = |change, kind, id, bump| RecordChange { change, kind, id, from: None, fields: Vec::new(), bump };
    for id in added.into_iter().filter(|id| !renamed_to.contains(id)) {
        out.push(plain(ChangeKind::Added, d.new[id].kind, id, Bump::Minor));
    }
    for id in removed.into_iter().filter(|id| !renamed_from.contains(id)) {
        out.push(plain(ChangeKind::Removed, d.old[id].kind, id, Bump::Major));
    }
    for &(was, now) in &d.renames {
        out.push(RecordChange { from: Some(was), ..plain(ChangeKind::Renamed, d.new[now].kind, now, Bump::Major) });
    }
    for (id, n) in &d.new {
        let Some(o) = d.old.get(id) else { continue };
        if o.content == n.content && o.kind == n.kind {
            continue;
        }
        if o.kind != n.kind {
            // The id now names a record of another kind: that is the old
            // record removed and a new one added.
            out.push(plain(ChangeKind::Removed, o.kind, id, Bump::Major));
            out.push(plain(ChangeKind::Added, n.kind, id, Bump::Minor));
            continue;
        }
        let fields = field_changes(n.kind, &o.content, &n.content);
        let Some(bump) = fields.iter().map(|f| f.bump).max() else { continue };
        out.push(RecordChange { change: ChangeKind::Changed, kind: n.kind, id, from: None, fields, bump });
    }
    out.sort_by(|a, b| (a.change, a.kind, a.id).cmp(&(b.change, b.kind, b.id)));
    out
}

/// The largest bump the changes need; `None` when nothing changed.
pub fn required_bump(changes: &[RecordChange]) -> Option<Bump> {
    changes.iter().map(|c| c.bump).max()
}

/// A `MAJOR.MINOR.PATCH` version (a pre-release or build suffix is
/// ignored); `None` when the text is not one.
pub fn parse_version(v: &str) -> Option<(u64, u64, u64)> {
    let core = v.split(['-', '+']).next()?;
    let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
    let out = (parts.next()??, parts.next()??, parts.next()??);
    parts.next().is_none().then_some(out)
}

/// The bump from one version to the next; `None` when the version did not
/// go up.
pub fn bump_made(old: (u64, u64, u64), new: (u64, u64, u64)) -> Option<Bump> {
    if new.0 > old.0 {
        Some(Bump::Major)
    } else if new.0 == old.0 && new.1 > old.1 {
        Some(Bump::Minor)
    } else if new.0 == old.0 && new.1 == old.1 && new.2 > old.2 {
        Some(Bump::Patch)
    } else {
        None
    }
}

/// The version after applying `bump` to `v`.
pub fn bumped(v: (u64, u64, u64), bump: Bump) -> String {
    match bump {
        Bump::Major => format!("{}.0.0", v.0.saturating_add(1)),
        Bump::Minor => format!("{}.{}.0", v.0, v.1.saturating_add(1)),
        Bump::Patch => format!("{}.{}.{}", v.0, v.1, v.2.saturating_add(1)),
    }
}

/// A short phrase for a change, naming the record: `removed claim `x``,
/// `changed `period` of claim `y``.
pub fn describe(c: &RecordChange) -> String {
    match c.change {
        ChangeKind::Added => format!("added {} `{}`", c.kind, c.id),
        ChangeKind::Removed => format!("removed {} `{}`", c.kind, c.id),
        ChangeKind::Renamed => format!("renamed {} `{}` to `{}`", c.kind, c.from.unwrap_or(""), c.id),
        ChangeKind::Changed => {
            let fields: Vec<String> = c.fields.iter().filter(|f| f.bump == c.bump).map(|f| format!("`{}`", f.field)).collect();
            format!("changed {} of {} `{}`", fields.join(", "), c.kind, c.id)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert_eq!(parse_version("1.2.3"), Some((1, 2, 3)));
        assert_eq!(parse_version("1.2.3-rc.1+b5"), Some((1, 2, 3)));
        assert_eq!(parse_version("1.2"), None);
        assert_eq!(parse_version("1.2.3.4"), None);
        assert_eq!(bump_made((0, 1, 0), (1, 0, 0)), Some(Bump::Major));
        assert_eq!(bump_made((0, 1, 0), (0, 2, 0)), Some(Bump::Minor));
        assert_eq!(bump_made((0, 1, 0), (0, 1, 1)), Some(Bump::Patch));
        assert_eq!(bump_made((0, 1, 0), (0, 1, 0)), None);
        assert_eq!(bump_made((1, 0, 0), (0, 9, 0)), None);
        assert_eq!(bumped((0, 1, 4), Bump::Minor), "0.2.0");
        assert_eq!(bumped((0, 1, 4), Bump::Major), "1.0.0");
    }

    #[test]
    fn policy() {
        for f in ["subject", "metric", "period", "scope"] {
            assert_eq!(field_bump("claim", f), Bump::Major, "{f}");
        }
        for f in ["value", "bound", "status", "equivalent", "change", "share_of", "conflicts_with"] {
            assert_eq!(field_bump("claim", f), Bump::Minor, "{f}");
        }
        assert_eq!(field_bump("claim", "note"), Bump::Patch);
        assert_eq!(field_bump("source", "note"), Bump::Patch);
        assert_eq!(field_bump("source", "date"), Bump::Minor);
        let c = |s: &str, q: &str| serde_json::json!({"source": s, "locator": "p. 1", "quote": q});
        assert_eq!(citations_bump(&[c("a", "x")], &[c("a", "y")]), Bump::Patch);
        assert_eq!(citations_bump(&[c("a", "x")], &[c("a", "x"), c("b", "x")]), Bump::Minor);
    }
}
