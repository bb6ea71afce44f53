//! Every input the fuzzer ever found failing (`tests/fixtures/fuzz/`) is
//! checked again: no panic, a JSON report that parses, spans inside their
//! files, the same report twice.

use std::path::Path;

#[test]
fn saved_fuzz_cases_pass() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap();
    let failing = wbd_fuzz::replay(&root, &root.join("tests/fixtures/fuzz")).unwrap();
    assert!(failing.is_empty(), "{failing:#?}");
}

#[test]
fn a_short_run_finds_nothing_and_is_reproducible() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap();
    let (bases, targets) = wbd_fuzz::targets_of_repo(&root).unwrap();
    let cfg = |seed| wbd_fuzz::Config {
        root: root.clone(),
        bases: bases.clone(),
        targets: targets.clone(),
        seed,
        duration: std::time::Duration::from_secs(600),
        max_mutants: 20,
        save: None,
    };
    let a = wbd_fuzz::run(&cfg(7), |_| {}).unwrap();
    assert_eq!(a.mutants, 20);
    let failures: Vec<_> = a.failures.iter().map(|f| format!("{} {}: {}", f.base, f.file, f.what)).collect();
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn mutations_change_the_input_and_are_deterministic() {
    let text = b"claims:\n  - id: a\n    value: EUR 1.5 million\n    period: 2024\n".to_vec();
    let run = |seed| {
        let mut rng = wbd_fuzz::rng::Rng::new(seed);
        (0..50)
            .map(|_| {
                let mut t = text.clone();
                wbd_fuzz::mutate::mutate(&mut rng, &mut t);
                t
            })
            .collect::<Vec<_>>()
    };
    let (a, b) = (run(1), run(1));
    assert_eq!(a, b);
    assert!(a.iter().filter(|t| **t != text).count() > 40);
}
