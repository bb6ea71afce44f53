//! History rules: what changed since an earlier state of the dataset
//! (`cargo xtask check --since REV`). Silent without `--since`.
pub mod changes;
pub mod figure_changed;
pub mod removed;
pub mod renamed;
pub mod version_bump;

use crate::diagnostic::Anchor;
use crate::hash::FastMap;
use crate::model::Dataset;

/// One record of either state, by id: its kind, anchor at its `id`, and
/// its content without the id (for comparing records across a rename).
pub struct Entry<'a> {
    pub kind: &'static str,
    pub id: &'a str,
    pub anchor: Anchor,
    pub content: serde_json::Value,
    /// The record's file (shifted like the anchor) and place in it.
    pub file: crate::diagnostic::FileId,
    pub index: u32,
}

impl<'a> Entry<'a> {
    /// A record that is not part of a loaded dataset (e.g. read back from a
    /// published `dataset.json`): `content` is its record form without the
    /// id; its anchor, file and index are unused placeholders.
    pub fn detached(kind: &'static str, id: &'a str, content: serde_json::Value) -> Entry<'a> {
        Entry { kind, id, anchor: Anchor::Path { file: 0, path: String::new() }, content, file: 0, index: 0 }
    }
}

/// Every record of a dataset by id; anchors point at `file + offset`.
pub fn entries(ds: &Dataset, offset: u32) -> FastMap<&str, Entry<'_>> {
    let mut out = FastMap::default();
    let shift = |a: Anchor| match a {
        Anchor::Path { file, path } => Anchor::Path { file: file + offset, path },
        Anchor::Span(mut s) => {
            s.file += offset;
            Anchor::Span(s)
        }
    };
    macro_rules! add {
        ($list:expr, $kind:literal) => {
            for r in &$list {
                let mut content = serde_json::to_value(&r.rec).unwrap_or_default();
                if let Some(o) = content.as_object_mut() {
                    o.shift_remove("id");
                }
                out.entry(r.id.as_str()).or_insert(Entry {
                    kind: $kind,
                    id: r.id.as_str(),
                    anchor: shift(r.at("id")),
                    content,
                    file: r.file + offset,
                    index: r.index,
                });
            }
        };
    }
    add!(ds.sources, "source");
    add!(ds.entities, "entity");
    add!(ds.metrics, "metric");
    add!(ds.claims, "claim");
    out
}

/// Ids that disappeared and ids that appeared, each sorted.
pub fn removed_and_added<'a>(old: &FastMap<&'a str, Entry<'a>>, new: &FastMap<&'a str, Entry<'a>>) -> (Vec<&'a str>, Vec<&'a str>) {
    let mut removed: Vec<&str> = old.keys().filter(|k| !new.contains_key(*k)).copied().collect();
    let mut added: Vec<&str> = new.keys().filter(|k| !old.contains_key(*k)).copied().collect();
    removed.sort_unstable();
    added.sort_unstable();
    (removed, added)
}

/// For each removed id, the added id with the same content, if any.
pub fn renames<'a>(old: &FastMap<&'a str, Entry<'a>>, new: &FastMap<&'a str, Entry<'a>>) -> Vec<(&'a str, &'a str)> {
    let (removed, added) = removed_and_added(old, new);
    let mut by_content: FastMap<String, Vec<&str>> = FastMap::default();
    for a in &added {
        let e = &new[a];
        by_content.entry(format!("{}:{}", e.kind, e.content)).or_default().push(a);
    }
    let mut out = Vec::new();
    for r in removed {
        let e = &old[r];
        if let Some(list) = by_content.get_mut(&format!("{}:{}", e.kind, e.content))
            && !list.is_empty()
        {
            out.push((r, list.remove(0)));
        }
    }
    out
}

/// What changed between the two states, computed once per check and shared
/// by the rules (serializing every record for comparison is not cheap).
pub struct Diff<'a> {
    pub old: FastMap<&'a str, Entry<'a>>,
    pub new: FastMap<&'a str, Entry<'a>>,
    /// (old id, new id) of records renamed with nothing else changed.
    pub renames: Vec<(&'a str, &'a str)>,
}

impl<'a> Diff<'a> {
    /// The diff of two states' records.
    pub fn new(old: FastMap<&'a str, Entry<'a>>, new: FastMap<&'a str, Entry<'a>>) -> Diff<'a> {
        let renames = renames(&old, &new);
        Diff { old, new, renames }
    }
}

/// The diff with the earlier state, or `None` without `--since`.
pub fn diff<'c, 'a>(cx: &'c crate::rules::Context<'a>) -> Option<&'c Diff<'a>> {
    let (before, offset, _) = cx.before?;
    Some(cx.history_cache.get_or_init(|| Diff::new(entries(before, offset), entries(cx.ds, 0))))
}
