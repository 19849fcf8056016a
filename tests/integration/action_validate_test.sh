#!/usr/bin/env bash
# Validates the GitHub Action (action.yml) and the example workflow
# (examples/github-workflow.yml) with the real GitHub Actions validator
# (@action-validator/cli, pinned in tools/package.json), and checks that the
# example does what docs/integrations.md promises. Skipped when the validator
# is not installed (scripts/setup --with-test-clients installs it).
#
# Usage: action_validate_test.sh SOURCE_DIR
set -euo pipefail

if (($# != 1)); then
  echo "usage: $0 SOURCE_DIR" >&2
  exit 2
fi
src="$(cd "$1" && pwd)"
validator="$src/tools/node_modules/.bin/action-validator"
if [[ ! -x "$validator" ]]; then
  echo "SKIPPED: $validator is not installed (scripts/setup --with-test-clients installs it)"
  exit 77
fi

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

validate() {  # validate FILE: the validator's verdict, its report shown
  local status=0
  (cd "$src" && "$validator" "$1") >"$tmp/report" 2>&1 || status=$?
  cat "$tmp/report"
  return "$status"
}
has() { grep -qE -e "$2" "$1"; }

check "action.yml is a valid action" validate action.yml
check "examples/github-workflow.yml is a valid workflow" validate examples/github-workflow.yml

# The validator does reject what is wrong (so a pass above means something):
# a composite run step without shell.
mkdir -p "$tmp/broken"
sed '0,/^      shell: bash$/{//d}' "$src/action.yml" >"$tmp/broken/action.yml"
check "the validator rejects a copy of action.yml with a step without shell" \
  bash -c "! (cd '$tmp/broken' && '$validator' action.yml) >/dev/null 2>&1"

action="$src/action.yml"
check "action.yml is a composite action" has "$action" '^  using: composite$'
for input in path current fail-on-warnings deny-gain max-access-changes sarif-file; do
  check "action.yml has the input $input" has "$action" "^  $input:$"
done
for output in errors warnings changes binary; do
  check "action.yml has the output $output" has "$action" "^  $output:$"
done
# No expression in a run script: inputs and step outputs reach the scripts
# through env: (an expression in a script is pasted into its text: script
# injection).
expressions_in_scripts() {  # prints each run-script line with ${{
  awk '
    /^ *run: *[|>]/ { match($0, /^ */); indent = RLENGTH; inrun = 1; next }
    /^ *run: .*\$\{\{/ { print FILENAME ":" NR ": " $0; found = 1; next }
    inrun && /^ *$/ { next }
    inrun { match($0, /^ */); if (RLENGTH <= indent) inrun = 0 }
    inrun && /\$\{\{/ { print FILENAME ":" NR ": " $0; found = 1 }
    END { exit found ? 0 : 1 }
  ' "$1"
}
check "no run script of action.yml contains an expression" bash -c "$(declare -f expressions_in_scripts); ! expressions_in_scripts '$action'"
sed 's/^\(        set -euo pipefail\)$/\1; echo "${{ inputs.path }}"/' "$action" >"$tmp/injected.yml"
check "(that check finds an expression in a script)" \
  bash -c "$(declare -f expressions_in_scripts); expressions_in_scripts '$tmp/injected.yml' >/dev/null"

workflow="$src/examples/github-workflow.yml"
check "the example checks out the whole history" has "$workflow" '^          fetch-depth: 0'
check "the example may write security events" has "$workflow" '^  security-events: write'
check "the example uses the action" has "$workflow" '^        uses: (YOUR-ORG/stagegate@COMMIT|\./)'
check "the example uploads the SARIF file" has "$workflow" 'uses: github/codeql-action/upload-sarif@'
check "the upload runs even when the check fails" has "$workflow" '^        if: always\(\)'

if ((failures > 0)); then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all checks passed"
