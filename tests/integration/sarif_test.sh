#!/usr/bin/env bash
# `check --format sarif`, validated by the official SARIF validator
# (@microsoft/sarif-multitool, from npm: tools/node_modules) with each of its
# rule sets: the SARIF 2.1.0 specification's (Sarif) and GitHub code
# scanning's (Gh, Ghas), on a valid configuration, errors, warnings, a YAML
# syntax error, an invalid UTF-8 file and an absolute path (file:// URIs).
# Any error or warning the validator reports fails the test, but one: SARIF2005
# (ProvideToolProperties) asks for the driver's informationUri, which
# stagegate leaves out until the project has a public home (STAGEGATE_HOMEPAGE)
# rather than write a made-up address; it is accepted exactly when the log has
# no informationUri. Its notes
# (style suggestions such as opaque rule ids like "SG0001" or code snippets
# in every result) are not asked for.
#
# usage: sarif_test.sh SOURCE_DIR STAGEGATE_BINARY
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source_and_binary "$@"
# The platform binary itself: the npm wrapper (.bin/sarif-multitool) passes
# its arguments through a shell, which splits "Error;Warning;Note".
validator="$src/tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
if [[ ! -x "$validator" ]]; then
  echo "SKIPPED: the SARIF validator is not installed (scripts/setup --with-test-clients installs it)"
  exit 77
fi

work="$tmp"

failures=0
validate() {  # NAME DIR-TO-RUN-IN PATH [EXPECTED-EXIT]
  local name="$1" dir="$2" path="$3" expected_exit="${4:-}" status=0
  (cd "$dir" && "$stagegate" check "$path" --format sarif -o "$work/$name.sarif") \
    2>"$work/$name.err" || status=$?
  if [[ -n "$expected_exit" && "$status" != "$expected_exit" ]]; then
    echo "FAIL $name: check exited $status, expected $expected_exit"
    failures=$((failures + 1))
    return
  fi
  if [[ ! -s "$work/$name.sarif" ]]; then
    echo "FAIL $name: no SARIF written"
    failures=$((failures + 1))
    return
  fi
  local kind out
  for kind in Sarif Gh Ghas; do
    out="$work/$name.$kind.validation.sarif"
    if ! "$validator" validate "$work/$name.sarif" --rule-kind "$kind" \
        --level "Error;Warning" -o "$out" >"$work/$name.$kind.log" 2>&1; then
      echo "FAIL $name ($kind): the validator failed:"
      cat "$work/$name.$kind.log"
      failures=$((failures + 1))
      continue
    fi
    # The validator's own output is SARIF: every result is a problem found.
    if ! python3 - "$out" "$name ($kind)" "$work/$name.sarif" <<'PY'
import json, sys
log = json.load(open(sys.argv[1], encoding="utf-8"))
checked = json.load(open(sys.argv[3], encoding="utf-8"))
homeless = "informationUri" not in checked["runs"][0]["tool"]["driver"]
results = []
for r in (r for run in log.get("runs", []) for r in run.get("results", [])):
    if homeless and r.get("ruleId") == "SARIF2005":
        print(f"accepted {sys.argv[2]}: SARIF2005: no informationUri (STAGEGATE_HOMEPAGE is empty)")
        continue
    results.append(r)
notifications = [n for run in log.get("runs", []) for inv in run.get("invocations", [])
                 for n in inv.get("toolExecutionNotifications", [])
                 if n.get("level") in ("error", "warning")]
for r in results:
    args = r.get("message", {}).get("arguments", [])
    print(f"FAIL {sys.argv[2]}: {r.get('ruleId')} {r.get('level', 'warning')}: {args}")
for n in notifications:
    print(f"FAIL {sys.argv[2]}: tool notification: {n.get('message', {}).get('text')}")
sys.exit(1 if results or notifications else 0)
PY
    then
      failures=$((failures + 1))
    else
      echo "ok   $name ($kind)"
    fi
  done
}

# What each input must produce, checked on our side too.
expect_results() {  # NAME COUNT LEVEL
  local got
  got="$(python3 -c '
import json, sys
log = json.load(open(sys.argv[1], encoding="utf-8"))
print(sum(1 for r in log["runs"][0]["results"] if r["level"] == sys.argv[2]))' "$work/$1.sarif" "$3")"
  if [[ "$got" != "$2" ]]; then
    echo "FAIL $1: $got results of level $3, expected $2"
    failures=$((failures + 1))
  fi
}

golden="$src/tests/golden"
validate valid "$src/examples" nexora 0
expect_results valid 0 error
validate errors "$golden/check-formats/errors-sarif" input 1
expect_results errors 2 error
validate warnings "$golden/check-formats/warning-junit" input 0
expect_results warnings 1 warning
validate yaml-syntax "$golden/check/yaml-syntax" input 1
validate invalid-utf8 "$golden/check/invalid-utf8" input 1
validate absolute-path / "$golden/check-formats/errors-sarif/input" 1
if ! grep -q '"uri": *"file:///' "$work/absolute-path.sarif"; then
  echo "FAIL absolute-path: no file:// URI for an absolute path"
  failures=$((failures + 1))
fi

if ((failures > 0)); then
  echo "$failures failure(s)"
  exit 1
fi
echo "every SARIF log is valid"
