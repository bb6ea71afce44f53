//! Wherever the fast path answers, its tree must be the general
//! parser's, spans included; and it must answer on the dataset's files.
use super::*;

fn same(a: &Node, b: &Node, path: &str) -> Result<(), String> {
    if a.span != b.span {
        return Err(format!("{path}: span {:?} vs {:?}", a.span, b.span));
    }
    match (&a.kind, &b.kind) {
        (NodeKind::Scalar { text: x, plain: p }, NodeKind::Scalar { text: y, plain: q }) if x == y && p == q => Ok(()),
        (NodeKind::Seq(x), NodeKind::Seq(y)) if x.len() == y.len() => {
            x.iter().zip(y).enumerate().try_for_each(|(i, (a, b))| same(a, b, &format!("{path}[{i}]")))
        }
        (NodeKind::Map(x), NodeKind::Map(y)) if x.len() == y.len() => x.iter().zip(y).try_for_each(|((ka, va), (kb, vb))| {
            same(ka, kb, &format!("{path}.key"))?;
            same(va, vb, &format!("{path}.{}", ka.as_str().unwrap_or("?")))
        }),
        (x, y) => Err(format!("{path}: {x:?} vs {y:?}")),
    }
}

fn check(text: &str) -> bool {
    let Some(fast) = fast::parse(text) else { return false };
    let general = parse_general(text).unwrap_or_else(|e| panic!("fast path accepted what granit rejects: {}\n{text}", e.message));
    match (&fast.root, &general.root) {
        (Some(a), Some(b)) => same(a, b, "").unwrap_or_else(|e| panic!("{e}\n{text}")),
        (None, None) => {}
        _ => panic!("one root is empty\n{text}"),
    }
    let spans = |p: &Parsed| p.duplicates.iter().map(|d| (d.first, d.again)).collect::<Vec<_>>();
    assert_eq!(spans(&fast), spans(&general), "{text}");
    true
}

#[test]
fn edit_distance_is_levenshtein_within_the_limit() {
    for (a, b, d) in [("", "", 0), ("period", "perid", 1), ("kitten", "sitting", 3), ("šđč", "sdc", 3), ("abc", "", 3)] {
        assert_eq!(super::edit_distance(a, b), d, "{a} {b}");
        assert_eq!(super::edit_distance_within(a, b, d), Some(d), "{a} {b}");
        if d > 0 {
            assert_eq!(super::edit_distance_within(a, b, d - 1), None, "{a} {b}");
        }
    }
}

/// An unknown key of 1 MB is compared with each field name at the cost
/// of a short key (it was a full Levenshtein of 1 MB per field, 6.4 s),
/// and the message shows it cut.
#[test]
fn a_one_megabyte_unknown_key_costs_what_a_short_one_does() {
    use serde::de::Error;
    const FIELDS: &[&str] = &["id", "subject", "metric", "period", "scope", "value", "citations", "conflicts_with"];
    let cells = |key: &str| {
        super::CELLS.with(|c| c.set(0));
        let e = super::DeError::unknown_field(key, FIELDS);
        (super::CELLS.with(|c| c.get()), e.message)
    };
    let (short, _) = cells("xperiodx");
    let huge = "x".repeat(1 << 20);
    let (long, message) = cells(&huge);
    assert!(long <= short.max(1) * 4, "{long} cells for a 1 MB key, {short} for a short one");
    assert!(message.len() < 300 && message.contains("(1048576 characters)"), "{}", &message[..message.len().min(300)]);
}

#[test]
fn on_tricky_snippets() {
    let answered = [
        "a: 1\n",
        "# c\n\nclaims:\n  - id: a-1 # x\n    n: 13\n    q: \"x \\\"y\\\" z\"\n    s: 'it''s'\n    l: [a, \"b\"]\n    m: {k: v, n: 2}\n    f: >-\n      one\n      two\n\n      three\n    e:\n    z: ~\n  - plain\n",
        "a:\n  b:\n    c: d\n  e: [ ]\n  f: {}\n",
        "a: |\n  line one\n  line two\n\nb: >\n  folded\n  text\n",
        "k: v\nk: w\n",
        "a: http://x.org/a#b\nb: 'x # y'\nc: x#y\n",
        "",
        "# only a comment\n",
        "a: [b, [c]]\n",
        "claims: [{id: a-1, citations: [{source: s, quote: \"x, y\"}], m: {}}, {id: a-2, l: [ ], n: [[], {}]}]\n",
        "{\"claims\": [{\"id\": \"a-1\", \"n\": 2, \"v\": null, \"e\": {\"value\": \"USD 1\"}}]}\n",
        "a: {'k': v, \"q\": [1, 2]}  # c\n",
        "[a, {b: c}]\n",
        &format!("a: {}{}\n", "[".repeat(63), "]".repeat(63)),
        "a: [-1, -b, x-, 'a b', b c d]\n",
        "a: [it's, say \"x\", 'it''s', \"q\\\"\"]\n",
    ];
    for t in answered {
        assert!(check(t), "the fast path should answer:\n{t}");
    }
    let declined = [
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "---\na: 1\n",
        "a:\n- x\n",
        "a: b\n  c\n",
        "a: \"x\n  y\"\n",
        "a:\tb\n",
        "a: [b, [c]\n",
        "a: {k: v, k: w}\n",
        "a: [b,\n  c]\n",
        "a: {\"k\":v}\n",
        "a: [b, c] x\n",
        "a: [- b]\n",
        "a: [b, -]\n",
        "a: {k: |x}\n",
        "a: [@b]\n",
        &format!("a: {}{}\n", "[".repeat(64), "]".repeat(64)),
        &format!("{}{}\n", "{a: ".repeat(65), "}".repeat(65)),
        "? a\n: b\n",
        "a: b: c\n",
        "- a\n",
        "a: >2\n   x\n",
        "a: 'x\n",
    ];
    for t in declined {
        assert!(!check(t), "the fast path should leave this to granit:\n{t}");
    }
}

/// The same records in block style, in flow style and as JSON, one
/// line per file as a converter writes them: the fast path answers all
/// three (none falls back to the general parser, which cost flow files
/// 2.7 times block ones) and agrees with granit.
#[test]
fn records_in_flow_style_take_the_fast_path() {
    let (mut block, mut flow, mut json) = (String::from("claims:\n"), Vec::new(), Vec::new());
    for i in 0..200 {
        block.push_str(&format!(
            "  - id: syn-{i}\n    subject: no\n    period: 20{i:02}\n    value: EUR {i}.5 million\n    citations:\n      - source: src-{i}\n        quote: \"it's €{i}.5 million, or so\"\n    note: 'the ''quoted'' one'\n"
        ));
        flow.push(format!(
            "{{id: syn-{i}, subject: no, period: 20{i:02}, value: EUR {i}.5 million, citations: [{{source: src-{i}, quote: \"it's €{i}.5 million, or so\"}}], note: 'the ''quoted'' one'}}"
        ));
        json.push(format!(
            "{{\"id\": \"syn-{i}\", \"subject\": \"no\", \"period\": 20{i:02}, \"value\": \"EUR {i}.5 million\", \"citations\": [{{\"source\": \"src-{i}\", \"quote\": \"it's €{i}.5 million, or so\"}}], \"note\": \"the 'quoted' one\"}}"
        ));
    }
    let flow = format!("claims: [{}]\n", flow.join(", "));
    let json = format!("{{\"claims\": [{}]}}\n", json.join(", "));
    for text in [&block, &flow, &json] {
        assert!(check(text), "the fast path declined:\n{}", &text[..300]);
    }
    let record = |t: &str| fast::parse(t).unwrap().root.unwrap().find("claims[7]").to_json();
    assert_eq!(record(&block), record(&flow));
    assert_eq!(record(&block), record(&json));
}

/// Random one-line flow documents built from YAML's tricky pieces:
/// wherever the fast path answers, granit must accept the text and
/// build the same tree.
#[test]
fn on_random_flow_lines() {
    const PIECES: &[&str] = &[
        "[",
        "]",
        "{",
        "}",
        ", ",
        ",",
        ": ",
        ":",
        "a",
        "b c",
        "-1",
        "- ",
        "-",
        "x-y",
        "'q'",
        "'it''s'",
        "\"d\"",
        "\"e\\\"f\"",
        "\"g\\\\\"",
        " ",
        "  ",
        "#",
        " #c",
        "k: ",
        "\"k\": ",
        "'k': ",
        "?",
        "&a ",
        "*a",
        "!t ",
        "|",
        ">",
        "%",
        "@",
        "~",
        "null",
        "1.5",
        "€2 m",
        "it's",
        "x\"y",
        "http://a/b#c",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut answered = 0;
    for _ in 0..20_000 {
        let mut doc = String::from(if next(2) == 0 { "a: [" } else { "a: {" });
        for _ in 0..next(12) {
            doc.push_str(PIECES[next(PIECES.len())]);
        }
        doc.push_str(if doc.starts_with("a: [") { "]\n" } else { "}\n" });
        if check(&doc) {
            answered += 1;
        }
    }
    assert!(answered > 500, "only {answered} answered: the generator tests little");
}

#[test]
fn on_every_file_of_the_dataset_and_the_fixtures() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut answered = 0;
    let mut total = 0;
    // WBD_FAST_PATH_EXTRA names another tree to compare on (a synthetic
    // dataset, say); every file there must be answered and agree.
    let extra = std::env::var("WBD_FAST_PATH_EXTRA").ok();
    for dir in ["dataset", "tests/fixtures"].into_iter().chain(extra.as_deref()) {
        for e in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "yaml") {
                let text = std::fs::read_to_string(p).unwrap();
                total += 1;
                if check(&text) {
                    answered += 1;
                } else if dir != "tests/fixtures" {
                    panic!("the fast path declined {}", p.display());
                }
            }
        }
    }
    assert!(answered * 10 >= total * 9, "{answered} of {total}");
}

#[test]
fn the_first_byte_shortcut_resolves_as_the_full_rules() {
    let alphabet =
        ["", "0", "1", "+", "-", ".", "e", "E", "~", "n", "u", "l", "N", "t", "T", "r", "f", "F", "a", "i", "x", "_", " ", "#", "%"];
    let mut texts = vec![String::new()];
    for _ in 0..4 {
        let more: Vec<String> = texts.iter().flat_map(|t| alphabet.iter().map(move |a| format!("{t}{a}"))).collect();
        texts = more;
        texts.sort();
        texts.dedup();
    }
    texts.extend(
        ["null", "Null", "NULL", "true", "False", "FALSE", ".inf", "-.Inf", ".NaN", "1e10", "-12.5e-3", "0x1F", "0o7", "co-000000"]
            .map(String::from),
    );
    assert!(texts.len() > 300_000);
    for t in &texts {
        assert_eq!(resolve(t, true), resolve_plain(t), "{t:?}");
    }
}
