//! Where things are in a dataset directory: the one module both the loader
//! and the rules name for it, below both of them (it uses nothing of the
//! crate), so neither has to reach into the other.

/// The folder of reference data (the rates file), not records.
pub const REFERENCE_DIR: &str = "reference";
/// The folder of archived source texts, not records.
pub const ARCHIVE_DIR: &str = "archive";
/// The folders at the top of a dataset that hold data, not records: the
/// loader's walk does not enter them.
pub const DATA_DIRS: [&str; 2] = [REFERENCE_DIR, ARCHIVE_DIR];
/// The ECB rates file, relative to the dataset directory.
pub const RATES_FILE: &str = "reference/ecb-eurofxref.csv";
/// The extensions of record files.
pub const RECORD_EXTENSIONS: [&str; 2] = ["yaml", "yml"];

/// Whether records are validated against the committed JSON Schema in this
/// build (the `json-schema` feature).
pub const JSON_SCHEMA_ENABLED: bool = cfg!(feature = "json-schema");

#[cfg(test)]
mod tests {
    #[test]
    fn the_rates_file_is_in_the_reference_folder() {
        assert_eq!(super::RATES_FILE.split('/').next(), Some(super::REFERENCE_DIR));
    }
}
