//! The pages' templates (askama, `templates/`) and the views they show,
//! and the helpers that fill them.

use super::*;

mod claim;

pub(crate) use claim::claim_page;

#[derive(Template)]
#[template(path = "index.html")]
pub(crate) struct IndexPage<'a> {
    pub root: &'a str,
    pub title: String,
    pub description: String,
    pub revision: String,
    pub license: String,
    pub counts: Vec<(String, String, usize)>,
    pub statuses: Vec<(String, usize)>,
    pub downloads: Vec<(String, usize)>,
    pub charts: Vec<Chart>,
    pub countries: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "list.html")]
pub(crate) struct ListPage<'a> {
    pub root: &'a str,
    pub title: String,
    pub intro: String,
    /// Group heading, then (href, name, id, detail).
    pub groups: Vec<(String, Vec<(String, String, String, String)>)>,
}

#[derive(Template)]
#[template(path = "entity.html")]
pub(crate) struct EntityPage<'a> {
    pub root: &'a str,
    pub title: String,
    pub facts: Vec<(String, String, String)>,
    pub charts: Vec<Chart>,
    /// Metric name and href, then its rows.
    pub tables: Vec<(String, String, Vec<Row>)>,
}

#[derive(Template)]
#[template(path = "metric.html")]
pub(crate) struct MetricPage<'a> {
    pub root: &'a str,
    pub title: String,
    pub facts: Vec<(String, String, String)>,
    pub charts: Vec<Chart>,
    /// Why a money or percent metric has no chart (too many claims).
    pub chart_note: String,
    pub rows: Vec<Row>,
}

pub struct Quoted {
    pub claim_href: String,
    pub claim: String,
    pub value: String,
    pub locator: String,
    pub quote: String,
    pub via: String,
}

#[derive(Template)]
#[template(path = "source.html")]
pub(crate) struct SourcePage<'a> {
    pub root: &'a str,
    pub title: String,
    pub facts: Vec<(String, String, String)>,
    pub quotes: Vec<Quoted>,
    pub relayed: Vec<Quoted>,
}

pub struct CitationView {
    pub source_href: String,
    pub source: String,
    pub locator: String,
    pub quote: String,
    /// (href, name) from the citing document to where the figure comes from.
    pub via: Vec<(String, String)>,
}

pub struct Finding {
    pub code: String,
    pub rule_href: String,
    pub message: String,
    pub by: String,
    pub reason: String,
    pub record_href: String,
    pub record: String,
}

#[derive(Template)]
#[template(path = "claim.html")]
pub(crate) struct ClaimPage<'a> {
    pub root: &'a str,
    pub title: String,
    pub facts: Vec<(String, String, String)>,
    pub citations: Vec<CitationView>,
    pub findings: Vec<Finding>,
    /// (href, id, note)
    pub conflicts: Vec<(String, String, String)>,
    pub allows: Vec<(String, String, String)>,
    pub note: String,
}

#[derive(Template)]
#[template(path = "check.html")]
pub(crate) struct CheckPage<'a> {
    pub root: &'a str,
    pub title: String,
    pub revision: String,
    pub total: usize,
    pub groups: Vec<(String, String, String, Vec<Finding>)>,
}

#[derive(Template)]
#[template(path = "rules.html")]
pub(crate) struct RulesPage<'a> {
    pub root: &'a str,
    pub title: String,
    /// (anchor, code, severity, summary, docs)
    pub rules: Vec<(String, String, String, String, String)>,
}

#[derive(Template)]
#[template(path = "search.html")]
pub(crate) struct SearchPage<'a> {
    pub root: &'a str,
    pub title: String,
}

/// The anchor of a rule on `rules.html`.
pub fn rule_anchor(code: &str) -> String {
    code.replace('/', "-")
}

pub(crate) fn render(t: &impl Template) -> Result<Vec<u8>, askama::Error> {
    let mut s = t.render()?;
    if !s.ends_with('\n') {
        s.push('\n');
    }
    Ok(s.into_bytes())
}

pub(crate) fn fact(k: &str, v: impl Into<String>) -> (String, String, String) {
    (k.to_string(), v.into(), String::new())
}
pub(crate) fn fact_link(k: &str, v: impl Into<String>, href: String) -> (String, String, String) {
    (k.to_string(), v.into(), href)
}
