//! The project's own diagnostic type. It knows nothing about printing: the
//! emitters in [`crate::emit`] turn it into text, JSON, GitHub annotations
//! or SARIF.

use std::sync::Arc;

use crate::yaml::ByteSpan;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// Index of a file in the [`Files`] store.
pub type FileId = u32;

/// A place in a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, (start, end): ByteSpan) -> Span {
        Span { file, start, end }
    }
}

/// Where a diagnostic points before it is resolved to bytes: a path into a
/// record file's YAML tree (`claims[3].citations[0].quote`), resolved by
/// re-reading only the files that have findings, or a span already known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Anchor {
    Span(Span),
    Path { file: FileId, path: String },
}

impl From<Span> for Anchor {
    fn from(s: Span) -> Anchor {
        Anchor::Span(s)
    }
}

#[derive(Clone, Debug)]
pub struct Related {
    pub anchor: Anchor,
    pub message: String,
}

/// Why a finding does not count: a record's `allow` or a claim's
/// `conflicts_with`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    pub reason: String,
    /// `allow` or `conflicts_with`.
    pub by: &'static str,
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub anchor: Anchor,
    pub related: Vec<Related>,
    pub help: Option<String>,
    /// The id of the record the finding is about.
    pub record: Option<String>,
    /// For contradictions: the ids of the other claims involved, so that a
    /// `conflicts_with` between `record` and one of them acknowledges it.
    pub others: Vec<String>,
    pub suppressed: Option<Suppression>,
}

impl Diagnostic {
    pub fn new(code: &'static str, severity: Severity, anchor: impl Into<Anchor>, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            anchor: anchor.into(),
            related: Vec::new(),
            help: None,
            record: None,
            others: Vec::new(),
            suppressed: None,
        }
    }
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    pub fn record(mut self, id: impl Into<String>) -> Self {
        self.record = Some(id.into());
        self
    }
    /// Names another claim of a contradiction (see [`Diagnostic::others`]).
    pub fn other(mut self, id: impl Into<String>) -> Self {
        self.others.push(id.into());
        self
    }
    pub fn related(mut self, anchor: impl Into<Anchor>, message: impl Into<String>) -> Self {
        self.related.push(Related { anchor: anchor.into(), message: message.into() });
        self
    }
    pub fn span(&self) -> Option<Span> {
        match &self.anchor {
            Anchor::Span(s) => Some(*s),
            Anchor::Path { .. } => None,
        }
    }
}

/// A file the check read, with what is needed to print positions.
pub struct SourceFile {
    /// Path as shown to users: relative to the repository root (or to the
    /// dataset's parent when the dataset lies outside it), `/`-separated.
    pub name: String,
    pub path: std::path::PathBuf,
    pub text: Arc<str>,
    line_starts: Vec<u32>,
}

impl SourceFile {
    pub fn new(name: String, path: std::path::PathBuf, text: Arc<str>) -> SourceFile {
        let mut line_starts = vec![0];
        line_starts.extend(memchr_newlines(&text));
        SourceFile { name, path, text, line_starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let offset = offset.min(self.text.len() as u32);
        let line = self.line_starts.partition_point(|s| *s <= offset) - 1;
        let start = self.line_starts[line] as usize;
        let mut end = offset as usize;
        while end > start && !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let col = self.text[start..end].chars().count();
        (line as u32 + 1, col as u32 + 1)
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = u32> + '_ {
    memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i as u32 + 1)
}

/// The files of one check, indexed by [`FileId`].
#[derive(Default)]
pub struct Files {
    pub files: Vec<SourceFile>,
}

impl Files {
    pub fn add(&mut self, f: SourceFile) -> FileId {
        self.files.push(f);
        (self.files.len() - 1) as FileId
    }
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id as usize]
    }
}
