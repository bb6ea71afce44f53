//! `--format human`: miette reports with the source snippet, like rustc.
//!
//! Everything printed here is plain text whatever the records hold: control
//! characters in messages, help, labels, file names and the source snippet
//! are escaped ([`super::printable`]), so a quote cannot colour, clear or
//! link the terminal, nor forge a line in a CI log. Positions are 1-based
//! lines and columns in characters, as in every other format; lines are
//! never wrapped, so ids and paths stay whole for copy and grep.

use std::fmt;
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use super::{Position, escape_char, is_unsafe, place, position, printable};
use crate::diagnostic::{Anchor, Diagnostic, Severity, SourceFile};
use crate::engine::Report;

struct Rendered<'a> {
    d: &'a Diagnostic,
    message: String,
    /// Whether the source snippet is drawn (not for very long lines).
    snippet: bool,
    source: Shown,
    labels: Vec<LabeledSpan>,
    help: Option<String>,
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Rendered<'_> {}

impl miette::Diagnostic for Rendered<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.d.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.snippet.then_some(&self.source as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.snippet.then(|| Box::new(self.labels.iter().cloned()) as Box<dyn Iterator<Item = LabeledSpan>>)
    }
}

/// A file's text as shown in a snippet: unsafe characters escaped (a CR
/// before LF is a line end and stays), with the byte offsets of the
/// original mapped onto it, and the header's position taken from the
/// original file (lines and columns in characters, not bytes).
#[derive(Clone)]
struct Shown {
    name: String,
    text: Arc<str>,
    /// (offset in the original just after an escaped character, bytes
    /// added so far); empty when nothing was escaped.
    shifts: Arc<Vec<(u32, u32)>>,
    /// The primary span as shown, and its 0-based line and column.
    header: Option<(SourceSpan, usize, usize)>,
}

impl Shown {
    fn new(file: &SourceFile) -> Shown {
        let name = printable(&file.name).into_owned();
        let original = file.text();
        let keep = |i: usize, c: char| c == '\n' || c == '\t' || (c == '\r' && original.as_bytes().get(i + 1) == Some(&b'\n'));
        if !original.char_indices().any(|(i, c)| is_unsafe(c) && !keep(i, c)) {
            return Shown { name, text: original.clone(), shifts: Arc::default(), header: None };
        }
        let mut text = String::with_capacity(original.len() + 16);
        let mut shifts = Vec::new();
        for (i, c) in original.char_indices() {
            if is_unsafe(c) && !keep(i, c) {
                escape_char(c, &mut text);
                let added = (text.len() - (i + c.len_utf8())) as u32;
                shifts.push(((i + c.len_utf8()) as u32, added));
            } else {
                text.push(c);
            }
        }
        Shown { name, text: Arc::from(text), shifts: Arc::new(shifts), header: None }
    }

    /// An offset of the original file in the shown text.
    fn map(&self, offset: u32) -> usize {
        let i = self.shifts.partition_point(|(at, _)| *at <= offset);
        let added = if i == 0 { 0 } else { self.shifts[i - 1].1 };
        (offset + added) as usize
    }

    fn span(&self, s: crate::diagnostic::Span) -> SourceSpan {
        let (start, end) = (self.map(s.start), self.map(s.end.max(s.start)));
        SourceSpan::new(start.into(), end - start)
    }
}

impl SourceCode for Shown {
    fn read_span<'a>(&'a self, span: &SourceSpan, before: usize, after: usize) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.as_bytes().read_span(span, before, after)?;
        let (mut line, mut column) = (inner.line(), inner.column());
        // miette asks for the primary label alone to print the header
        // `[file:line:column]`; it would count the column in bytes.
        if let Some((s, l, c)) = self.header
            && before == 0
            && after == 0
            && s == *span
        {
            (line, column) = (l, c);
        }
        Ok(Box::new(MietteSpanContents::new_named(self.name.clone(), inner.data(), *inner.span(), line, column, inner.line_count())))
    }
}

fn span_of(a: &Anchor) -> Option<crate::diagnostic::Span> {
    match a {
        Anchor::Span(s) => Some(*s),
        Anchor::Path { .. } => None,
    }
}

/// The longest line (in bytes) drawn in a snippet. A finding on a longer
/// line, or next to one (a file of records in one line of flow style, a
/// minified JSON file), is shown without its snippet: the terminal could
/// not show it usefully, and miette cannot pad past 65,535 columns.
const LONGEST_SNIPPET_LINE: u32 = 1000;

/// Whether the lines a snippet of `span` would draw (one line of context on
/// each side) are all short enough.
fn fits_snippet(file: &SourceFile, first: u32, last: u32) -> bool {
    (first.saturating_sub(1).max(1)..=last.saturating_add(1)).all(|l| file.line_len(l).is_none_or(|n| n <= LONGEST_SNIPPET_LINE))
}

/// Renders every unsuppressed finding (and, with `verbose`, the suppressed
/// ones too) and a one-line summary.
pub fn human(report: &Report, color: bool, verbose: bool) -> String {
    human_findings(report, color, verbose) + &human_summary(report)
}

/// The findings of [`human`] without the notes and summary (`--quiet`).
pub fn human_findings(report: &Report, color: bool, verbose: bool) -> String {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_wrap_lines(false).with_context_lines(1);
    let files = &report.dataset.files;
    let mut out = String::new();
    // Each file is scanned for characters to escape once, not once per
    // finding in it.
    let mut shown: crate::hash::FastMap<crate::diagnostic::FileId, Shown> = Default::default();
    for d in &report.diagnostics {
        if d.suppressed.is_some() && !verbose {
            continue;
        }
        let Some(span) = span_of(&d.anchor) else { continue };
        let mut source = shown.entry(span.file).or_insert_with(|| Shown::new(files.get(span.file))).clone();
        let primary = source.span(span);
        let Position { line, column, end_line, .. } = position(files, span);
        source.header = Some((primary, line as usize - 1, column as usize - 1));
        let snippet = fits_snippet(files.get(span.file), line, end_line);
        let mut labels = vec![LabeledSpan::new_primary_with_span(Some(d.code.to_string()), primary)];
        let mut help: Vec<String> = d.help.iter().map(|h| printable(h).into_owned()).collect();
        for r in &d.related {
            let near = span_of(&r.anchor).filter(|rs| rs.file == span.file).filter(|rs| {
                let p = position(files, *rs);
                fits_snippet(files.get(rs.file), p.line, p.end_line)
            });
            match near {
                Some(rs) if snippet => labels.push(LabeledSpan::new_with_span(Some(printable(&r.message).into_owned()), source.span(rs))),
                _ => {
                    let (rf, p) = place(files, &r.anchor);
                    help.push(format!("see also: {}: {}:{}:{}", printable(&r.message), printable(rf), p.line, p.column));
                }
            }
        }
        if let Some(s) = &d.suppressed {
            help.push(format!("suppressed by `{}`: {}", s.by, printable(&s.reason)));
        }
        if !snippet {
            let n = files.get(span.file).line_len(line).unwrap_or(0);
            help.insert(
                0,
                format!("at {}:{line}:{column} (no snippet: the line is {n} bytes long, or a line beside it is long)", source.name),
            );
        }
        let help = (!help.is_empty()).then(|| help.join("\n"));
        let r = Rendered { d, message: printable(&d.message).into_owned(), snippet, source, labels, help };
        let _ = handler.render_report(&mut out, &r);
        out.push('\n');
    }
    out
}

/// The notes and the one-line summary of [`human`].
pub fn human_summary(report: &Report) -> String {
    let mut out = String::new();
    let (e, w) = (report.count(Severity::Error), report.count(Severity::Warning));
    let s = report.diagnostics.iter().filter(|d| d.suppressed.is_some()).count();
    for n in &report.notes {
        out.push_str(&format!("note: {}\n", printable(n)));
    }
    out.push_str(&format!(
        "{}: {} error{}, {} warning{}, {} acknowledged; {} records in {} files\n",
        if e > 0 { "check failed" } else { "check passed" },
        e,
        if e == 1 { "" } else { "s" },
        w,
        if w == 1 { "" } else { "s" },
        s,
        report.dataset.record_count(),
        report.current_files
    ));
    out
}
