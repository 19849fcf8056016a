// `stagegate check [PATH...]`: load, validate, check; print every finding
// (text with code frames, JSON, SARIF, JUnit XML or GitHub workflow commands)
// and, for text, a one-line summary.
#include <unistd.h>

#include <cstdio>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "pipeline/pipeline.h"
#include "render/diagnostics_github.h"
#include "render/diagnostics_json.h"
#include "render/diagnostics_junit.h"
#include "render/diagnostics_sarif.h"
#include "render/diagnostics_text.h"
#include "source/wording.h"

namespace stagegate {
namespace {

struct CheckOptions {
  InputOptions input;
  std::string format = "text";
  bool werror = false;
};

// "11 users, 4 groups, 2 data sources, 4 constants, 4 apps, 3 environments"
std::string DescribeWorkspace(const Workspace& ws) {
  return fmt::format("{}, {}, {}, {}, {}, {}", Plural(ws.users.size(), "user", "users"),
                     Plural(ws.groups.size(), "group", "groups"),
                     Plural(ws.data_sources.size(), "data source", "data sources"),
                     Plural(ws.constants.size(), "constant", "constants"),
                     Plural(ws.apps.size(), "app", "apps"),
                     Plural(ws.environments.size(), "environment", "environments"));
}

std::string SummaryLine(const CheckOptions& opts, const CheckedConfig& checked) {
  std::string target =
      opts.input.paths.empty() ? "." : fmt::format("{}", fmt::join(opts.input.paths, ", "));
  const Diagnostics& diags = checked.diags;
  std::string files = Plural(checked.loaded.files.size(), "file", "files");
  if (diags.error_count() > 0) {
    std::string warnings = diags.warning_count() > 0
                               ? ", " + Plural(diags.warning_count(), "warning", "warnings")
                               : std::string();
    return fmt::format("{}: {}{} in {}", target, Plural(diags.error_count(), "error", "errors"),
                       warnings, files);
  }
  std::string contents = files;
  if (checked.workspace) contents = fmt::format("{}: {}", files, DescribeWorkspace(*checked.workspace));
  if (diags.warning_count() > 0) {
    return fmt::format("{}: valid, with {} ({})", target,
                       Plural(diags.warning_count(), "warning", "warnings"), contents);
  }
  return fmt::format("{}: valid ({})", target, contents);
}

using CheckRenderer = std::string (*)(const CheckOptions&, const CheckedConfig&);

const FormatTable<CheckRenderer>& CheckFormats() {
  static const FormatTable<CheckRenderer> formats = {
      {"text",
       [](const CheckOptions& opts, const CheckedConfig& c) {
         PrintOptions print = TextPrintOptions(opts.input, STDOUT_FILENO);
         print.color = print.color && opts.input.output.empty();
         return FormatDiagnostics(c.loaded.sources, c.diags, print) + SummaryLine(opts, c) + "\n";
       }},
      {"json",
       [](const CheckOptions&, const CheckedConfig& c) {
         return DiagnosticsToJson(c.loaded.sources, c.diags);
       }},
      {"sarif",
       [](const CheckOptions&, const CheckedConfig& c) {
         return DiagnosticsToSarif(c.loaded.sources, c.diags);
       }},
      {"junit",
       [](const CheckOptions& opts, const CheckedConfig& c) {
         return DiagnosticsToJunit(c.loaded.sources, c.diags, opts.werror);
       }},
      {"github",
       [](const CheckOptions&, const CheckedConfig& c) {
         return DiagnosticsToGithub(c.loaded.sources, c.diags);
       }},
  };
  return formats;
}

int RunCheck(const CheckOptions& opts) {
  CheckedConfig checked = CheckInput(opts.input);
  std::string out =
      Timed("render", [&] { return FormatRenderer(CheckFormats(), opts.format)(opts, checked); });
  if (!WriteOutput(opts.input.output, out)) return kExitCannotRun;
  if (checked.unreadable()) return kExitCannotRun;
  if (checked.diags.error_count() > 0) return kExitFindings;
  if (opts.werror && checked.diags.warning_count() > 0) return kExitFindings;
  return kExitOk;
}

}  // namespace

void AddCheckCommand(CLI::App& app, int* exit_code) {
  auto opts = std::make_shared<CheckOptions>();
  auto* cmd = app.add_subcommand(
      "check",
      "Parse, schema-validate and check a configuration; print every finding with its "
      "file:line:col. Exit 0 when valid, 1 when it has errors, 3 when it cannot be read.");
  AddInputOptions(*cmd, &opts->input, "Colour the text output",
                  "Write to FILE (atomically) instead of standard output");
  AddFormatOption(*cmd, &opts->format, CheckFormats(), "Output format");
  cmd->add_flag("--werror", opts->werror, "Treat warnings as errors (exit 1)");
  cmd->callback([opts, exit_code] { *exit_code = RunCheck(*opts); });
}

}  // namespace stagegate
