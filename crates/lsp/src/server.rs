//! The server: one thread reads and frames messages, the main thread
//! answers them in order and runs the check (debounced) after edits.
//!
//! Each request and each check runs under `catch_unwind`: a panic becomes
//! an error response (or a logged message) and the server carries on.

use std::collections::BTreeMap;
use std::io::{BufReader, Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use lsp_server::{Message, Notification, Request, RequestId, Response};
use lsp_types::Uri;
use serde_json::{Value, json};
use wbd_check::diagnostic::Anchor;
use wbd_check::{Options, Report, Severity};

use crate::features;
use crate::text::{Encoding, Lines};
use crate::transport::{self, Incoming};
use crate::uri;

/// Where the dataset is, when given on the command line (else from the
/// client's workspace, else the current directory).
#[derive(Clone, Debug, Default)]
pub struct Config {
    pub root: Option<PathBuf>,
    pub dataset: Option<PathBuf>,
    pub schema: Option<PathBuf>,
    pub archive: Vec<PathBuf>,
}

/// An open editor buffer.
pub struct Doc {
    pub uri: Uri,
    pub text: String,
    pub version: i32,
    /// The last text of this buffer that parsed as YAML: what the check
    /// uses for it while the buffer does not parse, so that the rest of
    /// the dataset keeps seeing its records.
    pub last_good: Option<Arc<str>>,
}

pub struct Server<W: Write> {
    out: W,
    pub enc: Encoding,
    pub root: PathBuf,
    pub dataset: PathBuf,
    pub schema: Option<PathBuf>,
    archive: Vec<PathBuf>,
    /// Show acknowledged findings as hints instead of hiding them.
    show_acknowledged: bool,
    debounce: Duration,
    pub docs: BTreeMap<PathBuf, Doc>,
    pub report: Option<Report>,
    /// When the check is due (after the last edit plus the debounce).
    due: Option<Instant>,
    shutdown: bool,
    initialized: bool,
    cli: Config,
}

enum Event {
    In(Incoming),
    End,
}

/// Serves one client on `input`/`output`; returns the process exit code
/// (0 after `shutdown` then `exit`, 1 otherwise, as the protocol says).
pub fn serve(input: impl Read + Send + 'static, output: impl Write, cli: Config) -> i32 {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut r = BufReader::new(input);
        loop {
            match transport::read(&mut r) {
                Ok(Some(m)) => {
                    if tx.send(Event::In(m)).is_err() {
                        return;
                    }
                }
                Ok(None) | Err(_) => {
                    let _ = tx.send(Event::End);
                    return;
                }
            }
        }
    });
    let mut s = Server {
        out: output,
        enc: Encoding::Utf16,
        root: PathBuf::from("."),
        dataset: PathBuf::from("dataset"),
        schema: None,
        archive: Vec::new(),
        show_acknowledged: false,
        debounce: Duration::from_millis(30),
        docs: BTreeMap::new(),
        report: None,
        due: None,
        shutdown: false,
        initialized: false,
        cli,
    };
    loop {
        let ev = match s.due {
            Some(due) => match rx.recv_timeout(due.saturating_duration_since(Instant::now())) {
                Ok(ev) => ev,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    s.due = None;
                    s.check_and_publish();
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => Event::End,
            },
            None => rx.recv().unwrap_or(Event::End),
        };
        match ev {
            Event::End => return 1,
            Event::In(Incoming::Bad { code, message, id }) => {
                let _ = transport::write_error(&mut s.out, code, &message, &id);
                s.log(1, &format!("wbd-lsp: a message that could not be read: {message}"));
            }
            Event::In(Incoming::Msg(Message::Request(req))) => s.request(req),
            Event::In(Incoming::Msg(Message::Notification(n))) => {
                if n.method == "exit" {
                    return if s.shutdown { 0 } else { 1 };
                }
                s.notification(n);
            }
            Event::In(Incoming::Msg(Message::Response(_))) => {}
        }
    }
}

fn panic_text(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| p.downcast_ref::<String>().cloned()).unwrap_or_else(|| "a panic".into())
}

type Answer = Result<Value, (i32, String)>;

impl<W: Write> Server<W> {
    fn send(&mut self, m: Message) {
        let _ = transport::write_message(&mut self.out, m);
    }

    /// `window/logMessage` (1 error, 2 warning, 3 info, 4 log).
    pub fn log(&mut self, typ: u8, message: &str) {
        self.send(Message::Notification(Notification::new("window/logMessage".into(), json!({"type": typ, "message": message}))));
    }

    fn request(&mut self, req: Request) {
        let id = req.id.clone();
        let method = req.method.clone();
        if !self.initialized && method != "initialize" {
            return self.respond(id, Err((-32002, "the server is not initialized: send `initialize` first".into())));
        }
        if self.shutdown {
            return self.respond(id, Err((-32600, "the server is shutting down".into())));
        }
        let answer = catch_unwind(AssertUnwindSafe(|| self.answer(req)));
        let answer = answer.unwrap_or_else(|p| {
            let text = format!("wbd-lsp: `{method}` failed: {}", panic_text(&*p));
            self.log(1, &text);
            Err((-32603, text))
        });
        self.respond(id, answer);
    }

    fn respond(&mut self, id: RequestId, answer: Answer) {
        let resp = match answer {
            Ok(v) => Response::new_ok(id, v),
            Err((code, msg)) => Response::new_err(id, code, msg),
        };
        self.send(Message::Response(resp));
    }

    fn answer(&mut self, req: Request) -> Answer {
        let p = req.params;
        let bad = |e: serde_json::Error| (-32602, format!("invalid parameters: {e}"));
        match req.method.as_str() {
            "initialize" => self.initialize(serde_json::from_value(p).map_err(bad)?),
            "shutdown" => {
                self.shutdown = true;
                Ok(Value::Null)
            }
            "textDocument/hover" => Ok(features::hover(self, &serde_json::from_value(p).map_err(bad)?)),
            "textDocument/definition" => Ok(features::definition(self, &serde_json::from_value(p).map_err(bad)?)),
            "textDocument/references" => Ok(features::references(self, &serde_json::from_value(p).map_err(bad)?)),
            "textDocument/completion" => Ok(features::completion(self, &serde_json::from_value(p).map_err(bad)?)),
            "textDocument/codeAction" => Ok(features::code_actions(self, &serde_json::from_value(p).map_err(bad)?)),
            // For the tests of the guard around requests only.
            "wbd/panic" if std::env::var_os("WBD_LSP_TEST_PANIC").is_some() => panic!("a panic asked for by wbd/panic"),
            m => Err((-32601, format!("`{m}` is not supported"))),
        }
    }

    fn initialize(&mut self, p: lsp_types::InitializeParams) -> Answer {
        let offered = p.capabilities.general.as_ref().and_then(|g| g.position_encodings.clone()).unwrap_or_default();
        self.enc = if offered.contains(&lsp_types::PositionEncodingKind::UTF8) { Encoding::Utf8 } else { Encoding::Utf16 };
        let init = p.initialization_options.unwrap_or(Value::Null);
        let opt_path = |k: &str| init.get(k).and_then(Value::as_str).map(PathBuf::from);
        #[allow(deprecated)]
        let client_root = p
            .workspace_folders
            .as_ref()
            .and_then(|f| f.first())
            .map(|f| f.uri.clone())
            .or(p.root_uri.clone())
            .and_then(|u| uri::to_path(&u));
        let start = self
            .cli
            .root
            .clone()
            .or_else(|| opt_path("root"))
            .or(client_root)
            .unwrap_or_else(|| std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")));
        let start = uri::canonical(&start);
        // The repository root: the nearest directory up with a `dataset/`.
        self.root = start.ancestors().find(|d| d.join("dataset").is_dir()).unwrap_or(&start).to_path_buf();
        self.dataset =
            uri::canonical(&self.cli.dataset.clone().or_else(|| opt_path("dataset")).unwrap_or_else(|| self.root.join("dataset")));
        self.schema =
            self.cli.schema.clone().or_else(|| opt_path("schema")).or_else(|| Some(self.root.join("schema")).filter(|s| s.is_dir()));
        self.archive = self.cli.archive.clone();
        if let Some(a) = init.get("archive").and_then(Value::as_array) {
            self.archive.extend(a.iter().filter_map(Value::as_str).map(PathBuf::from));
        }
        self.show_acknowledged = init.get("acknowledged").and_then(Value::as_str) == Some("hint");
        if let Some(ms) = init.get("debounceMs").and_then(Value::as_u64) {
            self.debounce = Duration::from_millis(ms.min(5000));
        }
        self.initialized = true;
        let enc = match self.enc {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16 => "utf-16",
        };
        Ok(json!({
            "capabilities": {
                "positionEncoding": enc,
                "textDocumentSync": {"openClose": true, "change": 1, "save": {"includeText": false}},
                "hoverProvider": true,
                "definitionProvider": true,
                "referencesProvider": true,
                "completionProvider": {"triggerCharacters": [" ", "/", ",", "["]},
                "codeActionProvider": {"codeActionKinds": ["quickfix", "source"]},
            },
            "serverInfo": {"name": "wbd-lsp", "version": env!("CARGO_PKG_VERSION")},
        }))
    }

    fn notification(&mut self, n: Notification) {
        let method = n.method.clone();
        let done = catch_unwind(AssertUnwindSafe(|| self.notify(n)));
        if let Err(p) = done {
            let text = format!("wbd-lsp: `{method}` failed: {}", panic_text(&*p));
            self.log(1, &text);
        }
    }

    fn notify(&mut self, n: Notification) {
        if !self.initialized {
            return;
        }
        let p = n.params;
        match n.method.as_str() {
            "initialized" => {
                self.check_and_publish();
                if let Some(r) = &self.report {
                    let text = format!(
                        "wbd-lsp: {} records in {} ({} ms)",
                        r.dataset.record_count(),
                        self.dataset.display(),
                        (r.timings.walk + r.timings.parse + r.timings.index + r.timings.rules + r.timings.resolve).as_millis()
                    );
                    self.log(3, &text);
                }
            }
            "textDocument/didOpen" => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(p) else { return };
                let Some(path) = uri::to_path(&p.text_document.uri).map(|p| uri::canonical(&p)) else { return };
                if !self.is_record_file(&path) {
                    return;
                }
                let d = p.text_document;
                self.docs.insert(path, Doc { uri: d.uri, text: d.text, version: d.version, last_good: None });
                self.schedule();
            }
            "textDocument/didChange" => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(p) else { return };
                let Some(path) = uri::to_path(&p.text_document.uri).map(|p| uri::canonical(&p)) else { return };
                let enc = self.enc;
                let Some(doc) = self.docs.get_mut(&path) else { return };
                for c in p.content_changes {
                    match c.range {
                        None => doc.text = c.text,
                        Some(r) => {
                            let l = Lines::new(&doc.text);
                            let (a, b) = (l.offset(r.start, enc), l.offset(r.end, enc));
                            let b = b.max(a);
                            doc.text.replace_range(a..b, &c.text);
                        }
                    }
                }
                doc.version = p.text_document.version;
                self.schedule();
            }
            "textDocument/didClose" => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(p) else { return };
                let Some(path) = uri::to_path(&p.text_document.uri).map(|p| uri::canonical(&p)) else { return };
                if let Some(doc) = self.docs.remove(&path) {
                    self.publish(&doc.uri, None, Vec::new());
                    self.schedule();
                }
            }
            "textDocument/didSave" | "workspace/didChangeWatchedFiles" => self.schedule(),
            _ => {}
        }
    }

    /// Whether the check reads this file as records: a YAML file in the
    /// dataset, outside `reference/` and `archive/`. Other files (workflows,
    /// the schema, notes) are not this server's business.
    fn is_record_file(&self, path: &Path) -> bool {
        let Ok(rel) = path.strip_prefix(&self.dataset) else { return false };
        let first = rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
        path.extension().is_some_and(|x| x == "yaml" || x == "yml")
            && !(rel.components().count() > 1 && (first == "reference" || first == "archive"))
    }

    fn schedule(&mut self) {
        self.due = Some(Instant::now() + self.debounce);
    }

    fn options(&mut self) -> Options {
        let mut overlay = wbd_check::loader::Overlay::new();
        for (path, doc) in &mut self.docs {
            if wbd_check::yaml::parse(&doc.text).is_ok() {
                if doc.last_good.as_deref() != Some(doc.text.as_str()) {
                    doc.last_good = Some(Arc::from(doc.text.as_str()));
                }
            }
            if let Some(good) = &doc.last_good {
                overlay.insert(path.clone(), good.clone());
            }
        }
        Options {
            dataset: self.dataset.clone(),
            root: self.root.clone(),
            schema_dir: self.schema.clone(),
            archive: self.archive.clone(),
            overlay,
            ..Options::default()
        }
    }

    /// Runs the whole check with the open buffers and publishes the
    /// findings of every open buffer.
    pub fn check_and_publish(&mut self) {
        let opts = self.options();
        let t = Instant::now();
        match catch_unwind(AssertUnwindSafe(|| wbd_check::run(&opts))) {
            Ok(r) => {
                let tm = &r.timings;
                let ms = |d: Duration| d.as_secs_f64() * 1000.0;
                let text = format!(
                    "wbd-lsp: checked in {:.0} ms (walk {:.0}, parse {:.0}, index {:.0}, rules {:.0}, resolve {:.0})",
                    ms(t.elapsed()),
                    ms(tm.walk),
                    ms(tm.parse),
                    ms(tm.index),
                    ms(tm.rules),
                    ms(tm.resolve)
                );
                self.report = Some(r);
                self.log(4, &text);
            }
            Err(p) => {
                let text = format!("wbd-lsp: the check failed: {}", panic_text(&*p));
                self.log(1, &text);
            }
        }
        let paths: Vec<PathBuf> = self.docs.keys().cloned().collect();
        for path in paths {
            let diags = self.diagnostics_for(&path);
            let doc = &self.docs[&path];
            let (uri, version) = (doc.uri.clone(), doc.version);
            self.publish(&uri, Some(version), diags);
        }
    }

    fn publish(&mut self, uri: &Uri, version: Option<i32>, diags: Vec<Value>) {
        let mut params = json!({"uri": uri.as_str(), "diagnostics": diags});
        if let Some(v) = version {
            params["version"] = json!(v);
        }
        self.send(Message::Notification(Notification::new("textDocument/publishDiagnostics".into(), params)));
    }

    /// The findings of one open buffer, as LSP diagnostics.
    fn diagnostics_for(&self, path: &Path) -> Vec<Value> {
        let doc = &self.docs[path];
        if let Err(e) = wbd_check::yaml::parse(&doc.text) {
            // The check ran on this buffer's last good text: show only
            // why the current text does not parse.
            let l = Lines::new(&doc.text);
            return vec![json!({
                "range": l.range(e.span.0 as usize, e.span.1 as usize, self.enc),
                "severity": 1,
                "code": "yaml/syntax",
                "codeDescription": {"href": self.rule_href("yaml/syntax")},
                "source": "wbd",
                "message": format!("{}\nhelp: the rest of the dataset is checked against this file's last text that parsed", e.message),
            })];
        }
        let Some(report) = &self.report else { return Vec::new() };
        let files = &report.dataset.files;
        let mut out = Vec::new();
        for d in &report.diagnostics {
            let Some(span) = d.span() else { continue };
            if span.file as usize >= report.current_files || files.get(span.file).path != path {
                continue;
            }
            if d.suppressed.is_some() && !self.show_acknowledged {
                continue;
            }
            let text = files.get(span.file).text();
            let l = Lines::new(text);
            let mut message = d.message.clone();
            if let Some(h) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(h);
            }
            let severity = match (&d.suppressed, d.severity) {
                (Some(s), _) => {
                    message.push_str(&format!("\nacknowledged by `{}`: {}", s.by, s.reason));
                    4
                }
                (None, Severity::Error) => 1,
                (None, Severity::Warning) => 2,
            };
            let related: Vec<Value> = d
                .related
                .iter()
                .filter_map(|r| {
                    let Anchor::Span(s) = &r.anchor else { return None };
                    let f = files.get(s.file);
                    if f.revision.is_some() {
                        return None;
                    }
                    let rl = Lines::new(f.text());
                    Some(json!({
                        "location": {"uri": uri::to_uri(&f.path).as_str(), "range": rl.range(s.start as usize, s.end as usize, self.enc)},
                        "message": r.message,
                    }))
                })
                .collect();
            let mut v = json!({
                "range": l.range(span.start as usize, span.end as usize, self.enc),
                "severity": severity,
                "code": d.code,
                "codeDescription": {"href": self.rule_href(d.code)},
                "source": "wbd",
                "message": message,
                "data": {"code": d.code, "record": d.record, "field": d.field},
            });
            if !related.is_empty() {
                v["relatedInformation"] = json!(related);
            }
            out.push(v);
        }
        out
    }

    /// The rule's section of docs/RULES.md, as a `file:` URI.
    pub fn rule_href(&self, code: &str) -> String {
        format!("{}#{}", uri::to_uri(&self.root.join("docs/RULES.md")).as_str(), wbd_check::emit::anchor(code))
    }
}
