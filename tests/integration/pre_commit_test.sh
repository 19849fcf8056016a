#!/usr/bin/env bash
# Integration test of the `stagegate-check` pre-commit hook with the real
# pre-commit client: a copy of this repository (committed in a temporary git
# repository) is the hook repository; a temporary user repository holds the
# example configuration. A valid configuration passes; a misspelt app name
# fails with the diagnostic shown.
#
# Usage: pre_commit_test.sh SOURCE_DIR STAGEGATE_BINARY
set -euo pipefail

if (($# != 2)); then
  echo "usage: $0 SOURCE_DIR STAGEGATE_BINARY" >&2
  exit 2
fi
if ! command -v pre-commit >/dev/null 2>&1; then
  echo "SKIPPED: pre-commit is not installed (scripts/setup --with-test-clients installs it)"
  exit 77
fi

src="$(cd "$1" && pwd)"
binary="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Hermetic git and pre-commit: no user or system configuration, a private cache.
export HOME="$tmp/home"
export GIT_CONFIG_NOSYSTEM=1
export PRE_COMMIT_HOME="$tmp/pre-commit-home"
export NO_COLOR=1
# The hook uses this binary instead of building one on first use.
export STAGEGATE_BINARY="$binary"
mkdir -p "$HOME"


# The hook repository: the sources of this checkout, without build trees.
hook_repo="$tmp/hook-repo"
mkdir -p "$hook_repo"
tar -C "$src" --exclude='./build*' --exclude=./.git --exclude=./.cache -cf - . | tar -C "$hook_repo" -xf -
git_quiet -C "$hook_repo" init
git_quiet -C "$hook_repo" add -A
git_quiet -C "$hook_repo" commit -m "stagegate"
hook_rev="$(git -C "$hook_repo" rev-parse HEAD)"

# The user repository: the example configuration under config/.
user_repo="$tmp/user-repo"
mkdir -p "$user_repo/config"
cp "$src"/examples/nexora/*.yaml "$user_repo/config/"
cat >"$user_repo/.pre-commit-config.yaml" <<EOF
repos:
  - repo: $hook_repo
    rev: $hook_rev
    hooks:
      - id: stagegate-check
        args: [config/]
EOF
git_quiet -C "$user_repo" init
git_quiet -C "$user_repo" add -A
git_quiet -C "$user_repo" commit -m "access configuration"

run() {  # run OUTPUT_FILE COMMAND...: the exit status of COMMAND, output kept
  local out="$1"
  shift
  local status=0
  (cd "$user_repo" && "$@") >"$out" 2>&1 || status=$?
  cat "$out"
  return "$status"
}

# 1. A valid configuration passes, through try-repo and through run.
status=0
run "$tmp/try-valid.txt" pre-commit try-repo --color never "$hook_repo" stagegate-check --all-files || status=$?
check "try-repo on a valid configuration exits 0 (got $status)" test "$status" -eq 0
check "try-repo reports the hook as passed" grep -q '^stagegate check\.*Passed$' "$tmp/try-valid.txt"

status=0
run "$tmp/run-valid.txt" pre-commit run --color never --all-files || status=$?
check "pre-commit run on a valid configuration exits 0 (got $status)" test "$status" -eq 0
check "pre-commit run reports the hook as passed" grep -q '^stagegate check\.*Passed$' "$tmp/run-valid.txt"

# 2. A misspelt app name in a group fails with the diagnostic.
groups="$user_repo/config/groups.yaml"
line="$(grep -n -m1 'apps: \[payroll\]' "$groups" | cut -d: -f1)"
sed -i "${line}s/\[payroll\]/[payrol]/" "$groups"
column="$(sed -n "${line}p" "$groups" | awk '{ print index($0, "payrol") }')"
git_quiet -C "$user_repo" add -A
group="$(head -n "$line" "$groups" | grep -E '^  [a-z0-9-]+:$' | tail -n 1 | tr -d ' :')"
expected="config/groups.yaml:$line:$column: error: unknown app 'payrol' in group '$group' (did you mean 'payroll'?) [unknown-reference]"

status=0
run "$tmp/try-broken.txt" pre-commit try-repo --color never "$hook_repo" stagegate-check --all-files || status=$?
check "try-repo on a broken configuration fails (got $status)" test "$status" -ne 0
check "try-repo reports the hook as failed" grep -q '^stagegate check\.*Failed$' "$tmp/try-broken.txt"
check "try-repo shows the diagnostic line '$expected'" \
  grep -qxF -e "$expected" "$tmp/try-broken.txt"
check "try-repo shows the code frame under it" \
  grep -qF -e "$line |       - apps: [payrol]" "$tmp/try-broken.txt"
check "try-repo shows stagegate's exit code 1" grep -q -- '- exit code: 1$' "$tmp/try-broken.txt"

status=0
run "$tmp/run-broken.txt" pre-commit run --color never --all-files || status=$?
check "pre-commit run on a broken configuration fails (got $status)" test "$status" -ne 0
check "pre-commit run shows the diagnostic line" grep -qxF -e "$expected" "$tmp/run-broken.txt"

# 3. Only YAML changes trigger the hook (files: \.(ya?ml)$).
echo "notes" >"$user_repo/NOTES.txt"
git_quiet -C "$user_repo" add NOTES.txt
status=0
run "$tmp/run-other.txt" pre-commit run --color never --files NOTES.txt || status=$?
check "a non-YAML change skips the hook (got $status)" test "$status" -eq 0
check "the hook is reported as skipped" grep -q '^stagegate check\.*(no files to check)Skipped$' \
  "$tmp/run-other.txt"

if ((failures > 0)); then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all checks passed"
