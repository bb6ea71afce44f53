//! Grouping claims by a key without keeping the keys: what the
//! contradiction rules and `currency/mixed-series` group series with.

use std::hash::BuildHasherDefault;

use crate::hash::{FastHasher, FastMap};

/// Numbers the distinct keys of claims, storing only a 64-bit hash per
/// key (group keys hold ids and periods, some 200 bytes; a map of them
/// cost more in copying than in hashing). A hash hit is confirmed against
/// the key of the group's first claim; the rare true collision goes to an
/// overflow map, so grouping is exact.
pub(crate) struct Grouper<K> {
    by_hash: FastMap<u64, u32>,
    overflow: FastMap<K, u32>,
    /// The first claim of each group.
    pub reps: Vec<usize>,
}

impl<K: std::hash::Hash + Eq> Grouper<K> {
    pub(crate) fn new() -> Grouper<K> {
        Grouper { by_hash: FastMap::default(), overflow: FastMap::default(), reps: Vec::new() }
    }

    fn hash(key: &K) -> u64 {
        use std::hash::BuildHasher;
        BuildHasherDefault::<FastHasher>::default().hash_one(key)
    }

    /// The group of `key`, the key of claim `i`, made if new; `key_of`
    /// gives the key of another claim.
    pub(crate) fn group(&mut self, key: K, i: usize, key_of: impl Fn(usize) -> K) -> u32 {
        use std::collections::hash_map::Entry;
        let next = self.reps.len() as u32;
        match self.by_hash.entry(Self::hash(&key)) {
            Entry::Vacant(e) => {
                e.insert(next);
                self.reps.push(i);
                next
            }
            Entry::Occupied(e) => {
                let g = *e.get();
                if key_of(self.reps[g as usize]) == key {
                    return g;
                }
                let g = *self.overflow.entry(key).or_insert(next);
                if g == next {
                    self.reps.push(i);
                }
                g
            }
        }
    }

    /// The group of `key`, if any claim has it.
    pub(crate) fn get(&self, key: &K, key_of: impl Fn(usize) -> K) -> Option<u32> {
        let g = *self.by_hash.get(&Self::hash(key))?;
        if key_of(self.reps[g as usize]) == *key { Some(g) } else { self.overflow.get(key).copied() }
    }

    pub(crate) fn len(&self) -> usize {
        self.reps.len()
    }
}

/// Claim indices bucketed by group, in claim order within a group.
pub(crate) struct Buckets {
    start: Vec<u32>,
    items: Vec<u32>,
}

impl Buckets {
    /// From (group, claim) pairs pushed in claim order.
    pub(crate) fn new(groups: usize, members: &[(u32, u32)]) -> Buckets {
        let mut start = vec![0u32; groups + 1];
        for &(g, _) in members {
            start[g as usize + 1] += 1;
        }
        for k in 1..start.len() {
            start[k] += start[k - 1];
        }
        let mut fill = start.clone();
        let mut items = vec![0u32; members.len()];
        for &(g, i) in members {
            items[fill[g as usize] as usize] = i;
            fill[g as usize] += 1;
        }
        Buckets { start, items }
    }
    pub(crate) fn get(&self, g: u32) -> &[u32] {
        &self.items[self.start[g as usize] as usize..self.start[g as usize + 1] as usize]
    }
    pub(crate) fn iter(&self) -> impl Iterator<Item = &[u32]> {
        self.start.windows(2).map(|w| &self.items[w[0] as usize..w[1] as usize])
    }
}
