// Skipping a test that cannot run here. Catch2 v2 has no skip of its own: the
// test prints "SKIPPED: why" and returns, and CTest reports it as skipped, not
// passed (SKIP_REGULAR_EXPRESSION, set for every Catch2 test in
// tests/CMakeLists.txt), as docs/development.md promises.
#ifndef STAGEGATE_TESTS_SKIP_H_
#define STAGEGATE_TESTS_SKIP_H_

#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>

namespace stagegate::testing {

// Whether `tool` is a command on PATH.
inline bool Installed(const std::string& tool) {
  return std::system(("command -v '" + tool + "' >/dev/null 2>&1").c_str()) == 0;
}

}  // namespace stagegate::testing

// Ends the test as skipped; `why` is streamed, as for Catch2's WARN.
#define STAGEGATE_SKIP(why)      \
  do {                           \
    WARN("SKIPPED: " << why);    \
    return;                      \
  } while (false)

// Skips the test unless `tool` is installed.
#define STAGEGATE_REQUIRE_TOOL(tool)                                          \
  do {                                                                        \
    if (!::stagegate::testing::Installed(tool)) {                             \
      STAGEGATE_SKIP(tool << " is not installed (scripts/setup installs it)"); \
    }                                                                         \
  } while (false)

#endif  // STAGEGATE_TESTS_SKIP_H_
