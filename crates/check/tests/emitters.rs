//! One snapshot per output format, on the same small failing dataset:
//! the base dataset plus a claim with an unknown source, a quote without its
//! figure and an acknowledged finding. The snapshots are insta's, in
//! `tests/fixtures/emit/<name>.snap`: `cargo insta review` shows and
//! updates a changed one (or `INSTA_UPDATE=always cargo test -p wbd-check
//! --test emitters`). docs/RULES.md is a generated file, not a snapshot:
//! `rules_doc_is_current` compares it, and `UPDATE_SNAPSHOTS=1` rewrites it.

mod common;

use common::*;

fn report() -> wbd_check::Report {
    let tmp = temp_dir("emit");
    let ds = tmp.join("dataset");
    copy_dir(&fixtures().join("base"), &ds);
    std::fs::write(
        ds.join("fixture.yaml"),
        "claims:\n  - id: fixture-rs-exports-2021\n    subject: rs\n    metric: arms-exports-value\n    period: 2021\n    value: USD 1.4 billion\n    bound: approx\n    citations:\n      - source: gazette-2042\n        locator: paragraph 2\n        quote: \"arms worth some $1.3 billion\"\n      - source: gazette-2024\n        locator: paragraph 2\n        quote: \"arms worth some $1.3 billion\"\n    allow:\n      - rule: ref/unknown\n        reason: the fixture cites a missing source on purpose\n",
    )
    .unwrap();
    let r = wbd_check::run(&options(&ds, Some(&fixtures().join("archive"))));
    let _ = std::fs::remove_dir_all(&tmp);
    r
}

/// Compares an emitter's output with its snapshot `tests/fixtures/emit/<name>.snap`.
fn snapshot(name: &str, got: &str) {
    // insta compares text with trailing whitespace and leading blank lines
    // trimmed and CRLF read as LF; with none of these, and exactly one line
    // feed at the end, the output is byte for byte the snapshot's text.
    assert!(
        got.ends_with('\n') && got.trim_end().len() + 1 == got.len() && !got.starts_with(['\n', '\r']) && !got.contains("\r\n"),
        "{name}: the output must end with one line feed and hold no blank line at the start nor CRLF:\n{got:?}"
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(fixtures().join("emit"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(name, got));
}

#[test]
fn every_format_has_a_stable_rendering() {
    let r = report();
    snapshot("report.json", &wbd_check::emit::json(&r));
    snapshot("report.github", &wbd_check::emit::github(&r));
    snapshot("report.sarif", &wbd_check::emit::sarif(&r));
    snapshot("report.human", &wbd_check::emit::human(&r, false, true));
}

#[test]
fn json_report_shape() {
    let r = report();
    let v: serde_json::Value = serde_json::from_str(&wbd_check::emit::json(&r)).unwrap();
    assert_eq!(v["summary"]["errors"], 1);
    let d = &v["diagnostics"].as_array().unwrap();
    let q = d.iter().find(|d| d["code"] == "citation/quote-missing-value").unwrap();
    assert_eq!((q["file"].as_str().unwrap(), q["line"].as_u64().unwrap(), q["column"].as_u64().unwrap()), ("dataset/fixture.yaml", 6, 12));
    let s = d.iter().find(|d| d["code"] == "ref/unknown").unwrap();
    assert_eq!(s["suppressed"]["reason"], "the fixture cites a missing source on purpose");
}

/// A report on the base dataset plus `fixture.yaml` with `text`.
fn report_with(text: &str) -> wbd_check::Report {
    let tmp = temp_dir("emit-case");
    let ds = tmp.join("dataset");
    copy_dir(&fixtures().join("base"), &ds);
    std::fs::write(ds.join("fixture.yaml"), text).unwrap();
    let r = wbd_check::run(&options(&ds, Some(&fixtures().join("archive"))));
    let _ = std::fs::remove_dir_all(&tmp);
    r
}

/// A claim whose figure is not in its quote, so the message repeats the
/// quote: `quote` is written as it appears in the YAML file.
fn claim_quoting(id: &str, quote: &str) -> String {
    format!(
        "  - id: {id}\n    subject: rs\n    metric: arms-exports-value\n    period: 2021\n    value: USD 1.4 billion\n    bound: approx\n    citations:\n      - source: gazette-2024\n        locator: paragraph 2\n        quote: {quote}\n"
    )
}

/// What a terminal or a CI log would act on: any control character other
/// than the line feeds between lines, or a line (split on CR as well, as
/// some log readers do) that starts a workflow command.
fn hazards(out: &str, commands_expected: bool) -> Vec<String> {
    let mut found = Vec::new();
    for c in out.chars() {
        if (c.is_control() && c != '\n') || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
            found.push(format!("raw {:?}", c));
        }
    }
    for line in out.split(['\n', '\r']) {
        let t = line.trim_start();
        let ours = commands_expected
            && (t.starts_with("::error file=") || t.starts_with("::warning file=") || t.starts_with("::notice title=wbd-check::"));
        if t.starts_with("::") && !ours {
            found.push(format!("forged line {t:?}"));
        }
    }
    found
}

#[test]
fn control_characters_from_records_are_escaped_in_human_and_github() {
    // Colour, an OSC 8 hyperlink, clear screen, a CR that hides the start
    // of the line, a line feed, and a bidi override, as YAML escapes.
    let quote = r#""arms \u001b[31mworth\u001b[0m \e]8;;https://evil.example\e\\click\e]8;;\e\\ \e[2J\r::error::forged\n::warning::forged too \u202Egnp.exe""#;
    let r = report_with(&format!("claims:\n{}", claim_quoting("fixture-ctl", quote)));
    let human = wbd_check::emit::human(&r, false, true);
    let coloured = wbd_check::emit::human(&r, true, true);
    let github = wbd_check::emit::github(&r);
    assert!(human.contains("citation/quote-missing-value"), "{human}");
    assert_eq!(hazards(&human, false), Vec::<String>::new(), "{human}");
    assert_eq!(hazards(&github, true), Vec::<String>::new(), "{github}");
    // The escapes are visible as text, where the quote is shown.
    for shown in [
        r"\u{1b}[31mworth",
        r"\u{1b}]8;;https://evil.example\u{1b}\click",
        r"\u{1b}[2J\r::error::forged\n::warning::forged too \u{202e}gnp.exe",
    ] {
        assert!(human.contains(shown), "human lacks {shown}: {human}");
        assert!(github.contains(shown), "github lacks {shown}: {github}");
    }
    // With colour, the only escape sequences are miette's own SGR codes.
    for seq in coloured.split('\u{1b}').skip(1) {
        assert!(
            seq.starts_with('[') && seq.split_once('m').is_some_and(|(p, _)| p[1..].chars().all(|c| c.is_ascii_digit() || c == ';')),
            "{seq:?}"
        );
    }
    assert!(!coloured.contains("\u{1b}]") && !coloured.contains("\u{1b}[2J") && !coloured.contains('\r'));
}

#[test]
fn raw_control_bytes_in_a_file_are_escaped_in_the_snippet() {
    // The same bytes written raw into the file (YAML forbids them; whatever
    // the parser makes of them, the snippet must not replay them).
    let quote = "\"arms \u{1b}[31mworth\u{1b}[2J\r::error::forged\"";
    let r = report_with(&format!("claims:\n{}", claim_quoting("fixture-raw", quote)));
    assert!(!r.diagnostics.is_empty());
    let human = wbd_check::emit::human(&r, false, true);
    assert_eq!(hazards(&human, false), Vec::<String>::new(), "{human}");
    assert_eq!(hazards(&wbd_check::emit::github(&r), true), Vec::<String>::new());
}

/// (line, column) of the first `citation/quote-missing-value` in each
/// format.
fn columns(r: &wbd_check::Report) -> Vec<(&'static str, u64, u64)> {
    let code = "citation/quote-missing-value";
    let mut out = Vec::new();
    let human = wbd_check::emit::human(r, false, false);
    let header = human.split(code).nth(1).and_then(|s| s.split("╭─[").nth(1)).and_then(|s| s.split(']').next()).unwrap();
    let mut parts = header.rsplitn(3, ':');
    let (c, l) = (parts.next().unwrap().parse().unwrap(), parts.next().unwrap().parse().unwrap());
    out.push(("human", l, c));
    let json: serde_json::Value = serde_json::from_str(&wbd_check::emit::json(r)).unwrap();
    let d = json["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == code).unwrap();
    out.push(("json", d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()));
    let gh = wbd_check::emit::github(r);
    let line = gh.lines().find(|l| l.contains(&format!("title={}", code.replace(':', "%3A")))).unwrap();
    let prop = |k: &str| line.split(&format!(",{k}=")).nth(1).unwrap().split(',').next().unwrap().parse::<u64>().unwrap();
    out.push(("github", prop("line"), prop("col")));
    let sarif: serde_json::Value = serde_json::from_str(&wbd_check::emit::sarif(r)).unwrap();
    let res = sarif["runs"][0]["results"].as_array().unwrap().iter().find(|d| d["ruleId"] == code).unwrap();
    let region = &res["locations"][0]["physicalLocation"]["region"];
    out.push(("sarif", region["startLine"].as_u64().unwrap(), region["startColumn"].as_u64().unwrap()));
    out
}

#[test]
fn every_format_counts_columns_in_characters() {
    // One flow-style claim on one line: `š` (2 bytes) and `€` (3 bytes)
    // come before the value the finding points at.
    let line = r#"  - {id: fixture-cols, note: "šš €€", subject: rs, metric: arms-exports-value, period: 2021, value: USD 1.4 billion, bound: approx, citations: [{source: gazette-2024, locator: paragraph 2, quote: "arms worth some $1.3 billion"}]}"#;
    let r = report_with(&format!("claims:\n{line}\n"));
    let byte = line.find("USD 1.4").unwrap();
    let chars = line[..byte].chars().count() as u64 + 1;
    assert_ne!(chars, byte as u64 + 1);
    for (format, l, c) in columns(&r) {
        assert_eq!((l, c), (2, chars), "{format} gives {l}:{c}, want 2:{chars} (characters)");
    }
}

#[test]
fn long_ids_are_never_wrapped() {
    let id = "fixture-a-very-long-identifier-with-many-hyphens-that-would-not-fit-on-one-line-of-a-hundred-columns-2021";
    let r = report_with(&format!(
        "claims:\n{}",
        claim_quoting(id, "\"some words without the figure, long enough to reach the end of a wrapped line\"")
    ));
    let human = wbd_check::emit::human(&r, false, true);
    let unknown = "gazette-the-long-name-of-a-source-that-does-not-exist-anywhere-in-this-dataset-at-all";
    let r2 =
        report_with(&format!("claims:\n{}", claim_quoting(id, "\"x\"").replace("source: gazette-2024", &format!("source: {unknown}"))));
    let human2 = wbd_check::emit::human(&r2, false, true);
    for (out, word) in [(&human, id), (&human2, unknown)] {
        assert!(out.lines().any(|l| l.contains(word)), "`{word}` is split across lines:\n{out}");
        assert!(out.lines().all(|l| !l.trim_end().ends_with('-')), "a line ends in a hyphen:\n{out}");
    }
}

/// `n` claims that each cite a source that does not exist (one error each).
fn dangling(n: usize) -> String {
    let mut s = String::from("claims:\n");
    for i in 0..n {
        s.push_str(
            &claim_quoting(&format!("fixture-d-{i}"), "\"arms worth some $1.4 billion\"")
                .replace("source: gazette-2024", &format!("source: nope-{i}")),
        );
    }
    s
}

#[test]
fn github_ends_with_a_notice_summary() {
    let r = report();
    let gh = wbd_check::emit::github(&r);
    assert_eq!(
        gh.lines().last().unwrap(),
        "::notice title=wbd-check::check failed: 1 error, 0 warnings, 1 acknowledged; 19 records in 7 files"
    );
    let r = report_with(&dangling(3));
    let last = wbd_check::emit::github(&r).lines().last().unwrap().to_string();
    assert!(last.starts_with("::notice title=wbd-check::check failed: 3 errors,") && !last.contains("not shown"), "{last}");
}

#[test]
fn github_says_how_many_findings_it_cannot_annotate() {
    let r = report_with(&dangling(14));
    let (e, w) = (r.count(wbd_check::Severity::Error), r.count(wbd_check::Severity::Warning));
    assert!(e >= 14, "{e}");
    let gh = wbd_check::emit::github(&r);
    assert_eq!(gh.lines().filter(|l| l.starts_with("::error ")).count(), e, "every finding is still written");
    let last = gh.lines().last().unwrap();
    let hidden = match w.saturating_sub(10) {
        0 => format!("{} errors not shown as annotations", e - 10),
        hw => format!("{} errors and {hw} warning{} not shown as annotations", e - 10, if hw == 1 { "" } else { "s" }),
    };
    assert!(last.starts_with("::notice title=wbd-check::check failed:"), "{last}");
    assert!(last.contains(&format!("GitHub annotates only the first 10 errors and 10 warnings of a step: {hidden}")), "{last}");
    assert!(last.contains(&format!("All {} findings are in this step's log", e + w)), "{last}");
}

fn sarif_of(r: &wbd_check::Report) -> serde_json::Value {
    serde_json::from_str(&wbd_check::emit::sarif(r)).unwrap()
}

#[test]
fn sarif_fingerprints_do_not_move_with_lines() {
    let claim = claim_quoting("fixture-fp", "\"arms worth some $1.3 billion\"");
    let other = claim_quoting("fixture-fp-other", "\"arms worth some $1.4 billion\"");
    let a = sarif_of(&report_with(&format!("claims:\n{claim}")));
    let b = sarif_of(&report_with(&format!("# a comment\n\nclaims:\n{other}{claim}")));
    let find = |v: &serde_json::Value| {
        let res =
            v["runs"][0]["results"].as_array().unwrap().iter().find(|r| r["ruleId"] == "citation/quote-missing-value").unwrap().clone();
        (
            res["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap(),
            res["partialFingerprints"]["wbdFinding/v1"].as_str().unwrap().to_string(),
        )
    };
    let ((la, fa), (lb, fb)) = (find(&a), find(&b));
    assert_ne!(la, lb, "the finding moved");
    assert_eq!(fa, fb, "and kept its fingerprint");
    assert!(fa.ends_with(":1") && fa.len() == 34, "{fa}");
    // Different findings have different fingerprints.
    let all: Vec<&str> =
        b["runs"][0]["results"].as_array().unwrap().iter().map(|r| r["partialFingerprints"]["wbdFinding/v1"].as_str().unwrap()).collect();
    let unique: std::collections::HashSet<_> = all.iter().collect();
    assert_eq!(unique.len(), all.len(), "{all:?}");
}

#[test]
fn sarif_rules_have_help_and_a_help_uri() {
    let v = sarif_of(&report());
    let doc = std::fs::read_to_string(repo().join("docs/RULES.md")).unwrap_or_default();
    for rule in v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap() {
        let code = rule["id"].as_str().unwrap();
        let info = wbd_check::rules::find(code).unwrap().info();
        assert_eq!(rule["help"]["markdown"], info.docs);
        let uri = rule["helpUri"].as_str().unwrap();
        let (file, anchor) = uri.split_once('#').unwrap();
        assert_eq!(file, "docs/RULES.md");
        assert!(doc.contains(&format!("\n## {code}\n")), "no section for {code}");
        assert!(doc.contains(&format!("(#{anchor})")), "no link to #{anchor}");
    }
}

#[test]
fn rules_doc_is_current() {
    let want = wbd_check::emit::rules_markdown();
    let path = repo().join("docs/RULES.md");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &want).unwrap();
        return;
    }
    assert!(
        std::fs::read_to_string(&path).unwrap_or_default() == want,
        "docs/RULES.md is stale: UPDATE_SNAPSHOTS=1 cargo test -p wbd-check --test emitters"
    );
}

/// The base with `fixture.yaml` now, and at `HEAD~2` the base with the
/// history/removed fixture's earlier file plus `gone.yaml`, a file deleted
/// since.
fn report_since() -> wbd_check::Report {
    let tmp = temp_dir("emit-since");
    let dir = fixtures().join("rules/history/removed");
    let ds = tmp.join("dataset");
    copy_dir(&fixtures().join("base"), &ds);
    std::fs::copy(dir.join("fail.yaml"), ds.join("fixture.yaml")).unwrap();
    let old = tmp.join("before").join("dataset");
    copy_dir(&fixtures().join("base"), &old);
    std::fs::copy(dir.join("before.yaml"), old.join("fixture.yaml")).unwrap();
    let gone = std::fs::read_to_string(dir.join("before.yaml")).unwrap().replace("fixture-al-", "fixture-gone-al-");
    std::fs::write(old.join("gone.yaml"), gone).unwrap();
    let mut opts = options(&ds, Some(&fixtures().join("archive")));
    opts.since = Some((old, "HEAD~2".to_string()));
    let r = wbd_check::run(&opts);
    let _ = std::fs::remove_dir_all(&tmp);
    r
}

#[test]
fn removed_records_point_at_files_that_exist() {
    let r = report_since();
    let sarif = sarif_of(&r);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let removed: Vec<_> = results.iter().filter(|r| r["ruleId"] == "history/removed").collect();
    let summary: Vec<(String, String, u64)> = removed
        .iter()
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"];
            (
                r["message"]["text"].as_str().unwrap().lines().next().unwrap().to_string(),
                loc["artifactLocation"]["uri"].as_str().unwrap().to_string(),
                loc["region"]["startLine"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "the claim `fixture-gone-al-fuel-2023` was removed since HEAD~2; its file `dataset/gone.yaml` is gone too".to_string(),
                "dataset/dataset.yaml".to_string(),
                1
            ),
            (
                "the claim `fixture-gone-al-training-2023` was removed since HEAD~2; its file `dataset/gone.yaml` is gone too".to_string(),
                "dataset/dataset.yaml".to_string(),
                1
            ),
            (
                "the claim `fixture-al-fuel-2023` was removed since HEAD~2; it stood after `fixture-al-training-2023`".to_string(),
                "dataset/fixture.yaml".to_string(),
                2
            ),
        ]
    );
    // The earlier place is in the related location's message and
    // properties, never as a file a dashboard would try to open.
    let rel = &removed[2]["relatedLocations"][0];
    assert!(rel.get("physicalLocation").is_none(), "{rel}");
    assert_eq!(
        rel["properties"],
        serde_json::json!({"revision": "HEAD~2", "uri": "dataset/fixture.yaml", "startLine": 11, "startColumn": 9})
    );
    assert_eq!(rel["message"]["text"], "`fixture-al-fuel-2023` was here: dataset/fixture.yaml:11:9 at HEAD~2");
    let text = serde_json::to_string(&sarif).unwrap();
    assert!(!text.contains("(at HEAD~2)"), "a SARIF uri names an earlier state");
    // GitHub annotations name files that exist.
    let gh = wbd_check::emit::github(&r);
    for line in gh.lines().filter(|l| !l.starts_with("::notice")) {
        let file = line.split("file=").nth(1).unwrap().split(',').next().unwrap();
        assert!(["dataset/fixture.yaml", "dataset/dataset.yaml"].contains(&file), "{line}");
    }
    assert!(gh.contains("note: dataset/fixture.yaml (at HEAD~2):11:9: `fixture-al-fuel-2023` was here"), "{gh}");
    // JSON: the file is a path; the revision is its own field.
    let json: serde_json::Value = serde_json::from_str(&wbd_check::emit::json(&r)).unwrap();
    let d = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "history/removed" && d["record"] == "fixture-al-fuel-2023")
        .unwrap();
    assert_eq!(d["file"], "dataset/fixture.yaml");
    assert_eq!(
        d["related"][0],
        serde_json::json!({"file": "dataset/fixture.yaml", "revision": "HEAD~2", "line": 11, "column": 9, "message": "`fixture-al-fuel-2023` was here"})
    );
}

#[test]
fn removed_records_render_in_the_file_as_it_is_now() {
    let r = report_since();
    snapshot("since.human", &wbd_check::emit::human(&r, false, true));
    snapshot("since.github", &wbd_check::emit::github(&r));
}

#[test]
fn json_and_sarif_escape_what_serde_json_leaves_raw() {
    // The 8-bit CSI, DEL, a bidi override and a line separator pass
    // serde_json unescaped; a terminal showing the report would act on the
    // first ones.
    let r = report_with(&format!("claims:\n{}", claim_quoting("fixture-c1", r#""arms \u009b31m \x7f \u202e \u2028 worth""#)));
    for (format, out) in [("json", wbd_check::emit::json(&r)), ("sarif", wbd_check::emit::sarif(&r))] {
        assert_eq!(hazards(&out, false), Vec::<String>::new(), "{format}");
        assert!(out.contains(r"arms \u009b31m \u007f \u202e \u2028 worth"), "{format}: {out}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert!(v.to_string().contains("arms \u{9b}31m \u{7f} \u{202e} \u{2028} worth"), "{format} reads back the same text");
    }
}
