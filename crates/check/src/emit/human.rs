//! `--format human`: miette reports with the source snippet, like rustc.

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};

use super::place;
use crate::diagnostic::{Anchor, Diagnostic, Severity};
use crate::engine::Report;

struct Rendered<'a> {
    d: &'a Diagnostic,
    source: NamedSource<std::sync::Arc<str>>,
    labels: Vec<LabeledSpan>,
    help: Option<String>,
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.d.message)
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
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

fn span_of(a: &Anchor) -> Option<crate::diagnostic::Span> {
    match a {
        Anchor::Span(s) => Some(*s),
        Anchor::Path { .. } => None,
    }
}

/// Renders every unsuppressed finding (and, with `verbose`, the suppressed
/// ones too) and a one-line summary.
pub fn human(report: &Report, color: bool, verbose: bool) -> String {
    human_findings(report, color, verbose) + &human_summary(report)
}

/// The findings of [`human`] without the notes and summary (`--quiet`).
pub fn human_findings(report: &Report, color: bool, verbose: bool) -> String {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_context_lines(1);
    let files = &report.dataset.files;
    let mut out = String::new();
    for d in &report.diagnostics {
        if d.suppressed.is_some() && !verbose {
            continue;
        }
        let Some(span) = span_of(&d.anchor) else { continue };
        let file = files.get(span.file);
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            Some(d.code.to_string()),
            SourceSpan::new((span.start as usize).into(), (span.end - span.start) as usize),
        )];
        let mut help = d.help.clone();
        for r in &d.related {
            match span_of(&r.anchor) {
                Some(rs) if rs.file == span.file => labels.push(LabeledSpan::new_with_span(
                    Some(r.message.clone()),
                    SourceSpan::new((rs.start as usize).into(), (rs.end - rs.start) as usize),
                )),
                _ => {
                    let (rf, p) = place(files, &r.anchor);
                    let note = format!("{}: {rf}:{}:{}", r.message, p.line, p.column);
                    help = Some(match help {
                        Some(h) => format!("{h}\nsee also: {note}"),
                        None => format!("see also: {note}"),
                    });
                }
            }
        }
        if let Some(s) = &d.suppressed {
            let note = format!("suppressed by `{}`: {}", s.by, s.reason);
            help = Some(match help {
                Some(h) => format!("{h}\n{note}"),
                None => note,
            });
        }
        let r = Rendered { d, source: NamedSource::new(&file.name, file.text().clone()), labels, help };
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
        out.push_str(&format!("note: {n}\n"));
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
