//! `wbd-fmt`: the canonical layout of the dataset's YAML record files.
//!
//! [`format`] reads a file with the check's own YAML tree (every node with
//! its byte span, scalars as written) and writes it again: keys in the
//! order the record types declare them, two-space indentation, one blank
//! line between records, plain scalars where YAML reads them back as the
//! same string and double quotes where it does not, long prose (`note`,
//! `reason`, `description`) folded at 80 columns, the schema modeline as
//! the first line. Comments are kept with the key or item they precede (or
//! follow on its line); values keep their text (`1.30` keeps its zero).
//!
//! Architecture Invariant: formatting never changes what a file means.
//! Every result is parsed again and compared with the input, value by value
//! and comment by comment, before it is returned; a difference is an error
//! and the file is left as it was. A flow collection (`[a, b]`, `{k: v}`)
//! stays in flow style, a block one in block style.

mod comments;
pub mod diff;
mod emit;
mod scalar;
mod shape;

use std::path::{Path, PathBuf};

use wbd_check::Diagnostic;
use wbd_check::diagnostic::{Severity, Span};
use wbd_check::yaml::{self, Node, NodeKind, resolve};

/// The start of the YAML language server's modeline.
pub const MODELINE: &str = "# yaml-language-server: $schema=";

/// Keys whose string values are prose, folded when long.
pub const PROSE_KEYS: &[&str] = &["note", "reason", "description"];

/// Lines of folded prose stay within this many columns.
pub const WIDTH: usize = 80;

#[derive(Clone, Debug)]
pub struct Options {
    /// The directory of the JSON Schema files, relative to the file being
    /// formatted (`../../schema`): the modeline names the file kind's
    /// schema there. `None` keeps the modeline the file has, if any.
    pub schema_dir: Option<String>,
    pub width: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options { schema_dir: None, width: WIDTH }
    }
}

fn diag(code: &'static str, span: (u32, u32), message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(code, Severity::Error, Span::new(0, span), message)
}

/// The file in its canonical layout, or why it cannot be formatted (as the
/// check reports it, spans in file 0).
pub fn format(text: &str, opts: &Options) -> Result<String, Vec<Diagnostic>> {
    let parsed = match yaml::parse(text) {
        Ok(p) => p,
        Err(e) => {
            return Err(vec![
                diag("yaml/syntax", e.span, e.message).help("the file is not valid YAML; it is left as it is until this is fixed"),
            ]);
        }
    };
    if !parsed.duplicates.is_empty() {
        return Err(parsed
            .duplicates
            .iter()
            .map(|d| {
                diag("yaml/duplicate-key", d.again, format!("the key `{}` is repeated in this mapping", d.key))
                    .related(Span::new(0, d.first), "first given here")
                    .help("keep one of the two; the file is left as it is until then")
            })
            .collect());
    }
    let root = parsed.root.as_ref();
    // Only the dataset's record files: any other YAML (a workflow, a
    // config, a file that merely lies beside them) is not this tool's to
    // rewrite.
    if let Some(r) = root {
        let key = root_key(root);
        if !key.is_some_and(|k| wbd_schema::FileKind::from_key(k).is_some()) {
            let what = key.map_or_else(|| "its top level is not a mapping".to_string(), |k| format!("its top-level key is `{k}`"));
            return Err(vec![diag("fmt/not-a-record-file", r.span, format!("not a record file of the dataset: {what}")).help(
                "record files start with `dataset:`, `sources:`, `entities:`, `metrics:` or `claims:`; this file is left as it is",
            )]);
        }
    }
    let mut spans = Vec::new();
    if let Some(r) = root {
        comments::scalar_spans(r, &mut spans);
        if let Some(k) = first_complex_key(r) {
            return Err(vec![
                diag("fmt/unsupported", k.span, "a key that is not a plain word")
                    .help("record files use simple keys; write this key as a scalar"),
            ]);
        }
    }
    let cs = comments::scan(text, spans.clone());
    if let Some(at) = comments::find_node_properties(text, &spans, &cs) {
        return Err(vec![
            diag("fmt/unsupported", (at as u32, at as u32 + 1), "an anchor, alias or tag, which the formatter would not keep")
                .help("write the value out in full; record files use no anchors, aliases or tags"),
        ]);
    }
    let modeline = match (&opts.schema_dir, root_key(root)) {
        (Some(dir), Some(key)) if wbd_schema::FileKind::from_key(key).is_some() => {
            Some(format!("{MODELINE}{}/{key}.schema.json", dir.trim_end_matches('/')))
        }
        _ => cs.iter().find(|c| c.text.starts_with(MODELINE)).map(|c| c.text.clone()),
    };
    let mut em = emit::Emitter::new(text, opts, &cs);
    em.attach(root, &cs);
    let out = em.file(root, modeline);
    verify(root, &cs, &out)?;
    Ok(out)
}

fn root_key<'a>(root: Option<&'a Node<'a>>) -> Option<&'a str> {
    match &root?.kind {
        NodeKind::Map(entries) => entries.first().and_then(|(k, _)| k.as_str()),
        _ => None,
    }
}

fn first_complex_key<'n>(n: &'n Node<'n>) -> Option<&'n Node<'n>> {
    match &n.kind {
        NodeKind::Scalar { .. } => None,
        NodeKind::Seq(items) => items.iter().find_map(first_complex_key),
        NodeKind::Map(entries) => {
            entries.iter().find_map(|(k, v)| if matches!(k.kind, NodeKind::Scalar { .. }) { first_complex_key(v) } else { Some(k) })
        }
    }
}

/// Whether two trees hold the same values (key order aside).
pub fn same_values(a: &Node<'_>, b: &Node<'_>) -> bool {
    match (&a.kind, &b.kind) {
        (NodeKind::Scalar { text: x, plain: p }, NodeKind::Scalar { text: y, plain: q }) => {
            (x == y && p == q) || resolve(x, *p) == resolve(y, *q)
        }
        (NodeKind::Seq(x), NodeKind::Seq(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_values(a, b)),
        (NodeKind::Map(x), NodeKind::Map(y)) => {
            // Keys are unique in both (duplicates are declined), so each key
            // of one has at most one equal key in the other; look for the
            // same text first.
            x.len() == y.len()
                && x.iter().all(|(ka, va)| {
                    let found = y.iter().find(|(kb, _)| ka.as_str().is_some() && ka.as_str() == kb.as_str() && same_values(ka, kb));
                    match found.or_else(|| y.iter().find(|(kb, _)| same_values(ka, kb))) {
                        Some((_, vb)) => same_values(va, vb),
                        None => false,
                    }
                })
        }
        _ => false,
    }
}

fn comment_texts(cs: &[comments::Comment]) -> Vec<&str> {
    let mut v: Vec<&str> = cs.iter().map(|c| c.text.as_str()).filter(|t| !t.starts_with(MODELINE)).collect();
    v.sort_unstable();
    v
}

/// The formatted text means what the input meant and keeps its comments.
fn verify(root: Option<&Node<'_>>, cs: &[comments::Comment], out: &str) -> Result<(), Vec<Diagnostic>> {
    let bug = |what: &str| {
        vec![
            diag("fmt/internal", (0, 0), format!("the formatted file would {what}; the file is left as it is"))
                .help("this is a bug in the formatter: please report it with the file"),
        ]
    };
    let again = yaml::parse(out).map_err(|e| bug(&format!("not parse ({})", e.message)))?;
    let same = match (root, again.root.as_ref()) {
        (Some(a), Some(b)) => same_values(a, b),
        (None, None) => true,
        _ => false,
    };
    if !same || !again.duplicates.is_empty() {
        return Err(bug("not hold the same values"));
    }
    let mut spans = Vec::new();
    if let Some(r) = &again.root {
        comments::scalar_spans(r, &mut spans);
    }
    if comment_texts(cs) != comment_texts(&comments::scan(out, spans)) {
        return Err(bug("lose or change a comment"));
    }
    Ok(())
}

/// The record files under `paths` (files are taken as given; directories
/// are walked for `*.yaml`, without following links), sorted.
pub fn yaml_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out);
        } else {
            out.push(p.clone());
        }
    }
    out.sort();
    out.dedup();
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let Ok(ft) = e.file_type() else { continue };
        let p = e.path();
        if ft.is_dir() {
            walk(&p, out);
        } else if ft.is_file() && p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            out.push(p);
        }
    }
}

/// `to` relative to the directory `from`, `/`-separated (both absolute or
/// both relative to the same place).
pub fn relative(from: &Path, to: &Path) -> String {
    let a: Vec<_> = from.components().collect();
    let b: Vec<_> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = std::iter::repeat_n("..".to_string(), a.len() - common).collect();
    parts.extend(b[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    if parts.is_empty() { ".".into() } else { parts.join("/") }
}

/// One file's outcome.
pub struct FileOutcome {
    pub path: PathBuf,
    /// The text as read (empty when it could not be read).
    pub original: String,
    /// The formatted text when it differs, `None` when the file is already
    /// formatted, or why it could not be formatted.
    pub result: Result<Option<String>, Vec<Diagnostic>>,
}

/// Formats each file in memory (in parallel). With `schema_dir` (absolute),
/// each file's modeline names the schema there, relative to the file.
pub fn format_files(files: &[PathBuf], schema_dir: Option<&Path>) -> Vec<FileOutcome> {
    use rayon::prelude::*;
    files
        .par_iter()
        .map(|path| {
            let original = match std::fs::read(path) {
                Ok(b) => match String::from_utf8(b) {
                    Ok(s) => s,
                    Err(_) => {
                        let d = diag("yaml/syntax", (0, 0), "the file is not UTF-8 text").help("save the file as UTF-8");
                        return FileOutcome { path: path.clone(), original: String::new(), result: Err(vec![d]) };
                    }
                },
                Err(e) => {
                    let d = diag("yaml/syntax", (0, 0), format!("cannot read the file: {e}"));
                    return FileOutcome { path: path.clone(), original: String::new(), result: Err(vec![d]) };
                }
            };
            let dir = std::path::absolute(path).ok().and_then(|p| p.parent().map(Path::to_path_buf));
            let opts = Options { schema_dir: schema_dir.zip(dir).map(|(s, d)| relative(&d, s)), ..Options::default() };
            let result = format(&original, &opts).map(|out| (out != original).then_some(out));
            FileOutcome { path: path.clone(), original, result }
        })
        .collect()
}

/// Replaces a file's contents atomically: the new text is written to a
/// sibling file and renamed over the old one, so an interrupted run leaves
/// either the old file or the new one, never half of one. (No fsync, like
/// cargo and rustfmt: a power cut is the file system's business.)
pub fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.fmt-{}.tmp", std::process::id()));
    let result = (|| {
        use std::io::Write;
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        if let Ok(meta) = std::fs::metadata(path) {
            let _ = std::fs::set_permissions(&tmp, meta.permissions());
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(s: &str) -> String {
        format(s, &Options::default()).unwrap_or_else(|e| panic!("{}", e[0].message))
    }

    #[test]
    fn reorders_reindents_unquotes_and_keeps_comments() {
        let input = "\
# yaml-language-server: $schema=../../schema/claims.schema.json
# header
claims:
    # first
    -   value: 1.30   # as printed
        id: a
        citations:
        -   quote: 'some $1.3 billion: a lot'
            source: \"s\"
            locator: p 1
        period: \"2021\"
        note: >
            short
    - id: b
      value: USD 1.3 billion
      note: a long note that goes on and on past the eightieth column of the file, so it is folded
";
        let want = "\
# yaml-language-server: $schema=../../schema/claims.schema.json
# header
claims:
  # first
  - id: a
    period: \"2021\"
    value: 1.30 # as printed
    citations:
      - source: s
        locator: p 1
        quote: \"some $1.3 billion: a lot\"
    note: \"short\\n\"

  - id: b
    value: USD 1.3 billion
    note: >-
      a long note that goes on and on past the eightieth column of the file, so
      it is folded
";
        let got = fmt(input);
        assert_eq!(got, want);
        assert_eq!(fmt(&got), got);
    }

    #[test]
    fn sets_the_modeline_first() {
        let opts = Options { schema_dir: Some("../../schema".into()), ..Options::default() };
        let got = format("# about\nsources:\n  - id: x\n    kind: article\n", &opts).unwrap();
        assert_eq!(
            got,
            "# yaml-language-server: $schema=../../schema/sources.schema.json\n# about\nsources:\n  - id: x\n    kind: article\n"
        );
    }

    #[test]
    fn declines_what_it_cannot_keep() {
        for (bad, code) in [
            ("claims:\n  - id: a\n    id: b\n", "yaml/duplicate-key"),
            ("claims: [a\n", "yaml/syntax"),
            ("claims:\n  - id: &x a\n    note: *x\n", "fmt/unsupported"),
            ("claims:\n  - id: !!str a\n", "fmt/unsupported"),
            ("name: my-app\n", "fmt/not-a-record-file"),
        ] {
            let e = format(bad, &Options::default()).unwrap_err();
            assert_eq!(e[0].code, code, "{bad}");
        }
    }

    #[test]
    fn relative_paths() {
        assert_eq!(relative(Path::new("/r/dataset/claims"), Path::new("/r/schema")), "../../schema");
        assert_eq!(relative(Path::new("/r/dataset"), Path::new("/r/schema")), "../schema");
    }
}
