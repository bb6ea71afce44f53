//! Publishing the clean base fixture: golden files, determinism, refusal
//! on errors, the published schema accepting the published data, and the
//! CSVs round-tripping to the records.

use std::collections::BTreeMap;
use std::path::Path;

use wbd_check::{Options, Report};
use wbd_schema::FileKind;
use wbd_testkit::{copy_dir, fixtures, read_tree, repo, temp_dir};

fn check(dataset: &Path) -> Report {
    wbd_check::run(&Options {
        dataset: dataset.to_path_buf(),
        root: repo(),
        schema_dir: Some(repo().join("schema")),
        archive: vec![fixtures().join("archive")],
        ..Options::default()
    })
}

/// The committed record schemas (kept equal to the types by
/// `cargo xtask schema --check`), as `cargo xtask publish` passes them.
fn record_schemas() -> Vec<(String, String)> {
    FileKind::ALL
        .into_iter()
        .map(|k| (k.schema_file(), std::fs::read_to_string(repo().join("schema").join(k.schema_file())).unwrap()))
        .collect()
}

fn publish_base(out: &Path) -> wbd_publish::Output {
    let report = check(&fixtures().join("base"));
    wbd_publish::publish(&report, &record_schemas(), out).unwrap()
}

#[test]
fn the_base_fixture_publishes_the_golden_files() {
    let tmp = temp_dir("golden");
    let out = tmp.join("dist");
    publish_base(&out);
    let got = read_tree(&out);
    let golden = fixtures().join("publish-golden");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        let _ = std::fs::remove_dir_all(&golden);
        copy_dir(&out, &golden);
    }
    let want = read_tree(&golden);
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&got), names(&want), "the published files differ from {} (UPDATE_SNAPSHOTS=1 rewrites them)", golden.display());
    for (path, bytes) in &got {
        assert!(
            bytes == &want[path],
            "{path} differs from the golden file (UPDATE_SNAPSHOTS=1 rewrites it):\n{}",
            String::from_utf8_lossy(bytes)
        );
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn publishing_twice_gives_identical_bytes_and_every_file_is_in_the_manifest() {
    let tmp = temp_dir("twice");
    let (a, b) = (tmp.join("a"), tmp.join("b"));
    publish_base(&a);
    publish_base(&b);
    let (ta, tb) = (read_tree(&a), read_tree(&b));
    assert_eq!(ta, tb);
    // Publishing again over a previous output replaces it in place and
    // leaves no temporary directory behind.
    publish_base(&a);
    assert_eq!(read_tree(&a), tb);
    let mut siblings: Vec<String> =
        std::fs::read_dir(&tmp).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    siblings.sort();
    assert_eq!(siblings, ["a", "b"]);

    for (path, bytes) in &ta {
        assert!(bytes.ends_with(b"\n"), "{path} has no trailing newline");
        assert!(!bytes.contains(&b'\r'), "{path} has a CR");
    }
    let manifest: serde_json::Value = serde_json::from_slice(&ta["manifest.json"]).unwrap();
    let listed: Vec<&str> = manifest["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    let mut expected: Vec<&str> = ta.keys().map(String::as_str).filter(|p| *p != "manifest.json").collect();
    expected.sort();
    assert_eq!(listed, expected);
    for f in manifest["files"].as_array().unwrap() {
        let bytes = &ta[f["path"].as_str().unwrap()];
        assert_eq!(f["bytes"].as_u64().unwrap() as usize, bytes.len());
    }
    assert_eq!(manifest["counts"]["claims"], 3);
    assert_eq!(manifest["schema_version"], wbd_schema::SCHEMA_VERSION);
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn a_dataset_with_an_error_publishes_nothing_and_keeps_the_previous_output() {
    let tmp = temp_dir("refuse");
    let out = tmp.join("dist");
    publish_base(&out);
    let before = read_tree(&out);

    let ds = tmp.join("dataset");
    copy_dir(&fixtures().join("base"), &ds);
    std::fs::write(
        ds.join("broken.yaml"),
        "claims:\n  - id: broken\n    subject: nowhere\n    metric: military-expenditure\n    period: 2023\n    value: EUR 1 billion\n    citations:\n      - source: gazette-2024\n        locator: paragraph 3\n        quote: \"EUR 1 billion\"\n",
    )
    .unwrap();
    let report = check(&ds);
    assert!(report.count(wbd_check::Severity::Error) > 0);
    let err = wbd_publish::publish(&report, &record_schemas(), &out).unwrap_err();
    assert!(matches!(err, wbd_publish::Error::Refused { .. }), "{err}");
    assert_eq!(read_tree(&out), before);
    // Nothing written beside it either.
    let fresh = tmp.join("never");
    assert!(wbd_publish::publish(&report, &record_schemas(), &fresh).is_err());
    assert!(!fresh.exists());
    let mut siblings: Vec<String> =
        std::fs::read_dir(&tmp).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    siblings.sort();
    assert_eq!(siblings, ["dataset", "dist"]);
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn it_refuses_to_replace_a_directory_that_is_not_a_previous_output() {
    let tmp = temp_dir("foreign");
    let out = tmp.join("precious");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "keep me\n").unwrap();
    let report = check(&fixtures().join("base"));
    assert!(wbd_publish::publish(&report, &record_schemas(), &out).is_err());
    assert_eq!(std::fs::read_to_string(out.join("notes.txt")).unwrap(), "keep me\n");
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn the_published_schemas_are_the_committed_ones_and_name_each_other() {
    let output = wbd_publish::build(&check(&fixtures().join("base")), &record_schemas()).unwrap();
    let schema: serde_json::Value = serde_json::from_slice(&output.files["schema/dataset-json.schema.json"]).unwrap();
    let data: serde_json::Value = serde_json::from_slice(&output.files["dataset.json"]).unwrap();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(data["$schema"], schema["$id"]);
    // The record schemas are published as they are committed.
    for (name, text) in record_schemas() {
        assert_eq!(output.files[&format!("schema/{name}")], text.into_bytes());
    }
}

/// With a validator in-process (`--features json-schema`, which CI runs;
/// CI also validates the real published output with ajv, Python
/// jsonschema and check-jsonschema).
#[test]
#[cfg_attr(not(feature = "json-schema"), ignore = "needs --features json-schema (CI runs it)")]
fn dataset_json_validates_against_the_published_schema() {
    #[cfg(feature = "json-schema")]
    {
        let output = wbd_publish::build(&check(&fixtures().join("base")), &record_schemas()).unwrap();
        let schema: serde_json::Value = serde_json::from_slice(&output.files["schema/dataset-json.schema.json"]).unwrap();
        let data: serde_json::Value = serde_json::from_slice(&output.files["dataset.json"]).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let errors: Vec<String> = validator.iter_errors(&data).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        // And it is strict: a float amount is rejected.
        let mut bad = data.clone();
        bad["claims"][0]["value"]["amount"] = serde_json::json!(1.3e9);
        assert!(!validator.is_valid(&bad));
    }
}

#[test]
fn claims_values_are_normalised() {
    let output = wbd_publish::build(&check(&fixtures().join("base")), &record_schemas()).unwrap();
    let data: serde_json::Value = serde_json::from_slice(&output.files["dataset.json"]).unwrap();
    let claims = data["claims"].as_array().unwrap();
    let ids: Vec<&str> = claims.iter().map(|c| c["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    let rs = claims.iter().find(|c| c["id"] == "gazette-rs-exports-2021").unwrap();
    let v = &rs["value"];
    assert_eq!(v["written"], "USD 1.3 billion");
    assert_eq!(v["currency"], "USD");
    assert_eq!(v["amount"], "1300000000");
    // 1.25 to 1.35 billion, widened by the metric's 10 % approx tolerance.
    assert_eq!(v["interval"]["lo"], "1125000000");
    assert_eq!(v["interval"]["hi"], "1485000000");
    // The fixture's rates include a few days of 2021.
    assert!(v["eur"]["days"].as_u64().unwrap() > 0);
    assert!(v["eur"]["rate"].as_str().unwrap().starts_with("1."));
    let al = claims.iter().find(|c| c["id"] == "gazette-al-budget-2024").unwrap();
    assert_eq!(al["value"]["eur"]["amount"], "540000000");
    assert_eq!(al["value"]["eur"]["rate"], "1");
    assert_eq!(al["disputed"], false);
}

#[test]
fn acknowledged_conflicts_and_disputed_claims_are_marked() {
    let tmp = temp_dir("disputed");
    let ds = tmp.join("dataset");
    copy_dir(&fixtures().join("base"), &ds);
    // A contradiction the checker finds and the maintainers acknowledge,
    // and a claim marked disputed by its status alone.
    std::fs::write(
        ds.join("disputed.yaml"),
        "claims:\n  - id: almanac-al-budget-2023\n    subject: al\n    metric: military-expenditure\n    period: 2023\n    value: EUR 0.7 billion\n    citations:\n      - source: almanac-2025\n        locator: paragraph 2\n        quote: \"Albania's military expenditure in 2023 was €0.7 billion\"\n    conflicts_with:\n      - claim: gazette-al-budget-2023\n        note: the parliament's count includes military pensions\n",
    )
    .unwrap();
    let claims = std::fs::read_to_string(ds.join("claims.yaml")).unwrap();
    let claims = claims.replacen("    value: USD 1.3 billion\n", "    value: USD 1.3 billion\n    status: disputed\n", 1);
    std::fs::write(ds.join("claims.yaml"), claims).unwrap();
    let report = check(&ds);
    let acknowledged = report
        .diagnostics
        .iter()
        .any(|d| d.code.starts_with("contradiction/") && d.suppressed.as_ref().is_some_and(|s| s.by == "conflicts_with"));
    let output = wbd_publish::build(&report, &record_schemas()).unwrap_or_else(|e| panic!("{e}"));
    let data: wbd_publish::PublishedDataset = serde_json::from_slice(&output.files["dataset.json"]).unwrap();
    let get = |id: &str| data.claims.iter().find(|c| c.id.as_str() == id).unwrap();
    let (almanac, gazette) = (get("almanac-al-budget-2023"), get("gazette-al-budget-2023"));
    assert!(almanac.disputed && gazette.disputed);
    let named = gazette.disputes.iter().find(|d| d.claim.is_some()).unwrap();
    assert_eq!(named.claim.as_ref().unwrap().as_str(), "almanac-al-budget-2023");
    assert_eq!(named.note.as_deref(), Some("the parliament's count includes military pensions"));
    assert!(acknowledged, "the checker no longer finds the contradiction");
    {
        // Both sides carry the checker's acknowledged finding.
        for c in [almanac, gazette] {
            assert!(
                c.disputes.iter().any(|d| d.rule.as_deref().is_some_and(|r| r.starts_with("contradiction/")) && d.finding.is_some()),
                "{:?}",
                c.disputes
            );
        }
    }
    assert!(get("gazette-rs-exports-2021").disputed);
    assert!(!get("gazette-al-budget-2024").disputed);
    let csv = String::from_utf8(output.files["claims.csv"].clone()).unwrap();
    let rows = parse_csv(&csv);
    let col = rows[0].iter().position(|h| h == "disputed").unwrap();
    let disputed: Vec<&str> = rows[1..].iter().filter(|r| r[col] == "true").map(|r| r[0].as_str()).collect();
    assert_eq!(disputed, ["almanac-al-budget-2023", "gazette-al-budget-2023", "gazette-rs-exports-2021"]);
    let _ = std::fs::remove_dir_all(&tmp);
}

/// A small RFC 4180 parser: quoted fields may hold commas, quotes
/// (doubled) and newlines.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
        } else {
            match c {
                '"' => quoted = true,
                ',' => row.push(std::mem::take(&mut field)),
                '\n' => {
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                c => field.push(c),
            }
        }
    }
    assert!(field.is_empty() && row.is_empty(), "the CSV does not end with a newline");
    rows
}

/// The CSV as maps of column name to value, checked against the columns
/// the data package declares for it.
fn table(output: &wbd_publish::Output, name: &str) -> Vec<BTreeMap<String, String>> {
    let path = format!("{name}.csv");
    let text = String::from_utf8(output.files[&path].clone()).unwrap();
    let rows = parse_csv(&text);
    let package: serde_json::Value = serde_json::from_slice(&output.files["datapackage.json"]).unwrap();
    let res = package["resources"].as_array().unwrap().iter().find(|r| r["path"] == path.as_str()).unwrap();
    let declared: Vec<&str> = res["schema"]["fields"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(rows[0], declared, "{path}: header and schema disagree");
    assert_eq!(res["bytes"].as_u64().unwrap() as usize, text.len());
    rows[1..]
        .iter()
        .map(|r| {
            assert_eq!(r.len(), rows[0].len(), "{path}: ragged row {r:?}");
            rows[0].iter().cloned().zip(r.iter().cloned()).collect()
        })
        .collect()
}

#[test]
fn csvs_round_trip_to_the_records() {
    // Add awkward text (commas, quotes, a newline) to see the quoting work.
    let tmp = temp_dir("csv");
    let ds = tmp.join("dataset");
    copy_dir(&fixtures().join("base"), &ds);
    std::fs::write(
        ds.join("quoting.yaml"),
        "claims:\n  - id: csv-quoting\n    subject: al\n    metric: military-expenditure\n    period: 2023\n    value: EUR 0.5 billion\n    citations:\n      - source: gazette-2024\n        locator: \"paragraph 3, sentence 1\"\n        quote: \"after €0.5 billion in 2023\"\n    note: \"a note, with \\\"quotes\\\"\\nand a second line\"\n",
    )
    .unwrap();
    let report = check(&ds);
    let found: Vec<String> = report.diagnostics.iter().map(|d| format!("{}: {}", d.code, d.message)).collect();
    assert_eq!(report.count(wbd_check::Severity::Error), 0, "{found:#?}");
    let output = wbd_publish::build(&report, &record_schemas()).unwrap();
    let ds = &report.dataset;

    let claims = table(&output, "claims");
    let mut want: Vec<_> = ds.claims.iter().map(|c| &c.rec).collect();
    want.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(claims.len(), want.len());
    for (row, c) in claims.iter().zip(&want) {
        assert_eq!(row["id"], c.id.as_str());
        assert_eq!(row["subject"], c.subject.as_str());
        assert_eq!(row["metric"], c.metric.as_str());
        assert_eq!(row["period"].parse::<wbd_schema::Period>().unwrap(), c.period);
        assert_eq!(row["value"].parse::<wbd_schema::Value>().unwrap(), c.value);
        assert_eq!(row["note"], c.note.clone().unwrap_or_default());
        assert_eq!(row["equivalent_value"], c.equivalent.as_ref().map(|e| e.value.to_string()).unwrap_or_default());
        assert_eq!(row["change_by"], c.change.as_ref().map(|k| k.by.to_string()).unwrap_or_default());
    }
    assert!(claims.iter().any(|r| r["note"] == "a note, with \"quotes\"\nand a second line"));

    let citations = table(&output, "citations");
    let want: Vec<(String, String, String, String, String)> = want
        .iter()
        .flat_map(|c| {
            c.citations
                .iter()
                .enumerate()
                .map(|(i, k)| (c.id.to_string(), (i + 1).to_string(), k.source.to_string(), k.locator.clone(), k.quote.clone()))
        })
        .collect();
    let got: Vec<_> = citations
        .iter()
        .map(|r| (r["claim_id"].clone(), r["position"].clone(), r["source"].clone(), r["locator"].clone(), r["quote"].clone()))
        .collect();
    assert_eq!(got, want);

    let sources = table(&output, "sources");
    let mut want: Vec<_> = ds.sources.iter().map(|s| &s.rec).collect();
    want.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(sources.len(), want.len());
    for (row, s) in sources.iter().zip(&want) {
        assert_eq!(row["id"], s.id.as_str());
        assert_eq!(row["kind"], serde_json::to_value(s.kind).unwrap().as_str().unwrap());
        assert_eq!(row["title"], s.title.clone().unwrap_or_default());
        assert_eq!(row["authors"], s.authors.join(";"));
        assert_eq!(row["url"], s.url.clone().unwrap_or_default());
        assert_eq!(row["archive_sha256"], s.archive.as_ref().map(|a| a.sha256.clone()).unwrap_or_default());
        let published = match &s.published {
            Some(wbd_schema::Published::Date(p)) => p.to_string(),
            _ => String::new(),
        };
        assert_eq!(row["published"], published);
    }

    let entities = table(&output, "entities");
    let mut want: Vec<_> = ds.entities.iter().map(|e| &e.rec).collect();
    want.sort_by(|a, b| a.id.cmp(&b.id));
    for (row, e) in entities.iter().zip(&want) {
        assert_eq!(row["id"], e.id.as_str());
        assert_eq!(row["name"], e.name);
        let members: Vec<String> = e.members.iter().flatten().map(|m| m.to_string()).collect();
        assert_eq!(row["members"], members.join(";"));
    }

    let metrics = table(&output, "metrics");
    let mut want: Vec<_> = ds.metrics.iter().map(|m| &m.rec).collect();
    want.sort_by(|a, b| a.id.cmp(&b.id));
    for (row, m) in metrics.iter().zip(&want) {
        assert_eq!(row["id"], m.id.as_str());
        assert_eq!(row["single_valued"], m.single_valued.to_string());
        assert_eq!(row["approx_percent"], m.approx.map(|p| p.0.to_string()).unwrap_or_default());
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn column_types_follow_the_values() {
    let output = wbd_publish::build(&check(&fixtures().join("base")), &record_schemas()).unwrap();
    let package: serde_json::Value = serde_json::from_slice(&output.files["datapackage.json"]).unwrap();
    assert_eq!(package["$schema"], wbd_publish::DATAPACKAGE_PROFILE);
    let claims = package["resources"].as_array().unwrap().iter().find(|r| r["name"] == "claims").unwrap();
    let ty = |name: &str| {
        claims["schema"]["fields"].as_array().unwrap().iter().find(|f| f["name"] == name).unwrap()["type"].as_str().unwrap().to_string()
    };
    assert_eq!(ty("period"), "string");
    assert_eq!(ty("period_start"), "date");
    assert_eq!(ty("amount"), "number");
    assert_eq!(ty("disputed"), "boolean");
    assert_eq!(ty("eur_days"), "integer");
    let hash = claims["hash"].as_str().unwrap();
    assert!(hash.starts_with("sha256:") && hash.len() == 7 + 64);
}

/// No column's documentation can drift from its row field: the header the
/// row types serialize (their field names) is the descriptor's column list,
/// for every table, and every table has rows in the base fixture.
#[test]
fn header_is_the_descriptor() {
    let data = wbd_publish::json::build(&check(&fixtures().join("base"))).unwrap();
    for t in wbd_publish::tables::tables(&data) {
        assert!(!t.rows.is_empty(), "{} has no row in the base fixture", t.name);
        let names: Vec<&str> = t.columns.iter().map(|c| c.name).collect();
        assert_eq!(t.row_header, names, "{}: the row type's fields differ from the columns it publishes", t.name);
        assert!(t.rows.iter().all(|r| r.len() == names.len()), "{}: a row has another number of fields", t.name);
    }
}
