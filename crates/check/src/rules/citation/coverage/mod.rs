//! Which figures of an archived source text the dataset covers: the one
//! computation behind `citation/uncovered-figure` and
//! `cargo xtask coverage`.
//!
//! A figure is a number with what makes it one (currency, sign, scale,
//! percent, unit: `€1.2 billion`, `+8.7%`, `12.7 mm`, `200,000`) or a
//! number word (`two`, `Thirteen`, `twenty-six`). Not figures: years and
//! decades written alone (`2024`, `1990s`), days of a month next to its
//! name, parts of names and model numbers (`F-16`, `HS200`, `Article 5`),
//! note markers (`[12]`), list numbers at the start of a line, numbers in
//! web addresses. A figure is covered when some claim's quote from that
//! source spans it in the text, or skipped when the source lists it under
//! `skipped_figures` with a reason.

use super::text::{OffsetMap, normalise};
use crate::model::Dataset;

mod extract;
pub use extract::{Figure, Spot, Wanted, extract, spots, spots_where};

/// Whether a figure is in the dataset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// A quote of this claim spans it.
    Covered {
        claim: String,
    },
    /// The source lists it under `skipped_figures` (index into that list).
    Skipped {
        entry: usize,
        reason: String,
    },
    Uncovered,
}

/// The figures of one archived source.
#[derive(Clone, Debug)]
pub struct SourceCoverage {
    /// Index into `Dataset::sources`.
    pub source: usize,
    pub file: String,
    /// Every figure of the text in order, or only the uncovered ones when
    /// computed with [`Keep::Uncovered`].
    pub figures: Vec<(Figure, Status)>,
    /// `skipped_figures` entries that name no figure of the text.
    pub unused_skips: Vec<usize>,
}

impl SourceCoverage {
    pub fn count(&self, f: impl Fn(&Status) -> bool) -> usize {
        self.figures.iter().filter(|(_, s)| f(s)).count()
    }
}

fn same_figure(a: &str, b: &str) -> bool {
    normalise(a).to_lowercase() == normalise(b).to_lowercase()
}

/// Which figures a [`SourceCoverage`] keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// Every figure, with its status (`cargo xtask coverage`).
    All,
    /// Only the uncovered ones (the check, which reports only those).
    Uncovered,
}

/// Coverage of one source's raw text, given where the quotes citing it
/// stand in its normalised text (`spans`: start, end, index of the claim
/// in `Dataset::claims`) and the way from raw offsets to normalised ones.
pub fn of_text(
    ds: &Dataset,
    source: usize,
    raw: &str,
    map: &OffsetMap,
    mut spans: Vec<(usize, usize, usize)>,
    keep: Keep,
) -> SourceCoverage {
    let src = &ds.sources[source];
    spans.sort_unstable_by_key(|(a, _, _)| *a);
    let reach = reach(&spans);
    let skips = &src.skipped_figures;
    // An entry is in use when it names a figure of the text, covered or
    // not (a claim added later may cover what was skipped).
    let mut used = vec![false; skips.len()];
    let mut figures = Vec::new();
    // Without skip entries to mark as used, the check needs only the
    // figures no quote covers.
    let found = if keep == Keep::Uncovered && skips.is_empty() { uncovered_spots(raw, map, &spans, &reach) } else { spots(raw) };
    for spot in found {
        let (a, b) = (map.to_norm(spot.core.0), map.to_norm(spot.core.1));
        let skip = if skips.is_empty() {
            None
        } else {
            let line_end = memchr::memchr(b'\n', &raw.as_bytes()[spot.line_start..]).map_or(raw.len(), |n| spot.line_start + n);
            let line = normalise(&raw[spot.line_start..line_end]);
            let text = &raw[spot.start..spot.end];
            skips
                .iter()
                .enumerate()
                .find(|(_, k)| same_figure(&k.figure, text) && k.context.as_deref().is_none_or(|c| line.contains(normalise(c).as_str())))
        };
        if let Some((i, _)) = skip {
            used[i] = true;
        }
        let status = match (covering(&spans, &reach, a, b), skip) {
            (Some(_), _) | (None, Some(_)) if keep == Keep::Uncovered => continue,
            (Some(claim), _) => Status::Covered { claim: ds.claims[claim].id.as_str().to_string() },
            (None, Some((i, k))) => Status::Skipped { entry: i, reason: k.reason.clone() },
            (None, None) => Status::Uncovered,
        };
        figures.push((spot.figure(raw), status));
    }
    SourceCoverage {
        source,
        file: src.archive.as_ref().map(|a| a.file.clone()).unwrap_or_default(),
        figures,
        unused_skips: used.iter().enumerate().filter(|(_, u)| !**u).map(|(i, _)| i).collect(),
    }
}

/// The claim whose quote spans the normalised range `a..b`, if any: among
/// The furthest end of the spans (sorted by start) up to each: the search
/// for a span that reaches past a figure stops where none before can.
fn reach(spans: &[(usize, usize, usize)]) -> Vec<usize> {
    spans
        .iter()
        .scan(0, |m, (_, e, _)| {
            *m = (*m).max(*e);
            Some(*m)
        })
        .collect()
}

/// `spans` (sorted by start; `reach`, the furthest end of the spans up to
/// each), the first one found that starts at or before `a` and ends at or
/// after `b`.
fn covering(spans: &[(usize, usize, usize)], reach: &[usize], a: usize, b: usize) -> Option<usize> {
    let upto = spans.partition_point(|(s, _, _)| *s <= a);
    (0..upto).rev().take_while(|&j| reach[j] >= b).find(|&j| b <= spans[j].1).map(|j| spans[j].2)
}

/// The figures of `raw` that no span covers, as [`spots`] and [`covering`]
/// find them, and some covered ones: each number and word is looked up in
/// the spans first (the places come in the order of the text, so the
/// look-ups walk along the offset map and the spans), and only those
/// outside every span are worked out; past one inside a span, the search
/// goes on from where that span ends. A covered number or word holds a
/// covered figure's number, so nothing uncovered is left out.
fn uncovered_spots(raw: &str, map: &OffsetMap, spans: &[(usize, usize, usize)], reach: &[usize]) -> Vec<Spot> {
    struct Outside<'m, 's> {
        map: &'m OffsetMap,
        cursor: super::text::Cursor<'m>,
        spans: &'s [(usize, usize, usize)],
        reach: &'s [usize],
        /// How many spans start at or before the last place asked.
        k: usize,
    }
    impl Outside<'_, '_> {
        /// The furthest normalised end of the spans that start at or
        /// before the normalised place of raw `at` (0: none).
        fn reach_from(&mut self, at: usize) -> (usize, usize) {
            let a = self.cursor.to_norm(at);
            while self.k < self.spans.len() && self.spans[self.k].0 <= a {
                self.k += 1;
            }
            (a, self.k.checked_sub(1).map_or(0, |j| self.reach[j]))
        }
    }
    impl Wanted for Outside<'_, '_> {
        fn wanted(&mut self, start: usize, end: usize) -> bool {
            let (_, reach) = self.reach_from(start);
            // Some span starting at or before `start` reaches `end`.
            reach < self.cursor.to_norm(end)
        }
        fn turned_down_to(&mut self, at: usize) -> usize {
            let (a, reach) = self.reach_from(at);
            if reach <= a { at } else { self.map.to_raw(reach).max(at) }
        }
    }
    spots_where(raw, &mut Outside { map, cursor: map.cursor(), spans, reach, k: 0 })
}

#[cfg(test)]
mod tests {
    use super::super::text::{OffsetMap, normalise_mapped};
    use super::{covering, spots, uncovered_spots};

    /// Pieces of text with figures, things that are not figures, words
    /// joined by hyphens, folds and line breaks.
    const PIECES: [&str; 30] = [
        "two",
        "twenty-six",
        "abc-two",
        "one million",
        "$1.3 billion",
        "€50 million",
        "2024",
        "Article 5",
        "F-16",
        "\n",
        " ",
        "  ",
        "…",
        "’",
        "12.7 mm",
        "200,000",
        "http://x.org/1",
        "5%",
        "March 28",
        "the",
        "of",
        ",",
        ".",
        "(",
        "x_1",
        "1.5",
        "EUR 4",
        "seven",
        "a",
        "\u{a0}",
    ];

    /// The figures left once covered numbers and words are turned down
    /// are the uncovered figures of the whole text, on texts with random
    /// quotes spanning random parts of them.
    #[test]
    fn turning_down_covered_numbers_first_leaves_the_same_uncovered_figures() {
        let mut seed: u64 = 0x1234_5678_9abc_def1;
        let mut next = |m: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % m.max(1) as u64) as usize
        };
        let mut covered = 0;
        for round in 0..4000 {
            let raw: String = (0..1 + round % 60).map(|_| PIECES[next(PIECES.len())]).collect();
            let mut map = OffsetMap::default();
            let norm = normalise_mapped(&raw, Some(&mut map));
            let mut spans: Vec<(usize, usize, usize)> = (0..next(6))
                .map(|_| {
                    let a = next(norm.len() + 1);
                    (a, a + next(norm.len() + 1 - a), 0)
                })
                .collect();
            spans.sort_unstable_by_key(|(a, _, _)| *a);
            let reach = super::reach(&spans);
            let all = spots(&raw);
            let uncovered = |s: &&super::Spot| covering(&spans, &reach, map.to_norm(s.core.0), map.to_norm(s.core.1)).is_none();
            let want: Vec<_> = all.iter().filter(uncovered).copied().collect();
            let got: Vec<_> = uncovered_spots(&raw, &map, &spans, &reach).iter().filter(uncovered).copied().collect();
            assert_eq!(got, want, "{raw:?} with {spans:?}");
            covered += all.len() - want.len();
        }
        assert!(covered > 500, "{covered}");
    }
}
