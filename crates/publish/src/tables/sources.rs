//! `sources.csv`: one row per source document.

use serde::Serialize;
use wbd_schema::{Id, PartialDate, Published, Source, SourceKind};

use super::{Column, Table, Type, col, id_col, joined};
use crate::json::PublishedDataset;

/// One row; the field names are the CSV header (the `shape` columns).
#[derive(Serialize)]
struct Row<'a> {
    id: &'a Id,
    kind: SourceKind,
    title: Option<&'a str>,
    publisher: Option<&'a str>,
    #[serde(serialize_with = "joined")]
    authors: &'a [std::string::String],
    language: Option<&'a str>,
    published: Option<&'a PartialDate>,
    published_earliest: Option<wbd_schema::Date>,
    published_latest: Option<wbd_schema::Date>,
    url: Option<&'a str>,
    accessed: Option<wbd_schema::Date>,
    retrieved: Option<wbd_schema::Date>,
    derived_from: Option<&'a Id>,
    cited_in_source: Option<&'a Id>,
    cited_in_note: Option<u32>,
    archive_file: Option<&'a str>,
    archive_sha256: Option<&'a str>,
    note: Option<&'a str>,
}

impl<'a> Row<'a> {
    fn new(s: &'a Source) -> Row<'a> {
        Row {
            id: &s.id,
            kind: s.kind,
            title: s.title.as_deref(),
            publisher: s.publisher.as_deref(),
            authors: &s.authors,
            language: s.language.as_deref(),
            published: match &s.published {
                Some(Published::Date(p)) => Some(p),
                _ => None,
            },
            published_earliest: s.published.and_then(|p| p.earliest()),
            published_latest: s.published.and_then(|p| p.latest()),
            url: s.url.as_deref(),
            accessed: s.accessed,
            retrieved: s.retrieved,
            derived_from: s.derived_from.as_ref(),
            cited_in_source: s.cited_in.as_ref().map(|c| &c.source),
            cited_in_note: s.cited_in.as_ref().map(|c| c.note),
            archive_file: s.archive.as_ref().map(|a| a.file.as_str()),
            archive_sha256: s.archive.as_ref().map(|a| a.sha256.as_str()),
            note: s.note.as_deref(),
        }
    }
}

pub(super) fn shape() -> Table {
    use Type::*;
    let columns: Vec<Column> = vec![
        id_col(),
        col("kind", String, "What kind of document it is.").required().one_of::<SourceKind>(),
        col("title", String, "Title of the document."),
        col("publisher", String, "Who published the document; empty when it names no publisher."),
        col("authors", String, "Authors, separated by `;`."),
        col("language", String, "ISO 639-1 language code."),
        col("published", String, "Publication date as the document gives it: YYYY, YYYY-MM or YYYY-MM-DD."),
        col(
            "published_earliest",
            Date,
            "Earliest day it can have been published: the first day of `published`, or the lower bound when only bounds are known.",
        ),
        col("published_latest", Date, "Latest day it can have been published: the last day of `published`, or the upper bound."),
        col("url", String, "Where the document is."),
        col("accessed", Date, "The access date a reference prints."),
        col("retrieved", Date, "When the maintainers retrieved and archived the document."),
        col("derived_from", String, "Id of the source this one restates."),
        col("cited_in_source", String, "For a reference: id of the source whose notes cite it."),
        col("cited_in_note", Integer, "For a reference: the note number."),
        col("archive_file", String, "File name of the archived text the quotes are verified against (not published with the data)."),
        col("archive_sha256", String, "SHA-256 of the archived text, 64 hex digits."),
        col("note", String, "Free text: what the maintainers know about the document (dates, authorship, how locators count)."),
    ];
    Table::shape("sources", "Sources", columns, &["id"], vec![])
}

pub(super) fn table(d: &PublishedDataset) -> Table {
    shape().with_rows(d.sources.iter().map(Row::new))
}
