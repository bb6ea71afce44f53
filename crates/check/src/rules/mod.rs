//! The rule registry: every rule, one file each, grouped by family.
//!
//! A rule is a [`RuleInfo`] (code, default severity, one-line summary, docs)
//! and a [`Rule`] implementation that looks at the whole loaded dataset and
//! pushes diagnostics. Rules marked "reported while loading" are found by
//! the loader, which is the only place that sees raw YAML; their `check`
//! does nothing.

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Dataset, Index};

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
    /// Whether the rule ran in this check. A rule that needs what a check
    /// may lack (the archived texts, an earlier state) does not run
    /// without it, and suppressions of it cannot be judged unused.
    fn runs(&self, _cx: &Context) -> bool {
        true
    }
}

/// Everything a rule may look at.
pub struct Context<'a> {
    pub ds: &'a Dataset,
    pub ix: &'a Index,
    /// Ids seen more than once: (the repeat, the first).
    pub duplicate_ids: &'a [crate::model::IdRepeat],
    /// Where archived source texts are, for quote verification.
    pub archive: citation::archive::Dirs,
    /// The default conversion window of stated equivalents, in days up to
    /// the conversion date (`Options::conversion_window_days`).
    pub conversion_window_days: u32,
    /// What the suppressions silenced (and which findings each record
    /// had). Set only for the late rules that run after suppression.
    pub used_allows: Option<&'a allow::Usage>,
    /// `conflicts_with` entries that acknowledged a contradiction, as
    /// (claim index, entry index). Set only for the late rules.
    pub used_conflicts: Option<&'a std::collections::HashSet<(usize, usize)>>,
    /// Archived texts, loaded once for the citation rules.
    pub archive_cache: citation::archive::Cache,
    /// Every stated equivalent the conversion rules look at, worked out
    /// once (`currency::conversions`).
    pub conversions: Vec<currency::Conversion<'a>>,
    /// Each claim's numbers for grouping (cell, whole, metric), worked
    /// out once for the contradiction rules and `currency/mixed-series`.
    pub(crate) keys: crate::series::Keys<'a>,
    /// The diff with the earlier state, computed once for the history rules.
    pub history_cache: std::sync::OnceLock<history::Diff<'a>>,
    /// One-line notes for the report's summary (not findings).
    pub notes: std::sync::Mutex<Vec<String>>,
    /// The earlier state of the dataset (`--since REV`): its records, the
    /// offset of its files in `ds.files`, and the name of the state.
    pub before: Option<(&'a Dataset, u32, &'a str)>,
}

/// The conversion window when neither the claim nor the configuration
/// sets one: the 14 days up to the conversion date.
pub const DEFAULT_CONVERSION_WINDOW_DAYS: u32 = 14;

/// Every rule, in the order their findings are reported for one place.
pub fn all() -> &'static [&'static dyn Rule] {
    &[
        &yaml::syntax::Syntax,
        &yaml::duplicate_key::DuplicateKey,
        &schema::shape::Shape,
        &schema::constraint::Constraint,
        &schema::json_schema::JsonSchema,
        &schema::value_kind::ValueKind,
        &refs::duplicate_id::DuplicateId,
        &refs::unknown::Unknown,
        &contradiction::conflicting_values::ConflictingValues,
        &contradiction::plan_vs_outcome::PlanVsOutcome,
        &contradiction::share_sum::ShareSum,
        &contradiction::share_vs_amounts::ShareVsAmounts,
        &contradiction::stated_change::StatedChange,
        &contradiction::change_claim::ChangeClaim,
        &contradiction::region_scope::RegionScope,
        &currency::unknown_code::UnknownCode,
        &currency::equivalent_mismatch::EquivalentMismatch,
        &currency::equivalent_rounding::EquivalentRounding,
        &currency::no_rate::NoRate,
        &currency::mixed_series::MixedSeries,
        &currency::rates_file::RatesFile,
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
        &history::version_bump::VersionBump,
        &allow::unjustified::Unjustified,
        &allow::unused::Unused,
        &allow::too_broad::TooBroad,
    ]
}

/// The rule with this code.
pub fn find(code: &str) -> Option<&'static dyn Rule> {
    all().iter().copied().find(|r| r.info().code == code)
}

/// The rule a user means by `query` (`cargo xtask explain QUERY`): its
/// code (`citation/quote-missing-value`), or its name alone when one rule
/// has it (`quote-missing-value`), in any case and with `_` for `-`.
/// Otherwise a message saying what there is: the rules of a family, or the
/// closest codes.
pub fn lookup(query: &str) -> Result<&'static dyn Rule, String> {
    let q = query.trim().to_lowercase().replace('_', "-");
    if q.is_empty() {
        return Err("explain needs a rule code, e.g. `cargo xtask explain ref/unknown`; `cargo xtask rules` lists them".into());
    }
    if let Some(r) = find(&q) {
        return Ok(r);
    }
    let name = |r: &&'static dyn Rule| r.info().code.split_once('/').map_or("", |(_, n)| n);
    let family = |r: &&'static dyn Rule| r.info().code.split_once('/').map_or("", |(f, _)| f);
    if !q.contains('/') {
        let named: Vec<_> = all().iter().filter(|r| name(r) == q).collect();
        if let [one] = named.as_slice() {
            return Ok(**one);
        }
        let members: Vec<&str> = all().iter().filter(|r| family(r) == q.trim_end_matches('/')).map(|r| r.info().code).collect();
        if !members.is_empty() {
            return Err(format!("`{query}` is a family of rules: {}; explain one of them", list(&members)));
        }
    }
    // The closest codes, comparing the query with whole codes and, for a
    // query without a family, with names.
    let limit = 2.max(q.chars().count() / 3);
    let mut near: Vec<(usize, &str)> = all()
        .iter()
        .map(|r| {
            let i = r.info();
            let dist = |a: &str, b: &str| crate::yaml::edit_distance_within(a, b, limit).unwrap_or(usize::MAX);
            let whole = dist(&q, i.code);
            let part = if q.contains('/') {
                // A known name under another family (`refs/unknown`).
                let (_, qn) = q.split_once('/').unwrap_or(("", &q));
                if qn == name(r) { 1 } else { usize::MAX }
            } else {
                dist(&q, name(r))
            };
            // A code or name that starts with the query is as near as can be.
            let prefix = if i.code.starts_with(&q) || name(r).starts_with(&q) { 1 } else { usize::MAX };
            (whole.min(part).min(prefix), i.code)
        })
        .filter(|(d, _)| *d <= limit)
        .collect();
    near.sort();
    // The nearest ones only (ties), at most three.
    let best = near.first().map_or(0, |(d, _)| *d);
    let near: Vec<&str> = near.into_iter().take_while(|(d, _)| *d == best).take(3).map(|(_, c)| c).collect();
    Err(match near.as_slice() {
        [] => format!("no rule `{query}`; `cargo xtask rules` lists them"),
        some => format!("no rule `{query}`; did you mean {}? (`cargo xtask rules` lists them)", list(some)),
    })
}

/// `a`, `a` or `b`, `a`, `b` or `c`.
fn list(codes: &[&str]) -> String {
    let quoted: Vec<String> = codes.iter().map(|c| format!("`{c}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}

/// What `cargo xtask explain QUERY` prints: the rule's code, default
/// severity, summary and docs; or why no rule was found ([`lookup`]).
pub fn explain(query: &str) -> Result<String, String> {
    let i = lookup(query)?.info();
    let mut summary = i.summary.to_string();
    if let Some(first) = summary.get(..1) {
        summary.replace_range(..1, &first.to_uppercase());
    }
    Ok(format!("# {}\n\nDefault severity: {}. {summary}.\n\n{}\n", i.code, i.severity.as_str(), i.docs.trim_end()))
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

    #[test]
    fn explain_finds_a_rule_by_its_name_alone() {
        let code = |q: &str| lookup(q).map(|r| r.info().code);
        assert_eq!(code("citation/quote-missing-value"), Ok("citation/quote-missing-value"));
        assert_eq!(code("quote-missing-value"), Ok("citation/quote-missing-value"));
        assert_eq!(code("Quote_Missing_Value"), Ok("citation/quote-missing-value"));
        assert_eq!(code("unknown"), Ok("ref/unknown"));
        assert!(explain("quote-missing-value").unwrap().starts_with("# citation/quote-missing-value\n\nDefault severity: error. No quote"));
    }

    #[test]
    fn explain_suggests_the_closest_codes() {
        let err = |q: &str| lookup(q).err().unwrap();
        assert_eq!(
            err("quote-mising-value"),
            "no rule `quote-mising-value`; did you mean `citation/quote-missing-value`? (`cargo xtask rules` lists them)"
        );
        assert_eq!(
            err("citation/quote-missing"),
            "no rule `citation/quote-missing`; did you mean `citation/quote-missing-value`? (`cargo xtask rules` lists them)"
        );
        assert_eq!(err("refs/unknown"), "no rule `refs/unknown`; did you mean `ref/unknown`? (`cargo xtask rules` lists them)");
        assert_eq!(
            err("history"),
            "`history` is a family of rules: `history/removed`, `history/renamed`, `history/figure-changed` or `history/version-bump`; explain one of them"
        );
        assert_eq!(err("frobnicate"), "no rule `frobnicate`; `cargo xtask rules` lists them");
        assert!(err("").starts_with("explain needs a rule code"));
    }
}
