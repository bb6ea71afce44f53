//! The hand-written field constraints: the checks on ids, text, URLs,
//! hashes, country, language and licence codes and versions, and the
//! `Validate` impl of each record type that applies them.

use super::*;
use crate::validate::{Problem, Validate, ValidationError, check, max_chars, range};

fn slug(id: &Id) -> Result<(), ValidationError> {
    if id.is_slug() {
        Ok(())
    } else {
        let mut e = ValidationError::new("slug");
        e.message = Some(
            format!("`{id}` is not a valid id: use lowercase letters, digits and single hyphens, e.g. `dw-2024-serbia-exports`").into(),
        );
        Err(e)
    }
}

fn not_blank(s: &str) -> Result<(), ValidationError> {
    if s.trim().is_empty() {
        let mut e = ValidationError::new("blank");
        e.message = Some("must not be empty".into());
        Err(e)
    } else {
        Ok(())
    }
}

fn sha256_hex(s: &str) -> Result<(), ValidationError> {
    if s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        Ok(())
    } else {
        let mut e = ValidationError::new("sha256");
        e.message = Some("must be 64 lowercase hexadecimal digits (the file's SHA-256)".into());
        Err(e)
    }
}

fn http_url(s: &str) -> Result<(), ValidationError> {
    let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://"));
    let ok = rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        host.contains('.') && !host.starts_with('.') && !r.chars().any(char::is_whitespace)
    });
    if ok {
        Ok(())
    } else {
        let mut e = ValidationError::new("url");
        e.message = Some(format!("`{s}` is not an http(s) URL").into());
        Err(e)
    }
}

/// The assigned ISO 3166-1 alpha-2 codes (249, as of 2024), and `XK`, the
/// user-assigned code in general use for Kosovo.
const COUNTRY_CODES: &str = "\
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ \
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR \
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP \
KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT \
MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW \
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG \
UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK";

/// Whether `s` is an assigned ISO 3166-1 alpha-2 code (or `XK`).
pub fn is_country_code(s: &str) -> bool {
    s.len() == 2 && COUNTRY_CODES.split(' ').any(|c| c == s)
}

fn country_code(s: &str) -> Result<(), ValidationError> {
    if is_country_code(s) {
        return Ok(());
    }
    let upper = s.to_ascii_uppercase();
    let hint = match upper.as_str() {
        "UK" => " (the United Kingdom is `GB`)".to_string(),
        "EL" => " (Greece is `GR`)".to_string(),
        "KS" | "KV" | "KO" => " (Kosovo is `XK`)".to_string(),
        u if is_country_code(u) => format!(" (write it in capitals: `{u}`)"),
        u if u.len() == 3 => " (an alpha-3 code? write the two-letter code, e.g. `AL` for Albania, `RS` for Serbia)".to_string(),
        _ => " (two capitals, e.g. `RS`; `XK` for Kosovo)".to_string(),
    };
    let mut e = ValidationError::new("country_code");
    e.message = Some(format!("`{s}` is not an assigned ISO 3166-1 alpha-2 country code{hint}").into());
    Err(e)
}

/// Whether `s` is a semantic version: `MAJOR.MINOR.PATCH` without leading
/// zeros, with an optional `-pre.release` and `+build` (semver.org 2.0.0).
pub fn is_semver(s: &str) -> bool {
    let (rest, build) = match s.split_once('+') {
        Some((r, b)) => (r, Some(b)),
        None => (s, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (rest, None),
    };
    let numeric = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && (p == "0" || !p.starts_with('0'));
    let ident = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| numeric(p))
        && pre.is_none_or(|p| p.split('.').all(|i| ident(i) && (!i.bytes().all(|b| b.is_ascii_digit()) || numeric(i))))
        && build.is_none_or(|b| b.split('.').all(ident))
}

fn semver(s: &str) -> Result<(), ValidationError> {
    if is_semver(s) {
        return Ok(());
    }
    let mut e = ValidationError::new("semver");
    e.message = Some(format!("`{s}` is not a semantic version: write MAJOR.MINOR.PATCH, e.g. `0.1.0` or `1.2.0-rc.1`").into());
    Err(e)
}

/// The SPDX license ids the check knows: the open data and content
/// licences, and the common software ones. An id outside the list is
/// rejected (SPDX has hundreds; a typo is likelier than a rare licence),
/// and `LicenseRef-...` names a licence of one's own.
pub const SPDX_LICENSES: &[&str] = &[
    "CC0-1.0",
    "CC-BY-4.0",
    "CC-BY-SA-4.0",
    "CC-BY-NC-4.0",
    "CC-BY-NC-SA-4.0",
    "CC-BY-ND-4.0",
    "CC-BY-NC-ND-4.0",
    "CC-BY-3.0",
    "CC-BY-SA-3.0",
    "CC-PDDC",
    "PDDL-1.0",
    "ODC-By-1.0",
    "ODbL-1.0",
    "CDLA-Permissive-2.0",
    "CDLA-Sharing-1.0",
    "OGL-UK-3.0",
    "DL-DE-BY-2.0",
    "DL-DE-ZERO-2.0",
    "etalab-2.0",
    "NLOD-2.0",
    "Apache-2.0",
    "MIT",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "GPL-3.0-only",
    "GPL-3.0-or-later",
    "LGPL-3.0-only",
    "LGPL-3.0-or-later",
    "AGPL-3.0-only",
    "AGPL-3.0-or-later",
    "MPL-2.0",
    "Unlicense",
];

fn spdx(s: &str) -> Result<(), ValidationError> {
    let own = s
        .strip_prefix("LicenseRef-")
        .is_some_and(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-'));
    if own || SPDX_LICENSES.contains(&s) {
        return Ok(());
    }
    let norm = |x: &str| x.to_ascii_lowercase().replace([' ', '_'], "-");
    // Without its version: `CC0` for `CC0-1.0`, `CC-BY` for the latest `CC-BY-4.0`.
    let base = |x: &str| {
        let n = norm(x);
        match n.rsplit_once('-') {
            Some((b, v)) if !v.is_empty() && v.bytes().all(|c| c.is_ascii_digit() || c == b'.') => b.to_string(),
            _ => n,
        }
    };
    let close = SPDX_LICENSES.iter().find(|l| norm(l) == norm(s)).or_else(|| SPDX_LICENSES.iter().find(|l| base(l) == base(s)));
    let mut e = ValidationError::new("spdx");
    e.message = Some(
        match close {
            Some(l) => format!("`{s}` is not an SPDX license id; did you mean `{l}`?"),
            None => format!(
                "`{s}` is not an SPDX license id this check knows: write one such as `CC-BY-4.0`, `CC0-1.0` or `ODbL-1.0` (the list is `SPDX_LICENSES` in crates/schema/src/record.rs), or `LicenseRef-<name>` for a licence of your own"
            ),
        }
        .into(),
    );
    Err(e)
}

/// A relative change must leave something: `-100 %` or less is not a change
/// of a positive amount.
fn change_by(by: &ChangeBy) -> Result<(), ValidationError> {
    match by {
        _ if !by.is_possible() => {
            let mut e = ValidationError::new("change_by");
            e.message = Some(
                format!("`{by}` is not a change of an amount: a fall is above -100 % (-100 % leaves nothing); for a figure that reached zero, state the later value").into(),
            );
            Err(e)
        }
        _ => Ok(()),
    }
}

/// `published` bounds in order.
fn published_in_order(p: &Published) -> Result<(), ValidationError> {
    match p {
        Published::Bounds(DateBounds { not_before: Some(a), not_after: Some(b) }) if a > b => {
            let mut e = ValidationError::new("published");
            e.message = Some(
                format!("`not_before: {a}` is after `not_after: {b}`: the bounds are reversed, so no rule can use the date; check both against what the document shows (swap them if they were written the wrong way round)").into(),
            );
            Err(e)
        }
        _ => Ok(()),
    }
}

fn language_code(s: &str) -> Result<(), ValidationError> {
    if s.len() == 2 && s.bytes().all(|b| b.is_ascii_lowercase()) {
        Ok(())
    } else {
        let mut e = ValidationError::new("language");
        e.message = Some(format!("`{s}` is not an ISO 639-1 language code (two lowercase letters)").into());
        Err(e)
    }
}
/// A path to a field of a record: names joined by `.`, each with optional
/// `[N]` indexes (`citations[0].quote`).
fn field_path(s: &str) -> Result<(), ValidationError> {
    let ok = !s.is_empty()
        && s.split('.').all(|part| {
            let name_len = part.bytes().take_while(|b| b.is_ascii_lowercase() || *b == b'_').count();
            let mut rest = &part[name_len..];
            while let Some(r) = rest.strip_prefix('[') {
                let digits = r.bytes().take_while(u8::is_ascii_digit).count();
                match r[digits..].strip_prefix(']') {
                    Some(after) if digits > 0 => rest = after,
                    _ => return false,
                }
            }
            name_len > 0 && rest.is_empty()
        });
    if ok {
        Ok(())
    } else {
        let mut e = ValidationError::new("field_path");
        e.message = Some(
            format!("`{s}` is not a field of a record: write a field name such as `equivalent`, `value` or `citations[1].quote`").into(),
        );
        Err(e)
    }
}

impl Validate for Allow {
    fn validate_into(&self, p: &str, out: &mut Vec<Problem>) {
        if let Some(on) = &self.on {
            check(p, "on", field_path(on), out);
        }
    }
}

impl Validate for DatasetMeta {
    fn validate_into(&self, p: &str, out: &mut Vec<Problem>) {
        check(p, "id", slug(&self.id), out);
        check(p, "title", not_blank(&self.title), out);
        check(p, "version", semver(&self.version), out);
        check(p, "license", spdx(&self.license), out);
    }
}

impl Validate for CitedIn {
    fn validate_into(&self, p: &str, out: &mut Vec<Problem>) {
        check(p, "note", range(self.note, 1, None), out);
    }
}

impl Validate for Archive {
    fn validate_into(&self, p: &str, out: &mut Vec<Problem>) {
        check(p, "file", not_blank(&self.file), out);
        check(p, "sha256", sha256_hex(&self.sha256), out);
    }
}

impl Validate for Source {
    fn validate_into(&self, p: &str, out: &mut Vec<Problem>) {
        check(p, "id", slug(&self.id), out);
        if let Some(t) = &self.title {
            check(p, "title", not_blank(t), out);
        }
        if let Some(t) = &self.publisher {
            check(p, "publisher", not_blank(t), out);
        }
        if let Some(l) = &self.language {
            check(p, "language", language_code(l), out);
        }
        if let Some(d) = &self.published {
            check(p, "published", published_in_order(d), out);
        }
        if let Some(u) = &self.url {
            check(p, "url", http_url(u), out);
        }
        crate::validate::nested(&self.cited_in, p, "cited_in", out);
        crate::validate::nested(&self.archive, p, "archive", out);
        crate::validate::nested(&self.skipped_figures, p, "skipped_figures", out);
        crate::validate::nested(&self.allow, p, "allow", out);
    }
}

impl Validate for SkippedFigure {
    fn validate_into(&self, p: &str, out: &mut Vec<Problem>) {
        check(p, "figure", not_blank(&self.figure), out);
        if let Some(c) = &self.context {
            check(p, "context", not_blank(c), out);
        }
        check(p, "reason", not_blank(&self.reason), out);
    }
}

impl Validate for Entity {
    fn validate_into(&self, p: &str, out: &mut Vec<Problem>) {
        check(p, "id", slug(&self.id), out);
        check(p, "name", not_blank(&self.name), out);
        if let Some(c) = &self.code {
            check(p, "code", country_code(c), out);
        }
        crate::validate::nested(&self.allow, p, "allow", out);
    }
}

impl Validate for Metric {
    fn validate_into(&self, p: &str, out: &mut Vec<Problem>) {
        check(p, "id", slug(&self.id), out);
        check(p, "name", not_blank(&self.name), out);
        crate::validate::nested(&self.allow, p, "allow", out);
    }
}

impl Validate for Equivalent {
    fn validate_into(&self, p: &str, out: &mut Vec<Problem>) {
        if let Some(w) = self.conversion_window {
            check(p, "conversion_window", range(w, 1, Some(366)), out);
        }
    }
}

impl Validate for Change {
    fn validate_into(&self, p: &str, out: &mut Vec<Problem>) {
        check(p, "by", change_by(&self.by), out);
    }
}

impl Validate for Citation {
    fn validate_into(&self, p: &str, out: &mut Vec<Problem>) {
        check(p, "locator", not_blank(&self.locator), out);
        check(p, "quote", not_blank(&self.quote), out);
        check(p, "quote", max_chars(&self.quote, 600), out);
    }
}

impl Validate for Claim {
    fn validate_into(&self, p: &str, out: &mut Vec<Problem>) {
        check(p, "id", slug(&self.id), out);
        crate::validate::nested(&self.equivalent, p, "equivalent", out);
        crate::validate::nested(&self.change, p, "change", out);
        crate::validate::nested(&self.citations, p, "citations", out);
        crate::validate::nested(&self.allow, p, "allow", out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_country_list_has_every_assigned_code_and_kosovo() {
        let codes: Vec<&str> = COUNTRY_CODES.split(' ').collect();
        assert_eq!(codes.len(), 250);
        assert!(codes.windows(2).take(248).all(|w| w[0] < w[1]), "sorted, no repeats");
        for c in ["AL", "BA", "HR", "ME", "MK", "RS", "SI", "XK", "GB", "SS", "BQ"] {
            assert!(is_country_code(c), "{c}");
        }
        for c in ["UK", "EL", "KS", "YU", "CS", "rs", "SRB", "", "R"] {
            assert!(!is_country_code(c), "{c}");
        }
    }

    #[test]
    fn semantic_versions() {
        for v in ["0.1.0", "1.0.0", "10.20.30", "1.0.0-rc.1", "1.0.0-alpha.beta-2", "1.0.0+20261201", "1.0.0-0.3.7+build.5"] {
            assert!(is_semver(v), "{v}");
        }
        for v in ["1", "1.0", "v1.0.0", "1.02.0", "01.0.0", "1.0.0-", "1.0.0-01", "1.0.0+", "1.0.0.0", "1.0.0-a..b", " 1.0.0"] {
            assert!(!is_semver(v), "{v}");
        }
    }

    #[test]
    fn spdx_ids() {
        for l in ["CC-BY-4.0", "CC0-1.0", "ODbL-1.0", "LicenseRef-wb-defence"] {
            assert!(spdx(l).is_ok(), "{l}");
        }
        let msg = |l: &str| spdx(l).unwrap_err().message.unwrap().to_string();
        assert!(msg("cc-by-4.0").ends_with("did you mean `CC-BY-4.0`?"));
        assert!(msg("CC BY 4.0").ends_with("did you mean `CC-BY-4.0`?"));
        assert!(msg("CC0").ends_with("did you mean `CC0-1.0`?"));
        assert!(msg("CC-BY").ends_with("did you mean `CC-BY-4.0`?"));
        assert!(msg("CC-BY-4").ends_with("did you mean `CC-BY-4.0`?"));
        assert!(msg("public domain").contains("`LicenseRef-<name>`"));
        assert!(spdx("LicenseRef-").is_err());
    }

    #[test]
    fn reversed_bounds_are_no_date() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let p = Published::Bounds(DateBounds { not_before: Some(d("2025-11-08")), not_after: Some(d("2024-11-22")) });
        assert!(p.is_reversed() && p.earliest().is_none() && p.latest().is_none());
        assert!(published_in_order(&p).is_err());
        let p = Published::Bounds(DateBounds { not_before: Some(d("2024-11-22")), not_after: Some(d("2024-11-22")) });
        assert!(!p.is_reversed() && p.earliest().is_some() && published_in_order(&p).is_ok());
    }

    #[test]
    fn a_fall_of_a_hundred_percent_or_more_is_no_change() {
        for (by, ok) in [("-99.9 %", true), ("-100 %", false), ("-108 %", false), ("+250 %", true), ("-150 pp", true), ("x0.5", true)] {
            assert_eq!(change_by(&by.parse().unwrap()).is_ok(), ok, "{by}");
        }
    }
}
