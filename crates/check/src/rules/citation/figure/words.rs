//! Numbers in English words, as a quote may print them.

use super::{ONES, TENS};

/// English words for a whole number below 1,000,000 ("twenty-six",
/// "two hundred").
pub fn words(n: u64) -> Option<String> {
    Some(match n {
        0..=19 => ONES[n as usize].to_string(),
        20..=99 => {
            let (t, o) = (n / 10, n % 10);
            if o == 0 { TENS[t as usize].to_string() } else { format!("{}-{}", TENS[t as usize], ONES[o as usize]) }
        }
        100..=999 => {
            let (h, r) = (n / 100, n % 100);
            if r == 0 { format!("{} hundred", ONES[h as usize]) } else { format!("{} hundred and {}", ONES[h as usize], words(r)?) }
        }
        1000..=999_999 if n.is_multiple_of(1000) => format!("{} thousand", words(n / 1000)?),
        _ => return None,
    })
}

/// [`words`] of every whole number that has them, written once: the
/// form with its hyphen, and the form with a space for it (empty when it
/// has no hyphen). Numbers below 1,000, then the thousands.
static WORDS: std::sync::LazyLock<Vec<(String, String)>> = std::sync::LazyLock::new(|| {
    (0..1000)
        .chain((1..1000).map(|k| k * 1000))
        .filter_map(words)
        .map(|w| (w.clone(), if w.contains('-') { w.replace('-', " ") } else { String::new() }))
        .collect()
});

/// The words of `n` from [`WORDS`].
pub(super) fn word_forms(n: u64) -> Option<&'static (String, String)> {
    let at = match n {
        0..=999 => n,
        1000..=999_999 if n.is_multiple_of(1000) => 999 + n / 1000,
        _ => return None,
    };
    WORDS.get(at as usize)
}
