//! What publishing may replace, and how it swaps the output in.

use wbd_testkit::temp_dir;

/// The swap's atomicity rests on this: two directories trade places in one
/// system call, so the output path always names a complete directory.
#[cfg(target_os = "linux")]
#[test]
fn exchange_swaps_two_directories_in_one_step() {
    let tmp = temp_dir("exchange");
    let (a, b) = (tmp.join("a"), tmp.join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    std::fs::write(a.join("old.txt"), "old").unwrap();
    std::fs::write(b.join("new.txt"), "new").unwrap();
    assert!(wbd_publish::exchange(&b, &a).unwrap(), "this file system should support RENAME_EXCHANGE");
    assert!(a.join("new.txt").is_file() && b.join("old.txt").is_file());
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn only_a_manifest_of_the_same_dataset_listing_exactly_the_files_marks_an_earlier_output() {
    let tmp = temp_dir("manifest");
    let dir = tmp.join("out");
    std::fs::create_dir_all(dir.join("schema")).unwrap();
    assert_eq!(wbd_publish::not_previous_output(&dir, "wbd"), None, "an empty directory may be replaced");
    std::fs::write(dir.join("manifest.json"), "{\"name\": \"my-web-app\"}").unwrap();
    assert!(wbd_publish::not_previous_output(&dir, "wbd").is_some());
    std::fs::write(dir.join("schema/a.json"), "{}").unwrap();
    std::fs::write(dir.join("manifest.json"), r#"{"dataset": "wbd", "files": [{"path": "schema/a.json"}]}"#).unwrap();
    assert_eq!(wbd_publish::not_previous_output(&dir, "wbd"), None);
    assert!(wbd_publish::not_previous_output(&dir, "other").unwrap().contains("of dataset `wbd`"));
    std::fs::write(dir.join("index.html"), "").unwrap();
    assert!(wbd_publish::not_previous_output(&dir, "wbd").unwrap().contains("`index.html`"));
    std::fs::remove_file(dir.join("index.html")).unwrap();
    std::fs::remove_file(dir.join("schema/a.json")).unwrap();
    assert!(wbd_publish::not_previous_output(&dir, "wbd").unwrap().contains("lists `schema/a.json`"));
    let _ = std::fs::remove_dir_all(&tmp);
}
