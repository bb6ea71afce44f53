//! Emitters: the only code that knows about output formats. Each turns a
//! [`Report`] into text; none of them decides anything about findings.

mod github;
mod human;
mod json;
mod sarif;

pub use github::github;
pub use human::{human, human_findings, human_summary};
pub use json::{JSON_FORMAT_VERSION, json};
pub use sarif::sarif;

use std::borrow::Cow;

use crate::diagnostic::{Anchor, Files, SourceFile, Span};

/// Characters that must not reach a terminal or a CI log as they are: C0
/// and C1 controls and DEL (escape sequences, OSC 8 links, clear screen, a
/// bare CR that lets a log reader see a line starting `::error::`), line
/// and paragraph separators, and the bidirectional overrides that reorder
/// what is displayed ("Trojan Source").
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// One unsafe character as text: `\r`, `\n`, `\t`, otherwise `\u{1b}`.
pub fn escape_char(c: char, out: &mut String) {
    match c {
        '\r' => out.push_str("\\r"),
        '\n' => out.push_str("\\n"),
        '\t' => out.push_str("\\t"),
        c => {
            use std::fmt::Write;
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// A string from the data (a quote, an id, a file name, a message that
/// embeds them) made safe to print: every unsafe character escaped, so one
/// finding is one line of plain text whatever the records hold.
pub fn printable(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            escape_char(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// 1-based start and end positions of a span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

pub fn position(files: &Files, span: Span) -> Position {
    let f = files.get(span.file);
    let (line, column) = f.line_col(span.start);
    let (end_line, end_column) = f.line_col(span.end.max(span.start));
    Position { line, column, end_line, end_column }
}

/// A serialized JSON document with every unsafe character that serde_json
/// leaves as it is (DEL, the C1 controls such as the 8-bit CSI `U+009B`,
/// line separators, bidi overrides) written as a `\uXXXX` escape: these
/// can only occur inside strings, where the escape means the same
/// character, so the document is unchanged for a JSON reader and plain text
/// for a terminal.
pub fn json_safe(doc: String) -> String {
    if !doc.chars().any(|c| is_unsafe(c) && c != '\n') {
        return doc;
    }
    let mut out = String::with_capacity(doc.len() + 16);
    for c in doc.chars() {
        if is_unsafe(c) && c != '\n' {
            use std::fmt::Write;
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// The file an anchor points into.
pub fn source_of<'a>(files: &'a Files, a: &Anchor) -> &'a SourceFile {
    files.get(match a {
        Anchor::Span(s) => s.file,
        Anchor::Path { file, .. } => *file,
    })
}

/// File name and position of an anchor; anchors are resolved before
/// emitting, so a path anchor here is shown at the top of its file.
pub fn place<'a>(files: &'a Files, a: &Anchor) -> (&'a str, Position) {
    let span = match a {
        Anchor::Span(s) => *s,
        Anchor::Path { file, .. } => Span { file: *file, start: 0, end: 0 },
    };
    (files.get(span.file).name.as_str(), position(files, span))
}

/// The anchor GitHub gives a Markdown heading: lowercase, spaces to `-`,
/// punctuation other than `-` and `_` dropped (`citation/quote-missing-value`
/// gives `citationquote-missing-value`).
pub fn anchor(heading: &str) -> String {
    heading
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// `docs/RULES.md`: every rule's docs under a heading of its code, the
/// target of SARIF's `helpUri`. Generated; the emitter tests check that the
/// committed file is current (`UPDATE_SNAPSHOTS=1` rewrites it).
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "<!-- Generated from the rules' docs (RuleInfo::docs); `UPDATE_SNAPSHOTS=1 cargo test -p wbd-check --test emitters` rewrites it. -->\n# Rules\n\nWhat `cargo xtask check` reports, one section per rule; `cargo xtask explain CODE` prints the same text.\n\n",
    );
    for r in crate::rules::all() {
        let i = r.info();
        out.push_str(&format!("- [`{}`](#{}) ({}): {}\n", i.code, anchor(i.code), i.severity.as_str(), i.summary));
    }
    for r in crate::rules::all() {
        let i = r.info();
        out.push_str(&format!("\n## {}\n\nDefault severity: {}. {}\n\n", i.code, i.severity.as_str(), i.summary));
        // The docs' own `## What it checks` sections become `###`; lines in
        // code blocks stay as they are.
        let mut fenced = false;
        for line in i.docs.trim_end().lines() {
            if line.starts_with("```") {
                fenced = !fenced;
            }
            if !fenced && line.starts_with('#') {
                out.push('#');
            }
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}
