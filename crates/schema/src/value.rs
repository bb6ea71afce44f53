//! Claim values in the maintainers' notation: `USD 1.3 billion`, `65.79 %`,
//! `200,000`, `14 m`, `40 to 120 %`, `{date: 2024-02-28}`, `{entity: nato}`.
//!
//! Numbers are exact decimals that keep the digits they were written with:
//! `1.30` keeps its trailing zero, because the precision is part of the fact.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::scalar::{Id, IntegerText, PartialDate, text_scalar};

mod amount;
mod change;
mod number;
#[cfg(test)]
mod oracle;
#[cfg(test)]
mod tests;

pub use amount::*;
pub use change::*;
pub use number::*;

/// The kinds of value a metric can take.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    Money,
    Percent,
    Count,
    Quantity,
    Date,
    Entity,
    Text,
}

impl ValueKind {
    pub fn name(self) -> &'static str {
        match self {
            ValueKind::Money => "money",
            ValueKind::Percent => "percent",
            ValueKind::Count => "count",
            ValueKind::Quantity => "quantity",
            ValueKind::Date => "date",
            ValueKind::Entity => "entity",
            ValueKind::Text => "text",
        }
    }
}

/// What a claim states.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Value {
    Amount(Amount),
    /// `X to Y`: both ends of the same kind and unit.
    Range(Amount, Amount),
    Date(PartialDate),
    Entity(Id),
    Text(String),
}

impl Value {
    pub fn kind(&self) -> ValueKind {
        match self {
            Value::Amount(a) | Value::Range(a, _) => a.kind(),
            Value::Date(_) => ValueKind::Date,
            Value::Entity(_) => ValueKind::Entity,
            Value::Text(_) => ValueKind::Text,
        }
    }
    /// The first (or only) amount and, for a range, the second.
    pub fn ends(&self) -> Option<(&Amount, &Amount)> {
        match self {
            Value::Amount(a) => Some((a, a)),
            Value::Range(a, b) => Some((a, b)),
            _ => None,
        }
    }
    pub fn currency(&self) -> Option<CurrencyCode> {
        self.ends().and_then(|(a, _)| a.currency())
    }
}

/// Parses `X to Y`, where either side may leave out what the other gives:
/// `40 to 120 %`, `EUR 1.5 to 2 billion` (1.5 billion to 2 billion EUR),
/// `EUR 292 million to EUR 495 million`.
fn parse_range(a: &str, b: &str) -> Result<(Amount, Amount), String> {
    let mut hi = parse_amount(b, None)?;
    let mut lo = parse_amount(a, Some(&hi))?;
    // A currency written only on the left applies to the right too.
    if let (Amount::Money { currency, .. }, Amount::Count(n)) = (&lo, &hi) {
        hi = Amount::Money { currency: *currency, number: *n };
    }
    // A scale word written only on the right applies to the left too.
    let hi_scale = hi.number().scale;
    if lo.number().scale.is_none() && hi_scale.is_some() {
        let set = |n: &mut Number| n.scale = hi_scale;
        match &mut lo {
            Amount::Money { number, .. } | Amount::Quantity { number, .. } => set(number),
            Amount::Percent(n) | Amount::Count(n) => set(n),
        }
    }
    Ok((lo, hi))
}

impl FromStr for Value {
    type Err = String;
    fn from_str(s: &str) -> Result<Value, String> {
        let s = s.trim();
        // `split_once(" to ")` without building a substring searcher for
        // every value (values are a few words).
        let to = s.as_bytes().windows(4).position(|w| w == b" to ");
        if let Some((a, b)) = to.map(|i| (&s[..i], &s[i + 4..])) {
            let (lo, hi) = parse_range(a.trim(), b.trim())?;
            if !lo.same_unit(&hi) {
                return Err(format!("the two ends of `{s}` have different units"));
            }
            return Ok(Value::Range(lo, hi));
        }
        parse_amount(s, None).map(Value::Amount)
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Value::Amount(a) => a.fmt(f),
            Value::Range(a, b) => write!(f, "{a} to {b}"),
            Value::Date(d) => write!(f, "{d}"),
            Value::Entity(e) => write!(f, "{e}"),
            Value::Text(t) => f.write_str(t),
        }
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Amount(Amount::Count(n)) if n.scale.is_none() && !n.grouped && n.digits.scale() == 0 => match u64::try_from(n.digits) {
                Ok(v) => s.serialize_u64(v),
                Err(_) => s.collect_str(self),
            },
            Value::Amount(_) | Value::Range(..) => s.collect_str(self),
            Value::Date(d) => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("date", &d.to_string())?;
                m.end()
            }
            Value::Entity(e) => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("entity", e)?;
                m.end()
            }
            Value::Text(t) => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("text", t)?;
                m.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Value;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value such as `USD 1.3 billion`, `8.7 %`, `13`, `14 m`, `40 to 120 %`, or a mapping {date: ...}, {entity: ...} or {text: ...}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
                v.parse().map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
                self.visit_str(IntegerText::from(v).as_str())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
                Err(E::custom(format!("`{v}` is negative: values are written without a sign (state changes with `change`)")))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
                Err(E::custom(format!("`{v}` has no unit: write it with its unit, e.g. `{v} %`, `EUR {v} million` or `{v} m`")))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
                let Some(key) = map.next_key::<Key>()? else {
                    return Err(de::Error::custom("an empty mapping is not a value: write {date: ...}, {entity: ...} or {text: ...}"));
                };
                let value = match key {
                    Key::Date => Value::Date(map.next_value()?),
                    Key::Entity => Value::Entity(map.next_value()?),
                    Key::Text => Value::Text(map.next_value()?),
                    Key::Other(other) => return Err(de::Error::unknown_field(&other, &["date", "entity", "text"])),
                };
                if let Some(extra) = map.next_key::<String>()? {
                    return Err(de::Error::custom(format!("unexpected key `{extra}`: a value mapping has exactly one key")));
                }
                Ok(value)
            }
        }
        d.deserialize_any(V)
    }
}

/// The key of a value mapping, read as a `String` is (same hint to the
/// deserializer, same errors) without copying the three known keys.
enum Key {
    Date,
    Entity,
    Text,
    Other(String),
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        struct K;
        impl<'de> Visitor<'de> for K {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(match v {
                    "date" => Key::Date,
                    "entity" => Key::Entity,
                    "text" => Key::Text,
                    other => Key::Other(other.to_owned()),
                })
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Key, E> {
                match std::str::from_utf8(v) {
                    Ok(s) => self.visit_str(s),
                    Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(v), &self)),
                }
            }
        }
        d.deserialize_string(K)
    }
}

/// The pattern of a numeric value in the maintainers' notation.
pub const AMOUNT_PATTERN: &str = r"^([A-Z]{3} )?[0-9][0-9,]*(\.[0-9]{1,12})?( (thousand|million|billion|trillion))?( ?%| [^ 0-9%][^ ]*)?( to ([A-Z]{3} )?[0-9][0-9,]*(\.[0-9]{1,12})?( (thousand|million|billion|trillion))?( ?%| [^ 0-9%][^ ]*)?)?$";

impl JsonSchema for Value {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Value")
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let id = g.subschema_for::<Id>();
        let date = g.subschema_for::<PartialDate>();
        json_schema!({
            "description": "What the claim states: money `USD 1.3 billion`, percent `8.7 %`, count `13`, quantity `14 m`, a range `40 to 120 %`, or {date: ...}, {entity: ...}, {text: ...}.",
            "oneOf": [
                { "type": "string", "pattern": AMOUNT_PATTERN },
                { "type": "integer", "minimum": 0 },
                { "type": "object", "properties": { "date": date }, "required": ["date"], "additionalProperties": false },
                { "type": "object", "properties": { "entity": id }, "required": ["entity"], "additionalProperties": false },
                { "type": "object", "properties": { "text": { "type": "string", "minLength": 1 } }, "required": ["text"], "additionalProperties": false }
            ]
        })
    }
}
