//! Archived source texts: found by each source's `archive.file` in the
//! dataset's own archive folder (`dataset/archive/`) and in every directory
//! given with `--archive` (or `WBD_ARCHIVE`), hashed, and normalised once
//! for quote look-ups.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::coverage::{self, Keep, SourceCoverage};
use crate::model::Dataset;
use crate::rules::Context;

pub use super::text::{
    GramTables, Grams, OffsetMap, hex, normalise, normalise_cow, normalise_mapped, normalise_mapped_into, read_text, read_text_into,
    sha256_hex, sha256_unless,
};

/// The dataset's own archive folder, inside the dataset directory (the
/// loader does not read it for records).
pub use crate::layout::ARCHIVE_DIR;

/// Where archived texts are looked for, in this order: the dataset's own
/// folder (when it exists), then the directories given.
#[derive(Clone, Debug, Default)]
pub struct Dirs {
    pub own: Option<PathBuf>,
    pub given: Vec<PathBuf>,
}

impl Dirs {
    pub fn new(dataset: &Path, given: &[PathBuf]) -> Dirs {
        let own = dataset.join(ARCHIVE_DIR);
        Dirs { own: own.is_dir().then_some(own), given: given.to_vec() }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Path> {
        self.own.iter().chain(&self.given).map(PathBuf::as_path)
    }

    pub fn is_empty(&self) -> bool {
        self.own.is_none() && self.given.is_empty()
    }
}

/// What the archive says about one source.
pub enum ArchiveState {
    /// The file is there and its SHA-256 matches.
    Verified,
    /// The file is missing or unreadable.
    Missing(String),
    /// The file's SHA-256 differs from the record's.
    Mismatch { actual: String },
}

/// A quote that is not in the verified text of the source it cites.
pub struct QuoteMiss {
    /// Index into `Dataset::claims`, and into that claim's citations.
    pub claim: usize,
    pub citation: usize,
    /// The longest start of the quote (at a word boundary) that the text has.
    pub hint: String,
}

/// What the archive directories say about the sources: read, hashed and
/// searched once per check, source by source in parallel (the archive rules
/// share it).
#[derive(Default)]
pub struct Found {
    /// By source index, every source whose text was looked for.
    pub states: HashMap<usize, ArchiveState>,
    /// Sources with an `archive` whose file is in none of the directories
    /// when none was given explicitly: left unverified, not an error.
    pub unverified: usize,
    /// Quotes not in the verified text of their source, by claim and
    /// citation.
    pub quote_misses: Vec<QuoteMiss>,
    /// With an archive directory given (`--archive`): the uncovered figures
    /// of each verified text (or all of them, with their status, for
    /// [`Keep::All`]), in the order of the sources.
    pub coverage: Vec<SourceCoverage>,
}

/// The archive state of every source with an `archive`, by source index;
/// computed once per check (the two archive rules share it). None when no
/// archive directory is there at all.
pub fn states<'a>(cx: &'a Context) -> Option<&'a HashMap<usize, ArchiveState>> {
    found(cx).map(|f| &f.states)
}

/// Everything the archive says, computed once per check; None when no
/// archive directory is there at all.
pub fn found<'a>(cx: &'a Context) -> Option<&'a Found> {
    if cx.archive.is_empty() {
        return None;
    }
    Some(cx.archive_cache.get_or_init(|| load(cx.ds, &cx.archive, Keep::Uncovered)))
}

/// How many archived sources went unverified: all of them without any
/// archive directory; otherwise those whose file is in none of the
/// directories when no `--archive` was given (with one given, such a source
/// is `citation/archive-mismatch`).
pub fn unverified(cx: &Context) -> usize {
    if cx.archive.is_empty() {
        return cx.ds.sources.iter().filter(|s| s.archive.is_some()).count();
    }
    cx.archive_cache.get_or_init(|| load(cx.ds, &cx.archive, Keep::Uncovered)).unverified
}

/// A citation's quote, with where it is in the dataset.
struct Quote<'a> {
    text: &'a str,
    claim: usize,
    citation: usize,
}

/// What one source's text says: its state, the quotes citing it that it
/// does not have, and its uncovered figures.
type Looked = (usize, Option<ArchiveState>, Vec<QuoteMiss>, Option<SourceCoverage>);

/// Coverage of every source whose archived text is in one of the
/// directories (the first that holds it with the recorded hash), every
/// figure with its status, in the order of the sources: what `cargo xtask
/// coverage` prints.
pub fn coverage(ds: &Dataset, archive: &Dirs) -> Vec<SourceCoverage> {
    load(ds, archive, Keep::All).coverage
}

/// Reads, hashes and searches every archived text; with an archive
/// directory given, also finds the figures no quote covers (all of them,
/// or only the uncovered, as `keep` says). It needs only the records, not
/// the index, so the engine runs it beside the index build.
pub fn load(ds: &Dataset, archive: &Dirs, keep: Keep) -> Found {
    use rayon::prelude::*;
    if archive.is_empty() {
        return Found::default();
    }
    let dirs: Vec<&Path> = archive.iter().collect();
    // The source record each id resolves to: the first with it, as in the
    // index (sources are indexed before every other kind).
    let mut owners: crate::hash::FastMap<&str, usize> = Default::default();
    for (i, s) in ds.sources.iter().enumerate() {
        owners.entry(s.id.as_str()).or_insert(i);
    }
    // The quotes citing each source id: its list in `lists`. Claims come in
    // files by source, so most citations name the source of the one before
    // (compared, not hashed).
    let mut slots: crate::hash::FastMap<&str, usize> = Default::default();
    let mut lists: Vec<Vec<Quote>> = Vec::new();
    let mut last: Option<(&str, usize)> = None;
    for (ci, c) in ds.claims.iter().enumerate() {
        for (k, cit) in c.citations.iter().enumerate() {
            let id = cit.source.as_str();
            let slot = match last {
                Some((seen, slot)) if seen == id => slot,
                _ => {
                    let slot = *slots.entry(id).or_insert_with(|| {
                        lists.push(Vec::new());
                        lists.len() - 1
                    });
                    last = Some((id, slot));
                    slot
                }
            };
            lists[slot].push(Quote { text: &cit.quote, claim: ci, citation: k });
        }
    }
    let coverage = (!archive.given.is_empty()).then_some(keep);
    let looked: Vec<Option<Looked>> = ds
        .sources
        .par_iter()
        .enumerate()
        .map_init(Scratch::default, |scratch, (i, s)| {
            let a = s.archive.as_ref()?;
            let name = Path::new(&a.file);
            // Only a plain file name inside the archive directories.
            if name.components().count() != 1 || a.file.contains("..") {
                return Some((i, Some(ArchiveState::Missing(format!("`{}` is not a plain file name", a.file))), Vec::new(), None));
            }
            // The first file of that name whose hash matches; else the
            // first of that name found, as a mismatch.
            let mut mismatch = None;
            let mut unreadable = None;
            for dir in &dirs {
                let path = dir.join(name);
                match read_text_into(&path, &mut scratch.bytes) {
                    Ok(()) => {
                        let bytes = std::mem::take(&mut scratch.bytes);
                        let differs = sha256_unless(&bytes, &a.sha256);
                        let Some(actual) = differs else {
                            // Checked as UTF-8 first (quicker), replaced only when it is not.
                            let raw = match std::str::from_utf8(&bytes) {
                                Ok(text) => std::borrow::Cow::Borrowed(text),
                                Err(_) => String::from_utf8_lossy(&bytes),
                            };
                            let cited = slots.get(s.id.as_str()).map_or(&[][..], |&k| lists[k].as_slice());
                            let owner = owners.get(s.id.as_str()) == Some(&i);
                            let (misses, coverage) = search(ds, i, owner, coverage, &raw, cited, scratch);
                            drop(raw);
                            scratch.bytes = bytes;
                            return Some((i, Some(ArchiveState::Verified), misses, coverage));
                        };
                        scratch.bytes = bytes;
                        mismatch.get_or_insert(ArchiveState::Mismatch { actual });
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => {
                        unreadable.get_or_insert(ArchiveState::Missing(format!("{}: {e}", path.display())));
                    }
                }
            }
            if let Some(state) = mismatch.or(unreadable) {
                return Some((i, Some(state), Vec::new(), None));
            }
            if archive.given.is_empty() {
                return Some((i, None, Vec::new(), None));
            }
            let searched: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
            Some((i, Some(ArchiveState::Missing(format!("`{}` is in none of {}", a.file, searched.join(", ")))), Vec::new(), None))
        })
        .collect();
    let mut found = Found::default();
    for (i, state, misses, coverage) in looked.into_iter().flatten() {
        match state {
            Some(s) => {
                found.states.insert(i, s);
            }
            None => found.unverified += 1,
        }
        found.quote_misses.extend(misses);
        found.coverage.extend(coverage);
    }
    found.quote_misses.sort_unstable_by_key(|m| (m.claim, m.citation));
    found
}

/// What searching one text needs besides it, kept by each thread from one
/// text to the next: the room of the text's bytes, of its folded form and
/// offset map, of the quote index, and of the places found.
#[derive(Default)]
struct Scratch {
    bytes: Vec<u8>,
    norm: String,
    map: OffsetMap,
    grams: GramTables,
    at: Vec<usize>,
}

/// Looks up the quotes citing source `i` in its verified text: the ones it
/// does not have (reported only for the `owner` of the source's id, the
/// record citations resolve to), and (with `--archive`) the figures no quote covers. One
/// search serves both rules.
fn search(
    ds: &Dataset,
    i: usize,
    owner: bool,
    coverage: Option<Keep>,
    raw: &str,
    quotes: &[Quote],
    scratch: &mut Scratch,
) -> (Vec<QuoteMiss>, Option<SourceCoverage>) {
    let Scratch { norm, map, grams, at, .. } = scratch;
    normalise_mapped_into(raw, coverage.is_some().then_some(&mut *map), norm);
    let norm = norm.as_str();
    let mut misses = Vec::new();
    let mut spans = Vec::new();
    let index = Grams::in_tables(norm.as_bytes(), std::mem::take(grams));
    for q in quotes {
        let n = normalise_cow(q.text);
        if n.is_empty() {
            continue;
        }
        let found = if coverage.is_some() {
            at.clear();
            index.find_all(n.as_bytes(), at);
            // The claim by its index: its id is looked up only for a
            // figure shown as covered.
            spans.extend(at.iter().map(|&a| (a, a + n.len(), q.claim)));
            !at.is_empty()
        } else {
            index.contains(n.as_bytes())
        };
        if !found && owner {
            misses.push(QuoteMiss { claim: q.claim, citation: q.citation, hint: longest_found_prefix(norm, &n).to_string() });
        }
    }
    *grams = index.into_tables();
    let covered = coverage.map(|keep| coverage::of_text(ds, i, raw, map, spans, keep));
    (misses, covered)
}

/// The longest prefix of the quote (at a word boundary) that the text has.
fn longest_found_prefix<'a>(text: &str, quote: &'a str) -> &'a str {
    let mut best = "";
    for (i, _) in quote.match_indices(' ') {
        let p = &quote[..i];
        if text.contains(p) {
            best = p;
        } else {
            break;
        }
    }
    best
}

/// Keeps the archive cache type in one place.
pub type Cache = OnceLock<Found>;
