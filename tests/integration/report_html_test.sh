#!/usr/bin/env bash
# `report --format html`, opened in a real browser: Debian's Chromium,
# headless and offline. On examples/nexora (and on a changed copy compared
# with it) the DOM Chromium builds must hold every matrix cell the JSON
# report lists, with the right capability; the page must render to a PNG of
# the window's size and print to a PDF of several pages. On the review copy
# (scripts/nexora-review-copy) the changes come by risk, the header names the
# version, rules and revisions, and every column is labelled.
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
    for column, cell in app.get("anyone", {}).get("cells", {}).items():  # R13
        want[("anyone", app["name"], column)] = cell
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

# The changed copy a security review reads (scripts/nexora-review-copy): an
# app made public, a contractor with production access and appPromote in a
# new group. In the DOM Chromium builds: the changes by risk, the header with
# stagegate's version, the rules and the revisions, the added group's grants,
# every table column labelled, gains never in the "all clear" style.
"$src/scripts/nexora-review-copy" "$work/review"
run_case review "$work/review" --current "$src/examples/nexora"
version="$("$stagegate" --version)"
review_ok=1
python3 - "$work/review.dom.html" "${version#stagegate }" <<'PY' || review_ok=0
import html.parser, sys

class Review(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.risks, self.headers, self.stack, self.text = [], [], [], ""
        self.gain_good, self.gain_card = 0, 0
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "tr" and "data-risk" in a:
            self.risks.append(a["data-risk"])
        if "gain" in classes and ("good" in classes or "ok" in classes):
            self.gain_good += 1
        if tag == "div" and classes == ["card", "gain"]:
            self.gain_card += 1
        if tag == "th":
            self.stack.append("")
    def handle_endtag(self, tag):
        if tag == "th" and self.stack:
            self.headers.append(self.stack.pop().strip())
    def handle_data(self, data):
        self.text += data
        if self.stack:
            self.stack[-1] += data

dom = Review()
dom.feed(open(sys.argv[1], encoding="utf-8").read())
text = " ".join(dom.text.split())
flat = "".join(dom.text.split())  # list items run together: compare without spaces
order = ["public", "production", "promote/release", "other"]
errors = []
ranks = [order.index(r) for r in dom.risks]
if not ranks or ranks != sorted(ranks) or dom.risks[0] != "public":
    errors.append(f"changes not by risk: {dom.risks}")
if "production" not in dom.risks or "promote/release" not in dom.risks:
    errors.append(f"no production or promote/release change: {dom.risks}")
for want in [f"stagegate {sys.argv[2]} · access rules documented (R1-R13)",
             "Configuration " + sys.argv[1].rsplit("/", 1)[0] + "/review compared with the current state",
             "added group contractors members: zoe.ward@partner.example workspace permissions: "
             "appPromote app grant: edit on payroll in development, production",
             "added user zoe.ward@partner.example role: builder groups: contractors",
             "expense-tracker (public: as anyone, R13)"]:
    if "".join(want.split()) not in flat:
        errors.append(f"the page does not say: {want}")
if "date" in text.split(" · "):
    errors.append("a date without SOURCE_DATE_EPOCH")
if any(h == "" for h in dom.headers):
    errors.append(f"{dom.headers.count('')} table header cells without a label")
if dom.gain_good or dom.gain_card != 1:
    errors.append(f"gains styled as all clear ({dom.gain_good}) or no gains card ({dom.gain_card})")
for e in errors:
    print(" ", e)
print(f"  {len(dom.risks)} changes in risk order, {len(dom.headers)} header cells labelled")
sys.exit(1 if errors else 0)
PY
if ((review_ok)); then
  echo "ok   review: changes by risk, header, grants, labels"
else
  fail "review: the DOM is not the review's"
fi

if ((failures > 0)); then
  echo "--- chromium's log"
  tail -20 "$work/chromium.log"
  echo "$failures failure(s)"
  exit 1
fi
echo "the HTML report renders in Chromium"
