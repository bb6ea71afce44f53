//! `citations.csv`: one row per citation (a claim with two citations has
//! two rows).

use serde::Serialize;
use wbd_schema::{Citation, Id};

use super::{Column, Table, Type, col};
use crate::json::PublishedDataset;

/// One row; the field names are the CSV header (the `shape` columns).
#[derive(Serialize)]
struct Row<'a> {
    claim_id: &'a Id,
    position: usize,
    source: &'a Id,
    locator: &'a str,
    quote: &'a str,
    via: Option<&'a Id>,
}

impl<'a> Row<'a> {
    fn new(claim_id: &'a Id, i: usize, k: &'a Citation) -> Row<'a> {
        Row { claim_id, position: i + 1, source: &k.source, locator: &k.locator, quote: &k.quote, via: k.via.as_ref() }
    }
}

pub(super) fn shape() -> Table {
    use Type::*;
    let columns: Vec<Column> = vec![
        col("claim_id", String, "Id of the claim.").required(),
        col("position", Integer, "1-based position of the citation in the claim's list.").required(),
        col("source", String, "Id of the cited source.").required(),
        col("locator", String, "Where in the source: section, paragraph, page, note.").required(),
        col("quote", String, "A verbatim excerpt that contains the figure.").required(),
        col("via", String, "Id of the original source, when the cited document relays its figure."),
    ];
    Table::shape(
        "citations",
        "Citations",
        columns,
        &["claim_id", "position"],
        vec![(&["claim_id"], "claims", &["id"]), (&["source"], "sources", &["id"]), (&["via"], "sources", &["id"])],
    )
}

pub(super) fn table(d: &PublishedDataset) -> Table {
    shape().with_rows(d.claims.iter().flat_map(|c| c.citations.iter().enumerate().map(|(i, k)| Row::new(&c.id, i, k))))
}
