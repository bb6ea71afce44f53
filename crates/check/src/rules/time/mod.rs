//! Time rules: dates judged against the dates in the data, never the clock.
pub mod cited_after_citing;
pub mod date_url_mismatch;
pub mod future_date;
pub mod period_after_source;
pub mod relative_date;

use wbd_schema::{Date, Source};

/// The latest day a source can have been published or, for a reference
/// that prints only an access date, accessed.
pub fn latest_date(s: &Source) -> Option<Date> {
    s.published.and_then(|p| p.latest()).or(s.accessed)
}
