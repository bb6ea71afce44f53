//! Mutations of a record file. Each takes the file's bytes and changes
//! them in one way a maintainer, an editor or a hostile contributor might:
//! bytes, lines, indentation, scalars swapped for extreme numbers, dates and
//! strange text, anchors and aliases, flow style, truncation.

use crate::rng::Rng;

/// Numbers at and past the edges of what the model keeps exactly.
pub const EXTREME_NUMBERS: &[&str] = &[
    "0",
    "-0",
    "0.0000000000000000000000000001",
    "0.00000000000000000000000000001",
    "1.0000000000000000000000000001",
    "0.00000000000000000000000000000001",
    "79228162514264337593543950335",
    "79228162514264337593543950336",
    "792281625142643375935439503350000",
    "99999999999999999999999999999999999999",
    "18446744073709551616",
    "-79228162514264337593543950335",
    "1e30",
    "1E-30",
    "0x10",
    "1_000",
    ".5",
    "5.",
    "NaN",
    ".inf",
    "-.inf",
    "1,000.5",
    "1.000,5",
];

/// Values that replace a scalar whole.
const SCALARS: &[&str] = &[
    "",
    "~",
    "null",
    "true",
    "[]",
    "{}",
    "\"\"",
    "EUR 0.0000000000000000000000000001",
    "USD 1.0000000000000000000000000001 billion",
    "EUR 79228162514264337593543950336",
    "USD 99999999999999999999999999999 billion",
    "0.0000000000000000000000000001 %",
    "-100.0000000000000000000000001 %",
    "EUR 1 trillion billion",
    "XXX 5 million",
    "HRK 100 million",
    "EUR -0",
    "1 %",
    "2024-02-30",
    "2023-02-29",
    "0000-01-01",
    "9999-12-31",
    "2024-13",
    "2024-00-10",
    "2024-01-01..2023-01-01",
    "2024..2025",
    "2024-W05",
    "'2024-03-28'",
    "\"\\u202Eevil\\u202C\"",
    "\"\\u0000\"",
    "\"e\\u0301\"",
    "\"\\U0001F4A3\"",
    "\"\\r::error::injected\"",
    "\"\\e[31mred\"",
    "*missing",
    "!!binary aGVsbG8=",
    "!custom tag",
    "|\n  folded\n  text",
    ">-\n  x",
    "{value: EUR 1 million, bound: at_least}",
    "[a, [b, [c, [d]]]]",
    "? complex\n: key",
];

/// Strange text inserted at a random place.
const INSERTS: &[&str] = &[
    "\u{202E}",
    "\u{FEFF}",
    "\u{0301}",
    "\u{1F4A3}",
    "\0",
    "\r",
    "\t",
    "\u{85}",
    "\u{2028}",
    "š€",
    "&a ",
    "*a",
    "<<: *a\n",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "# comment\n",
    "\"",
    "'",
    ": ",
    "- ",
    "{",
    "[",
];

/// Applies one random mutation.
pub fn mutate(rng: &mut Rng, text: &mut Vec<u8>) -> &'static str {
    match rng.below(12) {
        0 => {
            if !text.is_empty() {
                let i = rng.below(text.len());
                text[i] = rng.next_u64() as u8;
            }
            "byte"
        }
        1 => {
            let mut lines = split_lines(text);
            if !lines.is_empty() {
                let i = rng.below(lines.len());
                lines.remove(i);
            }
            *text = lines.concat();
            "delete line"
        }
        2 => {
            let mut lines = split_lines(text);
            if !lines.is_empty() {
                let i = rng.below(lines.len());
                let l = lines[i].clone();
                let to = rng.below(lines.len() + 1);
                lines.insert(to, l);
            }
            *text = lines.concat();
            "duplicate line"
        }
        3 => {
            let mut lines = split_lines(text);
            if lines.len() > 1 {
                let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
                lines.swap(a, b);
            }
            *text = lines.concat();
            "swap lines"
        }
        4 => {
            let mut lines = split_lines(text);
            if !lines.is_empty() {
                let i = rng.below(lines.len());
                let line = &mut lines[i];
                match rng.below(4) {
                    0 => {
                        const PADS: [&[u8]; 4] = [b" ", b"  ", b"    ", b"\t"];
                        let pad = *rng.pick(&PADS);
                        line.splice(0..0, pad.iter().copied());
                    }
                    _ => {
                        let n = line.iter().take_while(|b| **b == b' ').count().min(1 + rng.below(4));
                        line.drain(..n);
                    }
                }
            }
            *text = lines.concat();
            "indentation"
        }
        5 | 6 => {
            replace_scalar(rng, text);
            "scalar"
        }
        7 | 8 => {
            replace_number(rng, text);
            "number"
        }
        9 => {
            let at = char_boundary(text, rng.below(text.len() + 1));
            let ins = rng.pick(INSERTS).as_bytes();
            text.splice(at..at, ins.iter().copied());
            "insert"
        }
        10 => {
            let at = rng.below(text.len() + 1);
            text.truncate(at);
            "truncate"
        }
        _ => {
            to_flow(rng, text);
            "flow"
        }
    }
}

fn split_lines(text: &[u8]) -> Vec<Vec<u8>> {
    text.split_inclusive(|b| *b == b'\n').map(<[u8]>::to_vec).collect()
}

fn char_boundary(text: &[u8], mut at: usize) -> usize {
    while at < text.len() && (text[at] & 0xC0) == 0x80 {
        at += 1;
    }
    at
}

/// Replaces the value after a random `key: ` with an extreme scalar.
fn replace_scalar(rng: &mut Rng, text: &mut Vec<u8>) {
    let mut lines = split_lines(text);
    let candidates: Vec<usize> = (0..lines.len()).filter(|i| find_sub(&lines[*i], b": ").is_some()).collect();
    if candidates.is_empty() {
        return;
    }
    let i = *rng.pick(&candidates);
    let line = &mut lines[i];
    let colon = find_sub(line, b": ").unwrap_or(0) + 2;
    let indent = line.iter().take_while(|b| **b == b' ').count();
    let mut value = rng.pick(SCALARS).replace('\n', &format!("\n{}", " ".repeat(indent + 2))).into_bytes();
    value.push(b'\n');
    line.truncate(colon);
    line.extend(value);
    *text = lines.concat();
}

/// Replaces a run of digits (with its decimal point) by an extreme number.
fn replace_number(rng: &mut Rng, text: &mut Vec<u8>) {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < text.len() {
        if text[i].is_ascii_digit() {
            let start = i;
            while i < text.len() && (text[i].is_ascii_digit() || text[i] == b'.') {
                i += 1;
            }
            runs.push((start, i));
        } else {
            i += 1;
        }
    }
    if runs.is_empty() {
        return;
    }
    let (s, e) = *rng.pick(&runs);
    let n = rng.pick(EXTREME_NUMBERS).as_bytes();
    text.splice(s..e, n.iter().copied());
}

/// Rewrites a random `- key: value` block item's first line as a flow
/// mapping, or a whole short block in flow style.
fn to_flow(rng: &mut Rng, text: &mut Vec<u8>) {
    let mut lines = split_lines(text);
    let items: Vec<usize> = (0..lines.len()).filter(|i| trimmed(&lines[*i]).starts_with(b"- ")).collect();
    if items.is_empty() {
        return;
    }
    let i = *rng.pick(&items);
    let indent = lines[i].iter().take_while(|b| **b == b' ').count();
    // The item's lines: those indented deeper than its dash.
    let mut end = i + 1;
    while end < lines.len() && {
        let l = &lines[end];
        let ind = l.iter().take_while(|b| **b == b' ').count();
        ind > indent && !trimmed(l).is_empty()
    } {
        end += 1;
    }
    let mut pairs = Vec::new();
    for l in &lines[i..end] {
        let t = trimmed(l);
        let t = t.strip_prefix(b"- ").unwrap_or(t);
        if let Some(c) = find_sub(t, b": ") {
            let (k, v) = (&t[..c], &t[c + 2..]);
            if !v.is_empty() && !k.is_empty() {
                pairs.push([k, b": ", v].concat());
            }
        }
    }
    let mut flow = vec![b' '; indent];
    flow.extend_from_slice(b"- {");
    flow.extend(pairs.join(&b", "[..]));
    flow.extend_from_slice(b"}\n");
    lines.splice(i..end, [flow]);
    *text = lines.concat();
}

fn trimmed(l: &[u8]) -> &[u8] {
    let s = l.iter().position(|b| *b != b' ').unwrap_or(l.len());
    let mut e = l.len();
    while e > s && matches!(l[e - 1], b'\n' | b'\r' | b' ') {
        e -= 1;
    }
    &l[s..e]
}

fn find_sub(h: &[u8], n: &[u8]) -> Option<usize> {
    h.windows(n.len()).position(|w| w == n)
}
