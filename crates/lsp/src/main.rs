//! `wbd-lsp`: the language server over stdio (`cargo xtask lsp` runs it).

use std::path::PathBuf;
use std::process::ExitCode;

const HELP: &str = "\
usage: wbd-lsp [--root DIR] [--dataset DIR] [--schema DIR] [--archive DIR]...

A language server for the dataset, speaking LSP over standard input and
output (an editor starts it; see docs/EDITORS.md). Without options, the
repository is the nearest directory with a dataset/ folder at or above the
client's workspace folder.

options:
      --root DIR      the repository root (file names and docs/RULES.md links)
      --dataset DIR   the dataset directory (default ROOT/dataset)
      --schema DIR    the JSON Schema files (default ROOT/schema)
      --archive DIR   verify quotes against archived texts too
      --stdio         accepted and ignored (editors pass it)
  -h, --help          print this help
  -V, --version       print the version
";

fn main() -> ExitCode {
    let mut cfg = wbd_lsp::Config::default();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| match args.next() {
            Some(v) => Ok(PathBuf::from(v)),
            None => Err(format!("{name} needs a directory")),
        };
        let r = match a.as_str() {
            "-h" | "--help" => {
                print!("{HELP}");
                return ExitCode::SUCCESS;
            }
            "-V" | "--version" => {
                println!("wbd-lsp {}", env!("CARGO_PKG_VERSION"));
                return ExitCode::SUCCESS;
            }
            "--stdio" => Ok(()),
            "--root" => value("--root").map(|v| cfg.root = Some(v)),
            "--dataset" => value("--dataset").map(|v| cfg.dataset = Some(v)),
            "--schema" => value("--schema").map(|v| cfg.schema = Some(v)),
            "--archive" => value("--archive").map(|v| cfg.archive.push(v)),
            other => Err(format!("unknown argument `{other}`")),
        };
        if let Err(e) = r {
            eprintln!("wbd-lsp: {e}\n\n{HELP}");
            return ExitCode::from(2);
        }
    }
    // A panic inside a request is answered and logged to the client; on
    // stderr (the editor's log) one line is enough.
    std::panic::set_hook(Box::new(|info| eprintln!("wbd-lsp: {info}")));
    let code = wbd_lsp::serve(std::io::stdin(), std::io::stdout().lock(), cfg);
    ExitCode::from(code as u8)
}
