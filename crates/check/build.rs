//! Generates one test per rule fixture for the `rule_fixtures` test
//! (`tests/rule_fixtures.rs` at the repository root, beside its fixtures).
//!
//! Every `fail*.yaml` and `pass*.yaml` under
//! `tests/fixtures/rules/<family>/<name>/` becomes a `#[test]` named
//! `rule::<family>::<name>::<stem>` (hyphens as underscores), so
//! `cargo test equivalent_mismatch` selects one rule's fixtures and a
//! failure names the fixture that failed. Nothing here is compiled into the
//! library.

use std::fmt::Write as _;
use std::path::Path;

fn ident(s: &str) -> String {
    let mut out: String = s.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    // `ref` is a keyword; the rules' own module is `refs`.
    if out == "ref" {
        out.push('s');
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

fn sorted_entries(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(_) => Vec::new(),
    };
    v.sort();
    v
}

fn main() {
    // Read when the script runs, not when it is compiled: a build script
    // binary may be reused for another checkout of the same crate.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let root = Path::new(&manifest).join("../../tests/fixtures/rules");
    println!("cargo::rerun-if-changed={}", root.display());
    let mut out = String::from("pub mod rule {\n");
    for family in sorted_entries(&root).into_iter().filter(|p| p.is_dir()) {
        println!("cargo::rerun-if-changed={}", family.display());
        let fam = family.file_name().unwrap().to_string_lossy().into_owned();
        let _ = writeln!(out, "  pub mod {} {{", ident(&fam));
        for rule in sorted_entries(&family).into_iter().filter(|p| p.is_dir()) {
            println!("cargo::rerun-if-changed={}", rule.display());
            let name = rule.file_name().unwrap().to_string_lossy().into_owned();
            let _ = writeln!(out, "    pub mod {} {{", ident(&name));
            for file in sorted_entries(&rule) {
                let Some(fname) = file.file_name().and_then(|f| f.to_str()) else { continue };
                let Some(stem) = fname.strip_suffix(".yaml") else { continue };
                if stem.contains('.') || !(stem.starts_with("fail") || stem.starts_with("pass")) {
                    continue;
                }
                // The JSON Schema rule runs only in builds with the
                // validator: its fixtures are ignored (and say why) without.
                let gate = if fam == "schema" && name == "json-schema" {
                    "#[cfg_attr(not(feature = \"json-schema\"), ignore = \"needs --features json-schema (CI runs it)\")] "
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    "      #[test] {gate}fn {}() {{ crate::check_fixture({:?}, {:?}); }}",
                    ident(stem),
                    format!("{fam}/{name}"),
                    stem
                );
            }
            out.push_str("    }\n");
        }
        out.push_str("  }\n");
    }
    out.push_str("}\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("rule_fixture_tests.rs");
    std::fs::write(dest, out).unwrap();
}
