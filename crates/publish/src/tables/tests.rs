//! Unit tests of the CSV writing.

use super::*;
use wbd_schema::{Bound, SourceKind};

#[test]
fn quoting_follows_rfc_4180() {
    let s =
        write_csv([vec!["a", "b,c", "say \"hi\"", "two\nlines", "cr\rhere", ""], vec!["", " lead", "x;y", "é€", "'q'", "#"]].into_iter());
    assert_eq!(s, "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",\n, lead,x;y,é€,'q',#\n");
}

/// The hand-written RFC 4180 quoting the `csv` crate replaced; the
/// published bytes must stay what it wrote.
fn by_hand(fields: &[&str]) -> String {
    let quoted = |f: &str| if f.contains([',', '"', '\r', '\n']) { format!("\"{}\"", f.replace('"', "\"\"")) } else { f.to_string() };
    fields.iter().map(|f| quoted(f)).collect::<Vec<_>>().join(",") + "\n"
}

#[test]
fn the_csv_crate_quotes_as_the_hand_written_writer_did() {
    let atoms = ["", "a", ",", "\"", "\r", "\n", "\r\n", " ", ";", "'", "#", "\t", "é", "\\", "1.5", "-"];
    let mut fields = Vec::new();
    for a in atoms {
        for b in atoms {
            fields.push(format!("{a}{b}"));
            fields.push(format!("x{a}y{b}"));
        }
    }
    for row in fields.chunks(3).filter(|r| r.len() > 1) {
        let row: Vec<&str> = row.iter().map(String::as_str).collect();
        assert_eq!(write_csv(std::iter::once(row.clone())), by_hand(&row), "{row:?}");
    }
}

#[test]
fn plain_numbers() {
    for ok in ["0", "12", "-3", "65.79", "1300000000"] {
        assert!(is_plain_number(ok), "{ok}");
    }
    for bad in ["", "1.", ".5", "1e5", "2024-H1", "1,000", "NaN"] {
        assert!(!is_plain_number(bad), "{bad}");
    }
}

#[test]
fn enums_come_from_the_types() {
    assert_eq!(enum_values::<Bound>(), ["exact", "approx", "at_least", "at_most"]);
    assert!(enum_values::<SourceKind>().contains(&"press-release".to_string()));
    assert!(enum_values::<SourceKind>().contains(&"reference".to_string()));
}
