# Shared by the integration test scripts (source it after `set -euo pipefail`):
# a temporary directory removed on exit, a pass/fail checker, and the exit
# code CTest reads as "skipped" (SKIP_RETURN_CODE 77 in each *.cmake).

# $tmp: a fresh directory, removed when the script exits.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# check DESCRIPTION COMMAND...: runs COMMAND; prints "ok: DESCRIPTION" or
# "FAILED: DESCRIPTION" and counts the failure in $failures.
failures=0
check() {
  local description="$1"
  shift
  if "$@"; then
    echo "ok: $description"
  else
    echo "FAILED: $description"
    failures=$((failures + 1))
  fi
}

# skip MESSAGE: the test cannot run here (a client is missing).
skip() {
  echo "SKIPPED: $*"
  exit 77
}

# abs_path PATH: PATH made absolute (its directory must exist).
abs_path() {
  echo "$(cd "$(dirname -- "$1")" && pwd)/$(basename -- "$1")"
}

# git_quiet ARGS...: git with a fixed identity and branch name, quiet.
git_quiet() {
  git -c user.name=test -c user.email=test@example.invalid -c init.defaultBranch=main "$@" \
    >/dev/null 2>&1
}

# source_and_binary "$@": the usual two arguments, SOURCE_DIR and
# STAGEGATE_BINARY, as absolute paths in $src and $stagegate.
source_and_binary() {
  if (($# != 2)); then
    echo "usage: $0 SOURCE_DIR STAGEGATE_BINARY" >&2
    exit 2
  fi
  src="$(cd "$1" && pwd)"
  stagegate="$(abs_path "$2")"
}
