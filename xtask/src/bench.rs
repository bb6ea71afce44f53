//! `cargo xtask bench`: synthesises datasets of several sizes (once, under
//! `target/bench/`), checks each in a child process (so peak memory does not
//! mix between sizes) and prints wall time, records per second, peak memory
//! and the time of each phase; with `--defects`, how many of the injected
//! defects each rule family found.
//!
//! Run it optimised: `cargo run --release -p xtask -- bench`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use wbd_check::{Options, Severity};

use crate::synth::{self, Config};
use crate::{UsageError, repo_root};

const RELEASE_CMD: &str = "cargo run --release -p xtask -- bench";

pub const HELP: &str = "\
usage: cargo run --release -p xtask -- bench [options]

Synthesises datasets of several sizes (once, under target/bench/), checks
each in a child process and prints wall time, records per second, peak
memory and the time of each phase.

options:
      --claims LIST     sizes, e.g. 10000,100000,1000000 (default), or 10k,1m
      --defects RATE    inject defects and report how many each family found
      --seed S          the random seed (default 1)
      --runs R          best of R runs per size
      --release-hint    print how to run it optimised
";

pub fn run(args: &[String]) -> Result<ExitCode, UsageError> {
    if args.first().map(String::as_str) == Some("--one") {
        return one(&args[1..]);
    }
    let mut sizes = vec![10_000usize, 100_000, 1_000_000];
    let mut defects = 0.0f64;
    let mut seed = 1u64;
    let mut runs: Option<usize> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| UsageError(format!("{name} needs a value")));
        match a.as_str() {
            "--claims" => sizes = value("--claims")?.split(',').map(synth::parse_count).collect::<Result<_, _>>()?,
            "--defects" => defects = value("--defects")?.parse().map_err(|_| UsageError("--defects needs a rate such as 0.01".into()))?,
            "--seed" => seed = value("--seed")?.parse().map_err(|_| UsageError("--seed needs a whole number".into()))?,
            "--runs" => runs = Some(value("--runs")?.parse().map_err(|_| UsageError("--runs needs a whole number".into()))?),
            "--release-hint" => {
                outln!("build the benchmark optimised: {RELEASE_CMD} [--claims 10000,100000,1000000]");
                return Ok(ExitCode::SUCCESS);
            }
            s => return Err(UsageError(format!("unknown option `{s}`"))),
        }
    }
    if cfg!(debug_assertions) {
        errln!("warning: this is an unoptimised build; the figures mean little. Run `{RELEASE_CMD}`.");
    }
    let exe = std::env::current_exe().map_err(|e| UsageError(format!("cannot find the xtask binary: {e}")))?;
    let base = repo_root().join("target/bench");
    outln!(
        "{:>9} {:>6} {:>7} {:>8} {:>11} {:>8} | {:>7} {:>7} {:>7} {:>7} {:>7} {:>7}",
        "claims",
        "files",
        "MB",
        "wall s",
        "records/s",
        "peak MB",
        "walk",
        "parse",
        "index*",
        "rules",
        "resolve",
        "emit"
    );
    let mut failed = false;
    for n in sizes {
        let name = if defects > 0.0 {
            format!("{n}-d{defects}-s{seed}")
        } else if seed != 1 {
            format!("{n}-s{seed}")
        } else {
            n.to_string()
        };
        let dir = base.join(&name);
        let cfg = Config { claims: n, out: dir.clone(), seed, defects, rates: synth::default_rates() };
        let stamp = format!("claims {n} seed {seed} defects {defects} v2\n");
        let stamp_path = dir.join(".synth");
        if std::fs::read_to_string(&stamp_path).ok().as_deref() != Some(stamp.as_str()) {
            errln!("synthesising {n} claims into {} ...", dir.display());
            let t = Instant::now();
            // A cache written by an older bench, before synth marked its
            // output: bench's own (it has bench's stamp), under target/bench.
            if !dir.join(synth::MARKER).exists() && std::fs::read_to_string(&stamp_path).is_ok_and(|s| s.starts_with("claims ")) {
                let _ = std::fs::remove_dir_all(&dir);
                let _ = std::fs::remove_dir_all(synth::archive_dir(&dir));
            }
            if let Err(e) = synth::generate(&cfg) {
                errln!("error: {e}");
                return Ok(ExitCode::from(2));
            }
            // The stamp joins the files synth's marker lists, so that the
            // next synth may replace the directory.
            let _ = std::fs::write(&stamp_path, &stamp).and_then(|_| synth::write_marker(&dir));
            errln!("  done in {:.1} s", t.elapsed().as_secs_f64());
        }
        let runs = runs.unwrap_or(if n <= 100_000 { 3 } else { 1 });
        let out = Command::new(&exe)
            .args(["bench", "--one", &dir.to_string_lossy(), &synth::archive_dir(&dir).to_string_lossy(), &runs.to_string()])
            .output()
            .map_err(|e| UsageError(format!("cannot run {}: {e}", exe.display())))?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        let Some(v) = stdout.lines().last().and_then(|l| serde_json::from_str::<serde_json::Value>(l).ok()) else {
            errln!("error: the check of {n} claims failed:\n{}", String::from_utf8_lossy(&out.stderr));
            failed = true;
            continue;
        };
        let f = |k: &str| v[k].as_f64().unwrap_or(0.0);
        outln!(
            "{:>9} {:>6} {:>7.1} {:>8.3} {:>11.0} {:>8.0} | {:>7.3} {:>7.3} {:>7.3} {:>7.3} {:>7.3} {:>7.3}",
            f("claims"),
            f("files"),
            f("bytes") / 1e6,
            f("wall"),
            f("records") / f("wall").max(1e-9),
            f("peak_kb") / 1024.0,
            f("walk"),
            f("parse"),
            f("index"),
            f("rules"),
            f("resolve"),
            f("emit"),
        );
        outln!(
            "          errors {}, warnings {}{}",
            f("errors"),
            f("warnings"),
            v["by_code"]
                .as_object()
                .map(|m| format!(" ({})", m.iter().map(|(k, c)| format!("{k} {c}")).collect::<Vec<_>>().join(", ")))
                .unwrap_or_default()
        );
        if let Some(slow) = v["slowest_rules"].as_array() {
            outln!("          slowest rules (s): {}", slow.iter().filter_map(|s| s.as_str()).collect::<Vec<_>>().join(", "));
        }
        if let Some(fam) = v["families"].as_object().filter(|m| !m.is_empty()) {
            for (family, x) in fam {
                outln!("          {family:<14} found {}/{} injected", x["found"], x["injected"]);
            }
            if let Some(missed) = v["missed"].as_array().filter(|m| !m.is_empty()) {
                outln!("          missed: {}", missed.iter().filter_map(|m| m.as_str()).collect::<Vec<_>>().join(", "));
            }
        }
    }
    outln!(
        "(wall: the whole in-process check, emitting the JSON report included; phases in seconds; index*: the id index and the equivalents' rates and, beside them, the archived texts read and searched; peak: VmHWM of the child process)"
    );
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The child: `bench --one DIR ARCHIVE RUNS`. Prints one line of JSON.
fn one(args: &[String]) -> Result<ExitCode, UsageError> {
    let [dir, archive, runs, ..] = args else { return Err(UsageError("bench --one DIR ARCHIVE RUNS".into())) };
    let dir = PathBuf::from(dir);
    let runs: usize = runs.parse().unwrap_or(1).max(1);
    let root = repo_root();
    let opts = Options {
        dataset: dir.clone(),
        root: root.clone(),
        schema_dir: Some(root.join("schema")),
        archive: vec![PathBuf::from(archive)],
        only: Vec::new(),
        severity: crate::config::load(&crate::check::default_config()).map_err(|e| UsageError(e.0))?.severity_overrides(),
        since: None,
        conversion_window_days: None,
        overlay: Default::default(),
    };
    let mut best: Option<(Duration, wbd_check::engine::Timings, Duration)> = None;
    let mut report = None;
    for _ in 0..runs {
        drop(report.take());
        // The previous run's memory goes back to the allocator now, not
        // inside the next run: glibc gathers freed small blocks on the next
        // large request, in each thread's arena (15 ms of the next run's
        // walk otherwise). A single check pays nothing of the kind.
        rayon::broadcast(|_| std::hint::black_box(Vec::<u8>::with_capacity(64 << 10)));
        std::hint::black_box(Vec::<u8>::with_capacity(64 << 10));
        let t = Instant::now();
        let r = wbd_check::run(&opts);
        let te = Instant::now();
        let json = wbd_check::emit::json(&r);
        let emit = te.elapsed();
        let wall = t.elapsed();
        std::hint::black_box(json.len());
        if best.as_ref().is_none_or(|(w, _, _)| wall < *w) {
            best = Some((wall, r.timings.clone(), emit));
        }
        report = Some(r);
    }
    let (wall, timings, emit) = best.expect("at least one run");
    let report = report.expect("at least one run");
    let peak_kb = peak_kb();
    let bytes: u64 = report.dataset.files.files.iter().map(|f| f.len).sum();
    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    for d in report.diagnostics.iter().filter(|d| d.suppressed.is_none()) {
        *by_code.entry(d.code).or_default() += 1;
    }
    let (families, missed) = compare(&dir, &report);
    let mut slowest = timings.per_rule.clone();
    slowest.sort_by(|a, b| b.1.cmp(&a.1));
    let slowest: Vec<String> = slowest.iter().take(10).map(|(c, d)| format!("{c} {:.3}", d.as_secs_f64())).collect();
    let out = serde_json::json!({
        "claims": report.dataset.claims.len(),
        "records": report.dataset.record_count(),
        "files": report.dataset.files.files.len(),
        "bytes": bytes,
        "wall": wall.as_secs_f64(),
        "walk": timings.walk.as_secs_f64(),
        "parse": timings.parse.as_secs_f64(),
        "index": timings.index.as_secs_f64(),
        "rules": timings.rules.as_secs_f64(),
        "resolve": timings.resolve.as_secs_f64(),
        "emit": emit.as_secs_f64(),
        "slowest_rules": slowest,
        "peak_kb": peak_kb,
        "errors": report.count(Severity::Error),
        "warnings": report.count(Severity::Warning),
        "by_code": by_code,
        "families": families,
        "missed": missed,
    });
    outln!("{out}");
    Ok(ExitCode::SUCCESS)
}

/// Peak resident memory of this process (VmHWM), in KiB.
fn peak_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

/// Found/injected per rule family, by matching the diagnostics against
/// `defects.json` (same code, same file, one of the defect's records).
fn compare(dir: &Path, report: &wbd_check::Report) -> (serde_json::Value, Vec<String>) {
    let Ok(text) = std::fs::read_to_string(dir.join("defects.json")) else { return (serde_json::json!({}), Vec::new()) };
    let Ok(doc) = serde_json::from_str::<serde_json::Value>(&text) else { return (serde_json::json!({}), Vec::new()) };
    // code -> [(file name, record)]
    let mut found_at: BTreeMap<&str, Vec<(&str, Option<&str>)>> = BTreeMap::new();
    for d in &report.diagnostics {
        let file = d.span().map_or("", |s| report.dataset.files.get(s.file).name.as_str());
        found_at.entry(d.code).or_default().push((file, d.record.as_deref()));
    }
    let mut families: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut missed: BTreeMap<String, usize> = BTreeMap::new();
    for def in doc["defects"].as_array().into_iter().flatten() {
        let code = def["code"].as_str().unwrap_or("");
        let file = def["file"].as_str().unwrap_or("");
        let records: Vec<&str> = def["records"].as_array().into_iter().flatten().filter_map(|r| r.as_str()).collect();
        let hit = found_at.get(code).is_some_and(|list| {
            list.iter().any(|(f, r)| {
                let same_file = f.ends_with(&format!("/{file}"));
                let same_record = r.is_some_and(|r| records.contains(&r));
                (same_file && (records.is_empty() || r.is_none() || same_record)) || same_record
            })
        });
        let fam = families.entry(code.split('/').next().unwrap_or(code).to_string()).or_default();
        fam.1 += 1;
        if hit {
            fam.0 += 1;
        } else {
            *missed.entry(code.to_string()).or_default() += 1;
        }
    }
    let fam =
        families.into_iter().map(|(k, (f, i))| (k, serde_json::json!({"found": f, "injected": i}))).collect::<serde_json::Map<_, _>>();
    (serde_json::Value::Object(fam), missed.into_iter().map(|(k, n)| format!("{k} x{n}")).collect())
}
