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

use crate::diagnostic::{Anchor, Files, Span};

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

/// File name and position of an anchor; anchors are resolved before
/// emitting, so a path anchor here is shown at the top of its file.
pub fn place<'a>(files: &'a Files, a: &Anchor) -> (&'a str, Position) {
    let span = match a {
        Anchor::Span(s) => *s,
        Anchor::Path { file, .. } => Span { file: *file, start: 0, end: 0 },
    };
    (files.get(span.file).name.as_str(), position(files, span))
}
