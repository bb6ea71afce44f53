//! Finding many quotes in one text without a pass over the text for each:
//! an index of the 4-byte sequences that start at the text's even places,
//! from which a quote's rarest pair of neighbouring sequences gives the few
//! places it can start (one of any two neighbours starts at an even place).

/// The 4-byte sequences starting at every even place of a text, by hash
/// bucket, as chains of places.
pub struct Grams<'a> {
    text: &'a [u8],
    shift: u32,
    /// Bucket → the last place in it, plus one (0: none), and how many
    /// places it holds: side by side, one look-up for both.
    head: Vec<[u32; 2]>,
    /// Place `p` (even) → at `p / 2`, the previous place in its bucket,
    /// plus one (0: none).
    next: Vec<u32>,
}

/// The room of a [`Grams`]' tables, kept from one text to the next (a
/// text's tables are filled anew; only their allocations are reused).
#[derive(Default)]
pub struct GramTables {
    head: Vec<[u32; 2]>,
    next: Vec<u32>,
}

const N: usize = 4;
/// The shortest quote looked up in the index: two neighbouring sequences.
const MIN: usize = N + 1;
/// The multiplier of the bucket hash.
const MUL: u32 = 0x9E37_79B1;

impl<'a> Grams<'a> {
    pub fn new(text: &'a [u8]) -> Grams<'a> {
        Grams::in_tables(text, GramTables::default())
    }

    /// [`Grams::new`] in the room of `tables` (given back by
    /// [`Grams::into_tables`]).
    pub fn in_tables(text: &'a [u8], tables: GramTables) -> Grams<'a> {
        let GramTables { mut head, mut next } = tables;
        let places = text.len().saturating_sub(N - 1).div_ceil(2);
        let bits = places.next_power_of_two().trailing_zeros().clamp(4, 20);
        let shift = 32 - bits;
        head.clear();
        head.resize(1 << bits, [0; 2]);
        next.clear();
        // Each place's 4 bytes, two places to a step of the text: the
        // sequences at even places, hashed to their bucket and pushed onto
        // its chain.
        let head_slice = &mut head[..];
        let mask = head_slice.len() - 1;
        next.extend(text.windows(N).step_by(2).enumerate().map(|(k, w)| {
            let word = u32::from_le_bytes([w[0], w[1], w[2], w[3]]);
            let h = &mut head_slice[(word.wrapping_mul(MUL) >> shift) as usize & mask];
            let before = h[0];
            *h = [2 * k as u32 + 1, h[1] + 1];
            before
        }));
        debug_assert_eq!(next.len(), places);
        Grams { text, shift, head, next }
    }

    /// The tables' room, for the next text.
    pub fn into_tables(self) -> GramTables {
        GramTables { head: self.head, next: self.next }
    }

    fn bucket(&self, at: &[u8]) -> usize {
        let w = u32::from_le_bytes([at[0], at[1], at[2], at[3]]);
        (w.wrapping_mul(MUL) >> self.shift) as usize
    }

    /// The place before `at` in its chain (both as place plus one).
    fn after(&self, at: u32) -> u32 {
        self.next[(at as usize - 1) / 2]
    }

    /// Where `quote` (at least [`MIN`] bytes) starts in the text, every
    /// place, highest first: the even places of its rarest pair of
    /// neighbouring sequences, checked in full. A place `s` where the quote
    /// stands has the first of the pair at `s + offset` and the second at
    /// `s + offset + 1`, one of them even: it is in exactly one of the two
    /// chains, which are walked down together.
    fn starts<'q>(&'q self, quote: &'q [u8]) -> impl Iterator<Item = usize> + 'q {
        let (offset, first, second) = if quote.len() >= MIN && self.text.len() >= quote.len() {
            let (o, b0, b1) = self.rarest(quote);
            (o, self.head[b0][0], self.head[b1][0])
        } else {
            (0, 0, 0)
        };
        let (mut a, mut b) = (first, second);
        let (text, len) = (self.text, quote.len());
        std::iter::from_fn(move || {
            loop {
                // The quote's start each chain's next place stands for.
                let sa = a.checked_sub(1).and_then(|p| (p as usize).checked_sub(offset));
                let sb = b.checked_sub(1).and_then(|p| (p as usize).checked_sub(offset + 1));
                let (s, from_a) = match (sa, sb) {
                    (None, None) => return None,
                    (Some(x), Some(y)) => (x.max(y), x > y),
                    (Some(x), None) => (x, true),
                    (None, Some(y)) => (y, false),
                };
                if from_a {
                    a = self.after(a);
                } else {
                    b = self.after(b);
                }
                if text.get(s..s + len) == Some(quote) {
                    return Some(s);
                }
            }
        })
    }

    /// A pair of neighbouring 4-byte sequences of `quote` (at least
    /// [`MIN`] bytes) whose buckets hold few places together: the offset of
    /// the first in the quote, and the two buckets. Any pair finds every
    /// place (each is checked in full); a rare one only makes the check
    /// cheaper. Looks at every fourth offset, and stops at buckets of at
    /// most one place together: none is rarer.
    fn rarest(&self, quote: &[u8]) -> (usize, usize, usize) {
        let last = quote.len() - MIN;
        let pair = |o: usize| (self.bucket(&quote[o..]), self.bucket(&quote[o + 1..]));
        let (b0, b1) = pair(0);
        let mut best = (0, b0, b1);
        let mut best_count = self.head[b0][1] + self.head[b1][1];
        let mut o = N;
        while best_count > 1 && o <= last + N {
            let at = o.min(last);
            let (b0, b1) = pair(at);
            let c = self.head[b0][1] + self.head[b1][1];
            if c < best_count {
                (best, best_count) = ((at, b0, b1), c);
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
        if quote.len() < MIN {
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
        if quote.len() < MIN {
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

    /// Tables handed from one text to the next (larger, smaller, empty)
    /// hold what fresh ones hold, and find the same places.
    #[test]
    fn reused_tables_index_as_fresh_ones() {
        let mut seed = 0x3c6e_f372_fe94_f82b;
        let mut tables = super::GramTables::default();
        for round in 0..300 {
            let text = words(&mut seed, (round * 37) % 700, b"abcd ,.");
            let fresh = Grams::new(&text);
            let reused = Grams::in_tables(&text, tables);
            assert_eq!((reused.shift, &reused.head, &reused.next), (fresh.shift, &fresh.head, &fresh.next));
            for k in 0..5 {
                let quote = words(&mut seed, 1 + k * 3, b"abcd ,.");
                let (mut a, mut b) = (Vec::new(), Vec::new());
                fresh.find_all(&quote, &mut a);
                reused.find_all(&quote, &mut b);
                assert_eq!(a, b);
            }
            tables = reused.into_tables();
        }
    }

    /// The index as it was built before it was built in reused tables: a
    /// push per even place, looking up each bucket by its own hash.
    #[test]
    fn tables_are_filled_as_a_place_by_place_push_fills_them() {
        let mut seed = 0x1f83_d9ab_fb41_bd6b;
        for round in 0..300 {
            let text = words(&mut seed, round * 11, b"abcdefgh ,.0123");
            let g = Grams::new(&text);
            let places = text.len().saturating_sub(3).div_ceil(2);
            let mut head = vec![[0u32; 2]; g.head.len()];
            let mut next = Vec::new();
            for k in 0..places {
                let p = 2 * k;
                let b = g.bucket(&text[p..]);
                next.push(head[b][0]);
                head[b] = [p as u32 + 1, head[b][1] + 1];
            }
            assert_eq!((g.head, g.next), (head, next));
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
