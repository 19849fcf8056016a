#!/usr/bin/env bash
# Integration test of the GitHub Action (action.yml), run step by step by
# action_sim.py the way the runner runs a composite action, against a
# temporary repository: a base commit with the example configuration in
# config/, and branches that change it. The workspace is a shallow clone, as
# actions/checkout makes by default, so the action has to fetch the base.
#
#   ok          a grant change (priya joins finance: an access gain) and a
#               warning (an unreleased app granted to employees)
#   broken      a grant change that breaks two assertions (two errors)
#
# and the guard rails (deny-gain, max-access-changes) on the first.
#
# Every run uses STAGEGATE_BINARY (or a build directory that is up to date),
# so nothing is built.
#
# Usage: action_test.sh SOURCE_DIR STAGEGATE_BINARY
set -euo pipefail

if (($# != 2)); then
  echo "usage: $0 SOURCE_DIR STAGEGATE_BINARY" >&2
  exit 2
fi
# The simulator needs PyYAML: the first python3 that has it (the one on PATH
# may be another installation than Debian's, which python3-yaml serves).
python=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import yaml' 2>/dev/null; then
    python="$(command -v "$candidate")"
    break
  fi
done
if [[ -z "$python" ]]; then
  echo "SKIPPED: python3 with PyYAML is not installed (scripts/setup --with-test-clients installs python3-yaml)"
  exit 77
fi

src="$(cd "$1" && pwd)"
binary="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
sim="$src/tests/integration/action_sim.py"

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export HOME="$tmp/home"
export GIT_CONFIG_NOSYSTEM=1
export NO_COLOR=1
mkdir -p "$HOME"

has() { grep -qF -e "$2" "$1"; }           # has FILE TEXT
has_line() { grep -qxF -e "$2" "$1"; }     # has_line FILE LINE
lacks() { ! grep -qF -e "$2" "$1"; }       # lacks FILE TEXT

# --- The repository -----------------------------------------------------------
origin="$tmp/origin"
mkdir -p "$origin/config"
cp "$src"/examples/nexora/*.yaml "$origin/config/"
git_quiet -C "$origin" init
git_quiet -C "$origin" add -A
git_quiet -C "$origin" commit -m "access configuration"
base_sha="$(git -C "$origin" rev-parse HEAD)"

edit() {  # edit FILE OLD NEW: replace one exact text, which must be there
  "$python" - "$@" <<'PY'
import sys
path, old, new = sys.argv[1:]
text = open(path, encoding="utf-8").read()
if text.count(old) != 1:
    sys.exit(f"edit: {old!r} occurs {text.count(old)} times in {path}")
open(path, "w", encoding="utf-8").write(text.replace(old, new))
PY
}

git_quiet -C "$origin" checkout -b ok "$base_sha"
edit "$origin/config/groups.yaml" "members: [omar.said@nexora.io]" \
  "members: [omar.said@nexora.io, priya.nair@nexora.io]"
edit "$origin/config/groups.yaml" "apps: [expense-tracker, inventory]" \
  "apps: [expense-tracker, inventory, onboarding-portal]"
git_quiet -C "$origin" commit -am "priya runs payroll; onboarding for employees"
warning_line="$(grep -n 'onboarding-portal\]' "$origin/config/groups.yaml" | cut -d: -f1)"

git_quiet -C "$origin" checkout -b broken "$base_sha"
edit "$origin/config/groups.yaml" "environments: [staging]" "environments: [staging, production]"
git_quiet -C "$origin" commit -am "qa in production"
git_quiet -C "$origin" checkout main

# --- Running the action ---------------------------------------------------------
# run_action NAME BRANCH EVENT [--input NAME=VALUE]...: a shallow clone of
# BRANCH in $tmp/NAME/workspace, then the simulated action; EVENT is
# pull_request (base: $EVENT_BASE, default the base commit) or push. Leaves $tmp/NAME/{stdout,stderr,outputs,summary} and
# the exit status in $status.
run_action() {
  local name="$1" branch="$2" event="$3"
  shift 3
  local dir="$tmp/$name"
  mkdir -p "$dir/runner-temp"
  git_quiet clone --depth=1 --branch "$branch" "file://$origin" "$dir/workspace"
  local head_sha
  head_sha="$(git -C "$dir/workspace" rev-parse HEAD)"
  if [[ "$event" == pull_request ]]; then
    cat >"$dir/event.json" <<EOF
{"action": "synchronize", "number": 7,
 "pull_request": {"number": 7, "base": {"ref": "main", "sha": "${EVENT_BASE:-$base_sha}"},
                  "head": {"ref": "$branch", "sha": "$head_sha"}}}
EOF
  else
    cat >"$dir/event.json" <<EOF
{"ref": "refs/heads/$branch", "before": "$base_sha", "after": "$head_sha"}
EOF
  fi
  : >"$dir/outputs"
  : >"$dir/summary"
  status=0
  (
    cd "$dir/workspace"
    export GITHUB_WORKSPACE="$dir/workspace"
    export GITHUB_ACTION_PATH="$src"
    export GITHUB_EVENT_NAME="$event"
    export GITHUB_EVENT_PATH="$dir/event.json"
    export GITHUB_OUTPUT="$dir/outputs"
    export GITHUB_STEP_SUMMARY="$dir/summary"
    export RUNNER_TEMP="$dir/runner-temp"
    export RUNNER_OS=Linux
    export RUNNER_ARCH=X64
    export GITHUB_ACTIONS=true
    exec "$python" "$sim" "$src/action.yml" "$@"
  ) >"$dir/stdout" 2>"$dir/stderr" || status=$?
  echo "--- $name: exit $status; stdout:"
  cat "$dir/stdout"
  echo "--- $name: stderr:"
  cat "$dir/stderr"
  echo "--- $name: outputs:"
  cat "$dir/outputs"
  echo "--- $name: summary:"
  cat "$dir/summary"
  echo "---"
}

# sarif_value FILE FIELD: version, results, levels or uris of a SARIF file
# (fails on bad JSON).
sarif_value() {
  "$python" - "$1" "$2" <<'PY'
import json, sys
log = json.load(open(sys.argv[1], encoding="utf-8"))
results = log["runs"][0]["results"]
print({"version": log["version"],
       "results": len(results),
       "levels": ",".join(sorted(r["level"] for r in results)),
       "uris": ",".join(sorted({l["physicalLocation"]["artifactLocation"]["uri"]
                                for r in results for l in r.get("locations", [])}))}[sys.argv[2]])
PY
}

export STAGEGATE_BINARY="$binary"

# 0. The simulator refuses what it cannot simulate faithfully: an expression
#    it does not know, an expression inside a script.
sed 's/^\(        FAIL_ON_WARNINGS: \)\${{ inputs.fail-on-warnings }}$/\1${{ github.token }}/' \
  "$src/action.yml" >"$tmp/unknown-expression.yml"
sed 's/^\(        set -euo pipefail\)$/\1; echo "${{ inputs.path }}"/' \
  "$src/action.yml" >"$tmp/expression-in-script.yml"
for variant in unknown-expression expression-in-script; do
  status=0
  GITHUB_WORKSPACE="$tmp" GITHUB_OUTPUT="$tmp/$variant.out" GITHUB_STEP_SUMMARY="$tmp/$variant.md" \
    RUNNER_TEMP="$tmp" "$python" "$sim" "$tmp/$variant.yml" >"$tmp/$variant.txt" 2>&1 || status=$?
  cat "$tmp/$variant.txt"
  check "the simulator refuses an action with $variant (exit $status)" test "$status" -eq 2
  check "it runs none of its steps" lacks "$tmp/$variant.txt" "[sim] run:"
done
check "it names the unknown expression" has "$tmp/unknown-expression.txt" "github.token is not simulated"
check "it names the script injection" has "$tmp/expression-in-script.txt" "its run script contains an expression"

# 1. A pull request with an access change and a warning: passes, with the
#    plan in the summary, annotations and SARIF.
run_action ok ok pull_request --input path=config
d="$tmp/ok"
check "ok: the action succeeds (exit $status)" test "$status" -eq 0
check "ok: errors=0" has_line "$d/outputs" "errors=0"
check "ok: warnings=2 (unreleased-app-grant, and server-differs: qa, S1)" has_line "$d/outputs" "warnings=2"
check "ok: changes=3 (1 access gain, 2 configuration changes)" has_line "$d/outputs" "changes=3"
check "ok: the warning is an annotation on config/groups.yaml:$warning_line" \
  grep -qE "^::warning file=config/groups\.yaml,line=$warning_line,col=[0-9]+,endColumn=[0-9]+,title=unreleased-app-grant::group 'employees' grants" "$d/stdout"
check "ok: the shallow checkout's base commit was fetched" \
  has "$d/stdout" "stagegate: fetching the pull request's base commit $base_sha"
check "ok: the plan compared with the base commit" has "$d/stdout" "planning against git:$base_sha"
check "ok: the summary has the check's verdict" has_line "$d/summary" "⚠️ valid, with 2 warnings."
check "ok: the summary has the plan's heading" \
  has_line "$d/summary" "### stagegate plan: \`config\` compared with \`git:$base_sha\`"
check "ok: the summary has the plan's summary table" has_line "$d/summary" "| Access gains | 1 (1 in the last environment or the released app) |"
check "ok: the summary has the access change row" \
  has "$d/summary" "| ➕ | priya.nair@nexora.io | payroll | released | none | use | group 'finance' (config/groups.yaml:"
check "ok: the summary has the plan's total" has_line "$d/summary" "**Plan: 1 access gain, 2 configuration changes.**"
check "ok: the SARIF file is written in the workspace" test -s "$d/workspace/stagegate.sarif"
check "ok: the SARIF file is SARIF 2.1.0" test "$(sarif_value "$d/workspace/stagegate.sarif" version)" = 2.1.0
check "ok: the SARIF file has the warnings" test "$(sarif_value "$d/workspace/stagegate.sarif" levels)" = warning,warning
check "ok: the SARIF location is the repository path" \
  test "$(sarif_value "$d/workspace/stagegate.sarif" uris)" = config/groups.yaml
check "ok: STAGEGATE_BINARY was used, nothing installed or built" has "$d/stdout" "stagegate: using STAGEGATE_BINARY=$binary"
check "ok: the install step was skipped" has_line "$d/stdout" "[sim] skipped: Install the build dependencies"
check "ok: the build step was skipped" has_line "$d/stdout" "[sim] skipped: Build stagegate"
check "ok: the cache steps were skipped" has_line "$d/stdout" "[sim] skipped: Restore the stagegate build from the cache"

# 2. A pull request with errors: fails, but outputs, annotations and SARIF are there.
run_action broken broken pull_request --input path=config --input sarif-file=reports/stagegate.sarif
d="$tmp/broken"
check "broken: the action fails (exit $status)" test "$status" -eq 1
check "broken: the failing step is Result" has_line "$d/stdout" "[sim] failed (exit 1): Result"
check "broken: errors=2" has_line "$d/outputs" "errors=2"
check "broken: warnings=1 (server-differs)" has_line "$d/outputs" "warnings=1"
check "broken: changes=0 (no plan)" has_line "$d/outputs" "changes=0"
check "broken: the errors are annotations on config/assertions.yaml" \
  test "$(grep -c '^::error file=config/assertions\.yaml,line=[0-9]*,col=[0-9]*,endColumn=[0-9]*,title=assertion-failed::' "$d/stdout")" -eq 2
check "broken: the result says why it fails" \
  has "$d/stdout" "stagegate: the configuration has 2 errors; fix them (see the annotations)"
check "broken: the summary has the verdict" has_line "$d/summary" "❌ 2 errors, 1 warning."
check "broken: the summary says why there is no plan" has_line "$d/summary" "_No plan: the configuration has errors._"
check "broken: the SARIF file is written where asked" test -s "$d/workspace/reports/stagegate.sarif"
check "broken: the SARIF file has the two errors and the warning" \
  test "$(sarif_value "$d/workspace/reports/stagegate.sarif" levels)" = error,error,warning
check "broken: no SARIF file at the default place" test ! -e "$d/workspace/stagegate.sarif"

# 3. fail-on-warnings: the warning fails the run.
run_action strict ok pull_request --input path=config --input fail-on-warnings=true
d="$tmp/strict"
check "strict: the action fails (exit $status)" test "$status" -eq 1
check "strict: errors=0, warnings=2" bash -c "grep -qx errors=0 '$d/outputs' && grep -qx warnings=2 '$d/outputs'"
check "strict: changes=3 (the plan still ran)" has_line "$d/outputs" "changes=3"
check "strict: the result names fail-on-warnings" \
  has "$d/stdout" "stagegate: the configuration has 2 warnings and fail-on-warnings is true"

# 4. Not a pull request and no current: no plan; an empty sarif-file writes none.
run_action push ok push --input path=config --input sarif-file=
d="$tmp/push"
check "push: the action succeeds (exit $status)" test "$status" -eq 0
check "push: changes=0" has_line "$d/outputs" "changes=0"
check "push: warnings=2" has_line "$d/outputs" "warnings=2"
check "push: the summary says why there is no plan" \
  has_line "$d/summary" "_No plan: this run is not for a pull request and the input 'current' is empty._"
check "push: the summary has no plan" lacks "$d/summary" "### stagegate plan"
check "push: nothing was fetched" lacks "$d/stdout" "fetching"
check "push: no SARIF file" test ! -e "$d/workspace/stagegate.sarif"
check "push: the annotation is still shown" has "$d/stdout" "::warning file=config/groups.yaml,"

# 5. current as a directory, on a push.
mkdir -p "$tmp/base-config"
cp "$src"/examples/nexora/*.yaml "$tmp/base-config/"
run_action current ok push --input path=config --input "current=$tmp/base-config"
d="$tmp/current"
check "current: the action succeeds (exit $status)" test "$status" -eq 0
check "current: changes=3" has_line "$d/outputs" "changes=3"
check "current: the summary has the plan" has "$d/summary" "**Plan: 1 access gain, 2 configuration changes.**"

# 6. An input is data, never code: a path with shell syntax is just a
#    missing path.
# shellcheck disable=SC2016  # the shell syntax is the point: it must stay text
run_action injection ok pull_request --input 'path=config $(touch INJECTED) `touch INJECTED2`'
d="$tmp/injection"
check "injection: the action fails (exit $status)" test "$status" -eq 1
check "injection: nothing was executed" \
  bash -c "test ! -e '$d/workspace/INJECTED' && test ! -e '$d/workspace/INJECTED2' && test ! -e INJECTED"
check "injection: the path is reported as unreadable" has "$d/stdout" "title=unreadable-file::cannot read 'config \$(touch INJECTED) \`touch INJECTED2\`'"
check "injection: errors=1" has_line "$d/outputs" "errors=1"

# 7. Several paths, one per line, are one configuration.
run_action paths ok pull_request --input $'path=config/groups.yaml\n  config/users.yaml \nconfig/roles.yaml\nconfig/apps.yaml\nconfig/workspace.yaml\nconfig/datasources.yaml\nconfig/constants.yaml\nconfig/assertions.yaml\n'
d="$tmp/paths"
check "paths: the action succeeds (exit $status)" test "$status" -eq 0
check "paths: warnings=2, changes=3" bash -c "grep -qx warnings=2 '$d/outputs' && grep -qx changes=3 '$d/outputs'"

# 8. A bad fail-on-warnings value is refused before anything runs.
run_action badflag ok pull_request --input path=config --input fail-on-warnings=yes
d="$tmp/badflag"
check "badflag: the action fails (exit $status)" test "$status" -eq 1
check "badflag: it says what is expected" \
  has "$d/stdout" "::error title=stagegate::the input fail-on-warnings must be 'true' or 'false'"

# 9. No STAGEGATE_BINARY, and the build directory (as the cache restores it)
#    holds a binary built from these sources: no install, no build.
unset STAGEGATE_BINARY
build="$tmp/cached/runner-temp/stagegate-build"
mkdir -p "$build/compiler"
ln -s "$binary" "$build/compiler/stagegate"
bash "$src/scripts/build-binary" --source-hash >"$build/stagegate-source.sha256"
run_action cached ok pull_request --input path=config
d="$tmp/cached"
check "cached: the action succeeds (exit $status)" test "$status" -eq 0
check "cached: the build is found up to date" \
  has "$d/stdout" "stagegate: the cached build is up to date ($build/compiler/stagegate); no install, no build"
check "cached: the install step was skipped" has_line "$d/stdout" "[sim] skipped: Install the build dependencies"
check "cached: the build step was skipped" has_line "$d/stdout" "[sim] skipped: Build stagegate"
check "cached: the cache is restored with the key of the sources" \
  grep -qE "^\[sim\] not run \(uses: actions/cache/restore@v4\): .*\"key\": \"stagegate-build-1-[^\"]+-X64-$(cat "$build/stagegate-source.sha256")\"" "$d/stdout"
check "cached: the cache paths are the binary and its stamp" \
  has "$d/stdout" "\"path\": \"$build/compiler/stagegate\\n$build/stagegate-source.sha256\""
check "cached: outputs as with STAGEGATE_BINARY" \
  bash -c "grep -qx errors=0 '$d/outputs' && grep -qx warnings=2 '$d/outputs' && grep -qx changes=3 '$d/outputs'"

# 10. A current state that cannot be read fails the run, with the reason.
export STAGEGATE_BINARY="$binary"
run_action unreadable ok push --input path=config --input current=git:no-such-revision
d="$tmp/unreadable"
check "unreadable: the action fails (exit $status)" test "$status" -eq 1
check "unreadable: changes=0" has_line "$d/outputs" "changes=0"
check "unreadable: the summary says why there is no plan" \
  has_line "$d/summary" "_No plan: stagegate plan could not read git:no-such-revision (see the log)._"
check "unreadable: the result names the plan" \
  has "$d/stdout" "stagegate: the plan could not be made (see the step \"Plan the change\")"

# 11. A base commit that cannot be fetched fails the run and says what to do.
missing_sha=0123456789abcdef0123456789abcdef01234567
EVENT_BASE="$missing_sha" run_action nobase ok pull_request --input path=config
d="$tmp/nobase"
check "nobase: the action fails (exit $status)" test "$status" -eq 1
check "nobase: it says to fetch the history" \
  has "$d/stdout" "::error title=stagegate::cannot fetch the pull request's base commit $missing_sha; check out with actions/checkout's fetch-depth: 0, or set the input current"
check "nobase: changes=0" has_line "$d/outputs" "changes=0"

# 12. A current state with errors (a pull request that repairs main): a
#     warning and no plan; the check decides, and passes.
mkdir -p "$tmp/broken-config"
cp "$src"/examples/nexora/*.yaml "$tmp/broken-config/"
edit "$tmp/broken-config/groups.yaml" "apps: [payroll]" "apps: [payrol]"
run_action repair ok push --input path=config --input "current=$tmp/broken-config"
d="$tmp/repair"
check "repair: the action succeeds (exit $status)" test "$status" -eq 0
check "repair: changes=0" has_line "$d/outputs" "changes=0"
check "repair: a warning says the current state has errors" \
  has_line "$d/stdout" "::warning title=stagegate::no plan: $tmp/broken-config has errors (see the log)"
check "repair: the plan's findings are shown with workflow commands stopped" \
  grep -qE "^::stop-commands::stagegate-[0-9a-f]{16}$" "$d/stdout"

# 13. Guard rails: a denied gain fails the run with an annotation naming it.
run_action denied ok pull_request --input path=config --input $'deny-gain=appRelease\n  use:released \n'
d="$tmp/denied"
check "denied: the action fails (exit $status)" test "$status" -eq 1
check "denied: the failing step is Result" has_line "$d/stdout" "[sim] failed (exit 1): Result"
check "denied: the denied gain is an error annotation" \
  grep -qE "^::error title=denied-access-gain::1 access change is denied by --deny-gain use:released: priya\.nair@nexora\.io gains use in 'released' on 'payroll'" "$d/stdout"
check "denied: the result says why it fails" \
  has "$d/stdout" "stagegate: the plan trips a guard rail or has an impossible step"
check "denied: the plan is still in the summary" has_line "$d/summary" "**Plan: 1 access gain, 2 configuration changes.**"
check "denied: the summary says the plan fails" \
  has "$d/summary" "**The plan fails:** a guard rail is tripped or a step is impossible"
check "denied: changes=3" has_line "$d/outputs" "changes=3"
check "denied: the binary output names the binary" has_line "$d/outputs" "binary=$binary"

# 14. max-access-changes: over the limit fails, within it passes.
run_action limit ok pull_request --input path=config --input max-access-changes=0
d="$tmp/limit"
check "limit: the action fails (exit $status)" test "$status" -eq 1
check "limit: the limit is an error annotation" \
  grep -qE "^::error title=too-many-access-changes::" "$d/stdout"
run_action within ok pull_request --input path=config --input 'max-access-changes= 1 ' \
  --input deny-gain=run:production
d="$tmp/within"
check "within: the action succeeds (exit $status)" test "$status" -eq 0
check "within: no error annotation" lacks "$d/stdout" "::error"

# 15. A guard rail the plan does not accept fails the run and says why.
run_action badrule ok pull_request --input path=config --input deny-gain=fly:production
d="$tmp/badrule"
check "badrule: the action fails (exit $status)" test "$status" -eq 1
check "badrule: the error names the rule and the inputs" \
  has_line "$d/stdout" "::error title=stagegate::--deny-gain fly:production: no capability 'fly'; the capabilities are use, preview, run and edit (the inputs deny-gain and max-access-changes are passed to stagegate plan)"
run_action badcolumn ok pull_request --input path=config --input deny-gain=run:prod
d="$tmp/badcolumn"
check "badcolumn: the action fails (exit $status)" test "$status" -eq 1
check "badcolumn: the error suggests the environment" \
  grep -qE "^::error title=stagegate::--deny-gain run:prod: no environment 'prod' in this configuration \(did you mean 'production'\?\)" "$d/stdout"
run_action nevermatches ok pull_request --input path=config --input deny-gain=edit:production
d="$tmp/nevermatches"
check "nevermatches: the action succeeds (exit $status)" test "$status" -eq 0
check "nevermatches: the rule that cannot match is a warning" \
  has_line "$d/stdout" "::warning title=stagegate::--deny-gain edit:production can never match: under the documented rules (R4) edit exists only in 'development'; to stop someone gaining production access, deny run:production"
run_action badlimit ok pull_request --input path=config --input max-access-changes=lots
d="$tmp/badlimit"
check "badlimit: the action fails (exit $status)" test "$status" -eq 1
check "badlimit: it says what is expected" \
  has_line "$d/stdout" "::error title=stagegate::the input max-access-changes must be a non-negative integer (0, 1, 2, ...), not 'lots'"

if ((failures > 0)); then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all checks passed"
