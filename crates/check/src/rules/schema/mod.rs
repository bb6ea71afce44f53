//! Rules about the shape of records, reported while loading.
pub mod constraint;
pub mod json_schema;
pub mod shape;
pub mod value_kind;
