//! `dataset.json`: the published types and the normalisation of claims.
//!
//! The types here are the contract with downstream tools: their JSON Schema
//! (`schema/dataset-json.schema.json`) is generated from them with
//! schemars. Sources, entities and metrics are published in the record
//! format itself (`docs/FORMAT.md`); claims get their values normalised:
//! exact amounts as decimal strings, the interval the written figure can
//! mean, and for money the EUR equivalent at the period's average ECB rate.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};
use wbd_check::Report;
use wbd_check::fx;
use wbd_check::interval::{DEFAULT_APPROX_PERCENT, Interval};
use wbd_check::rates::Rates;
use wbd_schema::{
    Allow, Amount, Bound, Change, Citation, Claim, ConflictNote, DatasetMeta, Date, Entity, Id, Metric, Number, Period, SCHEMA_BASE_ID,
    SCHEMA_VERSION, ShareOf, Source, Status, Value, ValueKind,
};

/// File name of the JSON Schema of `dataset.json` inside `schema/`.
pub const DATASET_SCHEMA_FILE: &str = "dataset-json.schema.json";

/// The `$id` of the JSON Schema of `dataset.json`.
pub fn dataset_schema_id() -> String {
    format!("{SCHEMA_BASE_ID}/{DATASET_SCHEMA_FILE}")
}

/// An exact decimal number as a string (`"1300000000"`, `"65.79"`): no
/// floating point anywhere in the published data.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DecimalString(pub String);

impl JsonSchema for DecimalString {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("DecimalString")
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^-?[0-9]+(\\.[0-9]+)?$",
            "description": "An exact decimal number written as a string, e.g. \"1300000000\" or \"65.79\"."
        })
    }
}

impl DecimalString {
    /// Trailing zeros dropped: for computed values, whose digits carry no
    /// meaning beyond their value.
    pub fn computed(d: Decimal) -> DecimalString {
        DecimalString(d.normalize().to_string())
    }
}

/// The published dataset: every record, sorted by id.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Western Balkans defence dataset: published dataset.json")]
pub struct PublishedDataset {
    /// The `$id` of this file's JSON Schema.
    #[serde(rename = "$schema")]
    pub schema: String,
    /// Version of the record format and of the published schema.
    pub schema_version: String,
    /// Metadata of the dataset (`dataset.yaml`).
    pub dataset: DatasetMeta,
    /// Documents claims cite, in the record format of `sources/*.yaml`.
    pub sources: Vec<Source>,
    /// What claims are about, in the record format of `entities/*.yaml`.
    pub entities: Vec<Entity>,
    /// The vocabulary of what claims measure, as in `metrics/*.yaml`.
    pub metrics: Vec<Metric>,
    /// Facts, each as one source states it, with normalised values.
    pub claims: Vec<PublishedClaim>,
}

/// One claim with its value normalised.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishedClaim {
    pub id: Id,
    /// The entity the claim is about.
    pub subject: Id,
    pub metric: Id,
    /// The period as written: `2024`, `2024-H1`, `2024-Q3`, `2024-05`, `2024-05-12` or `2020..2025`.
    pub period: Period,
    /// First day the period covers.
    pub period_start: Date,
    /// Last day the period covers.
    pub period_end: Date,
    /// The region or entity within which the figure is taken.
    pub scope: Option<Id>,
    pub value: PublishedValue,
    pub bound: Bound,
    /// What the figure is: `reported`, a fact the source reports (for a
    /// budget: money spent, or reported as spent); `planned`, adopted or
    /// announced (a budget law, a plan, a pledge); `projected`, a forecast;
    /// `disputed`, presented as contested by the source itself (an
    /// assessment a party denies).
    pub status: Status,
    /// The same amount as the source restates it in another currency.
    pub equivalent: Option<PublishedEquivalent>,
    pub change: Option<Change>,
    pub share_of: Option<ShareOf>,
    pub citations: Vec<Citation>,
    /// Acknowledged contradictions this claim records, as written.
    pub conflicts_with: Vec<ConflictNote>,
    /// True when the claim is part of an acknowledged contradiction or its
    /// status is `disputed`.
    pub disputed: bool,
    /// The acknowledgements that make the claim disputed, from both sides.
    pub disputes: Vec<Dispute>,
    /// Rule suppressions with their reasons.
    pub allow: Vec<Allow>,
    pub note: Option<String>,
}

/// Why a claim is disputed: an acknowledged contradiction.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dispute {
    /// The other claim of the contradiction, when known.
    pub claim: Option<Id>,
    /// The contradiction rule whose finding was acknowledged
    /// (`contradiction/...`), when the checker found one.
    pub rule: Option<String>,
    /// The checker's finding.
    pub finding: Option<String>,
    /// The maintainers' note on why the claims disagree.
    pub note: Option<String>,
}

/// An equivalent in another currency, normalised.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishedEquivalent {
    pub value: PublishedValue,
    /// The date whose rate the source used, when the record gives it.
    pub conversion_date: Option<Date>,
}

/// A claim value: as written, and for numeric values its exact amount,
/// the interval it can mean, and for money its EUR equivalent.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishedValue {
    /// The value as written: `USD 1.3 billion`, `65.79 %`, `40 % to 120 %`;
    /// for dates, entities and texts the date, entity id or text.
    pub written: String,
    pub kind: ValueKind,
    /// Money: the ISO 4217 code.
    pub currency: Option<String>,
    /// Percent: `%`; quantity: its unit.
    pub unit: Option<String>,
    /// The exact amount with the scale word applied, keeping the decimal
    /// places written (`1.30 %` gives `1.30`). Null for ranges and
    /// non-numeric values.
    pub amount: Option<DecimalString>,
    /// Ranges (`40 to 120 %`): the two ends' exact amounts.
    pub range: Option<AmountRange>,
    /// What the figure can mean: half a unit of the last written digit
    /// either side, widened by `bound` and the metric's approx tolerance.
    pub interval: Option<PublishedInterval>,
    /// Money: the EUR equivalent at the average ECB reference rate over the
    /// claim's period; null when there are no rates for it.
    pub eur: Option<EurValue>,
}

/// Both ends of a range value.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AmountRange {
    pub from: DecimalString,
    pub to: DecimalString,
}

/// A closed interval; `hi` is null when unbounded above (`over ...`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishedInterval {
    pub lo: DecimalString,
    pub hi: Option<DecimalString>,
}

impl From<Interval> for PublishedInterval {
    fn from(i: Interval) -> PublishedInterval {
        PublishedInterval { lo: DecimalString::computed(i.lo), hi: i.hi.map(DecimalString::computed) }
    }
}

/// A money value in EUR at a period's average ECB rate.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EurValue {
    /// The exact amount in EUR, rounded to cents; null for ranges.
    pub amount: Option<DecimalString>,
    /// The value's interval in EUR, rounded to cents.
    pub interval: PublishedInterval,
    /// Average units of the currency per EUR over the period (1 for EUR).
    pub rate: DecimalString,
    /// How many daily rates were averaged (0 for EUR itself).
    pub days: u32,
}

/// The exact amount of a number: digits times the scale word, with the
/// decimal places written that the scale does not absorb.
pub fn exact_amount(n: &Number) -> Option<Decimal> {
    let mut v = n.value()?;
    let exp = n.scale.map_or(0, |s| s.exponent());
    v.rescale(n.digits.scale().saturating_sub(exp));
    Some(v)
}

/// Normalises a value of a claim about `period`, with the metric's approx
/// tolerance in percent.
pub fn normalise(v: &Value, bound: Bound, approx: Decimal, period: &Period, rates: &Rates) -> PublishedValue {
    let ends = v.ends();
    let (currency, unit) = match ends {
        Some((Amount::Money { currency, .. }, _)) => (Some(currency.to_string()), None),
        Some((Amount::Percent(_), _)) => (None, Some("%".to_string())),
        Some((Amount::Quantity { unit, .. }, _)) => (None, Some(unit.to_string())),
        _ => (None, None),
    };
    let (amount, range) = match v {
        Value::Amount(a) => (exact_amount(a.number()).map(|d| DecimalString(d.to_string())), None),
        Value::Range(a, b) => match (exact_amount(a.number()), exact_amount(b.number())) {
            (Some(from), Some(to)) => {
                (None, Some(AmountRange { from: DecimalString(from.to_string()), to: DecimalString(to.to_string()) }))
            }
            _ => (None, None),
        },
        _ => (None, None),
    };
    let interval = Interval::of_value(v, bound, approx).map(PublishedInterval::from);
    let eur = fx::eur_at_period_average(v, bound, approx, period, rates).map(|e| EurValue {
        amount: matches!(v, Value::Amount(_)).then(|| DecimalString::computed(e.amount)),
        interval: e.interval.into(),
        rate: DecimalString::computed(e.rate),
        days: u32::try_from(e.days).unwrap_or(u32::MAX),
    });
    PublishedValue { written: v.to_string(), kind: v.kind(), currency, unit, amount, range, interval, eur }
}

/// Builds the published dataset from a clean report. `None` when the
/// dataset has no `dataset.yaml`.
pub fn build(report: &Report) -> Option<PublishedDataset> {
    let ds = &report.dataset;
    let meta = ds.meta.as_ref()?.rec.clone();
    let empty = Rates::default();
    let rates = ds.rates.as_ref().unwrap_or(&empty);

    // Acknowledged contradictions, from both sides.
    let mut disputes: BTreeMap<&str, BTreeSet<Dispute>> = BTreeMap::new();
    for c in &ds.claims {
        for k in &c.conflicts_with {
            let d = Dispute { claim: Some(k.claim.clone()), rule: None, finding: None, note: k.note.clone() };
            disputes.entry(c.id.as_str()).or_default().insert(d);
            let back = Dispute { claim: Some(c.id.clone()), rule: None, finding: None, note: k.note.clone() };
            disputes.entry(k.claim.as_str()).or_default().insert(back);
        }
    }
    for d in &report.diagnostics {
        let (Some(s), Some(rec)) = (&d.suppressed, &d.record) else { continue };
        if s.by != "conflicts_with" || !d.code.starts_with("contradiction/") {
            continue;
        }
        let note = (!s.reason.is_empty()).then(|| s.reason.clone());
        let dispute = Dispute { claim: None, rule: Some(d.code.to_string()), finding: Some(d.message.clone()), note };
        // The finding's claim and the other claims of the contradiction.
        for id in std::iter::once(rec).chain(&d.others) {
            if let Some(claim) = report.index.claim(ds, id.as_str()) {
                disputes.entry(claim.id.as_str()).or_default().insert(dispute.clone());
            }
        }
    }

    let mut sources: Vec<Source> = ds.sources.iter().map(|r| r.rec.clone()).collect();
    sources.sort_by(|a, b| a.id.cmp(&b.id));
    let mut entities: Vec<Entity> = ds.entities.iter().map(|r| r.rec.clone()).collect();
    entities.sort_by(|a, b| a.id.cmp(&b.id));
    let mut metrics: Vec<Metric> = ds.metrics.iter().map(|r| r.rec.clone()).collect();
    metrics.sort_by(|a, b| a.id.cmp(&b.id));
    let mut claims: Vec<PublishedClaim> = ds
        .claims
        .iter()
        .map(|c| {
            let approx = report.index.metric(ds, c.metric.as_str()).and_then(|m| m.approx).map_or(DEFAULT_APPROX_PERCENT, |p| p.0);
            let ds_of_claim = disputes.get(c.id.as_str()).map(|s| s.iter().cloned().collect()).unwrap_or_default();
            claim(c, approx, rates, ds_of_claim)
        })
        .collect();
    claims.sort_by(|a, b| a.id.cmp(&b.id));
    Some(PublishedDataset {
        schema: dataset_schema_id(),
        schema_version: SCHEMA_VERSION.to_string(),
        dataset: meta,
        sources,
        entities,
        metrics,
        claims,
    })
}

fn claim(c: &Claim, approx: Decimal, rates: &Rates, disputes: Vec<Dispute>) -> PublishedClaim {
    let (period_start, period_end) = c.period.bounds();
    PublishedClaim {
        id: c.id.clone(),
        subject: c.subject.clone(),
        metric: c.metric.clone(),
        period: c.period,
        period_start,
        period_end,
        scope: c.scope.clone(),
        value: normalise(&c.value, c.bound, approx, &c.period, rates),
        bound: c.bound,
        status: c.status,
        equivalent: c.equivalent.as_ref().map(|e| PublishedEquivalent {
            value: normalise(&e.value, c.bound, approx, &c.period, rates),
            conversion_date: e.conversion_date,
        }),
        change: c.change.as_deref().cloned(),
        share_of: c.share_of.as_deref().cloned(),
        citations: c.citations.clone(),
        conflicts_with: c.conflicts_with.clone(),
        disputed: c.status == Status::Disputed || !disputes.is_empty(),
        disputes,
        allow: c.allow.clone(),
        note: c.note.clone(),
    }
}

/// The records of a published `dataset.json` in the record form that the
/// history diff compares (`wbd_check::rules::history::entries`): `(kind,
/// id, record without its id)`, claims turned back from their normalised
/// form into the record they were published from. The one place that maps
/// published records back; an error names a claim that does not read back
/// (a `dataset.json` of another format).
pub fn comparable_records(p: &PublishedDataset) -> Result<Vec<(&'static str, String, serde_json::Value)>, String> {
    fn strip(mut v: serde_json::Value) -> serde_json::Value {
        if let Some(o) = v.as_object_mut() {
            o.shift_remove("id");
        }
        v
    }
    let mut out = Vec::new();
    for r in &p.sources {
        out.push(("source", r.id.to_string(), strip(serde_json::to_value(r).map_err(|e| e.to_string())?)));
    }
    for r in &p.entities {
        out.push(("entity", r.id.to_string(), strip(serde_json::to_value(r).map_err(|e| e.to_string())?)));
    }
    for r in &p.metrics {
        out.push(("metric", r.id.to_string(), strip(serde_json::to_value(r).map_err(|e| e.to_string())?)));
    }
    // A value in the record format: amounts as written, the other kinds as
    // the mapping they are written as.
    fn recorded(v: &PublishedValue) -> serde_json::Value {
        match v.kind {
            ValueKind::Date => serde_json::json!({"date": v.written}),
            ValueKind::Entity => serde_json::json!({"entity": v.written}),
            ValueKind::Text => serde_json::json!({"text": v.written}),
            _ => serde_json::Value::String(v.written.clone()),
        }
    }
    for c in &p.claims {
        let record = serde_json::json!({
            "id": c.id,
            "subject": c.subject,
            "metric": c.metric,
            "period": c.period,
            "scope": c.scope,
            "value": recorded(&c.value),
            "bound": c.bound,
            "status": c.status,
            "equivalent": c.equivalent.as_ref().map(|e| serde_json::json!({"value": recorded(&e.value), "conversion_date": e.conversion_date})),
            "change": c.change,
            "share_of": c.share_of,
            "citations": c.citations,
            "conflicts_with": c.conflicts_with,
            "allow": c.allow,
            "note": c.note,
        });
        let mut record = record;
        if let Some(o) = record.as_object_mut() {
            o.retain(|_, v| !v.is_null());
        }
        let claim: Claim = serde_json::from_value(record).map_err(|e| format!("claim `{}` does not read back: {e}", c.id))?;
        out.push(("claim", c.id.to_string(), strip(serde_json::to_value(&claim).map_err(|e| e.to_string())?)));
    }
    Ok(out)
}

/// The JSON Schema of `dataset.json`, as the published file's text.
pub fn dataset_schema() -> String {
    let mut schema = serde_json::to_value(schemars::schema_for!(PublishedDataset)).unwrap_or_default();
    wbd_schema::portable::make_portable(&mut schema);
    if let Some(obj) = schema.as_object_mut() {
        let mut out = serde_json::Map::new();
        out.insert("$schema".into(), "https://json-schema.org/draft/2020-12/schema".into());
        out.insert("$id".into(), dataset_schema_id().into());
        out.insert("title".into(), "Western Balkans defence dataset: published dataset.json".into());
        out.insert("$comment".into(), format!("Schema version {SCHEMA_VERSION}").into());
        for (k, v) in std::mem::take(obj) {
            if k != "$schema" && k != "title" {
                out.insert(k, v);
            }
        }
        *obj = out;
    }
    crate::pretty(&schema)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(s: &str) -> String {
        let v: Value = s.parse().unwrap();
        exact_amount(v.ends().unwrap().0.number()).unwrap().to_string()
    }

    #[test]
    fn exact_amounts_keep_written_decimal_places() {
        assert_eq!(amount("USD 1.3 billion"), "1300000000");
        assert_eq!(amount("USD 1.30 billion"), "1300000000");
        assert_eq!(amount("1.30 %"), "1.30");
        assert_eq!(amount("65.79 %"), "65.79");
        assert_eq!(amount("1.2345 thousand"), "1234.5");
        assert_eq!(amount("200,000"), "200000");
        assert_eq!(amount("17.3 m"), "17.3");
    }

    /// Normalising extreme numbers (past the supported precision too, as a
    /// caller could build them) answers or leaves fields null; it never
    /// panics.
    #[test]
    fn extreme_numbers_normalise_without_panic() {
        use wbd_schema::{CurrencyCode, Scale};
        let csv = "Date,USD\n2024-03-28,0.0000000000000000000000000001\n2024-03-27,79228162514264337593543950335\n";
        let rates = Rates::parse_csv(csv).unwrap();
        let period: Period = "2024".parse().unwrap();
        let digits = [Decimal::ZERO, Decimal::new(1, 28), Decimal::new(1, 12), Decimal::MAX, Decimal::from(999_999)];
        for d in digits {
            for scale in [None, Some(Scale::Trillion)] {
                let n = Number { digits: d, scale, grouped: false };
                let _ = exact_amount(&n);
                for currency in [CurrencyCode(*b"USD"), CurrencyCode::EUR] {
                    let v = Value::Range(Amount::Money { currency, number: n }, Amount::Money { currency, number: n });
                    for bound in [Bound::Exact, Bound::Approx, Bound::AtLeast, Bound::AtMost] {
                        let _ = normalise(&v, bound, Decimal::MAX, &period, &rates);
                        let _ = normalise(&Value::Amount(Amount::Percent(n)), bound, DEFAULT_APPROX_PERCENT, &period, &rates);
                    }
                }
            }
        }
        // At the supported limit everything is there.
        let v: Value = "USD 999999 trillion".parse().unwrap();
        let p = normalise(&v, Bound::Approx, DEFAULT_APPROX_PERCENT, &period, &rates);
        assert_eq!(p.amount.unwrap().0, "999999000000000000");
        assert!(p.interval.is_some() && p.eur.is_some());
    }
}
