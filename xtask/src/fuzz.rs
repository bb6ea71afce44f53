//! `cargo xtask fuzz [--seconds N] [--seed S] [--mutants N] [--save DIR]`:
//! thin over `wbd-fuzz`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use crate::{UsageError, repo_root};

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
            "--help" | "-h" => {
                println!(
                    "usage: cargo xtask fuzz [--seconds N] [--seed S] [--mutants N] [--save DIR | --no-save]\n\n\
                     Mutates the dataset's and the fixtures' record files and checks each mutant in-process:\n\
                     no panic, a JSON report that parses, spans inside their files, the same report twice.\n\
                     Failing inputs are saved as regression cases (default tests/fixtures/fuzz/).\n\
                     Exit 0: no failure; 1: failures found; 2: could not run."
                );
                return Ok(ExitCode::SUCCESS);
            }
            s => return Err(UsageError(format!("unknown option `{s}` for fuzz"))),
        }
    }
    let (bases, targets) = match wbd_fuzz::targets_of_repo(&root) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read the record files to fuzz: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let cfg = wbd_fuzz::Config { root, bases, targets, seed, duration: Duration::from_secs(seconds), max_mutants, save };
    eprintln!("fuzzing {} files for {seconds} s, seed {seed}", cfg.targets.len());
    let summary = match wbd_fuzz::run(&cfg, |s| eprintln!("  {} mutants, {} failures", s.mutants, s.failures.len())) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    for f in &summary.failures {
        let saved = f.saved.as_ref().map(|p| format!(" (saved as {})", p.display())).unwrap_or_default();
        eprintln!("FAIL {} {}: {}{saved}", f.base, f.file, f.what);
    }
    let secs = summary.elapsed.as_secs_f64().max(1e-9);
    println!(
        "fuzz: {} mutants in {:.1} s ({:.0} mutants/s), {} failures",
        summary.mutants,
        secs,
        summary.mutants as f64 / secs,
        summary.failures.len()
    );
    Ok(if summary.failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
