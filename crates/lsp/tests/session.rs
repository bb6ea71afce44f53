//! Drives the server binary as an editor would: a spawned process, JSON-RPC
//! over its stdin and stdout, on a temporary copy of the real dataset.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};
use wbd_lsp::client::Client;
use wbd_lsp::uri::to_uri;
use wbd_testkit::{copy_dir, repo};

const WAIT: Duration = Duration::from_secs(60);

/// A copy of the repository's dataset and schema.
fn workspace(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("wbd-lsp-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    copy_dir(&repo().join("dataset"), &d.join("dataset"));
    copy_dir(&repo().join("schema"), &d.join("schema"));
    d.canonicalize().unwrap()
}

fn start(root: &Path, encodings: &[&str]) -> Client {
    let mut c = Client::spawn(Path::new(env!("CARGO_BIN_EXE_wbd-lsp")), &[], &[("WBD_LSP_TEST_PANIC", "1")]).unwrap();
    let r = c
        .request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": to_uri(root).as_str(),
                "capabilities": {"general": {"positionEncodings": encodings}},
            }),
            WAIT,
        )
        .expect("an initialize response");
    let want = if encodings.contains(&"utf-8") { "utf-8" } else { "utf-16" };
    assert_eq!(r["result"]["capabilities"]["positionEncoding"], want, "{r}");
    c.notify("initialized", json!({}));
    c
}

/// (line, column in UTF-16 units) of the `n`th byte offset of `needle`.
fn pos(text: &str, needle: &str, plus: usize) -> Value {
    let at = text.find(needle).unwrap_or_else(|| panic!("`{needle}` not in the text")) + plus;
    let line = text[..at].matches('\n').count();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": text[start..at].encode_utf16().count()})
}

fn open(c: &mut Client, uri: &str, text: &str) {
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}));
}

fn change(c: &mut Client, uri: &str, version: i32, text: &str) {
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}));
}

fn at(uri: &str, p: Value) -> Value {
    json!({"textDocument": {"uri": uri}, "position": p})
}

fn codes(diags: &[Value]) -> Vec<&str> {
    diags.iter().map(|d| d["code"].as_str().unwrap_or("")).collect()
}

#[test]
fn a_maintainer_edits_a_claim_file() {
    let root = workspace("edit");
    let file = root.join("dataset/claims/dw.yaml");
    let uri = to_uri(&file).as_str().to_string();
    let original = std::fs::read_to_string(&file).unwrap();
    let mut c = start(&root, &["utf-16"]);

    // The equivalent moved by 10 %: EUR 1.2 billion -> 1.32 billion.
    let moved = original.replacen("      value: EUR 1.2 billion", "      value: EUR 1.32 billion", 1);
    assert_ne!(moved, original);
    open(&mut c, &uri, &moved);
    let diags = c.diagnostics(&uri, WAIT).expect("diagnostics after didOpen");
    let d = diags
        .iter()
        .find(|d| d["code"] == "currency/equivalent-mismatch" || d["code"] == "currency/equivalent-rounding")
        .unwrap_or_else(|| panic!("no currency finding in {diags:#?}"));
    assert_eq!(d["range"]["start"], pos(&moved, "EUR 1.32 billion", 0), "{d:#}");
    assert_eq!(d["range"]["end"], pos(&moved, "EUR 1.32 billion", "EUR 1.32 billion".len()), "{d:#}");
    assert_eq!(d["severity"], 1);
    let href = d["codeDescription"]["href"].as_str().unwrap();
    assert!(
        href.starts_with("file://") && href.ends_with(&format!("/docs/RULES.md#{}", d["code"].as_str().unwrap().replace('/', ""))),
        "{href}"
    );
    assert!(d["message"].as_str().unwrap().contains("1.32"), "{d:#}");
    for r in d["relatedInformation"].as_array().into_iter().flatten() {
        assert!(r["location"]["uri"].as_str().unwrap().starts_with("file://"), "{r}");
    }
    // Acknowledged findings (dw.yaml has `allow` entries) are not shown.
    assert!(diags.iter().all(|d| d["code"] != "contradiction/region-scope"), "{diags:#?}");

    // The code action acknowledges it with an `allow` skeleton.
    let r = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d]}}),
            WAIT,
        )
        .unwrap();
    let actions = r["result"].as_array().unwrap();
    let allow = actions.iter().find(|a| a["kind"] == "quickfix").unwrap_or_else(|| panic!("{r:#}"));
    let new_text = allow["edit"]["changes"][&uri][0]["newText"].as_str().unwrap();
    assert!(new_text.contains(&format!("- rule: {}", d["code"].as_str().unwrap())) && new_text.contains("reason: TODO"), "{new_text}");
    assert!(actions.iter().all(|a| a["title"] != "Add the schema modeline"), "the file has one: {r:#}");

    // Edited back: an empty list.
    change(&mut c, &uri, 2, &original);
    let diags = c.diagnostics(&uri, WAIT).expect("diagnostics after didChange");
    assert_eq!(diags, Vec::<Value>::new());

    // Hover: a reference, a rule code, an allow entry, a money value.
    let hover = |c: &mut Client, p: Value| {
        let r = c.request("textDocument/hover", at(&uri, p), WAIT).unwrap();
        r["result"]["contents"]["value"].as_str().unwrap_or("").to_string()
    };
    let h = hover(&mut c, pos(&original, "subject: rs", 10));
    let countries = std::fs::read_to_string(repo().join("dataset/entities/countries.yaml")).unwrap();
    let rs_line = countries.lines().position(|l| l.trim() == "- id: rs").unwrap() + 1;
    assert!(
        h.contains("**entity** `rs`") && h.contains("Serbia") && h.contains(&format!("dataset/entities/countries.yaml:{rs_line}")),
        "{h}"
    );
    let h = hover(&mut c, pos(&original, "rule: contradiction/region-scope", 12));
    assert!(h.contains("contradiction/region-scope") && h.contains("## What it checks"), "{h}");
    let reason = original.find("rule: contradiction/region-scope").unwrap();
    let reason_at = reason + original[reason..].find("reason:").unwrap();
    let h = hover(&mut c, pos(&original, &original[reason_at..reason_at + 20], 2));
    assert!(h.contains("contradiction/region-scope"), "hover on an allow's reason: {h}");
    let h = hover(&mut c, pos(&original, "source: dw-2024-arms-for-ukraine", 10));
    assert!(h.contains("**source** `dw-2024-arms-for-ukraine`"), "{h}");
    let h = hover(&mut c, pos(&original, "value: USD 1.3 billion", 10));
    assert!(h.contains("interval: ") && h.contains("USD per EUR") && h.contains("**EUR "), "{h}");
    assert!(h.contains("approx"), "the claim is approx: {h}");

    // Go to definition of `rs`, and its references.
    let r = c.request("textDocument/definition", at(&uri, pos(&original, "subject: rs", 9)), WAIT).unwrap();
    let entities = std::fs::read_to_string(root.join("dataset/entities/countries.yaml")).unwrap();
    assert_eq!(r["result"]["uri"], to_uri(&root.join("dataset/entities/countries.yaml")).as_str(), "{r}");
    assert_eq!(r["result"]["range"]["start"], pos(&entities, "  - id: rs\n", 8), "{r}");
    let refs = |c: &mut Client, decl: bool| {
        let p = json!({"textDocument": {"uri": uri}, "position": pos(&original, "source: dw-2024-arms-for-ukraine", 9), "context": {"includeDeclaration": decl}});
        c.request("textDocument/references", p, WAIT).unwrap()["result"].as_array().unwrap().clone()
    };
    let without = refs(&mut c, false);
    let in_dw = without.iter().filter(|l| l["uri"] == uri.as_str()).count();
    assert_eq!(in_dw, original.matches("source: dw-2024-arms-for-ukraine").count(), "{without:#?}");
    assert!(in_dw >= 2);
    let with = refs(&mut c, true);
    assert_eq!(with.len(), without.len() + 1);
    assert!(with.iter().any(|l| l["uri"].as_str().unwrap().ends_with("/dataset/sources/news.yaml")), "{with:#?}");

    // Completion: ids in reference fields, rule codes, enum values.
    let typed = original.replacen("    subject: rs\n", "    subject: r\n", 1);
    change(&mut c, &uri, 3, &typed);
    let complete = |c: &mut Client, text: &str, needle: &str| {
        let r = c.request("textDocument/completion", at(&uri, pos(text, needle, needle.len())), WAIT).unwrap();
        r["result"]["items"].as_array().cloned().unwrap_or_default()
    };
    let items = complete(&mut c, &typed, "    subject: r");
    let rs = items.iter().find(|i| i["label"] == "rs").unwrap_or_else(|| panic!("{items:#?}"));
    assert_eq!(rs["detail"], "Serbia");
    assert_eq!(rs["textEdit"]["range"]["start"], pos(&typed, "    subject: r\n", 13));
    assert!(items.iter().all(|i| i["label"] != "arms-exports-value"), "only entities for subject");
    let items = complete(&mut c, &typed, "    metric: ");
    assert!(items.iter().any(|i| i["label"] == "arms-exports-value") && items.iter().all(|i| i["label"] != "rs"));
    let items = complete(&mut c, &typed, "      - source: ");
    assert!(items.iter().any(|i| i["label"] == "dw-2024-arms-for-ukraine"));
    let items = complete(&mut c, &typed, "      - rule: ");
    assert!(items.iter().any(|i| i["label"] == "currency/equivalent-mismatch"));
    let items = complete(&mut c, &typed, "    bound: ");
    let labels: Vec<&str> = items.iter().filter_map(|i| i["label"].as_str()).collect();
    assert_eq!(labels, ["exact", "approx", "at_least", "at_most"]);

    // A buffer that does not parse: its syntax error, and the last good
    // index for the rest (hover still finds the records).
    c.drain();
    let broken = format!("{original}  - id: [unclosed\n");
    change(&mut c, &uri, 4, &broken);
    let diags = c.diagnostics(&uri, WAIT).unwrap();
    assert_eq!(codes(&diags), ["yaml/syntax"], "{diags:#?}");
    let h = hover(&mut c, pos(&broken, "subject: rs", 10));
    assert!(h.contains("Serbia"), "{h}");

    // A panic in a request is an error response; the server goes on.
    let r = c.request("wbd/panic", json!({}), WAIT).unwrap();
    assert_eq!(r["error"]["code"], -32603, "{r}");
    // Garbage is answered with an error, not a hang.
    c.send_raw(b"Content-Length: 9\r\n\r\n{garbage}");
    let e = c.wait_for(WAIT, |m| m["error"]["code"] == -32700).expect("a parse error response");
    assert_eq!(e["id"], Value::Null);
    c.send(&json!({"jsonrpc": "2.0", "id": 99, "params": {}}));
    let e = c.wait_for(WAIT, |m| m["id"] == 99).expect("an invalid request response");
    assert_eq!(e["error"]["code"], -32600, "{e}");
    let h = hover(&mut c, pos(&broken, "subject: rs", 10));
    assert!(h.contains("Serbia"), "{h}");

    // Shutdown and exit.
    let r = c.request("shutdown", Value::Null, WAIT).unwrap();
    assert_eq!(r["result"], Value::Null, "{r}");
    c.notify("exit", Value::Null);
    let status = c.wait(WAIT).expect("the server exits");
    assert!(status.success(), "{status:?}");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn columns_follow_the_negotiated_encoding_on_non_ascii_lines() {
    let root = workspace("enc");
    let file = root.join("dataset/claims/dw.yaml");
    let uri = to_uri(&file).as_str().to_string();
    let original = std::fs::read_to_string(&file).unwrap();
    // An unknown metric whose name has a two-byte, one-unit character.
    let edited = original.replacen("\n    metric: arms-exports-value\n", "\n    metric: armš-exports-value\n", 1);
    for enc in ["utf-16", "utf-8"] {
        let mut c = start(&root, &[enc]);
        open(&mut c, &uri, &edited);
        let diags = c.diagnostics(&uri, WAIT).unwrap();
        let line = edited[..edited.find("\n    metric: armš").unwrap() + 1].matches('\n').count();
        let d = diags.iter().find(|d| d["range"]["start"]["line"] == line).unwrap_or_else(|| panic!("{diags:#?}"));
        assert_eq!(d["range"]["start"]["character"], 12, "{d:#}");
        let width = if enc == "utf-8" { "armš-exports-value".len() } else { "armš-exports-value".chars().count() };
        assert_eq!(d["range"]["end"]["character"], 12 + width, "{enc}: {d:#}");
        let r = c.request("shutdown", Value::Null, WAIT).unwrap();
        assert_eq!(r["result"], Value::Null);
        c.notify("exit", Value::Null);
        assert!(c.wait(WAIT).unwrap().success());
    }
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_new_file_gets_the_schema_modeline_action_and_acknowledged_findings_can_be_hints() {
    let root = workspace("modeline");
    let mut c = Client::spawn(Path::new(env!("CARGO_BIN_EXE_wbd-lsp")), &["--root", root.to_str().unwrap()], &[]).unwrap();
    c.request("initialize", json!({"capabilities": {}, "initializationOptions": {"acknowledged": "hint"}}), WAIT).unwrap();
    c.notify("initialized", json!({}));
    // Acknowledged findings of dw.yaml as hints, with their reason.
    let dw = root.join("dataset/claims/dw.yaml");
    let dw_uri = to_uri(&dw).as_str().to_string();
    open(&mut c, &dw_uri, &std::fs::read_to_string(&dw).unwrap());
    let diags = c.diagnostics(&dw_uri, WAIT).unwrap();
    assert!(!diags.is_empty() && diags.iter().all(|d| d["severity"] == 4), "{diags:#?}");
    assert!(diags.iter().any(|d| d["message"].as_str().unwrap().contains("acknowledged by `allow`")), "{diags:#?}");

    let file = root.join("dataset/claims/new.yaml");
    let uri = to_uri(&file).as_str().to_string();
    let text = "claims:\n  - id: new-1\n    subject: nowhere\n";
    open(&mut c, &uri, text);
    let diags = c.diagnostics(&uri, WAIT).unwrap();
    assert!(!diags.is_empty(), "an unsaved file is checked");
    let r = c.request("textDocument/codeAction", json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "context": {"diagnostics": []}}), WAIT).unwrap();
    let a = &r["result"][0];
    assert_eq!(a["title"], "Add the schema modeline", "{r:#}");
    assert_eq!(a["edit"]["changes"][&uri][0]["newText"], "# yaml-language-server: $schema=../../schema/claims.schema.json\n");
    // A file outside the dataset's records gets nothing.
    let other = root.join("schema/notes.yaml");
    let other_uri = to_uri(&other).as_str().to_string();
    open(&mut c, &other_uri, "not: [yaml");
    let r = c.request("textDocument/hover", at(&other_uri, json!({"line": 0, "character": 1})), WAIT).unwrap();
    assert_eq!(r["result"], Value::Null);
    assert!(c.wait_for(Duration::from_millis(300), |m| m["params"]["uri"] == other_uri.as_str()).is_none());
    // Without WBD_LSP_TEST_PANIC the test hook does not exist.
    let r = c.request("wbd/panic", json!({}), WAIT).unwrap();
    assert_eq!(r["error"]["code"], -32601, "{r}");
    // Closing the input without `exit` ends the server too.
    drop(c.request("shutdown", Value::Null, WAIT));
    c.notify("exit", Value::Null);
    assert!(c.wait(WAIT).unwrap().success());
    let _ = std::fs::remove_dir_all(&root);
}
