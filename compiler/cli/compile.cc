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
#include "state/state_json.h"

namespace stagegate {
namespace {

struct CompileOptions {
  InputOptions input;
  std::string format = "text";
};

std::string Render(const CompileOptions& opts, const AccessMatrix& matrix) {
  StageTimer timer("render");
  if (opts.format == "csv") return MatrixToCsv(matrix);
  return MatrixToText(matrix);
}

int RunCompile(const CompileOptions& opts) {
  CheckedConfig checked = CheckInput(opts.input);
  // Findings (warnings included) go to stderr: stdout is the output alone.
  PrintDiagnosticsToStderr(checked, opts.input);
  if (checked.unreadable()) return kExitCannotRun;
  if (checked.diags.error_count() > 0 || !checked.access) {
    std::fprintf(stderr, "stagegate: not compiled: the configuration has %zu error%s\n",
                 checked.diags.error_count(), checked.diags.error_count() == 1 ? "" : "s");
    return kExitFindings;
  }
  const AccessMatrix& matrix = *checked.access;
  if (opts.format != "json" &&
      !MatrixFitsOutput(matrix, "compile --format " + opts.format,
                        "use --format json, the state file, which holds the same access per "
                        "profile")) {
    return kExitCannotRun;
  }
  // The state file can be hundreds of MiB: it is written as it is made
  // ("render and write" in --timings).
  bool written =
      opts.format == "json"
          ? WriteOutputStreamed(
                opts.input.output,
                [&](const std::function<void(std::string_view)>& sink) {
                  StageTimer timer("render and write");
                  StateToJson(matrix, sink);
                })
          : WriteOutput(opts.input.output, Render(opts, matrix));
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
  cmd->add_option("--format", opts->format,
                  "text: the matrix per app for reviewers; csv: one row per user, app and "
                  "column; json: the state file (docs/state-file.md)")
      ->check(CLI::IsMember({"text", "json", "csv"}))
      ->default_val("text");
  cmd->callback([opts, exit_code] { *exit_code = RunCompile(*opts); });
}

}  // namespace stagegate
