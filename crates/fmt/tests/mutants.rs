//! The formatter on mutated record files (the fuzzer's mutations: bytes,
//! lines, indentation, odd scalars, anchors, flow style, truncation): it
//! never panics, and whatever it accepts it formats to a fixed point.

use std::path::Path;

use wbd_fuzz::mutate::mutate;
use wbd_fuzz::rng::Rng;

#[test]
fn mutated_files_never_panic_and_format_to_a_fixed_point() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let files = wbd_fmt::yaml_files(&[root.join("dataset"), root.join("tests/fixtures/base")]);
    // Files are shared out over the cores; each file's mutants come from
    // its own seed, so what is tested does not depend on the schedule.
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).min(files.len().max(1));
    let counts: Vec<(usize, usize)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let files = &files;
                s.spawn(move || {
                    let (mut accepted, mut declined) = (0, 0);
                    for (i, f) in files.iter().enumerate().skip(t).step_by(threads) {
                        let (a, d) = mutate_file(f, 13 + i as u64);
                        accepted += a;
                        declined += d;
                    }
                    (accepted, declined)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("a formatter thread panicked")).collect()
    });
    let (accepted, declined) = counts.iter().fold((0, 0), |(a, d), (x, y)| (a + x, d + y));
    assert!(accepted > 100 && declined > 10, "{accepted} accepted, {declined} declined");
}

/// Sixty mutants of one file: (accepted, declined).
fn mutate_file(f: &Path, seed: u64) -> (usize, usize) {
    let mut rng = Rng::new(seed);
    let (mut accepted, mut declined) = (0, 0);
    let original = std::fs::read(f).unwrap();
    for _ in 0..60 {
        let mut bytes = original.clone();
        let what = mutate(&mut rng, &mut bytes);
        let Ok(text) = String::from_utf8(bytes) else { continue };
        let opts = wbd_fmt::Options::default();
        let once = std::panic::catch_unwind(|| wbd_fmt::format(&text, &opts))
            .unwrap_or_else(|_| panic!("{} mutated by {what}: the formatter panicked", f.display()));
        match once {
            Ok(out) => {
                accepted += 1;
                let twice = wbd_fmt::format(&out, &opts)
                    .unwrap_or_else(|e| panic!("{} mutated by {what}: output does not format: {}\n{out}", f.display(), e[0].message));
                assert!(twice == out, "{} mutated by {what}:\n{}", f.display(), wbd_fmt::diff::unified("once", &out, &twice));
            }
            Err(d) => {
                declined += 1;
                assert!(d.iter().all(|d| d.code != "fmt/internal"), "{} mutated by {what}: {}", f.display(), d[0].message);
            }
        }
    }
    (accepted, declined)
}
