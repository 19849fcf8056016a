// docs/diagnostics.md and codes.def stay in step: every code is documented
// (as a "### `code`" heading with its meaning and an example), and the page
// documents no code that does not exist.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "source/diagnostic.h"

namespace stagegate {
namespace {

TEST_CASE("docs/diagnostics.md documents exactly the codes stagegate emits") {
  std::ifstream in(std::string(STAGEGATE_SOURCE_DIR) + "/docs/diagnostics.md");
  REQUIRE(in.good());
  std::set<std::string> documented;
  std::string line;
  const std::regex heading("^### `([a-z0-9-]+)`$");
  std::smatch m;
  std::stringstream all;
  while (std::getline(in, line)) {
    all << line << "\n";
    if (std::regex_match(line, m, heading)) documented.insert(m[1]);
  }
  std::set<std::string> codes;
  for (Code c : AllCodes()) codes.insert(std::string(CodeName(c)));
  for (const auto& c : codes) {
    INFO("code missing from docs/diagnostics.md: " << c);
    CHECK(documented.count(c) == 1);
  }
  for (const auto& d : documented) {
    INFO("docs/diagnostics.md documents an unknown code: " << d);
    CHECK(codes.count(d) == 1);
  }
  // Each entry shows an example of the exact output, tagged with its code,
  // except codes no command can currently produce (each with the reason).
  const std::set<std::string> no_example = {
      // P5 checks the desired configuration, where checks already require every
      // data source and constant in every environment (incomplete-environments),
      // so a valid configuration never reaches it (open question, issue 4).
      "step-blocked",
  };
  for (const auto& c : codes) {
    INFO("no example output for " << c);
    CHECK((all.str().find("[" + c + "]") != std::string::npos) != (no_example.count(c) == 1));
  }
}

}  // namespace
}  // namespace stagegate
