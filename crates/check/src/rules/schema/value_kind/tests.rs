//! Unit tests of the rule's readings and suggested spellings.

use super::*;

fn say(v: &str, kind: Kind, unit: Option<&str>, guess: Guess) -> Option<String> {
    let v: Value = match v.parse() {
        Ok(v) => v,
        Err(e) => return Some(format!("PARSE: {e}")),
    };
    let t = Target { kind, unit };
    if fits(&v, t) {
        return None;
    }
    Some(explain(&v, "metric-x", t, &guess).0)
}

#[test]
fn money_needs_its_code_first() {
    let eur = || Guess::Quote(CurrencyCode::EUR);
    assert_eq!(say("EUR 262.5 million", Kind::Money, None, eur()), None);
    assert_eq!(
        say("265.5 million EUR", Kind::Money, None, Guess::Written(CurrencyCode::EUR)).unwrap(),
        "`265.5 million EUR` has its currency after the number, where it is read as a unit, but `metric-x` is a money metric: write money as `EUR 265.5 million`"
    );
    assert_eq!(
        say("262.5 m", Kind::Money, None, eur()).unwrap(),
        "`262.5 m` is read as 262.5 metres (`m` is the metre, not a million), but `metric-x` is a money metric: write money as `EUR 262.5 million`"
    );
    assert_eq!(
        say("262.5 million", Kind::Money, None, Guess::None).unwrap(),
        "`262.5 million` has no currency, but `metric-x` is a money metric: write money as `<CUR> 262.5 million`"
    );
    assert_eq!(
        say("1.5 to 2 billion", Kind::Money, None, eur()).unwrap(),
        "`1.5 billion to 2 billion` has no currency, but `metric-x` is a money metric: write money as `EUR 1.5 billion to EUR 2 billion`"
    );
    // `bn` is refused by the value parser itself (`schema/shape`), which
    // names the spelling meant; the kind rule never sees it.
    let bn = say("1.3 bn", Kind::Money, None, eur()).unwrap();
    assert!(bn.starts_with("PARSE: ") && bn.contains("1.3 billion"), "{bn}");
    assert!(say("5 million euros", Kind::Money, None, Guess::Written(CurrencyCode::EUR)).unwrap().ends_with("`EUR 5 million`"));
}

#[test]
fn counts_percentages_and_quantities() {
    assert_eq!(say("13", Kind::Count, None, Guess::None), None);
    assert_eq!(say("1.5 million", Kind::Count, None, Guess::None), None);
    assert_eq!(
        say("2.5", Kind::Count, None, Guess::None).unwrap(),
        "`2.5` is not a whole number, but `metric-x` is a count metric: a count is a whole number"
    );
    assert!(say("13 aircraft", Kind::Count, None, Guess::None).unwrap().ends_with("write a count as `13`"));
    assert!(say("1.2 m", Kind::Count, None, Guess::None).unwrap().ends_with("write a count as `1.2 million`"));
    assert!(say("EUR 5", Kind::Count, None, Guess::None).unwrap().starts_with("`EUR 5` is money (EUR), but"));
    assert_eq!(
        say("65.79", Kind::Percent, None, Guess::None).unwrap(),
        "`65.79` has no percent sign, but `metric-x` is a percent metric: write a percentage as `65.79 %`"
    );
    assert_eq!(say("40 to 120 %", Kind::Percent, None, Guess::None), None);
    assert_eq!(say("14 m", Kind::Quantity, Some("m"), Guess::None), None);
    assert_eq!(say("1 year", Kind::Quantity, Some("years"), Guess::None), None);
    assert_eq!(
        say("14", Kind::Quantity, Some("m"), Guess::None).unwrap(),
        "`14` has no unit, but `metric-x` is a quantity metric in `m`: write a quantity in m as `14 m`"
    );
    assert!(say("14 km", Kind::Quantity, Some("m"), Guess::None).unwrap().starts_with("`14 km` is a quantity in `km`, but"));
}

#[test]
fn the_most_used_currency_wins_and_ties_go_to_the_smaller_code() {
    let usd: CurrencyCode = "USD".parse().unwrap();
    let mut counts = HashMap::default();
    counts.insert(usd, 1);
    counts.insert(CurrencyCode::EUR, 1);
    assert_eq!(most_used(Some(&counts), None), Some(CurrencyCode::EUR));
    counts.insert(usd, 2);
    assert_eq!(most_used(Some(&counts), None), Some(usd));
    assert_eq!(most_used(Some(&counts), Some(usd)), Some(CurrencyCode::EUR));
    assert_eq!(most_used(None, None), None);
}

#[test]
fn dates_entities_and_text() {
    assert!(say("2024", Kind::Date, None, Guess::None).unwrap().ends_with("write a date as `{date: 2024}`"));
    assert!(say("13", Kind::Entity, None, Guess::None).unwrap().ends_with("write an entity as `{entity: <id>}`"));
    assert!(say("13", Kind::Text, None, Guess::None).unwrap().ends_with("write text as `{text: \"13\"}`"));
    let text = Value::Text("EUR 5 million".into());
    let t = Target { kind: Kind::Money, unit: None };
    assert!(!fits(&text, t));
    assert!(
        explain(&text, "metric-x", t, &Guess::None)
            .0
            .ends_with("is text, but `metric-x` is a money metric: write money as `EUR 5 million`")
    );
}
