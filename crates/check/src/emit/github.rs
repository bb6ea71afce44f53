//! `--format github`: workflow commands that GitHub shows as annotations on
//! the pull request's changed lines, and a `::notice` with the summary.
//!
//! GitHub turns at most 10 error, 10 warning and 10 notice commands of a
//! step into annotations (and at most 50 per job); the rest are only in the
//! step's log ("Limitations" in
//! <https://github.com/actions/toolkit/blob/main/docs/problem-matchers.md>).
//! The summary says how many were not annotated and where they all are.

use std::fmt::Write;

use super::{place, printable, source_of};
use crate::diagnostic::Severity;
use crate::engine::Report;

/// Annotations of one kind GitHub shows per step.
pub const ANNOTATIONS_PER_KIND: usize = 10;

/// Escapes a workflow command's message (`%`, CR, LF).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow command's property value (also `:` and `,`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn github(report: &Report) -> String {
    let mut out = String::new();
    let files = &report.dataset.files;
    for d in report.diagnostics.iter().filter(|d| d.suppressed.is_none()) {
        let (_, p) = place(files, &d.anchor);
        let file = source_of(files, &d.anchor);
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // Record text is escaped first (a CR or LF in a quote stays on the
        // line as `\r`, `\n`); the line breaks between message, help and
        // notes are the command's own (`%0A`).
        let mut msg = printable(&d.message).into_owned();
        if let Some(h) = &d.help {
            msg.push_str("\nhelp: ");
            msg.push_str(&printable(h));
        }
        for r in &d.related {
            let (rf, rp) = place(files, &r.anchor);
            let _ = write!(msg, "\nnote: {}:{}:{}: {}", printable(rf), rp.line, rp.column, printable(&r.message));
        }
        let _ = writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&printable(file.repo_path())),
            p.line,
            p.column,
            p.end_line,
            p.end_column,
            escape_property(d.code),
            escape_data(&msg)
        );
    }
    let _ = writeln!(out, "::notice title=wbd-check::{}", escape_data(&summary(report)));
    out
}

/// One line: the counts, and when GitHub will not annotate every finding,
/// how many it leaves out and where the full report is.
fn summary(report: &Report) -> String {
    let (e, w) = (report.count(Severity::Error), report.count(Severity::Warning));
    let s = report.diagnostics.iter().filter(|d| d.suppressed.is_some()).count();
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let mut line = format!(
        "{}: {}, {}, {} acknowledged; {} records in {} files",
        if e > 0 { "check failed" } else { "check passed" },
        plural(e, "error"),
        plural(w, "warning"),
        s,
        report.dataset.record_count(),
        report.current_files
    );
    let (he, hw) = (e.saturating_sub(ANNOTATIONS_PER_KIND), w.saturating_sub(ANNOTATIONS_PER_KIND));
    if he + hw > 0 {
        let hidden = match (he, hw) {
            (0, w) => plural(w, "warning"),
            (e, 0) => plural(e, "error"),
            (e, w) => format!("{} and {}", plural(e, "error"), plural(w, "warning")),
        };
        let _ = write!(
            line,
            ". GitHub annotates only the first {ANNOTATIONS_PER_KIND} errors and {ANNOTATIONS_PER_KIND} warnings of a step: {hidden} not shown as annotations. All {} findings are in this step's log; `cargo xtask check` prints them with their source lines",
            e + w
        );
    }
    line
}
