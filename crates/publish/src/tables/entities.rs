//! `entities.csv`: one row per entity.

use serde::Serialize;
use wbd_schema::{Entity, EntityKind, Id};

use super::{Column, Table, Type, col, id_col, joined};
use crate::json::PublishedDataset;

/// One row; the field names are the CSV header (the `shape` columns).
#[derive(Serialize)]
struct Row<'a> {
    id: &'a Id,
    kind: EntityKind,
    name: &'a str,
    #[serde(serialize_with = "joined")]
    aliases: &'a [std::string::String],
    code: Option<&'a str>,
    country: Option<&'a Id>,
    #[serde(serialize_with = "joined")]
    members: &'a [Id],
    defined_by: Option<&'a Id>,
    #[serde(serialize_with = "joined")]
    parties: &'a [Id],
    signed: Option<wbd_schema::Date>,
    note: Option<&'a str>,
}

impl<'a> Row<'a> {
    fn new(e: &'a Entity) -> Row<'a> {
        Row {
            id: &e.id,
            kind: e.kind,
            name: &e.name,
            aliases: &e.aliases,
            code: e.code.as_deref(),
            country: e.country.as_ref(),
            members: e.members.as_deref().unwrap_or_default(),
            defined_by: e.defined_by.as_ref(),
            parties: &e.parties,
            signed: e.signed,
            note: e.note.as_deref(),
        }
    }
}

pub(super) fn shape() -> Table {
    use Type::*;
    let columns: Vec<Column> = vec![
        id_col(),
        col("kind", String, "What kind of thing it is.").required().one_of::<EntityKind>(),
        col("name", String, "Name (a region's name is the term its source uses, so several regions may share one).").required(),
        col("aliases", String, "Other names, separated by `;`."),
        col("code", String, "Countries: ISO 3166-1 alpha-2 (XK for Kosovo)."),
        col("country", String, "Id of the country it belongs to."),
        col("members", String, "Regions: ids of the member entities, separated by `;`."),
        col("defined_by", String, "Regions: id of the source whose definition this is."),
        col("parties", String, "Agreements: ids of the parties, separated by `;`."),
        col("signed", Date, "Agreements: when signed."),
        col("note", String, "Free text: what the maintainers know about it (e.g. where a region's members come from)."),
    ];
    Table::shape("entities", "Entities", columns, &["id"], vec![(&["defined_by"], "sources", &["id"])])
}

pub(super) fn table(d: &PublishedDataset) -> Table {
    shape().with_rows(d.entities.iter().map(Row::new))
}
