//! A mutation fuzzer for the checker that runs on stable Rust.
//!
//! It takes real record files (the dataset's own and the rule fixtures),
//! mutates them ([`mutate`]), runs the loader and every rule on the mutated
//! dataset in-process, and asserts what must hold for any input:
//!
//! - no panic, in the check, in any emitter, or in building the published
//!   files of a dataset the check calls clean;
//! - the JSON report parses;
//! - every span lies inside its file, on character boundaries;
//! - the same input gives the same report twice.
//!
//! (The exit status of `cargo xtask check` follows from the report alone,
//! so "0, 1 or 2, never 101" is "no panic" here.) A failing input is saved
//! as a regression case, `<name>.yaml` (the mutated file) and `<name>.json`
//! (which file of which dataset it replaces, and what failed), which the
//! crate's tests replay on every run.

pub mod mutate;
pub mod rng;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use wbd_check::diagnostic::Anchor;
use wbd_check::{Options, Report};

use rng::Rng;

/// A dataset whose files are mutated.
#[derive(Clone, Debug)]
pub struct Base {
    /// How regression cases name it: a path relative to the repository
    /// root (`dataset`, `tests/fixtures/base`).
    pub name: String,
    pub dir: PathBuf,
    pub archive: Option<PathBuf>,
}

/// One file to mutate: `file` (relative to the base) with `text`; a file
/// that is not part of the base (a rule fixture) is added for the run.
#[derive(Clone, Debug)]
pub struct Target {
    pub base: usize,
    pub file: String,
    pub text: Vec<u8>,
}

pub struct Config {
    pub root: PathBuf,
    pub bases: Vec<Base>,
    pub targets: Vec<Target>,
    pub seed: u64,
    /// Stop after this long...
    pub duration: Duration,
    /// ...or after this many mutants, whichever comes first.
    pub max_mutants: u64,
    /// Where failing inputs are written as regression cases.
    pub save: Option<PathBuf>,
}

/// One input that broke an invariant.
#[derive(Debug)]
pub struct Failure {
    pub base: String,
    pub file: String,
    pub what: String,
    pub input: Vec<u8>,
    /// The file name the case was saved under, if saved.
    pub saved: Option<PathBuf>,
}

#[derive(Debug, Default)]
pub struct Summary {
    pub mutants: u64,
    pub elapsed: Duration,
    pub failures: Vec<Failure>,
}

/// The bases and targets of a repository: the real dataset's files, the
/// clean fixture base's files, and every rule fixture added to that base.
pub fn targets_of_repo(root: &Path) -> std::io::Result<(Vec<Base>, Vec<Target>)> {
    let bases = vec![
        Base { name: "dataset".into(), dir: root.join("dataset"), archive: Some(root.join("../shared/seeds")).filter(|p| p.is_dir()) },
        Base {
            name: "tests/fixtures/base".into(),
            dir: root.join("tests/fixtures/base"),
            archive: Some(root.join("tests/fixtures/archive")),
        },
    ];
    let mut targets = Vec::new();
    for (b, base) in bases.iter().enumerate() {
        for f in yaml_files(&base.dir)? {
            let rel = f.strip_prefix(&base.dir).unwrap_or(&f).to_string_lossy().replace('\\', "/");
            targets.push(Target { base: b, file: rel, text: std::fs::read(&f)? });
        }
    }
    for f in yaml_files(&root.join("tests/fixtures/rules"))? {
        let stem = f.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if stem.starts_with("fail") || stem.starts_with("pass") {
            targets.push(Target { base: 1, file: "fixture.yaml".into(), text: std::fs::read(&f)? });
        }
    }
    Ok((bases, targets))
}

fn yaml_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d)? {
            let p = e?.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "yaml") {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// A private copy of each base, so mutants never touch the originals.
struct Work {
    dirs: Vec<PathBuf>,
    top: PathBuf,
}

impl Work {
    fn new(bases: &[Base]) -> std::io::Result<Work> {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let top = std::env::temp_dir().join(format!("wbd-fuzz-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&top);
        let mut dirs = Vec::new();
        for (i, b) in bases.iter().enumerate() {
            let d = top.join(format!("b{i}")).join("dataset");
            copy_dir(&b.dir, &d)?;
            dirs.push(d);
        }
        Ok(Work { dirs, top })
    }
}

impl Drop for Work {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.top);
    }
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()))?;
        } else {
            std::fs::copy(&p, to.join(e.file_name()))?;
        }
    }
    Ok(())
}

/// Panic messages caught while a check runs (the hook prints nothing).
static PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn quiet_hook() -> Box<dyn Fn(&std::panic::PanicHookInfo<'_>) + Sync + Send + 'static> {
    let old = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        if let Ok(mut p) = PANICS.lock() {
            p.push(format!("{msg}{at}"));
        }
    }));
    old
}

/// Runs the check on `dataset` and returns the JSON report, or what broke.
fn check_once(root: &Path, schema_dir: &Path, dataset: &Path, archive: Option<&Path>) -> Result<String, String> {
    let opts = Options {
        dataset: dataset.to_path_buf(),
        root: root.to_path_buf(),
        schema_dir: Some(schema_dir.to_path_buf()),
        archive: archive.map(Path::to_path_buf).into_iter().collect(),
        ..Options::default()
    };
    let result = catch_unwind(AssertUnwindSafe(|| {
        let report = wbd_check::run(&opts);
        let json = wbd_check::emit::json(&report);
        let _ = wbd_check::emit::human(&report, true, true);
        let _ = wbd_check::emit::github(&report);
        let _ = wbd_check::emit::sarif(&report);
        // A dataset the check calls clean must publish: build the outputs
        // in memory (nothing is written) and keep them for the comparison.
        let mut json = json;
        if let Ok(out) = wbd_publish::build(&report, &[]) {
            for (name, bytes) in &out.files {
                json.push_str(&format!("\n== {name} {}\n", bytes.len()));
                json.push_str(&String::from_utf8_lossy(bytes));
            }
        }
        (spans_inside(&report), json)
    }));
    match result {
        Ok((Ok(()), json)) => match serde_json::from_str::<serde_json::Value>(json.split("\n== ").next().unwrap_or("")) {
            Ok(_) => Ok(json),
            Err(e) => Err(format!("the JSON report does not parse: {e}")),
        },
        Ok((Err(e), _)) => Err(e),
        Err(_) => {
            let msg = PANICS.lock().map(|mut p| p.drain(..).collect::<Vec<_>>().join("; ")).unwrap_or_default();
            Err(format!("panic: {msg}"))
        }
    }
}

/// Every span of every finding lies inside its file, on character
/// boundaries.
fn spans_inside(report: &Report) -> Result<(), String> {
    let files = &report.dataset.files;
    for d in &report.diagnostics {
        for a in std::iter::once(&d.anchor).chain(d.related.iter().map(|r| &r.anchor)) {
            let Anchor::Span(s) = a else { continue };
            let Some(f) = files.files.get(s.file as usize) else {
                return Err(format!("{}: span in file #{} of {}", d.code, s.file, files.files.len()));
            };
            let text = f.text();
            let ok = s.start <= s.end
                && (s.end as usize) <= text.len()
                && text.is_char_boundary(s.start as usize)
                && text.is_char_boundary(s.end as usize);
            if !ok {
                return Err(format!(
                    "{}: span {}..{} outside {} ({} bytes) or inside a character",
                    d.code,
                    s.start,
                    s.end,
                    f.name,
                    text.len()
                ));
            }
        }
    }
    Ok(())
}

/// Checks one mutated file in place of `target` and returns what broke.
fn check_input(root: &Path, schema_dir: &Path, work_dir: &Path, base: &Base, file: &str, input: &[u8]) -> Result<(), String> {
    let path = work_dir.join(file);
    let original = std::fs::read(&path).ok();
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot write the mutant: {e}"))?;
    }
    std::fs::write(&path, input).map_err(|e| format!("cannot write the mutant: {e}"))?;
    let archive = base.archive.as_deref();
    let first = check_once(root, schema_dir, work_dir, archive);
    let result = first.and_then(|a| {
        let b = check_once(root, schema_dir, work_dir, archive)?;
        if a == b { Ok(()) } else { Err("the same input gave two different reports".into()) }
    });
    match original {
        Some(o) => std::fs::write(&path, o).map_err(|e| format!("cannot restore {file}: {e}"))?,
        None => std::fs::remove_file(&path).map_err(|e| format!("cannot remove {file}: {e}"))?,
    }
    result
}

/// Runs the fuzzer. `progress` is called now and then with the summary so
/// far.
pub fn run(cfg: &Config, mut progress: impl FnMut(&Summary)) -> std::io::Result<Summary> {
    if cfg.targets.is_empty() {
        return Err(std::io::Error::other("nothing to fuzz: no record files found"));
    }
    let work = Work::new(&cfg.bases)?;
    let schema_dir = cfg.root.join("schema");
    let old_hook = quiet_hook();
    let mut rng = Rng::new(cfg.seed);
    let mut summary = Summary::default();
    let start = Instant::now();
    let mut last = start;
    while summary.mutants < cfg.max_mutants && start.elapsed() < cfg.duration {
        let t = &cfg.targets[rng.below(cfg.targets.len())];
        let mut input = t.text.clone();
        let mut what = Vec::new();
        for _ in 0..1 + rng.below(3) {
            what.push(mutate::mutate(&mut rng, &mut input));
        }
        summary.mutants += 1;
        let base = &cfg.bases[t.base];
        if let Err(e) = check_input(&cfg.root, &schema_dir, &work.dirs[t.base], base, &t.file, &input) {
            let mut failure = Failure {
                base: base.name.clone(),
                file: t.file.clone(),
                what: format!("{e} (mutations: {})", what.join(", ")),
                input,
                saved: None,
            };
            if let Some(dir) = &cfg.save {
                failure.saved = Some(save_case(dir, cfg.seed, summary.mutants, &failure)?);
            }
            summary.failures.push(failure);
        }
        if last.elapsed() > Duration::from_secs(5) {
            last = Instant::now();
            summary.elapsed = start.elapsed();
            progress(&summary);
        }
    }
    summary.elapsed = start.elapsed();
    std::panic::set_hook(old_hook);
    Ok(summary)
}

fn save_case(dir: &Path, seed: u64, n: u64, f: &Failure) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let name = format!("seed{seed}-{n}");
    std::fs::write(dir.join(format!("{name}.yaml")), &f.input)?;
    let meta = serde_json::json!({"base": f.base, "file": f.file, "failure": f.what});
    std::fs::write(dir.join(format!("{name}.json")), serde_json::to_string_pretty(&meta).unwrap_or_default() + "\n")?;
    Ok(dir.join(format!("{name}.yaml")))
}

/// Replays the saved regression cases in `dir`: the name of each and what
/// broke, for those that still fail.
pub fn replay(root: &Path, dir: &Path) -> std::io::Result<Vec<(String, String)>> {
    let mut cases: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "json")).collect(),
        Err(_) => Vec::new(),
    };
    cases.sort();
    let (bases, _) = targets_of_repo(root)?;
    let work = Work::new(&bases)?;
    let old_hook = quiet_hook();
    let mut failing = Vec::new();
    for case in cases {
        let meta: serde_json::Value = serde_json::from_slice(&std::fs::read(&case)?).map_err(std::io::Error::other)?;
        let base_name = meta["base"].as_str().unwrap_or("");
        let file = meta["file"].as_str().unwrap_or("");
        let input = std::fs::read(case.with_extension("yaml"))?;
        let name = case.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let Some(b) = bases.iter().position(|b| b.name == base_name) else {
            failing.push((name, format!("unknown base `{base_name}`")));
            continue;
        };
        if let Err(e) = check_input(root, &root.join("schema"), &work.dirs[b], &bases[b], file, &input) {
            failing.push((name, e));
        }
    }
    std::panic::set_hook(old_hook);
    Ok(failing)
}
