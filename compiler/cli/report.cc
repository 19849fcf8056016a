// `stagegate report [PATH...]`: the permission report for review, as one
// self-contained HTML page, GitHub-flavoured Markdown, CSV or JSON; with
// --current, the changes against the current state are marked.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/commands.h"
#include "cli/common.h"
#include "diff/diff.h"
#include "render/report.h"

namespace stagegate {
namespace {

struct ReportOptions {
  InputOptions input;
  std::string format = "html";
  std::string current;
  std::string title;
};

using ReportRenderer = std::string (*)(const Report&, const Workspace&);

const FormatTable<ReportRenderer>& ReportFormats() {
  static const FormatTable<ReportRenderer> formats = {{"html", ReportToHtml},
                                                      {"markdown", ReportToMarkdown},
                                                      {"csv", ReportToCsv},
                                                      {"json", ReportToJson}};
  return formats;
}

int RunReport(const ReportOptions& opts) {
  CurrentPrefetch prefetch(opts.current, InputPaths(opts.input), opts.input.workspace);
  CheckedConfig checked = CheckInput(opts.input);
  PrintDiagnosticsToStderr(checked, opts.input);
  if (checked.unreadable()) return kExitCannotRun;
  // A failed assertion is an error, but the matrix is there, and the report
  // is where a reviewer looks at it: it is written, showing the failure.
  if (!checked.access) {
    PrintErrorCount("no report", "the configuration", checked.diags.error_count());
    return kExitFindings;
  }
  const AccessMatrix& matrix = *checked.access;
  if (!MatrixFitsOutput(matrix, "a report",
                        "use compile --format json (the state file) for the whole matrix, "
                        "and explain for single cells")) {
    return kExitCannotRun;
  }

  ReportInput input;
  input.title = opts.title;
  input.desired_label = fmt::format("{}", fmt::join(InputPaths(opts.input), ", "));
  input.matrix = &matrix;
  input.sources = &checked.loaded.sources;
  input.findings = &checked.diags;
  CurrentState current;
  Diff diff;
  if (!opts.current.empty()) {
    if (int failed = LoadCurrentOrFail(opts.current, opts.input, "report", checked, &current,
                                       &prefetch)) {
      return failed;
    }
    diff = Timed("diff",
                 [&] { return ComputeDiff(current.absent ? nullptr : current.access.get(), matrix); });
    input.diff = &diff;
    input.current_label = current.label;
    input.current_absent = current.absent;
    input.current_sources = &current.loaded.sources;
  }
  Report report = Timed("report", [&] { return BuildReport(input); });
  const Workspace& ws = *checked.workspace;
  std::string out =
      Timed("render", [&] { return FormatRenderer(ReportFormats(), opts.format)(report, ws); });
  if (!WriteOutput(opts.input.output, out)) return kExitCannotRun;
  return checked.diags.error_count() > 0 ? kExitFindings : kExitOk;
}

}  // namespace

void AddReportCommand(CLI::App& app, int* exit_code) {
  auto opts = std::make_shared<ReportOptions>();
  auto* cmd = app.add_subcommand(
      "report",
      "Check a configuration and write the permission report for review: the workspace "
      "summary, the matrix per app with the grants behind each cell, a per-user view, who can "
      "promote and release, data source access and the findings; with --current, what changed "
      "is marked. Exit 0 when written, 1 when the configuration has errors (nothing is "
      "written) or an assertion fails (written, showing it), 3 when something cannot be read.");
  AddInputOptions(*cmd, &opts->input, "Colour the findings printed on standard error",
                  "Write to FILE (atomically) instead of standard output");
  AddFormatOption(*cmd, &opts->format, ReportFormats(),
                  "html (one self-contained page: no script, nothing loaded from the network; "
                  "printable), markdown (GitHub-flavoured), csv (one row per user, app and "
                  "column with the grants behind it), json");
  AddCurrentOption(*cmd, &opts->current, &opts->input.workspace, "Mark the changes against the current state");
  cmd->add_option("--title", opts->title,
                  "The report's title (default: \"Access report: WORKSPACE\")")
      ->type_name("TEXT");
  cmd->callback([opts, exit_code] { *exit_code = RunReport(*opts); });
}

}  // namespace stagegate
