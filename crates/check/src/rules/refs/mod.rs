//! Rules about ids and the references between records.
pub mod duplicate_id;
pub mod unknown;
