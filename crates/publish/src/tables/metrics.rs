//! `metrics.csv`: one row per metric.

use serde::Serialize;
use wbd_schema::{Id, Metric, ValueKind};

use super::{Column, Table, Type, col, id_col};
use crate::json::PublishedDataset;

/// One row; the field names are the CSV header (the `shape` columns).
#[derive(Serialize)]
struct Row<'a> {
    id: &'a Id,
    name: &'a str,
    value: ValueKind,
    unit: Option<&'a str>,
    single_valued: bool,
    approx_percent: Option<String>,
    description: Option<&'a str>,
}

impl<'a> Row<'a> {
    fn new(m: &'a Metric) -> Row<'a> {
        Row {
            id: &m.id,
            name: &m.name,
            value: m.value,
            unit: m.unit.as_deref(),
            single_valued: m.single_valued,
            approx_percent: m.approx.map(|p| p.0.to_string()),
            description: m.description.as_deref(),
        }
    }
}

pub(super) fn shape() -> Table {
    use Type::*;
    let columns: Vec<Column> = vec![
        id_col(),
        col("name", String, "Name of what is measured.").required(),
        col("value", String, "The kind of value its claims take.").required().one_of::<ValueKind>(),
        col("unit", String, "Quantities: the unit values are written in."),
        col("single_valued", Boolean, "Whether there is one true value per subject, period and scope.").required(),
        col("approx_percent", Decimal, "How loose \"approximately\" is for this metric, in percent (empty: the default 5)."),
        col("description", String, "What it measures."),
    ];
    Table::shape("metrics", "Metrics", columns, &["id"], vec![])
}

pub(super) fn table(d: &PublishedDataset) -> Table {
    shape().with_rows(d.metrics.iter().map(Row::new))
}
