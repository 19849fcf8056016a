#!/usr/bin/env bash
# README.md and docs/integrations.md show the complete example workflow: in
# each, the yaml block after the line `<!-- examples/github-workflow.yml -->`
# must be exactly examples/github-workflow.yml.
#
# Usage: action_docs_test.sh SOURCE_DIR
set -euo pipefail

if (($# != 1)); then
  echo "usage: $0 SOURCE_DIR" >&2
  exit 2
fi
src="$(cd "$1" && pwd)"
example="$src/examples/github-workflow.yml"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

failed=0
for doc in README.md docs/integrations.md; do
  # The fenced block right after the marker line (a blank line between them is
  # allowed).
  awk '
    state == 0 && $0 == "<!-- examples/github-workflow.yml -->" { state = 1; next }
    state == 1 && $0 == "" { next }
    state == 1 && $0 == "```yaml" { state = 2; next }
    state == 1 { exit 1 }
    state == 2 && $0 == "```" { state = 3; exit }
    state == 2 { print }
    END { if (state != 3) exit 1 }
  ' "$src/$doc" >"$tmp/block.yml" || {
    echo "FAILED: $doc has no \`\`\`yaml block right after the line '<!-- examples/github-workflow.yml -->'"
    failed=1
    continue
  }
  if ! diff -u --label examples/github-workflow.yml --label "$doc (workflow block)" \
      "$example" "$tmp/block.yml"; then
    echo "FAILED: the workflow in $doc differs from examples/github-workflow.yml;"
    echo "copy examples/github-workflow.yml into the block after '<!-- examples/github-workflow.yml -->'"
    failed=1
    continue
  fi
  echo "ok: $doc shows examples/github-workflow.yml as it is"
done
exit "$failed"
