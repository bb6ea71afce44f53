//! Text the citation rules compare quotes with: the folding of copy
//! differences (and the way back to raw offsets), the index that finds many
//! quotes in one text, and the hash that identifies an archived text. Below
//! both the archive and the coverage modules, which use it.

use sha2::{Digest, Sha256};

mod grams;
mod normalise;
pub use grams::Grams;
pub use normalise::{OffsetMap, normalise, normalise_mapped};

/// The SHA-256 of some bytes, as 64 lowercase hex digits (what
/// `archive.sha256` records).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
