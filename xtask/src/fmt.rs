//! `cargo xtask fmt [--check] [--diff] [PATHS...]`: the canonical layout of
//! the record files (`wbd-fmt`). Thin: arguments, printing, exit codes.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::{UsageError, repo_root};

pub const HELP: &str = "\
usage: cargo xtask fmt [--check] [--diff] [PATHS...]

Lays the record files out in the canonical layout (docs/FORMAT.md): keys in
the record types' order, two-space indentation, one blank line between
records, plain scalars where YAML allows them, prose folded at 80 columns.
Comments and values are kept exactly as written; every result is parsed
again and compared with the input before a file is replaced (atomically).
PATHS default to dataset/.

options:
  --check   write nothing; list the files that would change (exit 1 if any)
  --diff    print a unified diff of what would change (implies --check)
";

pub fn run(args: &[String]) -> Result<ExitCode, UsageError> {
    let (mut check, mut diff) = (false, false);
    let mut paths = Vec::new();
    for a in args {
        match a.as_str() {
            "--check" => check = true,
            "--diff" => diff = true,
            s if s.starts_with('-') => return Err(UsageError(format!("fmt: unknown option `{s}`"))),
            s => paths.push(PathBuf::from(s)),
        }
    }
    // `--diff` shows what would change and writes nothing.
    let check = check || diff;
    let root = repo_root();
    if paths.is_empty() {
        paths.push(root.join("dataset"));
    }
    if let Some(p) = paths.iter().find(|p| !p.exists()) {
        errln!("error: {} does not exist", p.display());
        return Ok(ExitCode::from(2));
    }
    // `reference/` holds the ECB rates, not records.
    let files: Vec<PathBuf> =
        wbd_fmt::yaml_files(&paths).into_iter().filter(|p| !p.components().any(|c| c.as_os_str() == "reference")).collect();
    let outcomes = wbd_fmt::format_files(&files, Some(&root.join("schema")));
    let name = |p: &std::path::Path| {
        let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        abs.strip_prefix(&root).map(|r| r.to_string_lossy().replace('\\', "/")).unwrap_or_else(|_| p.display().to_string())
    };
    let mut out = std::io::stdout().lock();
    let (mut changed, mut failed, mut written) = (0, 0, 0);
    let mut bad = Vec::new();
    for o in &outcomes {
        match &o.result {
            Ok(None) => {}
            Ok(Some(new)) => {
                changed += 1;
                if check {
                    let _ = writeln!(out, "would reformat {}", name(&o.path));
                    if diff {
                        let _ = out.write_all(wbd_fmt::diff::unified(&name(&o.path), &o.original, new).as_bytes());
                    }
                } else {
                    match wbd_fmt::write_atomic(&o.path, new) {
                        Ok(()) => {
                            written += 1;
                            let _ = writeln!(out, "formatted {}", name(&o.path));
                        }
                        Err(e) => {
                            failed += 1;
                            errln!("error: cannot write {}: {e}", name(&o.path));
                        }
                    }
                }
            }
            Err(diags) => {
                failed += 1;
                bad.push((o, diags));
            }
        }
    }
    if !bad.is_empty() {
        let _ = out.flush();
        eprint!("{}", render(&bad, &name));
    }
    let total = outcomes.len();
    // Written without println!, so a closed pipe (`| head`) ends quietly.
    let _ = if check {
        writeln!(
            out,
            "{changed} of {total} files would be reformatted{}{}",
            if failed > 0 { format!(", {failed} could not be formatted and are left as they are") } else { String::new() },
            if changed > 0 { "\nhelp: run `cargo xtask fmt` to format them" } else { "" }
        )
    } else {
        writeln!(
            out,
            "{written} of {total} files formatted{}",
            if failed > 0 { format!(", {failed} left as they are") } else { String::new() }
        )
    };
    Ok(if changed > 0 && check || failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The files that could not be formatted, rendered as the check renders
/// its findings (file:line:col with the snippet).
fn render(bad: &[(&wbd_fmt::FileOutcome, &Vec<wbd_check::Diagnostic>)], name: &dyn Fn(&std::path::Path) -> String) -> String {
    use wbd_check::diagnostic::{Anchor, SourceFile};
    let mut ds = wbd_check::model::Dataset::default();
    let mut diagnostics = Vec::new();
    for (o, diags) in bad {
        let id = ds.files.add(SourceFile::new(name(&o.path), o.path.clone(), o.original.as_str().into()));
        for d in diags.iter() {
            let mut d = d.clone();
            let fix = |a: &mut Anchor| {
                if let Anchor::Span(s) = a {
                    s.file = id;
                }
            };
            fix(&mut d.anchor);
            d.related.iter_mut().for_each(|r| fix(&mut r.anchor));
            diagnostics.push(d);
        }
    }
    let report = wbd_check::Report {
        dataset: ds,
        index: Default::default(),
        diagnostics,
        timings: Default::default(),
        notes: Vec::new(),
        current_files: bad.len(),
    };
    let text = wbd_check::emit::human(&report, std::io::IsTerminal::is_terminal(&std::io::stderr()), false);
    // The last line is the check's summary; fmt prints its own.
    let body = text.trim_end_matches('\n');
    body.rsplit_once('\n').map_or(String::new(), |(b, _)| format!("{b}\n"))
}

#[cfg(test)]
mod tests {
    //! The formatter on synthetic datasets from `cargo xtask synth`'s
    //! generator: the records the check loads are the same before and
    //! after, and a second run changes nothing.
    use std::path::Path;

    use wbd_check::loader::{self, Schemas};

    fn records(dir: &Path) -> String {
        let (ds, diags, _) = loader::load(dir, dir, &Schemas::load(None));
        let mut s = format!("{:?}\n", diags.iter().map(|d| d.code).collect::<Vec<_>>());
        for r in &ds.sources {
            s.push_str(&format!("{:?} {} {}\n", r.rec, r.file, r.index));
        }
        for r in &ds.entities {
            s.push_str(&format!("{:?} {} {}\n", r.rec, r.file, r.index));
        }
        for r in &ds.metrics {
            s.push_str(&format!("{:?} {} {}\n", r.rec, r.file, r.index));
        }
        for r in &ds.claims {
            s.push_str(&format!("{:?} {} {}\n", r.rec, r.file, r.index));
        }
        s
    }

    #[test]
    fn synthetic_datasets_keep_their_records_and_format_once() {
        for (seed, defects) in [(1, 0.0), (7, 0.05)] {
            let tmp = std::env::temp_dir().join(format!("wbd-fmt-synth-{}-{seed}", std::process::id()));
            let out = tmp.join("ds");
            let cfg = crate::synth::Config { claims: 1500, out: out.clone(), seed, defects, rates: crate::synth::default_rates() };
            crate::synth::generate(&cfg).unwrap();
            let files = wbd_fmt::yaml_files(std::slice::from_ref(&out));
            let before = records(&out);
            let mut changed = 0;
            for o in wbd_fmt::format_files(&files, Some(&crate::repo_root().join("schema"))) {
                match o.result {
                    Ok(Some(new)) => {
                        wbd_fmt::write_atomic(&o.path, &new).unwrap();
                        changed += 1;
                    }
                    Ok(None) => {}
                    // Injected YAML defects are declined, the file left as it is.
                    Err(d) => assert!(
                        defects > 0.0 && d.iter().all(|d| matches!(d.code, "yaml/syntax" | "yaml/duplicate-key")),
                        "{}: {}",
                        o.path.display(),
                        d[0].message
                    ),
                }
            }
            assert!(changed > 0, "the generator's layout is not the canonical one, so files change");
            assert_eq!(records(&out), before, "seed {seed}: the records changed");
            let again = wbd_fmt::format_files(&files, Some(&crate::repo_root().join("schema")));
            assert!(again.iter().all(|o| !matches!(o.result, Ok(Some(_)))), "seed {seed}: a second run changed something");
            let _ = std::fs::remove_dir_all(&tmp);
        }
    }
}
