#!/bin/sh
# CTest "bench: generated configurations are valid": configurations written by
# stagegate-generate pass `stagegate check` with no error and no warning but
# server-differs (the generated organisations follow the documented rules, and
# their staged edit grants, promoters and owners are where ToolJet's server
# gives more: semantics.md S1-S5), are byte-identical when generated twice,
# and a --change variant plans cleanly against its original. The warnheavy
# shape is valid too, with the warnings it is made for.
#
# Usage: generate_test.sh STAGEGATE_GENERATE STAGEGATE
set -u
gen=$1
stagegate=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/stagegate-generate-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

generate() {  # DIR ARGS...
  dir=$1
  shift
  "$gen" "$@" -o "$tmp/$dir" || fail "stagegate-generate $* -o $dir exited $?"
}

check() {  # DIR
  if ! "$stagegate" check --format json "$tmp/$1" >"$tmp/$1.check" 2>&1; then
    fail "stagegate check $1"
    head -n 40 "$tmp/$1.check" >&2
  elif grep '"code": ' "$tmp/$1.check" | grep -v '"code": "server-differs"' >"$tmp/$1.other"; then
    fail "stagegate check $1: findings other than server-differs"
    head -n 20 "$tmp/$1.other" >&2
  fi
}

custom="--users 2000 --groups 100 --apps 300"
generate small-multi --preset small
generate small-single --preset small --layout single
# shellcheck disable=SC2086
generate custom $custom --seed 7
# shellcheck disable=SC2086
generate custom-changed $custom --seed 7 --change 20
# The second shape: a few large users files beside many small ones.
# shellcheck disable=SC2086
generate custom-wide $custom --seed 7 --users-per-file 500
for dir in small-multi small-single custom custom-changed custom-wide; do
  check "$dir"
done
[ "$(ls "$tmp/custom-wide/users" | wc -l)" -eq 4 ] || fail "--users-per-file 500 did not write 4 users files of 2,000 users"
# The same organisation, only split differently.
"$stagegate" plan --color never "$tmp/custom-wide" --current "$tmp/custom" --detailed-exitcode >"$tmp/wide.txt" 2>&1 ||
  { fail "--users-per-file changed the organisation"; tail -n 5 "$tmp/wide.txt" >&2; }

# warnheavy: valid, its warnings where the server reads grants and
# permissions differently (S1, S2, S3, S4) and builders combine an edit grant
# with a view grant in another column; its assertions hold.
# shellcheck disable=SC2086
generate warnheavy --preset warnheavy $custom --seed 7
if ! "$stagegate" check --format json "$tmp/warnheavy" >"$tmp/warnheavy.check" 2>&1; then
  fail "stagegate check warnheavy"
  head -n 40 "$tmp/warnheavy.check" >&2
else
  grep '"code": ' "$tmp/warnheavy.check" |
    grep -v -e '"code": "server-differs"' -e '"code": "combined-grant-escalation"' >"$tmp/warnheavy.other" &&
    { fail "stagegate check warnheavy: other findings"; head -n 20 "$tmp/warnheavy.other" >&2; }
  for rule in S1 S2 S3 S4; do
    grep -q "($rule)" "$tmp/warnheavy.check" || fail "warnheavy: no server-differs warning under $rule"
  done
fi

# Determinism: the same options give the same bytes.
generate small-single-again --preset small --layout single
# shellcheck disable=SC2086
generate custom-again $custom --seed 7
# shellcheck disable=SC2086
generate custom-changed-again $custom --seed 7 --change 20
diff -r "$tmp/small-single" "$tmp/small-single-again" >/dev/null || fail "small --layout single differs between two runs"
diff -r "$tmp/custom" "$tmp/custom-again" >/dev/null || fail "custom size differs between two runs"
diff -r "$tmp/custom-changed" "$tmp/custom-changed-again" >/dev/null || fail "--change 20 differs between two runs"
diff -r "$tmp/custom" "$tmp/custom-changed" >/dev/null && fail "--change 20 changed nothing"

# A non-empty directory is refused without --force.
if "$gen" --preset small -o "$tmp/small-multi" 2>/dev/null; then
  fail "stagegate-generate wrote into a non-empty directory without --force"
fi

# The changed organisation plans cleanly against the original.
"$stagegate" plan --color never "$tmp/custom-changed" --current "$tmp/custom" >"$tmp/plan.txt" 2>"$tmp/plan.err"
status=$?
if [ "$status" -ne 0 ]; then
  fail "stagegate plan custom-changed --current custom exited $status"
  head -n 40 "$tmp/plan.err" >&2
elif grep -q "^Plan: no changes" "$tmp/plan.txt" || ! grep -q "^Plan: " "$tmp/plan.txt"; then
  fail "stagegate plan found no change"
  tail -n 5 "$tmp/plan.txt" >&2
fi

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "generated configurations are valid, deterministic and plan cleanly"
