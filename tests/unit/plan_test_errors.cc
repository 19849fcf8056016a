// Tests of the promotion plan's errors, each asserting the exact headline:
// versions moving back (P2), blocked steps (P5), steps nobody may carry out
// (P6) and version actions versionRules forbids (P7).
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

TEST_CASE("P2: a version moving back to an earlier environment is an error, with no steps") {
  auto run =
      RunPlan(Config(Payroll(kV1Released +
                             "      - {name: v2, environment: production, status: published}\n")),
              Config(Payroll(kV1Released +
                             "      - {name: v2, environment: staging, status: published}\n")));
  CHECK(run->Headlines() ==
        Lines{"a.yaml:16:33: error: version 'v2' of app 'payroll' moves back from 'production' to "
              "'staging'; versions never move back: create a new version in 'development' and "
              "promote it [version-moves-back]"});
  CHECK(run->plan.empty());
  CHECK(run->plan.summary.errors == 1);
}

TEST_CASE("P2: a published version going back to draft is an error") {
  auto run =
      RunPlan(Config(Payroll("      - {name: v2, environment: development, status: published}\n")),
              Config(Payroll("      - {name: v2, environment: development, status: draft}\n")));
  CHECK(run->Headlines() ==
        Lines{"a.yaml:15:54: error: version 'v2' of app 'payroll' goes back from published to "
              "draft; versions never move back: create a new version in 'development' and "
              "promote it [version-moves-back]"});
  CHECK(run->plan.empty());
}

// hr-db lacks staging; API_URL (used by the app) lacks staging; DB_PASS (used
// by hr-db's production options) lacks production.
const std::string kDataTail =
    "dataSources:\n"
    "  hr-db:\n"
    "    kind: postgresql\n"
    "    environments:\n"
    "      development: {host: dev, password: \"{{secrets.DB_PASS}}\"}\n"
    "      production: {host: \"{{constants.HOST}}\", password: \"{{secrets.DB_PASS}}\"}\n"
    "constants:\n"
    "  HOST: {type: global, values: {development: a, staging: b, production: c}}\n"
    "  API_URL: {type: global, values: {development: a, production: c}}\n"
    "  DB_PASS:\n"
    "    type: secret\n"
    "    values: {development: {fromEnv: DEV_PASS}, staging: {fromEnv: STG_PASS}}\n";

TEST_CASE("P5: a promotion into an environment missing a data source is blocked") {
  const std::string uses = "    dataSources: [hr-db]\n";
  auto run = RunPlan(
      Config(Payroll("      - {name: v2, environment: development, status: published}\n", uses),
             kDataTail),
      Config(Payroll("      - {name: v2, environment: staging, status: published}\n", uses),
             kDataTail));
  CHECK(run->Headlines() ==
        Lines{"a.yaml:15:16: error: promoting version 'v2' of app 'payroll' to 'staging' is "
              "blocked: 'staging' lacks data source 'hr-db'; configure it for 'staging' first "
              "[step-blocked]"});
  CHECK(run->Steps() ==
        Lines{"payroll v2 promote development -> staging by ada@x.io, lee@x.io (blocked)"});
  CHECK(run->plan.steps.at(0).missing == Lines{"data source 'hr-db'"});
  CHECK(run->plan.summary.blocked == 1);
}

TEST_CASE("P5: constants the app uses and constants its data sources reference need values") {
  const std::string uses = "    dataSources: [hr-db]\n    constants: [API_URL]\n";
  auto run = RunPlan(
      Config(Payroll("      - {name: v2, environment: development, status: published}\n", uses),
             kDataTail),
      Config(Payroll("      - {name: v2, environment: production, status: published}\n", uses),
             kDataTail));
  CHECK(run->Headlines() ==
        Lines{"a.yaml:15:16: error: promoting version 'v2' of app 'payroll' to 'production' is "
              "blocked: 'production' lacks a value for secret 'DB_PASS' (used by data source "
              "'hr-db'); configure it for 'production' first [step-blocked]",
              "a.yaml:15:16: error: promoting version 'v2' of app 'payroll' to 'staging' is "
              "blocked: 'staging' lacks data source 'hr-db' and a value for constant 'API_URL'; "
              "configure them for 'staging' first [step-blocked]"});
  CHECK(run->plan.summary.blocked == 2);
}

TEST_CASE("P5: creating a version checks the first environment") {
  const std::string tail =
      "dataSources: {api: {kind: restapi, environments: {staging: {url: x}, production: {url: "
      "y}}}}\n";
  auto run = RunPlan(std::nullopt,
                     Config(Payroll("      - {name: v1, environment: development, status: draft}\n",
                                    "    dataSources: [api]\n"),
                            tail));
  CHECK(run->Headlines() ==
        Lines{"a.yaml:15:16: error: creating version 'v1' of app 'payroll' in 'development' is "
              "blocked: 'development' lacks data source 'api'; configure it for 'development' "
              "first [step-blocked]"});
}

TEST_CASE("P6: a plan nobody may carry out is an error naming the permission") {
  // lee edits payroll but holds neither appPromote nor appRelease.
  const std::string head =
      "version: 1\n"                                       // 1
      "roles: {builder: {apps: []}}\n"                     // 2
      "users: {lee@x.io: {role: builder}}\n"               // 3
      "groups:\n"                                          // 4
      "  devs:\n"                                          // 5
      "    members: [lee@x.io]\n"                          // 6
      "    apps: [{apps: [payroll], permission: edit}]\n"  // 7
      "apps:\n";                                           // 8
  auto run =
      RunPlan(head + Payroll("      - {name: v2, environment: staging, status: published}\n"),
              head + Payroll("      - {name: v2, environment: production, status: released}\n"));
  CHECK(run->Headlines() ==
        Lines{"a.yaml:11:16: error: nobody may promote version 'v2' of app 'payroll' to "
              "'production': it needs appPromote + edit on 'payroll' (R9); grant both to a group "
              "of enabled builders [step-without-actor]",
              "a.yaml:11:16: error: nobody may release version 'v2' of app 'payroll' in "
              "'production': it needs appRelease + edit on 'payroll' (R10); grant both to a group "
              "of enabled builders [step-without-actor]"});
  CHECK(run->Steps() == Lines{"payroll v2 promote staging -> production by nobody (blocked)",
                              "payroll v2 release production by nobody (blocked)"});
}

TEST_CASE("P6: one error per version and permission when nobody may edit the app") {
  const std::string desired =
      "version: 1\n"
      "users: {eve@x.io: {role: end-user}}\n"
      "apps:\n" +
      Payroll("      - {name: v1, environment: development, status: published}\n");
  auto run = RunPlan(std::nullopt, desired);
  CHECK(run->Headlines() ==
        Lines{"a.yaml:6:16: error: nobody may create version 'v1' of app 'payroll' in "
              "'development': it needs edit on 'payroll' (P6); grant edit on 'payroll' to a group "
              "of enabled builders [step-without-actor]"});
  CHECK(run->Steps() == Lines{"payroll v1 create development by nobody (blocked)",
                              "payroll v1 publish development by nobody (blocked)"});
}

TEST_CASE("P7: renaming a version in staging is an error under both versionRules") {
  struct Case {
    std::string rules;
    std::string note;
  };
  for (const Case& c : {Case{"",
                             "versionRules 'default' allows renaming only drafts in "
                             "'development'"},
                        Case{"versionRules: strict\n",
                             "versionRules 'strict' allows renaming only in 'development'"}}) {
    CAPTURE(c.rules);
    auto run = RunPlan(
        Config(
            Payroll(kV1Released + "      - {name: v2, environment: staging, status: published}\n"),
            c.rules),
        Config(Payroll(kV1Released +
                       "      - {name: v2-fix, environment: staging, status: published}\n"),
               c.rules));
    CHECK(run->Headlines() ==
          Lines{"a.yaml:16:16: error: version 'v2' of app 'payroll' is renamed to 'v2-fix' in "
                "'staging', but " +
                c.note +
                "; keep the name 'v2', or create a new version in "
                "'development' and promote it [forbidden-version-action]"});
    CHECK(run->plan.empty());
  }
}

TEST_CASE("P7: a rename in the first environment is a delete and a create") {
  auto run =
      RunPlan(Config(Payroll("      - {name: v3, environment: development, status: draft}\n"),
                     "versionRules: strict\n"),
              Config(Payroll("      - {name: v3-new, environment: development, status: draft}\n"),
                     "versionRules: strict\n"));
  CHECK(run->Headlines().empty());
  CHECK(run->Steps() == Lines{"payroll v3-new create development by ada@x.io, lee@x.io",
                              "payroll v3 delete development by ada@x.io, lee@x.io"});
}

TEST_CASE("P7: deleting a production version is allowed under default, an error under strict") {
  const std::string current =
      kV1Released + "      - {name: v0, environment: production, status: published}\n";
  auto allowed = RunPlan(Config(Payroll(current)), Config(Payroll(kV1Released)));
  CHECK(allowed->Headlines().empty());
  CHECK(allowed->Steps() == Lines{"payroll v0 delete production by ada@x.io, lee@x.io"});

  auto strict = RunPlan(Config(Payroll(current), "versionRules: strict\n"),
                        Config(Payroll(kV1Released), "versionRules: strict\n"));
  CHECK(strict->Headlines() ==
        Lines{"a.yaml:13:3: error: version 'v0' of app 'payroll' is deleted from 'production', "
              "but versionRules 'strict' allows deleting versions only in 'development'; keep "
              "'v0' in the configuration [forbidden-version-action]"});
  CHECK(strict->diags.items().at(0).related.size() == 1);
  CHECK(strict->diags.items().at(0).related.at(0).message == "versionRules set here");
  CHECK(strict->Steps() == Lines{"payroll v0 delete production by ada@x.io, lee@x.io"});
}

TEST_CASE("P7: a released version cannot be changed without another release") {
  auto run =
      RunPlan(Config(Payroll(kV1Released)),
              Config(Payroll("      - {name: v1, environment: production, status: published}\n")));
  CHECK(run->Headlines() ==
        Lines{"a.yaml:15:53: error: released version 'v1' of app 'payroll' becomes published "
              "while no other version is released; a released version cannot be changed: release "
              "another version in 'production' to replace it, or keep 'v1' released "
              "[forbidden-version-action]"});
  CHECK(run->plan.empty());
}

}  // namespace
}  // namespace stagegate
