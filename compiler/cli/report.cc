// `stagegate report [PATH...]`: the permission report for review, as one
// self-contained HTML page, GitHub-flavoured Markdown, CSV or JSON; with
// --current, the changes against the current state are marked.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "cli/commands.h"
#include "cli/common.h"
#include "diff/diff.h"
#include "live/read.h"
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

// The last second SOURCE_DATE_EPOCH may name: 9999-12-31T23:59:59Z.
constexpr uint64_t kMaxSourceDate = 253402300799;

// Seconds since 1970-01-01 as UTC ISO 8601, "2026-12-04T22:53:27Z", without
// the C library's time zone (H. Hinnant's civil_from_days).
std::string UtcDate(uint64_t seconds) {
  const int64_t days = static_cast<int64_t>(seconds / 86400);
  const uint64_t rest = seconds % 86400;
  const int64_t z = days + 719468;
  const int64_t era = z / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", year, month, day, rest / 3600,
                     rest / 60 % 60, rest % 60);
}

// The report's date: none unless SOURCE_DATE_EPOCH is set (the report reads
// no clock, so the same input gives the same bytes). False, after saying
// why, when it is set but not a date.
bool ReportDate(std::string* date) {
  const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
  if (epoch == nullptr || *epoch == '\0') return true;
  std::string_view text(epoch);
  uint64_t seconds = 0;
  const char* end = text.data() + text.size();
  auto [stop, error] = std::from_chars(text.data(), end, seconds);
  if (error != std::errc() || stop != end || seconds > kMaxSourceDate) {
    fmt::print(stderr,
               "stagegate: SOURCE_DATE_EPOCH is '{}'; expected a non-negative integer (seconds "
               "since 1970-01-01 UTC, up to {}); unset it for a report without a date\n",
               live::OneLine(text), kMaxSourceDate);
    return false;
  }
  *date = UtcDate(seconds);
  return true;
}

int RunReport(const ReportOptions& opts) {
  std::string date;
  if (!ReportDate(&date)) return kExitCannotRun;
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
  input.version = STAGEGATE_VERSION;
  input.date = date;
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
    input.current_commit = current.commit;
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
