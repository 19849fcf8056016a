// --deny-gain rules checked against the configuration they guard: a rule
// that is not one, or names a column the configuration lacks, is an error
// with a suggestion; a rule that can never match (R4) is a warning, and the
// warning is right: on a change that gains everything, exactly the rules
// without a warning trip.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "diff/guard_rails.h"
#include "diff_test_support.h"

namespace stagegate {
namespace {

using testing::DiffYaml;

// A builder with no app access, then edit on every app in every column.
std::string Payroll(const std::string& rules, const std::string& apps) {
  return "version: 1\n" + rules +
         "users: {lee@x.io: {role: builder}}\n"
         "roles: {builder: {permissions: [appPromote, appRelease], apps: " + apps + "}}\n"
         "apps:\n"
         "  payroll:\n"
         "    versions: [{name: v1, environment: production, status: released}]\n";
}

std::string Error(const std::string& rule, const Workspace& ws) {
  return CheckDenyGainRule(rule, ws).error;
}

std::string Warning(const std::string& rule, const Workspace& ws) {
  return CheckDenyGainRule(rule, ws).warning;
}

TEST_CASE("guard rails: a rule that is not one says what was meant") {
  const std::string kShape =
      "; write CAPABILITY:COLUMN (e.g. run:production, run:*, use:released), a workspace "
      "permission (e.g. appRelease), promote, release or public";
  std::string error;
  CHECK_FALSE(ValidDenyGainRule("appRelase", &error));
  CHECK(error == "--deny-gain appRelase: not a rule (did you mean 'appRelease'?)" + kShape);
  CHECK_FALSE(ValidDenyGainRule("pubic", &error));
  CHECK(error == "--deny-gain pubic: not a rule (did you mean 'public'?)" + kShape);
  CHECK_FALSE(ValidDenyGainRule("production", &error));
  CHECK(error == "--deny-gain production: not a rule" + kShape);
  CHECK_FALSE(ValidDenyGainRule("rnu:production", &error));
  CHECK(error ==
        "--deny-gain rnu:production: no capability 'rnu' (did you mean 'run'?); the "
        "capabilities are use, preview, run and edit");
  CHECK_FALSE(ValidDenyGainRule("none:production", &error));
  CHECK(error ==
        "--deny-gain none:production: 'none' is no gain; the capabilities are use, preview, run "
        "and edit");
  CHECK_FALSE(ValidDenyGainRule("run:", &error));
  CHECK(error == "--deny-gain run:: no column after ':'; write an environment, released or * "
                 "(any column)");
  for (const char* rule : {"run:production", "run:*", "use:released", "appRelease", "promote",
                           "release", "public", "edit:anything"}) {
    INFO(rule);
    CHECK(ValidDenyGainRule(rule, &error));
  }
}

TEST_CASE("guard rails: a column the configuration lacks is an error with a suggestion") {
  auto f = DiffYaml("", Payroll("", "[]"));
  const Workspace& ws = f.desired->ws();
  const std::string kColumns =
      "; the columns are development, staging, production and released, or * for any";
  CHECK(Error("run:prod", ws) ==
        "--deny-gain run:prod: no environment 'prod' in this configuration (did you mean "
        "'production'?)" + kColumns);
  // Names are case-sensitive.
  CHECK(Error("run:Production", ws) ==
        "--deny-gain run:Production: no environment 'Production' in this configuration (did you "
        "mean 'production'?)" + kColumns);
  CHECK(Error("use:release", ws) ==
        "--deny-gain use:release: no environment 'release' in this configuration (did you mean "
        "'released'?)" + kColumns);
  CHECK(Error("run:stage", ws) ==
        "--deny-gain run:stage: no environment 'stage' in this configuration (did you mean "
        "'staging'?)" + kColumns);
  CHECK(Error("run:qa", ws) ==
        "--deny-gain run:qa: no environment 'qa' in this configuration" + kColumns);
  CHECK(Error("appRelase", ws).rfind("--deny-gain appRelase: not a rule", 0) == 0);
  for (const char* rule : {"run:production", "edit:development", "use:released", "run:*",
                           "edit:*", "use:staging", "appRelease", "promote", "public"}) {
    INFO(rule);
    CHECK(Error(rule, ws).empty());
    CHECK(Warning(rule, ws).empty());
  }
}

TEST_CASE("guard rails: a rule that can never match under the rules in force is a warning") {
  auto documented = DiffYaml("", Payroll("", "[]"));
  CHECK(Warning("edit:production", documented.desired->ws()) ==
        "--deny-gain edit:production can never match: under the documented rules (R4) edit "
        "exists only in 'development'; to stop someone gaining production access, deny "
        "run:production");
  CHECK(Warning("edit:staging", documented.desired->ws()) ==
        "--deny-gain edit:staging can never match: under the documented rules (R4) edit exists "
        "only in 'development'; to stop someone gaining staging access, deny run:staging");
  // S1 adds the first environment to edit grants; edit is still only there.
  auto server = DiffYaml("", Payroll("accessRules: server\n", "[]"));
  CHECK(Warning("edit:production", server.desired->ws()) ==
        "--deny-gain edit:production can never match: under the server's rules (R4, S1) edit "
        "exists only in 'development'; to stop someone gaining production access, deny "
        "run:production");
  for (const char* rule : {"preview:released", "run:released", "edit:released"}) {
    INFO(rule);
    CHECK(Warning(rule, documented.desired->ws()) ==
          "--deny-gain " + std::string(rule) +
              " can never match: the 'released' column holds only use or none (R4); to stop "
              "someone gaining the released app, deny use:released");
    CHECK(Error(rule, documented.desired->ws()).empty());
  }
}

// Exactly the cell rules without a warning trip on a change that gains the
// most there is (edit on every app in every column), under both rule sets.
TEST_CASE("guard rails: the rules a warning says never match are those that do not") {
  for (const std::string rules : {"", "accessRules: server\n"}) {
    auto f = DiffYaml(Payroll(rules, "[]"), Payroll(rules, "[{apps: \"*\", permission: edit}]"));
    for (const char* cap : {"use", "preview", "run", "edit"}) {
      for (const char* column : {"development", "staging", "production", "released", "*"}) {
        std::string rule = std::string(cap) + ":" + column;
        INFO(rules << rule);
        GuardRails rails;
        rails.deny_gain = {rule};
        Diagnostics diags;
        CheckGuardRails(rails, f.diff, diags);
        CHECK(Error(rule, f.desired->ws()).empty());
        CHECK(Warning(rule, f.desired->ws()).empty() == (diags.error_count() == 1));
      }
    }
  }
}

}  // namespace
}  // namespace stagegate
