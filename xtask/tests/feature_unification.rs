//! The first `cargo xtask check` and then `cargo test --workspace` (the
//! README's two commands) must build every crate they share with the same
//! features, or the second rebuilds the check's whole dependency tree.
//! Compares the features `cargo tree` resolves for xtask alone with those
//! of the whole workspace, dev-dependencies included.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

fn features(args: &[&str]) -> BTreeMap<String, BTreeSet<String>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["tree", "--prefix", "none", "-f", "{p}|{f}"])
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(out.status.success(), "cargo tree {args:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    let mut map: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let Some((pkg, feats)) = line.split_once('|') else { continue };
        let clean = |s: &str| s.replace("(*)", "").trim().to_string();
        let entry = map.entry(clean(pkg)).or_default();
        entry.extend(feats.split(',').map(clean).filter(|f| !f.is_empty()));
    }
    map
}

#[test]
fn the_test_build_reuses_what_the_first_check_built() {
    let check = features(&["-p", "xtask", "-e", "normal,build"]);
    let tests = features(&["--workspace", "-e", "normal,build,dev"]);
    let differ: Vec<String> = check
        .iter()
        .filter_map(|(pkg, f)| {
            let g = tests.get(pkg)?;
            (f != g).then(|| format!("{pkg}: the tests add {:?}", g.difference(f).collect::<Vec<_>>()))
        })
        .collect();
    assert!(
        differ.is_empty(),
        "these crates would be built twice, with other features, by `cargo test --workspace` after `cargo xtask check`; \
         enable the same features in xtask/Cargo.toml's unification block:\n{}",
        differ.join("\n")
    );
}
