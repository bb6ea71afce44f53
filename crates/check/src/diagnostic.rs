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
    /// The field the finding is about, relative to its record
    /// (`citations[0].quote`; empty for the record itself), kept from the
    /// path anchor it was made with: anchors become byte spans before
    /// emitting, and SARIF fingerprints need a place that does not move
    /// with lines.
    pub field: Option<String>,
}

impl Diagnostic {
    pub fn new(code: &'static str, severity: Severity, anchor: impl Into<Anchor>, message: impl Into<String>) -> Self {
        let anchor = anchor.into();
        let field = match &anchor {
            Anchor::Path { path, .. } => Some(field_of(path).to_string()),
            Anchor::Span(_) => None,
        };
        Diagnostic {
            code,
            severity,
            message: message.into(),
            anchor,
            related: Vec::new(),
            help: None,
            record: None,
            others: Vec::new(),
            suppressed: None,
            field,
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

/// A record-relative field path: `claims[3].citations[0].quote` gives
/// `citations[0].quote`, `claims[3]` gives `` (the record's index in its
/// file changes when records are added above it; the field does not).
fn field_of(path: &str) -> &str {
    match path.find(']') {
        Some(i) if path[..i].contains('[') && !path[..i].contains('.') => path[i + 1..].trim_start_matches('.'),
        _ => path,
    }
}

/// A file the check read, with what is needed to print positions. The text
/// of a file that parsed without a finding is not kept: it is read again
/// from disk only if a rule later reports something in it, which keeps a
/// large check's memory to its records.
pub struct SourceFile {
    /// Path as shown to users: relative to the repository root (or to the
    /// dataset's parent when the dataset lies outside it), `/`-separated.
    pub name: String,
    pub path: std::path::PathBuf,
    /// Size in bytes when read.
    pub len: u64,
    /// For a file of an earlier state of the dataset (`--since REV`): the
    /// revision, which `name` also shows (`dataset/x.yaml (at REV)`).
    pub revision: Option<String>,
    text: std::sync::OnceLock<Arc<str>>,
    line_starts: std::sync::OnceLock<Vec<u32>>,
    /// Whether the text is ASCII, so that a column is a byte count (a
    /// long line is not counted character by character for each finding).
    ascii: std::sync::OnceLock<bool>,
}

impl SourceFile {
    pub fn new(name: String, path: std::path::PathBuf, text: Arc<str>) -> SourceFile {
        let len = text.len() as u64;
        SourceFile {
            name,
            path,
            len,
            revision: None,
            text: std::sync::OnceLock::from(text),
            line_starts: std::sync::OnceLock::new(),
            ascii: std::sync::OnceLock::new(),
        }
    }

    /// A file whose text is read again only when needed.
    pub fn unloaded(name: String, path: std::path::PathBuf, len: u64) -> SourceFile {
        SourceFile {
            name,
            path,
            len,
            revision: None,
            text: std::sync::OnceLock::new(),
            line_starts: std::sync::OnceLock::new(),
            ascii: std::sync::OnceLock::new(),
        }
    }

    /// The file's path relative to the repository root, without the
    /// `(at REV)` of an earlier state: what GitHub and SARIF can point at.
    pub fn repo_path(&self) -> &str {
        match &self.revision {
            Some(rev) => self.name.strip_suffix(&format!(" (at {rev})")).unwrap_or(&self.name),
            None => &self.name,
        }
    }

    /// The file's text (read from disk on first use when it was not kept;
    /// empty if it can no longer be read).
    pub fn text(&self) -> &Arc<str> {
        self.text.get_or_init(|| {
            let bytes = std::fs::read(&self.path).unwrap_or_default();
            Arc::from(String::from_utf8_lossy(&bytes).as_ref())
        })
    }

    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            let mut v = vec![0];
            v.extend(memchr_newlines(self.text()));
            v
        })
    }

    /// The byte length of a 1-based line (without its line break), or
    /// `None` past the end.
    pub fn line_len(&self, line: u32) -> Option<u32> {
        let starts = self.line_starts();
        let i = (line as usize).checked_sub(1)?;
        let start = *starts.get(i)?;
        let end = starts.get(i + 1).map_or(self.text().len() as u32, |s| s.saturating_sub(1));
        Some(end.saturating_sub(start))
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let text = self.text();
        let starts = self.line_starts();
        let offset = offset.min(text.len() as u32);
        let line = starts.partition_point(|s| *s <= offset) - 1;
        let start = starts[line] as usize;
        let mut end = offset as usize;
        while end > start && !text.is_char_boundary(end) {
            end -= 1;
        }
        let col = if *self.ascii.get_or_init(|| text.is_ascii()) { end - start } else { text[start..end].chars().count() };
        (line as u32 + 1, col as u32 + 1)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn field_paths_are_relative_to_the_record() {
        assert_eq!(super::field_of("claims[3].citations[0].quote"), "citations[0].quote");
        assert_eq!(super::field_of("claims[12]"), "");
        assert_eq!(super::field_of("dataset.license"), "dataset.license");
    }

    #[test]
    fn columns_count_characters() {
        let f = super::SourceFile::new("x".into(), "x".into(), "a: š€x\nb".into());
        assert_eq!(f.line_col(3 + 2 + 3), (1, 6));
        assert_eq!(f.line_col(10), (2, 1));
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
