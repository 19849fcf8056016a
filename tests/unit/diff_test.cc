// D1 (entity changes) of the diff: fields with paths and old -> new, secrets
// as references, versions, environments, and a diff against nothing.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "diff_test_support.h"

namespace stagegate {
namespace {

using testing::DiffYaml;
using testing::EntityLines;

std::string Base(const std::string& extra = "") {
  return "version: 1\n"
         "workspace: acme\n"
         "environments: [development, staging, production]\n"
         "roles: {builder: {apps: []}, end-user: {apps: []}}\n"
         "dataSources:\n"
         "  db:\n"
         "    kind: postgresql\n"
         "    environments:\n"
         "      development: {host: dev-db, password: \"{{secrets.TOKEN}}\"}\n"
         "      staging: {host: stg-db, password: \"{{secrets.TOKEN}}\"}\n"
         "      production: {host: prod-db, password: \"{{secrets.TOKEN}}\"}\n"
         "constants:\n"
         "  TOKEN:\n"
         "    type: secret\n"
         "    values:\n"
         "      development: {fromEnv: DEV_TOKEN}\n"
         "      staging: {fromEnv: STG_TOKEN}\n"
         "      production: {fromEnv: PROD_TOKEN}\n"
         "apps:\n"
         "  payroll:\n"
         "    dataSources: [db]\n"
         "    versions:\n"
         "      - {name: v1, environment: production, status: released}\n"
         "      - {name: v2, environment: staging, status: published}\n"
         "users:\n"
         "  dana@x.io: {role: builder}\n"
         "  quinn@x.io: {role: builder}\n"
         "groups:\n"
         "  qa:\n"
         "    members: [quinn@x.io]\n"
         "    apps: [{apps: [payroll], permission: edit, environments: [staging]}]\n" +
         extra;
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  return text.replace(pos, from.size(), to);
}

TEST_CASE("the same configuration gives an empty diff") {
  auto f = DiffYaml(Base(), Base());
  REQUIRE(f.desired->diags.error_count() == 0);
  CHECK(f.diff.empty());
  CHECK(f.diff.summary.access_gains == 0);
  CHECK(f.diff.summary.access_losses == 0);
  CHECK(f.diff.summary.entities_changed == 0);
}

TEST_CASE("a changed data source option is one field, old -> new") {
  auto f = DiffYaml(Base(), Replace(Base(), "host: stg-db", "host: stg-db-2"));
  CHECK(EntityLines(f.diff) == std::vector<std::string>{
                                   "~ dataSource db",
                                   "  dataSources.db.environments.staging.host: stg-db -> stg-db-2",
                               });
  CHECK(f.diff.cells.empty());
  CHECK(f.diff.summary.entities_changed == 1);
}

TEST_CASE("D3 a secret's changed reference shows the reference, never a value") {
  auto f = DiffYaml(Base(), Replace(Base(), "fromEnv: PROD_TOKEN", "fromEnv: PROD_TOKEN_2"));
  CHECK(EntityLines(f.diff) ==
        std::vector<std::string>{
            "~ constant TOKEN",
            "  constants.TOKEN.values.production: fromEnv: PROD_TOKEN -> fromEnv: PROD_TOKEN_2 "
            "(secret)",
        });
}

TEST_CASE("a version promoted from staging to production is a version change") {
  std::string desired = Replace(Base(), "{name: v1, environment: production, status: released}",
                                "{name: v1, environment: production, status: published}");
  desired = Replace(desired, "{name: v2, environment: staging, status: published}",
                    "{name: v2, environment: production, status: released}");
  auto f = DiffYaml(Base(), desired);
  CHECK(EntityLines(f.diff) == std::vector<std::string>{
                                   "~ version payroll v1",
                                   "  apps.payroll.versions.v1.status: released -> published",
                                   "~ version payroll v2",
                                   "  apps.payroll.versions.v2.environment: staging -> production",
                                   "  apps.payroll.versions.v2.status: published -> released",
                               });
  CHECK(f.diff.cells.empty());  // payroll stays released
}

TEST_CASE("a changed grant is matched by its target and shown field by field") {
  auto f = DiffYaml(Base(), Replace(Base(), "environments: [staging]}]",
                                    "environments: [staging, production]}]"));
  CHECK(EntityLines(f.diff) ==
        std::vector<std::string>{
            "~ group qa",
            "  groups.qa.apps[0].environments: [staging] -> [staging, production]",
        });
}

TEST_CASE("users added and removed, keyed by lower-cased e-mail") {
  std::string desired = Replace(Base(), "  dana@x.io: {role: builder}\n",
                                "  Eve@X.io: {role: end-user, name: Eve}\n");
  auto f = DiffYaml(Base(), desired);
  CHECK(EntityLines(f.diff) == std::vector<std::string>{
                                   "- user dana@x.io",
                                   "  users[\"dana@x.io\"].disabled: false -> (absent)",
                                   "  users[\"dana@x.io\"].email: dana@x.io -> (absent)",
                                   "  users[\"dana@x.io\"].name: \"\" -> (absent)",
                                   "  users[\"dana@x.io\"].role: builder -> (absent)",
                                   "+ user eve@x.io",
                                   "  users[\"eve@x.io\"].disabled: (absent) -> false",
                                   "  users[\"eve@x.io\"].email: (absent) -> Eve@X.io",
                                   "  users[\"eve@x.io\"].name: (absent) -> Eve",
                                   "  users[\"eve@x.io\"].role: (absent) -> end-user",
                               });
  CHECK(f.diff.summary.entities_added == 1);
  CHECK(f.diff.summary.entities_removed == 1);
}

TEST_CASE("environments added and reordered, workspace settings") {
  std::string desired =
      Replace(Base(), "environments: [development, staging, production]\n",
              "environments: [development, qa, staging, production]\nversionRules: strict\n");
  auto f = DiffYaml(Base(), desired);
  auto lines = EntityLines(f.diff);
  REQUIRE(lines.size() >= 4);
  CHECK(std::vector<std::string>(lines.begin(), lines.begin() + 4) ==
        std::vector<std::string>{
            "~ workspace acme",
            "  workspace.versionRules: default -> strict",
            "+ environment qa",
            "  workspace.environments: (absent) -> 2",
        });

  std::string swapped = Replace(Base(), "environments: [development, staging, production]\n",
                                "environments: [staging, development, production]\n");
  auto g = DiffYaml(Base(), swapped);
  auto swapped_lines = EntityLines(g.diff);
  REQUIRE(swapped_lines.size() >= 4);
  CHECK(std::vector<std::string>(swapped_lines.begin(), swapped_lines.begin() + 4) ==
        std::vector<std::string>{
            "~ environment development",
            "  workspace.environments: 1 -> 2",
            "~ environment staging",
            "  workspace.environments: 2 -> 1",
        });
}

TEST_CASE("against no current state everything is added") {
  auto f = DiffYaml("", Base());
  REQUIRE(!f.diff.entities.empty());
  for (const EntityChange& e : f.diff.entities) {
    INFO(EntityKindName(e.kind) << " " << e.name);
    CHECK(e.change == ChangeKind::kAdded);
  }
  CHECK(f.diff.summary.entities_removed == 0);
  CHECK(f.diff.summary.entities_changed == 0);
  CHECK(f.diff.summary.access_losses == 0);
  // The first entities: the workspace, then its environments by name.
  auto lines = EntityLines(f.diff);
  CHECK(lines[0] == "+ workspace acme");
  CHECK(lines[1] == "  workspace.name: (absent) -> acme");
  CHECK(lines[2] == "  workspace.versionRules: (absent) -> default");
  CHECK(lines[3] == "+ environment development");
  // quinn (qa) gains edit-level staging access on payroll.
  auto cells = testing::CellLines(f.diff);
  CHECK(std::count(cells.begin(), cells.end(),
                   "+ quinn@x.io payroll staging: none -> run [group qa @31]") == 1);
}

TEST_CASE("D3 a credential option is its reference, a literal one is withheld, never shown") {
  std::string desired = Replace(Base(), "production: {host: prod-db, password: \"{{secrets.TOKEN}}\"}",
                                "production: {host: prod-db, password: \"hunter2-literal\"}");
  auto f = testing::DiffYaml(Base(), desired);
  auto lines = testing::EntityLines(f.diff);
  CHECK(lines == std::vector<std::string>{
                     "~ dataSource db",
                     "  dataSources.db.environments.production.password: {{secrets.TOKEN}} -> "
                     "(withheld) (secret)",
                 });
  for (const std::string& line : lines) CHECK(line.find("hunter2") == std::string::npos);
}

TEST_CASE("a grant whose app list changed is one changed field, an extra grant is added") {
  std::string desired =
      Replace(Base(), "    apps: [{apps: [payroll], permission: edit, environments: [staging]}]\n",
              "    apps:\n"
              "      - {apps: [inventory, payroll], permission: edit, environments: [staging]}\n"
              "      - {apps: \"*\", permission: view, environments: [released]}\n");
  auto f = testing::DiffYaml(Base(), desired);
  CHECK(testing::EntityLines(f.diff) ==
        std::vector<std::string>{
            "~ group qa",
            "  groups.qa.apps[0]: (absent) -> "
            "{\"apps\":\"*\",\"environments\":[\"released\"],\"hideFromDashboard\":false,"
            "\"permission\":\"view\"}",
            "  groups.qa.apps[1].apps: [payroll] -> [inventory, payroll]",
        });
}

}  // namespace
}  // namespace stagegate
