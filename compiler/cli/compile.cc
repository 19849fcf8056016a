// `stagegate compile [PATH...]`: check the configuration, then write the
// compiled workspace: the state file (json), the matrix for review (text,
// the default) or the matrix as CSV. A configuration with errors gives no
// output at all (an -o file is neither written nor touched).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "access/access.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "pipeline/pipeline.h"
#include "render/matrix_csv.h"
#include "render/matrix_text.h"
#include "source/timings.h"
#include "source/wording.h"
#include "state/state_json.h"

namespace stagegate {
namespace {

struct CompileOptions {
  InputOptions input;
  std::string format = "text";
};

// How a format is written: in pieces to `sink` (the state file can be
// hundreds of MiB and is written as it is made), and whether it spells out
// every cell (and so has the matrix size limit).
struct CompileFormat {
  bool every_cell;
  void (*write)(const AccessMatrix&, const std::function<void(std::string_view)>& sink);
};

const FormatTable<CompileFormat>& CompileFormats() {
  using Sink = std::function<void(std::string_view)>;
  static const FormatTable<CompileFormat> formats = {
      {"text",
       {true, [](const AccessMatrix& m, const Sink& sink) { sink(TerminalSafe(MatrixToText(m))); }}},
      {"json", {false, [](const AccessMatrix& m, const Sink& sink) { StateToJson(m, sink); }}},
      {"csv", {true, [](const AccessMatrix& m, const Sink& sink) { sink(MatrixToCsv(m)); }}},
  };
  return formats;
}

int RunCompile(const CompileOptions& opts) {
  CheckedConfig checked = CheckInput(opts.input);
  // Findings (warnings included) go to stderr: stdout is the output alone.
  PrintDiagnosticsToStderr(checked, opts.input);
  if (checked.unreadable()) return kExitCannotRun;
  if (checked.diags.error_count() > 0 || !checked.access) {
    PrintErrorCount("not compiled", "the configuration", checked.diags.error_count());
    return kExitFindings;
  }
  const AccessMatrix& matrix = *checked.access;
  const CompileFormat& format = FormatRenderer(CompileFormats(), opts.format);
  if (format.every_cell &&
      !MatrixFitsOutput(matrix, "compile --format " + opts.format,
                        "use --format json, the state file, which holds the same access per "
                        "profile")) {
    return kExitCannotRun;
  }
  bool written = WriteOutputStreamed(
      opts.input.output, [&](const std::function<void(std::string_view)>& sink) {
        StageTimer timer("render and write");
        format.write(matrix, sink);
      });
  if (!written) return kExitCannotRun;
  return kExitOk;
}

}  // namespace

void AddCompileCommand(CLI::App& app, int* exit_code) {
  auto opts = std::make_shared<CompileOptions>();
  auto* cmd = app.add_subcommand(
      "compile",
      "Check a configuration and write what it compiles to: the effective permission matrix "
      "for review (text, csv) or the state file a later plan compares against (json). Exit 0 "
      "when written, 1 when the configuration has errors (nothing is written), 3 when it "
      "cannot be read.");
  AddInputOptions(*cmd, &opts->input, "Colour the findings printed on standard error",
                  "Write to FILE (atomically) instead of standard output; never written when "
                  "the configuration has errors");
  AddFormatOption(*cmd, &opts->format, CompileFormats(),
                  "text: the matrix per app for reviewers; csv: one row per user, app and "
                  "column; json: the state file (docs/state-file.md)");
  cmd->callback([opts, exit_code] { *exit_code = RunCompile(*opts); });
}

}  // namespace stagegate
