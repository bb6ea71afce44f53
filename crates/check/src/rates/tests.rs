use super::*;

const CSV: &str = "Date,USD,GBP,\n2024-03-28,1.0811,0.85510,\n2024-03-27,1.0826,N/A,\n2024-03-20,1.0900,0.8500,\n";

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

#[test]
fn looks_back_at_most_a_week() {
    let r = Rates::parse_csv(CSV).unwrap();
    let usd = CurrencyCode(*b"USD");
    assert_eq!(r.per_eur(usd, d("2024-03-30")).unwrap().date, d("2024-03-28"));
    assert_eq!(r.per_eur(usd, d("2024-03-26")).unwrap().date, d("2024-03-20"));
    assert!(r.per_eur(usd, d("2024-03-19")).is_none());
    assert!(r.per_eur(usd, d("2024-04-10")).is_none());
    let x = r.cross(usd, CurrencyCode::EUR, d("2024-03-28")).unwrap();
    assert_eq!(x.value.round_dp(6).to_string(), "0.924984");
    let (avg, n) = r.average_per_eur(usd, d("2024-03-01"), d("2024-03-31")).unwrap();
    assert_eq!((avg.round_dp(4).to_string(), n), ("1.0846".to_string(), 3));
    let back = Rates::parse_csv(&r.to_csv(&[usd, CurrencyCode(*b"GBP")], None)).unwrap();
    assert_eq!(back.per_eur(usd, d("2024-03-27")), r.per_eur(usd, d("2024-03-27")));
}

#[test]
fn bad_lines_are_reported_with_their_number() {
    let e = Rates::parse_csv("Date,USD\n2024-03-28,abc\n").unwrap_err();
    assert_eq!((e.line, e.column), (2, 12));
}

fn problems(text: &str) -> Vec<(usize, usize, String)> {
    Rates::read_csv(text).errors.into_iter().map(|e| (e.line, e.column, e.message)).collect()
}

#[test]
fn the_ecb_layout_with_trailing_commas_reads_clean() {
    let r = Rates::read_csv(CSV);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.rates.header(), &[CurrencyCode(*b"USD"), CurrencyCode(*b"GBP")]);
    assert_eq!(r.rates.days().len(), 3);
}

#[test]
fn a_long_row_is_one_error_at_its_first_extra_cell() {
    let p = problems("Date,USD,GBP\n2024-03-28,1.08,0.85,9.9\n2024-03-27,1.07,0.84\n");
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!((p[0].0, p[0].1), (2, 22));
    assert!(p[0].2.contains("4 cells, the header 3"), "{p:?}");
}

#[test]
fn a_short_row_loses_that_row_only() {
    let r = Rates::read_csv("Date,USD,GBP\n2024-03-28,1.08\n2024-03-27,1.07,0.84\n");
    assert_eq!(r.errors.len(), 1);
    assert_eq!((r.errors[0].line, r.errors[0].column), (2, 16));
    assert!(r.rates.on(CurrencyCode(*b"USD"), d("2024-03-27")).is_some());
}

#[test]
fn an_empty_cell_is_an_error_and_the_other_rates_stay() {
    let r = Rates::read_csv("Date,USD,GBP\n2024-03-28,,0.85\n");
    assert_eq!(r.errors.len(), 1);
    assert_eq!((r.errors[0].line, r.errors[0].column), (2, 12));
    assert!(r.errors[0].message.contains("USD cell of 2024-03-28 is empty"));
    assert_eq!(r.rates.on(CurrencyCode(*b"GBP"), d("2024-03-28")).unwrap().to_string(), "0.85");
}

#[test]
fn one_bad_cell_does_not_discard_every_rate() {
    let r = Rates::read_csv("Date,USD\n2024-03-28,abc\n2024-03-27,1.07\n");
    assert_eq!(r.errors.len(), 1);
    assert!(r.rates.on(CurrencyCode(*b"USD"), d("2024-03-27")).is_some());
}

#[test]
fn a_repeated_date_is_an_error_and_the_first_line_wins() {
    let r = Rates::read_csv("Date,USD\n2024-03-28,1.08\n2024-03-28,1.50\n");
    assert_eq!(r.errors.len(), 1);
    assert!(r.errors[0].message.contains("first is line 2"), "{:?}", r.errors);
    assert_eq!(r.rates.on(CurrencyCode(*b"USD"), d("2024-03-28")).unwrap().to_string(), "1.08");
}

#[test]
fn header_codes_must_be_iso_4217_and_unique() {
    let p = problems("Date,USX,GBP,GBP,CYP\n2024-03-28,1.08,0.85,0.85,N/A\n");
    assert_eq!(p.len(), 2, "{p:?}");
    assert!(p[0].2.contains("`USX` in the header is not an ISO 4217"));
    assert_eq!((p[1].0, p[1].1), (1, 14));
    assert!(p[1].2.contains("twice"));
}

#[test]
fn a_file_cut_mid_line_is_an_error() {
    let p = problems("Date,USD,GBP\n2024-03-28,1.08,0.85\n2024-03-27,1.0");
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!((p[0].0, p[0].1), (3, 1));
    assert!(p[0].2.contains("cut off"));
}

#[test]
fn the_daily_file_layout_is_named() {
    let p = problems("Date, USD, JPY, \n30 October 2026, 1.1172, 175.68, \n");
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].2.contains("eurofxref.csv") && p[0].2.contains("eurofxref-hist.csv"), "{p:?}");
}

#[test]
fn problems_are_capped() {
    let text = format!("Date,USD\n{}", (1..=28).map(|i| format!("2024-02-{i:02},x\n")).collect::<String>());
    let r = Rates::read_csv(&text);
    assert_eq!((r.errors.len(), r.more_errors), (MAX_ERRORS, 28 - MAX_ERRORS));
}
