//! The maintainers' commands: `cargo xtask <command>`. Thin: argument
//! parsing, printing and exit codes over `wbd-check` and `wbd-schema`.

mod bench;
mod check;
mod coverage;
mod fmt;
mod fuzz;
mod fx;
mod publish;
mod schema;
mod synth;

use std::io::Write;
use std::path::PathBuf;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  check [PATHS...] [--dataset DIR] [--format human|json|github|sarif]
        [--deny warnings] [--archive DIR] [--since REV] [--verbose]
                      check the dataset (exit 0 clean, 1 findings, 2 could not run)
  publish [--out DIR] [--dataset DIR] [--archive DIR]  check, then publish to DIR (default dist/)
  rules               list the rules
  explain CODE        print a rule's documentation
  schema [--check]    regenerate schema/ from the record types (--check: fail if stale)
  synth --claims N --out DIR [--seed S] [--defects RATE]
                      write a synthetic dataset (and DIR-archive/) for benchmarks
  bench [--claims 10000,100000,1000000] [--defects RATE] [--runs R] [--release-hint]
                      time the check on synthetic datasets (run with --release)
  fuzz [--seconds N] [--seed S] [--mutants N] [--save DIR]
                      mutate record files and check each mutant (no panic, valid report)
  fmt [--check] [--diff] [PATHS...]
                      format the record files (default dataset/); --check: exit 1 if any would change
  coverage [--archive DIR] [--dataset DIR] [--format human|json]
                      per archived source text, the figures no claim quotes (exit 1 if any)
  fx-update --from FILE [--since DATE]
                      refresh dataset/reference/ecb-eurofxref.csv from an ECB eurofxref-hist.csv
";

/// The repository root: where `Cargo.toml` of the workspace is.
pub fn repo_root() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// A usage error: printed with the usage, exit 2.
pub struct UsageError(pub String);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = args.split_first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let result = match cmd.as_str() {
        "check" => check::run(rest),
        "rules" => {
            // Written without println!, so a closed pipe (`| head`) ends the
            // listing quietly instead of panicking.
            let mut out = std::io::stdout().lock();
            for r in wbd_check::rules::all() {
                let i = r.info();
                if writeln!(out, "{:<36} {:<8} {}", i.code, i.severity.as_str(), i.summary).is_err() {
                    break;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        "explain" => match rest.first().and_then(|c| wbd_check::rules::find(c)) {
            Some(r) => {
                let i = r.info();
                let _ = writeln!(
                    std::io::stdout().lock(),
                    "# {}\n\nDefault severity: {}. {}\n\n{}",
                    i.code,
                    i.severity.as_str(),
                    capitalise(i.summary),
                    i.docs.trim_end()
                );
                Ok(ExitCode::SUCCESS)
            }
            None => Err(UsageError(match rest.first() {
                Some(c) => format!("no rule `{c}`; `cargo xtask rules` lists them"),
                None => "explain needs a rule code, e.g. `cargo xtask explain ref/unknown`".into(),
            })),
        },
        "publish" => publish::run(rest),
        "schema" => schema::run(rest),
        "synth" => synth::run(rest),
        "bench" => bench::run(rest),
        "fx-update" => fx::run(rest),
        "fuzz" => fuzz::run(rest),
        "fmt" => fmt::run(rest),
        "coverage" => coverage::run(rest),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => Err(UsageError(format!("unknown command `{other}`"))),
    };
    match result {
        Ok(code) => code,
        Err(UsageError(msg)) => {
            eprintln!("error: {msg}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect::<String>() + ".",
        None => String::new(),
    }
}
