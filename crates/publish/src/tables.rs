//! One CSV per record kind, and the Table Schema that describes each in
//! `datapackage.json`.
//!
//! CSV, written by the `csv` crate: RFC 4180 quoting (a field with a comma,
//! a double quote, CR or LF is quoted, quotes doubled), a header row, `\n`
//! line endings, rows sorted by id, lists joined with `;`, an empty field
//! for a missing value.

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Value as Json, json};
use wbd_schema::{Bound, EntityKind, SourceKind, Status, ValueKind};

use crate::json::{PublishedClaim, PublishedDataset};

/// Separator of list fields (`authors`, `members`, ...).
pub const LIST_SEPARATOR: &str = ";";

/// The declared type of a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    String,
    Integer,
    Date,
    Boolean,
    /// A decimal: `number` when every value is a plain decimal number,
    /// otherwise `string`.
    Decimal,
}

#[derive(Clone, Debug)]
pub struct Column {
    pub name: &'static str,
    pub ty: Type,
    pub required: bool,
    pub unique: bool,
    pub enumeration: Option<Vec<String>>,
    pub description: &'static str,
}

fn col(name: &'static str, ty: Type, description: &'static str) -> Column {
    Column { name, ty, required: false, unique: false, enumeration: None, description }
}

impl Column {
    fn required(mut self) -> Column {
        self.required = true;
        self
    }
    fn unique(mut self) -> Column {
        self.unique = true;
        self
    }
    fn one_of<T: JsonSchema>(mut self) -> Column {
        self.enumeration = Some(enum_values::<T>());
        self
    }
}

/// A foreign key: local columns, referenced table, its columns.
pub type ForeignKey = (&'static [&'static str], &'static str, &'static [&'static str]);

/// One CSV file: its columns, rows (already sorted) and keys.
pub struct Table {
    pub name: &'static str,
    pub title: &'static str,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
    pub primary_key: &'static [&'static str],
    pub foreign_keys: Vec<ForeignKey>,
}

impl Table {
    pub fn path(&self) -> String {
        format!("{}.csv", self.name)
    }

    /// The CSV text.
    pub fn csv(&self) -> String {
        let header = std::iter::once(self.columns.iter().map(|c| c.name).collect::<Vec<_>>());
        write_csv(header.chain(self.rows.iter().map(|r| r.iter().map(String::as_str).collect())))
    }

    /// The type a column is published with.
    pub fn resolved_type(&self, i: usize) -> &'static str {
        match self.columns[i].ty {
            Type::String => "string",
            Type::Integer => "integer",
            Type::Date => "date",
            Type::Boolean => "boolean",
            Type::Decimal => {
                if self.rows.iter().map(|r| r[i].as_str()).filter(|v| !v.is_empty()).all(is_plain_number) {
                    "number"
                } else {
                    "string"
                }
            }
        }
    }

    /// The Frictionless Table Schema of the file.
    pub fn schema(&self) -> Json {
        let fields: Vec<Json> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut f = serde_json::Map::new();
                f.insert("name".into(), c.name.into());
                f.insert("type".into(), self.resolved_type(i).into());
                if self.resolved_type(i) == "boolean" {
                    f.insert("trueValues".into(), json!(["true"]));
                    f.insert("falseValues".into(), json!(["false"]));
                }
                f.insert("description".into(), c.description.into());
                let mut k = serde_json::Map::new();
                if c.required {
                    k.insert("required".into(), true.into());
                }
                if c.unique {
                    k.insert("unique".into(), true.into());
                }
                if let Some(e) = &c.enumeration {
                    k.insert("enum".into(), e.clone().into());
                }
                if !k.is_empty() {
                    f.insert("constraints".into(), k.into());
                }
                Json::Object(f)
            })
            .collect();
        let fks: Vec<Json> = self
            .foreign_keys
            .iter()
            .map(|(local, table, remote)| json!({"fields": local, "reference": {"resource": table, "fields": remote}}))
            .collect();
        let mut s = json!({
            "fields": fields,
            "missingValues": [""],
            "primaryKey": self.primary_key,
        });
        if !fks.is_empty() {
            s["foreignKeys"] = fks.into();
        }
        s
    }
}

/// The documentation of every CSV's columns, as Markdown: one section per
/// file with its keys and a table of column, type and description, from
/// the same columns that give `datapackage.json` its field descriptions.
/// docs/PUBLISHING.md holds a copy that a test keeps equal to this.
pub fn columns_markdown() -> String {
    let mut out = String::new();
    for t in shapes() {
        out.push_str(&format!("#### `{}`\n\n", t.path()));
        let key: Vec<String> = t.primary_key.iter().map(|k| format!("`{k}`")).collect();
        out.push_str(&format!("{}, one row per {}; key {}.\n\n", t.title, row_noun(t.name), key.join(" + ")));
        out.push_str("| column | type | description |\n|---|---|---|\n");
        for c in &t.columns {
            let ty = match c.ty {
                Type::String => "string",
                Type::Integer => "integer",
                Type::Date => "date",
                Type::Boolean => "boolean",
                Type::Decimal => "decimal",
            };
            let mut flags = String::new();
            if c.required {
                flags.push_str(", required");
            }
            if c.unique {
                flags.push_str(", unique");
            }
            let mut desc = c.description.to_string();
            if let Some(values) = &c.enumeration {
                let v: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
                desc.push_str(&format!(" One of {}.", v.join(", ")));
            }
            for (local, table, remote) in &t.foreign_keys {
                if local.len() == 1 && local[0] == c.name {
                    desc.push_str(&format!(" Refers to `{table}.{}`.", remote.join(", ")));
                }
            }
            out.push_str(&format!("| `{}` | {ty}{flags} | {} |\n", c.name, desc.replace('|', "\\|")));
        }
        out.push('\n');
    }
    out
}

fn row_noun(table: &str) -> &'static str {
    match table {
        "sources" => "source document",
        "entities" => "entity",
        "metrics" => "metric",
        "claims" => "claim",
        _ => "citation (a claim with two citations has two rows)",
    }
}

/// Whether a CSV field is a plain decimal number (`-12`, `1300000000`, `65.79`).
pub fn is_plain_number(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = s.split_once('.').map_or((s, None), |(a, b)| (a, Some(b)));
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// CSV text of records, `\n` terminated, quoting only the fields that
/// need it (`QuoteStyle::Necessary`: a comma, a double quote, CR or LF),
/// with quotes doubled. Every table has more than one column, so the `csv`
/// crate's one special case (a record of one empty field is written `""`)
/// never arises.
pub fn write_csv<'a>(records: impl Iterator<Item = Vec<&'a str>>) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .quote_style(csv::QuoteStyle::Necessary)
        .double_quote(true)
        .flexible(true)
        .from_writer(Vec::new());
    // Writing to memory cannot fail, and `flexible` turns off the one
    // check that could (records of different lengths).
    for r in records {
        w.write_record(r).expect("a CSV record is written to memory");
    }
    let bytes = w.into_inner().expect("a CSV buffer is flushed to memory");
    // Fields are `&str`, and quoting adds only ASCII: the text is UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The string values of an enum, from its JSON Schema (`enum` arrays and
/// `const` values, in declaration order), so they never drift from the type.
pub fn enum_values<T: JsonSchema>() -> Vec<String> {
    fn walk(v: &Json, out: &mut Vec<String>) {
        match v {
            Json::Object(m) => {
                if let Some(Json::Array(a)) = m.get("enum") {
                    out.extend(a.iter().filter_map(|x| x.as_str().map(String::from)));
                }
                if let Some(Json::String(c)) = m.get("const") {
                    out.push(c.clone());
                }
                for (k, x) in m {
                    if k != "enum" && k != "const" {
                        walk(x, out);
                    }
                }
            }
            Json::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let schema = serde_json::to_value(schemars::schema_for!(T)).unwrap_or_default();
    let mut out = Vec::new();
    walk(&schema, &mut out);
    let mut seen = std::collections::HashSet::new();
    out.retain(|x| seen.insert(x.clone()));
    out
}

/// A serde enum's text (`press-release`, `at_least`).
fn text<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(Json::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(T::to_string).unwrap_or_default()
}

fn list<T: ToString>(v: &[T]) -> String {
    v.iter().map(T::to_string).collect::<Vec<_>>().join(LIST_SEPARATOR)
}

/// Every table of the dataset, in a fixed order.
pub fn tables(d: &PublishedDataset) -> Vec<Table> {
    vec![sources(d), entities(d), metrics(d), claims(d), citations(d)]
}

/// Every table's columns and keys, without rows: what the documentation
/// of the CSVs is rendered from ([`columns_markdown`]).
pub fn shapes() -> Vec<Table> {
    vec![sources_shape(), entities_shape(), metrics_shape(), claims_shape(), citations_shape()]
}

fn id_col() -> Column {
    col("id", Type::String, "Record id: lowercase ASCII slug, unique across the dataset.").required().unique()
}

fn sources_shape() -> Table {
    use Type::*;
    let columns = vec![
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
    Table { name: "sources", title: "Sources", columns, rows: vec![], primary_key: &["id"], foreign_keys: vec![] }
}

fn sources(d: &PublishedDataset) -> Table {
    let rows = d
        .sources
        .iter()
        .map(|s| {
            let published = match &s.published {
                Some(wbd_schema::Published::Date(p)) => p.to_string(),
                _ => std::string::String::new(),
            };
            vec![
                s.id.to_string(),
                text(&s.kind),
                opt(&s.title),
                opt(&s.publisher),
                list(&s.authors),
                opt(&s.language),
                published,
                opt(&s.published.and_then(|p| p.earliest())),
                opt(&s.published.and_then(|p| p.latest())),
                opt(&s.url),
                opt(&s.accessed),
                opt(&s.retrieved),
                opt(&s.derived_from),
                opt(&s.cited_in.as_ref().map(|c| c.source.clone())),
                opt(&s.cited_in.as_ref().map(|c| c.note)),
                opt(&s.archive.as_ref().map(|a| a.file.clone())),
                opt(&s.archive.as_ref().map(|a| a.sha256.clone())),
                opt(&s.note),
            ]
        })
        .collect();
    Table { rows, ..sources_shape() }
}

fn entities_shape() -> Table {
    use Type::*;
    let columns = vec![
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
    Table {
        name: "entities",
        title: "Entities",
        columns,
        rows: vec![],
        primary_key: &["id"],
        foreign_keys: vec![(&["defined_by"], "sources", &["id"])],
    }
}

fn entities(d: &PublishedDataset) -> Table {
    let rows = d
        .entities
        .iter()
        .map(|e| {
            vec![
                e.id.to_string(),
                text(&e.kind),
                e.name.clone(),
                list(&e.aliases),
                opt(&e.code),
                opt(&e.country),
                e.members.as_deref().map(list).unwrap_or_default(),
                opt(&e.defined_by),
                list(&e.parties),
                opt(&e.signed),
                opt(&e.note),
            ]
        })
        .collect();
    Table { rows, ..entities_shape() }
}

fn metrics_shape() -> Table {
    use Type::*;
    let columns = vec![
        id_col(),
        col("name", String, "Name of what is measured.").required(),
        col("value", String, "The kind of value its claims take.").required().one_of::<ValueKind>(),
        col("unit", String, "Quantities: the unit values are written in."),
        col("single_valued", Boolean, "Whether there is one true value per subject, period and scope.").required(),
        col("approx_percent", Decimal, "How loose \"approximately\" is for this metric, in percent (empty: the default 5)."),
        col("description", String, "What it measures."),
    ];
    Table { name: "metrics", title: "Metrics", columns, rows: vec![], primary_key: &["id"], foreign_keys: vec![] }
}

fn metrics(d: &PublishedDataset) -> Table {
    let rows = d
        .metrics
        .iter()
        .map(|m| {
            vec![
                m.id.to_string(),
                m.name.clone(),
                text(&m.value),
                opt(&m.unit),
                m.single_valued.to_string(),
                opt(&m.approx.map(|p| p.0)),
                opt(&m.description),
            ]
        })
        .collect();
    Table { rows, ..metrics_shape() }
}

fn claims_shape() -> Table {
    use Type::*;
    let columns = vec![
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
    Table {
        name: "claims",
        title: "Claims",
        columns,
        rows: vec![],
        primary_key: &["id"],
        foreign_keys: vec![
            (&["subject"], "entities", &["id"]),
            (&["metric"], "metrics", &["id"]),
            (&["scope"], "entities", &["id"]),
            (&["share_of_subject"], "entities", &["id"]),
            (&["share_of_metric"], "metrics", &["id"]),
        ],
    }
}

fn claims(d: &PublishedDataset) -> Table {
    let entity_names: std::collections::BTreeMap<&str, &str> = d.entities.iter().map(|e| (e.id.as_str(), e.name.as_str())).collect();
    let metric_names: std::collections::BTreeMap<&str, &str> = d.metrics.iter().map(|m| (m.id.as_str(), m.name.as_str())).collect();
    let rows = d
        .claims
        .iter()
        .map(|c| {
            let names = (
                entity_names.get(c.subject.as_str()).copied().unwrap_or_default(),
                metric_names.get(c.metric.as_str()).copied().unwrap_or_default(),
            );
            claim_row(c, names)
        })
        .collect();
    Table { rows, ..claims_shape() }
}

/// One claims.csv row; `names` are the subject's and the metric's names.
fn claim_row(c: &PublishedClaim, (subject_name, metric_name): (&str, &str)) -> Vec<String> {
    let v = &c.value;
    let eur = v.eur.as_ref();
    let conflicts: Vec<String> = c.conflicts_with.iter().map(|k| k.claim.to_string()).collect();
    vec![
        c.id.to_string(),
        c.subject.to_string(),
        subject_name.to_string(),
        c.metric.to_string(),
        metric_name.to_string(),
        c.period.to_string(),
        c.period_start.to_string(),
        c.period_end.to_string(),
        opt(&c.scope),
        v.written.clone(),
        text(&v.kind),
        opt(&v.currency),
        opt(&v.unit),
        opt(&v.amount.as_ref().map(|a| a.0.clone())),
        opt(&v.range.as_ref().map(|r| r.from.0.clone())),
        opt(&v.range.as_ref().map(|r| r.to.0.clone())),
        opt(&v.interval.as_ref().map(|i| i.lo.0.clone())),
        opt(&v.interval.as_ref().and_then(|i| i.hi.as_ref()).map(|h| h.0.clone())),
        text(&c.bound),
        text(&c.status),
        c.disputed.to_string(),
        opt(&eur.and_then(|e| e.amount.as_ref()).map(|a| a.0.clone())),
        opt(&eur.map(|e| e.interval.lo.0.clone())),
        opt(&eur.and_then(|e| e.interval.hi.as_ref()).map(|h| h.0.clone())),
        opt(&eur.map(|e| e.rate.0.clone())),
        opt(&eur.map(|e| e.days)),
        opt(&c.equivalent.as_ref().map(|e| e.value.written.clone())),
        opt(&c.equivalent.as_ref().and_then(|e| e.conversion_date)),
        opt(&c.change.as_ref().map(|k| k.by)),
        opt(&c.change.as_ref().map(|k| k.since)),
        opt(&c.share_of.as_ref().map(|s| s.subject.clone())),
        opt(&c.share_of.as_ref().map(|s| s.metric.clone())),
        opt(&c.share_of.as_ref().map(|s| s.period)),
        conflicts.join(LIST_SEPARATOR),
        opt(&c.note),
    ]
}

fn citations_shape() -> Table {
    use Type::*;
    let columns = vec![
        col("claim_id", String, "Id of the claim.").required(),
        col("position", Integer, "1-based position of the citation in the claim's list.").required(),
        col("source", String, "Id of the cited source.").required(),
        col("locator", String, "Where in the source: section, paragraph, page, note.").required(),
        col("quote", String, "A verbatim excerpt that contains the figure.").required(),
        col("via", String, "Id of the original source, when the cited document relays its figure."),
    ];
    Table {
        name: "citations",
        title: "Citations",
        columns,
        rows: vec![],
        primary_key: &["claim_id", "position"],
        foreign_keys: vec![(&["claim_id"], "claims", &["id"]), (&["source"], "sources", &["id"]), (&["via"], "sources", &["id"])],
    }
}

fn citations(d: &PublishedDataset) -> Table {
    let rows = d
        .claims
        .iter()
        .flat_map(|c| {
            c.citations.iter().enumerate().map(move |(i, k)| {
                vec![c.id.to_string(), (i + 1).to_string(), k.source.to_string(), k.locator.clone(), k.quote.clone(), opt(&k.via)]
            })
        })
        .collect();
    Table { rows, ..citations_shape() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_follows_rfc_4180() {
        let s = write_csv(
            [vec!["a", "b,c", "say \"hi\"", "two\nlines", "cr\rhere", ""], vec!["", " lead", "x;y", "é€", "'q'", "#"]].into_iter(),
        );
        assert_eq!(s, "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",\n, lead,x;y,é€,'q',#\n");
    }

    /// The hand-written RFC 4180 quoting the `csv` crate replaced; the
    /// published bytes must stay what it wrote.
    fn by_hand(fields: &[&str]) -> String {
        let quoted = |f: &str| if f.contains([',', '"', '\r', '\n']) { format!("\"{}\"", f.replace('"', "\"\"")) } else { f.to_string() };
        fields.iter().map(|f| quoted(f)).collect::<Vec<_>>().join(",") + "\n"
    }

    #[test]
    fn the_csv_crate_quotes_as_the_hand_written_writer_did() {
        let atoms = ["", "a", ",", "\"", "\r", "\n", "\r\n", " ", ";", "'", "#", "\t", "é", "\\", "1.5", "-"];
        let mut fields = Vec::new();
        for a in atoms {
            for b in atoms {
                fields.push(format!("{a}{b}"));
                fields.push(format!("x{a}y{b}"));
            }
        }
        for row in fields.chunks(3).filter(|r| r.len() > 1) {
            let row: Vec<&str> = row.iter().map(String::as_str).collect();
            assert_eq!(write_csv(std::iter::once(row.clone())), by_hand(&row), "{row:?}");
        }
    }

    #[test]
    fn plain_numbers() {
        for ok in ["0", "12", "-3", "65.79", "1300000000"] {
            assert!(is_plain_number(ok), "{ok}");
        }
        for bad in ["", "1.", ".5", "1e5", "2024-H1", "1,000", "NaN"] {
            assert!(!is_plain_number(bad), "{bad}");
        }
    }

    #[test]
    fn enums_come_from_the_types() {
        assert_eq!(enum_values::<Bound>(), ["exact", "approx", "at_least", "at_most"]);
        assert!(enum_values::<SourceKind>().contains(&"press-release".to_string()));
        assert!(enum_values::<SourceKind>().contains(&"reference".to_string()));
    }
}
