// `stagegate check [PATH...]`: load, validate, check; print every finding
// (text with code frames, or JSON) and a one-line summary.
#include <unistd.h>

#include <cstdio>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "pipeline/pipeline.h"
#include "render/diagnostics_json.h"
#include "source/diagnostic_printer.h"

namespace stagegate {
namespace {

struct CheckOptions {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string color = "auto";
  std::string output;
  bool werror = false;
  uint64_t max_file_size = LoadLimits{}.max_file_bytes;
};

std::string Plural(size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

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
  std::string target = fmt::format("{}", fmt::join(opts.paths, ", "));
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

int RunCheck(const CheckOptions& opts) {
  auto fs = RealFileSystem();
  PipelineOptions pipeline;
  pipeline.limits.max_file_bytes = opts.max_file_size;
  CheckedConfig checked = LoadAndCheck(*fs, opts.paths, pipeline);
  std::string out;
  if (opts.format == "json") {
    out = DiagnosticsToJson(checked.loaded.sources, checked.diags);
  } else {
    PrintOptions print;
    print.color = opts.output.empty() && UseColor(opts.color, STDOUT_FILENO);
    out = FormatDiagnostics(checked.loaded.sources, checked.diags, print);
    out += SummaryLine(opts, checked) + "\n";
  }
  std::string error;
  if (!WriteOutput(opts.output, out, &error)) {
    std::fprintf(stderr, "stagegate: %s\n", error.c_str());
    return kExitCannotRun;
  }
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
  cmd->add_option("PATH", opts->paths,
                  "Configuration directories (read recursively: *.yaml, *.yml) or files; "
                  "default: the current directory");
  cmd->add_option("--format", opts->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_val("text");
  cmd->add_option("--color", opts->color,
                  "Colour the text output: auto (only on a terminal), always, never; "
                  "NO_COLOR in the environment always turns it off")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->default_val("auto");
  cmd->add_flag("--werror", opts->werror, "Treat warnings as errors (exit 1)");
  cmd->add_option("--max-file-size", opts->max_file_size,
                  "Largest configuration file read, e.g. 64MiB (the default), 500KiB; "
                  "larger files are reported as file-too-large")
      ->transform(CLI::AsSizeValue(false))
      ->type_name("SIZE");
  cmd->add_option("-o,--output", opts->output,
                  "Write to FILE (atomically) instead of standard output")
      ->type_name("FILE");
  cmd->callback([opts, exit_code] {
    if (opts->paths.empty()) opts->paths.push_back(".");
    *exit_code = RunCheck(*opts);
  });
}

}  // namespace stagegate
