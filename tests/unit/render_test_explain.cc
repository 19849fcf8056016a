// Tests of Explain and its renderings: exact text and JSON for typical
// answers (limited grant, end-user edit, owner, admin, disabled, not
// released), and agreement between every explanation and the matrix.
#include <catch2/catch.hpp>

#include <string>

#include "render/explain.h"
#include "access_support.h"

namespace stagegate {
namespace {

using testing::CompileYaml;

std::string Text(const testing::Staged& c, const std::string& user, const std::string& app,
                 ExplainFormatOptions options = {}) {
  return FormatExplanation(c.matrix(), c.loaded.sources,
                           Explain(c.matrix(), c.User(user), c.App(app)), options);
}

// Lines 1-9 are the same in every case below.
const char kHead[] = R"(version: 1
environments: [development, staging, production]
apps:
  payroll:
    owner: lee@x.io
    versions: [{name: v1, environment: production, status: released}]
  draft-app: {}
roles:
  builder: {apps: []}
)";

TEST_CASE("explain: a grant limited to staging (E1)") {
  auto c = CompileYaml(std::string(kHead) + R"(users:
  quinn@x.io: {role: builder}
groups:
  qa:
    members: [quinn@x.io]
    apps:
      - {apps: [payroll], permission: view, environments: [staging]}
      - {apps: "*", permission: edit, environments: [staging]}
)");
  REQUIRE(c->diags.error_count() == 0);
  CHECK(Text(*c, "quinn@x.io", "payroll") ==
        "quinn@x.io on app 'payroll' (builder; groups: qa)\n"
        "  development  none     not in the environments of any grant (R3)\n"
        "  staging      run      level edit from group 'qa' (a.yaml:17:9); staging from group 'qa' (a.yaml:16:9), group 'qa' (a.yaml:17:9) (R2, R3, R4)\n"
        "  production   none     not in the environments of any grant (R3)\n"
        "  released     none     not in the environments of any grant (R3)\n"
        "grants:\n"
        "  role 'builder' at a.yaml:9:3: no app grants\n"
        "  group 'qa' at a.yaml:16:9: view in staging\n"
        "  group 'qa' at a.yaml:17:9: edit in staging (all apps)\n");
}

// End-users: R5 (edit enforced as view), the end-user default of R3, and an
// app without a released version (R4).
const char kEndUsers[] = R"(users:
  eve@x.io: {role: end-user}
groups:
  testers:
    members: [eve@x.io]
    apps:
      - {apps: "*", permission: edit, environments: [development]}
      - {apps: [payroll, draft-app], permission: view}
)";

TEST_CASE("explain: an end-user granted edit (R5), released and not released") {
  auto c = CompileYaml(std::string(kHead) + kEndUsers);
  CHECK(Text(*c, "eve@x.io", "payroll") ==
        "eve@x.io on app 'payroll' (end-user; groups: testers)\n"
        "  development  preview  level edit from group 'testers' (a.yaml:16:9), enforced as view: end-users cannot edit; development from the same grant (R2, R3, R4, R5)\n"
        "  staging      none     not in the environments of any grant (R3)\n"
        "  production   none     not in the environments of any grant (R3)\n"
        "  released     use      level edit from group 'testers' (a.yaml:16:9), enforced as view: end-users cannot edit; released from role 'end-user' (built in), group 'testers' (a.yaml:17:9) (R2, R3, R4, R5)\n"
        "grants:\n"
        "  role 'end-user' (built in): view in released (all apps)\n"
        "  group 'testers' at a.yaml:16:9: edit in development (all apps)\n"
        "  group 'testers' at a.yaml:17:9: view in released (no environments: [released] for an end-user, R3)\n");
  CHECK(Text(*c, "eve@x.io", "draft-app") ==
        "eve@x.io on app 'draft-app' (end-user; groups: testers)\n"
        "  development  preview  level edit from group 'testers' (a.yaml:16:9), enforced as view: end-users cannot edit; development from the same grant (R2, R3, R4, R5)\n"
        "  staging      none     not in the environments of any grant (R3)\n"
        "  production   none     not in the environments of any grant (R3)\n"
        "  released     none     level edit from group 'testers' (a.yaml:16:9), enforced as view: end-users cannot edit; released from role 'end-user' (built in), group 'testers' (a.yaml:17:9); not released (R4)\n"
        "grants:\n"
        "  role 'end-user' (built in): view in released (all apps)\n"
        "  group 'testers' at a.yaml:16:9: edit in development (all apps)\n"
        "  group 'testers' at a.yaml:17:9: view in released (no environments: [released] for an end-user, R3)\n");
}

TEST_CASE("explain: owner, admin and disabled user") {
  auto c = CompileYaml(std::string(kHead) + R"(users:
  lee@x.io: {role: builder}
  ada@x.io: {role: admin}
  sam@x.io: {role: builder, disabled: true}
groups:
  devs:
    members: [lee@x.io, sam@x.io]
    apps: [{apps: "*", permission: view, environments: [development]}]
)");
  CHECK(Text(*c, "lee@x.io", "payroll") ==
        "lee@x.io on app 'payroll' (builder; groups: devs; owner)\n"
        "  development  edit     level edit from owner (a.yaml:5:12); development from owner (a.yaml:5:12), group 'devs' (a.yaml:17:12) (R2, R3, R4, R6)\n"
        "  staging      run      level edit from owner (a.yaml:5:12); staging from the same grant (R2, R3, R4, R6)\n"
        "  production   run      level edit from owner (a.yaml:5:12); production from the same grant (R2, R3, R4, R6)\n"
        "  released     use      level edit from owner (a.yaml:5:12); released from the same grant (R2, R3, R4, R6)\n"
        "grants:\n"
        "  owner at a.yaml:5:12: edit in every column (R6)\n"
        "  role 'builder' at a.yaml:9:3: no app grants\n"
        "  group 'devs' at a.yaml:17:12: view in development (all apps)\n");
  CHECK(Text(*c, "ada@x.io", "draft-app") ==
        "ada@x.io on app 'draft-app' (admin; no groups)\n"
        "  development  edit     admin: level edit in every column (R4, R6)\n"
        "  staging      run      admin: level edit in every column (R4, R6)\n"
        "  production   run      admin: level edit in every column (R4, R6)\n"
        "  released     none     admin: level edit in every column; not released (R4, R6)\n"
        "grants:\n"
        "  admin at a.yaml:12:20: edit in every column (R6)\n");
  CHECK(Text(*c, "sam@x.io", "payroll") ==
        "sam@x.io on app 'payroll' (builder, disabled; groups: devs)\n"
        "  development  none     disabled user (R7)\n"
        "  staging      none     disabled user (R7)\n"
        "  production   none     disabled user (R7)\n"
        "  released     none     disabled user (R7)\n"
        "grants:\n"
        "  role 'builder' at a.yaml:9:3: no app grants\n"
        "  group 'devs' at a.yaml:17:12: view in development (all apps)\n");
}

TEST_CASE("explain: the built-in roles, and --env shows one column") {
  auto c = CompileYaml(R"(version: 1
users:
  dana@x.io: {role: builder}
  eve@x.io: {role: end-user}
apps:
  payroll: {versions: [{name: v1, environment: production, status: released}]}
)");
  CHECK(Text(*c, "dana@x.io", "payroll") ==
        "dana@x.io on app 'payroll' (builder; no groups)\n"
        "  development  edit     level edit from role 'builder' (built in); development from the same grant (R2, R3, R4)\n"
        "  staging      run      level edit from role 'builder' (built in); staging from the same grant (R2, R3, R4)\n"
        "  production   run      level edit from role 'builder' (built in); production from the same grant (R2, R3, R4)\n"
        "  released     use      level edit from role 'builder' (built in); released from the same grant (R2, R3, R4)\n"
        "grants:\n"
        "  role 'builder' (built in): edit in every column (all apps; no environments: every column, R3)\n");
  ExplainFormatOptions released;
  released.column = 3;
  CHECK(Text(*c, "eve@x.io", "payroll", released) ==
        "eve@x.io on app 'payroll' (end-user; no groups)\n"
        "  released     use      level view from role 'end-user' (built in); released from the same grant (R2, R3, R4)\n"
        "grants:\n"
        "  role 'end-user' (built in): view in released (all apps)\n");
}

TEST_CASE("explain: a user without a valid role (already reported) has nothing") {
  auto c = CompileYaml("version: 1\nusers: {nemo@x.io: {name: Nemo}}\napps: {payroll: {}}\n");
  CHECK(Text(*c, "nemo@x.io", "payroll") ==
        "nemo@x.io on app 'payroll' (no valid role; no groups)\n"
        "  development  none     the user has no valid role\n"
        "  staging      none     the user has no valid role\n"
        "  production   none     the user has no valid role\n"
        "  released     none     the user has no valid role\n"
        "grants:\n"
        "  none\n");
}

TEST_CASE("explain: JSON has the same facts") {
  auto c = CompileYaml(std::string(kHead) + kEndUsers);
  ExplainFormatOptions staging;
  staging.column = 1;
  CHECK(ExplanationToJson(c->matrix(), c->loaded.sources,
                          Explain(c->matrix(), c->User("eve@x.io"), c->App("payroll")),
                          staging) == R"({
  "stagegate_explain": 1,
  "user": "eve@x.io",
  "app": "payroll",
  "role": "end-user",
  "disabled": false,
  "groups": ["testers"],
  "owner": false,
  "released": true,
  "level": "view",
  "columns": [
    {"column": "staging", "capability": "none", "rules": ["R3"], "level_from": [1], "columns_from": [], "note": "not in the environments of any grant"}
  ],
  "grants": [
    {"kind": "role", "name": "end-user", "location": null, "level": "view", "columns": ["released"], "all_apps": true, "environments_defaulted": false},
    {"kind": "group", "name": "testers", "location": "a.yaml:16:9", "level": "edit", "columns": ["development"], "all_apps": true, "environments_defaulted": false},
    {"kind": "group", "name": "testers", "location": "a.yaml:17:9", "level": "view", "columns": ["released"], "all_apps": false, "environments_defaulted": true}
  ]
}
)");
}

}  // namespace
}  // namespace stagegate
