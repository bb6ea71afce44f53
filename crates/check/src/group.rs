//! Grouping claims by small numbers (see [`crate::series`]): what the
//! contradiction rules and `currency/mixed-series` group series with.

use crate::hash::FastMap;

/// Numbers the distinct (primary, secondary) keys in the order they are
/// first seen. The primary is a dense number (a cell or whole of
/// [`crate::series::Keys`]); most primaries come with one secondary only
/// (a status, a whole), so each keeps the group first seen with it in a
/// plain array and only a second secondary goes to a map.
pub(crate) struct Refine {
    first: Vec<u32>,
    /// The secondary of each group.
    second: Vec<u64>,
    overflow: FastMap<(u32, u64), u32>,
}

impl Refine {
    /// For primaries below `primaries`.
    pub(crate) fn new(primaries: usize) -> Refine {
        Refine { first: vec![u32::MAX; primaries], second: Vec::new(), overflow: FastMap::default() }
    }

    /// The group of (`primary`, `secondary`), made if new.
    pub(crate) fn group(&mut self, primary: u32, secondary: u64) -> u32 {
        let next = self.second.len() as u32;
        let slot = &mut self.first[primary as usize];
        if *slot == u32::MAX {
            *slot = next;
            self.second.push(secondary);
            return next;
        }
        if self.second[*slot as usize] == secondary {
            return *slot;
        }
        let g = *self.overflow.entry((primary, secondary)).or_insert(next);
        if g == next {
            self.second.push(secondary);
        }
        g
    }

    pub(crate) fn len(&self) -> usize {
        self.second.len()
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

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn refine_numbers_keys_in_first_seen_order(keys in proptest::collection::vec((0u32..6, 0u64..4), 0..200)) {
            let mut r = Refine::new(6);
            let mut seen: Vec<(u32, u64)> = Vec::new();
            for &k in &keys {
                let g = r.group(k.0, k.1);
                let want = seen.iter().position(|s| *s == k).unwrap_or_else(|| {
                    seen.push(k);
                    seen.len() - 1
                });
                proptest::prop_assert_eq!(g as usize, want);
            }
            proptest::prop_assert_eq!(r.len(), seen.len());
        }
    }

    #[test]
    fn buckets_keep_claim_order_within_a_group() {
        let b = Buckets::new(3, &[(1, 0), (0, 1), (1, 2), (2, 3), (1, 4)]);
        assert_eq!(b.get(1), &[0, 2, 4]);
        assert_eq!(b.iter().collect::<Vec<_>>(), vec![&[1][..], &[0, 2, 4][..], &[3][..]]);
    }
}
