//! The rule registry: every rule, one file each, grouped by family.
//!
//! A rule is a [`RuleInfo`] (code, default severity, one-line summary, docs)
//! and a [`Rule`] implementation that looks at the whole loaded dataset and
//! pushes diagnostics. Rules marked "reported while loading" are found by
//! the loader, which is the only place that sees raw YAML; their `check`
//! does nothing.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Dataset, Index, RecordKind};

pub mod allow;
pub mod citation;
pub mod contradiction;
pub mod currency;
pub mod history;
pub mod refs;
pub mod schema;
pub mod time;
pub mod yaml;

/// What `cargo xtask rules` lists and `cargo xtask explain` prints.
#[derive(Debug)]
pub struct RuleInfo {
    /// `family/name`.
    pub code: &'static str,
    pub severity: Severity,
    /// One line: when it fires.
    pub summary: &'static str,
    /// Markdown with the sections `## What it checks`, `## Why`,
    /// `## Example` and `## Fix`.
    pub docs: &'static str,
}

/// A check over the whole dataset.
pub trait Rule: Sync {
    fn info(&self) -> &'static RuleInfo;
    /// Pushes this rule's findings. Never panics, never stops early.
    fn check(&self, _cx: &Context, _out: &mut Vec<Diagnostic>) {}
    /// Whether the rule runs after suppressions are applied.
    fn late(&self) -> bool {
        false
    }
}

/// Everything a rule may look at.
pub struct Context<'a> {
    pub ds: &'a Dataset,
    pub ix: &'a Index,
    /// Ids seen more than once: (the repeat, the first).
    pub duplicate_ids: &'a [crate::model::IdRepeat],
    /// Where archived source texts are, for quote verification.
    pub archive: Option<PathBuf>,
    /// Suppressions that silenced a finding, as (owner kind, owner index,
    /// allow index). Set only for the late rules that run after
    /// suppression.
    pub used_allows: Option<&'a std::collections::HashSet<(RecordKind, usize, usize)>>,
    /// `conflicts_with` entries that acknowledged a contradiction, as
    /// (claim index, entry index). Set only for the late rules.
    pub used_conflicts: Option<&'a std::collections::HashSet<(usize, usize)>>,
    /// Archived texts, loaded once for the citation rules.
    pub archive_cache: citation::archive::Cache,
    /// The diff with the earlier state, computed once for the history rules.
    pub history_cache: std::sync::OnceLock<history::Diff<'a>>,
    /// One-line notes for the report's summary (not findings).
    pub notes: std::sync::Mutex<Vec<String>>,
    /// The earlier state of the dataset (`--since REV`): its records, the
    /// offset of its files in `ds.files`, and the name of the state.
    pub before: Option<(&'a Dataset, u32, &'a str)>,
}

/// Every rule, in the order their findings are reported for one place.
pub fn all() -> &'static [&'static dyn Rule] {
    &[
        &yaml::syntax::Syntax,
        &yaml::duplicate_key::DuplicateKey,
        &schema::shape::Shape,
        &schema::constraint::Constraint,
        &schema::json_schema::JsonSchema,
        &refs::duplicate_id::DuplicateId,
        &refs::unknown::Unknown,
        &contradiction::conflicting_values::ConflictingValues,
        &contradiction::share_sum::ShareSum,
        &contradiction::share_vs_amounts::ShareVsAmounts,
        &contradiction::stated_change::StatedChange,
        &contradiction::region_scope::RegionScope,
        &currency::unknown_code::UnknownCode,
        &currency::equivalent_mismatch::EquivalentMismatch,
        &currency::no_rate::NoRate,
        &currency::mixed_series::MixedSeries,
        &citation::missing::Missing,
        &citation::quote_missing_value::QuoteMissingValue,
        &citation::quote_not_in_source::QuoteNotInSource,
        &citation::archive_mismatch::ArchiveMismatch,
        &citation::incomplete_source::IncompleteSource,
        &citation::derived_only::DerivedOnly,
        &citation::unused_source::UnusedSource,
        &citation::uncovered_figure::UncoveredFigure,
        &time::future_date::FutureDate,
        &time::cited_after_citing::CitedAfterCiting,
        &time::period_after_source::PeriodAfterSource,
        &time::relative_date::RelativeDate,
        &time::date_url_mismatch::DateUrlMismatch,
        &history::removed::Removed,
        &history::renamed::Renamed,
        &history::figure_changed::FigureChanged,
        &allow::unjustified::Unjustified,
        &allow::unused::Unused,
    ]
}

/// The rule with this code.
pub fn find(code: &str) -> Option<&'static dyn Rule> {
    all().iter().copied().find(|r| r.info().code == code)
}

/// Severity overrides from the configuration, by code.
pub type SeverityOverrides = HashMap<String, Severity>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_well_formed_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for r in all() {
            let i = r.info();
            assert!(seen.insert(i.code), "duplicate code {}", i.code);
            let (family, name) = i.code.split_once('/').expect("family/name");
            for part in [family, name] {
                assert!(wbd_schema::is_slug(part), "{}", i.code);
            }
            for section in ["## What it checks", "## Why", "## Example", "## Fix"] {
                assert!(i.docs.contains(section), "{} docs lack {section}", i.code);
            }
            assert!(!i.summary.is_empty());
        }
    }
}
