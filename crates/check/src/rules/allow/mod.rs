//! Rules about suppressions (`allow`). They run after the other rules,
//! once the engine knows which suppressions silenced what.
pub mod too_broad;
pub mod unjustified;
pub mod unused;

use std::collections::HashMap;

use wbd_schema::Allow;

use crate::diagnostic::Anchor;
use crate::model::RecordKind;
use crate::rules::Context;

/// What the suppressions did in one check, for the `allow/*` rules.
#[derive(Debug, Default)]
pub struct Usage {
    /// For each `allow` entry that silenced something, as (owner kind,
    /// owner index, entry index): the place of each finding it silenced.
    pub matched: HashMap<(RecordKind, usize, usize), Vec<String>>,
    /// For each record and rule code: the places of the rule's findings on
    /// the record, silenced or not.
    pub fired: HashMap<(RecordKind, usize, &'static str), Vec<String>>,
}

impl Usage {
    pub fn contains(&self, key: &(RecordKind, usize, usize)) -> bool {
        self.matched.contains_key(key)
    }
}

/// Where on its record a finding is: the field path below the record
/// (`equivalent.value`), empty for the record itself. A finding anchored
/// elsewhere (a byte span, another record) gets a place that no `on:` can
/// name.
pub fn place(anchor: &Anchor, record_file: crate::diagnostic::FileId, record_path: &str) -> String {
    match anchor {
        Anchor::Path { file, path } if *file == record_file => match path.strip_prefix(record_path) {
            Some("") => String::new(),
            Some(rest) if rest.starts_with('.') => rest[1..].to_string(),
            Some(rest) if rest.starts_with('[') => rest.to_string(),
            _ => format!("#{path}"),
        },
        Anchor::Path { file, path } => format!("#{file}:{path}"),
        Anchor::Span(s) => format!("#{}:{}", s.file, s.start),
    }
}

/// Whether `on:` covers a place: the same field, or a field inside it.
pub fn covers(on: &str, place: &str) -> bool {
    place.strip_prefix(on).is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
}

/// The entry of `allows` that silences a finding of `code` at `place`:
/// the one whose `on:` names the place most closely, else one without
/// `on:`.
pub fn matching(allows: &[Allow], code: &str, place: &str) -> Option<usize> {
    allows
        .iter()
        .enumerate()
        .filter(|(_, a)| a.rule == code && a.on.as_deref().is_none_or(|on| covers(on, place)))
        .max_by_key(|(j, a)| (a.on.as_ref().map_or(0, String::len), std::cmp::Reverse(*j)))
        .map(|(j, _)| j)
}

/// A place as users read it.
pub fn show_place(place: &str) -> String {
    if place.is_empty() || place.starts_with('#') { "the record itself".to_string() } else { format!("`{place}`") }
}

/// One `allow` entry: its owner and place.
pub struct AllowAt<'a> {
    pub owner: (RecordKind, usize),
    pub record: &'a str,
    pub index: usize,
    pub allow: &'a Allow,
    pub anchor: Anchor,
}

/// Every `allow` entry of the dataset.
pub fn all_allows<'a>(cx: &'a Context) -> Vec<AllowAt<'a>> {
    let mut out = Vec::new();
    macro_rules! collect {
        ($list:expr, $kind:expr) => {
            for (i, r) in $list.iter().enumerate() {
                for (j, a) in r.allow.iter().enumerate() {
                    out.push(AllowAt {
                        owner: ($kind, i),
                        record: r.id.as_str(),
                        index: j,
                        allow: a,
                        anchor: r.at(&format!("allow[{j}]")),
                    });
                }
            }
        };
    }
    collect!(cx.ds.sources, RecordKind::Source);
    collect!(cx.ds.entities, RecordKind::Entity);
    collect!(cx.ds.metrics, RecordKind::Metric);
    collect!(cx.ds.claims, RecordKind::Claim);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_covers_a_field_and_what_is_inside_it() {
        assert!(covers("equivalent", "equivalent"));
        assert!(covers("equivalent", "equivalent.value"));
        assert!(covers("citations", "citations[1].quote"));
        assert!(!covers("equivalent", "equivalents"));
        assert!(!covers("equivalent.value", "equivalent"));
        assert!(!covers("value", ""));
        let allow = |rule: &str, on: Option<&str>| Allow { rule: rule.into(), on: on.map(Into::into), reason: None };
        let allows = [allow("a/b", None), allow("a/b", Some("equivalent")), allow("c/d", Some("value"))];
        assert_eq!(matching(&allows, "a/b", "equivalent.value"), Some(1));
        assert_eq!(matching(&allows, "a/b", "value"), Some(0));
        assert_eq!(matching(&allows, "c/d", "equivalent"), None);
        assert_eq!(matching(&allows, "c/d", "value"), Some(2));
    }

    #[test]
    fn places_are_paths_below_the_record() {
        let at = |path: &str| Anchor::Path { file: 1, path: path.into() };
        assert_eq!(place(&at("claims[3].equivalent.value"), 1, "claims[3]"), "equivalent.value");
        assert_eq!(place(&at("claims[3]"), 1, "claims[3]"), "");
        assert_eq!(place(&at("claims[30].value"), 1, "claims[3]"), "#claims[30].value");
        assert_eq!(place(&at("claims[3].value"), 2, "claims[3]"), "#1:claims[3].value");
    }
}
