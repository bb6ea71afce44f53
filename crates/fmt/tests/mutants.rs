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
    let mut rng = Rng::new(13);
    let (mut accepted, mut declined) = (0, 0);
    for f in &files {
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
    }
    assert!(accepted > 100 && declined > 10, "{accepted} accepted, {declined} declined");
}
