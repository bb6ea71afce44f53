//! Hostile and broken input: each gets a diagnostic, none panics, hangs or
//! blows up memory.

mod common;

use common::*;

fn check_with(name: &str, bytes: &[u8]) -> (String, wbd_check::Report) {
    let tmp = temp_dir(name);
    let ds = tmp.join("dataset");
    copy_dir(&fixtures().join("base"), &ds);
    std::fs::write(ds.join(name), bytes).unwrap();
    let report = wbd_check::run(&options(&ds, None));
    let _ = std::fs::remove_dir_all(&tmp);
    (render(&report), report)
}

fn assert_one(text: &str, code: &str, needle: &str) {
    let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with("    ")).collect();
    assert_eq!(lines.len(), 1, "{text}");
    assert!(lines[0].contains(code) && lines[0].contains(needle), "{text}");
}

#[test]
fn empty_file() {
    let (text, _) = check_with("empty.yaml", b"");
    assert_one(&text, "schema/shape", "the file is empty");
    let (text, _) = check_with("comments.yaml", b"# nothing here\n");
    assert_one(&text, "schema/shape", "the file is empty");
}

#[test]
fn binary_file() {
    let (text, _) = check_with("blob.yaml", &[0x89, b'P', b'N', b'G', 0, 0, 1, 2, 255]);
    assert_one(&text, "yaml/syntax", "binary");
}

#[test]
fn not_utf8() {
    let (text, _) = check_with("latin1.yaml", b"claims:\n  - id: caf\xe9\n");
    assert_one(&text, "yaml/syntax", "not UTF-8: invalid byte 0xE9 at offset 19");
    assert!(text.starts_with("dataset/latin1.yaml:2:12 "), "{text}");
}

#[test]
fn fifty_megabyte_file() {
    let big = vec![b'#'; 50 * 1024 * 1024];
    let (text, _) = check_with("big.yaml", &big);
    assert_one(&text, "yaml/syntax", "52428800 bytes");
}

#[test]
fn billion_laughs() {
    let mut bomb = String::from("a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
    for i in 1..10 {
        let prev = if i == 1 { "a".to_string() } else { format!("b{}", i - 1) };
        bomb.push_str(&format!("b{i}: &b{i} [{}]\n", vec![format!("*{prev}"); 9].join(", ")));
    }
    let (text, _) = check_with("bomb.yaml", bomb.as_bytes());
    assert_one(&text, "yaml/syntax", "alias bomb");
}

#[test]
fn nesting_ten_thousand_deep() {
    for doc in [
        format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
        "a:\n".to_string() + &(1..200).map(|i| format!("{}b{i}:\n", "  ".repeat(i))).collect::<String>(),
    ] {
        let (text, _) = check_with("deep.yaml", doc.as_bytes());
        assert_one(&text, "yaml/syntax", "");
    }
}

#[test]
fn a_link_out_of_the_dataset_is_not_followed() {
    let tmp = temp_dir("link");
    let ds = tmp.join("dataset");
    copy_dir(&fixtures().join("base"), &ds);
    std::fs::write(tmp.join("outside.yaml"), "claims: []\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(tmp.join("outside.yaml"), ds.join("link.yaml")).unwrap();
    let report = wbd_check::run(&options(&ds, None));
    let text = render(&report);
    let _ = std::fs::remove_dir_all(&tmp);
    #[cfg(unix)]
    assert_one(&text, "yaml/syntax", "symbolic link");
}

#[test]
fn every_error_is_collected_not_just_the_first() {
    let text = "claims:\n  - id: a-1\n    subject: rs\n    metrc: x\n  - id: a-2\n    subject: rs\n    period: 20x4\n";
    let (out, _) = check_with("two.yaml", text.as_bytes());
    let shape = out.lines().filter(|l| l.contains("schema/shape")).count();
    assert_eq!(shape, 2, "{out}");
}

#[test]
fn an_unclosed_quote_is_pointed_at_where_it_opens() {
    let text = "claims:\n  - id: a-1\n    note: \"never closed\n  - id: a-2\n    note: \"fine\"\n";
    let (out, _) = check_with("quote.yaml", text.as_bytes());
    assert!(out.contains("yaml/syntax"), "{out}");
    assert!(out.contains("related dataset/quote.yaml:3:11: this quoted string is not closed on its line"), "{out}");
}

#[test]
fn a_missing_rates_file_is_one_error() {
    let tmp = temp_dir("no-rates");
    let ds = tmp.join("dataset");
    copy_dir(&fixtures().join("base"), &ds);
    std::fs::write(ds.join("fixture.yaml"), std::fs::read(fixtures().join("rules/currency/no-rate/pass.yaml")).unwrap()).unwrap();
    std::fs::remove_file(ds.join("reference/ecb-eurofxref.csv")).unwrap();
    let report = wbd_check::run(&options(&ds, None));
    let _ = std::fs::remove_dir_all(&tmp);
    let text = render(&report);
    assert_one(&text, "error currency/rates-file", "dataset/reference/ecb-eurofxref.csv is missing");
    assert_eq!(report.count(wbd_check::Severity::Error), 1);
}

/// A claims file with one claim on `metric` with `value` and an optional
/// `equivalent`, quoting its own value.
fn claim_yaml(id: &str, metric: &str, value: &str, equivalent: Option<&str>) -> String {
    let eq = equivalent.map(|e| format!("    equivalent:\n      value: {e}\n")).unwrap_or_default();
    format!(
        "  - id: {id}\n    subject: rs\n    metric: {metric}\n    period: 2021\n    value: {value}\n{eq}    citations:\n      - source: gazette-2024\n        locator: paragraph 2\n        quote: \"{value}\"\n"
    )
}

/// The only finding is `schema/shape` at `line:col` and says `needle`.
fn assert_shape_at(text: &str, line_col: &str, needle: &str) {
    assert_one(text, "schema/shape", needle);
    assert!(text.starts_with(&format!("dataset/numbers.yaml:{line_col} ")), "{text}");
}

#[test]
fn twenty_eight_decimal_places_in_an_equivalent_are_rejected_not_a_crash() {
    let file = format!("claims:\n{}", claim_yaml("x-1", "arms-exports-value", "USD 1", Some("EUR 0.0000000000000000000000000001")));
    let (text, _) = check_with("numbers.yaml", file.as_bytes());
    assert_shape_at(&text, "8:14", "`0.0000000000000000000000000001` has 28 decimal places; at most 12 are supported");
}

#[test]
fn twenty_eight_decimal_places_under_a_scale_word_are_rejected_not_a_crash() {
    let file = format!(
        "claims:\n{}",
        claim_yaml("x-1", "arms-exports-value", "USD 1.0000000000000000000000000001 billion", Some("EUR 1 billion"))
    );
    let (text, _) = check_with("numbers.yaml", file.as_bytes());
    assert_shape_at(&text, "6:12", "`1.0000000000000000000000000001` has 28 decimal places");
}

#[test]
fn a_twenty_eight_place_percent_beside_another_in_its_group_is_rejected_not_a_crash() {
    let file = format!(
        "claims:\n{}{}",
        claim_yaml("x-1", "arms-exports-share", "0.0000000000000000000000000001 %", None),
        claim_yaml("x-2", "arms-exports-share", "65 %", None)
    );
    let (text, _) = check_with("numbers.yaml", file.as_bytes());
    assert_shape_at(&text, "6:12", "has 28 decimal places");
}

#[test]
fn thirty_two_decimal_places_are_rejected_not_rounded() {
    let file = format!("claims:\n{}", claim_yaml("x-1", "arms-exports-share", "0.00000000000000000000000000000001 %", None));
    let (text, _) = check_with("numbers.yaml", file.as_bytes());
    assert_shape_at(&text, "6:12", "has 32 decimal places; at most 12 are supported");
}

#[test]
fn a_number_past_the_decimal_range_is_too_large_not_not_a_number() {
    let file = format!("claims:\n{}", claim_yaml("x-1", "arms-exports-value", "USD 79228162514264337593543950336", None));
    let (text, _) = check_with("numbers.yaml", file.as_bytes());
    assert_shape_at(&text, "6:12", "`79228162514264337593543950336` is too large: values must be below 10^18");
    assert!(!text.contains("not a number"), "{text}");
}

/// The largest and finest numbers the format accepts go through every
/// rule (groups, equivalents at ECB rates, stated changes, approx bounds)
/// without a panic.
#[test]
fn numbers_at_the_precision_limit_are_checked_without_a_crash() {
    let mut file = String::from("claims:\n");
    let values = [
        ("arms-exports-value", "USD 999999 trillion", Some("EUR 0.000000000001")),
        ("arms-exports-value", "USD 0.000000000001", Some("EUR 999999 trillion")),
        ("arms-exports-value", "USD 999,999,999,999,999,000", Some("GBP 1.23456789012 million")),
        ("arms-exports-share", "0.000000000001 %", None),
        ("arms-exports-share", "999999 trillion %", None),
        ("arms-exports-share", "0.000000000001 to 999999 trillion %", None),
        ("military-expenditure", "EUR 999999 trillion", None),
        ("military-expenditure", "EUR 0.000000000001", None),
    ];
    for (i, (metric, value, eq)) in values.iter().enumerate() {
        file.push_str(&claim_yaml(&format!("x-{i}"), metric, value, *eq));
        file.push_str("    bound: approx\n");
    }
    file.push_str(
        "  - id: x-change\n    subject: rs\n    metric: military-expenditure\n    period: 2022\n    value: EUR 0.000000000001\n    change:\n      by: +999999999999999 %\n      since: 2021\n    citations:\n      - source: gazette-2024\n        locator: paragraph 2\n        quote: \"EUR 0.000000000001\"\n",
    );
    let (text, report) = check_with("numbers.yaml", file.as_bytes());
    // Findings there are (contradictions, mismatches); no shape errors and
    // above all no panic.
    assert!(!text.contains("schema/shape"), "{text}");
    assert!(report.diagnostics.iter().any(|d| d.code.starts_with("contradiction/")), "{text}");
}

/// Reversed `published` bounds on the real dataset's most cited source:
/// one error at the source, not one on every claim that cites it.
#[test]
fn reversed_published_bounds_are_one_error_at_the_source() {
    let tmp = temp_dir("reversed-bounds");
    let ds = tmp.join("dataset");
    copy_dir(&repo().join("dataset"), &ds);
    let paper = ds.join("sources/paper.yaml");
    let text = std::fs::read_to_string(&paper).unwrap();
    let bounds = "published: {not_before: 2025-11-08, not_after: 2026-11-22}";
    assert!(text.contains(bounds), "the real dataset changed: update this test");
    let line = text[..text.find(bounds).unwrap()].lines().count();
    std::fs::write(&paper, text.replace(bounds, "published: {not_before: 2026-11-22, not_after: 2025-11-08}")).unwrap();
    let report = wbd_check::run(&options(&ds, None));
    let _ = std::fs::remove_dir_all(&tmp);
    let text = render(&report);
    // Not the time and currency findings on the claims citing it, nor the
    // suppressions of those rules reported as unused.
    let open: Vec<&str> = text.lines().filter(|l| !l.starts_with("    ") && !l.contains("[suppressed by")).collect();
    assert_eq!(open.len(), 1, "{text}");
    assert!(
        open[0].starts_with(&format!(
            "dataset/sources/paper.yaml:{line}:16 error schema/constraint: `published`: `not_before: 2026-11-22` is after"
        )),
        "{text}"
    );
}
/// Checks the base dataset with these files added (or replacing base files).
fn check_files(tag: &str, files: &[(&str, &str)]) -> String {
    let tmp = temp_dir(tag);
    let ds = tmp.join("dataset");
    copy_dir(&fixtures().join("base"), &ds);
    for (name, text) in files {
        std::fs::write(ds.join(name), text).unwrap();
    }
    let report = wbd_check::run(&options(&ds, None));
    let _ = std::fs::remove_dir_all(&tmp);
    render(&report)
}

const EXTRA_SOURCE: &str = "sources:
  - id: ledger-2025
    kind: report
    title: The Fixture Ledger
    publisher: Fixture Press
    published: 2025-01-15
";

const CLAIM_CITING_LEDGER: &str = "  - id: ledger-rs-budget-2024
    subject: rs
    metric: military-expenditure
    period: 2024
    value: USD 1.1 billion
    equivalent:
      value: EUR 1 billion
    citations:
      - source: ledger-2025
        locator: table 1
        quote: \"USD 1.1 billion (EUR 1 billion)\"
";

#[test]
fn a_source_whose_date_fails_to_load_is_the_only_finding() {
    // The source does not load: the claim citing it would otherwise get a
    // `ref/unknown` ("does not exist") and a `currency/no-rate` (no
    // conversion date), both before the real cause in file order.
    let source = EXTRA_SOURCE.replace("published: 2025-01-15", "published: 15/01/2025");
    let claims = format!("claims:\n{CLAIM_CITING_LEDGER}");
    let out = check_files("failed-source", &[("a-claims.yaml", &claims), ("z-sources.yaml", &source)]);
    assert_one(&out, "schema/shape", "`15/01/2025` is not a date");
    assert!(out.starts_with("dataset/z-sources.yaml:6:16 "), "{out}");
    // The same claims with the source loading fine: the follow-ons were
    // really suppressed, not absent.
    let out = check_files("failed-source-control", &[("a-claims.yaml", &claims), ("z-sources.yaml", EXTRA_SOURCE)]);
    assert!(!out.contains("does not exist") && !out.contains("no conversion date"), "{out}");
}

#[test]
fn a_claims_file_that_fails_to_parse_is_the_only_finding() {
    // One YAML error loses every claim of the file: the source only they
    // cite would be reported unused, and a claim elsewhere that names one
    // of them in `conflicts_with` would name a claim that "does not exist".
    let broken = format!("claims:\n{CLAIM_CITING_LEDGER}    note: \"never closed\n");
    let other = "claims:
  - id: ledger-rs-budget-2024-other
    subject: rs
    metric: military-expenditure
    period: 2023
    value: EUR 1 billion
    citations:
      - source: gazette-2024
        locator: paragraph 9
        quote: \"EUR 1 billion\"
    conflicts_with:
      - claim: ledger-rs-budget-2024
        note: the ledger counts pensions
";
    let out = check_files("failed-claims-file", &[("a-other.yaml", other), ("b-claims.yaml", &broken), ("c-sources.yaml", EXTRA_SOURCE)]);
    assert_one(&out, "yaml/syntax", "");
    assert!(out.starts_with("dataset/b-claims.yaml:"), "{out}");
}

#[test]
fn a_claim_that_fails_to_load_hides_no_reference_to_it() {
    // A record that does not deserialize (an unknown field) is reported
    // once; another claim's reference to it is not a second error.
    let claims = format!("claims:\n{}", CLAIM_CITING_LEDGER.replace("    period: 2024\n", "    perid: 2024\n"));
    let other = "claims:
  - id: ledger-rs-budget-2024-other
    subject: rs
    metric: military-expenditure
    period: 2023
    value: EUR 1 billion
    citations:
      - source: gazette-2024
        locator: paragraph 9
        quote: \"EUR 1 billion\"
    conflicts_with:
      - claim: ledger-rs-budget-2024
        note: the ledger counts pensions
";
    let out = check_files("failed-claim", &[("a-other.yaml", other), ("b-claims.yaml", &claims), ("c-sources.yaml", EXTRA_SOURCE)]);
    assert_one(&out, "schema/shape", "perid");
}

/// The help of each finding of a check of the base with `file` added.
fn helps_of(tag: &str, file: &str) -> Vec<String> {
    let tmp = temp_dir(tag);
    let ds = tmp.join("dataset");
    copy_dir(&fixtures().join("base"), &ds);
    std::fs::write(ds.join("fixture.yaml"), file).unwrap();
    let report = wbd_check::run(&options(&ds, None));
    let _ = std::fs::remove_dir_all(&tmp);
    report.diagnostics.iter().map(|d| format!("{}: {}", d.code, d.help.clone().unwrap_or_default())).collect()
}

#[test]
fn an_entity_named_by_its_name_suggests_its_id() {
    let file = std::fs::read_to_string(fixtures().join("rules/ref/unknown/fail-entity-name.yaml")).unwrap();
    let helps = helps_of("entity-name", &file);
    assert_eq!(
        helps,
        [
            "ref/unknown: `north-macedonia` is the name of the entity `mk`: name entities by their id, `mk`",
            "ref/unknown: `albania` is the name of the entity `al`: name entities by their id, `al`",
        ],
    );
    // No name matches: an id close by edit distance, with "an entity".
    let helps = helps_of("entity-typo", &file.replace("north-macedonia", "mkk").replace("albania", "zzzzzzzz"));
    assert_eq!(
        helps,
        [
            "ref/unknown: did you mean `mk`? Otherwise add an entity with this id",
            "ref/unknown: add an entity with this id, or name an existing one",
        ],
    );
}

#[test]
fn a_tab_in_indentation_is_pointed_at() {
    let text = "claims:\n  - id: a-1\n    subject: al\n    value: EUR 1\n\tperiod: 2023\n";
    let (out, _) = check_with("tab.yaml", text.as_bytes());
    assert_one(&out, "yaml/syntax", "a tab in the indentation of this line");
    assert!(out.starts_with("dataset/tab.yaml:5:1 "), "{out}");
}

/// A file of records on one line (flow style, minified JSON) is checked,
/// and its findings are shown without a snippet that no terminal could
/// show (miette cannot pad past 65,535 columns; this once exited 101).
#[test]
fn findings_on_a_very_long_line_are_shown_without_a_snippet() {
    let claims: Vec<String> = (0..800)
        .map(|i| {
            format!(
                "{{id: long-{i}, subject: al, metric: military-expenditure, period: 2023, value: EUR {i}.5 million, citations: [{{source: gazette-2024, locator: paragraph 3, quote: \"nope {i}\"}}]}}"
            )
        })
        .collect();
    let text = format!("claims: [{}]\n", claims.join(", "));
    assert!(text.len() > 100_000);
    let tmp = temp_dir("long-line");
    let ds = tmp.join("dataset");
    copy_dir(&fixtures().join("base"), &ds);
    std::fs::write(ds.join("long.yaml"), &text).unwrap();
    let report = wbd_check::run(&options(&ds, None));
    let human = wbd_check::emit::human(&report, false, false);
    let _ = std::fs::remove_dir_all(&tmp);
    // One `citation/quote-missing-value` per claim (the quotes lack the
    // figures), and whatever else the rules say of such claims.
    assert!(report.diagnostics.iter().filter(|d| d.code == "citation/quote-missing-value").count() == 800);
    assert!(human.contains("help: at dataset/long.yaml:1:"), "{}", &human[..human.len().min(2000)]);
    assert!(human.contains("no snippet: the line is"), "{}", &human[..human.len().min(2000)]);
    assert!(human.lines().all(|l| l.len() < 1000), "a line of the report is as long as the file's");
}
