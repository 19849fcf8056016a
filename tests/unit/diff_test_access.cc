// D2 (effective access changes) of the diff: cells matched by name, gains in
// production and released first with the grants that cause them, losses with
// the grants that caused the old value, permissions, promote/release
// eligibility, data source access, and columns that exist on one side only.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "diff_test_support.h"

namespace stagegate {
namespace {

using testing::CellLines;
using testing::DiffYaml;
using testing::OtherAccessLines;

// payroll is released; `groups` (and more users) follow.
std::string Config(const std::string& groups, const std::string& envs = "development, staging, production") {
  return "version: 1\n"
         "environments: [" + envs + "]\n"
         "roles: {builder: {apps: []}, end-user: {apps: []}}\n"
         "dataSources:\n"
         "  db: {kind: postgresql, environments: {development: {}, staging: {}, production: {}}}\n"
         "apps:\n"
         "  payroll:\n"
         "    versions: [{name: v1, environment: production, status: released}]\n"
         "  inventory:\n"
         "    versions: [{name: v1, environment: development, status: draft}]\n"
         "users:\n"
         "  quinn@x.io: {role: builder}\n"
         "  sofia@x.io: {role: builder}\n" +
         groups;
}

const std::string kQa =
    "groups:\n"
    "  qa:\n"
    "    members: [quinn@x.io, sofia@x.io]\n"
    "    apps: [{apps: [payroll], permission: edit, environments: [staging]}]\n";

TEST_CASE("access: no change gives no access changes") {
  auto f = DiffYaml(Config(kQa), Config(kQa));
  CHECK(f.diff.cells.empty());
  CHECK(OtherAccessLines(f.diff).empty());
}

TEST_CASE("access: a group gaining production lists production gains first, with the grant") {
  std::string desired =
      "groups:\n"
      "  qa:\n"
      "    members: [quinn@x.io, sofia@x.io]\n"
      "    apps: [{apps: [payroll], permission: edit, environments: [development, staging, "
      "production]}]\n";
  auto f = DiffYaml(Config(kQa), Config(desired));
  CHECK(CellLines(f.diff) == std::vector<std::string>{
                                 "+ quinn@x.io payroll production: none -> run [group qa @17]",
                                 "+ sofia@x.io payroll production: none -> run [group qa @17]",
                                 "+ quinn@x.io payroll development: none -> edit [group qa @17]",
                                 "+ sofia@x.io payroll development: none -> edit [group qa @17]",
                             });
  CHECK(f.diff.cells[0].production);
  CHECK(!f.diff.cells[2].production);
  CHECK(f.diff.summary.access_gains == 4);
  CHECK(f.diff.summary.access_losses == 0);
}

TEST_CASE("access: a removed user loses everything, with the grants that gave it") {
  std::string desired = kQa;
  std::string current = Config(kQa);
  std::string without = current;
  without.erase(without.find("  sofia@x.io: {role: builder}\n"), 29);
  desired.replace(desired.find("quinn@x.io, sofia@x.io"), 22, "quinn@x.io");
  auto f = DiffYaml(current, without.substr(0, without.find("groups:")) + desired);
  CHECK(CellLines(f.diff) == std::vector<std::string>{
                                 "- sofia@x.io payroll staging: run -> none [group qa @17]",
                             });
  CHECK(f.diff.summary.access_losses == 1);
}

TEST_CASE("access: a new user gains, permissions and eligibility follow") {
  std::string desired = Config(
      "  lead@x.io: {role: builder}\n" + kQa +
      "  leads:\n"
      "    members: [lead@x.io]\n"
      "    permissions: [appPromote]\n"
      "    apps: [{apps: [inventory], permission: edit, environments: [development]}]\n"
      "    dataSources: [{dataSources: [db], permission: use}]\n");
  auto f = DiffYaml(Config(kQa), desired);
  CHECK(CellLines(f.diff) == std::vector<std::string>{
                                 "+ lead@x.io inventory development: none -> edit [group leads @22]",
                             });
  CHECK(OtherAccessLines(f.diff) == std::vector<std::string>{
                                        "+ lead@x.io permission appPromote [group leads @21]",
                                        "+ lead@x.io promote inventory [group leads @21, group leads @22]",
                                        "+ lead@x.io dataSource db: none -> use [group leads @23]",
                                    });
  CHECK(f.diff.summary.access_gains == 4);
}

TEST_CASE("access: order is production/released gains, other gains, then losses") {
  std::string current =
      "groups:\n"
      "  qa:\n"
      "    members: [quinn@x.io, sofia@x.io]\n"
      "    apps: [{apps: [payroll], permission: view, environments: [staging]}]\n";
  std::string desired =
      "groups:\n"
      "  qa:\n"
      "    members: [quinn@x.io]\n"
      "    apps: [{apps: [payroll], permission: view, environments: [development, released]}]\n";
  auto f = DiffYaml(Config(current), Config(desired));
  CHECK(CellLines(f.diff) == std::vector<std::string>{
                                 "+ quinn@x.io payroll released: none -> use [group qa @17]",
                                 "+ quinn@x.io payroll development: none -> preview [group qa @17]",
                                 "- quinn@x.io payroll staging: preview -> none [group qa @17]",
                                 "- sofia@x.io payroll staging: preview -> none [group qa @17]",
                             });
}

TEST_CASE("access: an environment on one side only counts as none on the other") {
  std::string grant =
      "groups:\n"
      "  qa:\n"
      "    members: [quinn@x.io]\n"
      "    apps: [{apps: [payroll], permission: view}]\n";
  auto f = DiffYaml(Config(grant), Config(grant, "development, qa, staging, production"));
  CHECK(CellLines(f.diff) == std::vector<std::string>{
                                 "+ quinn@x.io payroll qa: none -> preview [group qa @17]",
                             });
  auto g = DiffYaml(Config(grant, "development, qa, staging, production"), Config(grant));
  CHECK(CellLines(g.diff) == std::vector<std::string>{
                                 "- quinn@x.io payroll qa: preview -> none [group qa @17]",
                             });
}

TEST_CASE("access: against no current state every access is a gain") {
  auto f = DiffYaml("", Config(kQa));
  CHECK(CellLines(f.diff) == std::vector<std::string>{
                                 "+ quinn@x.io payroll staging: none -> run [group qa @17]",
                                 "+ sofia@x.io payroll staging: none -> run [group qa @17]",
                             });
}

TEST_CASE("access: an owner's cells come from ownership (R6), once per owned app") {
  std::string current = Config(kQa);
  std::string desired = current;
  desired.replace(desired.find("  payroll:\n"), 11, "  payroll:\n    owner: sofia@x.io\n");
  auto f = DiffYaml(current, desired);
  CHECK(CellLines(f.diff) == std::vector<std::string>{
                                 "+ sofia@x.io payroll production: none -> run [owner sofia@x.io @8, group qa @18]",
                                 "+ sofia@x.io payroll released: none -> use [owner sofia@x.io @8, group qa @18]",
                                 "+ sofia@x.io payroll development: none -> edit [owner sofia@x.io @8, group qa @18]",
                             });
}

TEST_CASE("access: a user made admin gains through R6, a lost permission names the old grant") {
  std::string current = Config(
      "groups:\n"
      "  leads:\n"
      "    members: [sofia@x.io]\n"
      "    permissions: [appRelease]\n");
  std::string desired = current;
  desired.replace(desired.find("  quinn@x.io: {role: builder}"), 29, "  quinn@x.io: {role: admin}  ");
  desired.replace(desired.find("permissions: [appRelease]"), 25, "permissions: []");
  auto f = testing::DiffYaml(current, desired);
  auto cells = testing::CellLines(f.diff);
  REQUIRE(cells.size() == 7);  // payroll: 4 columns; inventory is not released: 3
  CHECK(cells[0] == "+ quinn@x.io inventory production: none -> run [admin ]");
  CHECK(cells[1] == "+ quinn@x.io payroll production: none -> run [admin ]");
  CHECK(cells[2] == "+ quinn@x.io payroll released: none -> use [admin ]");
  auto other = testing::OtherAccessLines(f.diff);
  // Permissions (gains, then losses), eligibility, data sources.
  CHECK(other == std::vector<std::string>{
                      "+ quinn@x.io permission appCreate [admin ]",
                      "+ quinn@x.io permission appDelete [admin ]",
                      "+ quinn@x.io permission appPromote [admin ]",
                      "+ quinn@x.io permission appRelease [admin ]",
                      "+ quinn@x.io permission dataSourceCreate [admin ]",
                      "+ quinn@x.io permission dataSourceDelete [admin ]",
                      "+ quinn@x.io permission folderCRUD [admin ]",
                      "+ quinn@x.io permission orgConstantCRUD [admin ]",
                      "+ quinn@x.io permission workflowCreate [admin ]",
                      "+ quinn@x.io permission workflowDelete [admin ]",
                      "- sofia@x.io permission appRelease [group leads @17]",
                      "+ quinn@x.io promote inventory [admin ]",
                      "+ quinn@x.io release inventory [admin ]",
                      "+ quinn@x.io promote payroll [admin ]",
                      "+ quinn@x.io release payroll [admin ]",
                      "+ quinn@x.io dataSource db: none -> configure [admin ]",
                  });
}

}  // namespace
}  // namespace stagegate
