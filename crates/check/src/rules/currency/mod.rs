//! Currency rules: codes, stated equivalents against ECB rates, series.
pub mod equivalent_mismatch;
pub mod equivalent_rounding;
pub mod mixed_series;
pub mod no_rate;
pub mod rates_file;
pub mod unknown_code;

use wbd_schema::{Claim, CurrencyCode, Date, Equivalent, Source};

use crate::model::Dataset;
use crate::model::{Index, Rec, Recent};

/// A claim's stated equivalent in another currency, with both codes, when
/// both are in use for the claim's period: what the three rules about
/// conversions (`no-rate`, `equivalent-mismatch`, `equivalent-rounding`)
/// look at. A code that is not is `currency/unknown-code`'s finding.
pub fn conversion(c: &Rec<Claim>) -> Option<(&Equivalent, CurrencyCode, CurrencyCode)> {
    let eq = c.equivalent.as_deref()?;
    let (from, to) = (c.value.currency()?, eq.value.currency()?);
    let in_use = |code| unknown_code::in_use(code, &c.period);
    (from != to && in_use(from) && in_use(to)).then_some((eq, from, to))
}

/// How a conversion date was chosen, for messages (written out only when a
/// finding shows it).
#[derive(Clone, Copy, Debug)]
pub enum DateFrom<'a> {
    /// The claim's own `conversion_date`.
    Stated,
    /// The exact published date of this source.
    Published(&'a str),
    /// The last day this source, dated by month or year only, can have
    /// been published.
    LatestPublished(&'a str),
}

impl std::fmt::Display for DateFrom<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DateFrom::Stated => f.write_str("its conversion_date"),
            DateFrom::Published(id) => write!(f, "the published date of `{id}`"),
            DateFrom::LatestPublished(id) => write!(f, "the last day `{id}` can have been published"),
        }
    }
}

/// The date a claim's stated equivalent was converted at: its
/// `conversion_date`, else the first citing source's published date (the
/// last day it can mean, when only the month or year is known). Returns
/// the date and how it was chosen.
/// `sources` remembers the last source looked up (a rule keeps one for
/// its whole pass).
pub fn conversion_date<'a>(
    ds: &'a Dataset,
    ix: &Index,
    c: &'a Rec<Claim>,
    sources: &mut Recent<'a, Rec<Source>>,
) -> Option<(Date, DateFrom<'a>)> {
    let eq = c.equivalent.as_ref()?;
    if let Some(d) = eq.conversion_date {
        return Some((d, DateFrom::Stated));
    }
    let cit = c.citations.first()?;
    let src = sources.get(&cit.source, |id| ix.source(ds, id))?;
    let p = src.published?;
    let d = p.latest()?;
    let how = match p.exact() {
        Some(_) => DateFrom::Published(src.id.as_str()),
        None => DateFrom::LatestPublished(src.id.as_str()),
    };
    Some((d, how))
}

/// A claim's stated equivalent as the three conversion rules see it,
/// worked out once per check (before the rules run) instead of once per
/// rule: the codes, the conversion date, the cross rate on that date and
/// the rate the two written figures imply.
pub struct Conversion<'a> {
    /// The claim's position in `Dataset::claims`.
    pub claim: usize,
    pub eq: &'a Equivalent,
    pub from: CurrencyCode,
    pub to: CurrencyCode,
    /// `None`: neither a `conversion_date` nor a dated citing source.
    pub date: Option<(Date, DateFrom<'a>)>,
    /// Units of `to` per `from` on the date (`None` without a date or a
    /// rate for one of the codes).
    pub rate: Option<crate::rates::Rate>,
    /// Equivalent over value, as intervals of what is written (`None` when
    /// either is not a figure).
    pub implied: Option<crate::interval::Interval>,
}

/// Every stated equivalent that [`conversion`] lets through, in claim
/// order; empty without a rates file (the three rules then do not run).
pub fn conversions<'a>(ds: &'a Dataset, ix: &Index) -> Vec<Conversion<'a>> {
    use rayon::prelude::*;
    const CHUNK: usize = 4096;
    let Some(rates) = &ds.rates else { return Vec::new() };
    ds.claims
        .par_chunks(CHUNK)
        .enumerate()
        .flat_map_iter(|(k, chunk)| {
            let mut sources = Recent::default();
            let mut out = Vec::new();
            for (j, c) in chunk.iter().enumerate() {
                let Some((eq, from, to)) = conversion(c) else { continue };
                let date = conversion_date(ds, ix, c, &mut sources);
                let rate = date.and_then(|(d, _)| rates.cross(from, to, d));
                let implied = equivalent_mismatch::implied_rate(&c.value, &eq.value);
                out.push(Conversion { claim: k * CHUNK + j, eq, from, to, date, rate, implied });
            }
            out
        })
        .collect()
}
