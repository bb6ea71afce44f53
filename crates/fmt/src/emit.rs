//! Writing a parsed file in the canonical layout.

use wbd_check::yaml::{Node, NodeKind, Resolved, resolve};

use crate::comments::Comment;
use crate::scalar::{self, Ctx};
use crate::shape::{self, Shape};
use crate::{MODELINE, Options, PROSE_KEYS};

/// A key or item that comments can belong to: its start offset and depth.
type Slot = (u32, u32);

#[derive(Default)]
struct Attached<'c> {
    leading: Vec<&'c Comment>,
    trailing: Option<&'c Comment>,
}

pub struct Emitter<'a> {
    src: &'a str,
    opts: &'a Options,
    /// Starts of every comment, sorted (to tell flow collections that hold
    /// one).
    comment_starts: Vec<u32>,
    att: wbd_check::hash::FastMap<Slot, Attached<'a>>,
    trailer: Vec<&'a Comment>,
    out: String,
}

fn is_collection(n: &Node<'_>) -> bool {
    !matches!(n.kind, NodeKind::Scalar { .. })
}

fn has_blank_line(s: &str) -> bool {
    let pieces: Vec<&str> = s.split('\n').collect();
    pieces.len() > 2 && pieces[1..pieces.len() - 1].iter().any(|p| p.trim().is_empty())
}

impl<'a> Emitter<'a> {
    pub fn new(src: &'a str, opts: &'a Options, comments: &'a [Comment]) -> Emitter<'a> {
        Emitter {
            src,
            opts,
            comment_starts: comments.iter().map(|c| c.start).collect(),
            att: Default::default(),
            trailer: Vec::new(),
            out: String::with_capacity(src.len() + src.len() / 8),
        }
    }

    /// Whether a collection is written in flow style: it was written so,
    /// holds only scalars and no comment (or is empty).
    fn flow(&self, n: &Node<'_>) -> bool {
        match &n.kind {
            NodeKind::Scalar { .. } => false,
            NodeKind::Seq(items) if items.is_empty() => true,
            NodeKind::Map(entries) if entries.is_empty() => true,
            NodeKind::Seq(items) => self.written_flow(n) && !items.iter().any(is_collection),
            NodeKind::Map(entries) => self.written_flow(n) && !entries.iter().any(|(k, v)| is_collection(k) || is_collection(v)),
        }
    }

    fn written_flow(&self, n: &Node<'_>) -> bool {
        let (a, b) = n.span;
        matches!(self.src.as_bytes().get(a as usize), Some(b'[' | b'{')) && {
            let i = self.comment_starts.partition_point(|c| *c < a);
            self.comment_starts.get(i).is_none_or(|c| *c >= b)
        }
    }

    fn slots(&self, n: &Node<'_>, depth: u32, out: &mut Vec<(Slot, bool)>) {
        if self.flow(n) {
            return;
        }
        match &n.kind {
            NodeKind::Map(entries) => {
                for (k, v) in entries {
                    out.push(((k.span.0, depth), false));
                    self.slots(v, depth + 1, out);
                }
            }
            NodeKind::Seq(items) => {
                for it in items {
                    let block_content = is_collection(it) && !self.flow(it);
                    out.push(((it.span.0, depth), block_content));
                    self.slots(it, depth + 1, out);
                }
            }
            NodeKind::Scalar { .. } => {}
        }
    }

    /// Gives every comment its key or item.
    pub fn attach(&mut self, root: Option<&Node<'_>>, comments: &'a [Comment]) {
        let mut slots = Vec::new();
        if let Some(r) = root {
            self.slots(r, 0, &mut slots);
        }
        for c in comments {
            if c.text.starts_with(MODELINE) {
                continue;
            }
            let next = slots.partition_point(|(s, _)| s.0 <= c.start);
            if !c.own_line {
                let before = slots.partition_point(|(s, _)| s.0 < c.start);
                if before > 0 {
                    let (slot, block_content) = slots[before - 1];
                    if !self.src[slot.0 as usize..c.start as usize].contains('\n') {
                        let a = self.att.entry(slot).or_default();
                        if a.trailing.is_none() && !block_content {
                            a.trailing = Some(c);
                        } else {
                            a.leading.push(c);
                        }
                        continue;
                    }
                }
            }
            match slots.get(next) {
                Some((slot, _)) => self.att.entry(*slot).or_default().leading.push(c),
                None => self.trailer.push(c),
            }
        }
    }

    fn pad(&mut self, col: usize) {
        for _ in 0..col {
            self.out.push(' ');
        }
    }

    /// The comments before a key or item. With `blanks`, single blank lines
    /// between them (and before the key) are kept.
    fn leading(&mut self, slot: Slot, col: usize, blanks: bool) {
        let Some(a) = self.att.get(&slot) else { return };
        if a.leading.is_empty() {
            return;
        }
        let cs: Vec<&Comment> = a.leading.clone();
        for (i, c) in cs.iter().enumerate() {
            if blanks && i > 0 && c.blank_before {
                self.out.push('\n');
            }
            self.pad(col);
            self.out.push_str(&c.text);
            self.out.push('\n');
        }
        if blanks {
            let last = cs[cs.len() - 1];
            let end = last.start as usize + last.text.len();
            if end <= slot.0 as usize && has_blank_line(&self.src[end..slot.0 as usize]) {
                self.out.push('\n');
            }
        }
    }

    fn trailing(&mut self, slot: Slot) {
        if let Some(c) = self.att.get(&slot).and_then(|a| a.trailing) {
            self.out.push(' ');
            self.out.push_str(&c.text);
        }
    }

    pub fn file(mut self, root: Option<&Node<'_>>, modeline: Option<String>) -> String {
        if let Some(m) = modeline {
            self.out.push_str(&m);
            self.out.push('\n');
        }
        match root {
            None => {}
            Some(n) => match &n.kind {
                NodeKind::Map(entries) => {
                    let first = entries.first().and_then(|(k, _)| k.as_str()).unwrap_or("");
                    let shape = Shape::file(first);
                    self.map(n, shape, 0, 0, false);
                }
                NodeKind::Seq(_) => self.seq(n, None, 0, 0, false),
                NodeKind::Scalar { text, plain } => {
                    self.out.push_str(&scalar::repr(text, *plain, Ctx::Block));
                    self.out.push('\n');
                }
            },
        }
        let trailer = std::mem::take(&mut self.trailer);
        for (i, c) in trailer.iter().enumerate() {
            if c.blank_before && (i > 0 || !self.out.is_empty()) {
                self.out.push('\n');
            }
            self.out.push_str(&c.text);
            self.out.push('\n');
        }
        self.out
    }

    fn sorted<'n>(
        entries: &'n [(Node<'n>, Node<'n>)],
        shape: Option<Shape<'static>>,
    ) -> (Vec<usize>, Option<&'static serde_json::Map<String, serde_json::Value>>) {
        let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str().unwrap_or("")).collect();
        let props = shape.and_then(|s| s.properties(&keys));
        (shape::order(props, &keys), props)
    }

    /// A block mapping whose keys start at `col`; with `dash`, its first
    /// key goes on the line of the sequence dash two columns to the left.
    fn map(&mut self, n: &Node<'_>, shape: Option<Shape<'static>>, col: usize, depth: u32, dash: bool) {
        let NodeKind::Map(entries) = &n.kind else { return };
        let (order, props) = Self::sorted(entries, shape);
        for (i, idx) in order.into_iter().enumerate() {
            let (k, v) = &entries[idx];
            let slot = (k.span.0, depth);
            let on_dash = dash && i == 0;
            self.leading(slot, if on_dash { col - 2 } else { col }, depth == 0);
            if on_dash {
                self.pad(col - 2);
                self.out.push_str("- ");
            } else {
                self.pad(col);
            }
            let child = shape.and_then(|s| s.child(props, k.as_str().unwrap_or("")));
            self.entry(k, v, child, col, depth, slot);
        }
    }

    fn entry(&mut self, k: &Node<'_>, v: &Node<'_>, shape: Option<Shape<'static>>, col: usize, depth: u32, slot: Slot) {
        let NodeKind::Scalar { text: kt, plain: kp } = &k.kind else { return };
        let key = scalar::repr(kt, *kp, Ctx::Block);
        let line_start = self.out.rfind('\n').map_or(0, |i| i + 1);
        self.out.push_str(&key);
        self.out.push(':');
        match &v.kind {
            NodeKind::Scalar { text, plain } => {
                let is_str = matches!(resolve(text, *plain), Resolved::Str(_));
                let r = scalar::repr(text, *plain, Ctx::Block);
                let prose = is_str && PROSE_KEYS.contains(&kt.as_ref());
                let inline_cols = self.out[line_start..].chars().count() + 1 + r.chars().count();
                if prose && inline_cols > self.opts.width && scalar::foldable(text) {
                    self.out.push_str(" >-");
                    self.trailing(slot);
                    self.out.push('\n');
                    for l in scalar::fold_lines(text, col + 2, self.opts.width) {
                        self.pad(col + 2);
                        self.out.push_str(l);
                        self.out.push('\n');
                    }
                    return;
                }
                if prose && text.contains('\n') && scalar::literal_ok(text) {
                    self.out.push_str(if text.ends_with('\n') { " |" } else { " |-" });
                    self.trailing(slot);
                    self.out.push('\n');
                    for l in text.strip_suffix('\n').unwrap_or(text).split('\n') {
                        if !l.is_empty() {
                            self.pad(col + 2);
                            self.out.push_str(l);
                        }
                        self.out.push('\n');
                    }
                    return;
                }
                if !r.is_empty() {
                    self.out.push(' ');
                    self.out.push_str(&r);
                }
                self.trailing(slot);
                self.out.push('\n');
            }
            _ if self.flow(v) => {
                self.out.push(' ');
                let f = self.flow_text(v, shape);
                self.out.push_str(&f);
                self.trailing(slot);
                self.out.push('\n');
            }
            NodeKind::Map(_) => {
                self.trailing(slot);
                self.out.push('\n');
                self.map(v, shape, col + 2, depth + 1, false);
            }
            NodeKind::Seq(_) => {
                self.trailing(slot);
                self.out.push('\n');
                self.seq(v, shape.and_then(|s| s.items()), col + 2, depth + 1, depth == 0);
            }
        }
    }

    /// A block sequence with its dashes at `col`. `records` puts one blank
    /// line between items.
    fn seq(&mut self, n: &Node<'_>, items: Option<Shape<'static>>, col: usize, depth: u32, records: bool) {
        let NodeKind::Seq(list) = &n.kind else { return };
        for (i, it) in list.iter().enumerate() {
            let slot = (it.span.0, depth);
            if records && i > 0 {
                self.out.push('\n');
            }
            self.leading(slot, col, records);
            match &it.kind {
                NodeKind::Scalar { text, plain } => {
                    self.pad(col);
                    self.out.push_str("- ");
                    self.out.push_str(&scalar::repr(text, *plain, Ctx::Block));
                    self.trailing(slot);
                    self.out.push('\n');
                }
                _ if self.flow(it) => {
                    self.pad(col);
                    self.out.push_str("- ");
                    let f = self.flow_text(it, items);
                    self.out.push_str(&f);
                    self.trailing(slot);
                    self.out.push('\n');
                }
                NodeKind::Map(_) => self.map(it, items, col + 2, depth + 1, true),
                NodeKind::Seq(_) => {
                    self.pad(col);
                    self.out.push('-');
                    self.out.push('\n');
                    self.seq(it, items.and_then(|s| s.items()), col + 2, depth + 1, false);
                }
            }
        }
    }

    fn flow_text(&self, n: &Node<'_>, shape: Option<Shape<'static>>) -> String {
        let sc = |n: &Node<'_>| match &n.kind {
            NodeKind::Scalar { text, plain } => scalar::repr(text, *plain, Ctx::Flow).into_owned(),
            _ => String::new(),
        };
        match &n.kind {
            NodeKind::Seq(items) => format!("[{}]", items.iter().map(sc).collect::<Vec<_>>().join(", ")),
            NodeKind::Map(entries) => {
                let (order, _) = Self::sorted(entries, shape);
                let parts: Vec<String> = order
                    .into_iter()
                    .map(|i| {
                        let (k, v) = &entries[i];
                        format!("{}: {}", sc(k), sc(v))
                    })
                    .collect();
                format!("{{{}}}", parts.join(", "))
            }
            NodeKind::Scalar { .. } => sc(n),
        }
    }
}
