//! One CSV per record kind, and the Table Schema that describes each in
//! `datapackage.json`.
//!
//! Each table is a file of this module (`sources.rs`, `entities.rs`,
//! `metrics.rs`, `claims.rs`, `citations.rs`) holding its row type, a
//! `#[derive(Serialize)]` struct whose field names are the CSV header, and
//! next to it the table's shape: the columns with their types and
//! descriptions, which `datapackage.json` and docs/PUBLISHING.md publish.
//! A test keeps the two equal (`header_is_the_descriptor` in
//! tests/publish.rs).
//!
//! CSV, written by the `csv` crate: RFC 4180 quoting (a field with a comma,
//! a double quote, CR or LF is quoted, quotes doubled), a header row, `\n`
//! line endings, rows sorted by id, lists joined with `;`, an empty field
//! for a missing value.

use schemars::JsonSchema;
use serde::{Serialize, Serializer};
use serde_json::{Value as Json, json};

use crate::json::PublishedDataset;

mod citations;
mod claims;
mod entities;
mod metrics;
mod sources;
#[cfg(test)]
mod tests;

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

fn id_col() -> Column {
    col("id", Type::String, "Record id: lowercase ASCII slug, unique across the dataset.").required().unique()
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
    /// The fields of each row, as the row type serialized them.
    pub rows: Vec<Vec<String>>,
    /// The header the row type's serializer wrote (its field names);
    /// empty when there are no rows. [`Table::csv`] writes the columns'
    /// names, and a test keeps the two equal.
    pub row_header: Vec<String>,
    pub primary_key: &'static [&'static str],
    pub foreign_keys: Vec<ForeignKey>,
}

impl Table {
    /// A table without rows.
    fn shape(
        name: &'static str,
        title: &'static str,
        columns: Vec<Column>,
        primary_key: &'static [&'static str],
        foreign_keys: Vec<ForeignKey>,
    ) -> Table {
        Table { name, title, columns, rows: vec![], row_header: vec![], primary_key, foreign_keys }
    }

    /// The table with these rows: serialized by the `csv` crate (one field
    /// per struct field, `None` empty), and read back as fields.
    fn with_rows<R: Serialize>(mut self, rows: impl IntoIterator<Item = R>) -> Table {
        let mut w = csv::WriterBuilder::new().has_headers(true).from_writer(Vec::new());
        for r in rows {
            // Row types are flat structs of strings, numbers, booleans and
            // unit enums: serializing them to memory does not fail.
            w.serialize(r).expect("a table row is a flat struct, serialized to memory");
        }
        let bytes = w.into_inner().expect("a CSV buffer is flushed to memory");
        let mut records = csv::ReaderBuilder::new().has_headers(false).from_reader(bytes.as_slice()).into_records();
        let mut fields = |r: Result<csv::StringRecord, csv::Error>| {
            r.expect("the csv crate reads back what it wrote").iter().map(String::from).collect::<Vec<String>>()
        };
        self.row_header = records.next().map(&mut fields).unwrap_or_default();
        self.rows = records.map(fields).collect();
        self
    }

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

/// Every table of the dataset, in a fixed order.
pub fn tables(d: &PublishedDataset) -> Vec<Table> {
    vec![sources::table(d), entities::table(d), metrics::table(d), claims::table(d), citations::table(d)]
}

/// Every table's columns and keys, without rows: what the documentation
/// of the CSVs is rendered from ([`columns_markdown`]).
pub fn shapes() -> Vec<Table> {
    vec![sources::shape(), entities::shape(), metrics::shape(), claims::shape(), citations::shape()]
}

/// A list field: the items joined with [`LIST_SEPARATOR`].
fn joined<T: std::fmt::Display, S: Serializer>(items: &[T], s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&Joined(items))
}

struct Joined<'a, T>(&'a [T]);

impl<T: std::fmt::Display> std::fmt::Display for Joined<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        for (i, x) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(LIST_SEPARATOR)?;
            }
            write!(f, "{x}")?;
        }
        Ok(())
    }
}
