// accessRules: server (semantics.md S1-S6) beside the documented rules: the
// documentation's examples E1-E5 under both rule sets, one table per S rule
// with positive and negative cases, cases written from the behaviour
// ToolJet's own server tests pin, and explain's citations of the S rules.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "access_support.h"
#include "render/explain.h"

namespace stagegate {
namespace {

using testing::CompileYaml;
using testing::Row;

enum class Rules { kDocumented, kServer };

// payroll is released, inventory is not; `rest` adds users, groups, roles.
std::string Base(Rules rules, const std::string& rest) {
  return std::string("version: 1\n") +
         (rules == Rules::kServer ? "accessRules: server\n" : "accessRules: documented\n") +
         "environments: [development, staging, production]\n"
         "apps:\n"
         "  payroll:\n"
         "    versions: [{name: v1, environment: production, status: released}]\n"
         "  inventory:\n"
         "    versions: [{name: v1, environment: production, status: published}]\n" +
         rest;
}

// `user` with `role`, no role grants, and one group g holding `apps`.
std::string Group(const std::string& user, const std::string& role, const std::string& apps) {
  return "roles: {builder: {apps: []}, end-user: {apps: []}}\n"
         "users: {" +
         user + ": {role: " + role + "}}\ngroups:\n  g:\n    members: [" + user +
         "]\n    apps: " + apps + "\n";
}

struct Case {
  const char* name;
  std::string yaml;  // after Base
  const char* user;
  const char* app;
  Row documented;
  Row server;
};

void RunBoth(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    INFO(c.name);
    {
      INFO("accessRules: documented");
      auto m = CompileYaml(Base(Rules::kDocumented, c.yaml));
      CHECK(m->Row(c.user, c.app) == c.documented);
    }
    {
      INFO("accessRules: server");
      auto m = CompileYaml(Base(Rules::kServer, c.yaml));
      CHECK(m->Row(c.user, c.app) == c.server);
    }
  }
}

const Row kNothing = {"none", "none", "none", "none"};

TEST_CASE("accessRules: the documentation's examples E1-E5 under both rule sets") {
  RunBoth({
      {"E1: view and edit payroll in one group, both [staging]",
       Group("q@x.io", "builder",
             "[{apps: [payroll], permission: view, environments: [staging]},"
             " {apps: [payroll], permission: edit, environments: [staging]}]"),
       "q@x.io", "payroll", {"none", "run", "none", "none"}, {"edit", "run", "none", "none"}},
      {"E2: group A edit [staging], group B view [staging]",
       "roles: {builder: {apps: []}}\n"
       "users: {q@x.io: {role: builder}}\n"
       "groups:\n"
       "  a: {members: [q@x.io], apps: [{apps: [payroll], permission: edit, environments: "
       "[staging]}]}\n"
       "  b: {members: [q@x.io], apps: [{apps: [payroll], permission: view, environments: "
       "[staging]}]}\n",
       "q@x.io", "payroll", {"none", "run", "none", "none"}, {"edit", "run", "none", "none"}},
      {"E2 variant: group B views payroll in [development]",
       "roles: {builder: {apps: []}}\n"
       "users: {q@x.io: {role: builder}}\n"
       "groups:\n"
       "  a: {members: [q@x.io], apps: [{apps: [payroll], permission: edit, environments: "
       "[staging]}]}\n"
       "  b: {members: [q@x.io], apps: [{apps: [payroll], permission: view, environments: "
       "[development]}]}\n",
       "q@x.io", "payroll", {"edit", "run", "none", "none"}, {"edit", "run", "none", "none"}},
      {"E3: the built-in builder role", "users: {b@x.io: {role: builder}}\n", "b@x.io", "payroll",
       {"edit", "run", "run", "use"}, {"edit", "run", "run", "use"}},
      {"E4: the built-in end-user role", "users: {e@x.io: {role: end-user}}\n", "e@x.io",
       "payroll", {"none", "none", "none", "use"}, {"none", "none", "none", "use"}},
      {"E5: an end-user views payroll in [development, staging]",
       "users: {e@x.io: {role: end-user}}\n"
       "groups:\n"
       "  g: {members: [e@x.io], apps: [{apps: [payroll], permission: view, environments: "
       "[development, staging]}]}\n",
       "e@x.io", "payroll", {"preview", "preview", "none", "use"},
       {"preview", "preview", "none", "use"}},
      {"E5 with payroll not released (inventory)",
       "users: {e@x.io: {role: end-user}}\n"
       "groups:\n"
       "  g: {members: [e@x.io], apps: [{apps: [inventory], permission: view, environments: "
       "[development, staging]}]}\n",
       "e@x.io", "inventory", {"preview", "preview", "none", "none"},
       {"preview", "preview", "none", "none"}},
  });
}

TEST_CASE("S1: an edit grant always includes the first environment (builders only)") {
  RunBoth({
      {"edit [staging] adds development, not released",
       Group("u@x.io", "builder", "[{apps: [payroll], permission: edit, environments: [staging]}]"),
       "u@x.io", "payroll", {"none", "run", "none", "none"}, {"edit", "run", "none", "none"}},
      {"edit [production, released] adds development",
       Group("u@x.io", "builder",
             "[{apps: [payroll], permission: edit, environments: [production, released]}]"),
       "u@x.io", "payroll", {"none", "none", "run", "use"}, {"edit", "none", "run", "use"}},
      {"edit [development] is unchanged",
       Group("u@x.io", "builder",
             "[{apps: [payroll], permission: edit, environments: [development]}]"),
       "u@x.io", "payroll", {"edit", "none", "none", "none"}, {"edit", "none", "none", "none"}},
      {"negative: view [staging] gets no development",
       Group("u@x.io", "builder", "[{apps: [payroll], permission: view, environments: [staging]}]"),
       "u@x.io", "payroll", {"none", "preview", "none", "none"},
       {"none", "preview", "none", "none"}},
      {"negative: the app the grant does not name",
       Group("u@x.io", "builder", "[{apps: [payroll], permission: edit, environments: [staging]}]"),
       "u@x.io", "inventory", kNothing, kNothing},
      {"on every app (\"*\") too",
       Group("u@x.io", "builder", "[{apps: \"*\", permission: edit, environments: [production]}]"),
       "u@x.io", "inventory", {"none", "none", "run", "none"}, {"edit", "none", "run", "none"}},
  });
}

TEST_CASE("S2: no environments is every column, an explicit [] gets the server's defaults") {
  RunBoth({
      {"edit without environments: every column (R3 agrees)",
       Group("u@x.io", "builder", "[{apps: [payroll], permission: edit}]"), "u@x.io", "payroll",
       {"edit", "run", "run", "use"}, {"edit", "run", "run", "use"}},
      {"edit []: the first environment and released",
       Group("u@x.io", "builder", "[{apps: [payroll], permission: edit, environments: []}]"),
       "u@x.io", "payroll", kNothing, {"edit", "none", "none", "use"}},
      {"view []: released only",
       Group("u@x.io", "builder", "[{apps: [payroll], permission: view, environments: []}]"),
       "u@x.io", "payroll", kNothing, {"none", "none", "none", "use"}},
      {"edit [] beside a view grant naming staging: no released (a grant names a column)",
       Group("u@x.io", "builder",
             "[{apps: [payroll], permission: edit, environments: []},"
             " {apps: \"*\", permission: view, environments: [staging]}]"),
       "u@x.io", "payroll", {"none", "run", "none", "none"}, {"edit", "run", "none", "none"}},
      {"view [] beside a view grant naming staging: staging only",
       Group("u@x.io", "builder",
             "[{apps: [payroll], permission: view, environments: []},"
             " {apps: [payroll], permission: view, environments: [staging]}]"),
       "u@x.io", "payroll", {"none", "preview", "none", "none"},
       {"none", "preview", "none", "none"}},
      {"edit [] on an unreleased app: released stays none",
       Group("u@x.io", "builder", "[{apps: [inventory], permission: edit, environments: []}]"),
       "u@x.io", "inventory", kNothing, {"edit", "none", "none", "none"}},
      {"an end-user's view without environments: released only (R3 agrees)",
       Group("e@x.io", "end-user", "[{apps: [payroll], permission: view}]"), "e@x.io", "payroll",
       {"none", "none", "none", "use"}, {"none", "none", "none", "use"}},
  });
}

TEST_CASE("S3: an end-user opens the released app from any view grant") {
  RunBoth({
      {"view [staging]: preview there and use released",
       Group("e@x.io", "end-user", "[{apps: [payroll], permission: view, environments: [staging]}]"),
       "e@x.io", "payroll", {"none", "preview", "none", "none"},
       {"none", "preview", "none", "use"}},
      {"view []: use released",
       Group("e@x.io", "end-user", "[{apps: [payroll], permission: view, environments: []}]"),
       "e@x.io", "payroll", kNothing, {"none", "none", "none", "use"}},
      {"negative: not released, nothing to open",
       Group("e@x.io", "end-user",
             "[{apps: [inventory], permission: view, environments: [staging]}]"),
       "e@x.io", "inventory", {"none", "preview", "none", "none"},
       {"none", "preview", "none", "none"}},
      {"negative: a builder gets no released from view [staging]",
       Group("u@x.io", "builder", "[{apps: [payroll], permission: view, environments: [staging]}]"),
       "u@x.io", "payroll", {"none", "preview", "none", "none"},
       {"none", "preview", "none", "none"}},
      {"negative: an app no grant reaches",
       Group("e@x.io", "end-user", "[{apps: [payroll], permission: view, environments: [staging]}]"),
       "e@x.io", "inventory", kNothing, kNothing},
  });
}

TEST_CASE("S5: an owner gets the builder defaults, not every column") {
  // A second document: apps may be split over documents and files.
  const std::string owned =
      "---\napps:\n"
      "  owned:\n"
      "    owner: o@x.io\n"
      "    versions: [{name: v1, environment: production, status: released}]\n";
  RunBoth({
      {"an owner with no grants: the first environment and released",
       "roles: {builder: {apps: []}}\nusers: {o@x.io: {role: builder}}\n" + owned, "o@x.io",
       "owned", {"edit", "run", "run", "use"}, {"edit", "none", "none", "use"}},
      {"an owner whose grant names staging: development and staging, no released",
       Group("o@x.io", "builder", "[{apps: [owned], permission: view, environments: [staging]}]") +
           owned,
       "o@x.io", "owned", {"edit", "run", "run", "use"}, {"edit", "run", "none", "none"}},
      {"an owner with the built-in builder role: every column either way",
       "users: {o@x.io: {role: builder}}\n" + owned, "o@x.io", "owned",
       {"edit", "run", "run", "use"}, {"edit", "run", "run", "use"}},
  });
}

TEST_CASE("S6: an end-user's edit grant gives nothing on the server (view, R5, documented)") {
  RunBoth({
      {"edit [development, staging] alone",
       Group("e@x.io", "end-user",
             "[{apps: [payroll], permission: edit, environments: [development, staging]}]"),
       "e@x.io", "payroll", {"preview", "preview", "none", "none"}, kNothing},
      {"beside a view grant, only the view grant counts",
       Group("e@x.io", "end-user",
             "[{apps: [payroll], permission: edit, environments: [development]},"
             " {apps: [payroll], permission: view, environments: [staging]}]"),
       "e@x.io", "payroll", {"preview", "preview", "none", "none"},
       {"none", "preview", "none", "use"}},
      {"negative: a builder's edit grant is kept",
       Group("u@x.io", "builder",
             "[{apps: [payroll], permission: edit, environments: [development]}]"),
       "u@x.io", "payroll", {"edit", "none", "none", "none"}, {"edit", "none", "none", "none"}},
  });
}

// The behaviour ToolJet's own server tests pin (ability unit tests, the
// Cypress scenarios of custom group access), written as our configurations.
TEST_CASE("accessRules: server agrees with the cases ToolJet's server tests pin") {
  auto server = [](const std::string& yaml) { return CompileYaml(Base(Rules::kServer, yaml)); };
  SECTION("an editable app with nothing explicit gets development and released") {
    auto m = server(Group("u@x.io", "builder", "[{apps: \"*\", permission: edit, environments: []}]"));
    CHECK(m->Row("u@x.io", "payroll") == Row{"edit", "none", "none", "use"});
  }
  SECTION("an editable app with app-specific staging gets development on top") {
    auto m = server(
        Group("u@x.io", "builder", "[{apps: [payroll], permission: edit, environments: [staging]}]"));
    CHECK(m->Row("u@x.io", "payroll") == Row{"edit", "run", "none", "none"});
  }
  SECTION("a view-only app with staging keeps staging only, released stays off") {
    auto m = server(
        Group("u@x.io", "builder", "[{apps: [payroll], permission: view, environments: [staging]}]"));
    CHECK(m->Row("u@x.io", "payroll") == Row{"none", "preview", "none", "none"});
  }
  SECTION("a view-only app with nothing explicit: released only") {
    auto m = server(Group("u@x.io", "builder", "[{apps: \"*\", permission: view, environments: []}]"));
    CHECK(m->Row("u@x.io", "inventory") == Row{"none", "none", "none", "none"});  // not released
    CHECK(m->Row("u@x.io", "payroll") == Row{"none", "none", "none", "use"});
  }
  SECTION("environments are a union over every grant: all-apps view released plus app edit") {
    auto m = server(Group("u@x.io", "builder",
                          "[{apps: \"*\", permission: view, environments: [released]},"
                          " {apps: [inventory], permission: edit, environments: [development]}]"));
    CHECK(m->Row("u@x.io", "payroll") == Row{"none", "none", "none", "use"});
    CHECK(m->Row("u@x.io", "inventory") == Row{"edit", "none", "none", "none"});
  }
  SECTION("appPromote alone lets a builder promote an app they cannot edit; end-users never") {
    auto m = server(
        "roles: {builder: {apps: []}, end-user: {apps: []}}\n"
        "users: {p@x.io: {role: builder}, e@x.io: {role: end-user}, n@x.io: {role: builder}}\n"
        "groups:\n"
        "  promoters: {members: [p@x.io], permissions: [appPromote]}\n"
        "  releasers: {members: [n@x.io], permissions: [appRelease]}\n");
    const AccessMatrix& x = m->matrix();
    CHECK(x.CanPromote(m->User("p@x.io"), m->App("payroll")));
    CHECK_FALSE(x.CanRelease(m->User("p@x.io"), m->App("payroll")));
    CHECK(x.CanRelease(m->User("n@x.io"), m->App("payroll")));
    CHECK_FALSE(x.CanPromote(m->User("n@x.io"), m->App("payroll")));
    CHECK_FALSE(x.CanPromote(m->User("e@x.io"), m->App("payroll")));
    auto d = CompileYaml(Base(Rules::kDocumented,
                              "roles: {builder: {apps: []}}\n"
                              "users: {p@x.io: {role: builder}}\n"
                              "groups:\n"
                              "  promoters: {members: [p@x.io], permissions: [appPromote]}\n"));
    CHECK_FALSE(d->matrix().CanPromote(d->User("p@x.io"), d->App("payroll")));  // R9: needs edit
  }
  SECTION("admins hold everything under both rule sets") {
    auto m = server("users: {a@x.io: {role: admin}}\n");
    CHECK(m->Row("a@x.io", "payroll") == Row{"edit", "run", "run", "use"});
    CHECK(m->matrix().CanPromote(m->User("a@x.io"), m->App("inventory")));
  }
  SECTION("a disabled user holds nothing") {
    auto m = server(
        "users: {d@x.io: {role: builder, disabled: true}}\n"
        "groups:\n  g: {members: [d@x.io], permissions: [appPromote]}\n");
    CHECK(m->Row("d@x.io", "payroll") == kNothing);
    CHECK_FALSE(m->matrix().CanPromote(m->User("d@x.io"), m->App("payroll")));
  }
}

TEST_CASE("explain cites the S rule behind a column the server's defaults give") {
  auto m = CompileYaml(Base(
      Rules::kServer,
      Group("q@x.io", "builder", "[{apps: [payroll], permission: edit, environments: [staging]}]")));
  Explanation e = Explain(m->matrix(), m->User("q@x.io"), m->App("payroll"));
  CHECK(e.columns[0].rules == std::vector<std::string>{"R2", "R4", "S1"});
  CHECK(e.columns[0].server_default ==
        "an edit grant always includes development on ToolJet's server");
  CHECK(e.columns[1].rules == std::vector<std::string>{"R2", "R3", "R4"});
  CHECK(e.columns[1].server_default.empty());
  std::string text = FormatExplanation(m->matrix(), m->loaded.sources, e, {});
  CHECK(text ==
        "q@x.io on app 'payroll' (builder; groups: g; accessRules: server)\n"
        "  development  edit     level edit from group 'g' (a.yaml:14:12); development: an edit "
        "grant always includes development on ToolJet's server (R2, R4, S1)\n"
        "  staging      run      level edit from group 'g' (a.yaml:14:12); staging from the same "
        "grant (R2, R3, R4)\n"
        "  production   none     not in the environments of any grant (R3)\n"
        "  released     none     not in the environments of any grant (R3)\n"
        "grants:\n"
        "  role 'builder' at a.yaml:9:9: no app grants\n"
        "  group 'g' at a.yaml:14:12: edit in staging\n");
}

TEST_CASE("explain lists an end-user's refused edit grant (S6) and the released app (S3)") {
  auto m = CompileYaml(Base(Rules::kServer,
                            Group("e@x.io", "end-user",
                                  "[{apps: [payroll], permission: edit, environments: [staging]},"
                                  " {apps: [payroll], permission: view, environments: [staging]}]")));
  Explanation e = Explain(m->matrix(), m->User("e@x.io"), m->App("payroll"));
  REQUIRE(e.grants.size() == 3);  // the end-user role's placeholder, then the two grants
  CHECK(e.grants[1].refused);
  CHECK_FALSE(e.grants[2].refused);
  CHECK(e.columns[1].capability == Capability::kPreview);
  CHECK(e.columns[3].capability == Capability::kUse);
  CHECK(e.columns[3].rules == std::vector<std::string>{"R2", "R4", "S3", "S6"});
  CHECK(e.columns[3].server_default ==
        "an end-user opens the released app from any view grant on ToolJet's server");
  auto documented =
      CompileYaml(Base(Rules::kDocumented,
                       Group("e@x.io", "end-user",
                             "[{apps: [payroll], permission: edit, environments: [staging]}]")));
  Explanation d = Explain(documented->matrix(), documented->User("e@x.io"),
                          documented->App("payroll"));
  CHECK_FALSE(d.grants[1].refused);
  CHECK(d.columns[1].rules == std::vector<std::string>{"R2", "R3", "R4", "R5"});
}

// What `check` says under each rule set (the whole pipeline), by headline.
std::vector<std::string> Findings(Rules rules, const std::string& yaml) {
  testing::Staged c(testing::Files{{"a.yaml", Base(rules, yaml)}}, testing::Pipeline());
  return testing::Headlines(c);
}

bool Has(const std::vector<std::string>& findings, const std::string& text) {
  for (const std::string& f : findings) {
    if (f.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST_CASE("accessRules: server changes what the checks say about promote and release (S4)") {
  const std::string promoters =
      "roles: {builder: {apps: []}}\n"
      "users: {p@x.io: {role: builder}}\n"
      "groups:\n"
      "  promoters: {members: [p@x.io], permissions: [appPromote, appRelease]}\n";
  auto documented = Findings(Rules::kDocumented, promoters);
  CHECK(Has(documented, "group 'promoters' holds appPromote, but none of its members can edit an "
                        "app, and promoting an app needs edit on it (R9)"));
  auto server = Findings(Rules::kServer, promoters);
  CHECK_FALSE(Has(server, "[ineffective-permission]"));
  CHECK_FALSE(Has(server, "[app-without-promoter]"));

  const std::string nobody = "roles: {builder: {apps: []}}\nusers: {u@x.io: {role: builder}}\n";
  CHECK(Has(Findings(Rules::kServer, nobody),
            "no enabled user can promote or release apps 'inventory' and 'payroll': that needs "
            "appPromote or appRelease on ToolJet's server (S4); grant those permissions to a "
            "group of builders [app-without-promoter]"));
  CHECK(Has(Findings(Rules::kServer,
                     "roles: {end-user: {permissions: [appRelease]}}\n"
                     "users: {e@x.io: {role: end-user}, a@x.io: {role: admin}}\n"),
            "role 'end-user' holds appRelease, but ToolJet's server never lets end-users release "
            "an app (S4); remove the permission [ineffective-permission]"));
}

TEST_CASE("accessRules: server says an end-user's edit grant is refused (S6)") {
  const std::string yaml =
      "users: {e@x.io: {role: end-user}}\n"
      "groups:\n  g: {members: [e@x.io], apps: [{apps: [payroll], permission: edit}]}\n";
  CHECK(Has(Findings(Rules::kServer, yaml),
            "a.yaml:11:17: error: end-user 'e@x.io' is a member of group 'g', which grants edit on "
            "'payroll'; ToolJet's server refuses the grant (or, when a role change is allowed, "
            "makes the end-users builders), and the matrix leaves it out (S6): make the user a "
            "builder or grant view [end-user-edit]"));
  CHECK(Has(Findings(Rules::kDocumented, yaml),
            "which grants edit on 'payroll'; ToolJet does not let end-users edit: make the user a "
            "builder or grant view [end-user-edit]"));
}

}  // namespace
}  // namespace stagegate

namespace stagegate {
namespace {

TEST_CASE("combined-grant escalation under accessRules: server: development is every edit grant's") {
  // The E2 variant: edit [staging] plus view [development]. Documented, the
  // two combine into edit in development (R2 + R3); on the server the edit
  // grant gives development alone (S1), so nothing escalates.
  const std::string groups =
      "roles: {builder: {apps: []}}\n"
      "users: {q@x.io: {role: builder}, a@x.io: {role: admin}}\n"
      "groups:\n"
      "  a: {members: [q@x.io], apps: [{apps: [payroll], permission: edit, environments: "
      "[staging]}]}\n"
      "  b: {members: [q@x.io], apps: [{apps: [payroll], permission: view, environments: "
      "[development, production]}]}\n";
  CHECK(Has(Findings(Rules::kDocumented, groups),
            "together give edit in 'development' and run in 'production'"));
  auto server = Findings(Rules::kServer, groups);
  // Production still escalates: no edit grant covers it, the view grant does.
  CHECK(Has(server, "together give run in 'production' on app 'payroll'"));
  CHECK_FALSE(Has(server, "give edit in 'development'"));
  // And the edit grant is described as the server reads it.
  CHECK(Has(server, "group 'a' (edit in 'development' and 'staging')"));
}

}  // namespace
}  // namespace stagegate
