// Tests of the matrix's structure: profile sharing (same membership, one
// profile), sparse cells, GrantsReaching, and agreement of Explain with the
// matrix on examples/nexora (whose expect assertions must hold) and on a
// generated configuration.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "access_support.h"
#include "source/file_system.h"

namespace stagegate {
namespace {

using testing::Staged;
using testing::CompileYaml;

const char kSharing[] = R"(version: 1
apps: {payroll: {}, inventory: {}}
users:
  a@x.io: {role: builder}
  b@x.io: {role: builder}
  c@x.io: {role: builder}
  d@x.io: {role: end-user}
  e@x.io: {role: builder, disabled: true}
  f@x.io: {role: builder}
  g@x.io: {role: builder}
groups:
  one: {members: [a@x.io, b@x.io, c@x.io, d@x.io, e@x.io, g@x.io, G@x.io]}
  two: {members: [c@x.io, b@x.io]}
)";

TEST_CASE("profiles: users with the same membership share one profile") {
  auto c = CompileYaml(kSharing);
  const AccessMatrix& m = c->matrix();
  auto profile = [&](const char* email) { return m.ProfileOf(c->User(email)); };
  CHECK(profile("b@x.io") == profile("c@x.io"));  // same groups, listed in any order
  CHECK(profile("a@x.io") == profile("g@x.io"));  // listed twice (case differs) = once
  CHECK(profile("a@x.io") != profile("b@x.io"));  // different groups
  CHECK(profile("a@x.io") != profile("d@x.io"));  // different role
  CHECK(profile("a@x.io") != profile("e@x.io"));  // disabled
  CHECK(profile("a@x.io") != profile("f@x.io"));  // no groups
  CHECK(m.profiles().size() == 5);                // {a, g}, {b, c}, d, e, f
  const Profile& shared = m.profiles()[profile("b@x.io")];
  CHECK(shared.users == std::vector<uint32_t>{c->User("b@x.io"), c->User("c@x.io")});
  CHECK(shared.groups == std::vector<uint32_t>{0, 1});  // "one", "two" in name order
  CHECK(m.GroupsOf(c->User("g@x.io")) == std::vector<uint32_t>{0});
  CHECK(m.GroupsOf(c->User("f@x.io")).empty());
}

TEST_CASE("profiles: cells are sparse, \"*\" grants fold into the default") {
  auto c = CompileYaml(R"(version: 1
roles: {builder: {apps: [{apps: "*", permission: view, environments: [staging]}]}}
apps: {payroll: {}, inventory: {}, crm: {}}
users: {a@x.io: {role: builder}}
groups:
  g:
    members: [a@x.io]
    apps:
      - {apps: [payroll], permission: edit, environments: [development]}
      - {apps: [inventory], permission: view, environments: [staging]}
)");
  const Profile& p = c->matrix().profiles()[c->matrix().ProfileOf(c->User("a@x.io"))];
  CHECK(p.default_access == Access{Level::kView, 0b0010});
  // inventory's cell equals the default, so only payroll is stored.
  REQUIRE(p.apps.size() == 1);
  CHECK(p.apps[0].app == c->App("payroll"));
  CHECK(p.apps[0].access == Access{Level::kEdit, 0b0011});
  CHECK(c->matrix().AccessOf(c->User("a@x.io"), c->App("crm")) == Access{Level::kView, 0b0010});
}

TEST_CASE("GrantsReaching lists the role's and the groups' grants naming the app") {
  auto c = CompileYaml(R"(version: 1
roles: {builder: {apps: [{apps: "*", permission: view, environments: [staging]}]}}
apps: {payroll: {}, inventory: {}}
users: {a@x.io: {role: builder}}
groups:
  b-group:
    members: [a@x.io]
    apps: [{apps: [inventory], permission: edit}]
  a-group:
    members: [a@x.io]
    apps: [{apps: [payroll, inventory], permission: edit}, {apps: [payroll], environments: [staging]}]
)");
  std::vector<GrantSource> grants =
      GrantsReaching(c->matrix(), c->User("a@x.io"), c->App("payroll"));
  REQUIRE(grants.size() == 2);  // the grant without a permission is left out
  CHECK(grants[0].kind == GrantSource::Kind::kRole);
  CHECK(grants[0].name == "builder");
  CHECK(grants[0].location.line == 2);
  CHECK(grants[0].all_apps);
  CHECK(grants[0].access == Access{Level::kView, 0b0010});
  CHECK(grants[1].kind == GrantSource::Kind::kGroup);
  CHECK(grants[1].name == "a-group");
  CHECK(grants[1].location.line == 11);
  CHECK(grants[1].environments_defaulted);
  CHECK(grants[1].access == Access{Level::kEdit, 0b1111});
}

// Every column of every explanation agrees with the matrix.
void CheckExplainAgrees(const Staged& c) {
  const AccessMatrix& m = c.matrix();
  for (uint32_t u = 0; u < c.ws().users.size(); ++u) {
    for (uint32_t a = 0; a < c.ws().apps.size(); ++a) {
      Explanation e = Explain(m, u, a);
      INFO(c.ws().users[u].email << " on " << c.ws().apps[a].name);
      CHECK(e.access == m.AccessOf(u, a));
      REQUIRE(e.columns.size() == m.column_count());
      for (size_t col = 0; col < m.column_count(); ++col) {
        CHECK(e.columns[col].capability == m.At(u, a, col));
        if (c.ws().users[u].role) CHECK_FALSE(e.columns[col].rules.empty());
      }
    }
  }
}

TEST_CASE("examples/nexora: expect assertions hold, and Explain agrees with the matrix") {
  Staged c(*RealFileSystem(), {std::string(STAGEGATE_SOURCE_DIR) + "/examples/nexora"},
           testing::MatrixStages());
  REQUIRE(c.diags.error_count() == 0);
  size_t checked = 0;
  for (const Assertion& a : c.ws().assertions) {
    if (!a.user || !a.app || !a.expect) continue;
    for (const ExpectEntry& entry : *a.expect) {
      INFO(a.user->name << " on " << a.app->name << " in " << entry.column.name);
      CHECK(c.matrix().At(c.User(a.user->name), c.App(a.app->name),
                          *c.matrix().ColumnIndex(entry.column.name)) == entry.value);
      ++checked;
    }
  }
  CHECK(checked >= 40);
  CHECK(c.matrix().CanPromote(c.User("lee.chen@nexora.io"), c.App("payroll")));
  CHECK_FALSE(c.matrix().CanPromote(c.User("dana.kim@nexora.io"), c.App("payroll")));
  CheckExplainAgrees(c);
}

TEST_CASE("generated: Explain agrees with the matrix for every user, app and column") {
  // 4 environments; users in overlapping groups mixing "*" and named grants,
  // defaulted and explicit environments, owners, end-users and admins.
  std::string y =
      "version: 1\nenvironments: [dev, qa, stage, prod]\n"
      "roles: {builder: {apps: [{apps: [app1], permission: view, environments: [qa]}]}}\n"
      "apps:\n";
  for (int a = 0; a < 6; ++a) {
    y += "  app" + std::to_string(a) + ": {owner: u" + std::to_string(a * 2) + "@x.io" +
         (a % 2 ? ", versions: [{name: v1, environment: prod, status: released}]" : "") + "}\n";
  }
  const char* roles[] = {"builder", "end-user", "admin", "builder"};
  y += "users:\n";
  for (int u = 0; u < 12; ++u) {
    y += "  u" + std::to_string(u) + "@x.io: {role: " + roles[u % 4] +
         (u == 7 ? ", disabled: true" : "") + "}\n";
  }
  const char* grants[] = {
      "{apps: \"*\", permission: view, environments: [dev, prod]}",
      "{apps: [app0, app2], permission: edit, environments: [qa]}",
      "{apps: [app1, app3, app5], permission: edit}",
      "{apps: [app4], permission: view}",
      "{apps: [app2], permission: edit, environments: []}",
  };
  y += "groups:\n";
  for (int g = 0; g < 5; ++g) {
    y += "  g" + std::to_string(g) + ":\n    members: [";
    for (int u = g; u < 12; u += g + 2) y += "u" + std::to_string(u) + "@x.io, ";
    y += "u11@x.io]\n    apps: [" + std::string(grants[g]) + ", " + grants[(g + 2) % 5] + "]\n";
  }
  auto c = CompileYaml(y);
  REQUIRE(c->diags.error_count() == 0);
  CheckExplainAgrees(*c);
}

}  // namespace
}  // namespace stagegate
