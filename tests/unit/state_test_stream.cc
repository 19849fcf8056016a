// The state file is written as text, piece by piece, not through a JSON tree
// (state_json.cc, ProfileWriter): it must be exactly what the JSON library
// prints for the same document, and the pieces must add up to it.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pipeline_support.h"
#include "state/state_json.h"

namespace stagegate {
namespace {

// Many profiles (combinations of three groups with three roles), view and
// edit cells, a disabled owner, explicit and "*" grants, a non-ASCII app name.
std::string ManyProfiles() {
  const char* roles[] = {"admin", "builder", "end-user"};
  const char* combos[] = {"", "a", "b", "c", "ab", "ac", "bc", "abc"};
  std::string users, members[3];
  int n = 0;
  for (const char* role : roles) {
    for (const char* combo : combos) {
      std::string email = "u" + std::to_string(n) + "@x.io";
      users += "  " + email + ": {role: " + role + (n == 9 ? ", disabled: true" : "") + "}\n";
      for (const char* g = combo; *g != '\0'; ++g) {
        if (*g == 'b' && std::string(role) == "end-user") continue;  // b grants edit
        std::string& list = members[*g - 'a'];
        list += (list.empty() ? "" : ", ") + email;
      }
      ++n;
    }
  }
  return R"(version: 1
workspace: stream
roles:
  builder: {permissions: [appCreate], apps: [{apps: ["zürich-ops"], permission: view}]}
apps:
  payroll: {owner: u9@x.io, versions: [{name: v1, environment: production, status: released}]}
  "zürich-ops": {}
  inventory: {}
groups:
  a:
    members: [)" + members[0] + R"(]
    permissions: [appPromote]
    apps: [{apps: "*", permission: view, environments: [staging]}]
  b:
    members: [)" + members[1] + R"(]
    permissions: [appRelease]
    apps: [{apps: [payroll, inventory], permission: edit}]
  c:
    members: [)" + members[2] + R"(]
    apps: [{apps: [payroll], permission: view, environments: [released]}]
users:
)" + users;
}

TEST_CASE("state file: the streamed text is the JSON library's own pretty print") {
  std::vector<testing::Files> configs = {testing::NexoraFiles()};
  configs.push_back({{"a.yaml", ManyProfiles()}});
  for (const testing::Files& files : configs) {
    testing::Staged checked(files, testing::Pipeline().In("/cfg").WithoutErrors());
    std::string whole = StateToJson(checked.matrix());
    std::vector<std::string> pieces;
    StateToJson(checked.matrix(), [&](std::string_view p) { pieces.emplace_back(p); });
    std::string joined;
    for (const std::string& p : pieces) joined += p;
    CHECK(joined == whole);
    nlohmann::json parsed = nlohmann::json::parse(whole);
    CHECK(parsed.dump(2) + "\n" == whole);
    CHECK(parsed["access"]["profiles"].size() >= 6);
  }
}

}  // namespace
}  // namespace stagegate
