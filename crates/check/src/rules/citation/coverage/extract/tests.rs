use super::extract;

fn texts(s: &str) -> Vec<String> {
    extract(s).into_iter().map(|f| f.text).collect()
}

#[test]
fn figures_and_what_is_not_one() {
    assert_eq!(
        texts("Serbia accounts for 65.79% of exports, with some $1.3 billion (€1.2 billion) in 2021."),
        ["65.79%", "$1.3 billion", "€1.2 billion"]
    );
    assert_eq!(texts("a budget of €1.63 billion in 2024 (+8.7%), EUR 146.82 million"), ["€1.63 billion", "+8.7%", "EUR 146.82 million"]);
    assert_eq!(texts("0.5 in (12.7 mm) calibre, a 14-meter drone, 200,000 units"), ["0.5 in", "12.7 mm", "14-meter", "200,000"]);
    assert_eq!(texts("Thirteen countries, a two-day summit, twenty-six vehicles"), ["Thirteen", "two-day", "twenty-six"]);
    assert!(texts("TEN-T, Feb. 28, https://x.org/Five-year-Plan.pdf").is_empty());
    assert!(texts("F-16 and MiG-29 jets, HS200, Leopard 2A8, Article 5, post-1991, the 1990s").is_empty());
    let dates = texts("March 28, 2024; on 5 September 2025; grants for 2025–2027; date 2024-03-28");
    assert!(dates.is_empty(), "{dates:?}");
    assert!(texts("  2. Skip to main menu\nsecurity.[12] See https://x.org/a/1864-b and topics_52044.htm").is_empty());
    assert_eq!(texts("one of them; one million shells"), ["one million"]);
    assert_eq!(texts("under 2 percent GDP, 40 to 120 percent"), ["2 percent", "40", "120 percent"]);
}

/// The number words matched at once are the list they stand for,
/// in any ASCII case, and nothing else (words of the list with a
/// letter changed, added or dropped; non-ASCII look-alikes).
#[test]
fn number_words_are_matched_as_the_list_says() {
    use crate::rules::citation::figure::{ONES, TENS};
    let old = |w: &str| ONES[2..].iter().chain(&TENS[2..]).chain(&["hundred", "dozen"]).any(|n| n.eq_ignore_ascii_case(w));
    let mut words: Vec<String> =
        ONES.iter().chain(&TENS).chain(&["hundred", "dozen", "one", "", "a", "tw", "ninetyy"]).map(|w| w.to_string()).collect();
    for w in words.clone() {
        words.push(w.to_uppercase());
        let mut c: Vec<char> = w.chars().collect();
        if let Some(x) = c.first_mut() {
            *x = x.to_ascii_uppercase();
        }
        words.push(c.iter().collect());
        words.push(format!("{w}s"));
        words.push(format!("{w}\0"));
        words.push(format!("{w}-"));
        words.push(w.chars().skip(1).collect());
        words.push(w.replace('e', "\u{0435}"));
        words.push(w.replace('k', "\u{212a}"));
        for i in 0..w.len() {
            let mut b = w.clone().into_bytes();
            b[i] = b'x';
            words.push(String::from_utf8(b).unwrap());
        }
    }
    for w in &words {
        assert_eq!(super::is_number_word(w), old(w), "{w:?}");
    }
}

#[test]
fn a_unit_is_matched_letter_by_letter_not_after_lowercasing() {
    // The Kelvin sign lowercases to an ASCII `k`: matched after
    // lowercasing, `km` would end inside the sign's three bytes.
    assert_eq!(texts("a range of 5 \u{212A}m and 7 KM"), ["5", "7 KM"]);
}

#[test]
fn figures_of_any_text_stand_on_character_boundaries() {
    let mut seed = 0x2545_f491_4f6c_dd1d;
    for round in 0..300 {
        let raw = crate::rules::citation::text::tests::text(&mut seed, 5 + round);
        for spot in super::spots(&raw) {
            for at in [spot.start, spot.end, spot.core.0, spot.core.1, spot.line_start] {
                assert!(raw.is_char_boundary(at), "{at} in {raw:?}");
            }
            assert!(spot.start <= spot.core.0 && spot.core.1 <= spot.end, "{spot:?}");
            let f = spot.figure(&raw);
            assert_eq!(f.text, &raw[spot.start..spot.end]);
        }
    }
}

#[test]
fn places_and_context() {
    let f = &extract("first line\nsome words and then €50 million ($54.26 million) to modernise it")[0];
    assert_eq!((f.line, f.column), (2, 21));
    assert!(f.context.contains("€50 million"), "{}", f.context);
}

/// The figures of a text are those of its lines (cut as `split('\n')`
/// cuts them), each found on its own and moved to where the line starts:
/// on generated texts with several line breaks in a row, at either end,
/// and web addresses (found only when a figure is asked about).
#[test]
fn a_text_is_searched_line_by_line_as_split_cuts_it() {
    let mut seed = 0x6a09_e667_f3bc_c908;
    let pieces = ["\n", "\n\n", " ", "two ", "12.5% ", "www.x.org/7 ", "http://a.b/9 ", "a_3 ", "$4 ", "word "];
    for round in 0..2000 {
        let text: String = (0..round % 30)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                pieces[(seed % pieces.len() as u64) as usize]
            })
            .collect();
        let mut want = Vec::new();
        let mut base = 0;
        for (ln, line) in text.split('\n').enumerate() {
            want.extend(super::spots(line).into_iter().map(|s| super::Spot {
                start: base + s.start,
                end: base + s.end,
                core: (base + s.core.0, base + s.core.1),
                line: ln as u32 + 1,
                line_start: base,
            }));
            base += line.len() + 1;
        }
        assert_eq!(super::spots(&text), want, "{text:?}");
    }
}

/// [`super::word_figure`] as it was before it turned most words away
/// first: the acronym test, the split at the first hyphen with a searcher,
/// then the number words.
fn word_figure_before(line: &str, s: usize, e: usize) -> Option<(usize, usize, usize, usize)> {
    use super::{ONES, SCALES, is_number_word, may_be_number_word, next_word, one_of};
    let written = &line[s..e];
    if !may_be_number_word(written.as_bytes()[0]) {
        return None;
    }
    if written.len() > 1 && written.bytes().filter(u8::is_ascii_alphabetic).all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let (head, tail) = written.split_once('-').map_or((written, None), |(a, b)| (a, Some(b)));
    let number_head = is_number_word(head)
        || (head.eq_ignore_ascii_case("one") && (one_of(&SCALES, next_word(line, e)) || tail.is_some_and(|t| !one_of(&ONES, t))));
    if !number_head {
        return None;
    }
    let mut end = e;
    let w = next_word(line, e);
    if one_of(&SCALES, w) && line[e..].starts_with(' ') {
        end += 1 + w.len();
    }
    let core_end = s + head.len();
    Some((s, end, s, core_end.min(e)))
}

/// Words made of number words, other words, acronyms and hyphens, in
/// every case, with and without a scale word after: the word test finds
/// what it found before.
#[test]
fn number_words_are_told_as_before() {
    let parts = ["one", "One", "ONE", "two", "Twenty", "TEN", "T", "six", "day", "the", "on", "o", "hundred", "dozen", "x", "nine"];
    let after = ["", " million", " Billion", " and", ",", " mn", "-"];
    let mut seed: u64 = 0x8c3e_21f4_77a1_9d05;
    let mut found = 0;
    for _ in 0..20_000 {
        let mut next = |m: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % m as u64) as usize
        };
        let mut word = parts[next(parts.len())].to_string();
        for _ in 0..next(3) {
            word.push('-');
            word.push_str(parts[next(parts.len())]);
        }
        let line = format!("{word}{}", after[next(after.len())]);
        let got = super::word_figure(&line, 0, word.len());
        assert_eq!(got, word_figure_before(&line, 0, word.len()), "{line:?}");
        found += usize::from(got.is_some());
    }
    assert!(found > 2000, "{found}");
}
