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
pub use extract::{Figure, Spot, extract, spots};

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
/// stand in its normalised text (`spans`: start, end, claim id) and the
/// way from raw offsets to normalised ones.
pub fn of_text(
    ds: &Dataset,
    source: usize,
    raw: &str,
    map: &OffsetMap,
    mut spans: Vec<(usize, usize, &str)>,
    keep: Keep,
) -> SourceCoverage {
    let src = &ds.sources[source];
    spans.sort_unstable_by_key(|(a, _, _)| *a);
    // The furthest end of the spans up to each: the search for a span that
    // reaches past a figure stops where none before can.
    let reach: Vec<usize> = spans
        .iter()
        .scan(0, |m, (_, e, _)| {
            *m = (*m).max(*e);
            Some(*m)
        })
        .collect();
    let covering = |a: usize, b: usize| {
        let upto = spans.partition_point(|(s, _, _)| *s <= a);
        (0..upto).rev().take_while(|&j| reach[j] >= b).find(|&j| b <= spans[j].1).map(|j| spans[j].2)
    };
    let skips = &src.skipped_figures;
    // An entry is in use when it names a figure of the text, covered or
    // not (a claim added later may cover what was skipped).
    let mut used = vec![false; skips.len()];
    let mut figures = Vec::new();
    for spot in spots(raw) {
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
        let status = match (covering(a, b), skip) {
            (Some(_), _) | (None, Some(_)) if keep == Keep::Uncovered => continue,
            (Some(claim), _) => Status::Covered { claim: claim.to_string() },
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
