//! The ECB reference rates synth reads, and the subset file it writes.

use std::collections::BTreeMap;
use std::path::Path;

/// The ECB file, the rows of the years used.
pub(super) struct Rates {
    pub(super) header: String,
    pub(super) codes: Vec<String>,
    /// Date -> (raw line, rates by column).
    pub(super) rows: BTreeMap<String, (String, Vec<Option<f64>>)>,
}

/// Years whose rates are copied; sources are published in the later ones.
pub(super) const RATE_YEARS: std::ops::RangeInclusive<i32> = 2020..=2024;
pub(super) const PUBLISHED_YEARS: std::ops::RangeInclusive<i32> = 2021..=2024;
/// Periods of reported figures: all before the earliest publication year.
pub(super) const FIRST_YEAR: i64 = 2005;
pub(super) const LAST_YEAR: i64 = 2020;

impl Rates {
    pub(super) fn read(path: &Path) -> std::io::Result<Rates> {
        let text = std::fs::read_to_string(path).map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        let mut lines = text.lines();
        let header = lines.next().unwrap_or("").to_string();
        let codes: Vec<String> = header.trim_end_matches(',').split(',').skip(1).map(|s| s.trim().to_string()).collect();
        let mut rows = BTreeMap::new();
        for line in lines {
            let mut cells = line.trim_end_matches(',').split(',');
            let date = cells.next().unwrap_or("").trim().to_string();
            let year: i32 = date.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
            if !RATE_YEARS.contains(&year) {
                continue;
            }
            let vals = cells.map(|c| c.trim().parse::<f64>().ok()).collect();
            rows.insert(date, (line.to_string(), vals));
        }
        if rows.is_empty() {
            return Err(std::io::Error::other(format!(
                "{}: no ECB rates for {}..={}",
                path.display(),
                RATE_YEARS.start(),
                RATE_YEARS.end()
            )));
        }
        Ok(Rates { header, codes, rows })
    }
    pub(super) fn rate(&self, date: &str, code: &str) -> Option<f64> {
        if code == "EUR" {
            return Some(1.0);
        }
        let col = self.codes.iter().position(|c| c == code)?;
        self.rows.get(date).and_then(|(_, v)| v.get(col).copied().flatten())
    }
    /// The subset file, newest first like the ECB's.
    pub(super) fn subset_csv(&self) -> String {
        let mut s = String::with_capacity(self.rows.len() * 300);
        s.push_str(&self.header);
        s.push('\n');
        for (line, _) in self.rows.values().rev() {
            s.push_str(line);
            s.push('\n');
        }
        s
    }
}
