//! Wherever records are read without the tree (`records::streamed`), they
//! must be the records the tree gives, and the tree must have nothing to
//! report; and the streaming read must answer on the dataset's own files.

use super::records::{parse_tree, streamed};
use super::*;

fn json<T: serde::Serialize>(list: &[(u32, T)]) -> String {
    serde_json::to_string(&list.iter().map(|(i, r)| (i, r)).collect::<Vec<_>>()).expect("records serialize")
}

fn all_json(r: &FileRecords) -> [String; 4] {
    [json(&r.sources), json(&r.entities), json(&r.metrics), json(&r.claims)]
}

/// Whether the streaming read answered; panics when it disagrees with the tree.
fn agree(text: &str, name: &str) -> bool {
    let schemas = Schemas::none();
    let Some((kind, fast)) = streamed(text, &schemas) else { return false };
    let (tree_kind, tree, diags) = parse_tree(text, &schemas);
    assert!(diags.is_empty(), "{name}: streamed, but the tree reports {:?}\n{text}", diags.iter().map(|d| &d.message).collect::<Vec<_>>());
    assert_eq!(Some(kind), tree_kind, "{name}");
    assert_eq!(all_json(&fast), all_json(&tree), "{name}\n{text}");
    assert!(tree.constraint_failed.is_empty() && tree.failed.is_empty() && tree.mentions.is_empty(), "{name}");
    assert!(fast.meta.is_none() && fast.constraint_failed.is_empty() && fast.failed.is_empty() && fast.mentions.is_empty());
    true
}

fn files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    // WBD_FAST_PATH_EXTRA names another tree to compare on (a synthetic
    // dataset, say).
    let extra = std::env::var("WBD_FAST_PATH_EXTRA").ok();
    let mut out = Vec::new();
    for dir in ["dataset", "tests/fixtures"].into_iter().chain(extra.as_deref()) {
        for e in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name().into_iter().flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "yaml")
                && let Ok(text) = std::fs::read_to_string(p)
            {
                out.push((p.display().to_string(), text));
            }
        }
    }
    out
}

#[test]
fn on_every_file_of_the_dataset_and_the_fixtures() {
    let mut answered = 0;
    for (name, text) in files() {
        let list = ["claims:", "sources:", "entities:", "metrics:"].iter().any(|k| text.lines().any(|l| l.starts_with(k)));
        if agree(&text, &name) {
            answered += 1;
        } else if name.contains("/dataset/") && list && !text.contains("\ndataset:") {
            // A dataset file that checks clean is read without its tree.
            let (_, _, diags) = parse_tree(&text, &Schemas::none());
            assert!(!diags.is_empty() || yaml::fast::parse(&text).is_none(), "{name} took the tree for nothing");
        }
    }
    eprintln!("{answered} files read without the tree");
    assert!(answered > 20, "{answered}");
}

/// Texts with something to report, or outside the subset: the streaming
/// read gives up on each, whatever part of a record the problem is in.
#[test]
fn it_gives_up_wherever_there_is_something_to_report() {
    let base = "claims:\n  - id: a-1\n    subject: rs\n    metric: m\n    period: 2020\n    value: EUR 1 million\n    equivalent:\n      value: USD 1.1 million\n    citations:\n      - source: s-1\n        locator: p. 1\n        quote: \"EUR 1 million\"\n";
    assert!(agree(base, "base"));
    let variants = [
        ("a repeated key", base.replace("    metric: m\n", "    metric: m\n    metric: n\n")),
        (
            "a repeated nested key",
            base.replace("      value: USD 1.1 million\n", "      value: USD 1.1 million\n      value: USD 1.2 million\n"),
        ),
        ("an unknown field", base.replace("    metric: m\n", "    metrc: m\n")),
        ("a missing field", base.replace("    metric: m\n", "")),
        ("a bad id", base.replace("id: a-1", "id: A_1")),
        ("a constraint", base.replace("locator: p. 1", "locator: \"\"")),
        ("a second top-level key", format!("{base}sources:\n  - id: s-1\n")),
        ("an item that is not a mapping", format!("{base}  - just text\n")),
        ("a tab", base.replace("p. 1", "p.\t1")),
        ("a list for a mapping", base.replace("    equivalent:\n      value: USD 1.1 million\n", "    equivalent:\n      - x\n")),
        (
            "a mapping for a list",
            base.replace("      - source: s-1\n        locator: p. 1\n        quote: \"EUR 1 million\"\n", "      source: s-1\n"),
        ),
        ("a mapping for a string", base.replace("    metric: m\n", "    metric:\n      a: b\n")),
        ("an empty value", base.replace("    metric: m\n", "    metric:\n")),
        (
            "an indentless list",
            base.replace("    citations:\n      - source", "    citations:\n    - source")
                .replace("\n        locator", "\n      locator")
                .replace("\n        quote", "\n      quote"),
        ),
        ("trailing text", format!("{base}more\n")),
        ("a dataset file", "dataset:\n  id: d\n".to_string()),
        ("an empty list", "claims: []\n".to_string()),
    ];
    for (what, text) in variants {
        assert!(!agree(&text, what), "{what}: read without the tree\n{text}");
    }
}

/// Random line edits of the dataset's files (lines dropped, repeated,
/// re-indented, cut): wherever the streaming read answers, it agrees.
#[test]
fn on_mutated_dataset_files() {
    let files: Vec<(String, String)> = files().into_iter().filter(|(n, _)| n.contains("/dataset/")).collect();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n.max(1) as u64) as usize
    };
    let (mut tried, mut answered) = (0, 0);
    for _ in 0..1500 {
        let (name, text) = &files[next(files.len())];
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        if lines.len() < 3 {
            continue;
        }
        for _ in 0..1 + next(3) {
            let i = next(lines.len());
            match next(5) {
                0 => {
                    lines.remove(i);
                }
                1 => {
                    let l = lines[i].clone();
                    lines.insert(i, l);
                }
                2 => lines[i].insert_str(0, "  "),
                3 => {
                    let l = lines[i].trim_start_matches(' ').len();
                    let cut = lines[i].len() - l + l / 2;
                    lines[i].truncate(cut);
                }
                _ => {
                    let j = next(lines.len());
                    lines.swap(i, j);
                }
            }
            if lines.is_empty() {
                break;
            }
        }
        let mutant = lines.join("\n") + "\n";
        tried += 1;
        answered += usize::from(agree(&mutant, name));
    }
    eprintln!("{answered} of {tried} mutants read without the tree");
    assert!(tried > 1000 && answered > 100, "{tried} {answered}");
}
