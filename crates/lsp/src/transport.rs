//! JSON-RPC framing over a byte stream (`Content-Length` headers). Unlike
//! `lsp_server`'s own reader, a malformed message is not the end of the
//! connection: it becomes [`Incoming::Bad`], which the server answers with
//! a JSON-RPC error, and reading goes on with the next message.

use std::io::{self, BufRead, Read, Write};

use lsp_server::Message;
use serde_json::{Value, json};

/// Largest message body read; a larger one is skipped and answered with an
/// error.
pub const MAX_BODY: usize = 64 * 1024 * 1024;

pub enum Incoming {
    Msg(Message),
    /// A message that is not JSON-RPC: the error to answer with, and the
    /// request id when one could be read (else `null`).
    Bad {
        code: i32,
        message: String,
        id: Value,
    },
}

/// Reads the next message; `Ok(None)` at the end of the input.
pub fn read(r: &mut impl BufRead) -> io::Result<Option<Incoming>> {
    let mut size: Option<Result<usize, String>> = None;
    let mut line = Vec::new();
    let mut seen_header = false;
    loop {
        line.clear();
        if r.read_until(b'\n', &mut line)? == 0 {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if seen_header {
                break;
            }
            continue;
        }
        seen_header = true;
        if let Some((name, value)) = text.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                size = Some(value.trim().parse::<usize>().map_err(|_| format!("bad Content-Length `{}`", value.trim())));
            }
        }
    }
    let bad = |code: i32, message: String| Ok(Some(Incoming::Bad { code, message, id: Value::Null }));
    let size = match size {
        None => return bad(-32700, "no Content-Length header before the blank line".into()),
        Some(Err(e)) => return bad(-32700, e),
        Some(Ok(n)) => n,
    };
    if size > MAX_BODY {
        io::copy(&mut r.take(size as u64), &mut io::sink())?;
        return bad(-32700, format!("a message of {size} bytes; the limit is {MAX_BODY}"));
    }
    let mut body = vec![0; size];
    r.read_exact(&mut body)?;
    Ok(Some(parse(&body)))
}

/// One message body.
pub fn parse(body: &[u8]) -> Incoming {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => return Incoming::Bad { code: -32700, message: format!("not JSON: {e}"), id: Value::Null },
    };
    let id = value.get("id").filter(|i| i.is_string() || i.is_number()).cloned().unwrap_or(Value::Null);
    if !value.is_object() {
        return Incoming::Bad { code: -32600, message: "a JSON-RPC message is an object".into(), id };
    }
    let response = value.get("id").is_some() && (value.get("result").is_some() || value.get("error").is_some());
    if value.get("method").is_none_or(|m| !m.is_string()) && !response {
        return Incoming::Bad { code: -32600, message: "a JSON-RPC message has a `method` (or is a response)".into(), id };
    }
    match serde_json::from_value::<Message>(value) {
        Ok(m) => Incoming::Msg(m),
        Err(e) => Incoming::Bad { code: -32600, message: format!("not a JSON-RPC request, response or notification: {e}"), id },
    }
}

pub fn write_message(w: &mut impl Write, m: Message) -> io::Result<()> {
    m.write(w)
}

/// Writes an error response for a message that could not be read.
pub fn write_error(w: &mut impl Write, code: i32, message: &str, id: &Value) -> io::Result<()> {
    let body = json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}}).to_string();
    write!(w, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn garbage_is_an_error_and_reading_goes_on() {
        let input = [
            frame("{not json"),
            frame("[1,2]"),
            frame(r#"{"id": 7, "params": 3}"#),
            "Content-Type: x\r\n\r\n".to_string(),
            frame(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#),
        ]
        .concat();
        let mut r = io::BufReader::new(input.as_bytes());
        let mut got = Vec::new();
        while let Some(m) = read(&mut r).unwrap() {
            got.push(match m {
                Incoming::Msg(Message::Request(q)) => format!("request {}", q.method),
                Incoming::Msg(_) => "other".into(),
                Incoming::Bad { code, id, .. } => format!("bad {code} {id}"),
            });
        }
        assert_eq!(got, ["bad -32700 null", "bad -32600 null", "bad -32600 7", "bad -32700 null", "request shutdown"]);
    }
}
