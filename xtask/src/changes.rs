//! `cargo xtask changes --since REV`: what a change to the dataset means
//! (`wbd-review`), as text, GitHub markdown or JSON.

use std::process::ExitCode;

use lexopt::prelude::*;

use crate::{UsageError, repo_root};

pub const HELP: &str = "\
usage: cargo xtask changes --since REV [options]

Lists what changed in the dataset between git revision REV and the working
tree: records added, removed and renamed, and per changed record each field
old -> new (money also in EUR at the period's average ECB rate), with the
version bump each change needs (docs/PUBLISHING.md, section Versions).
Exit status: 0 listed, 2 could not compare (REV unknown, not a git
repository, a state that does not load).

options:
      --since REV        the git revision to compare with (required)
      --format FORMAT    human (default), markdown (GitHub) or json (docs/REVIEW.md)
      --dataset DIR      the dataset directory (default dataset/)
  -h, --help             print this help
  -V, --version          print the tool and schema versions
";

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Human,
    Markdown,
    Json,
}

pub fn run(args: &[String]) -> Result<ExitCode, UsageError> {
    let root = repo_root();
    let mut dataset = root.join("dataset");
    let mut since: Option<String> = None;
    let mut format = Format::Human;
    let mut p = lexopt::Parser::from_args(args);
    while let Some(arg) = p.next()? {
        match arg {
            Long("since") => {
                since = Some(p.value()?.into_string().map_err(|_| UsageError("the value of --since is not valid UTF-8".into()))?)
            }
            Long("dataset") => dataset = p.value()?.into(),
            Long("format") => {
                format = match p.value()?.to_str() {
                    Some("human") => Format::Human,
                    Some("markdown") => Format::Markdown,
                    Some("json") => Format::Json,
                    f => return Err(UsageError(format!("unknown format `{}` (human, markdown, json)", f.unwrap_or("?")))),
                }
            }
            _ => return Err(arg.unexpected().into()),
        }
    }
    let Some(rev) = since else {
        return Err(UsageError("--since REV is required, e.g. `--since origin/main`".into()));
    };
    crate::check::check_revision(&rev)?;
    if let Err(msg) = crate::check::preflight(&dataset, &[]) {
        errln!("error: {msg}");
        return Ok(ExitCode::from(2));
    }
    let commit = match crate::check::resolve_revision(&root, &rev) {
        Ok(c) => c,
        Err(msg) => {
            errln!("error: --since {rev}: {msg}");
            return Ok(ExitCode::from(2));
        }
    };
    let (tmp, old_dir) = match crate::check::materialise(&root, &dataset, &commit) {
        Ok(x) => x,
        Err(msg) => {
            errln!("error: --since {rev}: {msg}");
            return Ok(ExitCode::from(2));
        }
    };
    let schema_dir = root.join("schema");
    let schema_dir = schema_dir.is_dir().then_some(schema_dir);
    let old = wbd_review::load(&old_dir, old_dir.parent().unwrap_or(&old_dir), schema_dir.as_deref());
    let _ = std::fs::remove_dir_all(&tmp);
    let old = match old {
        Ok(ds) => ds,
        Err(msg) => {
            errln!("error: the dataset at {rev} does not load, so its changes cannot be listed: {msg}");
            return Ok(ExitCode::from(2));
        }
    };
    let new = match wbd_review::load(&dataset, &root, schema_dir.as_deref()) {
        Ok(ds) => ds,
        Err(msg) => {
            errln!("error: the dataset does not load, so its changes cannot be listed: {msg}; run `cargo xtask check`");
            return Ok(ExitCode::from(2));
        }
    };
    let empty = wbd_check::rates::Rates::default();
    let rates = new.rates.as_ref().unwrap_or(&empty);
    let side = |label: String, commit: Option<String>, ds: &wbd_check::model::Dataset| wbd_review::Side {
        label,
        commit,
        version: ds.meta.as_ref().map(|m| m.version.clone()),
    };
    let review = wbd_review::Review::new(
        side(rev.clone(), Some(commit), &old),
        wbd_review::records(&old),
        side("working tree".into(), None, &new),
        wbd_review::records(&new),
        rates,
    );
    match format {
        Format::Human => out!("{}", review.human()),
        Format::Markdown => out!("{}", review.markdown()),
        Format::Json => outln!("{}", serde_json::to_string_pretty(&review.json()).unwrap_or_default()),
    }
    Ok(ExitCode::SUCCESS)
}
