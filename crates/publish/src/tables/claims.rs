//! `claims.csv`: one row per claim, with the subject's and the metric's
//! names and the value taken apart (amount, range, interval, EUR).

use std::collections::BTreeMap;

use serde::Serialize;
use wbd_schema::{Bound, ChangeBy, Id, Period, Status, ValueKind};

use super::{Column, Table, Type, col, id_col, joined};
use crate::json::{PublishedClaim, PublishedDataset};

/// One row; the field names are the CSV header (the `shape` columns).
#[derive(Serialize)]
struct Row<'a> {
    id: &'a Id,
    subject: &'a Id,
    subject_name: &'a str,
    metric: &'a Id,
    metric_name: &'a str,
    period: &'a Period,
    period_start: wbd_schema::Date,
    period_end: wbd_schema::Date,
    scope: Option<&'a Id>,
    value: &'a str,
    value_kind: ValueKind,
    currency: Option<&'a str>,
    unit: Option<&'a str>,
    amount: Option<&'a str>,
    range_from: Option<&'a str>,
    range_to: Option<&'a str>,
    interval_lo: Option<&'a str>,
    interval_hi: Option<&'a str>,
    bound: Bound,
    status: Status,
    disputed: bool,
    eur_amount: Option<&'a str>,
    eur_interval_lo: Option<&'a str>,
    eur_interval_hi: Option<&'a str>,
    eur_rate: Option<&'a str>,
    eur_days: Option<u32>,
    equivalent_value: Option<&'a str>,
    equivalent_conversion_date: Option<wbd_schema::Date>,
    change_by: Option<ChangeBy>,
    change_since: Option<&'a Period>,
    share_of_subject: Option<&'a Id>,
    share_of_metric: Option<&'a Id>,
    share_of_period: Option<&'a Period>,
    #[serde(serialize_with = "joined")]
    conflicts_with: Vec<&'a Id>,
    note: Option<&'a str>,
}

impl<'a> Row<'a> {
    /// `names` are the subject's and the metric's names.
    fn new(c: &'a PublishedClaim, (subject_name, metric_name): (&'a str, &'a str)) -> Row<'a> {
        let v = &c.value;
        let eur = v.eur.as_ref();
        Row {
            id: &c.id,
            subject: &c.subject,
            subject_name,
            metric: &c.metric,
            metric_name,
            period: &c.period,
            period_start: c.period_start,
            period_end: c.period_end,
            scope: c.scope.as_ref(),
            value: &v.written,
            value_kind: v.kind,
            currency: v.currency.as_deref(),
            unit: v.unit.as_deref(),
            amount: v.amount.as_ref().map(|a| a.0.as_str()),
            range_from: v.range.as_ref().map(|r| r.from.0.as_str()),
            range_to: v.range.as_ref().map(|r| r.to.0.as_str()),
            interval_lo: v.interval.as_ref().map(|i| i.lo.0.as_str()),
            interval_hi: v.interval.as_ref().and_then(|i| i.hi.as_ref()).map(|h| h.0.as_str()),
            bound: c.bound,
            status: c.status,
            disputed: c.disputed,
            eur_amount: eur.and_then(|e| e.amount.as_ref()).map(|a| a.0.as_str()),
            eur_interval_lo: eur.map(|e| e.interval.lo.0.as_str()),
            eur_interval_hi: eur.and_then(|e| e.interval.hi.as_ref()).map(|h| h.0.as_str()),
            eur_rate: eur.map(|e| e.rate.0.as_str()),
            eur_days: eur.map(|e| e.days),
            equivalent_value: c.equivalent.as_ref().map(|e| e.value.written.as_str()),
            equivalent_conversion_date: c.equivalent.as_ref().and_then(|e| e.conversion_date),
            change_by: c.change.as_ref().map(|k| k.by),
            change_since: c.change.as_ref().map(|k| &k.since),
            share_of_subject: c.share_of.as_ref().map(|s| &s.subject),
            share_of_metric: c.share_of.as_ref().map(|s| &s.metric),
            share_of_period: c.share_of.as_ref().map(|s| &s.period),
            conflicts_with: c.conflicts_with.iter().map(|k| &k.claim).collect(),
            note: c.note.as_deref(),
        }
    }
}

pub(super) fn shape() -> Table {
    use Type::*;
    let columns: Vec<Column> = vec![
        id_col(),
        col("subject", String, "Id of the entity the claim is about (a country, a region, a company...).").required(),
        col(
            "subject_name",
            String,
            "The subject's name, from entities.csv (several regions share the name Western Balkans: tell them apart by `subject`).",
        )
        .required(),
        col("metric", String, "Id of what the claim measures.").required(),
        col("metric_name", String, "The metric's name, from metrics.csv.").required(),
        col("period", String, "Period as written: 2024, 2024-H1, 2024-Q3, 2024-05, 2024-05-12 or 2020..2025.").required(),
        col("period_start", Date, "First day of the period.").required(),
        col("period_end", Date, "Last day of the period.").required(),
        col(
            "scope",
            String,
            "Id of the region or entity within which the figure is taken (a share of a region's exports names the region and its definition).",
        ),
        col("value", String, "The value as written (for dates, entities and texts: the date, entity id or text).").required(),
        col("value_kind", String, "The kind of value.").required().one_of::<ValueKind>(),
        col("currency", String, "Money: ISO 4217 code."),
        col("unit", String, "Percent: %; quantity: its unit."),
        col("amount", Decimal, "Exact amount with the scale word applied, keeping the written decimal places; empty for ranges."),
        col("range_from", Decimal, "Ranges: the low end's exact amount."),
        col("range_to", Decimal, "Ranges: the high end's exact amount."),
        col("interval_lo", Decimal, "Lowest value the figure can mean (written precision, bound, approx tolerance)."),
        col("interval_hi", Decimal, "Highest value the figure can mean; empty when unbounded."),
        col("bound", String, "How exact the figure is: `exact`, `approx` (about), `at_least` (over), `at_most` (up to).")
            .required()
            .one_of::<Bound>(),
        col(
            "status",
            String,
            "What the figure is: `reported`, a fact the source reports (for a budget: money spent, or reported as spent); \
             `planned`, adopted or announced (a budget law, a plan, a pledge); `projected`, a forecast of a future value; \
             `disputed`, presented as contested by the source itself (an assessment a party denies). Do not add planned and reported figures together.",
        )
        .required()
        .one_of::<Status>(),
        col(
            "disputed",
            Boolean,
            "true when the claim is part of a contradiction the maintainers acknowledged (another claim gives an incompatible \
             figure), or its status is disputed; dataset.json gives the other claim and the note.",
        )
        .required(),
        col("eur_amount", Decimal, "Money: the amount in EUR at the period's average ECB rate, to the cent."),
        col("eur_interval_lo", Decimal, "Money: interval_lo in EUR."),
        col("eur_interval_hi", Decimal, "Money: interval_hi in EUR."),
        col("eur_rate", Decimal, "Money: average units of the currency per EUR over the period."),
        col("eur_days", Integer, "Money: how many daily ECB rates were averaged (0 for EUR)."),
        col("equivalent_value", String, "The same amount as the source restates it in another currency, as written."),
        col("equivalent_conversion_date", Date, "The date whose rate the source used for the equivalent."),
        col("change_by", String, "A stated change: +8.7 % (relative), -2 pp (points) or x2 (multiple)."),
        col("change_since", String, "The earlier period of the stated change."),
        col("share_of_subject", String, "Shares: id of the entity of the whole."),
        col("share_of_metric", String, "Shares: id of the metric of the whole."),
        col("share_of_period", String, "Shares: period of the whole."),
        col("conflicts_with", String, "Ids of claims this one acknowledges contradicting, separated by `;`."),
        col("note", String, "Free text: how the figure was read from the source, or why it looks odd."),
    ];
    Table::shape(
        "claims",
        "Claims",
        columns,
        &["id"],
        vec![
            (&["subject"], "entities", &["id"]),
            (&["metric"], "metrics", &["id"]),
            (&["scope"], "entities", &["id"]),
            (&["share_of_subject"], "entities", &["id"]),
            (&["share_of_metric"], "metrics", &["id"]),
        ],
    )
}

pub(super) fn table(d: &PublishedDataset) -> Table {
    let entity_names: BTreeMap<&str, &str> = d.entities.iter().map(|e| (e.id.as_str(), e.name.as_str())).collect();
    let metric_names: BTreeMap<&str, &str> = d.metrics.iter().map(|m| (m.id.as_str(), m.name.as_str())).collect();
    shape().with_rows(d.claims.iter().map(|c| {
        let names = (
            entity_names.get(c.subject.as_str()).copied().unwrap_or_default(),
            metric_names.get(c.metric.as_str()).copied().unwrap_or_default(),
        );
        Row::new(c, names)
    }))
}
