//! What a synthetic dataset is made of: currencies, countries, wording,
//! the defects injected, one claim before it is written, and the number
//! formats used in values and quotes.

pub(super) const CURRENCIES: [&str; 8] = ["EUR", "USD", "GBP", "CHF", "EUR", "SEK", "NOK", "PLN"];

pub(super) const COUNTRIES: [(&str, &str); 26] = [
    ("AL", "Albania"),
    ("BA", "Bosnia and Herzegovina"),
    ("HR", "Croatia"),
    ("XK", "Kosovo"),
    ("ME", "Montenegro"),
    ("MK", "North Macedonia"),
    ("RS", "Serbia"),
    ("SI", "Slovenia"),
    ("BG", "Bulgaria"),
    ("RO", "Romania"),
    ("GR", "Greece"),
    ("HU", "Hungary"),
    ("AT", "Austria"),
    ("DE", "Germany"),
    ("FR", "France"),
    ("IT", "Italy"),
    ("PL", "Poland"),
    ("CZ", "Czechia"),
    ("SK", "Slovakia"),
    ("SE", "Sweden"),
    ("NO", "Norway"),
    ("CH", "Switzerland"),
    ("GB", "United Kingdom"),
    ("US", "United States"),
    ("TR", "Türkiye"),
    ("UA", "Ukraine"),
];

pub(super) const LEADS: [&str; 8] = [
    "According to the annual review,",
    "Figures compiled by the ministry show",
    "The company's filings put the figure at",
    "Industry officials said",
    "In its latest statement, the firm reported",
    "Data seen by the paper indicate",
    "Analysts estimate",
    "Records published this year give",
];

pub(super) const NOTES: [&str; 6] = [
    "Synthetic claim generated for benchmarks; the figure is invented and cites an invented source.",
    "Synthetic record; the amount and its period are generated, the quote is in the archived text.",
    "Generated record; it mirrors the shape of the curated claims (value, citation, quote).",
    "Synthetic claim. The source restates the amount in a second currency at its publication date.",
    "Generated for the scale test; not a fact about the named company.",
    "Synthetic record with a verbatim quote, a locator and a period before the source's date.",
];

/// Injected defect kinds, by the rule code expected to find them.
pub(super) const CLAIM_DEFECTS: [&str; 13] = [
    "yaml/duplicate-key",
    "schema/shape",
    "schema/constraint",
    "ref/duplicate-id",
    "ref/unknown",
    "currency/equivalent-mismatch",
    "contradiction/conflicting-values",
    "contradiction/share-sum",
    "contradiction/stated-change",
    "citation/missing",
    "citation/quote-missing-value",
    "citation/quote-not-in-source",
    "time/period-after-source",
];

/// One claim before it is written.
#[derive(Clone, Default)]
pub(super) struct C {
    pub(super) id: String,
    pub(super) subject: String,
    pub(super) metric: &'static str,
    pub(super) period: String,
    pub(super) scope: Option<String>,
    pub(super) value: String,
    pub(super) bound: Option<&'static str>,
    pub(super) equivalent: Option<String>,
    pub(super) conversion_date: Option<String>,
    pub(super) change: Option<(String, String)>,
    pub(super) share_of: Option<(String, &'static str, String)>,
    /// The quote, and whether its paragraph is in the archived text.
    pub(super) quote: String,
    pub(super) in_archive: bool,
    /// A different sentence to archive instead of the quote (for a quote
    /// that misses the figure, the archived sentence is that quote).
    pub(super) cited: bool,
    pub(super) extra: Vec<String>,
    pub(super) empty_locator: bool,
    pub(super) note: Option<&'static str>,
}

#[derive(Clone)]
pub(super) struct Defect {
    pub(super) code: &'static str,
    pub(super) file: String,
    pub(super) records: Vec<String>,
}

/// A company: id, name, currency, symbol.
pub(super) fn company(i: usize) -> (String, String, &'static str) {
    (format!("co-{i:06}"), format!("Defence Works {i}"), CURRENCIES[i % CURRENCIES.len()])
}

pub(super) fn symbol(cur: &str) -> String {
    match cur {
        "EUR" => "€".into(),
        "USD" => "$".into(),
        "GBP" => "£".into(),
        c => format!("{c} "),
    }
}

/// Tenths as `123.4`.
pub(super) fn tenths(v: i64) -> String {
    format!("{}.{}", v / 10, v % 10)
}

/// Hundredths as `1.35`.
pub(super) fn hundredths(v: i64) -> String {
    format!("{}.{:02}", v / 100, v % 100)
}

/// `1200` as `1,200`.
pub(super) fn grouped(v: i64) -> String {
    let s = v.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
