// `stagegate plan [PATH...] --current CURRENT`: what changes between the
// current state and the desired configuration (D1, D2, effective access
// included) and the ordered promotion plan (P1-P8), as text, Markdown or
// JSON. Exit codes (D4): 0 no changes, 2 changes with --detailed-exitcode,
// 1 errors (or a guard rail tripped), 3 could not run.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/usage.h"
#include "diff/diff.h"
#include "diff/guard_rails.h"
#include "plan/plan.h"
#include "render/plan_render.h"
#include "current/current.h"
#include "source/wording.h"

namespace stagegate {
namespace {

struct PlanOptions {
  InputOptions input;
  std::string current;
  std::string format = "text";
  bool detailed_exitcode = false;
  GuardRails guard_rails;
};

void AddGuardRailOptions(CLI::App& cmd, GuardRails* rails) {
  // Rules are checked in RunPlan, against the configuration they guard.
  cmd.add_option("--deny-gain", rails->deny_gain,
                 "Fail (exit 1) when the change makes someone gain this access: "
                 "CAPABILITY:COLUMN (run:production, run:*, use:released; edit exists only in "
                 "the first environment), a workspace permission (appRelease), promote / "
                 "release, or public (an app anyone can open without signing in, R13); "
                 "repeatable. A column the configuration does not have is a usage error; a rule "
                 "that can never match is a warning")
      ->type_name("RULE");
  cmd.add_option("--max-access-changes", rails->max_access_changes,
                 "Fail (exit 1) when there are more access changes (gains and losses) than N")
      ->type_name("N")
      ->check(NonNegativeInteger());
}

using PlanRenderer = std::string (*)(const PlanReport&);

const FormatTable<PlanRenderer>& PlanFormats() {
  static const FormatTable<PlanRenderer> formats = {
      {"text", PlanToText},
      {"markdown", [](const PlanReport& r) { return PlanToMarkdown(r); }},
      {"json", PlanToJson}};
  return formats;
}

// The --deny-gain rules that are not rules, as usage errors ("--deny-gain
// RULE: ..."); the configuration is not needed to tell.
std::vector<std::string> InvalidRules(const GuardRails& rails) {
  std::vector<std::string> errors;
  for (const std::string& rule : rails.deny_gain) {
    std::string error;
    if (!ValidDenyGainRule(rule, &error)) errors.push_back(std::move(error));
  }
  return errors;
}

// The rules against the configuration they guard: a column it does not have
// is a usage error (the errors are returned), a rule that can never match a
// warning on standard error.
std::vector<std::string> CheckRulesAgainst(const GuardRails& rails, const Workspace& ws) {
  std::vector<std::string> errors;
  for (const std::string& rule : rails.deny_gain) {
    DenyGainRuleCheck checked = CheckDenyGainRule(rule, ws);
    if (!checked.error.empty()) errors.push_back(std::move(checked.error));
    if (!checked.warning.empty()) {
      std::fputs(fmt::format("stagegate: warning: {}\n", checked.warning).c_str(), stderr);
    }
  }
  return errors;
}

int RunPlan(const PlanOptions& opts) {
  std::vector<std::string> invalid = InvalidRules(opts.guard_rails);
  if (!invalid.empty()) return ReportUsageErrors(invalid, "plan");
  std::vector<std::string> paths = InputPaths(opts.input);
  CurrentPrefetch prefetch(opts.current, paths, opts.input.workspace);  // read beside the configuration
  CheckedConfig desired = CheckInput(opts.input);
  PrintDiagnosticsToStderr(desired, opts.input);
  if (desired.unreadable()) return kExitCannotRun;
  if (!desired.access || desired.diags.error_count() > 0) {
    PrintErrorCount("cannot plan", "the configuration", desired.diags.error_count());
    return kExitFindings;
  }

  std::vector<std::string> unknown = CheckRulesAgainst(opts.guard_rails, *desired.workspace);
  if (!unknown.empty()) return ReportUsageErrors(unknown, "plan");

  CurrentState current;
  if (int failed =
          LoadCurrentOrFail(opts.current, opts.input, "plan", desired, &current, &prefetch)) {
    return failed;
  }

  const AccessMatrix* before = current.absent ? nullptr : current.access.get();
  Diff diff = Timed("diff", [&] { return ComputeDiff(before, *desired.access); });
  Diagnostics plan_diags;
  Plan plan = Timed("plan", [&] {
    return ComputePlan(current.absent ? nullptr : current.workspace.get(), *desired.access,
                       plan_diags);
  });
  CheckGuardRails(opts.guard_rails, diff, plan_diags);
  plan_diags.Sort();
  PrintDiagnosticsToStderr(desired.loaded.sources, plan_diags, opts.input);

  PlanReport report;
  report.desired_label = fmt::format("{}", fmt::join(paths, ", "));
  report.current_label = current.label;
  report.current_absent = current.absent;
  report.current_live = current.live;
  report.diff = &diff;
  report.plan = &plan;
  report.desired_sources = &desired.loaded.sources;
  report.current_sources = &current.loaded.sources;
  std::string out = TerminalSafe(
      Timed("render", [&] { return FormatRenderer(PlanFormats(), opts.format)(report); }));
  if (!WriteOutput(opts.input.output, out)) return kExitCannotRun;
  if (plan_diags.error_count() > 0) return kExitFindings;
  bool changes = !diff.empty() || !plan.empty();
  return changes && opts.detailed_exitcode ? kExitChanges : kExitOk;
}

}  // namespace

void AddPlanCommand(CLI::App& app, int* exit_code) {
  auto opts = std::make_shared<PlanOptions>();
  auto* cmd = app.add_subcommand(
      "plan",
      "Compare the configuration with the current state: configuration changes, effective "
      "access changes (gains in production first) and the ordered promotion plan. Exit 0 "
      "with no changes (2 with --detailed-exitcode when there are changes), 1 on errors or a "
      "tripped guard rail, 3 when something cannot be read.");
  AddInputOptions(*cmd, &opts->input, "Colour the findings printed on standard error",
                  "Write to FILE (atomically) instead of standard output");
  AddCurrentOption(*cmd, &opts->current, &opts->input.workspace, "The current state")->required();
  AddFormatOption(*cmd, &opts->format, PlanFormats(),
                  "text (like a Terraform plan), markdown (for a pull request comment or job "
                  "summary), json");
  cmd->add_flag("--detailed-exitcode", opts->detailed_exitcode,
                "Exit 2 when there are changes (0 only when there are none)");
  AddGuardRailOptions(*cmd, &opts->guard_rails);
  cmd->callback([opts, exit_code] { *exit_code = RunPlan(*opts); });
}

}  // namespace stagegate
