// argv -> subcommand -> exit code. Usage errors exit 3, as cli.md requires.
#include "cli/cli.h"

#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/usage.h"
#include "source/timings.h"

namespace stagegate {

int RunCli(int argc, char** argv) {
  CLI::App app{
      "stagegate: checks a ToolJet multi-environment access configuration kept in git and "
      "compiles it into what reviewers need.",
      "stagegate"};
  app.set_version_flag("--version", "stagegate " STAGEGATE_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 valid (plan: no changes), 1 errors in the configuration (or a failed "
      "assertion), 2 plan --detailed-exitcode: changes, 3 could not run.\n"
      "Run 'stagegate help COMMAND' or 'stagegate COMMAND --help' for a command's options.");
  int exit_code = kExitOk;
  AddCheckCommand(app, &exit_code);
  AddCompileCommand(app, &exit_code);
  AddExplainCommand(app, &exit_code);
  AddPlanCommand(app, &exit_code);
  AddReportCommand(app, &exit_code);
  AddImportCommand(app, &exit_code);
  AddSchemaCommand(app, &exit_code);
  AddInitCommand(app, &exit_code);
  InstallHelpFormatter(app);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (std::optional<int> done = Prescan(app, args)) return *done;
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --version
    return app.exit(e) == 0 ? kExitOk : kExitCannotRun;
  } catch (const CLI::ParseError& e) {
    return ReportParseError(e, args.empty() || args[0][0] == '-' ? "" : args[0]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stagegate: internal error: %s\n", e.what());
    return kExitCannotRun;
  }
  if (TimingsEnabled()) std::fputs(FormatTimings().c_str(), stderr);
  return exit_code;
}

}  // namespace stagegate
