//! Citation rules: every claim traceable to a verbatim quote in a source
//! that can be found again.
pub mod archive;
pub mod archive_mismatch;
pub mod coverage;
pub mod derived_only;
pub mod figure;
pub mod incomplete_source;
pub mod missing;
pub mod quote_missing_value;
pub mod quote_not_in_source;
pub mod text;
pub mod uncovered_figure;
pub mod unused_source;
