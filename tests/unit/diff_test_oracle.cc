// The diff's D2 part against a brute-force oracle: every (user, app, column),
// permission, promote/release and data source access compared by name with
// the matrices' own queries, over edits of examples/nexora (owners, admins,
// end-users, disabled users, releases, environments, apps and users added and
// removed). Plus nexora against itself and a larger configuration.
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "diff_test_support.h"

namespace stagegate {
namespace {

using testing::Staged;

using Files = std::map<std::string, std::string>;

Files Nexora() {
  Files files;
  for (const char* name : {"apps", "assertions", "constants", "datasources", "groups", "roles",
                           "users", "workspace"}) {
    std::ifstream in(std::string(STAGEGATE_SOURCE_DIR) + "/examples/nexora/" + name + ".yaml");
    std::stringstream text;
    text << in.rdbuf();
    files[std::string(name) + ".yaml"] = text.str();
  }
  return files;
}

std::unique_ptr<Staged> CompileFiles(const Files& files) {
  return std::make_unique<Staged>(testing::Files(files.begin(), files.end()),
                                  testing::MatrixStages());
}

void Edit(Files* files, const std::string& file, const std::string& from, const std::string& to) {
  std::string& text = (*files)[file];
  auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  text.replace(pos, from.size(), to);
}

using CellKey = std::tuple<std::string, std::string, std::string, int, int>;

// Every changed (user, app, column) by name, computed cell by cell.
std::set<CellKey> OracleCells(const AccessMatrix& cur, const AccessMatrix& des) {
  std::set<std::string> users, apps, columns;
  for (const AccessMatrix* m : {&cur, &des}) {
    for (const User& u : m->workspace().users) users.insert(u.key);
    for (const App& a : m->workspace().apps) apps.insert(a.name);
    for (size_t c = 0; c < m->column_count(); ++c) columns.insert(std::string(m->ColumnName(c)));
  }
  auto at = [](const AccessMatrix& m, const std::string& u, const std::string& a,
               const std::string& c) {
    auto ui = m.UserIndex(u);
    auto ai = m.AppIndex(a);
    auto ci = m.ColumnIndex(c);
    return ui && ai && ci ? static_cast<int>(m.At(*ui, *ai, *ci)) : 0;
  };
  std::set<CellKey> out;
  for (const auto& u : users) {
    for (const auto& a : apps) {
      for (const auto& c : columns) {
        int b = at(cur, u, a, c), d = at(des, u, a, c);
        if (b != d) out.insert({u, a, c, b, d});
      }
    }
  }
  return out;
}

std::set<std::string> OracleOther(const AccessMatrix& cur, const AccessMatrix& des) {
  std::set<std::string> users, apps, sources;
  for (const AccessMatrix* m : {&cur, &des}) {
    for (const User& u : m->workspace().users) users.insert(u.key);
    for (const App& a : m->workspace().apps) apps.insert(a.name);
    for (const DataSource& s : m->workspace().data_sources) sources.insert(s.name);
  }
  std::set<std::string> out;
  for (const auto& u : users) {
    auto cu = cur.UserIndex(u), du = des.UserIndex(u);
    for (int p = 0; p < kWorkspacePermissionCount; ++p) {
      auto perm = static_cast<WorkspacePermission>(p);
      bool b = cu && cur.HasPermission(*cu, perm), a = du && des.HasPermission(*du, perm);
      if (a != b) out.insert(u + " permission " + std::string(WorkspacePermissionName(perm)));
    }
    for (const auto& app : apps) {
      auto ca = cur.AppIndex(app), da = des.AppIndex(app);
      bool pb = cu && ca && cur.CanPromote(*cu, *ca), pa = du && da && des.CanPromote(*du, *da);
      bool rb = cu && ca && cur.CanRelease(*cu, *ca), ra = du && da && des.CanRelease(*du, *da);
      if (pa != pb) out.insert(u + " promote " + app);
      if (ra != rb) out.insert(u + " release " + app);
    }
    for (const auto& s : sources) {
      auto cs = cur.DataSourceIndex(s), ds = des.DataSourceIndex(s);
      auto b = cu && cs ? cur.DataSourceAccess(*cu, *cs) : std::nullopt;
      auto a = du && ds ? des.DataSourceAccess(*du, *ds) : std::nullopt;
      if (a != b) out.insert(u + " dataSource " + s);
    }
  }
  return out;
}

void CheckAgainstOracle(const Files& current, const Files& desired) {
  auto cur = CompileFiles(current);
  auto des = CompileFiles(desired);
  REQUIRE(cur->diags.error_count() == 0);
  REQUIRE(des->diags.error_count() == 0);
  Diff d = ComputeDiff(&cur->matrix(), des->matrix());
  CHECK(d.summary.access_gains + d.summary.access_losses > 0);  // every edit changes access
  std::set<CellKey> cells;
  for (const CellChange& c : d.cells) {
    cells.insert({c.user, c.app, c.column, static_cast<int>(c.before), static_cast<int>(c.after)});
  }
  CHECK(cells.size() == d.cells.size());  // no duplicates
  CHECK(cells == OracleCells(cur->matrix(), des->matrix()));
  std::set<std::string> other;
  for (const auto& p : d.permissions)
    other.insert(p.user + " permission " + std::string(WorkspacePermissionName(p.permission)));
  for (const auto& e : d.eligibility)
    other.insert(e.user + " " + std::string(EligibilityName(e.what)) + " " + e.app);
  for (const auto& s : d.data_sources) other.insert(s.user + " dataSource " + s.data_source);
  CHECK(other == OracleOther(cur->matrix(), des->matrix()));
  // Order: priority groups never interleave.
  int last = 0;
  for (const CellChange& c : d.cells) {
    int priority = c.direction == Direction::kLoss ? 2 : c.production ? 0 : 1;
    CHECK(priority >= last);
    last = priority;
  }
}

TEST_CASE("oracle: nexora against itself is empty, and against nothing all gains") {
  auto a = CompileFiles(Nexora());
  auto b = CompileFiles(Nexora());
  REQUIRE(a->diags.error_count() == 0);
  CHECK(ComputeDiff(&a->matrix(), b->matrix()).empty());
  Diff fresh = ComputeDiff(nullptr, b->matrix());
  CHECK(fresh.summary.access_losses == 0);
  CHECK(fresh.summary.entities_removed == 0);
  CHECK(fresh.summary.access_gains > 0);
}

TEST_CASE("oracle: the D2 part agrees with cell-by-cell queries") {
  struct EditCase {
    const char* name;
    const char* file;
    const char* from;
    const char* to;
  };
  const std::vector<EditCase> edits = {
      {"qa gains production", "groups.yaml", "environments: [staging]",
       "environments: [staging, production]"},
      {"a developer becomes admin", "users.yaml", "{name: Dana Kim, role: builder}",
       "{name: Dana Kim, role: admin}"},
      {"a team lead is disabled", "users.yaml", "{name: Lee Chen, role: builder}",
       "{name: Lee Chen, role: builder, disabled: true}"},
      {"a user is removed", "users.yaml", "  raj.patel@nexora.io:     {name: Raj Patel, role: builder}\n",
       ""},
      {"payroll changes owner", "apps.yaml", "owner: lee.chen@nexora.io", "owner: dana.kim@nexora.io"},
      {"onboarding-portal is released", "apps.yaml", "{name: v1, environment: staging,     status: published}",
       "{name: v1, environment: production,  status: released}"},
      {"finance previews production", "groups.yaml",
       "apps: [payroll]\n        permission: view\n        environments: [released]",
       "apps: [payroll, inventory]\n        permission: view\n        environments: [production, released]"},
      {"developers lose a data source", "groups.yaml",
       "      - dataSources: [nexora-db, hr-api]\n        permission: use\n\n  qa:",
       "      - dataSources: [hr-api]\n        permission: use\n\n  qa:"},
      {"team leads lose appRelease", "groups.yaml", "[appDelete, appPromote, appRelease]",
       "[appDelete, appPromote]"},
      {"an app is removed", "apps.yaml", "  inventory:\n    dataSources: [nexora-db]\n",
       "  inventory-2:\n    dataSources: [nexora-db]\n"},
  };
  for (const EditCase& e : edits) {
    INFO(e.name);
    Files desired = Nexora();
    Edit(&desired, e.file, e.from, e.to);
    if (std::string(e.name) == "a user is removed" || std::string(e.name) == "an app is removed") {
      desired.erase("assertions.yaml");  // they name the removed entity
    }
    CheckAgainstOracle(Nexora(), desired);
    CheckAgainstOracle(desired, Nexora());  // and the other way round
  }
}

// 3,000 users in 30 groups, 1,000 apps: the diff is per profile pair.
std::string Large(bool widened) {
  std::string text =
      "version: 1\nroles: {builder: {apps: []}, end-user: {apps: []}}\napps:\n";
  for (int a = 0; a < 1000; ++a) {
    text += "  app" + std::to_string(a) +
            ": {versions: [{name: v1, environment: production, status: released}]}\n";
  }
  text += "users:\n";
  for (int u = 0; u < 3000; ++u) text += "  u" + std::to_string(u) + "@x.io: {role: builder}\n";
  text += "groups:\n";
  for (int g = 0; g < 30; ++g) {
    text += "  g" + std::to_string(g) + ":\n    members: [";
    for (int u = g; u < 3000; u += 30) text += (u == g ? "" : ", ") + ("u" + std::to_string(u) + "@x.io");
    text += "]\n    apps: [{apps: [app" + std::to_string(g) + "], permission: edit, environments: [" +
            (widened && g == 0 ? "staging, production" : "staging") + "]}]\n";
  }
  return text;
}

// Its speed is bench/'s business (bench/README.md: plan on the xl preset),
// never a timed unit test's.
TEST_CASE("oracle: a large configuration's diff, one cause shared by its cells") {
  auto cur = testing::CompileYaml(Large(false));
  auto des = testing::CompileYaml(Large(true));
  REQUIRE(des->diags.error_count() == 0);
  Diff d = ComputeDiff(&cur->matrix(), des->matrix());
  CHECK(d.cells.size() == 100);  // group g0's 100 members gain production on app0
  CHECK(d.summary.access_gains == 100);
  CHECK(d.summary.access_losses == 0);
  for (const CellChange& c : d.cells) {
    CHECK(c.app == "app0");
    CHECK(c.column == "production");
    CHECK(c.causes == d.cells[0].causes);
  }
  CHECK(d.causes.size() == 1);
  CHECK(testing::EntityLines(d) == std::vector<std::string>{
                                       "~ group g0",
                                       "  groups.g0.apps[0].environments: [staging] -> "
                                       "[staging, production]",
                                   });
}

}  // namespace
}  // namespace stagegate
