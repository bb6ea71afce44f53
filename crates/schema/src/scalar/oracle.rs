//! The previous parsing of a period's point and of a partial date (parts
//! collected into a `Vec`, an integer read through `to_string`), kept as an
//! oracle: today's parsing must give the same periods, dates and messages.

use super::*;

pub fn parse_point(s: &str) -> Result<PointText, String> {
    let err = || format!("`{s}` is not a period: write 2024, 2024-H1, 2024-Q3, 2024-05, 2024-05-12 or a range 2020..2025");
    let parts: Vec<&str> = s.split('-').collect();
    let year = |y: &str| parse_num::<i32>(y, 4).filter(|y| *y >= 1).ok_or_else(err);
    match parts.as_slice() {
        [y] => Ok(PointText::Year(year(y)?)),
        [y, p] if p.len() == 2 && (p.starts_with('H') || p.starts_with('Q')) => {
            let n: u8 = p[1..].parse().map_err(|_| err())?;
            match (&p[..1], n) {
                ("H", 1..=2) => Ok(PointText::Half(year(y)?, n)),
                ("Q", 1..=4) => Ok(PointText::Quarter(year(y)?, n)),
                _ => Err(err()),
            }
        }
        [y, m] => {
            let m: u8 = parse_num(m, 2).filter(|m| (1..=12).contains(m)).ok_or_else(err)?;
            Ok(PointText::Month(year(y)?, m))
        }
        [_, _, _] => Ok(PointText::Day(s.parse()?)),
        _ => Err(err()),
    }
}

pub fn parse_period(s: &str) -> Result<Period, String> {
    let s = s.trim();
    if let Some((a, b)) = s.split_once("..") {
        let (a, b) = (point(parse_point(a.trim())?), point(parse_point(b.trim())?));
        if b.last() < a.first() {
            return Err(format!("the period `{s}` ends before it starts"));
        }
        return Ok(Period::Range(a, b));
    }
    parse_point(s).map(Period::from)
}

pub fn parse_partial_date(s: &str) -> Result<PartialDate, String> {
    let parts: Vec<&str> = s.split('-').collect();
    let err = || format!("`{s}` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD");
    match parts.as_slice() {
        [y] => {
            let y: i32 = parse_num(y, 4).ok_or_else(err)?;
            (y >= 1).then_some(PartialDate::Year(y)).ok_or_else(err)
        }
        [y, m] => {
            let (Some(y), Some(m)) = (parse_num::<i32>(y, 4), parse_num::<u8>(m, 2)) else {
                return Err(err());
            };
            (y >= 1 && (1..=12).contains(&m)).then_some(PartialDate::Month(y, m)).ok_or_else(err)
        }
        [_, _, _] => Ok(PartialDate::Day(s.parse()?)),
        _ => Err(err()),
    }
}

mod tests {
    use super::*;

    fn same_date_texts(s: &str) {
        let show = |p: Period| (p, p.to_string());
        assert_eq!(s.parse::<Period>().map(show), parse_period(s).map(show), "{s:?}");
        assert_eq!(s.parse::<PartialDate>(), oracle::parse_partial_date(s), "{s:?}");
    }

    #[test]
    fn periods_and_dates_parse_as_before() {
        for s in [
            "",
            "-",
            "--",
            "---",
            "2024",
            "0000",
            "0001",
            "9999",
            "10000",
            "2024-",
            "-2024",
            "2024-H1",
            "2024-H3",
            "2024-Q4",
            "2024-Q0",
            "2024-H",
            "2024-Hx",
            "2024-H+",
            "2024-Ｈ1",
            "2024-05",
            "2024-13",
            "2024-00",
            "2024-5",
            "2024-02-29",
            "2023-02-29",
            "2024-02-30",
            "2024-1-01",
            "2024-01-01-01",
            "2024-01-01-",
            "2020..2025",
            "2025..2020",
            "2023-H2..2024-03",
            "2024..2024-Q1",
            "2024...2025",
            "..2024",
            "2024..",
            " 2024 ",
            "2024 .. 2025",
            "2024-W01",
            "+2024",
            "2O24",
        ] {
            same_date_texts(s);
        }
        // Every text of up to seven characters from a small alphabet
        // (`2012-H1`, `0001-12`, `1-2-0`...; ranges are in the lists).
        let alphabet = ['0', '1', '2', '-', 'H', 'Q'];
        let mut last = vec![String::new()];
        for _ in 0..7 {
            last = last.iter().flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}"))).collect();
            last.iter().for_each(|t| same_date_texts(t));
        }
        // Every month and day of two years, as written in the data.
        for y in ["2023", "2024"] {
            for m in 0..=13 {
                for d in 0..=32 {
                    same_date_texts(&format!("{y}-{m:02}-{d:02}"));
                    same_date_texts(&format!("{y}-{m:02}..{y}-{m:02}-{d:02}"));
                }
            }
        }
    }

    /// `is_slug` in one pass answers as the chain of checks it replaced.
    #[test]
    fn slugs_are_recognised_as_before() {
        let old = |s: &str| {
            !s.is_empty()
                && s.len() <= 100
                && !s.starts_with('-')
                && !s.ends_with('-')
                && !s.contains("--")
                && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        };
        let mut texts = vec![String::new()];
        for _ in 0..6 {
            texts = texts.iter().flat_map(|t| ["a", "0", "-", "A", "_", "é"].map(|c| format!("{t}{c}"))).collect();
            for t in &texts {
                assert_eq!(crate::scalar::is_slug(t), old(t), "{t:?}");
            }
        }
        for n in [99, 100, 101] {
            let t = "a".repeat(n);
            assert_eq!(crate::scalar::is_slug(&t), old(&t));
        }
    }

    #[test]
    fn integers_read_as_their_text() {
        for v in [0, 1, 9, 10, 2024, 99_999, u64::from(u32::MAX), u64::MAX - 1, u64::MAX] {
            assert_eq!(IntegerText::from(v).as_str(), v.to_string());
        }
        for v in [0, -1, -9, -10, -2024, 2024, i64::MIN, i64::MIN + 1, i64::MAX] {
            assert_eq!(IntegerText::from(v).as_str(), v.to_string());
        }
        let mut v = 1u64;
        while let Some(n) = v.checked_mul(3) {
            assert_eq!(IntegerText::from(n).as_str(), n.to_string());
            assert_eq!(IntegerText::from(n as i64).as_str(), (n as i64).to_string());
            v = n;
        }
        // An integer reads as its text would.
        for v in (0..12_000u64).chain([99_999, u64::MAX]) {
            let (json, text) = (v.to_string(), format!("\"{v}\""));
            let period =
                |s: &str| serde_json::from_str::<Period>(s).map_err(|e| e.to_string().split(" at line").next().map(str::to_string));
            let date =
                |s: &str| serde_json::from_str::<PartialDate>(s).map_err(|e| e.to_string().split(" at line").next().map(str::to_string));
            assert_eq!(period(&json), period(&text), "{v}");
            assert_eq!(date(&json), date(&text), "{v}");
            assert_eq!(period(&json), parse_period(&v.to_string()).map_err(Some), "{v}");
        }
        let p: Period = serde_json::from_str("2024").unwrap();
        assert_eq!(p, Period::Year(2024));
        let e = serde_json::from_str::<Period>("-2024").unwrap_err().to_string();
        assert!(e.starts_with("`-2024` is not a period"), "{e}");
        let e = serde_json::from_str::<PartialDate>("12345").unwrap_err().to_string();
        assert!(e.starts_with("`12345` is not a date"), "{e}");
    }
}
