//! The canonical record types of the Western Balkans defence dataset.
//!
//! This crate is the data model and nothing else: serde for reading and
//! writing, schemars for the published JSON Schema, validator for field-level
//! constraints. It holds no checking logic that looks across records; that is
//! `wbd-check`'s job.
//!
//! Scalars that maintainers write in a compact notation (dates, periods,
//! values such as `USD 1.3 billion`) have their own types in [`scalar`] and
//! [`value`]; each parses from and prints back to the same text.

pub mod portable;
pub mod record;
pub mod scalar;
pub mod validate;
pub mod value;

pub use record::*;
pub use scalar::*;
pub use value::*;

/// The version of the record format and of the published JSON Schema.
/// A breaking change to the format bumps the major version.
pub const SCHEMA_VERSION: &str = "1.0.0";

/// Base of the `$id` of every published schema file.
pub const SCHEMA_BASE_ID: &str = "https://wb-defence.example.org/schema/v1";
