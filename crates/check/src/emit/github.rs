//! `--format github`: workflow commands that GitHub shows as annotations on
//! the pull request's changed lines.

use std::fmt::Write;

use super::place;
use crate::diagnostic::Severity;
use crate::engine::Report;

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
    for d in report.diagnostics.iter().filter(|d| d.suppressed.is_none()) {
        let (file, p) = place(&report.dataset.files, &d.anchor);
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut msg = d.message.clone();
        if let Some(h) = &d.help {
            msg.push_str("\nhelp: ");
            msg.push_str(h);
        }
        for r in &d.related {
            let (rf, rp) = place(&report.dataset.files, &r.anchor);
            let _ = write!(msg, "\nnote: {rf}:{}:{}: {}", rp.line, rp.column, r.message);
        }
        let _ = writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(file),
            p.line,
            p.column,
            p.end_line,
            p.end_column,
            escape_property(d.code),
            escape_data(&msg)
        );
    }
    out
}
