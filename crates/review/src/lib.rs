//! What a change to the dataset means, for reviewers and downstream tools:
//! the records added, removed and renamed, and per changed record each
//! field old → new, with the EUR equivalent of money figures and the
//! version bump each change needs. The diff and the bump policy are the
//! check's (`wbd_check::rules::history`); this crate loads the two states
//! and renders the result as text, GitHub markdown or JSON (the JSON shape
//! is documented in docs/REVIEW.md).

use std::path::Path;

use serde_json::{Map, Value as Json, json};
use wbd_check::hash::FastMap;
use wbd_check::model::Dataset;
use wbd_check::rates::Rates;
use wbd_check::rules::history::changes::{self, Bump, ChangeKind, FieldChange, RecordChange};
use wbd_check::rules::history::{self, Diff, Entry};
use wbd_check::{Severity, loader};
use wbd_schema::{Bound, Period, Value};

/// The version of the JSON shape (`"format"`); bumped on any change to it
/// that is not an added key.
pub const FORMAT: u32 = 1;

/// One side of the comparison: what to call it and the data's version.
#[derive(Clone, Debug, Default)]
pub struct Side {
    /// `HEAD~1`, `working tree`, `previous publish`.
    pub label: String,
    /// The git commit, when the side is one.
    pub commit: Option<String>,
    /// `version` of `dataset.yaml`, when there is one.
    pub version: Option<String>,
}

/// The changes between two states.
pub struct Review<'a> {
    pub from: Side,
    pub to: Side,
    pub diff: Diff<'a>,
    pub changes: Vec<RecordChange<'a>>,
    rates: &'a Rates,
}

/// Loads a dataset for comparison. Any error in loading (a file that does
/// not parse, a record that does not match the format) is refused: its
/// records would be missing from the comparison, and a partial list of
/// changes must not pass for a complete one.
pub fn load(dataset: &Path, root: &Path, schema_dir: Option<&Path>) -> Result<Dataset, String> {
    let schemas = loader::Schemas::load(schema_dir);
    let (ds, diags, _) = loader::load(dataset, root, &schemas);
    // A missing or broken rates file loses no record: only money in EUR.
    let errors: Vec<_> = diags.iter().filter(|d| d.severity == Severity::Error && !d.code.starts_with("currency/")).collect();
    if let Some(first) = errors.first() {
        let place = match first.span() {
            Some(s) => {
                let f = ds.files.get(s.file);
                let (line, col) = f.line_col(s.start);
                format!("{}:{line}:{col}", f.name)
            }
            None => "the dataset".to_string(),
        };
        let more = if errors.len() > 1 { format!(" (and {} more)", errors.len() - 1) } else { String::new() };
        return Err(format!("{place}: {}: {}{more}", first.code, first.message.lines().next().unwrap_or("")));
    }
    Ok(ds)
}

/// Every record of a loaded dataset, for [`Review::new`].
pub fn records(ds: &Dataset) -> FastMap<&str, Entry<'_>> {
    history::entries(ds, 0)
}

impl<'a> Review<'a> {
    /// Compares two states' records; money is converted to EUR with
    /// `rates` (the newer state's), at the average over each claim's period
    /// as publish does.
    pub fn new(from: Side, old: FastMap<&'a str, Entry<'a>>, to: Side, new: FastMap<&'a str, Entry<'a>>, rates: &'a Rates) -> Review<'a> {
        let diff = Diff::new(old, new);
        let changes = changes::classify(&diff);
        Review { from, to, diff, changes, rates }
    }

    /// The largest bump the changes need.
    pub fn needed(&self) -> Option<Bump> {
        changes::required_bump(&self.changes)
    }

    /// The bump the version made, when both versions are `MAJOR.MINOR.PATCH`.
    pub fn made(&self) -> Option<Bump> {
        let v = |s: &Side| s.version.as_deref().and_then(changes::parse_version);
        changes::bump_made(v(&self.from)?, v(&self.to)?)
    }

    pub fn count(&self, kind: ChangeKind) -> usize {
        self.changes.iter().filter(|c| c.change == kind).count()
    }

    /// The EUR equivalent of a money value of `record` (a claim's `value`,
    /// or an `equivalent`'s), at the average ECB rate over the claim's
    /// period; `None` for EUR itself and for anything else.
    fn eur(&self, record: &Json, field: &str, v: Option<&Json>) -> Option<String> {
        if field != "value" && field != "equivalent" {
            return None;
        }
        let v = v?;
        let v = if field == "equivalent" { v.get("value")? } else { v };
        let value: Value = serde_json::from_value(v.clone()).ok()?;
        let (wbd_schema::Amount::Money { currency, .. }, _) = value.ends()? else { return None };
        if currency.to_string() == "EUR" {
            return None;
        }
        let period: Period = serde_json::from_value(record.get("period")?.clone()).ok()?;
        let e = wbd_check::fx::eur_at_period_average(&value, Bound::Exact, rust_decimal::Decimal::ZERO, &period, self.rates)?;
        Some(match value {
            Value::Range(..) => format!("{} to {}", e.interval.lo, e.interval.hi?),
            _ => e.amount.to_string(),
        })
    }

    fn content(&self, c: &RecordChange, old: bool) -> Option<&Json> {
        let id = if old { c.from.unwrap_or(c.id) } else { c.id };
        let map = if old { &self.diff.old } else { &self.diff.new };
        map.get(id).map(|e| &e.content)
    }

    // ---------------------------------------------------------------- json

    /// The stable JSON document (docs/REVIEW.md).
    pub fn json(&self) -> Json {
        let side = |s: &Side| json!({"label": s.label, "commit": s.commit, "version": s.version});
        let counts: Map<String, Json> = ChangeKind::ALL.iter().map(|k| (k.as_str().to_string(), json!(self.count(*k)))).collect();
        let list: Vec<Json> = self.changes.iter().map(|c| self.change_json(c)).collect();
        json!({
            "format": FORMAT,
            "from": side(&self.from),
            "to": side(&self.to),
            "bump": {"needed": self.needed().map(Bump::as_str), "made": self.made().map(Bump::as_str)},
            "counts": counts,
            "changes": list,
        })
    }

    fn change_json(&self, c: &RecordChange) -> Json {
        let mut o = Map::new();
        o.insert("change".into(), c.change.as_str().into());
        o.insert("kind".into(), c.kind.into());
        o.insert("id".into(), c.id.into());
        if let Some(f) = c.from {
            o.insert("from".into(), f.into());
        }
        o.insert("bump".into(), c.bump.as_str().into());
        match c.change {
            ChangeKind::Added | ChangeKind::Removed => {
                let rec = self.content(c, c.change == ChangeKind::Removed).cloned().unwrap_or(Json::Null);
                o.insert("record".into(), rec);
            }
            ChangeKind::Renamed => {}
            ChangeKind::Changed => {
                let (old, new) = (self.content(c, true), self.content(c, false));
                let fields: Vec<Json> = c
                    .fields
                    .iter()
                    .map(|f| {
                        let mut m = Map::new();
                        m.insert("field".into(), f.field.clone().into());
                        m.insert("bump".into(), f.bump.as_str().into());
                        if f.field == "citations" {
                            m.insert("added".into(), f.added.clone().into());
                            m.insert("removed".into(), f.removed.clone().into());
                        } else {
                            m.insert("old".into(), f.old.clone().unwrap_or(Json::Null));
                            m.insert("new".into(), f.new.clone().unwrap_or(Json::Null));
                            if c.kind == "claim" && (f.field == "value" || f.field == "equivalent") {
                                let e = |rec: Option<&Json>, v: Option<&Json>| rec.and_then(|r| self.eur(r, &f.field, v));
                                m.insert("old_eur".into(), e(old, f.old.as_ref()).into());
                                m.insert("new_eur".into(), e(new, f.new.as_ref()).into());
                            }
                        }
                        Json::Object(m)
                    })
                    .collect();
                o.insert("fields".into(), fields.into());
            }
        }
        Json::Object(o)
    }

    // ---------------------------------------------------------------- text

    /// One line of counts and the bump.
    fn headline(&self) -> String {
        let counts: Vec<String> = ChangeKind::ALL.iter().map(|k| format!("{} {}", self.count(*k), k.as_str())).collect();
        let version = |s: &Side| s.version.clone().unwrap_or_else(|| "no version".into());
        let bump = match (self.needed(), self.made()) {
            (None, _) => "no version bump needed".to_string(),
            (Some(n), Some(m)) if m >= n => format!("needs a {} bump; made a {} bump", n.as_str(), m.as_str()),
            (Some(n), Some(m)) => format!("needs a {} bump, but made only a {} bump", n.as_str(), m.as_str()),
            (Some(n), None) => format!("needs a {} bump, but the version did not go up", n.as_str()),
        };
        format!("{} (version {} → {}; {bump})", counts.join(", "), version(&self.from), version(&self.to))
    }

    /// A field's old or new value as text, with its EUR equivalent.
    fn shown(&self, c: &RecordChange, f: &FieldChange, old: bool) -> String {
        let v = if old { f.old.as_ref() } else { f.new.as_ref() };
        let Some(v) = v else { return "(none)".into() };
        let text = plain(v);
        let eur = if c.kind == "claim" { self.content(c, old).and_then(|r| self.eur(r, &f.field, Some(v))) } else { None };
        match eur {
            Some(e) => format!("{text} (≈ EUR {})", group(&e)),
            None => text,
        }
    }

    /// Citations added and removed, one phrase each.
    fn citations(f: &FieldChange) -> Vec<String> {
        let one = |c: &Json, sign: char| {
            let s = |k: &str| c.get(k).and_then(Json::as_str).unwrap_or("");
            format!("{sign} {} ({}): \"{}\"", s("source"), s("locator"), s("quote"))
        };
        f.removed.iter().map(|c| one(c, '-')).chain(f.added.iter().map(|c| one(c, '+'))).collect()
    }

    /// Plain text for a terminal.
    pub fn human(&self) -> String {
        let mut s = format!("changes from {} to {}: {}\n", self.from.label, self.to.label, self.headline());
        for c in &self.changes {
            match c.change {
                ChangeKind::Added => s.push_str(&format!("  + {} `{}` added ({})\n", c.kind, c.id, c.bump.as_str())),
                ChangeKind::Removed => s.push_str(&format!("  - {} `{}` removed ({})\n", c.kind, c.id, c.bump.as_str())),
                ChangeKind::Renamed => {
                    s.push_str(&format!("  > {} `{}` renamed to `{}` ({})\n", c.kind, c.from.unwrap_or(""), c.id, c.bump.as_str()))
                }
                ChangeKind::Changed => {
                    s.push_str(&format!("  ~ {} `{}` changed ({})\n", c.kind, c.id, c.bump.as_str()));
                    for f in &c.fields {
                        if f.field == "citations" {
                            for line in Self::citations(f) {
                                s.push_str(&format!("      citations {line} ({})\n", f.bump.as_str()));
                            }
                        } else {
                            s.push_str(&format!(
                                "      {}: {} → {} ({})\n",
                                f.field,
                                self.shown(c, f, true),
                                self.shown(c, f, false),
                                f.bump.as_str()
                            ));
                        }
                    }
                }
            }
        }
        escape_controls(&s)
    }

    /// GitHub-flavoured markdown: a header with the counts, then one table
    /// per kind of change that has any.
    pub fn markdown(&self) -> String {
        let mut s = format!("## Dataset changes: {} → {}\n\n", cell(&self.from.label), cell(&self.to.label));
        s.push_str(&format!("{}\n", cell(&self.headline())));
        for kind in ChangeKind::ALL {
            let these: Vec<&RecordChange> = self.changes.iter().filter(|c| c.change == kind).collect();
            if these.is_empty() {
                continue;
            }
            let title = match kind {
                ChangeKind::Added => "Added",
                ChangeKind::Removed => "Removed",
                ChangeKind::Renamed => "Renamed",
                ChangeKind::Changed => "Changed",
            };
            s.push_str(&format!("\n### {title} ({})\n\n", these.len()));
            match kind {
                ChangeKind::Added | ChangeKind::Removed => {
                    s.push_str("| kind | id | summary | bump |\n|---|---|---|---|\n");
                    for c in these {
                        let rec = self.content(c, kind == ChangeKind::Removed);
                        s.push_str(&format!("| {} | {} | {} | {} |\n", c.kind, code(c.id), cell(&summary(c.kind, rec)), c.bump.as_str()));
                    }
                }
                ChangeKind::Renamed => {
                    s.push_str("| kind | from | to | bump |\n|---|---|---|---|\n");
                    for c in these {
                        s.push_str(&format!("| {} | {} | {} | {} |\n", c.kind, code(c.from.unwrap_or("")), code(c.id), c.bump.as_str()));
                    }
                }
                ChangeKind::Changed => {
                    s.push_str("| kind | id | field | old | new | bump |\n|---|---|---|---|---|---|\n");
                    for c in these {
                        for f in &c.fields {
                            let (old, new) = if f.field == "citations" {
                                let l = Self::citations(f);
                                let (rem, add): (Vec<&String>, Vec<&String>) = l.iter().partition(|x| x.starts_with('-'));
                                let join = |v: Vec<&String>| v.iter().map(|x| cell(&x[2..])).collect::<Vec<_>>().join("<br>");
                                (join(rem), join(add))
                            } else {
                                (cell(&self.shown(c, f, true)), cell(&self.shown(c, f, false)))
                            };
                            s.push_str(&format!(
                                "| {} | {} | {} | {} | {} | {} |\n",
                                c.kind,
                                code(c.id),
                                f.field,
                                or_dash(old),
                                or_dash(new),
                                f.bump.as_str()
                            ));
                        }
                    }
                }
            }
        }
        s
    }
}

/// A record-format value as a reader writes it: strings bare, a
/// `{date|entity|text: x}` value as `x`, anything else as JSON.
fn plain(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Null => String::new(),
        Json::Object(o) if o.len() == 1 && ["date", "entity", "text"].iter().any(|k| o.contains_key(*k)) => {
            o.values().next().map(plain).unwrap_or_default()
        }
        other => other.to_string(),
    }
}

fn or_dash(s: String) -> String {
    if s.is_empty() { "–".into() } else { s }
}

/// A short description of an added or removed record: a claim's subject,
/// metric, period and value; another record's title or name.
fn summary(kind: &str, rec: Option<&Json>) -> String {
    let Some(r) = rec else { return String::new() };
    let s = |k: &str| r.get(k).map(plain).unwrap_or_default();
    if kind == "claim" {
        format!("{} · {} · {} · {}", s("subject"), s("metric"), s("period"), s("value"))
    } else {
        ["title", "name", "label"].iter().map(|k| s(k)).find(|x| !x.is_empty()).unwrap_or_default()
    }
}

/// Text made safe for one GitHub table cell: no line breaks, pipes escaped,
/// HTML and markdown punctuation neutralised, control characters escaped.
pub fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in escape_controls(s).chars() {
        match ch {
            '\n' | '\r' => out.push(' '),
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '~' | '!' => {
                out.push('\\');
                out.push(ch);
            }
            c => out.push(c),
        }
    }
    out
}

/// An id as inline code (ids are slugs: no backticks or pipes).
fn code(id: &str) -> String {
    if id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.') { format!("`{id}`") } else { cell(id) }
}

/// Control characters from the data as `\u{..}`, so a record cannot forge
/// lines or colours in a log.
fn escape_controls(s: &str) -> String {
    s.chars().map(|c| if c.is_control() && c != '\n' { format!("\\u{{{:x}}}", c as u32) } else { c.to_string() }).collect()
}

/// A decimal string with thousands grouped by commas (`1234567.89` →
/// `1,234,567.89`); ranges (`a to b`) group both ends.
fn group(s: &str) -> String {
    if let Some((a, b)) = s.split_once(" to ") {
        return format!("{} to {}", group(a), group(b));
    }
    let (sign, rest) = s.strip_prefix('-').map_or(("", s), |r| ("-", r));
    let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut g = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            g.push(',');
        }
        g.push(ch);
    }
    match frac {
        Some(f) => format!("{sign}{g}.{f}"),
        None => format!("{sign}{g}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping() {
        assert_eq!(group("1234567.89"), "1,234,567.89");
        assert_eq!(group("123"), "123");
        assert_eq!(group("-1000"), "-1,000");
        assert_eq!(group("1000 to 20000.5"), "1,000 to 20,000.5");
    }

    #[test]
    fn cells() {
        assert_eq!(cell("a | b\nc"), "a \\| b c");
        assert_eq!(cell("<script>"), "&lt;script&gt;");
        assert_eq!(cell("x\u{1b}[2J"), "x\\\\u{1b}\\[2J");
    }
}
