//! `cargo xtask fuzz [--seconds N] [--seed S] [--mutants N] [--save DIR]`:
//! thin over `wbd-fuzz`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use crate::{UsageError, repo_root};

pub const HELP: &str = "\
usage: cargo xtask fuzz [--seconds N] [--seed S] [--mutants N] [--save DIR | --no-save]

Mutates the dataset's and the fixtures' record files and checks each mutant
in-process: no panic, a JSON report that parses, spans inside their files,
the same report twice, and a clean result publishes. Failing inputs are
saved as regression cases (default tests/fixtures/fuzz/), which
`cargo test -p wbd-fuzz` replays.

options:
  --seconds N   how long to run (default 60)
  --seed S      the seed of the mutations (default 1)
  --mutants N   stop after N mutants
  --save DIR    where failing inputs go (default tests/fixtures/fuzz)
  --no-save     do not save failing inputs

Exit 0: no failure; 1: failures found; 2: could not run.
";

pub fn run(args: &[String]) -> Result<ExitCode, UsageError> {
    let root = repo_root();
    let mut seconds = 60u64;
    let mut seed = 1u64;
    let mut max_mutants = u64::MAX;
    let mut save = Some(root.join("tests/fixtures/fuzz"));
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| UsageError(format!("{name} needs a value")));
        let number = |name: &str, v: String| v.parse::<u64>().map_err(|_| UsageError(format!("{name} needs a whole number, not `{v}`")));
        match a.as_str() {
            "--seconds" => seconds = number("--seconds", value("--seconds")?)?,
            "--seed" => seed = number("--seed", value("--seed")?)?,
            "--mutants" => max_mutants = number("--mutants", value("--mutants")?)?,
            "--save" => save = Some(PathBuf::from(value("--save")?)),
            "--no-save" => save = None,
            s => return Err(UsageError(format!("unknown option `{s}` for fuzz"))),
        }
    }
    let (bases, targets) = match wbd_fuzz::targets_of_repo(&root) {
        Ok(t) => t,
        Err(e) => {
            errln!("error: cannot read the record files to fuzz: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let cfg = wbd_fuzz::Config { root, bases, targets, seed, duration: Duration::from_secs(seconds), max_mutants, save };
    errln!("fuzzing {} files for {seconds} s, seed {seed}", cfg.targets.len());
    let summary = match wbd_fuzz::run(&cfg, |s| errln!("  {} mutants, {} failures", s.mutants, s.failures.len())) {
        Ok(s) => s,
        Err(e) => {
            errln!("error: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    for f in &summary.failures {
        let saved = f.saved.as_ref().map(|p| format!(" (saved as {})", p.display())).unwrap_or_default();
        errln!("FAIL {} {}: {}{saved}", f.base, f.file, f.what);
    }
    let secs = summary.elapsed.as_secs_f64().max(1e-9);
    outln!(
        "fuzz: {} mutants in {:.1} s ({:.0} mutants/s), {} failures",
        summary.mutants,
        secs,
        summary.mutants as f64 / secs,
        summary.failures.len()
    );
    Ok(if summary.failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
