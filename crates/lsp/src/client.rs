//! A minimal LSP client over a spawned server's stdio: what the
//! integration tests and the latency bench drive the server with, as an
//! editor would.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: mpsc::Receiver<Value>,
    /// Messages read but not yet asked for.
    queue: VecDeque<Value>,
    next_id: i64,
}

/// Reads one framed message body as JSON (`None` at the end).
fn read_frame(r: &mut impl BufRead) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            len = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; len?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    /// Starts the server binary with these arguments (its stderr goes to
    /// ours).
    pub fn spawn(bin: &Path, args: &[&str], envs: &[(&str, &str)]) -> std::io::Result<Client> {
        let mut cmd = Command::new(bin);
        cmd.args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::inherit());
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn()?;
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(v) = read_frame(&mut r) {
                if tx.send(v).is_err() {
                    return;
                }
            }
        });
        Ok(Client { child, stdin, rx, queue: VecDeque::new(), next_id: 1 })
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let _ = self.stdin.write_all(bytes);
        let _ = self.stdin.flush();
    }

    pub fn send(&mut self, v: &Value) {
        let body = v.to_string();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its whole response message (`result`
    /// or `error`); `None` if none came within the timeout.
    pub fn request(&mut self, method: &str, params: Value, timeout: Duration) -> Option<Value> {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(timeout, |m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
    }

    /// The first message (queued or arriving within the timeout) that
    /// matches; the others stay queued.
    pub fn wait_for(&mut self, timeout: Duration, pred: impl Fn(&Value) -> bool) -> Option<Value> {
        if let Some(i) = self.queue.iter().position(&pred) {
            return self.queue.remove(i);
        }
        let end = Instant::now() + timeout;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            let m = self.rx.recv_timeout(left).ok()?;
            if pred(&m) {
                return Some(m);
            }
            self.queue.push_back(m);
        }
    }

    /// The next `publishDiagnostics` for a URI: its diagnostics.
    pub fn diagnostics(&mut self, uri: &str, timeout: Duration) -> Option<Vec<Value>> {
        let m = self.wait_for(timeout, |m| {
            m.get("method").and_then(Value::as_str) == Some("textDocument/publishDiagnostics") && m["params"]["uri"] == uri
        })?;
        m["params"]["diagnostics"].as_array().cloned()
    }

    /// Forgets the messages read so far.
    pub fn drain(&mut self) {
        self.queue.clear();
        while self.rx.try_recv().is_ok() {}
    }

    /// Closes the server's input and waits for it to end (killing it after
    /// the timeout).
    pub fn wait(mut self, timeout: Duration) -> Option<ExitStatus> {
        let end = Instant::now() + timeout;
        loop {
            if let Ok(Some(s)) = self.child.try_wait() {
                return Some(s);
            }
            if Instant::now() > end {
                let _ = self.child.kill();
                let _ = self.child.wait();
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}
