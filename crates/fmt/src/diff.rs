//! A unified diff of two texts, line by line (`--diff`).
//!
//! The common head and tail are cut first; the middle is diffed by a
//! longest-common-subsequence table, or shown as one replacement when it is
//! too large for that (a file rewritten from top to bottom).

const MAX_CELLS: usize = 16_000_000;
const CONTEXT: usize = 3;

#[derive(Clone, Copy, PartialEq)]
enum Op {
    Same,
    Del,
    Add,
}

/// The unified diff from `old` to `new`, with `name` in the headers; empty
/// when they are equal.
pub fn unified(name: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..].iter().rev().zip(b[head..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (am, bm) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    let mut ops: Vec<(Op, &str)> = a[..head].iter().map(|l| (Op::Same, *l)).collect();
    if am.len().saturating_mul(bm.len()) <= MAX_CELLS {
        ops.extend(lcs(am, bm));
    } else {
        ops.extend(am.iter().map(|l| (Op::Del, *l)));
        ops.extend(bm.iter().map(|l| (Op::Add, *l)));
    }
    ops.extend(a[a.len() - tail..].iter().map(|l| (Op::Same, *l)));
    render(name, &ops)
}

fn lcs<'t>(a: &[&'t str], b: &[&'t str]) -> Vec<(Op, &'t str)> {
    let (n, m) = (a.len(), b.len());
    // t[i][j]: LCS length of a[i..] and b[j..].
    let w = m + 1;
    let mut t = vec![0u32; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[i * w + j] = if a[i] == b[j] { t[(i + 1) * w + j + 1] + 1 } else { t[(i + 1) * w + j].max(t[i * w + j + 1]) };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(n + m);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            out.push((Op::Same, a[i]));
            i += 1;
            j += 1;
        } else if i < n && (j == m || t[(i + 1) * w + j] >= t[i * w + j + 1]) {
            out.push((Op::Del, a[i]));
            i += 1;
        } else {
            out.push((Op::Add, b[j]));
            j += 1;
        }
    }
    out
}

fn render(name: &str, ops: &[(Op, &str)]) -> String {
    let mut out = format!("--- {name}\n+++ {name} (formatted)\n");
    let changed: Vec<usize> = ops.iter().enumerate().filter(|(_, (o, _))| *o != Op::Same).map(|(i, _)| i).collect();
    let mut k = 0;
    while k < changed.len() {
        let start = changed[k].saturating_sub(CONTEXT);
        let mut end = changed[k];
        while k < changed.len() && changed[k] <= end + 2 * CONTEXT + 1 {
            end = changed[k];
            k += 1;
        }
        let end = (end + CONTEXT + 1).min(ops.len());
        // Line numbers at the hunk's start.
        let before = &ops[..start];
        let old_line = before.iter().filter(|(o, _)| *o != Op::Add).count() + 1;
        let new_line = before.iter().filter(|(o, _)| *o != Op::Del).count() + 1;
        let hunk = &ops[start..end];
        let old_n = hunk.iter().filter(|(o, _)| *o != Op::Add).count();
        let new_n = hunk.iter().filter(|(o, _)| *o != Op::Del).count();
        out.push_str(&format!("@@ -{old_line},{old_n} +{new_line},{new_n} @@\n"));
        for (o, l) in hunk {
            out.push(match o {
                Op::Same => ' ',
                Op::Del => '-',
                Op::Add => '+',
            });
            out.push_str(l);
            if !l.ends_with('\n') {
                out.push_str("\n\\ No newline at end of file\n");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::unified;

    #[test]
    fn hunks_with_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
        let new = "a\nb\nc\nd\nE\nf\ng\nh\ni\nj\n";
        assert_eq!(unified("x.yaml", old, new), "--- x.yaml\n+++ x.yaml (formatted)\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n");
        assert_eq!(unified("x", "same\n", "same\n"), "");
    }
}
