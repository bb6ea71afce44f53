//! `wbd-site`: checks the dataset and writes the static site (spawned by
//! `cargo xtask site`, which documents the options).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use wbd_check::{Options, Severity, emit};
use wbd_schema::FileKind;

const USAGE: &str = "usage: wbd-site [--out DIR] [--dataset DIR] [--archive DIR]... [--revision REV]";
/// Marks a directory as this tool's output: only such a directory (or an
/// empty or absent one) is replaced.
const MARKER: &str = ".wbd-site";

fn main() -> ExitCode {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let root = root.canonicalize().unwrap_or(root);
    let mut out = root.join("dist/site");
    let mut dataset = root.join("dataset");
    let mut archive = Vec::new();
    let mut revision: Option<String> = None;
    let mut args = std::env::args_os().skip(1);
    while let Some(a) = args.next() {
        let mut val = |name: &str| match args.next() {
            Some(v) => Ok(v),
            None => Err(format!("{name} needs a value")),
        };
        let r = match a.to_str() {
            Some("--out") => val("--out").map(|v| out = v.into()),
            Some("--dataset") => val("--dataset").map(|v| dataset = v.into()),
            Some("--archive") => val("--archive").map(|v| archive.push(PathBuf::from(v))),
            Some("--revision") => val("--revision").map(|v| revision = Some(v.to_string_lossy().into_owned())),
            _ => Err(format!("unexpected argument `{}`", a.to_string_lossy())),
        };
        if let Err(e) = r {
            eprintln!("error: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    }
    if !dataset.join("dataset.yaml").is_file() {
        eprintln!("error: {} has no dataset.yaml; nothing was written", dataset.display());
        return ExitCode::from(2);
    }
    let t = Instant::now();
    let opts = Options {
        dataset,
        root: root.clone(),
        schema_dir: Some(root.join("schema")),
        archive,
        only: Vec::new(),
        severity: Default::default(),
        since: None,
        conversion_window_days: None,
        overlay: Default::default(),
    };
    let report = wbd_check::run(&opts);
    let errors = report.count(Severity::Error);
    if errors > 0 {
        eprintln!("{}", emit::human(&report, false, false).trim_end());
        eprintln!("error: the check found {errors} error(s); no site was written");
        return ExitCode::from(1);
    }
    let check_ms = t.elapsed().as_millis();
    let t = Instant::now();
    let mut schemas = Vec::new();
    for k in FileKind::ALL {
        let name = k.schema_file();
        match std::fs::read_to_string(root.join("schema").join(&name)) {
            Ok(s) => schemas.push((name, s)),
            Err(e) => {
                eprintln!("error: cannot read schema/{name}: {e} (run `cargo xtask schema`)");
                return ExitCode::from(2);
            }
        }
    }
    let published = match wbd_publish::build(&report, &schemas) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let Some(data) = wbd_publish::json::build(&report) else {
        eprintln!("error: the dataset has no dataset.yaml; no site was written");
        return ExitCode::from(2);
    };
    let downloads: Vec<(String, usize)> = published.files.iter().map(|(p, b)| (format!("data/{p}"), b.len())).collect();
    let prov = wbd_site::Provenance { revision, downloads };
    let mut files = match wbd_site::build(&report, &data, &prov) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: cannot render the site: {e}");
            return ExitCode::from(2);
        }
    };
    for (p, b) in published.files {
        files.insert(format!("data/{p}"), b);
    }
    let build_ms = t.elapsed().as_millis();
    let t = Instant::now();
    if let Err(e) = write(&out, &files) {
        eprintln!("error: {e}; the site was not written");
        return ExitCode::from(2);
    }
    let bytes: usize = files.values().map(Vec::len).sum();
    let mut o = std::io::stdout().lock();
    let _ = writeln!(
        o,
        "wrote the site to {} ({} files, {bytes} bytes): check {check_ms} ms, pages {build_ms} ms, writing {} ms",
        out.display(),
        files.len(),
        t.elapsed().as_millis()
    );
    ExitCode::SUCCESS
}

/// Writes the files into `out`, replacing an earlier site (a directory
/// with the marker) but nothing else: the new site is written beside it
/// and renamed into place.
fn write(out: &Path, files: &wbd_site::Files) -> Result<(), String> {
    if out.exists() {
        let empty = std::fs::read_dir(out).map_err(|e| format!("cannot read {}: {e}", out.display()))?.next().is_none();
        if !empty && !out.join(MARKER).is_file() {
            return Err(format!("{} holds files this tool did not write (no {MARKER} marker)", out.display()));
        }
    }
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "site".into());
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    let tmp = parent.join(format!(".{name}.new"));
    let old = parent.join(format!(".{name}.old"));
    let _ = std::fs::remove_dir_all(&tmp);
    let _ = std::fs::remove_dir_all(&old);
    let mut dirs = std::collections::BTreeSet::new();
    for p in files.keys() {
        if let Some(d) = Path::new(p).parent() {
            dirs.insert(tmp.join(d));
        }
    }
    std::fs::create_dir_all(&tmp).map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;
    for d in dirs {
        std::fs::create_dir_all(&d).map_err(|e| format!("cannot create {}: {e}", d.display()))?;
    }
    for (p, b) in files {
        let path = tmp.join(p);
        std::fs::write(&path, b).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    std::fs::write(tmp.join(MARKER), "written by cargo xtask site; this directory is replaced on the next run\n")
        .map_err(|e| format!("cannot write the marker: {e}"))?;
    if out.exists() {
        std::fs::rename(out, &old).map_err(|e| format!("cannot move {} aside: {e}", out.display()))?;
    }
    std::fs::rename(&tmp, out).map_err(|e| format!("cannot move the new site to {}: {e}", out.display()))?;
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}
