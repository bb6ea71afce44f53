//! The site of the real dataset, built in memory: every link and asset
//! resolves (a plain link checker over the generated files), every record
//! has a page reachable from home within three clicks, charts plot one mark
//! per claim the published data gives a figure for, and the output is
//! byte-deterministic.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use wbd_check::Options;
use wbd_publish::json::PublishedDataset;
use wbd_testkit::repo;

fn site() -> (wbd_site::Files, PublishedDataset) {
    let report = wbd_check::run(&Options {
        dataset: repo().join("dataset"),
        root: repo(),
        schema_dir: Some(repo().join("schema")),
        ..Options::default()
    });
    assert_eq!(report.count(wbd_check::Severity::Error), 0, "the real dataset must be clean");
    let data = wbd_publish::json::build(&report).expect("dataset.yaml");
    let prov = wbd_site::Provenance { revision: Some("abc".into()), downloads: vec![("data/dataset.json".into(), 1)] };
    let mut files = wbd_site::build(&report, &data, &prov).expect("renders");
    files.insert("data/dataset.json".into(), b"{}".to_vec());
    (files, data)
}

/// Every `href="..."`/`src="..."` of an HTML file.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            out.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    out
}

/// Resolves a relative link from `page` (site-relative), dropping the
/// fragment and query; `None` for external addresses.
fn resolve(page: &str, link: &str) -> Option<String> {
    if link.contains("://") || link.starts_with("mailto:") {
        return None;
    }
    let link = link.split(['#', '?']).next().unwrap_or("");
    if link.is_empty() {
        return Some(page.to_string());
    }
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in link.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." => {}
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[test]
fn every_internal_link_and_asset_resolves() {
    let (files, _) = site();
    let mut broken = Vec::new();
    let mut checked = 0;
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = std::str::from_utf8(bytes).expect("utf-8");
        for l in links(html) {
            if let Some(target) = resolve(path, &l) {
                checked += 1;
                if !files.contains_key(&target) {
                    broken.push(format!("{path}: {l}"));
                }
            }
        }
    }
    assert!(checked > 5000, "only {checked} links checked");
    assert!(broken.is_empty(), "{} broken links, first: {:?}", broken.len(), &broken[..broken.len().min(10)]);
}

#[test]
fn every_record_has_a_page_within_three_clicks_of_home() {
    let (files, data) = site();
    let mut depth: BTreeMap<String, usize> = BTreeMap::new();
    let mut queue = VecDeque::from([("index.html".to_string(), 0usize)]);
    depth.insert("index.html".into(), 0);
    while let Some((page, d)) = queue.pop_front() {
        if d == 3 {
            continue;
        }
        let Some(bytes) = files.get(&page) else { continue };
        for l in links(std::str::from_utf8(bytes).unwrap_or("")) {
            if let Some(t) = resolve(&page, &l) {
                if t.ends_with(".html") && files.contains_key(&t) && !depth.contains_key(&t) {
                    depth.insert(t.clone(), d + 1);
                    queue.push_back((t, d + 1));
                }
            }
        }
    }
    let mut want: BTreeSet<String> = BTreeSet::new();
    want.extend(data.claims.iter().map(|c| format!("claims/{}.html", c.id.as_str())));
    want.extend(data.entities.iter().map(|c| format!("entities/{}.html", c.id.as_str())));
    want.extend(data.metrics.iter().map(|c| format!("metrics/{}.html", c.id.as_str())));
    want.extend(data.sources.iter().map(|c| format!("sources/{}.html", c.id.as_str())));
    assert_eq!(want.len(), data.claims.len() + data.entities.len() + data.metrics.len() + data.sources.len());
    let missing: Vec<&String> = want.iter().filter(|p| !depth.contains_key(*p)).collect();
    assert!(missing.is_empty(), "{} pages not reachable within three clicks: {:?}", missing.len(), &missing[..missing.len().min(10)]);
}

fn marks(svg_page: &str, chart: &str) -> Vec<(String, String)> {
    let start = svg_page.find(&format!("id=\"{chart}\"")).unwrap_or_else(|| panic!("no chart {chart}"));
    let end = start + svg_page[start..].find("</svg>").expect("closed");
    let svg = &svg_page[start..end];
    svg.split("<a class=\"mark ")
        .skip(1)
        .map(|m| {
            let cls = m[..m.find('"').unwrap_or(0)].to_string();
            let claim = m.split("data-claim=\"").nth(1).map(|s| s[..s.find('"').unwrap_or(0)].to_string()).unwrap_or_default();
            (claim, cls)
        })
        .collect()
}

#[test]
fn home_charts_plot_one_mark_per_claim_with_a_figure() {
    let (files, data) = site();
    let home = std::str::from_utf8(&files["index.html"]).unwrap();
    // Expenditure: every claim of the metric with an exact EUR figure.
    let want: BTreeSet<String> = data
        .claims
        .iter()
        .filter(|c| c.metric.as_str() == "military-expenditure" && c.value.eur.as_ref().and_then(|e| e.amount.as_ref()).is_some())
        .map(|c| c.id.to_string())
        .collect();
    let got = marks(home, "chart-military-expenditure");
    assert_eq!(got.iter().map(|m| m.0.clone()).collect::<BTreeSet<_>>(), want);
    assert_eq!(got.len(), want.len());
    // Croatia's planned 2025 is drawn as planned, its reported years not.
    let cls: BTreeMap<String, String> = got.into_iter().collect();
    assert!(cls["paper-hr-milex-2025"].starts_with("planned"), "{}", cls["paper-hr-milex-2025"]);
    assert!(cls["paper-hr-milex-2023"].starts_with("reported"));
    // The shares are bars with their values as written in the title.
    let shares = marks(home, "chart-arms-exports-share");
    let ids: BTreeSet<String> = shares.into_iter().map(|m| m.0).collect();
    assert!(ids.contains("dw-rs-arms-exports-share-2021") && ids.contains("dw-ba-arms-exports-share-2021"), "{ids:?}");
    assert!(home.contains("Serbia, 2021: 65.79 %") && home.contains("Bosnia and Herzegovina, 2021: 31.75 %"));
    // Serbia's projected 2025 change is drawn as projected.
    let rs = std::str::from_utf8(&files["entities/rs.html"]).unwrap();
    let change = marks(rs, "chart-military-expenditure-change");
    assert!(change.iter().any(|(id, c)| id == "paper-rs-milex-change-2025" && c.starts_with("projected")), "{change:?}");
}

#[test]
fn claim_pages_show_the_quote_eur_and_acknowledged_findings() {
    let (files, _) = site();
    let page = std::str::from_utf8(&files["claims/dw-rs-arms-exports-value-2021.html"]).unwrap();
    assert!(page.contains("<mark>with profits of some $1.3 billion (€1.2 billion)</mark>"), "quote highlighted");
    assert!(page.contains("USD 1.3 billion"));
    assert!(page.contains("EUR 1,099,142,380.56 at "), "EUR at the period's average rate");
    let check = std::str::from_utf8(&files["check.html"]).unwrap();
    assert!(check.contains("rules.html#"), "findings link to the rule's explanation");
    assert!(check.contains("checked at commit abc"));
}

#[test]
fn output_is_byte_deterministic() {
    let (a, _) = site();
    let (b, _) = site();
    assert!(a == b, "two builds differ");
}

/// The binary replaces only its own earlier output.
#[test]
fn the_binary_writes_a_site_and_replaces_only_its_own_output() {
    let tmp = std::env::temp_dir().join(format!("wbd-site-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let foreign = tmp.join("foreign");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
    let bin = env!("CARGO_BIN_EXE_wbd-site");
    let o = std::process::Command::new(bin).arg("--out").arg(&foreign).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("did not write"), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read_to_string(foreign.join("notes.txt")).unwrap(), "mine");
    assert!(!foreign.join("index.html").exists());

    let out = tmp.join("site");
    for _ in 0..2 {
        let o = std::process::Command::new(bin).arg("--out").arg(&out).arg("--revision").arg("r1").output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(String::from_utf8_lossy(&o.stdout).starts_with("wrote the site to "));
    }
    for f in [
        "index.html",
        "claims/dw-rs-arms-exports-share-2021.html",
        "data/dataset.json",
        "data/datapackage.json",
        "data/claims.csv",
        "data/schema/claims.schema.json",
        ".wbd-site",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("href=\"data/datapackage.json\""), "downloads linked from home");
    let _ = std::fs::remove_dir_all(&tmp);
}

/// Text from the records is escaped wherever it lands: pages, chart titles
/// and the search index.
#[test]
fn text_from_the_records_is_escaped() {
    let base = repo().join("tests/fixtures/base");
    let tmp = std::env::temp_dir().join(format!("wbd-site-escape-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let ds = tmp.join("dataset");
    std::fs::create_dir_all(ds.join("reference")).unwrap();
    for f in ["dataset.yaml", "entities.yaml", "metrics.yaml", "sources.yaml", "reference/ecb-eurofxref.csv"] {
        std::fs::copy(base.join(f), ds.join(f)).unwrap();
    }
    let claims = std::fs::read_to_string(base.join("claims.yaml"))
        .unwrap()
        .replace("quote: \"after €0.5 billion in 2023\"", "quote: \"after €0.5 billion in 2023 <script>alert('x')</script> & </svg>\"");
    assert!(claims.contains("<script>"));
    std::fs::write(ds.join("claims.yaml"), claims).unwrap();
    let report = wbd_check::run(&Options { dataset: ds, root: repo(), schema_dir: Some(repo().join("schema")), ..Options::default() });
    let data = wbd_publish::json::build(&report).expect("dataset.yaml");
    let files = wbd_site::build(&report, &data, &wbd_site::Provenance::default()).expect("renders");
    let _ = std::fs::remove_dir_all(&tmp);
    let page = std::str::from_utf8(&files["claims/gazette-al-budget-2023.html"]).unwrap();
    // askama writes numeric character references.
    assert!(page.contains("&#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62; &#38; &#60;/svg&#62;"), "{page}");
    // Markup only: the search index is data in a script file, shown with
    // textContent.
    for (p, b) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let s = String::from_utf8_lossy(b);
        assert!(!s.contains("<script>alert"), "{p} has the raw script");
        assert!(!s.contains("& </svg>"), "{p} has the raw text");
    }
    let index = std::str::from_utf8(&files["search-index.js"]).unwrap();
    assert!(index.contains("<\\/script>"), "the index cannot close a script element");
}
