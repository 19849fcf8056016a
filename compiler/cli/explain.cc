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
#include "access/explain_text.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "pipeline/pipeline.h"
#include "source/diagnostic_printer.h"
#include "source/suggest.h"

namespace stagegate {
namespace {

struct ExplainOptions {
  std::vector<std::string> paths;
  std::string user;
  std::string app;
  std::string env;
  std::string format = "text";
  std::string color = "auto";
  std::string output;
  uint64_t max_file_size = LoadLimits{}.max_file_bytes;
};

// E-mails share their domain, which makes any two look alike to a plain edit
// distance: suggest by local part among addresses of the same domain first.
std::string SuggestUser(const Workspace& ws, std::string_view email) {
  std::vector<std::string_view> all, locals, same_domain;
  const size_t at = email.rfind('@');
  for (const User& u : ws.users) {
    all.push_back(u.email);
    const size_t a = u.email.rfind('@');
    if (at != std::string_view::npos && a != std::string::npos &&
        LowerAscii(u.email.substr(a)) == LowerAscii(email.substr(at))) {
      locals.push_back(std::string_view(u.email).substr(0, a));
      same_domain.push_back(u.email);
    }
  }
  if (at != std::string_view::npos) {
    std::string local = Suggest(email.substr(0, at), locals);
    // "quin" for "quinn.berg": compare with the first part of the local part.
    std::vector<std::string_view> firsts;
    for (std::string_view l : locals) firsts.push_back(l.substr(0, l.find_first_of("._-+")));
    std::string first = local.empty() ? Suggest(email.substr(0, at), firsts) : std::string();
    for (size_t i = 0; i < locals.size(); ++i) {
      if ((!local.empty() && locals[i] == local) || (!first.empty() && firsts[i] == first)) {
        return fmt::format(" (did you mean '{}'?)", same_domain[i]);
      }
    }
  }
  return DidYouMean(email, all);
}

int Usage(const std::string& message) {
  std::fprintf(stderr, "stagegate: %s\n", message.c_str());
  return kExitCannotRun;
}

int RunExplain(const ExplainOptions& opts) {
  auto fs = RealFileSystem();
  PipelineOptions pipeline;
  pipeline.limits.max_file_bytes = opts.max_file_size;
  CheckedConfig checked = LoadAndCheck(*fs, opts.paths, pipeline);
  if (checked.diags.error_count() > 0 || checked.unreadable() || !checked.workspace) {
    PrintOptions print;
    print.color = UseColor(opts.color, STDERR_FILENO);
    std::string text = FormatDiagnostics(checked.loaded.sources, checked.diags, print);
    std::fwrite(text.data(), 1, text.size(), stderr);
    if (checked.unreadable()) return kExitCannotRun;
    std::fprintf(stderr, "stagegate: cannot explain: the configuration has %zu error%s\n",
                 checked.diags.error_count(), checked.diags.error_count() == 1 ? "" : "s");
    return kExitFindings;
  }
  const Workspace& ws = *checked.workspace;
  // The pipeline compiles the matrix whenever there are no errors.
  std::unique_ptr<AccessMatrix> own;
  if (!checked.access) own = std::make_unique<AccessMatrix>(AccessMatrix::Compile(ws));
  const AccessMatrix& matrix = checked.access ? *checked.access : *own;

  std::optional<uint32_t> user = matrix.UserIndex(opts.user);
  if (!user)
    return Usage(fmt::format("unknown user '{}'{}", opts.user, SuggestUser(ws, opts.user)));
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
  Explanation explanation = Explain(matrix, *user, *app);
  std::string out = opts.format == "json"
                        ? ExplanationToJson(matrix, checked.loaded.sources, explanation, format)
                        : FormatExplanation(matrix, checked.loaded.sources, explanation, format);
  std::string error;
  if (!WriteOutput(opts.output, out, &error)) return Usage(error);
  return kExitOk;
}

}  // namespace

void AddExplainCommand(CLI::App& app, int* exit_code) {
  auto opts = std::make_shared<ExplainOptions>();
  auto* cmd = app.add_subcommand(
      "explain",
      "Explain one user's access to one app: each column's capability (environments, then "
      "released) with the rules (R1-R12) and the grants that decided it. Exit 0 on success, "
      "1 when the configuration has errors, 3 on bad usage (unknown user, app or --env).");
  cmd->add_option("PATH", opts->paths,
                  "Configuration directories (read recursively: *.yaml, *.yml) or files; "
                  "default: the current directory");
  cmd->add_option("--user", opts->user, "The user's e-mail (case-insensitive)")
      ->required()
      ->type_name("EMAIL");
  cmd->add_option("--app", opts->app, "The app's name")->required()->type_name("NAME");
  cmd->add_option("--env", opts->env, "Only this column: an environment, or 'released'")
      ->type_name("ENV");
  cmd->add_option("--format", opts->format,
                  "Output format: text, or json (one object: user, app, role, groups, "
                  "columns with capability, rules and grant indexes, grants)")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_val("text");
  cmd->add_option("--color", opts->color,
                  "Colour diagnostics: auto (only on a terminal), always, never; NO_COLOR in "
                  "the environment always turns it off")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->default_val("auto");
  cmd->add_option("--max-file-size", opts->max_file_size,
                  "Largest configuration file read, e.g. 64MiB (the default)")
      ->transform(CLI::AsSizeValue(false))
      ->type_name("SIZE");
  cmd->add_option("-o,--output", opts->output,
                  "Write to FILE (atomically) instead of standard output")
      ->type_name("FILE");
  cmd->callback([opts, exit_code] {
    if (opts->paths.empty()) opts->paths.push_back(".");
    *exit_code = RunExplain(*opts);
  });
}

}  // namespace stagegate
