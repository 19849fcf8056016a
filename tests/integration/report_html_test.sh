#!/usr/bin/env bash
# `report --format html`, opened in a real browser: Debian's Chromium,
# headless and offline. On examples/nexora (and on a changed copy compared
# with it) the DOM Chromium builds must hold every matrix cell the JSON
# report lists, with the right capability; the page must render to a PNG of
# the window's size and print to a PDF of several pages.
#
# usage: report_html_test.sh SOURCE_DIR STAGEGATE_BINARY
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source_and_binary "$@"
chromium="$(command -v chromium || command -v chromium-browser || true)"
if [[ -z "$chromium" ]]; then
  echo "SKIPPED: chromium is not installed (scripts/setup --with-test-clients installs it)"
  exit 77
fi

work="$tmp"

# Offline and quiet: no first-run, sync, component or background traffic,
# every host name unresolvable, a throw-away profile.
browse() {
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-quic --host-resolver-rules="MAP * ~NOTFOUND" \
    --user-data-dir="$work/profile" "$@" 2>>"$work/chromium.log"
}

failures=0
fail() {
  echo "FAIL $*"
  failures=$((failures + 1))
}

# The DOM's matrix cells against the JSON report: same cells, same values.
check_dom() {  # NAME DOM JSON
  python3 - "$2" "$3" <<'PY' || fail "$1: the DOM does not match the report"
import html.parser, json, sys

class Cells(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.cells, self.tables, self.sections = {}, 0, set()
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and "matrix" in (a.get("class") or "").split():
            self.tables += 1
        if tag == "section" and a.get("id"):
            self.sections.add(a["id"])
        if tag == "td" and "data-app" in a:
            key = (a["data-user"], a["data-app"], a["data-column"])
            self.cells[key] = (a["data-capability"], a.get("class", ""))

dom = Cells()
dom.feed(open(sys.argv[1], encoding="utf-8").read())
report = json.load(open(sys.argv[2], encoding="utf-8"))
want = {}
for app in report["apps"]:
    for row in app["access"]:
        for column, cell in row["cells"].items():
            want[(row["user"], app["name"], column)] = cell
errors = []
if set(dom.cells) != set(want):
    errors.append(f"{len(dom.cells)} cells in the DOM, {len(want)} in the report")
for key, cell in want.items():
    got = dom.cells.get(key)
    if got is None:
        continue
    if got[0] != cell["capability"]:
        errors.append(f"{key}: {got[0]}, expected {cell['capability']}")
    if f"cap-{cell['capability']}" not in got[1].split():
        errors.append(f"{key}: class {got[1]!r} has no cap-{cell['capability']}")
    if ("previous" in cell) != ("changed" in got[1].split()):
        errors.append(f"{key}: changed mark {got[1]!r} but previous {cell.get('previous')}")
# One matrix per app, plus the data source matrix.
if dom.tables != len(report["apps"]) + (1 if report["workspace"]["dataSources"] else 0):
    errors.append(f"{dom.tables} matrix tables for {len(report['apps'])} apps")
for section in ["summary", "findings", "legend", "apps", "users", "promotion", "data-sources"]:
    if section not in dom.sections:
        errors.append(f"no section #{section}")
if report["current"] is not None and "changes" not in dom.sections:
    errors.append("compared with a current state, but no section #changes")
for e in errors[:20]:
    print(" ", e)
print(f"  {len(dom.cells)} matrix cells checked")
sys.exit(1 if errors else 0)
PY
}

png_size() {  # FILE -> "WIDTH HEIGHT", or nothing when it is not a PNG
  python3 -c '
import struct, sys
data = open(sys.argv[1], "rb").read(24)
if data[:8] == b"\x89PNG\r\n\x1a\n":
    print(*struct.unpack(">II", data[16:24]))' "$1"
}

run_case() {  # NAME ARGS...
  local name="$1"
  shift
  "$stagegate" report "$@" --format html -o "$work/$name.html" 2>/dev/null || true
  "$stagegate" report "$@" --format json -o "$work/$name.json" 2>/dev/null || true
  [[ -s "$work/$name.html" ]] || { fail "$name: no report written"; return; }

  browse --dump-dom "file://$work/$name.html" >"$work/$name.dom.html" ||
    { fail "$name: chromium --dump-dom failed"; return; }
  check_dom "$name" "$work/$name.dom.html" "$work/$name.json" && echo "ok   $name: DOM"

  browse --window-size=1366,900 --hide-scrollbars --screenshot="$work/$name.png" \
    "file://$work/$name.html" >/dev/null || fail "$name: chromium --screenshot failed"
  local size
  size="$(png_size "$work/$name.png" 2>/dev/null || true)"
  if [[ "$size" == "1366 900" && $(stat -c %s "$work/$name.png") -gt 20000 ]]; then
    echo "ok   $name: screenshot ($size, $(stat -c %s "$work/$name.png") bytes)"
  else
    fail "$name: screenshot is '$size', $(stat -c %s "$work/$name.png" 2>/dev/null || echo 0) bytes"
  fi

  browse --no-pdf-header-footer --print-to-pdf="$work/$name.pdf" "file://$work/$name.html" \
    >/dev/null || fail "$name: chromium --print-to-pdf failed"
  local pages
  pages="$(grep -a -c '/Type /Page$\|/Type /Page[^s]' "$work/$name.pdf" 2>/dev/null || echo 0)"
  if [[ "$(head -c 5 "$work/$name.pdf" 2>/dev/null)" == "%PDF-" && "$pages" -ge 2 ]]; then
    echo "ok   $name: printed ($pages pages)"
  else
    fail "$name: the PDF has $pages pages"
  fi
}

run_case nexora "$src/examples/nexora"

# A changed copy, compared with the example: gains are marked in the DOM.
cp -r "$src/examples/nexora" "$work/changed"
sed -i 's/^\(\s*\)environments: \[staging\]$/\1environments: [staging, production]/' \
  "$work/changed/groups.yaml"
run_case changed "$work/changed" --current "$src/examples/nexora"
if ! grep -q 'class="cap cap-run changed gain"' "$work/changed.dom.html"; then
  fail "changed: no cell is marked as a gain"
fi

if ((failures > 0)); then
  echo "--- chromium's log"
  tail -20 "$work/chromium.log"
  echo "$failures failure(s)"
  exit 1
fi
echo "the HTML report renders in Chromium"
