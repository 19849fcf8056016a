// Table-driven tests of semantics.md R1-R12, each rule with positive and
// negative cases, plus robustness to unknown references.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "access_support.h"

namespace stagegate {
namespace {

using testing::CompileYaml;
using testing::Row;

// payroll is released, inventory is not; `rest` adds users, groups, roles.
std::string Base(const std::string& rest) {
  return "version: 1\n"
         "environments: [development, staging, production]\n"
         "dataSources:\n"
         "  db: {kind: postgresql, environments: {development: {}, staging: {}, production: {}}}\n"
         "  api: {kind: restapi, environments: {development: {}, staging: {}, production: {}}}\n"
         "apps:\n"
         "  payroll:\n"
         "    versions: [{name: v1, environment: production, status: released}]\n"
         "  inventory:\n"
         "    versions: [{name: v1, environment: production, status: published}]\n" +
         rest;
}

struct RowCase {
  const char* name;
  std::string yaml;  // after Base
  const char* user;
  const char* app;
  Row expected;
};

void RunRows(const std::vector<RowCase>& cases) {
  for (const RowCase& c : cases) {
    INFO(c.name);
    auto m = CompileYaml(Base(c.yaml));
    REQUIRE(m->diags.error_count() == 0);
    CHECK(m->Row(c.user, c.app) == c.expected);
  }
}

// A builder with no role grants in group g (the given grants).
std::string Group(const std::string& user, const std::string& role, const std::string& apps) {
  return "roles: {builder: {apps: []}, end-user: {apps: []}}\n"
         "users: {" +
         user + ": {role: " + role +
         "}}\n"
         "groups:\n  g:\n    members: [" +
         user + "]\n    apps: " + apps + "\n";
}

TEST_CASE("R1: the capability combines the app level with environment access") {
  RunRows({
      {"view in staging -> preview",
       Group("u@x.io", "builder", "[{apps: [payroll], permission: view, environments: [staging]}]"),
       "u@x.io",
       "payroll",
       {"none", "preview", "none", "none"}},
      {"edit in staging -> run",
       Group("u@x.io", "builder", "[{apps: [payroll], permission: edit, environments: [staging]}]"),
       "u@x.io",
       "payroll",
       {"none", "run", "none", "none"}},
      {"a level without environments ([]) -> nothing",
       Group("u@x.io", "builder", "[{apps: [payroll], permission: edit, environments: []}]"),
       "u@x.io",
       "payroll",
       {"none", "none", "none", "none"}},
  });
}

TEST_CASE("R2: edit beats view over all grants reaching the user") {
  RunRows({
      {"view everywhere + edit [production] -> edit level everywhere",
       Group("u@x.io", "builder",
             "[{apps: [payroll], permission: view}, {apps: [payroll], permission: edit, "
             "environments: [production]}]"),
       "u@x.io",
       "payroll",
       {"edit", "run", "run", "use"}},
      {"view only -> preview",
       Group("u@x.io", "builder", "[{apps: [payroll], permission: view}]"),
       "u@x.io",
       "payroll",
       {"preview", "preview", "preview", "use"}},
      {"edit on another app does not count",
       Group("u@x.io", "builder",
             "[{apps: [inventory], permission: edit}, {apps: [payroll], permission: view}]"),
       "u@x.io",
       "payroll",
       {"preview", "preview", "preview", "use"}},
      {"\"*\" edit combines with an explicit view",
       Group("u@x.io", "builder",
             "[{apps: \"*\", permission: edit, environments: [staging]}, {apps: [payroll], "
             "permission: view, environments: [development]}]"),
       "u@x.io",
       "payroll",
       {"edit", "run", "none", "none"}},
      {"no grant -> none",
       Group("u@x.io", "builder", "[{apps: [inventory], permission: edit}]"),
       "u@x.io",
       "payroll",
       {"none", "none", "none", "none"}},
  });
}

TEST_CASE("R3: environment access is the union, defaults, explicit empty") {
  RunRows({
      {"union of two groups' environments",
       "roles: {builder: {apps: []}}\nusers: {u@x.io: {role: builder}}\ngroups:\n"
       "  a: {members: [u@x.io], apps: [{apps: [payroll], permission: view, environments: "
       "[development]}]}\n"
       "  b: {members: [u@x.io], apps: [{apps: [payroll], permission: view, environments: "
       "[production]}]}\n",
       "u@x.io",
       "payroll",
       {"preview", "none", "preview", "none"}},
      {"builder grant without environments -> every column",
       Group("u@x.io", "builder", "[{apps: [payroll], permission: view}]"),
       "u@x.io",
       "payroll",
       {"preview", "preview", "preview", "use"}},
      {"end-user grant without environments -> [released]",
       Group("u@x.io", "end-user", "[{apps: [payroll], permission: view}]"),
       "u@x.io",
       "payroll",
       {"none", "none", "none", "use"}},
      {"explicit empty environments -> nothing",
       Group("u@x.io", "builder", "[{apps: [payroll], permission: view, environments: []}]"),
       "u@x.io",
       "payroll",
       {"none", "none", "none", "none"}},
      {"unknown environment names are ignored",
       Group("u@x.io", "builder",
             "[{apps: [payroll], permission: view, environments: [qa, staging]}]"),
       "u@x.io",
       "payroll",
       {"none", "preview", "none", "none"}},
      {"released only",
       Group("u@x.io", "builder",
             "[{apps: [payroll], permission: edit, environments: [released]}]"),
       "u@x.io",
       "payroll",
       {"none", "none", "none", "use"}},
  });
}

TEST_CASE("R4: first environment edit, later run, preview for view, released use") {
  RunRows({
      {"edit everywhere",
       Group("u@x.io", "builder", "[{apps: [payroll], permission: edit}]"),
       "u@x.io",
       "payroll",
       {"edit", "run", "run", "use"}},
      {"view everywhere",
       Group("u@x.io", "builder", "[{apps: [payroll], permission: view}]"),
       "u@x.io",
       "payroll",
       {"preview", "preview", "preview", "use"}},
      {"not released -> released none",
       Group("u@x.io", "builder", "[{apps: [inventory], permission: edit}]"),
       "u@x.io",
       "inventory",
       {"edit", "run", "run", "none"}},
      {"edit in production only -> run",
       Group("u@x.io", "builder",
             "[{apps: [payroll], permission: edit, environments: [production]}]"),
       "u@x.io",
       "payroll",
       {"none", "none", "run", "none"}},
  });
}

TEST_CASE("R5: an end-user never holds edit") {
  RunRows({
      {"end-user with edit [development] -> preview",
       Group("u@x.io", "end-user",
             "[{apps: [payroll], permission: edit, environments: [development]}]"),
       "u@x.io",
       "payroll",
       {"preview", "none", "none", "none"}},
      {"builder with the same grant -> edit",
       Group("u@x.io", "builder",
             "[{apps: [payroll], permission: edit, environments: [development]}]"),
       "u@x.io",
       "payroll",
       {"edit", "none", "none", "none"}},
      {"end-user owner -> view in every column",
       "roles: {end-user: {apps: []}}\nusers: {u@x.io: {role: end-user}}\n---\napps:\n  owned: "
       "{owner: u@x.io, versions: [{name: v1, environment: production, status: released}]}\n",
       "u@x.io",
       "owned",
       {"preview", "preview", "preview", "use"}},
  });
  auto m = CompileYaml(Base(Group("u@x.io", "end-user", "[{apps: \"*\", permission: edit}]")));
  CHECK(m->matrix().AccessOf(m->User("u@x.io"), m->App("payroll")).level == Level::kView);
  CHECK(m->matrix().profiles()[m->matrix().ProfileOf(m->User("u@x.io"))].default_access.level ==
        Level::kView);
}

TEST_CASE("R6: admins have everything, an owner edits their app") {
  RunRows({
      {"admin on a released app",
       "users: {a@x.io: {role: admin}}\n",
       "a@x.io",
       "payroll",
       {"edit", "run", "run", "use"}},
      {"admin on an app not released",
       "users: {a@x.io: {role: admin}}\n",
       "a@x.io",
       "inventory",
       {"edit", "run", "run", "none"}},
      {"builder owner without grants",
       "roles: {builder: {apps: []}}\nusers: {o@x.io: {role: builder}}\n---\napps:\n  owned: "
       "{owner: O@x.io, versions: [{name: v1, environment: production, status: released}]}\n",
       "o@x.io",
       "owned",
       {"edit", "run", "run", "use"}},
      {"owner widened beyond a narrow grant",
       Group("o@x.io", "builder", "[{apps: [owned], permission: view, environments: [staging]}]") +
           "---\napps:\n  owned: {owner: o@x.io}\n",
       "o@x.io",
       "owned",
       {"edit", "run", "run", "none"}},
      {"a builder who does not own it has nothing",
       "roles: {builder: {apps: []}}\nusers: {o@x.io: {role: builder}}\n",
       "o@x.io",
       "payroll",
       {"none", "none", "none", "none"}},
  });
  auto m = CompileYaml(Base("users: {a@x.io: {role: admin}, b@x.io: {role: builder}}\n"));
  for (int p = 0; p < kWorkspacePermissionCount; ++p) {
    CHECK(m->matrix().HasPermission(m->User("a@x.io"), static_cast<WorkspacePermission>(p)));
  }
  CHECK(m->matrix().DataSourceAccess(m->User("a@x.io"), 0) == DataSourceLevel::kConfigure);
  CHECK_FALSE(m->matrix().HasPermission(m->User("b@x.io"), WorkspacePermission::kWorkflowCreate));
}

TEST_CASE("R7: a disabled user has no access at all") {
  RunRows({
      {"disabled builder with the built-in role",
       "users: {u@x.io: {role: builder, disabled: true}}\n",
       "u@x.io",
       "payroll",
       {"none", "none", "none", "none"}},
      {"disabled admin",
       "users: {u@x.io: {role: admin, disabled: true}}\n",
       "u@x.io",
       "payroll",
       {"none", "none", "none", "none"}},
      {"disabled owner",
       "users: {u@x.io: {role: builder, disabled: true}}\n---\napps:\n  owned: {owner: u@x.io}\n",
       "u@x.io",
       "owned",
       {"none", "none", "none", "none"}},
      {"enabled builder with the built-in role",
       "users: {u@x.io: {role: builder, disabled: false}}\n",
       "u@x.io",
       "payroll",
       {"edit", "run", "run", "use"}},
  });
  auto m = CompileYaml(Base("users: {u@x.io: {role: admin, disabled: true}}\n"));
  const uint32_t u = m->User("u@x.io");
  CHECK_FALSE(m->matrix().HasPermission(u, WorkspacePermission::kAppCreate));
  CHECK_FALSE(m->matrix().CanPromote(u, 0));
  CHECK_FALSE(m->matrix().CanRelease(u, 0));
  CHECK(m->matrix().DataSourceAccess(u, 0) == std::nullopt);
}

struct PermissionCase {
  const char* name;
  std::string yaml;
  WorkspacePermission permission;
  bool expected;
};

TEST_CASE("R8: workspace permissions are the union over role and groups") {
  const std::string role_and_group =
      "roles: {builder: {permissions: [appCreate]}}\nusers: {u@x.io: {role: builder}}\n"
      "groups: {g: {members: [u@x.io], permissions: [appPromote]}}\n";
  const std::vector<PermissionCase> cases = {
      {"from the role", role_and_group, WorkspacePermission::kAppCreate, true},
      {"from a group", role_and_group, WorkspacePermission::kAppPromote, true},
      {"from neither", role_and_group, WorkspacePermission::kAppRelease, false},
      {"built-in builder: appRelease", "users: {u@x.io: {role: builder}}\n",
       WorkspacePermission::kAppRelease, true},
      {"built-in builder: folderCRUD", "users: {u@x.io: {role: builder}}\n",
       WorkspacePermission::kFolderCrud, true},
      {"built-in builder: not dataSourceCreate", "users: {u@x.io: {role: builder}}\n",
       WorkspacePermission::kDataSourceCreate, false},
      {"built-in end-user: nothing", "users: {u@x.io: {role: end-user}}\n",
       WorkspacePermission::kAppCreate, false},
      {"group of someone else",
       "users: {u@x.io: {role: end-user}, v@x.io: {role: end-user}}\ngroups: {g: {members: "
       "[v@x.io], permissions: [appCreate]}}\n",
       WorkspacePermission::kAppCreate, false},
      {"disabled", "users: {u@x.io: {role: builder, disabled: true}}\n",
       WorkspacePermission::kAppCreate, false},
  };
  for (const PermissionCase& c : cases) {
    INFO(c.name);
    auto m = CompileYaml(Base(c.yaml));
    REQUIRE(m->diags.error_count() == 0);
    CHECK(m->matrix().HasPermission(m->User("u@x.io"), c.permission) == c.expected);
  }
}

struct EligibilityCase {
  const char* name;
  std::string yaml;
  const char* app;
  bool promote;
  bool release;
};

void RunEligibility(const std::vector<EligibilityCase>& cases) {
  for (const EligibilityCase& c : cases) {
    INFO(c.name);
    auto m = CompileYaml(Base(c.yaml));
    REQUIRE(m->diags.error_count() == 0);
    CHECK(m->matrix().CanPromote(m->User("u@x.io"), m->App(c.app)) == c.promote);
    CHECK(m->matrix().CanRelease(m->User("u@x.io"), m->App(c.app)) == c.release);
  }
}

std::string Leads(const std::string& permissions, const std::string& level,
                  const std::string& role = "builder") {
  return "roles: {builder: {permissions: [], apps: []}, end-user: {apps: []}}\n"
         "users: {u@x.io: {role: " +
         role +
         "}}\n"
         "groups: {g: {members: [u@x.io], permissions: " +
         permissions + ", apps: [{apps: [payroll], permission: " + level +
         ", environments: [staging]}]}}\n";
}

TEST_CASE("R9: promote needs appPromote and level edit on the app") {
  RunEligibility({
      {"appPromote + edit", Leads("[appPromote]", "edit"), "payroll", true, false},
      {"appPromote + view", Leads("[appPromote]", "view"), "payroll", false, false},
      {"appPromote, no grant on the app", Leads("[appPromote]", "edit"), "inventory", false, false},
      {"edit without appPromote", Leads("[]", "edit"), "payroll", false, false},
      {"end-user with appPromote and edit", Leads("[appPromote]", "edit", "end-user"), "payroll",
       false, false},
      {"admin", "users: {u@x.io: {role: admin}}\n", "inventory", true, true},
      {"built-in builder", "users: {u@x.io: {role: builder}}\n", "payroll", true, true},
  });
}

TEST_CASE("R10: release needs appRelease and level edit on the app") {
  RunEligibility({
      {"appRelease + edit", Leads("[appRelease]", "edit"), "payroll", false, true},
      {"appRelease + view", Leads("[appRelease]", "view"), "payroll", false, false},
      {"edit without appRelease", Leads("[appPromote]", "edit"), "payroll", true, false},
      {"owner with appRelease and no grant",
       "roles: {builder: {permissions: [appRelease], apps: []}}\nusers: {u@x.io: {role: "
       "builder}}\n---\napps:\n  owned: {owner: u@x.io}\n",
       "owned", false, true},
      {"end-user with appRelease", Leads("[appRelease]", "view", "end-user"), "payroll", false,
       false},
  });
}

TEST_CASE("R11: hideFromDashboard changes nothing") {
  RunRows({
      {"hidden",
       Group("u@x.io", "builder",
             "[{apps: [payroll], permission: view, environments: [staging], hideFromDashboard: "
             "true}]"),
       "u@x.io",
       "payroll",
       {"none", "preview", "none", "none"}},
      {"shown",
       Group("u@x.io", "builder",
             "[{apps: [payroll], permission: view, environments: [staging], hideFromDashboard: "
             "false}]"),
       "u@x.io",
       "payroll",
       {"none", "preview", "none", "none"}},
  });
}

struct DataSourceCase {
  const char* name;
  std::string yaml;
  const char* data_source;
  std::optional<DataSourceLevel> expected;
};

TEST_CASE("R12: data source access is the highest over all grants") {
  const std::string two =
      "roles: {builder: {dataSources: [{dataSources: \"*\", permission: use}]}}\n"
      "users: {u@x.io: {role: builder}}\n"
      "groups: {g: {members: [u@x.io], dataSources: [{dataSources: [db], permission: "
      "configure}]}}\n";
  const std::vector<DataSourceCase> cases = {
      {"configure beats use", two, "db", DataSourceLevel::kConfigure},
      {"use from \"*\"", two, "api", DataSourceLevel::kUse},
      {"built-in builder: use", "users: {u@x.io: {role: builder}}\n", "db", DataSourceLevel::kUse},
      {"built-in end-user: none", "users: {u@x.io: {role: end-user}}\n", "db", std::nullopt},
      {"configured builder with no grants: none",
       "roles: {builder: {dataSources: []}}\nusers: {u@x.io: {role: builder}}\n", "db",
       std::nullopt},
      {"admin: configure", "users: {u@x.io: {role: admin}}\n", "api", DataSourceLevel::kConfigure},
      {"disabled: none", "users: {u@x.io: {role: builder, disabled: true}}\n", "db", std::nullopt},
      {"two groups, use then configure",
       "roles: {builder: {dataSources: []}}\nusers: {u@x.io: {role: builder}}\ngroups:\n"
       "  a: {members: [u@x.io], dataSources: [{dataSources: [api], permission: use}]}\n"
       "  b: {members: [u@x.io], dataSources: [{dataSources: \"*\", permission: configure}]}\n",
       "api", DataSourceLevel::kConfigure},
  };
  for (const DataSourceCase& c : cases) {
    INFO(c.name);
    auto m = CompileYaml(Base(c.yaml));
    REQUIRE(m->diags.error_count() == 0);
    CHECK(m->matrix().DataSourceAccess(m->User("u@x.io"),
                                       *m->matrix().DataSourceIndex(c.data_source)) == c.expected);
  }
}

TEST_CASE("unknown references and missing roles are ignored, not fatal") {
  auto m = CompileYaml(
      Base("roles: {builder: {apps: []}}\n"
           "users: {u@x.io: {role: builder}, n@x.io: {name: no role}}\n"
           "groups:\n"
           "  g:\n"
           "    members: [nobody@x.io, U@X.IO, u@x.io]\n"
           "    apps: [{apps: [payrol, payroll], permission: view, environments: [staging]}]\n"
           "    dataSources: [{dataSources: [nope, db], permission: use}]\n"
           "---\napps:\n  orphan: {owner: ghost@x.io}\n"));
  CHECK(m->Row("u@x.io", "payroll") == Row{"none", "preview", "none", "none"});
  CHECK(m->Row("u@x.io", "orphan") == Row{"none", "none", "none", "none"});
  CHECK(m->matrix().GroupsOf(m->User("u@x.io")) == std::vector<uint32_t>{0});
  CHECK_FALSE(m->matrix().OwnerOf(m->App("orphan")).has_value());
  CHECK(m->matrix().DataSourceAccess(m->User("u@x.io"), *m->matrix().DataSourceIndex("db")) ==
        DataSourceLevel::kUse);
  CHECK(m->Row("n@x.io", "payroll") == Row{"none", "none", "none", "none"});
  CHECK_FALSE(m->matrix().HasPermission(m->User("n@x.io"), WorkspacePermission::kAppCreate));
}

}  // namespace
}  // namespace stagegate
