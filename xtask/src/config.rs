//! `check.yaml`: the check's configuration (see docs/FORMAT.md).
//!
//! ```yaml
//! severity:
//!   currency/no-rate: error        # error, warning or off
//!   citation/unused-source: off
//! conversion_window: 14            # days; currency/equivalent-rounding
//! ```
//!
//! Strict: an unknown key, a duplicate rule key, an unknown rule code or an
//! unknown severity is an error at its file, line and column, as is a YAML
//! syntax error. A missing file is an empty configuration.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use wbd_check::Severity;
use wbd_check::rules::SeverityOverrides;
use wbd_check::yaml::{self, NodeKind};

/// What a rule's severity is set to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    /// The rule's findings are dropped.
    Off,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Off => "off",
        }
    }
}

/// The configuration as read.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The file read, if there was one.
    pub file: Option<PathBuf>,
    /// Rule code to the level it is set to, sorted by code.
    pub severity: BTreeMap<String, Level>,
    /// `conversion_window`: the days up to a conversion date whose ECB
    /// rates a stated equivalent may have been converted at.
    pub conversion_window: Option<u32>,
}

/// The keys of `check.yaml`.
const KEYS: &str = "`severity` and `conversion_window`";

impl Config {
    /// The overrides that change a severity (for the engine).
    pub fn severity_overrides(&self) -> SeverityOverrides {
        self.severity
            .iter()
            .filter_map(|(k, v)| match v {
                Level::Error => Some((k.clone(), Severity::Error)),
                Level::Warning => Some((k.clone(), Severity::Warning)),
                Level::Off => None,
            })
            .collect()
    }

    /// The rules turned off.
    pub fn off(&self) -> HashSet<&'static str> {
        self.severity
            .iter()
            .filter(|(_, v)| **v == Level::Off)
            .filter_map(|(k, _)| wbd_check::rules::find(k).map(|r| r.info().code))
            .collect()
    }

    /// The overrides that differ from the rules' defaults, as
    /// `code: level` strings, sorted (for the summary and the manifest).
    pub fn active(&self) -> Vec<(String, &'static str, &'static str)> {
        self.severity
            .iter()
            .filter_map(|(code, level)| {
                let default = wbd_check::rules::find(code)?.info().severity.as_str();
                (default != level.as_str()).then(|| (code.clone(), default, level.as_str()))
            })
            .collect()
    }

    /// Drops the findings of rules turned off from a report.
    pub fn apply_off(&self, report: &mut wbd_check::Report) {
        let off = self.off();
        if !off.is_empty() {
            report.diagnostics.retain(|d| !off.contains(d.code));
        }
    }
}

/// Why the configuration cannot be used: a message that starts with
/// `file:line:column:`.
#[derive(Debug)]
pub struct ConfigError(pub String);

/// Reads `path`; a missing file is the empty configuration.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => return Err(ConfigError(format!("{}: cannot read: {e}", path.display()))),
    };
    // Named as the user would type it from here.
    let cwd = std::env::current_dir().ok();
    let name = cwd.as_deref().and_then(|d| path.strip_prefix(d).ok()).unwrap_or(path);
    let mut config = parse_config(&text, &name.display().to_string())?;
    config.file = Some(path.to_path_buf());
    Ok(config)
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: u32) -> (usize, usize) {
    let offset = (offset as usize).min(text.len());
    let mut start = offset;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The severity overrides of a `check.yaml`'s text named `name`.
#[cfg(test)]
pub fn parse(text: &str, name: &str) -> Result<BTreeMap<String, Level>, ConfigError> {
    parse_config(text, name).map(|c| c.severity)
}

/// Parses the text of a `check.yaml` named `name`.
pub fn parse_config(text: &str, name: &str) -> Result<Config, ConfigError> {
    let at = |offset: u32, msg: String| {
        let (l, c) = line_col(text, offset);
        ConfigError(format!("{name}:{l}:{c}: {msg}"))
    };
    let parsed = yaml::parse(text).map_err(|e| at(e.span.0, format!("not valid YAML: {}", e.message)))?;
    if let Some(d) = parsed.duplicates.first() {
        let (l, c) = line_col(text, d.first.0);
        return Err(at(d.again.0, format!("`{}` is given twice (first at line {l}, column {c}); keep one", d.key)));
    }
    let mut out = BTreeMap::new();
    let mut conversion_window = None;
    let done = |severity, conversion_window| Config { file: None, severity, conversion_window };
    let Some(root) = parsed.root else { return Ok(done(out, None)) };
    let entries = match &root.kind {
        NodeKind::Map(e) => e,
        NodeKind::Scalar { text: t, plain: true } if t.is_empty() || t == "~" || t == "null" => return Ok(done(out, None)),
        _ => return Err(at(root.span.0, "the file must be a mapping, e.g. `severity: {currency/no-rate: error}`".into())),
    };
    for (k, v) in entries {
        let key = k.as_str().unwrap_or("");
        if key == "conversion_window" {
            let days = v.as_str().and_then(|t| t.parse::<u32>().ok()).filter(|d| (1..=366).contains(d));
            let Some(days) = days else {
                let got = v.as_str().map(|s| format!("`{s}`")).unwrap_or_else(|| "not a number".into());
                return Err(at(v.span.0, format!("`conversion_window` is {got}: write a whole number of days from 1 to 366 (default 14)")));
            };
            conversion_window = Some(days);
            continue;
        }
        if key != "severity" {
            let lower = key.to_ascii_lowercase();
            let hint = if lower.starts_with("sever") {
                "; did you mean `severity`?"
            } else if lower.contains("window") || lower.starts_with("conversion") {
                "; did you mean `conversion_window`?"
            } else {
                ""
            };
            return Err(at(k.span.0, format!("unknown key `{key}`: the keys are {KEYS}{hint}")));
        }
        let rules = match &v.kind {
            NodeKind::Map(r) => r,
            NodeKind::Scalar { text: t, plain: true } if t.is_empty() || t == "~" || t == "null" => continue,
            _ => return Err(at(v.span.0, "`severity` must be a mapping of rule code to `error`, `warning` or `off`".into())),
        };
        for (rk, rv) in rules {
            let code = rk.as_str().unwrap_or("");
            let Some(rule) = wbd_check::rules::find(code) else {
                let hint = wbd_check::rules::allow::unused::suggest(code)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_else(|| "; `cargo xtask rules` lists them".into());
                return Err(at(rk.span.0, format!("`{code}` is not a rule code{hint}")));
            };
            let level = match rv.as_str() {
                Some("error") => Level::Error,
                Some("warning") => Level::Warning,
                Some("off") => Level::Off,
                _ => {
                    let got = rv.as_str().map(|s| format!("`{s}`")).unwrap_or_else(|| "not a word".into());
                    return Err(at(rv.span.0, format!("the severity of `{code}` is {got}: write `error`, `warning` or `off`")));
                }
            };
            out.insert(rule.info().code.to_string(), level);
        }
    }
    Ok(done(out, conversion_window))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_error_warning_and_off() {
        let c = parse("severity:\n  currency/no-rate: error\n  citation/unused-source: off\n", "check.yaml").unwrap();
        assert_eq!(c.get("currency/no-rate"), Some(&Level::Error));
        assert_eq!(c.get("citation/unused-source"), Some(&Level::Off));
    }

    #[test]
    fn unknown_top_level_key_has_line_and_column() {
        let e = parse("# config\nseverities:\n  currency/no-rate: error\n", "check.yaml").unwrap_err();
        assert!(e.0.starts_with("check.yaml:2:1: unknown key `severities`"), "{}", e.0);
        assert!(e.0.contains("did you mean `severity`"), "{}", e.0);
    }

    #[test]
    fn conversion_window_is_a_number_of_days() {
        let c = parse_config("conversion_window: 30\n", "check.yaml").unwrap();
        assert_eq!(c.conversion_window, Some(30));
        let e = parse_config("conversion_window: 0\n", "check.yaml").unwrap_err();
        assert!(e.0.starts_with("check.yaml:1:20: `conversion_window` is `0`: write a whole number of days"), "{}", e.0);
        let e = parse_config("conversion-window: 3\n", "check.yaml").unwrap_err();
        assert!(e.0.contains("did you mean `conversion_window`"), "{}", e.0);
    }

    #[test]
    fn duplicate_rule_key_is_an_error() {
        let e = parse("severity:\n  currency/no-rate: error\n  currency/no-rate: warning\n", "check.yaml").unwrap_err();
        assert!(e.0.starts_with("check.yaml:3:3: `currency/no-rate` is given twice (first at line 2, column 3)"), "{}", e.0);
    }

    #[test]
    fn syntax_error_has_a_line() {
        let e = parse("severity:\n  a: [b\n", "check.yaml").unwrap_err();
        assert!(e.0.starts_with("check.yaml:"), "{}", e.0);
        let line: usize = e.0.split(':').nth(1).unwrap().parse().unwrap();
        assert!(line >= 2, "{}", e.0);
    }

    #[test]
    fn bad_level_and_code_say_what_is_wrong() {
        let e = parse("severity:\n  currency/no-rate: fatal\n", "c.yaml").unwrap_err();
        assert!(e.0.starts_with("c.yaml:2:21: the severity of `currency/no-rate` is `fatal`"), "{}", e.0);
        let e = parse("severity:\n  no-rate: error\n", "c.yaml").unwrap_err();
        assert!(e.0.contains("did you mean `currency/no-rate`"), "{}", e.0);
    }
}
