// The plan in a workspace without ToolJet's multi-environment licence
// (multiEnvironment: false): versions are released from wherever they are,
// and a version that would have to move to another environment is an error
// (forbidden-version-action), never a promotion step.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "plan_test_support.h"

namespace stagegate {
namespace {

using testing::Config;
using testing::Payroll;
using testing::RunPlan;
using Lines = std::vector<std::string>;

const std::string kSingle = "multiEnvironment: false\n";

TEST_CASE("multiEnvironment false: a release in the first environment is one release step") {
  auto run = RunPlan(
      Config(Payroll("      - {name: v1, environment: development, status: draft}\n"), kSingle),
      Config(Payroll("      - {name: v1, environment: development, status: released}\n"),
             kSingle));
  CHECK(run->Headlines().empty());
  CHECK(run->Steps() == Lines{"payroll v1 publish development by ada@x.io, lee@x.io",
                              "payroll v1 release development by ada@x.io, lee@x.io"});
}

TEST_CASE("multiEnvironment false: a new release replaces the one in development") {
  auto run = RunPlan(
      Config(Payroll("      - {name: v1, environment: development, status: released}\n"
                     "      - {name: v2, environment: development, status: published}\n"),
             kSingle),
      Config(Payroll("      - {name: v1, environment: development, status: published}\n"
                     "      - {name: v2, environment: development, status: released}\n"),
             kSingle));
  CHECK(run->Headlines().empty());
  CHECK(run->Steps() ==
        Lines{"payroll v2 release development replacing v1 by ada@x.io, lee@x.io"});
}

TEST_CASE("multiEnvironment false: a version left in staging by an expired licence is released "
          "there") {
  auto run = RunPlan(
      Config(Payroll("      - {name: v1, environment: staging, status: published}\n"), kSingle),
      Config(Payroll("      - {name: v1, environment: staging, status: released}\n"), kSingle));
  CHECK(run->Headlines().empty());
  CHECK(run->Steps() == Lines{"payroll v1 release staging by ada@x.io, lee@x.io"});
}

TEST_CASE("multiEnvironment false: a version that would move is an error, and no step") {
  auto run = RunPlan(
      Config(Payroll("      - {name: v1, environment: development, status: published}\n"),
             kSingle),
      Config(Payroll("      - {name: v1, environment: production, status: released}\n"),
             kSingle));
  CHECK(run->Headlines() ==
        Lines{"a.yaml:15:33: error: version 'v1' of app 'payroll' would move from 'development' "
              "to 'production', but the workspace does not promote (multiEnvironment: false): "
              "ToolJet moves versions between environments only with its multi-environment "
              "licence; keep the version in 'development' and release it from there, or set "
              "multiEnvironment: true once the workspace has the licence "
              "[forbidden-version-action]"});
  REQUIRE(run->diags.items().size() == 1);
  REQUIRE(run->diags.items()[0].related.size() == 1);
  CHECK(run->diags.items()[0].related[0].message == "multiEnvironment set here");
  CHECK(run->plan.empty());
}

TEST_CASE("multiEnvironment false: a new version outside the first environment is created, "
          "never promoted") {
  auto run = RunPlan(
      Config(Payroll("      - {name: v1, environment: development, status: draft}\n"), kSingle),
      Config(Payroll("      - {name: v1, environment: development, status: draft}\n"
                     "      - {name: v2, environment: staging, status: published}\n"),
             kSingle));
  CHECK(run->Headlines() ==
        Lines{"a.yaml:16:33: error: version 'v2' of app 'payroll' would move from 'development' "
              "to 'staging', but the workspace does not promote (multiEnvironment: false): "
              "ToolJet moves versions between environments only with its multi-environment "
              "licence; keep the version in 'development' and release it from there, or set "
              "multiEnvironment: true once the workspace has the licence "
              "[forbidden-version-action]"});
  CHECK(run->Steps() == Lines{"payroll v2 create development by ada@x.io, lee@x.io"});
}

TEST_CASE("multiEnvironment true (the default): the same change is promoted as ever") {
  auto run = RunPlan(
      Config(Payroll("      - {name: v1, environment: development, status: published}\n"),
             "multiEnvironment: true\n"),
      Config(Payroll("      - {name: v1, environment: production, status: released}\n"),
             "multiEnvironment: true\n"));
  CHECK(run->Headlines().empty());
  CHECK(run->Steps() == Lines{"payroll v1 promote development -> staging by ada@x.io, lee@x.io",
                              "payroll v1 promote staging -> production by ada@x.io, lee@x.io",
                              "payroll v1 release production by ada@x.io, lee@x.io"});
}

TEST_CASE("multiEnvironment false: a version moving back says to create and release") {
  auto run = RunPlan(
      Config(Payroll("      - {name: v1, environment: staging, status: published}\n"), kSingle),
      Config(Payroll("      - {name: v1, environment: development, status: published}\n"),
             kSingle));
  CHECK(run->Headlines() ==
        Lines{"a.yaml:15:33: error: version 'v1' of app 'payroll' moves back from 'staging' to "
              "'development'; versions never move back: create a new version in 'development' "
              "and release it [version-moves-back]"});
}

}  // namespace
}  // namespace stagegate
