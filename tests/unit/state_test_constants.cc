// The state file's constants as ToolJet holds them (issue 22): "" is no
// value, written as a left-out environment is; a secret sharing its name
// with a global constant is keyed "secrets.NAME" and read back as the same
// two constants.
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "access/access.h"
#include "pipeline_support.h"
#include "state/state_json.h"
#include "state/state_reader.h"

namespace stagegate {
namespace {

std::string StateOf(const std::string& yaml) {
  return StateToJson(testing::Staged({{"a.yaml", yaml}}, testing::Pipeline().WithoutErrors()).matrix());
}

TEST_CASE("state file: \"\" and a left-out environment give the same bytes") {
  CHECK(StateOf(R"(version: 1
constants:
  A: {type: global, values: {development: a, staging: ""}}
  S: {type: secret, values: {development: {fromEnv: X}, production: ""}}
)") == StateOf(R"(version: 1
constants:
  A: {type: global, values: {development: a}}
  S: {type: secret, values: {development: {fromEnv: X}}}
)"));
}

TEST_CASE("state file: a global and a secret of one name, keyed apart, read back the same") {
  std::string state = StateOf(R"(version: 1
constants:
  DB: {type: global, values: {development: a}}
---
constants:
  DB: {type: secret, values: {development: {fromEnv: X}}}
)");
  CHECK(state.find(R"(    "DB": {
      "type": "global",)") != std::string::npos);
  CHECK(state.find(R"(    "secrets.DB": {
      "type": "secret",)") != std::string::npos);
  SourceSet sources;
  Diagnostics diags;
  Workspace ws;
  uint32_t id = sources.Add("state.json", state);
  REQUIRE(ReadState(sources.file(id).text(), id, &ws, diags));
  REQUIRE(diags.empty());
  REQUIRE(ws.constants.size() == 2);
  CHECK(ws.constants[0].name == "DB");
  CHECK(ws.constants[0].type == ConstantType::kGlobal);
  CHECK(ws.constants[1].name == "DB");
  CHECK(ws.constants[1].type == ConstantType::kSecret);
  CHECK(StateToJson(AccessMatrix::Compile(ws)) == state);
}

}  // namespace
}  // namespace stagegate
