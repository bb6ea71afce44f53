//! `Options::overlay`: an editor's unsaved texts take precedence over the
//! files on disk, and a text for a file not yet saved is checked too.

mod common;

use std::sync::Arc;

use common::{copy_dir, fixtures, options, temp_dir};

#[test]
fn unsaved_text_replaces_the_file_on_disk_and_the_disk_is_untouched() {
    let dir = temp_dir("overlay");
    let ds = dir.join("dataset");
    copy_dir(&fixtures().join("base"), &ds);
    let claims = ds.join("claims.yaml");
    let on_disk = std::fs::read_to_string(&claims).unwrap();

    let clean = wbd_check::run(&options(&ds, None));
    assert!(clean.diagnostics.iter().all(|d| d.code != "ref/unknown"), "the base fixture has no unknown references");

    let mut opts = options(&ds, None);
    let edited = on_disk.replacen("subject: rs", "subject: nowhere", 1);
    opts.overlay.insert(claims.clone(), Arc::from(edited.as_str()));
    let report = wbd_check::run(&opts);
    let unknown: Vec<_> = report.diagnostics.iter().filter(|d| d.code == "ref/unknown").collect();
    assert_eq!(unknown.len(), 1, "{:?}", report.diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>());
    assert!(unknown[0].message.contains("nowhere"), "{}", unknown[0].message);
    // The finding points into the buffer's text, not the file's.
    let span = unknown[0].span().unwrap();
    let file = report.dataset.files.get(span.file);
    assert_eq!(&file.text()[span.start as usize..span.end as usize], "nowhere");
    assert_eq!(std::fs::read_to_string(&claims).unwrap(), on_disk);
}

#[test]
fn an_unsaved_new_file_is_checked_and_overlays_outside_the_records_are_not() {
    let dir = temp_dir("overlay-new");
    let ds = dir.join("dataset");
    copy_dir(&fixtures().join("base"), &ds);
    let mut opts = options(&ds, None);
    opts.overlay.insert(ds.join("more.yaml"), Arc::from(
            "claims:\n  - id: more-x\n    subject: nobody\n    metric: military-expenditure\n    period: 2023\n    value: EUR 0.5 billion\n    citations:\n      - source: gazette-2024\n        locator: paragraph 3\n        quote: \"after €0.5 billion in 2023\"\n",
        ));
    opts.overlay.insert(ds.join("archive/note.yaml"), Arc::from("not: [records"));
    opts.overlay.insert(dir.join("elsewhere.yaml"), Arc::from("not: [records"));
    let report = wbd_check::run(&opts);
    let names: Vec<&str> = report.dataset.files.files.iter().map(|f| f.name.as_str()).collect();
    assert!(names.contains(&"dataset/more.yaml"), "{names:?}");
    assert!(!names.iter().any(|n| n.contains("note.yaml") || n.contains("elsewhere")), "{names:?}");
    assert!(report.diagnostics.iter().any(|d| d.code == "ref/unknown" && d.message.contains("nobody")));
}
