// `stagegate explain [PATH...] --user EMAIL --app NAME [--env ENV]`: why one
// user has what they have on one app: each column's capability with the
// rules (R1-R12) and the grants that decided it, as text or JSON.
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <utility>

#include "access/access.h"
#include "render/explain.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "pipeline/pipeline.h"
#include "source/suggest.h"
#include "source/wording.h"

namespace stagegate {
namespace {

struct ExplainOptions {
  InputOptions input;
  std::string user;
  std::string app;
  std::string env;
  std::string format = "text";
};

// " (did you mean 'x'?)" for an unknown --user.
std::string DidYouMeanUser(const Workspace& ws, std::string_view email) {
  std::vector<std::string_view> all;
  for (const User& u : ws.users) all.push_back(u.email);
  std::string best = SuggestEmail(email, all);
  return best.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", best);
}

int Usage(const std::string& message) {
  std::fprintf(stderr, "stagegate: %s\n", message.c_str());
  return kExitCannotRun;
}

using ExplainRenderer = std::string (*)(const AccessMatrix&, const SourceSet&, const Explanation&,
                                        const ExplainFormatOptions&);

const FormatTable<ExplainRenderer>& ExplainFormats() {
  static const FormatTable<ExplainRenderer> formats = {{"text", FormatExplanation},
                                                       {"json", ExplanationToJson}};
  return formats;
}

int RunExplain(const ExplainOptions& opts) {
  CheckedConfig checked = CheckInput(opts.input);
  // Findings go to stderr. A failed assertion is an error, but the matrix is
  // there: explaining it is exactly what the user needs then, so the answer
  // is still printed (and the exit code still says 1).
  PrintDiagnosticsToStderr(checked, opts.input);
  if (checked.unreadable()) return kExitCannotRun;
  if (!checked.access) {
    PrintErrorCount("cannot explain", "the configuration", checked.diags.error_count());
    return kExitFindings;
  }
  const Workspace& ws = *checked.workspace;
  const AccessMatrix& matrix = *checked.access;

  // `--user anyone`: what anyone with the link gets (R13); no e-mail is "anyone".
  const bool anyone = LowerAscii(opts.user) == kAnyone;
  std::optional<uint32_t> user = anyone ? std::nullopt : matrix.UserIndex(opts.user);
  if (!user && !anyone)
    return Usage(fmt::format("unknown user '{}'{}", opts.user, DidYouMeanUser(ws, opts.user)));
  std::optional<uint32_t> app = matrix.AppIndex(opts.app);
  if (!app) {
    std::vector<std::string_view> names;
    for (const App& a : ws.apps) names.push_back(a.name);
    return Usage(fmt::format("unknown app '{}'{}", opts.app, DidYouMean(opts.app, names)));
  }
  ExplainFormatOptions format;
  if (!opts.env.empty()) {
    format.column = matrix.ColumnIndex(opts.env);
    if (!format.column) {
      std::vector<std::string_view> columns;
      for (size_t c = 0; c < matrix.column_count(); ++c) columns.push_back(matrix.ColumnName(c));
      return Usage(fmt::format("unknown environment '{}' for --env{}; use one of: {}", opts.env,
                               DidYouMean(opts.env, columns), fmt::join(columns, ", ")));
    }
  }
  std::string out = Timed("render", [&] {
    if (anyone) {
      return opts.format == "json"
                 ? AnyoneExplanationToJson(matrix, checked.loaded.sources, *app, format)
                 : FormatAnyoneExplanation(matrix, checked.loaded.sources, *app, format);
    }
    Explanation explanation = Explain(matrix, *user, *app);
    return TerminalSafe(FormatRenderer(ExplainFormats(), opts.format)(
        matrix, checked.loaded.sources, explanation, format));
  });
  if (!WriteOutput(opts.input.output, out)) return kExitCannotRun;
  return checked.diags.error_count() > 0 ? kExitFindings : kExitOk;
}

}  // namespace

void AddExplainCommand(CLI::App& app, int* exit_code) {
  auto opts = std::make_shared<ExplainOptions>();
  auto* cmd = app.add_subcommand(
      "explain",
      "Explain one user's access to one app: each column's capability (environments, then "
      "released) with the rules (R1-R12) and the grants that decided it. Exit 0 on success, "
      "1 when the configuration has errors (a failed assertion still gets its answer), 3 on "
      "bad usage (unknown user, app or --env).");
  AddInputOptions(*cmd, &opts->input, "Colour the findings printed on standard error",
                  "Write to FILE (atomically) instead of standard output");
  cmd->add_option("--user", opts->user,
                  "The user's e-mail (case-insensitive), or 'anyone': what anyone with the "
                  "app's link gets, signed in or not (a public app, R13)")
      ->required()
      ->type_name("EMAIL");
  cmd->add_option("--app", opts->app, "The app's name")->required()->type_name("NAME");
  cmd->add_option("--env", opts->env, "Only this column: an environment, or 'released'")
      ->type_name("ENV");
  AddFormatOption(*cmd, &opts->format, ExplainFormats(),
                  "Output format: text, or json (one object: user, app, role, groups, "
                  "columns with capability, rules and grant indexes, grants)");
  cmd->callback([opts, exit_code] { *exit_code = RunExplain(*opts); });
}

}  // namespace stagegate
