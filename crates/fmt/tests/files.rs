//! The formatter over every record file of the repository: idempotent,
//! value-preserving as the check loads the records, and a messed-up copy
//! (keys swapped, odd indentation, extra quoting) comes back to the same
//! bytes with every comment.

use std::path::{Path, PathBuf};

use wbd_check::loader::{self, Schemas};
use wbd_fmt::{Options, format};
use wbd_testkit::{copy_dir, repo, temp_dir};

fn yaml_under(dir: &Path) -> Vec<PathBuf> {
    wbd_fmt::yaml_files(&[dir.to_path_buf()])
}

fn modeline_opts() -> Options {
    Options { schema_dir: Some("../../schema".into()), ..Options::default() }
}

#[test]
fn formatting_twice_changes_nothing_on_every_dataset_and_fixture_file() {
    let root = repo();
    let mut files = yaml_under(&root.join("dataset"));
    let dataset_files = files.len();
    files.extend(yaml_under(&root.join("tests/fixtures")));
    let mut formatted = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        for opts in [Options::default(), modeline_opts()] {
            let Ok(once) = format(&text, &opts) else { continue };
            formatted += 1;
            let twice =
                format(&once, &opts).unwrap_or_else(|e| panic!("{}: formatted output does not format: {}", f.display(), e[0].message));
            assert_eq!(twice, once, "{}: not idempotent", f.display());
        }
    }
    // Every dataset file formats, and nearly all fixtures (some are broken
    // on purpose).
    assert!(formatted >= 2 * dataset_files + files.len(), "{formatted} of {} files", files.len());
}

fn records(dir: &Path) -> String {
    let (ds, diags, _) = loader::load(dir, dir, &Schemas::load(None));
    let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
    // The records as the rules see them, with their order, kind and file.
    let mut s = format!("{:?}\n{codes:?}\n", ds.meta.as_ref().map(|m| &m.rec));
    for r in &ds.sources {
        s.push_str(&format!("{:?} {:?} {}\n", r.rec, ds.files.get(r.file).name, r.index));
    }
    for r in &ds.entities {
        s.push_str(&format!("{:?} {:?} {}\n", r.rec, ds.files.get(r.file).name, r.index));
    }
    for r in &ds.metrics {
        s.push_str(&format!("{:?} {:?} {}\n", r.rec, ds.files.get(r.file).name, r.index));
    }
    for r in &ds.claims {
        s.push_str(&format!("{:?} {:?} {}\n", r.rec, ds.files.get(r.file).name, r.index));
    }
    s
}

/// Formats every file of a dataset directory in place.
fn format_dir(dir: &Path) -> usize {
    let mut changed = 0;
    for o in wbd_fmt::format_files(&yaml_under(dir), None) {
        if let Ok(Some(new)) = o.result {
            wbd_fmt::write_atomic(&o.path, &new).unwrap();
            changed += 1;
        }
    }
    changed
}

#[test]
fn the_loaded_records_are_the_same_before_and_after() {
    let root = repo();
    let tmp = temp_dir("records");
    // The real dataset, the fixtures' base, and the base with each rule
    // fixture added as the check's fixture tests do.
    let mut cases = vec![("dataset".to_string(), root.join("dataset"), None), ("base".to_string(), root.join("tests/fixtures/base"), None)];
    for f in yaml_under(&root.join("tests/fixtures/rules")) {
        cases.push((f.display().to_string(), root.join("tests/fixtures/base"), Some(f)));
    }
    let mut compared = 0;
    for (i, (name, base, extra)) in cases.iter().enumerate() {
        let ds = tmp.join(format!("{i}/dataset"));
        copy_dir(base, &ds);
        if let Some(f) = extra {
            std::fs::copy(f, ds.join("fixture.yaml")).unwrap();
        }
        let before = records(&ds);
        format_dir(&ds);
        let after = records(&ds);
        assert_eq!(before, after, "{name}: the records changed");
        compared += 1;
    }
    assert!(compared > 50);
    let _ = std::fs::remove_dir_all(&tmp);
}

/// A formatted file made untidy: four-space indentation (dashes followed
/// by three spaces), adjacent one-line keys swapped, plain strings quoted.
fn mess_up(text: &str) -> String {
    let mut lines: Vec<String> = text
        .lines()
        .map(|l| {
            let n = l.len() - l.trim_start().len();
            let body = &l[n..];
            let body = match body.strip_prefix("- ") {
                Some(rest) => format!("-   {rest}"),
                None => body.to_string(),
            };
            format!("{}{}", " ".repeat(2 * n), body)
        })
        .collect();
    // Lines inside block scalars are text, not keys.
    let mut in_block = vec![false; lines.len()];
    let mut block: Option<usize> = None;
    for (i, l) in lines.iter().enumerate() {
        let ind = l.len() - l.trim_start().len();
        if let Some(b) = block {
            if ind > b || l.trim().is_empty() {
                in_block[i] = true;
                continue;
            }
            block = None;
        }
        if l.ends_with(": >-") || l.ends_with(": |-") || l.ends_with(": |") || l.ends_with(": >") {
            block = Some(ind);
        }
    }
    // Quote plain string values of one-line entries.
    for (i, l) in lines.iter_mut().enumerate() {
        if l.contains('#') || in_block[i] {
            continue;
        }
        let Some((k, v)) = l.split_once(": ") else { continue };
        let plain_word = !v.is_empty()
            && !v.starts_with(['"', '\'', '[', '{', '>', '|'])
            && v.parse::<f64>().is_err()
            && !k.trim_start().starts_with('-')
            && !matches!(v, "true" | "false" | "null" | "~");
        if plain_word && !v.contains(": ") {
            *l = format!("{k}: '{}'", v.replace('\'', "''"));
        }
    }
    // Swap adjacent one-line entries at the same indentation.
    let one_line = |l: &str| {
        let t = l.trim_start();
        !t.starts_with(['-', '#']) && t.contains(": ") && !t.ends_with(['>', '|', '-']) && !l.contains('#')
    };
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut i = 1;
    while i + 2 < lines.len() {
        let (a, b) = (&lines[i], &lines[i + 1]);
        let next_deeper = indent(&lines[i + 2]) > indent(b);
        let text = in_block[i] || in_block[i + 1] || in_block[i + 2];
        if !text && one_line(a) && one_line(b) && indent(a) == indent(b) && !next_deeper && !lines[i - 1].trim_start().starts_with('#') {
            lines.swap(i, i + 1);
            i += 3;
        } else {
            i += 1;
        }
    }
    let mut s = lines.join("\n");
    s.push('\n');
    s
}

#[test]
fn a_messed_up_copy_comes_back_to_the_formatted_bytes_with_every_comment() {
    let root = repo();
    let mut checked = 0;
    for f in yaml_under(&root.join("dataset")) {
        let text = std::fs::read_to_string(&f).unwrap();
        let formatted = format(&text, &modeline_opts()).unwrap();
        let messy = mess_up(&formatted);
        assert_ne!(messy, formatted);
        let back = format(&messy, &modeline_opts()).unwrap_or_else(|e| panic!("{}: {}\n{messy}", f.display(), e[0].message));
        assert!(back == formatted, "{}:\n{}", f.display(), wbd_fmt::diff::unified("formatted", &formatted, &back));
        let comments = |s: &str| s.lines().filter(|l| l.trim_start().starts_with('#')).count();
        assert_eq!(comments(&back), comments(&text), "{}", f.display());
        checked += 1;
    }
    assert!(checked >= 10);
}

#[test]
fn bad_input_is_reported_with_its_place_and_the_file_is_left_alone() {
    let tmp = temp_dir("bad");
    let f = tmp.join("broken.yaml");
    let text = "claims:\n  - id: a\n    value: \"open\n  - id: b\n";
    std::fs::write(&f, text).unwrap();
    let out = wbd_fmt::format_files(std::slice::from_ref(&f), None);
    let diags = out[0].result.as_ref().err().expect("an error");
    assert_eq!(diags[0].code, "yaml/syntax");
    assert!(diags[0].span().unwrap().start > 0, "points into the file");
    assert_eq!(std::fs::read_to_string(&f).unwrap(), text);
    let _ = std::fs::remove_dir_all(&tmp);
}

/// Only the dataset's record files are formatted: another YAML file (a CI
/// workflow, an app's config) that a path happens to reach is refused and
/// left byte for byte as it was.
#[test]
fn a_yaml_file_that_is_no_record_file_is_left_alone() {
    let tmp = temp_dir("foreign");
    let file = tmp.join("config.yaml");
    let text = "name:   my-app\nversion: \"1.0\"\nitems: [a,   b]\n";
    std::fs::write(&file, text).unwrap();
    let outcomes = wbd_fmt::format_files(std::slice::from_ref(&file), None);
    let Err(diags) = &outcomes[0].result else { panic!("formatted a file that is not a record file") };
    assert_eq!(diags[0].code, "fmt/not-a-record-file");
    assert!(diags[0].message.contains("its top-level key is `name`"), "{}", diags[0].message);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    let _ = std::fs::remove_dir_all(&tmp);
}
