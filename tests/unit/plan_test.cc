// Tests of the promotion plan's steps (semantics.md P1-P4, P6, P8): what each
// change of version placement or status turns into, in which order, with the
// permission and the users who hold it.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "plan_test_support.h"

namespace stagegate {
namespace {

using testing::Config;
using testing::kV1Released;
using testing::Payroll;
using testing::RunPlan;
using Lines = std::vector<std::string>;

TEST_CASE("P2: a version promoted two environments takes two steps, in pipeline order") {
  auto run =
      RunPlan(Config(Payroll(kV1Released +
                             "      - {name: v2, environment: development, status: published}\n")),
              Config(Payroll(kV1Released +
                             "      - {name: v2, environment: production, status: published}\n")));
  CHECK(run->Headlines().empty());
  CHECK(run->Steps() == Lines{
                            "payroll v2 promote development -> staging by ada@x.io, lee@x.io",
                            "payroll v2 promote staging -> production by ada@x.io, lee@x.io",
                        });
  const PlanStep& step = run->plan.steps.at(0);
  CHECK(step.permission.workspace == WorkspacePermission::kAppPromote);
  CHECK(step.permission.rule == "R9");
  CHECK(DescribePermission(step.permission, step.app) == "appPromote + edit on 'payroll'");
  CHECK(step.location.line == 16);
  CHECK(run->plan.summary.Text() == "2 promotions");
}

TEST_CASE("P3: a draft that must move on is published first") {
  auto run = RunPlan(
      Config(
          Payroll(kV1Released + "      - {name: v2, environment: development, status: draft}\n")),
      Config(
          Payroll(kV1Released + "      - {name: v2, environment: staging, status: published}\n")));
  CHECK(run->Headlines().empty());
  CHECK(run->Steps() == Lines{
                            "payroll v2 publish development by ada@x.io, lee@x.io",
                            "payroll v2 promote development -> staging by ada@x.io, lee@x.io",
                        });
  CHECK(run->plan.summary.Text() == "1 publication, 1 promotion");
}

TEST_CASE("P3: publishing a draft in place is one publish step") {
  auto run =
      RunPlan(Config(Payroll("      - {name: v2, environment: development, status: draft}\n")),
              Config(Payroll("      - {name: v2, environment: development, status: published}\n")));
  CHECK(run->Headlines().empty());
  CHECK(run->Steps() == Lines{"payroll v2 publish development by ada@x.io, lee@x.io"});
}

TEST_CASE("P4: a release replaces the previous release, which becomes published") {
  auto run =
      RunPlan(Config(Payroll(kV1Released +
                             "      - {name: v2, environment: production, status: published}\n")),
              Config(Payroll("      - {name: v1, environment: production, status: published}\n"
                             "      - {name: v2, environment: production, status: released}\n")));
  CHECK(run->Headlines().empty());
  CHECK(run->Steps() == Lines{"payroll v2 release production replacing v1 by ada@x.io, lee@x.io"});
  const PlanStep& step = run->plan.steps.at(0);
  CHECK(step.permission.workspace == WorkspacePermission::kAppRelease);
  CHECK(DescribePermission(step.permission, step.app) == "appRelease + edit on 'payroll'");
  CHECK(run->plan.summary.Text() == "1 release");
}

TEST_CASE("P1-P4: a draft taken all the way to a release: publish, promotions, release") {
  auto run =
      RunPlan(Config(Payroll(kV1Released +
                             "      - {name: v2, environment: development, status: draft}\n")),
              Config(Payroll("      - {name: v1, environment: production, status: published}\n"
                             "      - {name: v2, environment: production, status: released}\n")));
  CHECK(run->Headlines().empty());
  CHECK(run->Steps() == Lines{
                            "payroll v2 publish development by ada@x.io, lee@x.io",
                            "payroll v2 promote development -> staging by ada@x.io, lee@x.io",
                            "payroll v2 promote staging -> production by ada@x.io, lee@x.io",
                            "payroll v2 release production replacing v1 by ada@x.io, lee@x.io",
                        });
}

TEST_CASE("P1: with no current state every version is created in the first environment") {
  auto run =
      RunPlan(std::nullopt,
              Config(Payroll(kV1Released +
                             "      - {name: v2, environment: staging, status: published}\n"
                             "      - {name: v3, environment: development, status: draft}\n")));
  CHECK(run->Headlines().empty());
  CHECK(run->Steps() == Lines{
                            "payroll v1 create development by ada@x.io, lee@x.io",
                            "payroll v2 create development by ada@x.io, lee@x.io",
                            "payroll v3 create development by ada@x.io, lee@x.io",
                            "payroll v1 publish development by ada@x.io, lee@x.io",
                            "payroll v2 publish development by ada@x.io, lee@x.io",
                            "payroll v1 promote development -> staging by ada@x.io, lee@x.io",
                            "payroll v1 promote staging -> production by ada@x.io, lee@x.io",
                            "payroll v2 promote development -> staging by ada@x.io, lee@x.io",
                            "payroll v1 release production by ada@x.io, lee@x.io",
                        });
  CHECK(run->plan.steps.at(0).permission.rule == "P6");
  CHECK(!run->plan.steps.at(0).permission.workspace);
  CHECK(DescribePermission(run->plan.steps.at(0).permission, "payroll") == "edit on 'payroll'");
  CHECK(run->plan.summary.Text() == "3 creations, 2 publications, 3 promotions, 1 release");
  CHECK(run->plan.summary.total() == 9);
}

TEST_CASE("no changes: an empty plan") {
  const std::string config = Config(
      Payroll(kV1Released + "      - {name: v2, environment: staging, status: published}\n"));
  auto run = RunPlan(config, config);
  CHECK(run->Headlines().empty());
  CHECK(run->plan.empty());
  CHECK(run->plan.summary.total() == 0);
  CHECK(run->plan.summary.Text() == "no version changes");
}

TEST_CASE("a version removed from the configuration is a delete step") {
  auto run =
      RunPlan(Config(Payroll(kV1Released +
                             "      - {name: v0, environment: staging, status: published}\n")),
              Config(Payroll(kV1Released)));
  CHECK(run->Headlines().empty());
  CHECK(run->Steps() == Lines{"payroll v0 delete staging by ada@x.io, lee@x.io"});
  CHECK(run->plan.steps.at(0).location.line == 13);  // the app: the version is gone
  CHECK(run->plan.summary.Text() == "1 deletion");
}

TEST_CASE("P6: the users are those who hold the permission in the desired matrix, sorted") {
  // zed edits but may not promote; bob (disabled) and eve (end-user) hold nothing.
  const std::string apps =
      Payroll("      - {name: v2, environment: development, status: published}\n");
  const std::string desired =
      "version: 1\n"
      "roles: {builder: {apps: []}}\n"
      "users:\n"
      "  Zed@x.io: {role: builder}\n"
      "  amy@x.io: {role: builder}\n"
      "  bob@x.io: {role: admin, disabled: true}\n"
      "  eve@x.io: {role: end-user}\n"
      "  kim@x.io: {role: builder}\n"
      "groups:\n"
      "  leads:\n"
      "    members: [kim@x.io, amy@x.io, eve@x.io]\n"
      "    permissions: [appPromote]\n"
      "    apps: [{apps: [payroll], permission: edit}]\n"
      "  devs:\n"
      "    members: [Zed@x.io]\n"
      "    apps: [{apps: [payroll], permission: edit}]\n"
      "apps:\n" +
      apps;
  auto run = RunPlan(std::nullopt, desired);
  CHECK(run->Headlines().empty());
  CHECK(run->Steps() == Lines{"payroll v2 create development by amy@x.io, kim@x.io, Zed@x.io",
                              "payroll v2 publish development by amy@x.io, kim@x.io, Zed@x.io"});
  auto promote = RunPlan(
      Config(apps), desired.substr(0, desired.size() - apps.size()) +
                        Payroll("      - {name: v2, environment: staging, status: published}\n"));
  CHECK(promote->Steps() ==
        Lines{"payroll v2 promote development -> staging by amy@x.io, kim@x.io"});
}

TEST_CASE("P6: the owner edits (R6) even outside every group") {
  const std::string desired =
      "version: 1\n"
      "roles: {builder: {apps: []}}\n"
      "users:\n"
      "  amy@x.io: {role: builder}\n"
      "  kim@x.io: {role: builder}\n"
      "apps:\n"
      "  payroll:\n"
      "    owner: kim@x.io\n"
      "    versions: [{name: v1, environment: development, status: draft}]\n";
  auto run = RunPlan(std::nullopt, desired);
  CHECK(run->Headlines().empty());
  CHECK(run->Steps() == Lines{"payroll v1 create development by kim@x.io"});
}

TEST_CASE("P8: apps by name, promotions of the version furthest along first, deterministic") {
  const std::string before =
      "  zeta:\n"
      "    versions:\n"
      "      - {name: v1, environment: development, status: published}\n"
      "  alpha:\n"
      "    versions:\n"
      "      - {name: v3, environment: development, status: published}\n"
      "      - {name: v2, environment: staging, status: published}\n"
      "      - {name: v1, environment: production, status: released}\n";
  const std::string after =
      "  zeta:\n"
      "    versions:\n"
      "      - {name: v1, environment: staging, status: published}\n"
      "      - {name: v0, environment: development, status: draft}\n"
      "  alpha:\n"
      "    versions:\n"
      "      - {name: v3, environment: staging, status: published}\n"
      "      - {name: v2, environment: production, status: released}\n"
      "      - {name: v1, environment: production, status: published}\n"
      "      - {name: v4, environment: development, status: draft}\n";
  const Lines expected{
      "alpha v4 create development by ada@x.io, lee@x.io",
      "alpha v2 promote staging -> production by ada@x.io, lee@x.io",
      "alpha v3 promote development -> staging by ada@x.io, lee@x.io",
      "alpha v2 release production replacing v1 by ada@x.io, lee@x.io",
      "zeta v0 create development by ada@x.io, lee@x.io",
      "zeta v1 promote development -> staging by ada@x.io, lee@x.io",
  };
  for (int i = 0; i < 2; ++i) {
    auto run = RunPlan(Config(before), Config(after));
    CHECK(run->Headlines().empty());
    CHECK(run->Steps() == expected);
  }
}

TEST_CASE("summary text: singular and plural per kind, in P8 order") {
  PlanSummary s;
  CHECK(s.Text() == "no version changes");
  s.counts = {1, 1, 2, 1, 3};
  CHECK(s.Text() == "1 creation, 1 publication, 2 promotions, 1 release, 3 deletions");
  CHECK(s.total() == 8);
  CHECK(s.Count(StepKind::kDelete) == 3);
  CHECK(StepKindName(StepKind::kPromote) == "promote");
}

TEST_CASE("P6: step users: the owner is merged into a shared list in e-mail order, a limit") {
  // Everyone in `devs` edits every app; cy owns payroll only.
  const std::string desired =
      "version: 1\n"
      "roles: {builder: {apps: []}}\n"
      "users:\n"
      "  bo@x.io: {role: builder}\n"
      "  cy@x.io: {role: builder}\n"
      "  di@x.io: {role: builder}\n"
      "  al@x.io: {role: builder}\n"
      "groups:\n"
      "  devs:\n"
      "    members: [al@x.io, bo@x.io, di@x.io]\n"
      "    apps: [{apps: \"*\", permission: edit}]\n"
      "apps:\n"
      "  crm:\n"
      "    versions: [{name: v1, environment: development, status: draft}]\n"
      "  payroll:\n"
      "    owner: cy@x.io\n"
      "    versions: [{name: v1, environment: development, status: draft}]\n";
  auto run = RunPlan(std::nullopt, desired);
  CHECK(run->Headlines().empty());
  REQUIRE(run->plan.steps.size() == 2);
  const StepUsers& crm = run->plan.steps[0].holders;
  const StepUsers& payroll = run->plan.steps[1].holders;
  CHECK(crm.Emails() == Lines{"al@x.io", "bo@x.io", "di@x.io"});
  CHECK(run->plan.steps[0].users() == crm.Emails());
  CHECK(payroll.Emails() == Lines{"al@x.io", "bo@x.io", "cy@x.io", "di@x.io"});
  CHECK(payroll.size() == 4);
  CHECK(payroll.Emails(3) == Lines{"al@x.io", "bo@x.io", "cy@x.io"});
  CHECK(payroll.Emails(0).empty());
  CHECK(crm.Indexes(2) == std::vector<uint32_t>{0, 1});
  CHECK(StepUsers().empty());
}

TEST_CASE("a version in an environment the desired workspace dropped is left alone") {
  const std::string apps = Payroll("      - {name: v2, environment: qa, status: published}\n");
  auto run = RunPlan(
      "version: 1\nenvironments: [development, qa, production]\nusers: {a@x.io: {role: admin}}\n"
      "apps:\n" +
          apps,
      "version: 1\nenvironments: [development, staging, production]\n"
      "users: {a@x.io: {role: admin}}\napps:\n" +
          Payroll("      - {name: v2, environment: staging, status: published}\n"));
  CHECK(run->Headlines().empty());
  CHECK(run->plan.empty());
}

}  // namespace
}  // namespace stagegate

namespace stagegate {
namespace {

using testing::Config;
using testing::RunPlan;

TEST_CASE("P6 under accessRules: server: promote and release need the permission alone (S4)") {
  // pat holds appPromote and appRelease and edits nothing.
  const std::string tail =
      "---\n"
      "accessRules: server\n"
      "users: {pat@x.io: {role: builder}}\n"
      "groups:\n"
      "  shippers: {members: [pat@x.io], permissions: [appPromote, appRelease]}\n";
  const std::string v1 = "  payroll:\n    versions:\n"
                         "      - {name: v1, environment: development, status: published}\n";
  const std::string v1_staging = "  payroll:\n    versions:\n"
                                 "      - {name: v1, environment: staging, status: published}\n";
  auto run = RunPlan(Config(v1, tail), Config(v1_staging, tail));
  CHECK(run->Headlines().empty());
  REQUIRE(run->plan.steps.size() == 1);
  const PlanStep& step = run->plan.steps.at(0);
  CHECK(step.permission.rule == "S4");
  CHECK(DescribePermission(step.permission, step.app) == "appPromote");
  CHECK(step.users() == std::vector<std::string>{"ada@x.io", "lee@x.io", "pat@x.io"});
  // The same plan under the documented rules: pat cannot edit payroll (R9).
  auto documented = RunPlan(Config(v1), Config(v1_staging));
  CHECK(documented->plan.steps.at(0).users() == std::vector<std::string>{"ada@x.io", "lee@x.io"});
  CHECK(documented->plan.steps.at(0).permission.rule == "R9");
}

}  // namespace
}  // namespace stagegate
