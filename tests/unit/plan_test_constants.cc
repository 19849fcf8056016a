// P5 agrees with the checks on constants without a value (issue 22): a step
// into an environment where a constant the app needs has no value is
// blocked, whether the environment is left out of `values`, written as ""
// (ToolJet's '') or `values` is missing; and a global constant does not
// stand in for a secret of the same name.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "plan_test_support.h"

namespace stagegate {
namespace {

using testing::Config;
using testing::RunPlan;
using Lines = std::vector<std::string>;

std::string PayrollIn(const std::string& environment) {
  return "  payroll:\n"
         "    dataSources: [db]\n"
         "    constants: [API_URL]\n"
         "    versions:\n"
         "      - {name: v2, environment: " +
         environment + ", status: published}\n";
}

const std::string kDataSource =
    "dataSources:\n"
    "  db:\n"
    "    kind: postgresql\n"
    "    environments:\n"
    "      development: {password: \"{{secrets.API_URL}}\"}\n"
    "      staging: {password: \"{{secrets.API_URL}}\"}\n"
    "      production: {password: \"{{secrets.API_URL}}\"}\n";

TEST_CASE("P5: a constant with no value where the version goes blocks the step") {
  SECTION("\"\" is no value, as a left-out environment is") {
    const std::string tail = kDataSource +
                             "constants:\n"
                             "  API_URL: {type: global, values: {development: a, staging: \"\"}}\n"
                             "---\n"
                             "constants:\n"
                             "  API_URL:\n"
                             "    type: secret\n"
                             "    values: {development: {fromEnv: A}, staging: {fromEnv: B}}\n";
    auto run = RunPlan(Config(PayrollIn("development"), tail), Config(PayrollIn("staging"), tail));
    CHECK(run->Headlines() ==
          Lines{"a.yaml:17:16: error: promoting version 'v2' of app 'payroll' to 'staging' is "
                "blocked: 'staging' lacks a value for constant 'API_URL'; configure it for "
                "'staging' first [step-blocked]"});
    CHECK(run->plan.summary.blocked == 1);
  }
  SECTION("the secret of the name lacks it though the global one has it") {
    const std::string tail = kDataSource +
                             "constants:\n"
                             "  API_URL: {type: global, values: {development: a, staging: b}}\n"
                             "---\n"
                             "constants:\n"
                             "  API_URL: {type: secret, values: {development: {fromEnv: A}}}\n";
    auto run = RunPlan(Config(PayrollIn("development"), tail), Config(PayrollIn("staging"), tail));
    CHECK(run->Headlines() ==
          Lines{"a.yaml:17:16: error: promoting version 'v2' of app 'payroll' to 'staging' is "
                "blocked: 'staging' lacks a value for secret 'API_URL' (used by data source "
                "'db'); configure it for 'staging' first [step-blocked]"});
  }
  SECTION("no `values` at all") {
    const std::string tail = kDataSource +
                             "constants:\n"
                             "  API_URL: {type: global}\n"
                             "---\n"
                             "constants:\n"
                             "  API_URL:\n"
                             "    type: secret\n"
                             "    values: {development: {fromEnv: A}, staging: {fromEnv: B}}\n";
    auto run = RunPlan(Config(PayrollIn("development"), tail), Config(PayrollIn("staging"), tail));
    CHECK(run->plan.steps.at(0).missing == Lines{"a value for constant 'API_URL'"});
  }
}

}  // namespace
}  // namespace stagegate
