//! The static website of the dataset (`cargo xtask site`).
//!
//! Built from a checked [`Report`] and the publish crate's normalised
//! records ([`wbd_publish::json::build`]): the site shows the figures the
//! published files hold (EUR at the period's average ECB rate included) and
//! derives none of its own. Pages are askama templates (compiled and
//! type-checked with the crate, HTML escaping on); charts are SVG drawn at
//! build time ([`charts`]). Every link is relative, so the site opens from
//! disk and from any static host.
//!
//! The output is byte-deterministic: records in id order, no clock; the
//! "checked at" the home page shows is the data version and the commit the
//! caller passes in.

pub mod charts;
mod figures;
mod pages;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use askama::Template;
use serde::Serialize;
use wbd_check::Report;
use wbd_publish::json::{PublishedClaim, PublishedDataset};
use wbd_schema::{Entity, Metric, Source, Status, ValueKind};

use charts::{Bar, Mark, Point};
use figures::*;
use pages::*;

/// What the caller knows about where the data comes from.
#[derive(Clone, Debug, Default)]
pub struct Provenance {
    /// The commit the dataset was checked at (with `+changes` when the
    /// working tree differs), when known.
    pub revision: Option<String>,
    /// Downloadable files, relative to the site root (e.g.
    /// `data/dataset.json`), with their sizes in bytes.
    pub downloads: Vec<(String, usize)>,
}

/// The site: path relative to the output directory to contents.
pub type Files = BTreeMap<String, Vec<u8>>;

/// Metric pages and the home page chart at most this many claims; past it
/// the table alone shows them (the chart would be unreadable).
pub const MAX_SERIES_POINTS: usize = 400;
/// Bar charts: at most this many bars.
pub const MAX_BARS: usize = 60;

/// A serde enum's name (`planned`, `approx`, `country`).
fn label<T: Serialize>(t: &T) -> String {
    match serde_json::to_value(t) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(v) => v.to_string(),
        Err(_) => String::new(),
    }
}

/// One claim in a table.
pub struct Row {
    pub href: String,
    pub id: String,
    pub subject_href: String,
    pub subject: String,
    pub metric_href: String,
    pub metric: String,
    pub period: String,
    pub value: String,
    pub eur: String,
    pub status: String,
    pub disputed: bool,
}

struct Ctx<'a> {
    data: &'a PublishedDataset,
    entities: BTreeMap<&'a str, &'a Entity>,
    metrics: BTreeMap<&'a str, &'a Metric>,
    sources: BTreeMap<&'a str, &'a Source>,
    /// Record id to its page, relative to the root.
    pages: BTreeMap<String, String>,
}

impl<'a> Ctx<'a> {
    fn entity_name(&self, id: &str) -> String {
        self.entities.get(id).map_or_else(|| id.to_string(), |e| e.name.clone())
    }
    fn metric_name(&self, id: &str) -> String {
        self.metrics.get(id).map_or_else(|| id.to_string(), |m| m.name.clone())
    }
    fn source_name(&self, id: &str) -> String {
        self.sources.get(id).and_then(|s| s.title.clone().or_else(|| s.publisher.clone())).unwrap_or_else(|| id.to_string())
    }
    fn row(&self, c: &PublishedClaim, root: &str) -> Row {
        Row {
            href: format!("{root}claims/{}.html", c.id.as_str()),
            id: c.id.to_string(),
            subject_href: format!("{root}entities/{}.html", c.subject.as_str()),
            subject: self.entity_name(c.subject.as_str()),
            metric_href: format!("{root}metrics/{}.html", c.metric.as_str()),
            metric: self.metric_name(c.metric.as_str()),
            period: c.period.to_string(),
            value: c.value.written.clone(),
            eur: eur_text(c),
            status: label(&c.status),
            disputed: c.disputed,
        }
    }
}

/// Builds every page of the site. `data` is [`wbd_publish::json::build`]
/// of `report`.
pub fn build(report: &Report, data: &PublishedDataset, prov: &Provenance) -> Result<Files, askama::Error> {
    let mut ctx = Ctx {
        data,
        entities: data.entities.iter().map(|e| (e.id.as_str(), e)).collect(),
        metrics: data.metrics.iter().map(|m| (m.id.as_str(), m)).collect(),
        sources: data.sources.iter().map(|s| (s.id.as_str(), s)).collect(),
        pages: BTreeMap::new(),
    };
    for c in &data.claims {
        ctx.pages.insert(c.id.to_string(), format!("claims/{}.html", c.id.as_str()));
    }
    for (dir, ids) in [
        ("sources", data.sources.iter().map(|s| s.id.to_string()).collect::<Vec<_>>()),
        ("metrics", data.metrics.iter().map(|s| s.id.to_string()).collect()),
        ("entities", data.entities.iter().map(|s| s.id.to_string()).collect()),
    ] {
        for id in ids {
            ctx.pages.entry(id.clone()).or_insert_with(|| format!("{dir}/{id}.html"));
        }
    }
    let mut files = Files::new();
    let mut by_subject: BTreeMap<&str, Vec<&PublishedClaim>> = BTreeMap::new();
    let mut by_metric: BTreeMap<&str, Vec<&PublishedClaim>> = BTreeMap::new();
    let mut by_source: BTreeMap<&str, Vec<(&PublishedClaim, usize)>> = BTreeMap::new();
    let mut by_via: BTreeMap<&str, Vec<(&PublishedClaim, usize)>> = BTreeMap::new();
    for c in &data.claims {
        by_subject.entry(c.subject.as_str()).or_default().push(c);
        by_metric.entry(c.metric.as_str()).or_default().push(c);
        for (i, cit) in c.citations.iter().enumerate() {
            by_source.entry(cit.source.as_str()).or_default().push((c, i));
            if let Some(v) = &cit.via {
                by_via.entry(v.as_str()).or_default().push((c, i));
            }
        }
    }
    // Acknowledged findings per record.
    let mut findings: BTreeMap<String, Vec<Finding>> = BTreeMap::new();
    let mut by_rule: BTreeMap<&str, Vec<Finding>> = BTreeMap::new();
    for d in &report.diagnostics {
        let Some(s) = &d.suppressed else { continue };
        let record = d.record.clone().unwrap_or_default();
        let f = |root: &str| Finding {
            code: d.code.to_string(),
            rule_href: format!("{root}rules.html#{}", rule_anchor(d.code)),
            message: d.message.clone(),
            by: s.by.to_string(),
            reason: s.reason.clone(),
            record_href: ctx.pages.get(&record).map(|p| format!("{root}{p}")).unwrap_or_default(),
            record: record.clone(),
        };
        findings.entry(record.clone()).or_default().push(f("../"));
        by_rule.entry(d.code).or_default().push(f(""));
    }

    // Home.
    let meta = &data.dataset;
    let revision = match &prov.revision {
        Some(r) => format!("version {}, checked at commit {r}", meta.version),
        None => format!("version {}", meta.version),
    };
    let mut statuses: BTreeMap<String, usize> = BTreeMap::new();
    for c in &data.claims {
        *statuses.entry(label(&c.status)).or_default() += 1;
    }
    statuses.insert(
        "marked disputed on the site (status disputed, or part of an acknowledged contradiction)".into(),
        data.claims.iter().filter(|c| c.disputed).count(),
    );
    let mut home_charts = Vec::new();
    for (mid, title) in [
        ("military-expenditure", "Military expenditure by country over time"),
        ("arms-exports-value", "Arms exports by country and year"),
        ("arms-exports-share", "Shares of arms exports"),
    ] {
        if let (Some(m), Some(cs)) = (ctx.metrics.get(mid), by_metric.get(mid)) {
            if let Some(ch) = chart_for(m, &format!("chart-{mid}"), title.to_string(), cs, "", &ctx) {
                home_charts.push(ch);
            }
        }
    }
    let countries: Vec<(String, String)> = data
        .entities
        .iter()
        .filter(|e| label(&e.kind) == "country" && by_subject.contains_key(e.id.as_str()))
        .map(|e| (format!("entities/{}.html", e.id.as_str()), e.name.clone()))
        .collect();
    let citations: usize = data.claims.iter().map(|c| c.citations.len()).sum();
    let index = IndexPage {
        root: "",
        title: meta.title.clone(),
        description: meta.description.clone().unwrap_or_default(),
        revision: revision.clone(),
        license: meta.license.clone(),
        counts: vec![
            ("claims".into(), "metrics.html".into(), data.claims.len()),
            ("entities".into(), "entities.html".into(), data.entities.len()),
            ("metrics".into(), "metrics.html".into(), data.metrics.len()),
            ("sources".into(), "sources.html".into(), data.sources.len()),
            ("citations".into(), "sources.html".into(), citations),
        ],
        statuses: statuses.into_iter().collect(),
        downloads: prov.downloads.clone(),
        charts: home_charts,
        countries,
    };
    files.insert("index.html".into(), render(&index)?);

    // Lists.
    let mut groups: BTreeMap<String, Vec<(String, String, String, String)>> = BTreeMap::new();
    for e in &data.entities {
        let n = by_subject.get(e.id.as_str()).map_or(0, Vec::len);
        groups.entry(label(&e.kind)).or_default().push((
            format!("entities/{}.html", e.id.as_str()),
            e.name.clone(),
            e.id.to_string(),
            format!("{n} claims"),
        ));
    }
    files.insert(
        "entities.html".into(),
        render(&ListPage {
            root: "",
            title: "Entities".into(),
            intro: "What claims are about: countries, regions, companies, systems, people, agreements.".into(),
            groups: groups.into_iter().collect(),
        })?,
    );
    let mut groups: BTreeMap<String, Vec<(String, String, String, String)>> = BTreeMap::new();
    for m in &data.metrics {
        let n = by_metric.get(m.id.as_str()).map_or(0, Vec::len);
        groups.entry(label(&m.value)).or_default().push((
            format!("metrics/{}.html", m.id.as_str()),
            m.name.clone(),
            m.id.to_string(),
            format!("{n} claims"),
        ));
    }
    files.insert(
        "metrics.html".into(),
        render(&ListPage {
            root: "",
            title: "Metrics".into(),
            intro: "What claims measure, grouped by the kind of value. Each metric's page lists every claim of it.".into(),
            groups: groups.into_iter().collect(),
        })?,
    );
    let mut groups: BTreeMap<String, Vec<(String, String, String, String)>> = BTreeMap::new();
    for s in &data.sources {
        let n = by_source.get(s.id.as_str()).map_or(0, Vec::len);
        groups.entry(label(&s.kind)).or_default().push((
            format!("sources/{}.html", s.id.as_str()),
            ctx.source_name(s.id.as_str()),
            s.id.to_string(),
            format!("{n} citations"),
        ));
    }
    files.insert(
        "sources.html".into(),
        render(&ListPage {
            root: "",
            title: "Sources".into(),
            intro: "The documents claims cite, each with the verbatim quotes taken from it.".into(),
            groups: groups.into_iter().collect(),
        })?,
    );

    // Entities.
    for e in &data.entities {
        let claims = by_subject.get(e.id.as_str()).cloned().unwrap_or_default();
        let mut facts = vec![fact("id", e.id.to_string()), fact("kind", label(&e.kind))];
        if !e.aliases.is_empty() {
            facts.push(fact("also called", e.aliases.join(", ")));
        }
        if let Some(c) = &e.code {
            facts.push(fact("code", c.clone()));
        }
        if let Some(c) = &e.country {
            facts.push(fact_link("country", ctx.entity_name(c.as_str()), format!("{}.html", c.as_str())));
        }
        if let Some(ms) = &e.members {
            for m in ms {
                facts.push(fact_link("member", ctx.entity_name(m.as_str()), format!("{}.html", m.as_str())));
            }
        }
        if let Some(d) = &e.defined_by {
            facts.push(fact_link("defined by", ctx.source_name(d.as_str()), format!("../sources/{}.html", d.as_str())));
        }
        let mut per_metric: BTreeMap<&str, Vec<&PublishedClaim>> = BTreeMap::new();
        for c in &claims {
            per_metric.entry(c.metric.as_str()).or_default().push(c);
        }
        let mut charts_ = Vec::new();
        let mut tables = Vec::new();
        for (mid, cs) in &per_metric {
            if let Some(m) = ctx.metrics.get(mid) {
                if matches!(m.value, ValueKind::Money | ValueKind::Percent) {
                    let title = format!("{}: {}", e.name, m.name);
                    if let Some(ch) = chart_for(m, &format!("chart-{mid}"), title, cs, "../", &ctx) {
                        charts_.push(ch);
                    }
                }
            }
            tables.push((ctx.metric_name(mid), format!("../metrics/{mid}.html"), cs.iter().map(|c| ctx.row(c, "../")).collect()));
        }
        let page = EntityPage { root: "../", title: e.name.clone(), facts, charts: charts_, tables };
        files.insert(format!("entities/{}.html", e.id.as_str()), render(&page)?);
    }

    // Metrics.
    for m in &data.metrics {
        let claims = by_metric.get(m.id.as_str()).cloned().unwrap_or_default();
        let mut facts = vec![fact("id", m.id.to_string()), fact("value", label(&m.value))];
        if let Some(u) = &m.unit {
            facts.push(fact("unit", u.clone()));
        }
        if let Some(a) = &m.approx {
            facts.push(fact("approx tolerance", format!("{} %", label(a))));
        }
        if let Some(c) = &m.change_of {
            facts.push(fact_link("change of", ctx.metric_name(c.as_str()), format!("{}.html", c.as_str())));
        }
        if m.single_valued {
            facts.push(fact("single-valued", "yes: one value per subject and period"));
        }
        let charts_: Vec<Chart> =
            chart_for(m, &format!("chart-{}", m.id.as_str()), m.name.clone(), &claims, "../", &ctx).into_iter().collect();
        let rows = claims.iter().map(|c| ctx.row(c, "../")).collect();
        let cap = match m.value {
            ValueKind::Money => MAX_SERIES_POINTS,
            ValueKind::Percent => MAX_BARS,
            _ => usize::MAX,
        };
        let chart_note = if charts_.is_empty() && claims.len() > cap {
            format!("{} claims are too many to chart legibly (at most {cap}); the table lists them all.", claims.len())
        } else {
            String::new()
        };
        files.insert(
            format!("metrics/{}.html", m.id.as_str()),
            render(&MetricPage { root: "../", title: m.name.clone(), facts, charts: charts_, chart_note, rows })?,
        );
    }

    // Sources.
    for s in &data.sources {
        let mut facts = vec![fact("id", s.id.to_string()), fact("kind", label(&s.kind))];
        if let Some(t) = &s.title {
            facts.push(fact("title", t.clone()));
        }
        if let Some(p) = &s.publisher {
            facts.push(fact("publisher", p.clone()));
        }
        if !s.authors.is_empty() {
            facts.push(fact("authors", s.authors.join(", ")));
        }
        if let Some(p) = &s.published {
            facts.push(fact("published", label(p).trim_matches('"').to_string()));
        }
        if let Some(u) = &s.url {
            facts.push(fact_link("address", u.clone(), u.clone()));
        }
        if let Some(l) = &s.language {
            facts.push(fact("language", l.clone()));
        }
        if let Some(a) = &s.accessed {
            facts.push(fact("accessed", a.to_string()));
        }
        if let Some(d) = &s.derived_from {
            facts.push(fact_link("derived from", ctx.source_name(d.as_str()), format!("{}.html", d.as_str())));
        }
        if let Some(ci) = &s.cited_in {
            facts.push(fact_link(
                "cited in",
                format!("{}, note {}", ctx.source_name(ci.source.as_str()), ci.note),
                format!("{}.html", ci.source.as_str()),
            ));
        }
        if let Some(a) = &s.archive {
            facts.push(fact("archived text", a.file.clone()));
            facts.push(fact("archive SHA-256", a.sha256.clone()));
        }
        if let Some(n) = &s.note {
            facts.push(fact("note", n.clone()));
        }
        let q = |list: Option<&Vec<(&PublishedClaim, usize)>>| -> Vec<Quoted> {
            list.map(|v| {
                v.iter()
                    .map(|(c, i)| {
                        let cit = &c.citations[*i];
                        Quoted {
                            claim_href: format!("../claims/{}.html", c.id.as_str()),
                            claim: c.id.to_string(),
                            value: c.value.written.clone(),
                            locator: cit.locator.clone(),
                            quote: cit.quote.clone(),
                            via: cit.via.as_ref().map(|v| v.to_string()).unwrap_or_default(),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default()
        };
        let page = SourcePage {
            root: "../",
            title: ctx.source_name(s.id.as_str()),
            facts,
            quotes: q(by_source.get(s.id.as_str())),
            relayed: q(by_via.get(s.id.as_str())),
        };
        files.insert(format!("sources/{}.html", s.id.as_str()), render(&page)?);
    }

    // Claims.
    for c in &data.claims {
        let found = findings.remove(c.id.as_str()).unwrap_or_default();
        files.insert(format!("claims/{}.html", c.id.as_str()), claim_page(&ctx, c, found)?);
    }

    // Check report and rules.
    let total = by_rule.values().map(Vec::len).sum();
    let summaries: BTreeMap<&str, &wbd_check::rules::RuleInfo> =
        wbd_check::rules::all().iter().map(|r| r.info()).map(|i| (i.code, i)).collect();
    let groups = by_rule
        .into_iter()
        .map(|(code, fs)| {
            let summary = summaries.get(code).map(|i| i.summary.to_string()).unwrap_or_default();
            (code.to_string(), format!("rules.html#{}", rule_anchor(code)), summary, fs)
        })
        .collect();
    files.insert("check.html".into(), render(&CheckPage { root: "", title: "Check report".into(), revision, total, groups })?);
    let rules = summaries
        .values()
        .map(|i| {
            (
                rule_anchor(i.code),
                i.code.to_string(),
                format!("{:?}", i.severity).to_lowercase(),
                i.summary.to_string(),
                i.docs.trim().to_string(),
            )
        })
        .collect();
    files.insert("rules.html".into(), render(&RulesPage { root: "", title: "Rules".into(), rules })?);

    // Search.
    files.insert("search.html".into(), render(&SearchPage { root: "", title: "Search".into() })?);
    files.insert("search-index.js".into(), search_index(&ctx).into_bytes());
    files.insert("search.js".into(), include_bytes!("../assets/search.js").to_vec());
    files.insert("style.css".into(), include_bytes!("../assets/style.css").to_vec());
    let _ = ctx.data;
    Ok(files)
}

/// The search index: a JSON array of `[page, id, name, text]` assigned to
/// `WBD_SEARCH` (a script, not a fetched file, so it loads from disk too).
fn search_index(ctx: &Ctx) -> String {
    let mut rows: Vec<serde_json::Value> = Vec::new();
    for e in &ctx.data.entities {
        rows.push(serde_json::json!([format!("entities/{}.html", e.id.as_str()), e.id, e.name, e.aliases.join(" ")]));
    }
    for m in &ctx.data.metrics {
        rows.push(serde_json::json!([format!("metrics/{}.html", m.id.as_str()), m.id, m.name, ""]));
    }
    for s in &ctx.data.sources {
        rows.push(serde_json::json!([
            format!("sources/{}.html", s.id.as_str()),
            s.id,
            ctx.source_name(s.id.as_str()),
            s.publisher.clone().unwrap_or_default()
        ]));
    }
    for c in &ctx.data.claims {
        let quotes: Vec<&str> = c.citations.iter().map(|q| q.quote.as_str()).collect();
        rows.push(serde_json::json!([
            format!("claims/{}.html", c.id.as_str()),
            c.id,
            format!("{}: {}, {}: {}", ctx.entity_name(c.subject.as_str()), ctx.metric_name(c.metric.as_str()), c.period, c.value.written),
            quotes.join(" ")
        ]));
    }
    let json = serde_json::to_string(&rows).unwrap_or_else(|_| "[]".into());
    // `</script>` cannot occur in a JSON string escaped this way.
    format!("window.WBD_SEARCH = {};\n", json.replace("</", "<\\/"))
}
