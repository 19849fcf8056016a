// Runs ComputePlan on two inline configurations (current and desired, each
// the file a.yaml) and prints its steps and findings as one-line strings, for
// the plan tests.
#ifndef STAGEGATE_TESTS_PLAN_TEST_SUPPORT_H_
#define STAGEGATE_TESTS_PLAN_TEST_SUPPORT_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "access_support.h"
#include "plan/plan.h"
#include "source/headline.h"

namespace stagegate::testing {

// The app `payroll` with `versions` (list items indented six spaces), then
// `more` (further keys of the app).
inline std::string Payroll(const std::string& versions, const std::string& more = "") {
  return "  payroll:\n"
         "    versions:\n" +
         versions + more;
}

// Its version v1, released in production.
inline const std::string kV1Released =
    "      - {name: v1, environment: production, status: released}\n";

// A workspace with environments development, staging, production, an admin
// (ada) and a builder (lee) who may edit, promote and release every app.
// `apps` starts at line 13; `tail` (top-level keys) follows it.
inline std::string Config(const std::string& apps, const std::string& tail = "") {
  return "version: 1\n"                                        // 1
         "environments: [development, staging, production]\n"  // 2
         "roles: {builder: {apps: []}}\n"                      // 3
         "users:\n"                                            // 4
         "  ada@x.io: {role: admin}\n"                         // 5
         "  lee@x.io: {role: builder}\n"                       // 6
         "groups:\n"                                           // 7
         "  leads:\n"                                          // 8
         "    members: [lee@x.io]\n"                           // 9
         "    permissions: [appPromote, appRelease]\n"         // 10
         "    apps: [{apps: \"*\", permission: edit}]\n"     // 11
         "apps:\n" +                                           // 12
         apps +
         tail;
}

struct PlanRun {
  std::unique_ptr<Staged> current;
  std::unique_ptr<Staged> desired;
  Diagnostics diags;  // ComputePlan's only
  Plan plan;

  std::vector<std::string> Headlines() {
    diags.Sort();
    std::vector<std::string> out;
    for (const Diagnostic& d : diags.items()) {
      out.push_back(FormatHeadline(desired->loaded.sources, d));
    }
    return out;
  }

  // "payroll v2 promote development -> staging by ada@x.io, lee@x.io".
  std::vector<std::string> Steps() const {
    std::vector<std::string> out;
    for (const PlanStep& s : plan.steps) {
      std::string line = s.app + " " + s.version + " " + std::string(StepKindName(s.kind));
      if (!s.from.empty() && s.from != s.to) line += " " + s.from;
      if (!s.from.empty() && !s.to.empty() && s.from != s.to) line += " ->";
      if (!s.to.empty()) line += " " + s.to;
      if (!s.replaces.empty()) line += " replacing " + s.replaces;
      line += " by";
      const std::vector<std::string> users = s.users();
      for (size_t i = 0; i < users.size(); ++i) line += (i ? ", " : " ") + users[i];
      if (users.empty()) line += " nobody";
      if (s.blocked) line += " (blocked)";
      out.push_back(line);
    }
    return out;
  }
};

// `current` absent: nothing exists yet.
inline std::unique_ptr<PlanRun> RunPlan(const std::optional<std::string>& current,
                                        const std::string& desired) {
  auto run = std::make_unique<PlanRun>();
  if (current) run->current = CompileYaml(*current);
  run->desired = CompileYaml(desired);
  run->plan =
      ComputePlan(run->current ? &run->current->ws() : nullptr, run->desired->matrix(), run->diags);
  return run;
}

}  // namespace stagegate::testing

#endif  // STAGEGATE_TESTS_PLAN_TEST_SUPPORT_H_
