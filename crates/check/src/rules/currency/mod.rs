//! Currency rules: codes, stated equivalents against ECB rates, series.
pub mod equivalent_mismatch;
pub mod equivalent_rounding;
pub mod mixed_series;
pub mod no_rate;
pub mod rates_file;
pub mod unknown_code;

use wbd_schema::{Claim, Date};

use crate::model::Dataset;
use crate::model::{Index, Rec};

/// The date a claim's stated equivalent was converted at: its
/// `conversion_date`, else the first citing source's published date (the
/// last day it can mean, when only the month or year is known). Returns
/// the date and how it was chosen.
pub fn conversion_date(ds: &Dataset, ix: &Index, c: &Rec<Claim>) -> Option<(Date, String)> {
    let eq = c.equivalent.as_ref()?;
    if let Some(d) = eq.conversion_date {
        return Some((d, "its conversion_date".to_string()));
    }
    let cit = c.citations.first()?;
    let src = ix.source(ds, cit.source.as_str())?;
    let p = src.published?;
    let d = p.latest()?;
    let how = match p.exact() {
        Some(_) => format!("the published date of `{}`", src.id),
        None => format!("the last day `{}` can have been published", src.id),
    };
    Some((d, how))
}
