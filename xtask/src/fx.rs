//! `cargo xtask fx-update --from FILE [--since DATE]`: refreshes the
//! dataset's copy of the ECB reference rates from a newer ECB file.

use std::path::PathBuf;
use std::process::ExitCode;

use wbd_check::rates::Rates;
use wbd_schema::Date;

use crate::{UsageError, repo_root};

/// The first day the dataset's copy keeps, unless `--since` says otherwise.
pub const DEFAULT_SINCE: &str = "2015-01-01";

pub fn run(args: &[String]) -> Result<ExitCode, UsageError> {
    let mut from = None;
    let mut since: Date = DEFAULT_SINCE.parse().map_err(UsageError)?;
    let mut out = repo_root().join("dataset").join(wbd_check::loader::RATES_FILE);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |n: &str| it.next().cloned().ok_or_else(|| UsageError(format!("{n} needs a value")));
        match a.as_str() {
            "--from" => from = Some(PathBuf::from(value("--from")?)),
            "--since" => since = value("--since")?.parse().map_err(UsageError)?,
            "--out" => out = PathBuf::from(value("--out")?),
            o => return Err(UsageError(format!("unknown option `{o}`"))),
        }
    }
    let Some(from) = from else {
        return Err(UsageError("fx-update needs `--from FILE` (an ECB eurofxref-hist.csv)".into()));
    };
    let text = match std::fs::read_to_string(&from) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", from.display());
            return Ok(ExitCode::from(2));
        }
    };
    let rates = match Rates::parse_csv(&text) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {}:{}: {}", from.display(), e.line, e.message);
            return Ok(ExitCode::from(1));
        }
    };
    // Keep the currencies that have rates in the kept years.
    let far = "9999-12-31".parse::<Date>().map_err(UsageError)?;
    let currencies: Vec<_> = rates.currencies().filter(|c| rates.average_per_eur(*c, since, far).is_some()).collect();
    let csv = rates.to_csv(&currencies, Some(since));
    let tmp = out.with_extension("csv.tmp");
    if let Err(e) = std::fs::write(&tmp, &csv).and_then(|_| std::fs::rename(&tmp, &out)) {
        eprintln!("error: cannot write {}: {e}", out.display());
        return Ok(ExitCode::from(2));
    }
    let days = csv.lines().count().saturating_sub(1);
    println!(
        "wrote {} ({} currencies, {days} days from {since}); update the `ecb-euro-reference-rates` source's dates if they moved",
        out.display(),
        currencies.len()
    );
    Ok(ExitCode::SUCCESS)
}
