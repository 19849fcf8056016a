#!/usr/bin/env bash
# scripts/demo, the README's first command: it builds only what it runs (the
# stagegate binary, not the tests) and checks examples/nexora with it. Run on
# a copy of the scripts and the example, with a `cmake` on PATH that records
# how it is called and, for the build, puts the real binary where the build
# would; nothing is compiled and the checkout's build/ is not touched.
#
# usage: demo_test.sh SOURCE_DIR STAGEGATE_BINARY
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
src="$(cd "$1" && pwd)"
binary="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"

checkout="$tmp/checkout"
mkdir -p "$checkout/scripts" "$checkout/examples" "$tmp/bin"
cp "$src/scripts/setup" "$src/scripts/demo" "$checkout/scripts/"
cp -r "$src/examples/nexora" "$checkout/examples/"
cat >"$tmp/bin/cmake" <<STUB
#!/usr/bin/env bash
echo "cmake \$*" >>"$tmp/cmake.log"
if [[ "\$1" == --build ]]; then
  mkdir -p build/compiler
  ln -sf "$binary" build/compiler/stagegate
fi
STUB
chmod +x "$tmp/bin/cmake"

status=0
PATH="$tmp/bin:$PATH" bash "$checkout/scripts/demo" >"$tmp/out" 2>&1 || status=$?
cat "$tmp/out"
echo "--- cmake was called as:"
cat "$tmp/cmake.log"

check "the demo succeeds (exit $status)" test "$status" -eq 0
check "it builds only the stagegate target" \
  grep -qxF "cmake --build build --target stagegate" "$tmp/cmake.log"
check "it builds nothing else" test "$(grep -c -- '--build' "$tmp/cmake.log")" -eq 1
check "it compiles in batches (STAGEGATE_UNITY=ON)" grep -qF -- "-DSTAGEGATE_UNITY=ON" "$tmp/cmake.log"
check "it checks examples/nexora" grep -qF "==> stagegate check examples/nexora" "$tmp/out"
check "the example is valid" grep -qE "^examples/nexora: valid" "$tmp/out"
check "it prints the matrix" grep -qF "==> stagegate compile examples/nexora" "$tmp/out"

if ((failures > 0)); then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all checks passed"
