//! Records and the files that hold them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::scalar::{Date, Id, PartialDate, Period};
use crate::value::{ChangeBy, Percent, Value, ValueKind};

mod constraints;
mod files;

pub use constraints::{SPDX_LICENSES, is_country_code, is_semver};
pub use files::*;

/// A rule suppression on one record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Allow {
    /// The rule code, `family/name`.
    pub rule: String,
    /// The field of the record the finding is about (`equivalent`,
    /// `value`, `citations[1].quote`), where the rule can report on more
    /// than one: the suppression then covers findings at that field and
    /// inside it only. Without it, it covers the rule's findings anywhere
    /// on the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[a-z_]+(\[[0-9]+\])*(\.[a-z_]+(\[[0-9]+\])*)*$"))]
    pub on: Option<String>,
    /// Why the rule's finding is wrong or accepted here. Required
    /// (`allow/unjustified` when missing or empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

// ---------------------------------------------------------------- dataset

/// Metadata of the dataset as a whole (`dataset.yaml`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatasetMeta {
    pub id: Id,
    pub title: String,
    /// Semantic version of the data.
    pub version: String,
    /// SPDX license id of the data.
    pub license: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

// ---------------------------------------------------------------- sources

/// What kind of document a source is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    Article,
    Analysis,
    Summary,
    Report,
    PressRelease,
    WebPage,
    Dataset,
    Speech,
    /// An item in another document's notes.
    Reference,
}

/// When a source was published: a full or partial date, or bounds when the
/// document does not say.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Published {
    Date(PartialDate),
    Bounds(DateBounds),
}

impl Published {
    /// The earliest day it can have been published. `None` for reversed
    /// bounds too: they say nothing (`schema/constraint` reports them).
    pub fn earliest(&self) -> Option<Date> {
        match self {
            Published::Date(d) => Some(d.first_day()),
            Published::Bounds(b) if b.reversed() => None,
            Published::Bounds(b) => b.not_before,
        }
    }
    /// The latest day it can have been published (`None` as for
    /// [`Published::earliest`]).
    pub fn latest(&self) -> Option<Date> {
        match self {
            Published::Date(d) => Some(d.last_day()),
            Published::Bounds(b) if b.reversed() => None,
            Published::Bounds(b) => b.not_after,
        }
    }
    /// Bounds with `not_before` after `not_after`.
    pub fn is_reversed(&self) -> bool {
        matches!(self, Published::Bounds(b) if b.reversed())
    }
    /// The date itself when it is known to the day.
    pub fn exact(&self) -> Option<Date> {
        match self {
            Published::Date(PartialDate::Day(d)) => Some(*d),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Published {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{self, Visitor};
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Published;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a date (2024-03-28, 2024-03 or 2024) or bounds {not_before: ..., not_after: ...}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Published, E> {
                v.parse().map(Published::Date).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Published, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Published, A::Error> {
                DateBounds::deserialize(de::value::MapAccessDeserializer::new(map)).map(Published::Bounds)
            }
        }
        d.deserialize_any(V)
    }
}

/// Bounds on an unknown date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DateBounds {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_before: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_after: Option<Date>,
}

impl DateBounds {
    /// `not_before` after `not_after`.
    pub fn reversed(&self) -> bool {
        matches!((self.not_before, self.not_after), (Some(a), Some(b)) if a > b)
    }
}

/// Where a reference is cited: the citing document and note number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CitedIn {
    pub source: Id,
    #[schemars(range(min = 1))]
    pub note: u32,
}

/// The archived text of a source, for quote verification.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Archive {
    /// File name of the archived text.
    pub file: String,
    /// SHA-256 of the archived file, lowercase hex.
    pub sha256: String,
}

/// A document a claim can cite.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: Id,
    pub kind: SourceKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Published>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The access date a reference prints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accessed: Option<Date>,
    /// When the maintainers archived the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retrieved: Option<Date>,
    /// The source this one restates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived_from: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cited_in: Option<CitedIn>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive: Option<Archive>,
    /// Figures of the archived text deliberately not entered as claims,
    /// each with the reason (`citation/uncovered-figure`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped_figures: Vec<SkippedFigure>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<Allow>,
}

/// A figure of a source's archived text that no claim enters, on purpose.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SkippedFigure {
    /// The figure as the text writes it (`€50 million`, `65.79%`, `two`).
    pub figure: String,
    /// Words of the figure's line that pick one occurrence when the
    /// figure is written more than once; without it, every occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// Why the figure is not entered (a date, a model number, a figure of
    /// the text's own layout).
    pub reason: String,
}

// ---------------------------------------------------------------- entities

/// What kind of thing an entity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EntityKind {
    Country,
    Region,
    Alliance,
    Organization,
    Company,
    Facility,
    Programme,
    Agreement,
    Person,
    System,
}

/// Something a claim is about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    pub id: Id,
    pub kind: EntityKind,
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Countries: ISO 3166-1 alpha-2 (`XK` for Kosovo).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The country an organisation, company or facility belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Id>,
    /// Regions: the entities the region consists of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members: Option<Vec<Id>>,
    /// Regions: the source whose definition this is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub defined_by: Option<Id>,
    /// Agreements: the parties.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<Id>,
    /// Agreements: when signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<Allow>,
}

// ---------------------------------------------------------------- metrics

/// What a claim measures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    pub id: Id,
    pub name: String,
    /// The kind of value its claims take.
    pub value: ValueKind,
    /// Quantities: the unit values are written in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Whether there is one true value per subject, period and scope (so two
    /// different values contradict each other).
    pub single_valued: bool,
    /// How loose "approximately" is for this metric (default 5 %).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approx: Option<Percent>,
    /// For a metric of stated changes (value `percent`): the metric whose
    /// change its claims state, from the year before (or from the first
    /// end of a range period) to the claim's period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_of: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<Allow>,
}

// ---------------------------------------------------------------- claims

/// How exact the stated figure is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    #[default]
    Exact,
    /// "about", "some", "roughly".
    Approx,
    /// "over", "more than", "at least".
    AtLeast,
    /// "under", "up to", "at most".
    AtMost,
}

/// Whether the figure is a reported fact or a plan or projection.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Reported,
    Planned,
    Projected,
    Disputed,
}

/// The same amount as the source restates it in another currency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Equivalent {
    pub value: Value,
    /// The date whose rate the source used; default: the citing source's
    /// published date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversion_date: Option<Date>,
    /// How many days up to the conversion date the source may have taken
    /// its rate from (default 14, or the check configuration's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 366))]
    pub conversion_window: Option<u32>,
}

/// A stated change against an earlier period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Change {
    pub by: ChangeBy,
    pub since: Period,
}

/// The whole a share is a share of.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareOf {
    pub subject: Id,
    pub metric: Id,
    pub period: Period,
}

/// Where a claim was printed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    pub source: Id,
    /// Where in the source: section, paragraph, page, note.
    pub locator: String,
    /// A short verbatim excerpt that contains the figure.
    #[schemars(length(max = 600))]
    pub quote: String,
    /// The original source, when the cited document relays its figure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<Id>,
}

/// An acknowledged contradiction with another claim.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConflictNote {
    pub claim: Id,
    /// Why the two claims disagree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One fact as one source states it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    pub id: Id,
    /// The entity the claim is about.
    pub subject: Id,
    pub metric: Id,
    pub period: Period,
    /// The region or entity within which the figure is taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Id>,
    pub value: Value,
    #[serde(default, skip_serializing_if = "is_default")]
    pub bound: Bound,
    #[serde(default, skip_serializing_if = "is_default")]
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equivalent: Option<Box<Equivalent>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Box<Change>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_of: Option<Box<ShareOf>>,
    #[serde(default)]
    pub citations: Vec<Citation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts_with: Vec<ConflictNote>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<Allow>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}
