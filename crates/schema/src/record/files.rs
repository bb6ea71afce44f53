//! The files records are kept in: one wrapper type per kind of file, and
//! `FileKind`, which tells them apart and gives each its JSON Schema.

use super::*;

/// `dataset.yaml`.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatasetFile {
    pub dataset: DatasetMeta,
}

/// A file of sources.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourcesFile {
    pub sources: Vec<Source>,
}

/// A file of entities.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EntitiesFile {
    pub entities: Vec<Entity>,
}

/// A file of metrics.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetricsFile {
    pub metrics: Vec<Metric>,
}

/// A file of claims.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClaimsFile {
    pub claims: Vec<Claim>,
}

/// The kinds of record file, named by their one top-level key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    Dataset,
    Sources,
    Entities,
    Metrics,
    Claims,
}

impl FileKind {
    pub const ALL: [FileKind; 5] = [FileKind::Dataset, FileKind::Sources, FileKind::Entities, FileKind::Metrics, FileKind::Claims];

    /// The top-level key of the file.
    pub fn key(self) -> &'static str {
        match self {
            FileKind::Dataset => "dataset",
            FileKind::Sources => "sources",
            FileKind::Entities => "entities",
            FileKind::Metrics => "metrics",
            FileKind::Claims => "claims",
        }
    }
    pub fn from_key(k: &str) -> Option<FileKind> {
        FileKind::ALL.into_iter().find(|f| f.key() == k)
    }
    /// The published schema's file name.
    pub fn schema_file(self) -> String {
        format!("{}.schema.json", self.key())
    }
    /// The JSON Schema of a file of this kind, in the portable form
    /// ([`crate::portable`]) that strict validators accept.
    pub fn json_schema(self) -> schemars::Schema {
        let schema = match self {
            FileKind::Dataset => schemars::schema_for!(DatasetFile),
            FileKind::Sources => schemars::schema_for!(SourcesFile),
            FileKind::Entities => schemars::schema_for!(EntitiesFile),
            FileKind::Metrics => schemars::schema_for!(MetricsFile),
            FileKind::Claims => schemars::schema_for!(ClaimsFile),
        };
        let mut value = serde_json::Value::from(schema);
        crate::portable::make_portable(&mut value);
        schemars::Schema::try_from(value).unwrap_or_default()
    }
}
