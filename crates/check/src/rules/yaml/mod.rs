//! Rules about the YAML text itself, reported while loading.
pub mod duplicate_key;
pub mod syntax;
