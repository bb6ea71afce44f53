//! `cargo xtask synth`: a synthetic dataset in the real record format, for
//! benchmarks and for testing the rules at scale.
//!
//! Deterministic for a seed (a splitmix64 generator, no wall clock). Writes
//! `DIR/` (dataset.yaml, sources, entities, metrics, claims in files of about
//! 100 claims, `reference/ecb-eurofxref.csv`) and `DIR-archive/` (one
//! archived text per source holding every quote verbatim). Money values in
//! several currencies carry equivalents computed from the ECB rate of the
//! source's published date, shares of one whole sum below 100 %, stated
//! changes agree with the amounts, and every claim cites its source with a
//! quote that contains the figure as written. With `--defects RATE` it injects
//! defects of every rule family at known places and lists them in
//! `DIR/defects.json`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::{UsageError, repo_root};

mod generate;
mod model;
mod rates;
mod rng;

pub use generate::generate;
pub use rng::{Rng, sha256_hex};

/// What to generate.
#[derive(Clone, Debug)]
pub struct Config {
    pub claims: usize,
    pub out: PathBuf,
    pub seed: u64,
    pub defects: f64,
    /// The ECB file to take rates from (`eurofxref-hist.csv` format).
    pub rates: PathBuf,
}

/// What was generated.
#[derive(Debug, Default)]
pub struct Summary {
    pub claims: usize,
    pub files: usize,
    pub bytes: u64,
    pub defects: usize,
    pub archive: PathBuf,
}

/// The archive directory that goes with a synthetic dataset directory.
pub fn archive_dir(out: &Path) -> PathBuf {
    let mut name = out.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push("-archive");
    out.with_file_name(name)
}

/// The default ECB rates file: the shared copy next to the repository.
pub fn default_rates() -> PathBuf {
    let root = repo_root();
    let shared = root.join("../shared/reference/eurofxref-hist.csv");
    if shared.is_file() { shared } else { root.join("dataset/reference/ecb-eurofxref.csv") }
}

pub const HELP: &str = "\
usage: cargo xtask synth --claims N --out DIR [options]

Writes a synthetic dataset of N claims into DIR and the archived texts of
its sources into DIR-archive, for benchmarks and tests at scale. DIR and
DIR-archive must be absent, empty, or an earlier synth output (recognised
by the file list in its .synth-output); anything else is refused.

options:
      --claims N        how many claims: 1000, 100_000, 100k or 1m
      --out DIR         where to write
      --seed S          the random seed (default 1)
      --defects RATE    inject defects at this rate (0 to 0.5; listed in DIR/defects.json)
      --rates FILE      the ECB rates file to take rates from
  -h, --help            print this help
";

fn number<T: std::str::FromStr>(p: &mut lexopt::Parser, what: &str) -> Result<T, UsageError> {
    let v = p.value()?;
    let s = v.to_string_lossy();
    s.parse().map_err(|_| UsageError(format!("`{s}`: {what}")))
}

pub fn run(args: &[String]) -> Result<ExitCode, UsageError> {
    use lexopt::prelude::*;
    let mut claims = None;
    let mut out = None;
    let mut seed = 1u64;
    let mut defects = 0.0f64;
    let mut rates = default_rates();
    let mut p = lexopt::Parser::from_args(args);
    while let Some(arg) = p.next()? {
        match arg {
            Long("claims") => claims = Some(parse_count(&p.value()?.to_string_lossy())?),
            Long("out") => out = Some(PathBuf::from(p.value()?)),
            Long("seed") => seed = number(&mut p, "--seed needs a whole number")?,
            Long("defects") => {
                defects = number(&mut p, "--defects needs a rate such as 0.01")?;
                if !(0.0..=0.5).contains(&defects) {
                    return Err(UsageError("--defects must be between 0 and 0.5".into()));
                }
            }
            Long("rates") => rates = p.value()?.into(),
            _ => return Err(arg.unexpected().into()),
        }
    }
    let claims = claims.ok_or_else(|| UsageError("synth needs --claims N".into()))?;
    let out = out.ok_or_else(|| UsageError("synth needs --out DIR".into()))?;
    let cfg = Config { claims, out, seed, defects, rates };
    match generate(&cfg) {
        Ok(s) => {
            errln!(
                "wrote {} claims in {} files ({:.1} MB) to {}, archive {}, {} injected defects",
                s.claims,
                s.files,
                s.bytes as f64 / 1e6,
                cfg.out.display(),
                s.archive.display(),
                s.defects
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            errln!("error: {e}");
            Ok(ExitCode::from(2))
        }
    }
}

/// The most claims synth writes (far beyond any benchmark).
pub const MAX_CLAIMS: usize = 100_000_000;

/// `100000`, `100_000`, `100k` or `1m`, at most [`MAX_CLAIMS`].
pub fn parse_count(s: &str) -> Result<usize, UsageError> {
    let t = s.trim().replace('_', "").to_ascii_lowercase();
    let (num, mul) = if let Some(n) = t.strip_suffix('k') {
        (n.to_string(), 1_000)
    } else if let Some(n) = t.strip_suffix('m') {
        (n.to_string(), 1_000_000)
    } else {
        (t.clone(), 1)
    };
    let n = num.parse::<usize>().map_err(|_| UsageError(format!("`{s}` is not a count (write e.g. 1000, 100k or 1m)")))?;
    n.checked_mul(mul).filter(|n| *n <= MAX_CLAIMS).ok_or_else(|| UsageError(format!("`{s}` is too many claims (at most {MAX_CLAIMS})")))
}

/// The file that marks a directory as synth's own output: a first line
/// saying so, then every other file in it, one per line.
pub const MARKER: &str = ".synth-output";
const MARKER_HEAD: &str = "# written by `cargo xtask synth`; the next run with the same --out replaces this directory";

/// Why `dir` may not be replaced by synth, if it may not: it must be
/// absent, empty, or hold exactly the files its marker lists.
pub fn not_own_output(dir: &Path) -> Option<String> {
    match std::fs::symlink_metadata(dir) {
        Err(_) => return None,
        Ok(m) if !m.is_dir() => return Some("it is not a directory".into()),
        Ok(_) => {}
    }
    let files = match wbd_publish::file_set(dir) {
        Ok(f) => f,
        Err(e) => return Some(format!("cannot list it: {e}")),
    };
    if files.is_empty() {
        return None;
    }
    let Ok(text) = std::fs::read_to_string(dir.join(MARKER)) else {
        return Some(format!("it is not empty and has no {MARKER}"));
    };
    let mut lines = text.lines();
    if lines.next() != Some(MARKER_HEAD) {
        return Some(format!("its {MARKER} is not synth's"));
    }
    let mut listed: std::collections::BTreeSet<String> = lines.map(String::from).collect();
    listed.insert(MARKER.into());
    if let Some(extra) = files.difference(&listed).next() {
        return Some(format!("it holds `{extra}`, which synth did not write"));
    }
    None
}

/// Writes the marker listing every file now in `dir`.
pub fn write_marker(dir: &Path) -> std::io::Result<()> {
    let files = wbd_publish::file_set(dir)?;
    let mut text = String::from(MARKER_HEAD);
    text.push('\n');
    for f in files.iter().filter(|f| *f != MARKER) {
        text.push_str(f);
        text.push('\n');
    }
    std::fs::write(dir.join(MARKER), text)
}
