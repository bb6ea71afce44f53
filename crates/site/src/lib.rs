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

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use askama::Template;
use serde::Serialize;
use wbd_check::Report;
use wbd_publish::json::{PublishedClaim, PublishedDataset};
use wbd_schema::{Entity, Metric, Source, Status, ValueKind};

use charts::{Bar, Mark, Point};

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

/// `EUR 1234.56` or an interval, or empty.
fn eur_text(c: &PublishedClaim) -> String {
    let Some(e) = &c.value.eur else { return String::new() };
    match &e.amount {
        Some(a) => format!("EUR {}", group(&a.0)),
        None => match &e.interval.hi {
            Some(hi) => format!("EUR {} to {}", group(&e.interval.lo.0), group(&hi.0)),
            None => format!("over EUR {}", group(&e.interval.lo.0)),
        },
    }
}

/// Thousands separated by commas: `1099142380.56` gives `1,099,142,380.56`
/// (the digits unchanged).
pub fn group(s: &str) -> String {
    let (sign, rest) = s.strip_prefix('-').map_or(("", s), |r| ("-", r));
    let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut out = String::from(sign);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

fn status_of(c: &PublishedClaim) -> charts::Status {
    match c.status {
        Status::Planned => charts::Status::Planned,
        Status::Projected => charts::Status::Projected,
        _ => charts::Status::Reported,
    }
}

fn mark(c: &PublishedClaim, root: &str, ctx: &Ctx) -> Mark {
    let mut title = format!("{}, {}: {}", ctx.entity_name(c.subject.as_str()), c.period, c.value.written);
    let eur = eur_text(c);
    if !eur.is_empty() && c.value.currency.as_deref() != Some("EUR") {
        let _ = write!(title, " (= {eur} at the period's average ECB rate)");
    }
    let _ = write!(title, "; {}", label(&c.status));
    if c.disputed {
        title.push_str(", disputed");
    }
    Mark {
        claim: c.id.to_string(),
        href: format!("{root}claims/{}.html", c.id.as_str()),
        title,
        status: status_of(c),
        disputed: c.disputed,
    }
}

/// The year of a date as a fraction (`2024-07-01` gives 2024.5).
fn year_of(d: &wbd_schema::Date) -> Option<f64> {
    let s = d.to_string();
    let mut it = s.split('-');
    let y: f64 = it.next()?.parse().ok()?;
    let m: f64 = it.next().and_then(|m| m.parse().ok()).unwrap_or(1.0);
    Some(y + (m - 1.0) / 12.0)
}

fn decimal_f64(s: &str) -> Option<f64> {
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A money series chart of `claims` (those with an exact EUR amount);
/// returns the SVG and the rows it plots (the table under the chart).
fn money_chart(id: &str, title: &str, claims: &[&PublishedClaim], root: &str, ctx: &Ctx) -> Option<(String, Vec<Row>)> {
    let plotted: Vec<(&PublishedClaim, f64, f64)> = claims
        .iter()
        .filter_map(|c| {
            let y = decimal_f64(&c.value.eur.as_ref()?.amount.as_ref()?.0)?;
            Some((*c, year_of(&c.period_start)?, y))
        })
        .collect();
    if plotted.is_empty() || plotted.len() > MAX_SERIES_POINTS {
        return None;
    }
    let max = plotted.iter().map(|p| p.2).fold(0.0, f64::max);
    let (div, caption) = if max >= 1e9 {
        (1e9, "EUR billion (period's average ECB rate)")
    } else if max >= 1e6 {
        (1e6, "EUR million (period's average ECB rate)")
    } else {
        (1.0, "EUR (period's average ECB rate)")
    };
    let points: Vec<Point> = plotted
        .iter()
        .map(|(c, x, y)| Point { series: ctx.entity_name(c.subject.as_str()), x: *x, y: y / div, mark: mark(c, root, ctx) })
        .collect();
    let svg = charts::series(id, title, caption, &points);
    Some((svg, plotted.iter().map(|(c, _, _)| ctx.row(c, root)).collect()))
}

/// A bar chart of percent claims with one amount.
fn share_chart(id: &str, title: &str, claims: &[&PublishedClaim], root: &str, ctx: &Ctx) -> Option<(String, Vec<Row>)> {
    let plotted: Vec<(&PublishedClaim, f64)> = claims
        .iter()
        .filter(|c| c.value.kind == ValueKind::Percent)
        .filter_map(|c| Some((*c, decimal_f64(&c.value.amount.as_ref()?.0)?)))
        .collect();
    if plotted.is_empty() || plotted.len() > MAX_BARS {
        return None;
    }
    let bars: Vec<Bar> = plotted
        .iter()
        .map(|(c, v)| Bar {
            label: format!("{}, {}: {}", ctx.entity_name(c.subject.as_str()), c.period, c.value.written),
            value: *v,
            mark: mark(c, root, ctx),
        })
        .collect();
    Some((charts::bars(id, title, "%", &bars), plotted.iter().map(|(c, _)| ctx.row(c, root)).collect()))
}

/// A chart with its data table.
pub struct Chart {
    pub heading: String,
    pub svg: String,
    pub rows: Vec<Row>,
}

fn chart_for(metric: &Metric, id: &str, title: String, claims: &[&PublishedClaim], root: &str, ctx: &Ctx) -> Option<Chart> {
    let made = match metric.value {
        ValueKind::Money => money_chart(id, &title, claims, root, ctx),
        ValueKind::Percent => share_chart(id, &title, claims, root, ctx),
        _ => None,
    };
    made.map(|(svg, rows)| Chart { heading: title, svg, rows })
}

// ---------------------------------------------------------------- pages

#[derive(Template)]
#[template(path = "index.html")]
struct IndexPage<'a> {
    root: &'a str,
    title: String,
    description: String,
    revision: String,
    license: String,
    counts: Vec<(String, String, usize)>,
    statuses: Vec<(String, usize)>,
    downloads: Vec<(String, usize)>,
    charts: Vec<Chart>,
    countries: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "list.html")]
struct ListPage<'a> {
    root: &'a str,
    title: String,
    intro: String,
    /// Group heading, then (href, name, id, detail).
    groups: Vec<(String, Vec<(String, String, String, String)>)>,
}

#[derive(Template)]
#[template(path = "entity.html")]
struct EntityPage<'a> {
    root: &'a str,
    title: String,
    facts: Vec<(String, String, String)>,
    charts: Vec<Chart>,
    /// Metric name and href, then its rows.
    tables: Vec<(String, String, Vec<Row>)>,
}

#[derive(Template)]
#[template(path = "metric.html")]
struct MetricPage<'a> {
    root: &'a str,
    title: String,
    facts: Vec<(String, String, String)>,
    charts: Vec<Chart>,
    /// Why a money or percent metric has no chart (too many claims).
    chart_note: String,
    rows: Vec<Row>,
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
struct SourcePage<'a> {
    root: &'a str,
    title: String,
    facts: Vec<(String, String, String)>,
    quotes: Vec<Quoted>,
    relayed: Vec<Quoted>,
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
struct ClaimPage<'a> {
    root: &'a str,
    title: String,
    facts: Vec<(String, String, String)>,
    citations: Vec<CitationView>,
    findings: Vec<Finding>,
    /// (href, id, note)
    conflicts: Vec<(String, String, String)>,
    allows: Vec<(String, String, String)>,
    note: String,
}

#[derive(Template)]
#[template(path = "check.html")]
struct CheckPage<'a> {
    root: &'a str,
    title: String,
    revision: String,
    total: usize,
    groups: Vec<(String, String, String, Vec<Finding>)>,
}

#[derive(Template)]
#[template(path = "rules.html")]
struct RulesPage<'a> {
    root: &'a str,
    title: String,
    /// (anchor, code, severity, summary, docs)
    rules: Vec<(String, String, String, String, String)>,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage<'a> {
    root: &'a str,
    title: String,
}

/// The anchor of a rule on `rules.html`.
pub fn rule_anchor(code: &str) -> String {
    code.replace('/', "-")
}

fn render(t: &impl Template) -> Result<Vec<u8>, askama::Error> {
    let mut s = t.render()?;
    if !s.ends_with('\n') {
        s.push('\n');
    }
    Ok(s.into_bytes())
}

fn fact(k: &str, v: impl Into<String>) -> (String, String, String) {
    (k.to_string(), v.into(), String::new())
}
fn fact_link(k: &str, v: impl Into<String>, href: String) -> (String, String, String) {
    (k.to_string(), v.into(), href)
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
        let mut facts = vec![
            fact("id", c.id.to_string()),
            fact_link("subject", ctx.entity_name(c.subject.as_str()), format!("../entities/{}.html", c.subject.as_str())),
            fact_link("metric", ctx.metric_name(c.metric.as_str()), format!("../metrics/{}.html", c.metric.as_str())),
            fact("period", format!("{} ({} to {})", c.period, c.period_start, c.period_end)),
        ];
        if let Some(s) = &c.scope {
            facts.push(fact_link("scope", ctx.entity_name(s.as_str()), format!("../entities/{}.html", s.as_str())));
        }
        facts.push(fact("value as written", c.value.written.clone()));
        if let Some(i) = &c.value.interval {
            let unit = c.value.currency.clone().or_else(|| c.value.unit.clone()).unwrap_or_default();
            facts.push(fact(
                "can mean",
                match &i.hi {
                    Some(hi) => format!("{} to {} {unit}", group(&i.lo.0), group(&hi.0)),
                    None => format!("{} {unit} or more", group(&i.lo.0)),
                },
            ));
        }
        if let Some(e) = &c.value.eur {
            let mut s = eur_text(c);
            if c.value.currency.as_deref() != Some("EUR") {
                let _ = write!(
                    s,
                    " at {} {} per EUR, the average of {} ECB daily rates over the period",
                    e.rate.0,
                    c.value.currency.as_deref().unwrap_or(""),
                    e.days
                );
            }
            facts.push(fact("in EUR", s));
        }
        facts.push(fact("bound", label(&c.bound)));
        facts.push(fact("status", label(&c.status)));
        if c.disputed {
            facts.push(fact("disputed", "yes: see the conflicts below"));
        }
        if let Some(eq) = &c.equivalent {
            let mut s = format!("{} (as the source restates it)", eq.value.written);
            if let Some(d) = &eq.conversion_date {
                let _ = write!(s, ", converted on {d}");
            }
            facts.push(fact("equivalent", s));
        }
        if let Some(ch) = &c.change {
            facts.push(fact("change since", ch.since.to_string()));
        }
        if let Some(sh) = &c.share_of {
            facts.push(fact_link(
                "share of",
                format!("{}, {}, {}", ctx.entity_name(sh.subject.as_str()), ctx.metric_name(sh.metric.as_str()), sh.period),
                format!("../metrics/{}.html", sh.metric.as_str()),
            ));
        }
        let citations = c
            .citations
            .iter()
            .map(|cit| {
                let mut via = Vec::new();
                let mut next = cit.via.clone();
                let mut seen = BTreeSet::new();
                while let Some(v) = next {
                    if !seen.insert(v.to_string()) {
                        break;
                    }
                    via.push((format!("../sources/{}.html", v.as_str()), ctx.source_name(v.as_str())));
                    next = ctx.sources.get(v.as_str()).and_then(|s| s.derived_from.clone());
                }
                CitationView {
                    source_href: format!("../sources/{}.html", cit.source.as_str()),
                    source: ctx.source_name(cit.source.as_str()),
                    locator: cit.locator.clone(),
                    quote: cit.quote.clone(),
                    via,
                }
            })
            .collect();
        let mut conflicts: Vec<(String, String, String)> = Vec::new();
        for n in &c.conflicts_with {
            conflicts.push((format!("{}.html", n.claim.as_str()), n.claim.to_string(), n.note.clone().unwrap_or_default()));
        }
        for d in &c.disputes {
            if let Some(o) = &d.claim {
                if conflicts.iter().any(|x| x.1 == o.as_str()) {
                    continue;
                }
                let text = [d.rule.clone(), d.finding.clone(), d.note.clone()].into_iter().flatten().collect::<Vec<_>>().join(": ");
                conflicts.push((format!("{}.html", o.as_str()), o.to_string(), text));
            }
        }
        let allows = c
            .allow
            .iter()
            .map(|a| (format!("../rules.html#{}", rule_anchor(&a.rule)), a.rule.clone(), a.reason.clone().unwrap_or_default()))
            .collect();
        let page = ClaimPage {
            root: "../",
            title: format!("{}: {}, {}", ctx.entity_name(c.subject.as_str()), ctx.metric_name(c.metric.as_str()), c.period),
            facts,
            citations,
            findings: findings.remove(c.id.as_str()).unwrap_or_default(),
            conflicts,
            allows,
            note: c.note.clone().unwrap_or_default(),
        };
        files.insert(format!("claims/{}.html", c.id.as_str()), render(&page)?);
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
