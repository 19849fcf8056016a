#!/usr/bin/env bash
# Integration test of scripts/build-binary, the build shared by the pre-commit
# hook and the GitHub Action: on a clean copy of the sources (the files git
# knows, no build tree), two runs started at once build stagegate exactly once
# (flock), the binary checks examples/nexora, and a later run finds it up to
# date without configuring or compiling anything.
#
# Usage: build_binary_test.sh SOURCE_DIR
set -euo pipefail

if (($# != 1)); then
  echo "usage: $0 SOURCE_DIR" >&2
  exit 2
fi
for tool in cmake ninja g++; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIPPED: $tool is not installed (scripts/setup installs the build dependencies)"
    exit 77
  fi
done

src="$(cd "$1" && pwd)"
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"


# A clean copy, never a build tree: the files git tracks, as committed (a
# consistent tree, whatever is in progress in the working tree), with the
# working tree's scripts/build-binary (the script under test, even before it
# is committed).
copy="$tmp/stagegate"
mkdir -p "$copy"
if git -C "$src" rev-parse --verify -q HEAD >/dev/null 2>&1; then
  git -C "$src" archive --format=tar HEAD | tar -C "$copy" -xf -
  mkdir -p "$copy/scripts"
  cp "$src/scripts/build-binary" "$copy/scripts/build-binary"
else
  tar -C "$src" --exclude='./build*' --exclude=./.git -cf - . | tar -C "$copy" -xf -
fi
check "the copy has scripts/build-binary" test -f "$copy/scripts/build-binary"
check "the copy has no build tree" test ! -e "$copy/build"

build_dir="$tmp/build"
binary="$build_dir/compiler/stagegate"

# 1. From scratch, two runs at once: one builds, the other waits for it.
start=$SECONDS
bash "$copy/scripts/build-binary" "$build_dir" >"$tmp/out1" 2>"$tmp/err1" & pid1=$!
bash "$copy/scripts/build-binary" "$build_dir" >"$tmp/out2" 2>"$tmp/err2" & pid2=$!
status1=0 status2=0
wait "$pid1" || status1=$?
wait "$pid2" || status2=$?
echo "first runs took $((SECONDS - start))s"
cat "$tmp/err1" "$tmp/err2"
check "the first run exits 0 (got $status1)" test "$status1" -eq 0
check "the concurrent run exits 0 (got $status2)" test "$status2" -eq 0
check "the first run prints the binary's path" grep -qxF -e "$binary" "$tmp/out1"
check "the concurrent run prints the binary's path" grep -qxF -e "$binary" "$tmp/out2"
builds="$(cat "$tmp/err1" "$tmp/err2" | grep -c '^stagegate build: building stagegate' || true)"
check "exactly one of the two runs built (got $builds builds)" test "$builds" -eq 1
check "the other one reported the binary up to date" \
  grep -qF "stagegate build: up to date: $binary" "$tmp/err1" "$tmp/err2"
check "the build log is kept in the build directory" test -s "$build_dir/build.log"
check "it is a Release build without tests" \
  grep -qx 'CMAKE_BUILD_TYPE:STRING=Release' "$build_dir/CMakeCache.txt"
check "no test target was configured" test ! -e "$build_dir/tests"

# 2. The binary works.
status=0
(cd "$copy" && "$binary" check --color never examples/nexora) >"$tmp/check.txt" 2>&1 || status=$?
cat "$tmp/check.txt"
check "the binary checks examples/nexora (exit $status)" test "$status" -eq 0
check "examples/nexora is valid" grep -q '^examples/nexora: valid' "$tmp/check.txt"

# 3. A second run does not rebuild: nothing is configured or compiled, the
#    binary and the log stay as they were.
before="$(stat -c '%Y %s' "$binary" "$build_dir/build.log" "$build_dir/build.ninja")"
status=0
bash "$copy/scripts/build-binary" "$build_dir" >"$tmp/out3" 2>"$tmp/err3" || status=$?
cat "$tmp/err3"
check "the second run exits 0 (got $status)" test "$status" -eq 0
check "the second run prints the binary's path" grep -qxF -e "$binary" "$tmp/out3"
check "the second run reports the binary up to date" \
  grep -qxF "stagegate build: up to date: $binary" "$tmp/err3"
check "the second run does not build" bash -c "! grep -q 'building' '$tmp/err3'"
check "the binary, the log and build.ninja are untouched" \
  test "$before" = "$(stat -c '%Y %s' "$binary" "$build_dir/build.log" "$build_dir/build.ninja")"

# 4. --status says whether a build is needed, without building.
status=0
bash "$copy/scripts/build-binary" --status "$build_dir" >"$tmp/status.txt" || status=$?
check "--status on the fresh build exits 0 (got $status)" test "$status" -eq 0
check "--status prints the binary's path" grep -qxF -e "$binary" "$tmp/status.txt"
echo "// changed" >>"$copy/compiler/main.cc"
status=0
bash "$copy/scripts/build-binary" --status "$build_dir" >/dev/null || status=$?
check "--status after a source change exits 1 (got $status)" test "$status" -eq 1
status=0
bash "$copy/scripts/build-binary" --status "$tmp/no-such-build" >/dev/null || status=$?
check "--status on a missing build directory exits 1 (got $status)" test "$status" -eq 1
check "--status does not create the build directory" test ! -e "$tmp/no-such-build"

# 5. Usage errors exit 2 and say what is expected.
status=0
bash "$copy/scripts/build-binary" >/dev/null 2>"$tmp/usage.txt" || status=$?
check "no BUILD_DIR exits 2 (got $status)" test "$status" -eq 2
check "the usage error says what is expected" grep -q 'expected one BUILD_DIR' "$tmp/usage.txt"

# 6. A missing tool is named, with the packages to install; exit 3.
mkdir -p "$tmp/bin"
for tool in bash dirname find sort xargs sha256sum cut mkdir cat rm sed tail flock dpkg-query ninja c++ g++; do
  if command -v "$tool" >/dev/null 2>&1; then
    ln -s "$(command -v "$tool")" "$tmp/bin/$tool"
  fi
done
status=0
PATH="$tmp/bin" bash "$copy/scripts/build-binary" "$tmp/build-without-cmake" >/dev/null 2>"$tmp/nocmake.txt" ||
  status=$?
cat "$tmp/nocmake.txt"
check "without cmake the build exits 3 (got $status)" test "$status" -eq 3
check "it says cmake is missing" \
  grep -qxF "stagegate build: cannot build stagegate: 'cmake' is not installed" "$tmp/nocmake.txt"
check "it names the packages to install" \
  grep -qF "sudo apt-get install cmake ninja-build g++ libyaml-cpp-dev" "$tmp/nocmake.txt"

if ((failures > 0)); then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all checks passed"
