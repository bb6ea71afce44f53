//! The maintainers' commands: `cargo xtask <command>`. Thin: argument
//! parsing, printing and exit codes over `wbd-check` and `wbd-schema`.
//!
//! Each command is a module with one entry function
//! `run(args: &[String]) -> Result<ExitCode, UsageError>` and a row in
//! [`COMMANDS`] (its help text). `--help`/`-h` and `--version`/`-V` are
//! answered here for every command, before the command sees its arguments.
//! Commands print through [`outln!`]/[`errln!`], never `println!`: a failed
//! write to standard output is exit 2 with one line on stderr, a closed pipe
//! ends quietly, and neither is ever a panic.

#[macro_use]
mod out;
mod archive;
mod bench;
mod changes;
mod check;
mod config;
mod coverage;
mod fmt;
mod fuzz;
mod fx;
mod lsp;
mod publish;
mod schema;
mod site;
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;

/// One command: its name, one-line summary, help text and entry point.
pub struct Command {
    pub name: &'static str,
    pub summary: &'static str,
    pub help: &'static str,
    pub run: fn(&[String]) -> Result<ExitCode, UsageError>,
}

pub const COMMANDS: &[Command] = &[
    Command { name: "check", summary: "check the dataset (exit 0 clean, 1 findings, 2 could not run)", help: check::HELP, run: check::run },
    Command {
        name: "changes",
        summary: "what changed since a git revision: records, fields, version bump",
        help: changes::HELP,
        run: changes::run,
    },
    Command { name: "publish", summary: "check, then publish to DIR (default dist/)", help: publish::HELP, run: publish::run },
    Command { name: "site", summary: "check, then write a static website to DIR (default dist/site/)", help: site::HELP, run: site::run },
    Command { name: "rules", summary: "list the rules", help: RULES_HELP, run: rules },
    Command { name: "explain", summary: "print a rule's documentation", help: EXPLAIN_HELP, run: explain },
    Command { name: "schema", summary: "regenerate schema/ from the record types", help: schema::HELP, run: schema::run },
    Command { name: "synth", summary: "write a synthetic dataset (and DIR-archive/) for benchmarks", help: synth::HELP, run: synth::run },
    Command { name: "bench", summary: "time the check on synthetic datasets (run with --release)", help: bench::HELP, run: bench::run },
    Command {
        name: "fuzz",
        summary: "mutate record files and check each mutant (no panic, valid report)",
        help: fuzz::HELP,
        run: fuzz::run,
    },
    Command {
        name: "archive",
        summary: "copy a source text into dataset/archive/ and print its archive: block",
        help: archive::HELP,
        run: archive::run,
    },
    Command { name: "lsp", summary: "run the language server on stdio (for editors; docs/EDITORS.md)", help: lsp::HELP, run: lsp::run },
    Command {
        name: "fmt",
        summary: "lay the record files out canonically (--check: list what would change)",
        help: fmt::HELP,
        run: fmt::run,
    },
    Command {
        name: "coverage",
        summary: "the figures of each archived text, and which no claim quotes",
        help: coverage::HELP,
        run: coverage::run,
    },
    Command { name: "fx-update", summary: "refresh dataset/reference/ecb-eurofxref.csv from an ECB file", help: FX_HELP, run: fx::run },
];

const RULES_HELP: &str = "\
usage: cargo xtask rules

Lists every rule: code, default severity and summary.
`cargo xtask explain CODE` prints one rule's documentation.
";

const EXPLAIN_HELP: &str = "\
usage: cargo xtask explain CODE

Prints the documentation of the rule CODE (e.g. `ref/unknown`).
`cargo xtask rules` lists the codes.
";

const FX_HELP: &str = "\
usage: cargo xtask fx-update --from FILE [--since DATE] [--replace] [--dataset DIR] [--out FILE]

Refreshes dataset/reference/ecb-eurofxref.csv from an ECB eurofxref-hist.csv
(one row per day, one column per currency). The file is refused, and the
rates file left byte-identical, when a row is shorter or longer than the
header, a date repeats, a code is not ISO 4217, the file is cut mid-line, or
the update would drop days, currencies or rates the current file has
(unless --replace). Prints what changed and moves the `published` date of
the ecb-euro-reference-rates source.

options:
  --from FILE     the ECB file to read (eurofxref-hist.csv layout)
  --since DATE    the first day to keep (default 2015-01-01)
  --replace       allow the update to drop days, currencies or rates
  --dataset DIR   the dataset directory (default dataset/)
  --out FILE      where to write (default dataset/reference/ecb-eurofxref.csv)
";

/// The tool's version line: tool and schema versions.
pub fn version_line() -> String {
    format!("xtask {} (dataset schema {})", env!("CARGO_PKG_VERSION"), wbd_schema::SCHEMA_VERSION)
}

fn usage() -> String {
    let mut s = String::from("usage: cargo xtask <command> [options]\n\ncommands:\n");
    for c in COMMANDS {
        s.push_str(&format!("  {:<10} {}\n", c.name, c.summary));
    }
    s.push_str(
        "\noptions:\n  -h, --help     print help (also `cargo xtask <command> --help`)\n  -V, --version  print the tool and schema versions\n",
    );
    s
}

/// The repository root: where `Cargo.toml` of the workspace is.
pub fn repo_root() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// A usage error: printed with the command's usage line, exit 2.
pub struct UsageError(pub String);

impl From<lexopt::Error> for UsageError {
    fn from(e: lexopt::Error) -> UsageError {
        UsageError(e.to_string())
    }
}

/// What the first arguments ask of every command alike.
fn wants(args: &[String], long: &str, short: &str) -> bool {
    args.iter().take_while(|a| *a != "--").any(|a| a == long || a == short)
}

fn main() -> ExitCode {
    out::install_panic_guard();
    // `std::env::args` would panic on an argument that is not UTF-8.
    let args: Result<Vec<String>, _> = std::env::args_os().skip(1).map(std::ffi::OsString::into_string).collect();
    let code = match args {
        Ok(args) => dispatch(&args),
        Err(bad) => {
            errln!("error: the argument `{}` is not valid UTF-8", bad.to_string_lossy());
            ExitCode::from(2)
        }
    };
    out::finish(code)
}

fn dispatch(args: &[String]) -> ExitCode {
    let Some((cmd, rest)) = args.split_first() else {
        errln!("{}", usage());
        return ExitCode::from(2);
    };
    match cmd.as_str() {
        "help" | "--help" | "-h" => {
            match rest.first().and_then(|n| COMMANDS.iter().find(|c| c.name == n)) {
                Some(c) => out!("{}", c.help),
                None => out!("{}", usage()),
            }
            return ExitCode::SUCCESS;
        }
        "--version" | "-V" | "version" => {
            outln!("{}", version_line());
            return ExitCode::SUCCESS;
        }
        _ => {}
    }
    let Some(command) = COMMANDS.iter().find(|c| c.name == cmd) else {
        errln!("error: unknown command `{cmd}`\n\n{}", usage());
        return ExitCode::from(2);
    };
    if wants(rest, "--help", "-h") {
        out!("{}", command.help);
        return ExitCode::SUCCESS;
    }
    if wants(rest, "--version", "-V") {
        outln!("{}", version_line());
        return ExitCode::SUCCESS;
    }
    match (command.run)(rest) {
        Ok(code) => code,
        Err(UsageError(msg)) => {
            let first = command.help.lines().next().unwrap_or("");
            errln!("error: {msg}\n\n{first}\nFor more, run `cargo xtask {} --help`.", command.name);
            ExitCode::from(2)
        }
    }
}

fn rules(args: &[String]) -> Result<ExitCode, UsageError> {
    if let Some(a) = args.first() {
        return Err(UsageError(format!("unexpected argument `{a}`")));
    }
    for r in wbd_check::rules::all() {
        let i = r.info();
        let absent = if i.code == "schema/json-schema" && !wbd_check::loader::Schemas::ENABLED {
            " (not in this build: `cargo run -p xtask --features json-schema -- check` runs it)"
        } else {
            ""
        };
        outln!("{:<36} {:<8} {}{absent}", i.code, i.severity.as_str(), i.summary);
        if out::failed() {
            break;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The rule a code names: its full `family/name`, or a bare name that
/// only one family has.
fn explain(args: &[String]) -> Result<ExitCode, UsageError> {
    if args.len() > 1 {
        return Err(UsageError(format!("explain takes one rule code, not `{}`", args[1..].join(" "))));
    }
    // The check crate finds a rule by its code or by its name alone, and
    // suggests the nearest codes otherwise.
    match wbd_check::rules::explain(args.first().map_or("", String::as_str)) {
        Ok(text) => {
            out!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        Err(msg) => Err(UsageError(msg)),
    }
}
