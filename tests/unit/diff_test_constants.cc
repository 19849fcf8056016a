// The diff of constants as ToolJet holds them (issue 22): "" and a left-out
// environment are both no value (ToolJet stores '' for each) and never
// differ; a global and a secret of one name are two constants, paired by
// name and type, the secret keyed "secrets.NAME" as the state file keys it.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "diff_test_support.h"

namespace stagegate {
namespace {

using testing::DiffYaml;
using testing::EntityLines;
using Lines = std::vector<std::string>;

const std::string kHead = "version: 1\n";

TEST_CASE("constant diff: \"\" and a left-out environment are the same") {
  auto f = DiffYaml(kHead + R"(constants:
  A: {type: global, values: {development: a, staging: ""}}
  S: {type: secret, values: {development: {fromEnv: X}, production: ""}}
  E: {type: global}
)",
                    kHead + R"(constants:
  A: {type: global, values: {development: a}}
  S: {type: secret, values: {development: {fromEnv: X}}}
  E: {type: global, values: {development: "", staging: ""}}
)");
  CHECK(EntityLines(f.diff).empty());
}

TEST_CASE("constant diff: a global and a secret of one name are two constants") {
  const std::string global = R"(constants:
  DB: {type: global, values: {development: a}}
)";
  const std::string secret = R"(---
constants:
  DB: {type: secret, values: {development: {fromEnv: X}}}
)";
  SECTION("the same on both sides: no change") {
    CHECK(EntityLines(DiffYaml(kHead + global + secret, kHead + global + secret).diff).empty());
  }
  SECTION("a secret added beside the global one") {
    CHECK(EntityLines(DiffYaml(kHead + global, kHead + global + secret).diff) ==
          Lines{"+ constant secrets.DB", "  constants[\"secrets.DB\"].type: (absent) -> secret",
                "  constants[\"secrets.DB\"].values.development: (absent) -> fromEnv: X (secret)"});
  }
  SECTION("the global one removed, the secret kept") {
    CHECK(EntityLines(DiffYaml(kHead + global + secret, kHead + secret).diff) ==
          Lines{"- constant DB", "  constants.DB.type: global -> (absent)",
                "  constants.DB.values.development: a -> (absent)"});
  }
  SECTION("each changed on its own") {
    CHECK(EntityLines(DiffYaml(kHead + global + secret, kHead + R"(constants:
  DB: {type: global, values: {development: b}}
---
constants:
  DB: {type: secret, values: {development: {fromEnv: Y}}}
)")
                          .diff) == Lines{"~ constant DB", "  constants.DB.values.development: a -> b",
                                          "~ constant secrets.DB",
                                          "  constants[\"secrets.DB\"].values.development: fromEnv: X "
                                          "-> fromEnv: Y (secret)"});
  }
}

}  // namespace
}  // namespace stagegate
