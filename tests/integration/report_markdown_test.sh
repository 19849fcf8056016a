#!/usr/bin/env bash
# The Markdown that stagegate writes for GitHub (report --format markdown and
# plan --format markdown), rendered by Debian's cmark-gfm with GitHub's table
# extension: every table must come out as an HTML table with every row and
# cell, and no table line may be left over as text.
#
# usage: report_markdown_test.sh SOURCE_DIR STAGEGATE_BINARY
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source_and_binary "$@"
if ! command -v cmark-gfm >/dev/null 2>&1; then
  echo "SKIPPED: cmark-gfm is not installed (scripts/setup --with-test-clients installs it)"
  exit 77
fi

work="$tmp"
failures=0

check_markdown() {  # NAME MARKDOWN-FILE
  local name="$1" md="$2"
  [[ -s "$md" ]] || { echo "FAIL $name: nothing written"; failures=$((failures + 1)); return; }
  cmark-gfm --extension table --extension strikethrough --extension autolink "$md" \
    >"$work/$name.html"
  if python3 - "$md" "$work/$name.html" "$name" <<'PY'; then
import html.parser, re, sys

md = open(sys.argv[1], encoding="utf-8").read().splitlines()
out = open(sys.argv[2], encoding="utf-8").read()
name = sys.argv[3]

# The Markdown's tables: runs of lines starting with '|', the second a
# delimiter row.
tables, current = [], []
for line in md + [""]:
    if line.startswith("|"):
        current.append(line)
    elif current:
        tables.append(current)
        current = []

class Tables(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self.text = [], []
        self.row = self.cell = None
    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = ""
    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.row is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr":
            self.tables[-1].append(self.row)
            self.row = None
    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data
        else:
            self.text.append(data)

parsed = Tables()
parsed.feed(out)
errors = []
if len(parsed.tables) != len(tables):
    errors.append(f"{len(tables)} tables in the Markdown, {len(parsed.tables)} rendered")
for i, (source, rendered) in enumerate(zip(tables, parsed.tables)):
    if not re.fullmatch(r"\|( -+ \|)+", source[1]):
        errors.append(f"table {i + 1}: second line is not a delimiter row: {source[1]}")
    if len(rendered) != len(source) - 1:
        errors.append(f"table {i + 1}: {len(source) - 1} rows written, {len(rendered)} rendered")
    width = len(rendered[0]) if rendered else 0
    for r, row in enumerate(rendered):
        if len(row) != width:
            errors.append(f"table {i + 1} row {r + 1}: {len(row)} cells, header has {width}")
leftover = [t for t in parsed.text if t.lstrip().startswith("|")]
if leftover:
    errors.append(f"table text left unrendered: {leftover[0][:80]!r}")
for e in errors[:20]:
    print(f"  {name}: {e}")
print(f"  {name}: {len(parsed.tables)} tables, {sum(len(t) for t in parsed.tables)} rows")

# Spot checks on the cells (example E1: QA runs payroll in staging only).
if name.startswith("report-nexora"):
    rows = [row for table in parsed.tables for row in table if row and row[0] == "quinn.berg@nexora.io"]
    if ["none", "run", "none", "none"] not in [row[3:7] for row in rows]:
        errors.append("no matrix row of quinn.berg@nexora.io reads none, run, none, none")
sys.exit(1 if errors else 0)
PY
    echo "ok   $name"
  else
    echo "FAIL $name"
    failures=$((failures + 1))
  fi
}

nexora="$src/examples/nexora"
cp -r "$nexora" "$work/changed"
sed -i 's/^\(\s*\)environments: \[staging\]$/\1environments: [staging, production]/' \
  "$work/changed/groups.yaml"
sed -i 's/^\(\s*\)permissions: \[\]$/\1permissions: [appPromote]/' "$work/changed/groups.yaml"

"$stagegate" report "$nexora" --format markdown -o "$work/report-nexora.md"
"$stagegate" report "$work/changed" --current "$nexora" --format markdown \
  -o "$work/report-changed.md" 2>/dev/null || true
golden="$src/tests/golden/report/markdown-current"
"$stagegate" plan "$golden/input" --current "$golden/current" --format markdown \
  -o "$work/plan-golden.md" 2>/dev/null
"$stagegate" report "$golden/input" --current "$golden/current" --format markdown \
  -o "$work/report-golden.md" 2>/dev/null

check_markdown report-nexora "$work/report-nexora.md"
check_markdown report-changed "$work/report-changed.md"
check_markdown plan-golden "$work/plan-golden.md"
check_markdown report-golden "$work/report-golden.md"

if ((failures > 0)); then
  echo "$failures failure(s)"
  exit 1
fi
echo "every Markdown table renders as a table"
