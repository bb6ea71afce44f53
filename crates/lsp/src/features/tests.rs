//! Unit tests of the features that work on a line of text.

use super::*;
use rust_decimal::Decimal;

#[test]
fn allow_skeletons_go_into_the_record() {
    let text = "claims:\n  - id: a\n    subject: rs\n  - id: b\n    allow:\n      - rule: x/y\n        reason: r\n    subject: al\n";
    let (at, new) = allow_skeleton(text, "a", "ref/unknown", None).unwrap();
    assert_eq!(&text[..at], "claims:\n  - id: a\n");
    assert_eq!(new, "    allow:\n      - rule: ref/unknown\n        reason: TODO\n");
    let (at, new) = allow_skeleton(text, "b", "ref/unknown", Some("citations[0].quote")).unwrap();
    assert_eq!(&text[..at], "claims:\n  - id: a\n    subject: rs\n  - id: b\n    allow:\n");
    assert_eq!(new, "      - rule: ref/unknown\n        on: citations[0].quote\n        reason: TODO\n");
    assert_eq!(allow_skeleton(text, "c", "ref/unknown", None), None);
}

#[test]
fn enums_come_from_the_schema() {
    assert_eq!(enum_values(FileKind::Claims, "Bound"), ["exact", "approx", "at_least", "at_most"]);
    assert!(enum_values(FileKind::Sources, "SourceKind").contains(&"press-release".to_string()));
    assert!(enum_values(FileKind::Entities, "EntityKind").contains(&"country".to_string()));
    assert_eq!(
        relative(Path::new("/r/dataset/claims"), Path::new("/r/schema/claims.schema.json")).unwrap(),
        "../../schema/claims.schema.json"
    );
}

#[test]
fn decimal_is_exact() {
    assert_eq!(show(Decimal::new(12345, 1), 2), "1234.5");
}
