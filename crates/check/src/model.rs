//! The loaded dataset: every record with where it came from, and the id
//! index the rules look records up in.

use crate::hash::{FastMap as HashMap, FastSet as HashSet};

use std::collections::hash_map::Entry;

use wbd_schema::{Claim, DatasetMeta, Entity, FileKind, Id, Metric, Source};

use crate::diagnostic::{Anchor, FileId, Files, Span};
use crate::rates::Rates;

/// A record and its place: file, and index in the file's list.
#[derive(Debug)]
pub struct Rec<T> {
    pub rec: T,
    pub file: FileId,
    pub file_kind: FileKind,
    pub index: u32,
}

impl<T> Rec<T> {
    /// The record's own path in its file's YAML tree (`claims[3]`).
    pub fn path(&self) -> String {
        match self.file_kind {
            FileKind::Dataset => "dataset".to_string(),
            k => format!("{}[{}]", k.key(), self.index),
        }
    }
    /// An anchor at a field of this record (`citations[0].quote`), or at
    /// the record itself for an empty field path.
    pub fn at(&self, field: &str) -> Anchor {
        let mut path = self.path();
        if !field.is_empty() {
            if !field.starts_with('[') {
                path.push('.');
            }
            path.push_str(field);
        }
        Anchor::Path { file: self.file, path }
    }
}

impl<T> std::ops::Deref for Rec<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.rec
    }
}

/// What kind of record an id names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RecordKind {
    Source,
    Entity,
    Metric,
    Claim,
    Dataset,
}

impl RecordKind {
    pub fn name(self) -> &'static str {
        match self {
            RecordKind::Source => "source",
            RecordKind::Entity => "entity",
            RecordKind::Metric => "metric",
            RecordKind::Claim => "claim",
            RecordKind::Dataset => "dataset",
        }
    }
}

/// Every record of the dataset, in file order.
#[derive(Default)]
pub struct Dataset {
    pub files: Files,
    pub meta: Option<Rec<DatasetMeta>>,
    pub sources: Vec<Rec<Source>>,
    pub entities: Vec<Rec<Entity>>,
    pub metrics: Vec<Rec<Metric>>,
    pub claims: Vec<Rec<Claim>>,
    /// ECB reference rates, when `reference/` has them.
    pub rates: Option<Rates>,
    /// The `reference/` rates file, when there is one.
    pub rates_file: Option<FileId>,
    /// Records that failed to load, kept so that findings that only follow
    /// from their absence are not reported (see `engine::drop_cascades`).
    pub failed: Failed,
}

/// A record that did not load (its file did not parse, or the record did
/// not deserialize), as far as its id could be read.
#[derive(Clone, Debug)]
pub struct FailedRecord {
    /// The kind of its file, when known.
    pub kind: Option<FileKind>,
    /// Where the record (or its id) is.
    pub at: Span,
}

/// What failed to load: the ids of the records that are missing because
/// of it, and every id-like word those records (or files that did not
/// parse) name, which stands for the ids they refer to.
#[derive(Default, Debug)]
pub struct Failed {
    pub ids: HashMap<String, FailedRecord>,
    pub mentions: HashSet<String>,
}

impl Failed {
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty() && self.mentions.is_empty()
    }
    /// The record with this id that failed to load, when it could be one
    /// of kind `want`.
    pub fn record(&self, id: &str, want: RecordKind) -> Option<&FailedRecord> {
        self.ids.get(id).filter(|f| match f.kind {
            None => true,
            Some(k) => record_kind(k) == want,
        })
    }
}

/// The kind of record a file of this kind holds.
pub fn record_kind(k: FileKind) -> RecordKind {
    match k {
        FileKind::Sources => RecordKind::Source,
        FileKind::Entities => RecordKind::Entity,
        FileKind::Metrics => RecordKind::Metric,
        FileKind::Claims => RecordKind::Claim,
        FileKind::Dataset => RecordKind::Dataset,
    }
}

/// Ids to records. The first record with an id wins; later ones are
/// reported by `ref/duplicate-id` and left out of the index. One map for
/// every kind: a look-up by kind is a look-up whose answer is of that kind
/// (an id first given to a claim is no source's, even if a later source
/// repeats it).
#[derive(Default)]
pub struct Index {
    /// Kind and position (32 bits: an entry is 32 bytes, not 40; the
    /// table of a million claims outgrows the caches as it is).
    ids: HashMap<Id, (RecordKind, u32)>,
}

impl Index {
    /// The kind and position of the record with this id.
    pub fn get<Q: ?Sized + std::hash::Hash + Eq>(&self, id: &Q) -> Option<(RecordKind, usize)>
    where
        Id: std::borrow::Borrow<Q>,
    {
        self.ids.get(id).map(|&(k, i)| (k, i as usize))
    }
    /// How many ids it holds.
    pub fn len(&self) -> usize {
        self.ids.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
    /// The position of the record of kind `kind` with this id.
    /// (Looked up by `&Id`, the comparison of short ids is inline.)
    pub fn position<Q: ?Sized + std::hash::Hash + Eq>(&self, kind: RecordKind, id: &Q) -> Option<usize>
    where
        Id: std::borrow::Borrow<Q>,
    {
        self.get(id).and_then(|(k, i)| (k == kind).then_some(i))
    }
    pub fn contains<Q: ?Sized + std::hash::Hash + Eq>(&self, kind: RecordKind, id: &Q) -> bool
    where
        Id: std::borrow::Borrow<Q>,
    {
        self.position(kind, id).is_some()
    }
    /// Every id of a kind with its position, in no particular order.
    pub fn of_kind(&self, kind: RecordKind) -> impl Iterator<Item = (&Id, usize)> {
        self.ids.iter().filter(move |(_, (k, _))| *k == kind).map(|(id, (_, i))| (id, *i as usize))
    }
    pub fn source<'a, Q: ?Sized + std::hash::Hash + Eq>(&self, ds: &'a Dataset, id: &Q) -> Option<&'a Rec<Source>>
    where
        Id: std::borrow::Borrow<Q>,
    {
        self.position(RecordKind::Source, id).map(|i| &ds.sources[i])
    }
    pub fn entity<'a, Q: ?Sized + std::hash::Hash + Eq>(&self, ds: &'a Dataset, id: &Q) -> Option<&'a Rec<Entity>>
    where
        Id: std::borrow::Borrow<Q>,
    {
        self.position(RecordKind::Entity, id).map(|i| &ds.entities[i])
    }
    pub fn metric<'a, Q: ?Sized + std::hash::Hash + Eq>(&self, ds: &'a Dataset, id: &Q) -> Option<&'a Rec<Metric>>
    where
        Id: std::borrow::Borrow<Q>,
    {
        self.position(RecordKind::Metric, id).map(|i| &ds.metrics[i])
    }
    pub fn claim<'a, Q: ?Sized + std::hash::Hash + Eq>(&self, ds: &'a Dataset, id: &Q) -> Option<&'a Rec<Claim>>
    where
        Id: std::borrow::Borrow<Q>,
    {
        self.position(RecordKind::Claim, id).map(|i| &ds.claims[i])
    }
}

/// The last few records looked up by id, remembered: claims name the same
/// metric or source many times in a row, or take turns among a handful
/// (the metrics of one subject), and comparing an id with a few remembered
/// ones is cheaper than a look-up in the index, whose table outgrows the
/// caches on a large dataset.
pub struct Recent<'a, T> {
    slots: [Option<(&'a Id, Option<&'a T>)>; RECENT],
    /// The slot the next new id replaces (the oldest).
    next: usize,
}

/// How many ids [`Recent`] remembers.
const RECENT: usize = 4;

impl<'a, T> Default for Recent<'a, T> {
    fn default() -> Self {
        Recent { slots: [None; RECENT], next: 0 }
    }
}

impl<'a, T> Recent<'a, T> {
    /// The record with this id: a remembered one when the id is one of
    /// the last few, else what `look` finds.
    pub fn get(&mut self, id: &'a Id, look: impl FnOnce(&'a Id) -> Option<&'a T>) -> Option<&'a T> {
        for (seen, found) in self.slots.iter().flatten() {
            if *seen == id {
                return *found;
            }
        }
        let found = look(id);
        self.slots[self.next] = Some((id, found));
        self.next = (self.next + 1) % RECENT;
        found
    }
}

/// An id seen twice: the repeat and the first, each as kind and position.
pub type IdRepeat = ((RecordKind, usize), (RecordKind, usize));

/// Builds the index and returns, for each id seen twice, the record kind
/// and position of the repeat and of the first.
pub fn build_index(ds: &Dataset) -> (Index, Vec<IdRepeat>) {
    let mut ix = Index::default();
    let mut dups = Vec::new();
    ix.ids.reserve(ds.sources.len() + ds.entities.len() + ds.metrics.len() + ds.claims.len());
    // Positions are kept in 32 bits, as a record's place in its file is:
    // a dataset of four billion records does not fit in memory anyway.
    let mut add = |ix: &mut Index, id: &Id, kind: RecordKind, i: usize| match ix.ids.entry(id.clone()) {
        Entry::Occupied(first) => {
            let &(k, j) = first.get();
            dups.push(((kind, i), (k, j as usize)));
        }
        Entry::Vacant(v) => {
            v.insert((kind, i as u32));
        }
    };
    for (i, r) in ds.sources.iter().enumerate() {
        add(&mut ix, &r.id, RecordKind::Source, i);
    }
    for (i, r) in ds.entities.iter().enumerate() {
        add(&mut ix, &r.id, RecordKind::Entity, i);
    }
    for (i, r) in ds.metrics.iter().enumerate() {
        add(&mut ix, &r.id, RecordKind::Metric, i);
    }
    for (i, r) in ds.claims.iter().enumerate() {
        add(&mut ix, &r.id, RecordKind::Claim, i);
    }
    (ix, dups)
}

impl Dataset {
    /// The id, file and path of a record by kind and position.
    pub fn locate(&self, (kind, i): (RecordKind, usize)) -> (&str, Anchor) {
        match kind {
            RecordKind::Source => (self.sources[i].id.as_str(), self.sources[i].at("id")),
            RecordKind::Entity => (self.entities[i].id.as_str(), self.entities[i].at("id")),
            RecordKind::Metric => (self.metrics[i].id.as_str(), self.metrics[i].at("id")),
            RecordKind::Claim => (self.claims[i].id.as_str(), self.claims[i].at("id")),
            RecordKind::Dataset => match &self.meta {
                Some(m) => (m.id.as_str(), m.at("id")),
                None => ("", Anchor::Path { file: 0, path: String::new() }),
            },
        }
    }

    pub fn record_count(&self) -> usize {
        self.sources.len() + self.entities.len() + self.metrics.len() + self.claims.len() + usize::from(self.meta.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_looks_up_only_a_new_id() {
        let ids = [Id::from("a"), Id::from("a"), Id::from("b"), Id::from("a")];
        let found = 1;
        let mut recent = Recent::default();
        let mut looks = 0;
        let got: Vec<Option<&i32>> = ids
            .iter()
            .map(|id| {
                recent.get(id, |id| {
                    looks += 1;
                    (id.as_str() == "a").then_some(&found)
                })
            })
            .collect();
        assert_eq!(got, [Some(&1), Some(&1), None, Some(&1)]);
        assert_eq!(looks, 2);
    }

    /// Taking turns among more ids than it remembers, every answer is
    /// still the look-up's.
    #[test]
    fn recent_answers_as_the_look_up_does() {
        let ids: Vec<Id> = (0..40).map(|i| Id::from(format!("m{}", (i * 7) % (2 + i % 9)).as_str())).collect();
        let values: Vec<i32> = (0..10).collect();
        let look = |id: &Id| id.as_str()[1..].parse::<usize>().ok().filter(|n| n % 3 != 0).map(|n| &values[n]);
        let mut recent = Recent::default();
        let mut looks = 0;
        for id in &ids {
            let got = recent.get(id, |id| {
                looks += 1;
                look(id)
            });
            assert_eq!(got, look(id), "{}", id.as_str());
        }
        assert!(looks < ids.len(), "{looks}");
    }
}
