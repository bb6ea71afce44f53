//! Finding many quotes in one text without a pass over the text for each:
//! an index of the text's 4-byte sequences, from which a quote's rarest
//! sequence gives the few places it can start.

/// Every 4-byte sequence of a text, by hash bucket, as chains of positions.
pub struct Grams<'a> {
    text: &'a [u8],
    shift: u32,
    /// Bucket → the last position in it, plus one (0: none), and how many
    /// positions it holds: side by side, one look-up for both.
    head: Vec<[u32; 2]>,
    /// Position → the previous position in its bucket, plus one (0: none).
    next: Vec<u32>,
}

const N: usize = 4;

impl<'a> Grams<'a> {
    pub fn new(text: &'a [u8]) -> Grams<'a> {
        let positions = text.len().saturating_sub(N - 1);
        let bits = positions.next_power_of_two().trailing_zeros().clamp(4, 20);
        let mut g = Grams { text, shift: 32 - bits, head: vec![[0; 2]; 1 << bits], next: vec![0; positions] };
        for p in 0..positions {
            let b = g.bucket(&text[p..]);
            let h = &mut g.head[b];
            g.next[p] = h[0];
            *h = [p as u32 + 1, h[1] + 1];
        }
        g
    }

    fn bucket(&self, at: &[u8]) -> usize {
        let w = u32::from_le_bytes([at[0], at[1], at[2], at[3]]);
        (w.wrapping_mul(0x9E37_79B1) >> self.shift) as usize
    }

    /// Where `quote` starts in the text, every place, highest first: the
    /// positions of its rarest 4-byte sequence, checked in full.
    fn starts<'q>(&'q self, quote: &'q [u8]) -> impl Iterator<Item = usize> + 'q {
        let (offset, bucket) = if quote.len() >= N && self.text.len() >= quote.len() { self.rarest(quote) } else { (0, usize::MAX) };
        let mut at = if bucket == usize::MAX { 0 } else { self.head[bucket][0] };
        let (text, len) = (self.text, quote.len());
        std::iter::from_fn(move || {
            while at != 0 {
                let p = at as usize - 1;
                at = self.next[p];
                if let Some(s) = p.checked_sub(offset)
                    && text.get(s..s + len) == Some(quote)
                {
                    return Some(s);
                }
            }
            None
        })
    }

    /// A 4-byte sequence of `quote` (at least 4 bytes long) whose bucket
    /// holds few positions: its offset in the quote and its bucket. Any
    /// sequence of the quote finds every place (each is checked in full);
    /// a rare one only makes the check cheaper. Looks at every fourth
    /// offset first (sequences that do not overlap), and stops at a bucket
    /// of at most one position: none is rarer.
    fn rarest(&self, quote: &[u8]) -> (usize, usize) {
        let last = quote.len() - N;
        let mut best = (0, self.bucket(quote));
        let mut best_count = self.head[best.1][1];
        let mut o = N;
        while best_count > 1 && o <= last + N {
            let at = o.min(last);
            let b = self.bucket(&quote[at..]);
            let c = self.head[b][1];
            if c < best_count {
                (best, best_count) = ((at, b), c);
            }
            if at == last {
                break;
            }
            o += N;
        }
        best
    }

    /// Whether the text has `quote` anywhere.
    pub fn contains(&self, quote: &[u8]) -> bool {
        if quote.len() < N {
            return memchr::memmem::find(self.text, quote).is_some();
        }
        self.starts(quote).next().is_some()
    }

    /// Where `quote` stands in the text, left to right and not overlapping
    /// (as `memchr::memmem::find_iter` finds them).
    pub fn find_all(&self, quote: &[u8], out: &mut Vec<usize>) {
        if quote.is_empty() {
            return;
        }
        if quote.len() < N {
            out.extend(memchr::memmem::find_iter(self.text, quote));
            return;
        }
        let from = out.len();
        out.extend(self.starts(quote));
        out[from..].reverse();
        // Keep the leftmost of overlapping places, as a scan would.
        let mut end = 0;
        let mut keep = from;
        for k in from..out.len() {
            if out[k] >= end {
                end = out[k] + quote.len();
                out[keep] = out[k];
                keep += 1;
            }
        }
        out.truncate(keep);
    }
}

#[cfg(test)]
mod tests {
    use super::Grams;

    /// A tiny deterministic generator: texts over a small alphabet, so that
    /// sequences repeat and overlap.
    fn words(seed: &mut u64, n: usize, alphabet: &[u8]) -> Vec<u8> {
        (0..n)
            .map(|_| {
                *seed ^= *seed << 13;
                *seed ^= *seed >> 7;
                *seed ^= *seed << 17;
                alphabet[(*seed % alphabet.len() as u64) as usize]
            })
            .collect()
    }

    #[test]
    fn finds_what_a_scan_finds() {
        let mut seed = 0x2545_f491_4f6c_dd1d;
        for round in 0..400 {
            let alphabet: &[u8] = if round % 2 == 0 { b"ab " } else { b"abcdefgh ,.0123" };
            let text = words(&mut seed, 1 + round * 3, alphabet);
            let g = Grams::new(&text);
            for k in 0..20 {
                // Quotes cut from the text, and made up ones.
                let quote = if k % 2 == 0 && !text.is_empty() {
                    let a = (seed as usize) % text.len();
                    let len = 1 + (seed as usize >> 8) % 12;
                    text[a..(a + len).min(text.len())].to_vec()
                } else {
                    words(&mut seed, 1 + k % 9, alphabet)
                };
                let want: Vec<usize> = memchr::memmem::find_iter(&text, &quote).collect();
                let mut got = Vec::new();
                g.find_all(&quote, &mut got);
                assert_eq!(got, want, "{:?} in {:?}", String::from_utf8_lossy(&quote), String::from_utf8_lossy(&text));
                assert_eq!(g.contains(&quote), !want.is_empty());
            }
        }
    }

    #[test]
    fn self_overlapping_quotes_are_found_left_to_right_without_overlap() {
        let g = Grams::new(b"aaaaaaaaa");
        let mut got = Vec::new();
        g.find_all(b"aaaa", &mut got);
        assert_eq!(got, [0, 4]);
    }
}
