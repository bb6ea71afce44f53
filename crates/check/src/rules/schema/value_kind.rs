//! `schema/value-kind`: a claim's value is not of the kind its metric
//! declares; likewise its `equivalent` (money) and its `change.by`
//! (percentage points only for percentages).

use wbd_schema::{Amount, ChangeBy, CurrencyCode, Number, Scale, Value, ValueKind as Kind};

use crate::diagnostic::{Diagnostic, Severity};
use crate::hash::FastMap as HashMap;
use crate::model::Rec;
use crate::rules::citation::figure::{currency_name, quote_currency, scale_token};
use crate::rules::{Context, Rule, RuleInfo};

pub static RULE: RuleInfo = RuleInfo {
    code: "schema/value-kind",
    severity: Severity::Error,
    summary: "a claim's value, equivalent or stated change is not of the kind its metric declares",
    docs: r#"## What it checks
A claim's `value` has the kind its metric declares (`value:` in the metric):
- `money`: an ISO 4217 code first, then the amount: `EUR 262.5 million`;
- `percent`: the amount and `%`: `65.79 %`;
- `count`: a bare whole number, with an optional scale word: `13`,
  `200,000`, `1.5 million` (no currency, no unit, no fraction of one);
- `quantity`: the amount and the metric's `unit`: `14 m` for `unit: m`;
- `date`, `entity`, `text`: `{date: ...}`, `{entity: ...}`, `{text: ...}`.

A claim's `equivalent` restates money in another currency, so its metric
must be a money metric and its value money. A `change.by` in percentage
points (`+2 pp`) is a change of a percentage, so its metric must be a
percent metric, and a change at all needs a numeric metric.

The message shows the value as it should be written, built from the
claim's own number. For money, the currency is taken from the value itself
(`262.5 million EUR`), else from the quote (`€262.5 million`), else from the
other claims of the same subject and metric, else from the metric's other
claims; when none says, it shows `<CUR>`.

## Why
A value that does not match its metric is still read, as something else:
`262.5 million EUR` is read as 262.5 million of a unit called `EUR`,
`262.5 m` as 262.5 metres, `262.5 million` as a count. Each is published
with no currency and no euro amount, so the figure silently drops out of
every query in euros and out of every comparison with the other claims of
its series.

## Example
```yaml
  - id: me-milex-2024
    subject: me
    metric: military-expenditure     # value: money
    period: 2024
    value: 262.5 million
    citations:
      - source: gazette-2024
        locator: paragraph 3
        quote: "a budget of €262.5 million"
```

## Fix
Write the value as the message shows, here `value: EUR 262.5 million`:
the ISO 4217 code first, the scale word in full (`thousand`, `million`,
`billion`, `trillion`; `m` is the metre). If the value is right and the
metric is wrong (a percentage recorded under an amount), change the
claim's `metric`.
"#,
};

pub struct ValueKind;

impl Rule for ValueKind {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        // Built on the first value that needs a currency suggested.
        let hints = std::cell::OnceCell::new();
        let hints = || hints.get_or_init(|| Hints::new(cx));
        let mut metrics = crate::model::Recent::default();
        for c in &cx.ds.claims {
            let Some(m) = metrics.get(&c.metric, |id| cx.ix.metric(cx.ds, id)) else { continue };
            let metric = m.id.as_str();
            let target = Target { kind: m.value, unit: m.unit.as_deref() };
            if !fits(&c.value, target) {
                let guess = guess_currency(c, &c.value, None, hints());
                let (message, help) = explain(&c.value, metric, target, &guess);
                out.push(Diagnostic::new(RULE.code, RULE.severity, c.at("value"), message).help(help).record(c.id.as_str()));
            }
            if let Some(eq) = &c.equivalent {
                if m.value != Kind::Money {
                    out.push(
                        Diagnostic::new(
                            RULE.code,
                            RULE.severity,
                            c.at("equivalent"),
                            format!(
                                "`{metric}` is {}, but the claim states an `equivalent`, which restates money in another currency",
                                kind_phrase(target)
                            ),
                        )
                        .help("remove `equivalent`, or record the claim under a money metric if its value is an amount of money")
                        .record(c.id.as_str()),
                    );
                } else {
                    let money = Target { kind: Kind::Money, unit: None };
                    if !fits(&eq.value, money) {
                        let guess = guess_currency(c, &eq.value, c.value.currency(), hints());
                        let (message, help) = explain(&eq.value, metric, money, &guess);
                        let message = format!("the equivalent {message}");
                        out.push(
                            Diagnostic::new(RULE.code, RULE.severity, c.at("equivalent.value"), message).help(help).record(c.id.as_str()),
                        );
                    }
                }
            }
            if let Some(ch) = &c.change {
                if matches!(m.value, Kind::Date | Kind::Entity | Kind::Text) {
                    out.push(
                        Diagnostic::new(
                            RULE.code,
                            RULE.severity,
                            c.at("change"),
                            format!("`{metric}` is {}, whose values do not change by an amount, but the claim states `change: {}`", kind_phrase(target), ch.by),
                        )
                        .help("a stated change needs a money, percent, count or quantity metric: remove `change`, or record the change as a claim of a change metric")
                        .record(c.id.as_str()),
                    );
                } else if let ChangeBy::Points { negative, digits } = ch.by
                    && m.value != Kind::Percent
                {
                    let relative = ChangeBy::Percent { negative, digits };
                    out.push(
                        Diagnostic::new(
                            RULE.code,
                            RULE.severity,
                            c.at("change.by"),
                            format!(
                                "`{}` is a change in percentage points, which only a percentage has, but `{metric}` is {}: write a relative change as `{relative}`",
                                ch.by,
                                kind_phrase(target)
                            ),
                        )
                        .help("percentage points (`pp`) are the difference between two percentages; an amount changes by a percentage of itself (`+8.7 %`) or by a multiple (`x2`)")
                        .record(c.id.as_str()),
                    );
                }
            }
        }
    }
}

/// What a metric's values must be.
#[derive(Clone, Copy)]
struct Target<'a> {
    kind: Kind,
    unit: Option<&'a str>,
}

/// Whether a value is of the target's kind (and, for a quantity, in its
/// unit; for a count, a whole number).
fn fits(v: &Value, t: Target) -> bool {
    match v {
        Value::Amount(a) => amount_fits(a, t),
        Value::Range(a, b) => amount_fits(a, t) && amount_fits(b, t),
        Value::Date(_) => t.kind == Kind::Date,
        Value::Entity(_) => t.kind == Kind::Entity,
        Value::Text(_) => t.kind == Kind::Text,
    }
}

fn amount_fits(a: &Amount, t: Target) -> bool {
    match (t.kind, a) {
        (Kind::Money, Amount::Money { .. }) | (Kind::Percent, Amount::Percent(_)) => true,
        (Kind::Count, Amount::Count(n)) => whole(n),
        (Kind::Quantity, Amount::Quantity { unit, .. }) => t.unit.is_none_or(|u| same_unit(u, unit)),
        _ => false,
    }
}

/// `years` and `year` are the same unit.
fn same_unit(a: &str, b: &str) -> bool {
    a == b || a.strip_suffix('s').unwrap_or(a) == b.strip_suffix('s').unwrap_or(b)
}

/// Whether a number, with its scale word applied, is whole.
fn whole(n: &Number) -> bool {
    n.value().is_some_and(|v| v.fract().is_zero())
}

/// A scale written as if it were a unit: `262.5 m`, `1.3 bn`, `40 k`.
fn unit_scale(unit: &str) -> Option<Scale> {
    let lower = unit.to_ascii_lowercase();
    scale_token(&lower).map(|s| s.0).or(match lower.as_str() {
        "mio" | "mil" => Some(Scale::Million),
        "b" | "mrd" => Some(Scale::Billion),
        _ => None,
    })
}

/// A currency written as if it were a unit: `265.5 million EUR`,
/// `5 million euros`.
fn unit_currency(unit: &str) -> Option<CurrencyCode> {
    if unit.len() == 3 && unit.bytes().all(|b| b.is_ascii_uppercase()) {
        return unit.parse().ok();
    }
    currency_name(&unit.to_ascii_lowercase())
}

/// An amount's number, reading a scale written as a unit (`262.5 m`) as
/// the scale it abbreviates.
fn number_of(a: &Amount) -> Number {
    let mut n = *a.number();
    if let Amount::Quantity { unit, .. } = a
        && n.scale.is_none()
        && let Some(s) = unit_scale(unit)
    {
        n.scale = Some(s);
    }
    n
}

/// Where a suggested currency came from.
enum Guess {
    /// Written in the value, in the wrong place (`262.5 million EUR`).
    Written(CurrencyCode),
    /// Printed in the quote beside the number, or the only one it prints.
    Quote(CurrencyCode),
    /// The other claims of the same subject and metric.
    Series(CurrencyCode, String, String),
    /// The other claims of the metric.
    Metric(CurrencyCode, String),
    None,
}

impl Guess {
    fn code(&self) -> Option<CurrencyCode> {
        match self {
            Guess::Written(c) | Guess::Quote(c) | Guess::Series(c, ..) | Guess::Metric(c, _) => Some(*c),
            Guess::None => None,
        }
    }
}

/// The currencies of the dataset's money claims, by subject and metric and
/// by metric, to suggest a currency for a value written without one.
struct Hints<'a> {
    series: HashMap<(&'a str, &'a str), HashMap<CurrencyCode, usize>>,
    metric: HashMap<&'a str, HashMap<CurrencyCode, usize>>,
}

impl<'a> Hints<'a> {
    fn new(cx: &'a Context) -> Hints<'a> {
        let mut h = Hints { series: HashMap::default(), metric: HashMap::default() };
        for c in &cx.ds.claims {
            let Some(cur) = c.value.currency() else { continue };
            *h.series.entry((c.subject.as_str(), c.metric.as_str())).or_default().entry(cur).or_default() += 1;
            *h.metric.entry(c.metric.as_str()).or_default().entry(cur).or_default() += 1;
        }
        h
    }
}

/// The most used currency of a count; ties go to the smaller code, so the
/// choice never depends on hash order.
fn most_used(counts: Option<&HashMap<CurrencyCode, usize>>, except: Option<CurrencyCode>) -> Option<CurrencyCode> {
    counts?.iter().filter(|(c, _)| Some(**c) != except).max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(c, _)| *c)
}

/// The currency a value written without one (or with one in the wrong
/// place) is most likely in. `except`: the claim's main currency, when the
/// value is its equivalent.
fn guess_currency(c: &Rec<wbd_schema::Claim>, v: &Value, except: Option<CurrencyCode>, hints: &Hints) -> Guess {
    let Some((a, _)) = v.ends() else { return Guess::None };
    if let Amount::Quantity { unit, .. } = a
        && let Some(cur) = unit_currency(unit)
    {
        return Guess::Written(cur);
    }
    let n = number_of(a);
    if let Some(cur) = c.citations.iter().find_map(|cit| quote_currency(&cit.quote, &n)).filter(|cur| Some(*cur) != except) {
        return Guess::Quote(cur);
    }
    // An equivalent's currency is the one the source restates in, which
    // the other claims of the series do not tell.
    if except.is_some() {
        return Guess::None;
    }
    let (subject, metric) = (c.subject.as_str(), c.metric.as_str());
    if let Some(cur) = most_used(hints.series.get(&(subject, metric)), None) {
        return Guess::Series(cur, subject.to_string(), metric.to_string());
    }
    match most_used(hints.metric.get(metric), None) {
        Some(cur) => Guess::Metric(cur, metric.to_string()),
        None => Guess::None,
    }
}

fn kind_phrase(t: Target) -> String {
    match t.kind {
        Kind::Money => "a money metric".to_string(),
        Kind::Percent => "a percent metric".to_string(),
        Kind::Count => "a count metric".to_string(),
        Kind::Quantity => match t.unit {
            Some(u) => format!("a quantity metric in `{u}`"),
            None => "a quantity metric".to_string(),
        },
        Kind::Date => "a date metric".to_string(),
        Kind::Entity => "an entity metric".to_string(),
        Kind::Text => "a text metric".to_string(),
    }
}

/// How a value that does not fit is read, as the rest of a sentence that
/// starts with the value.
fn reading(v: &Value, t: Target) -> String {
    let Some((a, b)) = v.ends() else {
        return match v {
            Value::Date(_) => "is a date".to_string(),
            Value::Entity(_) => "names an entity".to_string(),
            _ => "is text".to_string(),
        };
    };
    match a {
        Amount::Money { currency, .. } => format!("is money ({currency})"),
        Amount::Percent(_) => "is a percentage".to_string(),
        Amount::Count(n) => match t.kind {
            Kind::Money => "has no currency".to_string(),
            Kind::Percent => "has no percent sign".to_string(),
            Kind::Quantity => "has no unit".to_string(),
            Kind::Count if !whole(n) || !whole(b.number()) => "is not a whole number".to_string(),
            _ => "is a number".to_string(),
        },
        Amount::Quantity { number, unit } => {
            if t.kind == Kind::Money && unit_currency(unit).is_some() {
                "has its currency after the number, where it is read as a unit".to_string()
            } else if number.scale.is_none() && &**unit == "m" {
                format!("is read as {} metres (`m` is the metre, not a million)", number.digits)
            } else if number.scale.is_none() && unit_scale(unit).is_some() {
                format!("is read as a quantity in a unit called `{unit}` (scale words are written in full)")
            } else {
                format!("is a quantity in `{unit}`")
            }
        }
    }
}

/// An amount as the target kind writes it, from its own number.
fn respell(a: &Amount, t: Target, currency: Option<CurrencyCode>) -> String {
    let n = number_of(a);
    match t.kind {
        Kind::Money => match a.currency().or(currency) {
            Some(c) => format!("{c} {n}"),
            None => format!("<CUR> {n}"),
        },
        Kind::Percent => format!("{n} %"),
        Kind::Count => n.to_string(),
        Kind::Quantity => format!("{n} {}", t.unit.unwrap_or("<unit>")),
        Kind::Date => match a {
            Amount::Count(n)
                if n.scale.is_none()
                    && !n.grouped
                    && n.digits.scale() == 0
                    && u32::try_from(n.digits).is_ok_and(|y| (1000..=2999).contains(&y)) =>
            {
                format!("{{date: {}}}", n.digits)
            }
            _ => "{date: YYYY-MM-DD}".to_string(),
        },
        Kind::Entity => "{entity: <id>}".to_string(),
        Kind::Text => format!("{{text: \"{a}\"}}"),
    }
}

/// The value as the target kind writes it; `None` when there is nothing to
/// build it from.
fn expected(v: &Value, t: Target, currency: Option<CurrencyCode>) -> Option<String> {
    match v {
        Value::Amount(a) => Some(respell(a, t, currency)),
        Value::Range(a, b) => match t.kind {
            Kind::Money | Kind::Percent | Kind::Count | Kind::Quantity => {
                Some(format!("{} to {}", respell(a, t, currency), respell(b, t, currency)))
            }
            _ => None,
        },
        // Text that reads as a value of the right kind is that value.
        Value::Text(s) => match s.parse::<Value>() {
            Ok(parsed) if fits(&parsed, t) => Some(parsed.to_string()),
            _ => None,
        },
        Value::Date(_) | Value::Entity(_) => None,
    }
    .or_else(|| {
        Some(
            match t.kind {
                Kind::Money => "CUR amount [scale]",
                Kind::Percent => "amount %",
                Kind::Count => "amount [scale]",
                Kind::Quantity => return Some(format!("amount [scale] {}", t.unit.unwrap_or("unit"))),
                Kind::Date => "{date: YYYY-MM-DD}",
                Kind::Entity => "{entity: <id>}",
                Kind::Text => return Some(format!("{{text: \"{v}\"}}")),
            }
            .to_string(),
        )
    })
}

fn what(t: Target) -> String {
    match t.kind {
        Kind::Money => "money".to_string(),
        Kind::Percent => "a percentage".to_string(),
        Kind::Count => "a count".to_string(),
        Kind::Quantity => match t.unit {
            Some(u) => format!("a quantity in {u}"),
            None => "a quantity".to_string(),
        },
        Kind::Date => "a date".to_string(),
        Kind::Entity => "an entity".to_string(),
        Kind::Text => "text".to_string(),
    }
}

/// The message (without the rule code) and help for a value that does not
/// fit its metric.
fn explain(v: &Value, metric: &str, t: Target, guess: &Guess) -> (String, String) {
    let reading = reading(v, t);
    let mut help: Vec<String> = Vec::new();
    let message = if t.kind == Kind::Count && matches!(v.ends(), Some((Amount::Count(_), _))) {
        // A count with a fraction: nothing to respell.
        help.push("write the number the source gives; a figure with decimals needs a scale word that makes it whole (`2.5 million`), or a quantity metric if it is a measure".to_string());
        format!("`{v}` {reading}, but `{metric}` is {}: a count is a whole number", kind_phrase(t))
    } else {
        let spelt = expected(v, t, guess.code()).unwrap_or_default();
        if t.kind == Kind::Money && v.currency().is_none() {
            help.push(match guess {
                Guess::Written(c) => format!("{c} is the currency written after the number"),
                Guess::Quote(c) => format!("the quote gives the figure in {c}"),
                Guess::Series(c, s, m) => format!("the other `{m}` claims of `{s}` are in {c}; check that the source's figure is too"),
                Guess::Metric(c, m) => format!("most `{m}` claims are in {c}; check the currency the source gives"),
                Guess::None => "replace `<CUR>` with the ISO 4217 code of the currency the source gives (EUR, USD, ...)".to_string(),
            });
        }
        format!("`{v}` {reading}, but `{metric}` is {}: write {} as `{spelt}`", kind_phrase(t), what(t))
    };
    help.push(
        match t.kind {
            Kind::Money => "money is written `CUR amount [scale]`: the ISO 4217 code first, the scale word in full (thousand, million, billion, trillion)",
            Kind::Percent => "a percentage is written `amount %`",
            Kind::Count => "a count is a bare whole number with an optional scale word (`13`, `200,000`, `1.5 million`); the metric says what is counted",
            Kind::Quantity => "a quantity is written `amount [scale] unit`, in the metric's unit (convert the figure, or use a metric in the source's unit)",
            Kind::Date => "a date is written `{date: 2024-02-28}` (or `2024-02`, `2024`)",
            Kind::Entity => "an entity is written `{entity: id}` with the id of an entity record",
            Kind::Text => "text is written `{text: \"...\"}`",
        }
        .to_string(),
    );
    let other_kind = match v.ends() {
        Some((Amount::Money { .. }, _)) => Some("money"),
        Some((Amount::Percent(_), _)) => Some("a percentage"),
        _ => None,
    };
    if let Some(k) = other_kind
        && !matches!((t.kind, k), (Kind::Money, "money") | (Kind::Percent, "a percentage"))
    {
        help.push(format!("if the source gives {k}, the claim needs another metric than `{metric}`"));
    }
    (message, help.join("; "))
}

#[cfg(test)]
mod tests;
