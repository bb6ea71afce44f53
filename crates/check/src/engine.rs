//! One check run: load, index, run every rule, apply suppressions, resolve
//! places, sort. Deterministic: the same files give the same report.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostic::{Anchor, Diagnostic, Severity, Suppression};
use crate::loader::{self, Schemas};
use crate::model::{self, Dataset, Index, RecordKind};
use crate::rules::{self, Context, SeverityOverrides};

/// What to check and how.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The dataset directory.
    pub dataset: PathBuf,
    /// What file names are shown relative to.
    pub root: PathBuf,
    /// The committed JSON Schema files (`schema/`).
    pub schema_dir: Option<PathBuf>,
    /// Directories of archived source texts, for quote verification,
    /// searched after the dataset's own `archive/` folder.
    pub archive: Vec<PathBuf>,
    /// Report only on these files (all files are still loaded).
    pub only: Vec<PathBuf>,
    pub severity: SeverityOverrides,
    /// An earlier state of the dataset to compare with (`--since REV`):
    /// its directory and the name of that state.
    pub since: Option<(PathBuf, String)>,
    /// How many days up to a conversion date `currency/equivalent-rounding`
    /// accepts ECB rates from, for equivalents that set no
    /// `conversion_window` (`None`: 14).
    pub conversion_window_days: Option<u32>,
    /// Texts that take precedence over the files on disk (an editor's
    /// unsaved buffers), by path as the walk of `dataset` gives it. A path
    /// under `dataset` that is not on disk is checked as a new file.
    pub overlay: loader::Overlay,
}

/// How long each phase took.
#[derive(Clone, Debug, Default)]
pub struct Timings {
    pub walk: Duration,
    pub parse: Duration,
    /// The id index, the stated equivalents' rates and the claims'
    /// grouping numbers, and beside them the archived texts (read, hashed
    /// and searched).
    pub index: Duration,
    pub rules: Duration,
    pub resolve: Duration,
    /// Time of each rule that runs over the whole dataset (rules run in
    /// parallel, so these add up to more than `rules`).
    pub per_rule: Vec<(&'static str, Duration)>,
}

/// The outcome of a check.
pub struct Report {
    pub dataset: Dataset,
    pub index: Index,
    /// Every finding, sorted by file, line, column and code, suppressed
    /// ones included.
    pub diagnostics: Vec<Diagnostic>,
    pub timings: Timings,
    /// Notes for the summary (e.g. sources whose quotes went unverified).
    pub notes: Vec<String>,
    /// How many of `dataset.files` are the dataset's own (the rest are the
    /// earlier state's, with `--since`).
    pub current_files: usize,
}

impl Report {
    /// Unsuppressed findings of a severity.
    pub fn count(&self, sev: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.suppressed.is_none() && d.severity == sev).count()
    }
}

pub fn run(opts: &Options) -> Report {
    let schemas = Schemas::load(opts.schema_dir.as_deref());
    let (mut ds, mut diags, stats) = loader::load_with(&opts.dataset, &opts.root, &schemas, &opts.overlay);
    // The earlier state, when asked for: its files join the report's file
    // store under names that say which state they are from, so findings
    // can point into them; its own findings are not this check's business.
    let current_files = ds.files.files.len();
    let before = opts.since.as_ref().map(|(dir, label)| {
        let (mut old, _, _) = loader::load(dir, dir.parent().unwrap_or(dir), &schemas);
        let offset = ds.files.files.len() as u32;
        for mut f in std::mem::take(&mut old.files.files) {
            f.name = format!("{} (at {label})", f.name);
            f.revision = Some(label.clone());
            ds.files.add(f);
        }
        (old, offset)
    });
    let mut timings = Timings { walk: stats.walk, parse: stats.parse, ..Timings::default() };
    let mut notes: Vec<String> = schemas.problems.iter().map(|p| format!("schema file not used: {p}")).collect();

    // The archived texts are read, hashed and searched beside the index
    // build: they need only the records. Loading them before the rules run
    // in parallel also keeps a rayon worker from waiting on a cache that
    // another rule on the same thread is filling (a `OnceLock` initialised
    // re-entrantly from one thread never completes).
    let t = Instant::now();
    let archive = rules::citation::archive::Dirs::new(&opts.dataset, &opts.archive);
    let ((index, dups, conversions, keys), found) = rayon::join(
        || {
            let (index, dups) = model::build_index(&ds);
            let conversions = rules::currency::conversions(&ds, &index);
            (index, dups, conversions, crate::series::Keys::new(&ds))
        },
        || rules::citation::archive::load(&ds, &archive, rules::citation::coverage::Keep::Uncovered),
    );
    timings.index = t.elapsed();

    let t = Instant::now();
    let mut cx = Context {
        ds: &ds,
        ix: &index,
        duplicate_ids: &dups,
        archive,
        conversion_window_days: opts.conversion_window_days.unwrap_or(rules::DEFAULT_CONVERSION_WINDOW_DAYS),
        used_allows: None,
        used_conflicts: None,
        archive_cache: found.into(),
        conversions,
        keys,
        history_cache: Default::default(),
        notes: Default::default(),
        before: before.as_ref().map(|(d, o)| (d, *o, opts.since.as_ref().map_or("", |s| s.1.as_str()))),
    };
    let found: Vec<(Vec<Diagnostic>, Duration)> = rules::all()
        .par_iter()
        .filter(|r| !r.late())
        .map(|r| {
            let t = Instant::now();
            let mut out = Vec::new();
            r.check(&cx, &mut out);
            (out, t.elapsed())
        })
        .collect();
    let early = rules::all().iter().filter(|r| !r.late());
    timings.per_rule = early.zip(&found).map(|(r, (_, d))| (r.info().code, *d)).collect();
    diags.extend(found.into_iter().flat_map(|(d, _)| d));
    let cascades = drop_cascades(&ds, &index, &mut diags);
    if cascades > 0 {
        notes.push(format!(
            "{cascades} finding(s) that only follow from records that failed to load are not shown: fix those records first"
        ));
    }
    let used = apply_allows(&ds, &index, &mut diags);
    let used_conflicts = apply_conflicts(&ds, &index, &mut diags);
    cx.used_allows = Some(&used);
    cx.used_conflicts = Some(&used_conflicts);
    for r in rules::all().iter().filter(|r| r.late()) {
        r.check(&cx, &mut diags);
    }
    // Rules add notes in parallel: sorted, the report is deterministic.
    let mut rule_notes = cx.notes.into_inner().unwrap_or_default();
    rule_notes.sort();
    notes.extend(rule_notes);
    timings.rules = t.elapsed();

    let t = Instant::now();
    loader::resolve_anchors(&ds, &mut diags);
    for d in &mut diags {
        if let Some(sev) = opts.severity.get(d.code) {
            d.severity = *sev;
        }
    }
    if !opts.only.is_empty() {
        let wanted: HashSet<String> = opts.only.iter().map(|p| normalise(p)).collect();
        diags.retain(|d| d.span().is_some_and(|s| wanted.contains(&normalise(&ds.files.get(s.file).path))));
    }
    sort(&ds, &mut diags);
    timings.resolve = t.elapsed();
    Report { dataset: ds, index, diagnostics: diags, timings, notes, current_files }
}

fn normalise(p: &Path) -> String {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()).to_string_lossy().into_owned()
}

/// Drops the findings that exist only because a record failed to load,
/// so that the loader's finding about it, the root cause, stands alone: a
/// source no claim cites any more because the claims citing it did not
/// load, a claim without a conversion date because its source did not
/// load, a record "removed since REV" that is still there but did not
/// load. (`ref/unknown` itself skips ids that failed to load.) Returns how
/// many were dropped.
fn drop_cascades(ds: &Dataset, ix: &Index, diags: &mut Vec<Diagnostic>) -> usize {
    if ds.failed.is_empty() {
        return 0;
    }
    let follows = |d: &Diagnostic| {
        let Some(id) = d.record.as_deref() else { return false };
        match d.code {
            "citation/unused-source" => ds.failed.mentions.contains(id),
            // Not removed: it failed to load (with `--since`).
            "history/removed" => ds.failed.ids.contains_key(id),
            // Its conversion date is its first cited source's date.
            "currency/no-rate" => ix.position(RecordKind::Claim, id).is_some_and(|i| {
                ds.claims[i].citations.first().is_some_and(|c| ds.failed.record(c.source.as_str(), RecordKind::Source).is_some())
            }),
            _ => false,
        }
    };
    let before = diags.len();
    diags.retain(|d| !follows(d));
    before - diags.len()
}

/// Marks findings silenced by their record's `allow` (the entry for the
/// finding's rule whose `on:`, if any, names the finding's field) and
/// returns what each entry silenced.
fn apply_allows(ds: &Dataset, ix: &Index, diags: &mut [Diagnostic]) -> rules::allow::Usage {
    let mut usage = rules::allow::Usage::default();
    for d in diags.iter_mut() {
        if d.suppressed.is_some() {
            continue;
        }
        let Some(id) = &d.record else { continue };
        let Some((kind, i)) = ix.get(id.as_str()) else { continue };
        let (allows, file, path) = match kind {
            RecordKind::Source => (&ds.sources[i].allow, ds.sources[i].file, ds.sources[i].path()),
            RecordKind::Entity => (&ds.entities[i].allow, ds.entities[i].file, ds.entities[i].path()),
            RecordKind::Metric => (&ds.metrics[i].allow, ds.metrics[i].file, ds.metrics[i].path()),
            RecordKind::Claim => (&ds.claims[i].allow, ds.claims[i].file, ds.claims[i].path()),
            RecordKind::Dataset => continue,
        };
        let place = rules::allow::place(&d.anchor, file, &path);
        usage.fired.entry((kind, i, d.code)).or_default().push(place.clone());
        if let Some(j) = rules::allow::matching(allows, d.code, &place) {
            usage.matched.entry((kind, i, j)).or_default().push(place);
            d.suppressed = Some(Suppression { reason: allows[j].reason.clone().unwrap_or_default(), by: "allow" });
        }
    }
    usage
}

/// Marks contradictions acknowledged by a `conflicts_with` on either claim
/// and returns which entries were used, as (claim index, entry index).
fn apply_conflicts(ds: &Dataset, ix: &Index, diags: &mut [Diagnostic]) -> HashSet<(usize, usize)> {
    let mut used = HashSet::new();
    for d in diags.iter_mut() {
        if !d.code.starts_with("contradiction/") || d.others.is_empty() {
            continue;
        }
        let Some(id) = &d.record else { continue };
        let Some(i) = ix.position(RecordKind::Claim, id.as_str()) else { continue };
        let mut note = None;
        for other in &d.others {
            let Some(j) = ix.position(RecordKind::Claim, other.as_str()) else { continue };
            // Both sides are marked used, so that a contradiction
            // acknowledged on both claims leaves no entry unused.
            for (a, b) in [(i, other.as_str()), (j, id.as_str())] {
                for (k, c) in ds.claims[a].conflicts_with.iter().enumerate() {
                    if c.claim.as_str() == b {
                        used.insert((a, k));
                        note.get_or_insert_with(|| c.note.clone().unwrap_or_default());
                    }
                }
            }
        }
        if let (None, Some(reason)) = (&d.suppressed, note) {
            d.suppressed = Some(Suppression { reason, by: "conflicts_with" });
        }
    }
    used
}

fn sort(ds: &Dataset, diags: &mut [Diagnostic]) {
    let key = |d: &Diagnostic| {
        let (name, start) = match &d.anchor {
            Anchor::Span(s) => (ds.files.get(s.file).name.as_str(), s.start),
            Anchor::Path { .. } => ("", 0),
        };
        (name, start, d.code, d.message.clone())
    };
    diags.sort_by(|a, b| key(a).cmp(&key(b)));
}
