use super::*;

fn found(q: &str, v: &str) -> bool {
    quote_contains(q, &v.parse().unwrap()).unwrap()
}

#[test]
fn digits_words_and_markers() {
    assert!(found("some $1.3 billion (€1.2 billion)", "USD 1.3 billion"));
    assert!(found("some $1.3 billion (€1.2 billion)", "EUR 1.2 billion"));
    assert!(!found("some $1.3 billion (€1.2 billion)", "GBP 1.3 billion"));
    assert!(!found("some $11.3 billion", "USD 1.3 billion"));
    assert!(!found("some $1.35 billion", "USD 1.3 billion"));
    assert!(!found("some $1.3 million", "USD 1.3 billion"));
    assert!(found("accounting for 65.79% of its total exports", "65.79 %"));
    assert!(found("about 200,000 units annually", "200,000"));
    assert!(found("about 200,000 units annually", "200000"));
    assert!(found("Thirteen countries attended", "13"));
    assert!(found("roughly one-fifth of the market", "20 %"));
    assert!(found("increasing their budgets by 40% to 120%", "40 to 120 %"));
    assert!(found("spent 1.53% of GDP", "1.53 %"));
    assert!(!found("spent 1.53 of GDP", "1.53 %"));
    assert!(found("six People’s Liberation Army (PLA) aircraft", "6"));
    assert!(found("twenty-six vehicles", "26"));
    assert!(found("€1.5 billion", "EUR 1.5 billion"));
    assert!(found("a 14-meter Soviet-era drone", "14 m"));
    assert!(found("a 14 m drone", "14 m"));
}

#[test]
fn the_scale_word_must_agree_both_ways() {
    assert!(!found("€265.5 million", "EUR 265.5"));
    assert!(found("€265.5 million", "EUR 265.5 million"));
    assert!(!found("€265.5 and more", "EUR 265.5 million"));
    assert!(!found("budget of €265.5bn", "EUR 265.5 million"));
    assert!(found("budget of €265.5bn", "EUR 265.5 billion"));
    assert!(found("$40m in aid", "USD 40 million"));
    assert!(!found("$40m in aid", "USD 40"));
    assert!(!found("some 200 thousand rounds", "200"));
    assert!(found("two million shells", "2 million"));
    assert!(!found("two million shells", "2"));
    assert!(found("between €1.5 and 2 billion", "EUR 1.5 to 2 billion"));
    assert!(!found("between €1.5 and 2 billion", "EUR 1.5 to 2 million"));
    assert!(found("it has 5,000 troops", "5,000"));
}

#[test]
fn the_currency_beside_the_number_decides() {
    assert!(!found("$265.5 million", "EUR 265.5 million"));
    assert!(!found("some $1.3 billion (€1.2 billion)", "EUR 1.3 billion"));
    assert!(found("US$5 million", "USD 5 million"));
    assert!(!found("C$5 million", "USD 5 million"));
    assert!(found("EUR 50 million", "EUR 50 million"));
    assert!(found("50 million euros", "EUR 50 million"));
    assert!(!found("50 million dollars", "EUR 50 million"));
    assert!(found("the budget, in euros, reached 50 million", "EUR 50 million"));
    assert!(!found("the budget reached 50 million", "EUR 50 million"));
}

#[test]
fn near_misses_name_what_differs() {
    let miss = |q: &str, v: &str| near_miss(q, &v.parse().unwrap());
    assert_eq!(
        miss("spent €265.5 million on it", "EUR 265.5"),
        Some(Miss::Scale { printed: "€265.5 million".into(), scale: Some(Scale::Million) })
    );
    assert_eq!(miss("spent €265.5 on it", "EUR 265.5 million"), Some(Miss::Scale { printed: "€265.5".into(), scale: None }));
    assert_eq!(
        miss("spent $265.5 million", "EUR 265.5 million"),
        Some(Miss::Currency { printed: "$265.5 million".into(), currency: "USD".parse().unwrap() })
    );
    assert_eq!(miss("spent €12 million", "EUR 120 million"), None);
    assert_eq!(
        quote_currency("a budget of €262.5 million", &"262.5".parse::<Value>().unwrap().ends().unwrap().0.number().clone()),
        Some(CurrencyCode::EUR)
    );
    assert_eq!(quote_currency("$1 billion (€0.9 billion)", &"7".parse::<Value>().unwrap().ends().unwrap().0.number().clone()), None);
}
