//! `wbd-lsp-bench`: the latency from `didChange` to `publishDiagnostics`,
//! measured as an editor sees it (the server binary spawned, JSON-RPC over
//! stdio, the debounce included). See docs/PERFORMANCE.md.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::json;
use wbd_lsp::client::Client;
use wbd_lsp::uri::to_uri;

const HELP: &str = "\
usage: wbd-lsp-bench [--root DIR] [--dataset DIR] [--archive DIR] [--runs N]

Starts wbd-lsp (next to this binary), opens the dataset's first claims
file, then changes it N times (default 20), waiting each time for its
diagnostics, and prints the latencies. Build both in release:
  cargo build --release -p wbd-lsp && ./target/release/wbd-lsp-bench --dataset target/bench/10000
";

fn main() {
    let mut root = std::env::current_dir().unwrap_or_default();
    let mut dataset = None;
    let mut archive = Vec::new();
    let mut runs = 20usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let v = args.next();
        match (a.as_str(), v) {
            ("--root", Some(v)) => root = PathBuf::from(v),
            ("--dataset", Some(v)) => dataset = Some(PathBuf::from(v)),
            ("--archive", Some(v)) => archive.push(v),
            ("--runs", Some(v)) => runs = v.parse().unwrap_or(runs),
            _ => {
                eprint!("{HELP}");
                std::process::exit(2);
            }
        }
    }
    let root = root.canonicalize().unwrap_or(root);
    let dataset = dataset.unwrap_or_else(|| root.join("dataset")).canonicalize().expect("the dataset directory");
    let exe = std::env::current_exe().expect("this binary's path");
    let server = exe.with_file_name(format!("wbd-lsp{}", std::env::consts::EXE_SUFFIX));
    let mut sargs = vec!["--root".to_string(), root.display().to_string(), "--dataset".into(), dataset.display().to_string()];
    for a in &archive {
        sargs.extend(["--archive".to_string(), a.clone()]);
    }
    let sargs: Vec<&str> = sargs.iter().map(String::as_str).collect();
    let wait = Duration::from_secs(120);
    let mut c = Client::spawn(&server, &sargs, &[]).expect("start wbd-lsp");
    let t = Instant::now();
    c.request("initialize", json!({"capabilities": {}}), wait).expect("initialize");
    c.notify("initialized", json!({}));
    let mut files = Vec::new();
    yaml_files(&dataset.join("claims"), &mut files);
    files.sort();
    let file = files.first().expect("a claims/*.yaml file");
    let uri = to_uri(file).as_str().to_string();
    let text = std::fs::read_to_string(file).expect("read the claims file");
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}));
    let first = c.diagnostics(&uri, wait).expect("diagnostics after didOpen");
    let startup = t.elapsed();
    let mut times = Vec::new();
    let mut last_log = None;
    for i in 0..runs {
        let edited = format!("{text}# edit {i}\n");
        let t = Instant::now();
        c.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": i + 2}, "contentChanges": [{"text": edited}]}));
        let d = c.diagnostics(&uri, wait).expect("diagnostics after didChange");
        times.push(t.elapsed());
        last_log = last_check_log(&mut c).or(last_log);
        assert_eq!(d.len(), first.len(), "a comment changes no finding");
    }
    let _ = c.request("shutdown", serde_json::Value::Null, wait);
    c.notify("exit", serde_json::Value::Null);
    let _ = c.wait(Duration::from_secs(10));
    times.sort();
    if let Some(l) = last_log {
        println!("last check, as the server logs it: {l}");
    }
    let ms = |d: Duration| format!("{:.0} ms", d.as_secs_f64() * 1000.0);
    println!("dataset: {} ({} claims files, file {})", dataset.display(), files.len(), file.display());
    println!("start, first check and first diagnostics: {}", ms(startup));
    if !times.is_empty() {
        println!(
            "didChange -> publishDiagnostics over {} edits (30 ms debounce included): min {}, median {}, max {}",
            times.len(),
            ms(times[0]),
            ms(times[times.len() / 2]),
            ms(times[times.len() - 1])
        );
    }
}

fn yaml_files(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            yaml_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "yaml") {
            out.push(p);
        }
    }
}

/// The server's last `checked in ...` log message so far.
fn last_check_log(c: &mut Client) -> Option<String> {
    let mut last = None;
    while let Some(m) = c.wait_for(Duration::ZERO, |m| {
        m["method"] == "window/logMessage" && m["params"]["message"].as_str().is_some_and(|t| t.contains("checked in"))
    }) {
        last = m["params"]["message"].as_str().map(String::from);
    }
    last
}
