//! `cargo xtask schema [--check]`: the published JSON Schema files, generated
//! from the record types and committed in `schema/`.

use std::process::ExitCode;

use wbd_schema::{FileKind, SCHEMA_BASE_ID, SCHEMA_VERSION};

use crate::{UsageError, repo_root};

/// The published schema of a file kind, as the committed file's text.
pub fn render(kind: FileKind) -> String {
    let mut schema = serde_json::to_value(kind.json_schema()).unwrap_or_default();
    if let Some(obj) = schema.as_object_mut() {
        let mut out = serde_json::Map::new();
        out.insert("$schema".into(), "https://json-schema.org/draft/2020-12/schema".into());
        out.insert("$id".into(), format!("{SCHEMA_BASE_ID}/{}", kind.schema_file()).into());
        out.insert("title".into(), format!("Western Balkans defence dataset: a `{}` file", kind.key()).into());
        out.insert("$comment".into(), format!("Schema version {SCHEMA_VERSION}").into());
        for (k, v) in std::mem::take(obj) {
            if k != "$schema" && k != "title" {
                out.insert(k, v);
            }
        }
        *obj = out;
    }
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

pub const HELP: &str = "\
usage: cargo xtask schema [--check]

Regenerates schema/ (the JSON Schemas of the record files) from the record
types. With --check, writes nothing and exits 1 when schema/ is stale.
";

pub fn run(args: &[String]) -> Result<ExitCode, UsageError> {
    let check = match args {
        [] => false,
        [a] if a == "--check" => true,
        _ => return Err(UsageError("schema takes only `--check`".into())),
    };
    let dir = repo_root().join("schema");
    let mut stale = Vec::new();
    for kind in FileKind::ALL {
        let path = dir.join(kind.schema_file());
        let want = render(kind);
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        if have == want {
            continue;
        }
        if check {
            stale.push(path.display().to_string());
        } else {
            if let Err(e) = std::fs::create_dir_all(&dir).and_then(|_| std::fs::write(&path, want)) {
                errln!("error: cannot write {}: {e}", path.display());
                return Ok(ExitCode::from(2));
            }
            outln!("wrote {}", path.display());
        }
    }
    if !stale.is_empty() {
        for s in &stale {
            errln!("error: {s} is out of date with the record types");
        }
        errln!("help: run `cargo xtask schema` and commit schema/");
        return Ok(ExitCode::from(1));
    }
    if check {
        outln!("schema/ is up to date ({} files, schema version {SCHEMA_VERSION})", FileKind::ALL.len());
    }
    Ok(ExitCode::SUCCESS)
}
