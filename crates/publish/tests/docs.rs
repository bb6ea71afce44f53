//! docs/PUBLISHING.md documents every column of every published CSV with
//! the text `datapackage.json` gives them: the section between its
//! `columns:begin` and `columns:end` markers is `columns_markdown()`.
//! `UPDATE_SNAPSHOTS=1 cargo test -p wbd-publish --test docs` rewrites it.

use std::path::Path;

const BEGIN: &str = "<!-- columns:begin (generated from crates/publish/src/tables/; do not edit by hand) -->\n";
const END: &str = "<!-- columns:end -->";

#[test]
fn publishing_md_documents_every_column() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/PUBLISHING.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let start = doc.find(BEGIN).expect("docs/PUBLISHING.md lacks the columns:begin marker") + BEGIN.len();
    let end = start + doc[start..].find(END).expect("docs/PUBLISHING.md lacks the columns:end marker");
    let want = wbd_publish::tables::columns_markdown();
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, format!("{}{want}{}", &doc[..start], &doc[end..])).unwrap();
        return;
    }
    assert!(
        doc[start..end] == want,
        "docs/PUBLISHING.md's column tables differ from the published descriptions; \
         UPDATE_SNAPSHOTS=1 cargo test -p wbd-publish --test docs rewrites them\n--- want\n{want}--- got\n{}",
        &doc[start..end]
    );
}

#[test]
fn every_column_has_a_description() {
    let doc = wbd_publish::tables::columns_markdown();
    for t in wbd_publish::tables::shapes() {
        assert!(doc.contains(&format!("#### `{}`", t.path())));
        for c in &t.columns {
            assert!(!c.description.is_empty(), "{}.{} has no description", t.name, c.name);
            assert!(doc.contains(&format!("| `{}` |", c.name)), "{}.{}", t.name, c.name);
        }
    }
}
