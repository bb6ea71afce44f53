//! `cargo xtask lsp`: starts the language server (crate `wbd-lsp`) on this
//! process's stdin and stdout. Its dependencies are not xtask's: it is
//! built on first use by cargo, and nothing but the server writes to
//! stdout (the protocol's channel).

use std::process::{Command, ExitCode};

use crate::{UsageError, repo_root};

pub const HELP: &str = "\
usage: cargo xtask lsp [--debug] [--root DIR] [--dataset DIR] [--schema DIR] [--archive DIR]...

Runs the dataset's language server over standard input and output, for an
editor to start (docs/EDITORS.md). The first run builds it (release
profile; --debug for the debug build, which is slower to check). Options
other than --debug are passed on to `wbd-lsp`:

      --root DIR      the repository root (default: found from the workspace)
      --dataset DIR   the dataset directory (default ROOT/dataset)
      --schema DIR    the JSON Schema files (default ROOT/schema)
      --archive DIR   verify quotes against archived texts too
      --stdio         accepted and ignored (editors pass it)
";

pub fn run(args: &[String]) -> Result<ExitCode, UsageError> {
    let mut release = true;
    let mut pass = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--debug" => release = false,
            "--stdio" => {}
            "--root" | "--dataset" | "--schema" | "--archive" => match it.next() {
                Some(v) => pass.extend([a.clone(), v.clone()]),
                None => return Err(UsageError(format!("{a} needs a directory"))),
            },
            other => return Err(UsageError(format!("unknown argument `{other}`"))),
        }
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(repo_root()).args(["run", "--quiet"]);
    if release {
        cmd.arg("--release");
    }
    cmd.args(["-p", "wbd-lsp", "--bin", "wbd-lsp", "--"]).args(&pass);
    match cmd.status() {
        Ok(s) => Ok(match s.code() {
            Some(c) => ExitCode::from(c.clamp(0, 255) as u8),
            None => ExitCode::from(1),
        }),
        Err(e) => {
            errln!("error: cannot run cargo to start the language server: {e}");
            Ok(ExitCode::from(2))
        }
    }
}
