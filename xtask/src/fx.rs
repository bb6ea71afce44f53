//! `cargo xtask fx-update --from FILE [--since DATE] [--replace]
//! [--dataset DIR] [--out FILE]`: refreshes the dataset's copy of the ECB
//! reference rates from a newer ECB `eurofxref-hist.csv`.
//!
//! It cannot lose rates: a new file with any problem the check's reader
//! finds (a short or long row, an empty cell, a repeated date, a code that
//! is not ISO 4217, a last line cut off) is refused, and so is one that
//! would drop a day, a currency or a rate the current file has, unless
//! `--replace` says that is meant. The file is written aside and renamed
//! into place, so it is either the old file or the new one. The
//! `published` date of the `ecb-euro-reference-rates` source follows the
//! newest day.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use wbd_check::rates::{Rates, ReadRates};
use wbd_schema::{CurrencyCode, Date};

use crate::{UsageError, repo_root};

/// The first day the dataset's copy keeps, unless `--since` says otherwise.
pub const DEFAULT_SINCE: &str = "2015-01-01";

/// The source record that describes the rates file.
pub const RATES_SOURCE: &str = "ecb-euro-reference-rates";

pub fn run(args: &[String]) -> Result<ExitCode, UsageError> {
    let mut from = None;
    let mut since: Date = DEFAULT_SINCE.parse().map_err(UsageError)?;
    let mut dataset = repo_root().join("dataset");
    let mut out = None;
    let mut replace = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |n: &str| it.next().cloned().ok_or_else(|| UsageError(format!("{n} needs a value")));
        match a.as_str() {
            "--from" => from = Some(PathBuf::from(value("--from")?)),
            "--since" => since = value("--since")?.parse().map_err(UsageError)?,
            "--dataset" => dataset = PathBuf::from(value("--dataset")?),
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--replace" => replace = true,
            o => return Err(UsageError(format!("unknown option `{o}`"))),
        }
    }
    let Some(from) = from else {
        return Err(UsageError("fx-update needs `--from FILE` (an ECB eurofxref-hist.csv)".into()));
    };
    // The source record is the dataset's; an `--out` elsewhere is not its file.
    let own_file = dataset.join(wbd_check::layout::RATES_FILE);
    let updates_dataset = out.as_ref().is_none_or(|o| *o == own_file);
    let out = out.unwrap_or(own_file);
    let text = match std::fs::read(&from) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) => {
            errln!("error: cannot read {}: {e}", from.display());
            return Ok(ExitCode::from(2));
        }
    };
    let new = Rates::read_csv(&text);
    if !new.errors.is_empty() {
        report_problems(&from, &new);
        errln!("error: {} is not used; {} is left as it was", from.display(), out.display());
        return Ok(ExitCode::from(1));
    }
    let new = new.rates;
    // The kept days, and the currencies with a rate in them.
    let days: Vec<Date> = new.days().range(since..).copied().collect();
    let currencies: Vec<CurrencyCode> = new.currencies().filter(|c| days.iter().any(|d| new.on(*c, *d).is_some())).collect();
    if days.is_empty() || currencies.is_empty() {
        errln!("error: {} has no rates from {since} on; {} is left as it was", from.display(), out.display());
        return Ok(ExitCode::from(1));
    }
    let csv = new.to_csv(&currencies, Some(since));

    // What the current file has.
    let old = match std::fs::read(&out) {
        Ok(b) => {
            let old_text = String::from_utf8_lossy(&b).into_owned();
            if old_text == csv {
                outln!("{} is already up to date ({} days, {} currencies)", out.display(), days.len(), currencies.len());
                return Ok(ExitCode::SUCCESS);
            }
            let read = Rates::read_csv(&old_text);
            if !read.errors.is_empty() && !replace {
                report_problems(&out, &read);
                errln!(
                    "error: the current rates file has the problems above, so what the update would lose cannot be told; \
                     fix it, or pass --replace to overwrite it"
                );
                return Ok(ExitCode::from(1));
            }
            Some(read.rates)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            errln!("error: cannot read {}: {e}", out.display());
            return Ok(ExitCode::from(2));
        }
    };
    let change = Change::between(old.as_ref(), &new, &days, &currencies);
    if change.loses() && !replace {
        errln!("error: the update would lose rates the current file has:");
        for line in change.losses() {
            errln!("  {line}");
        }
        errln!("{} is left as it was; pass --replace if that is meant (or a --since that keeps those days)", out.display());
        return Ok(ExitCode::from(1));
    }
    if let Err(e) = write_atomically(&out, csv.as_bytes()) {
        errln!("error: cannot write {}: {e} (the file is left as it was)", out.display());
        return Ok(ExitCode::from(2));
    }
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(
        stdout,
        "wrote {}: {} {} from {} to {}, {} currencies",
        out.display(),
        days.len(),
        days_word(&days),
        days[0],
        days[days.len() - 1],
        currencies.len()
    );
    for line in change.summary() {
        let _ = writeln!(stdout, "  {line}");
    }
    if updates_dataset {
        let _ = writeln!(stdout, "{}", update_source(&dataset, days[days.len() - 1]));
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints a rates file's problems, one `file:line:column: message` each.
fn report_problems(file: &Path, read: &ReadRates) {
    for e in &read.errors {
        errln!("error: {}:{}:{}: {}", file.display(), e.line, e.column, e.message);
    }
    if read.more_errors > 0 {
        errln!("error: {} more problems in {}", read.more_errors, file.display());
    }
}

/// What an update changes, against the current file (none: a new file).
#[derive(Default)]
struct Change {
    added_days: Vec<Date>,
    dropped_days: Vec<Date>,
    added_currencies: Vec<CurrencyCode>,
    dropped_currencies: Vec<CurrencyCode>,
    /// Rates the current file has on a day and currency the new one keeps,
    /// that the new one has not.
    lost_rates: Vec<(Date, CurrencyCode)>,
    changed_rates: Vec<(Date, CurrencyCode)>,
}

impl Change {
    fn between(old: Option<&Rates>, new: &Rates, days: &[Date], currencies: &[CurrencyCode]) -> Change {
        let Some(old) = old else {
            return Change { added_days: days.to_vec(), added_currencies: currencies.to_vec(), ..Change::default() };
        };
        let new_days: std::collections::BTreeSet<Date> = days.iter().copied().collect();
        let mut c = Change {
            added_days: days.iter().copied().filter(|d| !old.days().contains(d)).collect(),
            dropped_days: old.days().iter().copied().filter(|d| !new_days.contains(d)).collect(),
            added_currencies: currencies.iter().copied().filter(|c| !old.header().contains(c)).collect(),
            dropped_currencies: old.header().iter().copied().filter(|c| !currencies.contains(c)).collect(),
            ..Change::default()
        };
        for d in old.days().intersection(&new_days) {
            for cur in currencies.iter().filter(|c| old.header().contains(c)) {
                match (old.on(*cur, *d), new.on(*cur, *d)) {
                    (Some(_), None) => c.lost_rates.push((*d, *cur)),
                    (Some(a), Some(b)) if a != b => c.changed_rates.push((*d, *cur)),
                    _ => {}
                }
            }
        }
        c
    }

    fn loses(&self) -> bool {
        !(self.dropped_days.is_empty() && self.dropped_currencies.is_empty() && self.lost_rates.is_empty())
    }

    fn losses(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.dropped_days.is_empty() {
            out.push(format!(
                "-{} {} the current file has ({})",
                self.dropped_days.len(),
                days_word(&self.dropped_days),
                span(&self.dropped_days)
            ));
        }
        if !self.dropped_currencies.is_empty() {
            out.push(format!("currencies removed: {}", codes(&self.dropped_currencies)));
        }
        if !self.lost_rates.is_empty() {
            let (d, c) = self.lost_rates[0];
            out.push(format!("{} rates become N/A (the first: {c} on {d})", self.lost_rates.len()));
        }
        out
    }

    fn summary(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.added_days.is_empty() {
            out.push(format!("+{} {} ({})", self.added_days.len(), days_word(&self.added_days), span(&self.added_days)));
        }
        out.extend(self.losses());
        if !self.added_currencies.is_empty() {
            out.push(format!("currencies added: {}", codes(&self.added_currencies)));
        }
        if !self.changed_rates.is_empty() {
            let (d, c) = self.changed_rates[0];
            out.push(format!("{} rates differ from the current file's (the first: {c} on {d})", self.changed_rates.len()));
        }
        if out.is_empty() {
            out.push("no day, currency or rate changed (only the layout)".into());
        }
        out
    }
}

fn days_word(d: &[Date]) -> &'static str {
    if d.len() == 1 { "day" } else { "days" }
}

/// `2024-03-28`, or `2015-01-02 to 2020-12-31` (first and last of a
/// sorted list).
fn span(days: &[Date]) -> String {
    match days {
        [] => String::new(),
        [one] => one.to_string(),
        [first, .., last] => format!("{first} to {last}"),
    }
}

fn codes(c: &[CurrencyCode]) -> String {
    c.iter().map(CurrencyCode::as_str).collect::<Vec<_>>().join(", ")
}

/// Writes `path` through a temporary file in the same directory, renamed
/// over it: a reader (or a kill) sees the old file or the new one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Sets `published` of the rates source to the newest day, in the YAML
/// file that holds it, touching only that line; says what it did, or which
/// dates to update by hand.
fn update_source(dataset: &Path, newest: Date) -> String {
    let by_hand = format!(
        "update the `{RATES_SOURCE}` source by hand: `published: {newest}` (the newest day), `retrieved:` the day you downloaded the file"
    );
    let Some((path, text)) = find_source(dataset) else {
        return format!("no `{RATES_SOURCE}` source found under {}: {by_hand}", dataset.join("sources").display());
    };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let Some(start) = lines.iter().position(|l| is_id_line(l)) else {
        return by_hand;
    };
    let indent = lines[start].find('-').unwrap_or(0);
    let end = (start + 1..lines.len())
        .find(|&i| {
            let l = lines[i];
            let lead = l.len() - l.trim_start().len();
            !l.trim().is_empty() && !l.trim_start().starts_with('#') && lead <= indent
        })
        .unwrap_or(lines.len());
    let Some(at) = (start + 1..end).find(|&i| lines[i].trim_start().starts_with("published:")) else {
        return by_hand;
    };
    let line = lines[at];
    let key_at = line.len() - line.trim_start().len();
    let old = line.trim_start()["published:".len()..].trim();
    let old = old.split('#').next().unwrap_or("").trim();
    if old.parse::<Date>().is_err() {
        return format!("`{RATES_SOURCE}` has `published: {old}`, not a plain date: {by_hand}");
    }
    let retrieved = (start + 1..end).find_map(|i| lines[i].trim_start().strip_prefix("retrieved:").map(str::trim));
    let retrieved = retrieved.map(|r| format!(" (now {r})")).unwrap_or_default();
    let mentions = (start + 1..end).filter(|&i| i != at && lines[i].contains(old)).count();
    let note = if mentions > 0 { format!("; its text mentions {old} {mentions} more time(s): check it") } else { String::new() };
    if old == newest.to_string() {
        return format!(
            "`{RATES_SOURCE}` already says `published: {newest}`; set `retrieved:` to the day you downloaded the file{retrieved}"
        );
    }
    let mut new_text = String::with_capacity(text.len() + 16);
    for (i, l) in lines.iter().enumerate() {
        if i == at {
            let eol = if l.ends_with("\r\n") {
                "\r\n"
            } else if l.ends_with('\n') {
                "\n"
            } else {
                ""
            };
            new_text.push_str(&format!("{}published: {newest}{eol}", &l[..key_at]));
        } else {
            new_text.push_str(l);
        }
    }
    match write_atomically(&path, new_text.as_bytes()) {
        Ok(()) => format!(
            "updated {}: `{RATES_SOURCE}` published {old} -> {newest}; set `retrieved:` to the day you downloaded the file{retrieved}{note}",
            path.display()
        ),
        Err(e) => format!("cannot write {}: {e}; {by_hand}", path.display()),
    }
}

fn is_id_line(l: &str) -> bool {
    let t = l.trim();
    t.strip_prefix("- id:").map(str::trim).map(|v| v.trim_matches(['"', '\''])) == Some(RATES_SOURCE)
}

/// The YAML file under `dataset/sources/` that defines the rates source.
fn find_source(dataset: &Path) -> Option<(PathBuf, String)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dataset.join("sources"))
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    files.into_iter().find_map(|p| {
        let text = std::fs::read_to_string(&p).ok()?;
        text.lines().any(is_id_line).then_some((p, text))
    })
}
