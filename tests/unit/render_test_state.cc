// The state file (compile --format json): its shape, that a reader following
// docs/state-file.md finds exactly what the matrix computes for every
// (user, app, column), that no secret value is ever written, and that the
// bytes do not depend on file order or split.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pipeline_support.h"
#include "state/state_json.h"

namespace stagegate {
namespace {

using nlohmann::json;
using testing::Files;
using testing::Staged;

// The whole pipeline on `files` in /cfg. With errors allowed, the matrix is
// compiled even though the pipeline found errors (compile would refuse).
Staged CompileFiles(const Files& files, bool allow_errors = false) {
  testing::StageOptions options = testing::Pipeline().In("/cfg");
  options.errors_allowed = options.despite_errors = allow_errors;
  return Staged(files, options);
}

// Edge cases of the rules: an owner overlay (R6) that adds promote, a
// disabled owner (R7), an explicit grant with `environments: []`, an
// unreleased app, the end-user default (R3), explicit data source cells.
const char kAcme[] = R"(version: 1
workspace: acme
environments: [dev, qa, prod]
roles:
  builder:
    permissions: [appCreate]
    apps: []
    dataSources: [{dataSources: "*", permission: use}]
  end-user:
    permissions: []
    apps: [{apps: "*", permission: view}]
users:
  root@acme.io: {name: Root, role: admin}
  bo@acme.io: {name: Bo, role: builder}
  Cy@acme.io: {name: Cy, role: builder}
  di@acme.io: {role: builder, disabled: true}
  ed@acme.io: {role: end-user}
  fa@acme.io: {role: end-user}
groups:
  leads:
    members: [bo@acme.io]
    permissions: [appPromote, appRelease]
    apps: [{apps: "*", permission: edit}]
  narrow:
    description: a bit of everything
    members: [cy@acme.io, di@acme.io]
    permissions: [appPromote]
    apps:
      - {apps: [alpha], permission: view, environments: [dev]}
      - {apps: [beta], permission: edit, environments: [qa]}
      - {apps: [gamma], permission: edit, environments: []}
    dataSources:
      - {dataSources: [db], permission: configure}
  readers:
    members: [fa@acme.io]
    apps:
      - {apps: [beta], permission: view, environments: [qa, released], hideFromDashboard: true}
dataSources:
  db:
    kind: postgresql
    environments:
      dev: {host: dev.acme.io, port: 5432, ssl: false, ratio: 1.5, note: "5432"}
      qa: {host: qa.acme.io, port: 5432}
      prod: {host: prod.acme.io, port: 5432}
apps:
  alpha:
    owner: Cy@acme.io
    dataSources: [db]
    versions: [{name: v1, environment: prod, status: released}]
  beta:
    owner: di@acme.io
    versions: [{name: v2, environment: qa, status: published}, {name: v1, environment: prod, status: released}]
  gamma:
    versions: [{name: v1, environment: dev, status: draft}]
)";

bool Contains(const json& list, const json& value) {
  for (const json& item : list) {
    if (item == value) return true;
  }
  return false;
}

// Follows docs/state-file.md ("Finding what X can do on Y") for every user,
// app and column, workspace permission and data source, and compares with
// the matrix.
void CheckReaderAgrees(const AccessMatrix& m, const json& state) {
  const Workspace& ws = m.workspace();
  const json& access = state["access"];
  REQUIRE(access["columns"].size() == m.column_count());
  for (uint32_t u = 0; u < ws.users.size(); ++u) {
    const std::string& key = ws.users[u].key;
    const json& entry = access["users"][key];
    const json& profile = access["profiles"][entry["profile"].get<size_t>()];
    for (uint32_t a = 0; a < ws.apps.size(); ++a) {
      const std::string& app = ws.apps[a].name;
      INFO(key << " on " << app);
      bool is_default = false;
      const json* cell;
      if (entry.contains("owns") && entry["owns"].contains(app)) {
        cell = &entry["owns"][app];
      } else if (profile["apps"].contains(app)) {
        cell = &profile["apps"][app];
      } else {
        cell = &profile["default"];
        is_default = true;
      }
      for (size_t c = 0; c < m.column_count(); ++c) {
        std::string column(m.ColumnName(c));
        std::string cap = (*cell)["capabilities"][column];
        if (is_default && column == "released" && !access["apps"][app]["released"].get<bool>()) {
          cap = "none";  // R4: the default cell assumes a released app
        }
        INFO("column " << column);
        CHECK(cap == CapabilityName(m.At(u, a, c)));
      }
      CHECK((*cell)["promote"].get<bool>() == m.CanPromote(u, a));
      CHECK((*cell)["release"].get<bool>() == m.CanRelease(u, a));
      for (const char* action : {"promote", "release"}) {
        const json& who = access["apps"][app][action];
        bool listed = Contains(access["everyApp"][action], entry["profile"]) ||
                      Contains(who["profiles"], entry["profile"]) || Contains(who["users"], key);
        bool can = std::string(action) == "promote" ? m.CanPromote(u, a) : m.CanRelease(u, a);
        INFO(action);
        CHECK(listed == can);
      }
      CHECK(access["apps"][app]["released"].get<bool>() == m.Released(a));
    }
    for (int p = 0; p < kWorkspacePermissionCount; ++p) {
      auto permission = static_cast<WorkspacePermission>(p);
      INFO(key << " " << WorkspacePermissionName(permission));
      CHECK(Contains(profile["permissions"], std::string(WorkspacePermissionName(permission))) ==
            m.HasPermission(u, permission));
    }
    for (uint32_t d = 0; d < ws.data_sources.size(); ++d) {
      const std::string& name = ws.data_sources[d].name;
      const json& ds = profile["dataSources"];
      std::string level = ds["named"].contains(name) ? ds["named"][name] : ds["default"];
      std::optional<DataSourceLevel> expected = m.DataSourceAccess(u, d);
      INFO(key << " on data source " << name);
      CHECK(level == (expected ? std::string(DataSourceLevelName(*expected)) : "none"));
    }
  }
}

TEST_CASE("state: a reader following the documented lookup finds the matrix (nexora)") {
  Staged c = CompileFiles(testing::NexoraFiles());
  CheckReaderAgrees(c.matrix(), json::parse(StateToJson(c.matrix())));
}

TEST_CASE("state: a reader following the documented lookup finds the matrix (edge cases)") {
  Staged c = CompileFiles({{"acme.yaml", kAcme}});
  json state = json::parse(StateToJson(c.matrix()));
  CheckReaderAgrees(c.matrix(), state);
  // The owner overlay is what lets Cy promote alpha (view in dev from 'narrow').
  CHECK(state["access"]["apps"]["alpha"]["promote"]["users"] == json::array({"cy@acme.io"}));
  CHECK(state["access"]["users"]["cy@acme.io"]["owns"]["alpha"]["level"] == "edit");
  // A disabled owner owns nothing usable.
  CHECK(state["access"]["users"]["di@acme.io"]["owns"]["beta"]["level"] == "none");
  CHECK(state["access"]["everyApp"]["promote"].size() == 2);  // admin, leads
}

TEST_CASE("state: configuration entities in canonical form") {
  Staged c = CompileFiles({{"acme.yaml", kAcme}});
  std::string text = StateToJson(c.matrix());
  json state = json::parse(text);
  CHECK(state["stagegate_state"] == 1);
  CHECK(text.back() == '\n');
  CHECK(state.dump(2) + "\n" == text);  // keys sorted, two-space indent
  CHECK(state["workspace"] == json::parse(R"({"name": "acme", "environments": ["dev", "qa", "prod"],
                        "versionRules": "default"})"));
  CHECK(state["users"]["cy@acme.io"] ==
        json::parse(
            R"({"email": "Cy@acme.io", "name": "Cy", "role": "builder", "disabled": false})"));
  // `environments: []` is kept; no `environments` is left out (R3 default).
  CHECK(state["groups"]["narrow"]["apps"] == json::parse(R"([
    {"apps": ["alpha"], "environments": ["dev"], "hideFromDashboard": false, "permission": "view"},
    {"apps": ["beta"], "environments": ["qa"], "hideFromDashboard": false, "permission": "edit"},
    {"apps": ["gamma"], "environments": [], "hideFromDashboard": false, "permission": "edit"}])"));
  CHECK(state["groups"]["narrow"]["members"] == json::array({"cy@acme.io", "di@acme.io"}));
  CHECK(state["groups"]["readers"]["apps"][0]["environments"] == json::array({"qa", "released"}));
  CHECK(state["roles"]["end-user"]["apps"] ==
        json::parse(R"([{"apps": "*", "hideFromDashboard": false, "permission": "view"}])"));
  CHECK(state["roles"]["builder"]["configured"] == true);
  // Option values keep the YAML type: 5432 a number, "5432" a string.
  CHECK(state["dataSources"]["db"]["environments"]["dev"] ==
        json::parse(R"({"host": "dev.acme.io", "port": 5432, "ssl": false, "ratio": 1.5,
                        "note": "5432"})"));
  CHECK(state["apps"]["beta"] == json::parse(R"({"owner": "di@acme.io", "dataSources": [],
    "constants": [], "versions": {"v1": {"environment": "prod", "status": "released"},
                                  "v2": {"environment": "qa", "status": "published"}}})"));
  CHECK(state["apps"]["gamma"]["owner"] == nullptr);
}

TEST_CASE("state: profiles are shared and in canonical order") {
  Staged c = CompileFiles({{"acme.yaml", kAcme}});
  json profiles = json::parse(StateToJson(c.matrix()))["access"]["profiles"];
  std::vector<std::string> summary;
  for (const json& p : profiles) {
    summary.push_back(p["role"].get<std::string>() +
                      (p["disabled"].get<bool>() ? " disabled " : " ") + p["groups"].dump());
  }
  CHECK(summary == std::vector<std::string>{"admin []", "builder [\"leads\"]",
                                            "builder [\"narrow\"]", "builder disabled [\"narrow\"]",
                                            "end-user []", "end-user [\"readers\"]"});
  // R7: a disabled profile keeps its groups but holds nothing.
  CHECK(profiles[3]["permissions"] == json::array());
  CHECK(profiles[3]["apps"] == json::object());
  CHECK(profiles[3]["dataSources"] == json::parse(R"({"default": "none", "named": {}})"));
  // R6: the admin profile holds everything.
  CHECK(profiles[0]["permissions"].size() == kWorkspacePermissionCount);
  CHECK(profiles[0]["dataSources"]["default"] == "configure");
}

const char kSecrets[] = R"(version: 1
constants:
  PW:
    type: secret
    values:
      development: {fromEnv: ACME_DEV_PW}
      staging: {fromEnv: ACME_STG_PW}
      production: {fromEnv: ACME_PROD_PW}
dataSources:
  db:
    kind: postgresql
    environments:
      development: {host: a, password: "{{secrets.PW}}", api_key: "{{secrets.PW}}"}
      staging: {host: b, password: "{{secrets.PW}}", api_key: "{{secrets.PW}}"}
      production: {host: c, password: "{{secrets.PW}}", api_key: "{{secrets.PW}}"}
)";

TEST_CASE("state: secrets appear only as references") {
  setenv("ACME_DEV_PW", "hunter2-from-the-environment", 1);
  Staged c = CompileFiles({{"s.yaml", kSecrets}});
  std::string text = StateToJson(c.matrix());
  unsetenv("ACME_DEV_PW");
  json state = json::parse(text);
  CHECK(state["constants"]["PW"] == json::parse(R"({"type": "secret", "values": {
    "development": {"fromEnv": "ACME_DEV_PW"}, "production": {"fromEnv": "ACME_PROD_PW"},
    "staging": {"fromEnv": "ACME_STG_PW"}}})"));
  CHECK(state["dataSources"]["db"]["environments"]["staging"] ==
        json::parse(R"({"host": "b", "password": "{{secrets.PW}}", "api_key": "{{secrets.PW}}"})"));
  CHECK(text.find("hunter2") == std::string::npos);
}

TEST_CASE("state: even a configuration with plaintext secrets never writes them") {
  // compile refuses this (errors); the renderer must still not leak anything.
  Staged c = CompileFiles({{"s.yaml", R"(version: 1
constants:
  PW:
    type: secret
    values: {development: hunter2-plain, staging: hunter3-plain, production: {fromEnv: P}}
dataSources:
  db:
    kind: postgresql
    environments:
      development: {password: swordfish-literal, client_secret: 12345678}
      staging: {password: "{{secrets.PW}}"}
      production: {password: "{{secrets.PW}}"}
)"}},
                            /*allow_errors=*/true);
  REQUIRE(c.diags.error_count() > 0);
  std::string text = StateToJson(c.matrix());
  for (const char* secret : {"hunter2", "hunter3", "swordfish", "12345678"}) {
    INFO(secret);
    CHECK(text.find(secret) == std::string::npos);
  }
  json state = json::parse(text);
  CHECK(state["constants"]["PW"]["values"]["development"] == json::parse(R"({"withheld": true})"));
  CHECK(state["dataSources"]["db"]["environments"]["development"]["password"] ==
        json::parse(R"({"withheld": true})"));
}

TEST_CASE("state: the same bytes whatever the file order, split or run") {
  const std::string config = kAcme;
  size_t users = config.find("users:");
  size_t groups = config.find("groups:");
  size_t apps = config.find("apps:\n  alpha");
  std::string head = config.substr(0, users);
  std::string user_part = config.substr(users, groups - users);
  std::string group_part = config.substr(groups, apps - groups);
  std::string app_part = config.substr(apps);
  std::string expected = StateToJson(CompileFiles({{"acme.yaml", kAcme}}).matrix());
  CHECK(StateToJson(CompileFiles({{"acme.yaml", kAcme}}).matrix()) == expected);
  CHECK(StateToJson(CompileFiles({{"z.yaml", head},
                                   {"a.yaml", app_part},
                                   {"m/users.yml", user_part},
                                   {"b.yaml", group_part}})
                         .matrix()) == expected);
  CHECK(StateToJson(CompileFiles({{"all.yaml", app_part + "---\n" + group_part + "---\n" +
                                                    user_part + "---\n" + head}})
                         .matrix()) == expected);
}

}  // namespace
}  // namespace stagegate
