//! No import cycle between the files of `wbd-check` (ARCHITECTURE.md,
//! "Architecture Invariant: no import cycle").
//!
//! A module is a file. File A depends on file B when A names, by a path
//! that leaves A's own subtree (`crate::...` or `super::...`, in a `use`
//! or inline, with `use` aliases of modules followed and `pub use`
//! re-exports followed to the file that defines the item), something in
//! B. A parent naming its own submodules is the module tree, not an edge
//! (every registry would be a cycle otherwise); a child naming its parent
//! is. Unit tests (a `#[cfg(test)]` module and `tests.rs` files) are not
//! counted. The same edges, coarsened to the crate's top-level modules
//! (`loader`, `rules`, `engine`, ... each with its subtree), must form no
//! cycle either.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Module = Vec<String>;

/// The crate's files: module path to the file's text (unit tests cut off).
fn read_crate(src: &Path) -> BTreeMap<Module, (String, String)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let rel = path.strip_prefix(src).unwrap().with_extension("");
                let mut module: Module = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                if module == ["lib"] || module.last().is_some_and(|l| l == "mod") {
                    module.pop();
                }
                if module.last().is_some_and(|l| l == "tests") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let name = path.strip_prefix(src.parent().unwrap()).unwrap().display().to_string();
                out.insert(module, (name, text));
            }
        }
    }
    out
}

/// The text without comments, string literals and the unit-test module.
fn code(text: &str) -> String {
    let mut lines = Vec::new();
    let mut test_attr = false;
    for line in text.lines() {
        let t = line.trim();
        if test_attr && t.starts_with("mod ") {
            break;
        }
        test_attr = t == "#[cfg(test)]";
        lines.push(line);
    }
    let text = lines.join("\n");
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '"' => {
                // Raw strings (`r#"..."#`) end at `"#`; plain ones at an
                // unescaped `"`.
                let raw = out.ends_with("r#");
                let mut escaped = false;
                while let Some(c) = chars.next() {
                    if raw {
                        if c == '"' && chars.peek() == Some(&'#') {
                            chars.next();
                            break;
                        }
                    } else if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        break;
                    }
                }
                out.push_str("\"\"");
            }
            // A char literal of a quote or an escape is not a string.
            '\'' if chars.peek() == Some(&'"') => {
                chars.next();
                chars.next();
            }
            '\'' if chars.peek() == Some(&'\\') => {
                chars.next();
                chars.next();
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                }
            }
            _ => out.push(c),
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The paths starting at byte `at` of `code`: `a::b::{c, d::{e as f}}`
/// expands to `a::b::c` and `a::b::d::e` (the alias kept).
fn paths_at(code: &str, at: usize) -> Vec<(Vec<String>, Option<String>)> {
    fn parse(s: &[char], i: &mut usize, prefix: Vec<String>, out: &mut Vec<(Vec<String>, Option<String>)>) {
        let mut path = prefix;
        loop {
            while *i < s.len() && s[*i].is_whitespace() {
                *i += 1;
            }
            if *i < s.len() && s[*i] == '{' {
                *i += 1;
                loop {
                    parse(s, i, path.clone(), out);
                    while *i < s.len() && s[*i].is_whitespace() {
                        *i += 1;
                    }
                    match s.get(*i) {
                        Some(',') => *i += 1,
                        Some('}') => {
                            *i += 1;
                            return;
                        }
                        _ => return,
                    }
                    while *i < s.len() && s[*i].is_whitespace() {
                        *i += 1;
                    }
                    if s.get(*i) == Some(&'}') {
                        *i += 1;
                        return;
                    }
                }
            }
            let start = *i;
            while *i < s.len() && (is_ident(s[*i]) || s[*i] == '*') {
                *i += 1;
            }
            let word: String = s[start..*i].iter().collect();
            if word.is_empty() {
                out.push((path, None));
                return;
            }
            if word != "self" {
                path.push(word);
            }
            if s.get(*i) == Some(&':') && s.get(*i + 1) == Some(&':') {
                *i += 2;
                continue;
            }
            let rest: String = s[*i..s.len().min(*i + 40)].iter().collect();
            let alias = rest.trim_start().strip_prefix("as ").map(|r| r.trim_start().chars().take_while(|c| is_ident(*c)).collect());
            out.push((path, alias));
            return;
        }
    }
    let s: Vec<char> = code[at..].chars().take(4000).collect();
    let mut out = Vec::new();
    parse(&s, &mut 0, Vec::new(), &mut out);
    out
}

/// Every path in `code` starting with one of `heads` (as a whole word, not
/// after `::`), and whether it is in a `use` item (and a `pub use` one).
fn find_paths(code: &str, heads: &BTreeSet<String>) -> Vec<(Vec<String>, Option<String>, bool)> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < code.len() {
        let ch = code[i..].chars().next().unwrap_or(' ');
        let starts_word = i == 0 || !(is_ident(bytes[i - 1] as char) || bytes[i - 1] == b':');
        if starts_word && is_ident(ch) {
            let end = i + code[i..].find(|c: char| !is_ident(c)).unwrap_or(code.len() - i).max(ch.len_utf8());
            let word = &code[i..end];
            if code[end..].starts_with("::") && heads.contains(word) {
                let line_start = code[..i].rfind(['\n', ';', '{']).map_or(0, |p| p + 1);
                let before = code[line_start..i].trim();
                let is_pub_use = before.starts_with("pub") && before.ends_with("use");
                for (p, alias) in paths_at(code, i) {
                    out.push((p, alias, is_pub_use));
                }
            }
            i = end;
        } else {
            i += ch.len_utf8();
        }
    }
    out
}

struct Graph {
    names: BTreeMap<Module, String>,
    edges: BTreeMap<Module, BTreeSet<Module>>,
}

fn graph(files: &BTreeMap<Module, (String, String)>) -> Graph {
    let codes: BTreeMap<&Module, String> = files.iter().map(|(m, (_, t))| (m, code(t))).collect();
    let heads: BTreeSet<String> = ["crate", "super"].map(String::from).into();
    // Absolute paths, `crate::` and `super::` made absolute.
    let absolute = |m: &Module, p: &[String]| -> Option<Vec<String>> {
        let (head, rest) = p.split_first()?;
        let mut base = match head.as_str() {
            "crate" => Vec::new(),
            "super" => m[..m.len().checked_sub(1)?].to_vec(),
            _ => return None,
        };
        let mut rest = rest;
        while rest.first().is_some_and(|s| s == "super") {
            base.pop();
            rest = &rest[1..];
        }
        base.extend(rest.iter().cloned());
        Some(base)
    };
    // `pub use` re-exports: (module, item) -> the path it names.
    let mut reexports: BTreeMap<(Module, String), Vec<String>> = BTreeMap::new();
    for (m, code) in &codes {
        let own: BTreeSet<String> = files
            .keys()
            .filter(|c| c.len() == m.len() + 1 && c.starts_with(m))
            .map(|c| c.last().unwrap().clone())
            .chain(heads.iter().cloned())
            .collect();
        for (p, alias, is_pub_use) in find_paths(code, &own) {
            let Some(item) = alias.or_else(|| p.last().cloned()) else { continue };
            let target = absolute(m, &p).unwrap_or_else(|| m.iter().cloned().chain(p.iter().cloned()).collect());
            if is_pub_use && item != "*" {
                reexports.insert(((*m).clone(), item), target);
            }
        }
    }
    let resolve = |path: &[String]| -> Option<Module> {
        let mut path = path.to_vec();
        for _ in 0..8 {
            let at = (0..=path.len()).rev().find(|&n| files.contains_key(&path[..n]))?;
            let module = path[..at].to_vec();
            match path.get(at).and_then(|item| reexports.get(&(module.clone(), item.clone()))) {
                Some(target) if target[..] != path[..] => {
                    let mut next = target.clone();
                    next.extend(path[at + 1..].iter().cloned());
                    path = next;
                }
                _ => return Some(module),
            }
        }
        None
    };
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (m, code) in &codes {
        let mut targets = Vec::new();
        // Aliases of modules brought in by `use`: `use crate::rules::schema;`
        // then `schema::shape::RULE`.
        let mut aliases: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (p, alias, _) in find_paths(code, &heads) {
            let Some(abs) = absolute(m, &p) else { continue };
            if files.contains_key(&abs)
                && let Some(name) = alias.or_else(|| abs.last().cloned())
            {
                aliases.insert(name, abs.clone());
            }
            targets.push(abs);
        }
        let alias_heads: BTreeSet<String> = aliases.keys().cloned().collect();
        for (p, _, _) in find_paths(code, &alias_heads) {
            let mut abs = aliases[&p[0]].clone();
            abs.extend(p[1..].iter().cloned());
            targets.push(abs);
        }
        let out = edges.entry((*m).clone()).or_default();
        for t in targets {
            if let Some(to) = resolve(&t)
                && !to.starts_with(m)
            {
                out.insert(to);
            }
        }
    }
    Graph { names: files.iter().map(|(m, (n, _))| (m.clone(), n.clone())).collect(), edges }
}

/// A cycle of `edges`, if there is one, as the nodes in order.
fn find_cycle<N: Ord + Clone>(edges: &BTreeMap<N, BTreeSet<N>>) -> Option<Vec<N>> {
    fn visit<N: Ord + Clone>(n: &N, edges: &BTreeMap<N, BTreeSet<N>>, done: &mut BTreeSet<N>, path: &mut Vec<N>) -> Option<Vec<N>> {
        if let Some(at) = path.iter().position(|p| p == n) {
            let mut cycle = path[at..].to_vec();
            cycle.push(n.clone());
            return Some(cycle);
        }
        if done.contains(n) {
            return None;
        }
        path.push(n.clone());
        for next in edges.get(n).into_iter().flatten() {
            if let Some(c) = visit(next, edges, done, path) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(n.clone());
        None
    }
    let mut done = BTreeSet::new();
    edges.keys().find_map(|n| visit(n, edges, &mut done, &mut Vec::new()))
}

fn top_level(g: &Graph) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, tos) in &g.edges {
        let Some(a) = from.first() else { continue };
        for to in tos {
            if let Some(b) = to.first().filter(|b| *b != a) {
                out.entry(a.clone()).or_default().insert(b.clone());
            }
        }
    }
    out
}

fn check_crate(files: &BTreeMap<Module, (String, String)>) -> Result<(), String> {
    let g = graph(files);
    if let Some(cycle) = find_cycle(&g.edges) {
        let names: Vec<&str> = cycle.iter().map(|m| g.names[m].as_str()).collect();
        return Err(format!("import cycle between files: {}", names.join(" -> ")));
    }
    if let Some(cycle) = find_cycle(&top_level(&g)) {
        // One file edge behind each step, to say where to look.
        let why: Vec<String> = cycle
            .windows(2)
            .filter_map(|w| {
                let (from, to) = g.edges.iter().find_map(|(f, ts)| {
                    let t = ts.iter().find(|t| f.first() == Some(&w[0]) && t.first() == Some(&w[1]))?;
                    Some((f, t))
                })?;
                Some(format!("\n  {} uses {}", g.names[from], g.names[to]))
            })
            .collect();
        return Err(format!("import cycle between top-level modules: {}{}", cycle.join(" -> "), why.concat()));
    }
    Ok(())
}

#[test]
fn no_import_cycle_between_files_of_the_check_crate() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = read_crate(&src);
    assert!(files.len() > 50, "read only {} files under {}", files.len(), src.display());
    // The analysis sees the crate's real references: an inline path through
    // a module alias (`use crate::rules::{schema, ...}`, then
    // `schema::shape::RULE`), a `use` of a sibling, a child using its parent.
    let g = graph(&files);
    let m = |s: &str| -> Module { s.split("::").map(String::from).collect() };
    for (from, to) in [("loader", "rules::schema::shape"), ("engine", "loader"), ("loader::records", "loader")] {
        assert!(g.edges[&m(from)].contains(&m(to)), "the analysis misses {from} -> {to}");
    }
    if let Err(e) = check_crate(&files) {
        panic!("{e}\n(ARCHITECTURE.md: move what both need into a module below both, as `layout.rs` is)");
    }
}

/// The analysis itself: it sees the kinds of references the crate uses.
#[test]
fn the_analysis_finds_planted_cycles() {
    fn crate_of(files: &[(&str, &str)]) -> BTreeMap<Module, (String, String)> {
        files
            .iter()
            .map(|(m, t)| {
                let module: Module = m.split("::").filter(|s| !s.is_empty()).map(String::from).collect();
                (module, (format!("{m}.rs"), t.to_string()))
            })
            .collect()
    }
    let base = [("", "pub mod a; pub mod b; pub mod c;"), ("a", "pub mod x; pub use x::Thing;"), ("c", "")];
    // Direct, through a group and an alias, inline, via `super::`, through
    // a re-export to the defining file.
    let cases: [(&str, &str, &str); 6] = [
        ("use crate::b::B;", "use crate::a::A;", "a.rs -> b.rs -> a.rs"),
        ("use crate::{b::{self as bee}, c};\nfn f() { bee::B }", "fn g() { crate::a::A }", "a.rs -> b.rs -> a.rs"),
        ("", "use crate::a::Thing;", "a::x.rs -> b.rs -> a::x.rs"),
        ("", "use crate::a;\nfn f() { a::x::Thing }", "a::x.rs -> b.rs -> a::x.rs"),
        ("", "", ""),
        ("", "/// crate::a::x::T in a comment\nconst S: &str = \"crate::a::x\";", ""),
    ];
    for (a_extra, b, want) in cases {
        let a = format!("pub mod x; pub use x::Thing; {a_extra}");
        let x = "use super::super::b::B;";
        let mut files = crate_of(&base);
        files.extend(crate_of(&[("a", &a), ("a::x", x), ("b", b)]));
        let got = check_crate(&files).err().unwrap_or_default();
        assert!(got.contains(want), "{a_extra:?} / {b:?}: want a cycle {want:?}, got {got:?}");
        if want.is_empty() {
            assert_eq!(got, "", "{a_extra:?} / {b:?}");
        }
    }
    // A parent listing its children is not a cycle; a unit test is not code.
    let files = crate_of(&[
        ("", "pub mod r;"),
        ("r", "pub mod one; pub fn all() { one::One }"),
        ("r::one", "use crate::r::Info;\n#[cfg(test)]\nmod tests { use crate::r::all; }"),
    ]);
    assert_eq!(check_crate(&files), Ok(()));
    // Top-level modules: `a` uses `b`'s child, `b`'s other child uses `a`.
    let files = crate_of(&[
        ("", "pub mod a; pub mod b;"),
        ("a", "use crate::b::one::X;"),
        ("b", "pub mod one; pub mod two;"),
        ("b::one", ""),
        ("b::two", "use crate::a::Y;"),
    ]);
    assert_eq!(
        check_crate(&files),
        Err("import cycle between top-level modules: a -> b -> a\n  a.rs uses b::one.rs\n  b::two.rs uses a.rs".into())
    );
}
