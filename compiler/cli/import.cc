// `stagegate import DB_URL -o DIR`: read one workspace of a live ToolJet
// from its PostgreSQL database (read-only) and write it as a configuration
// in DIR, then check what was written as `stagegate check DIR` would.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "current/current.h"
#include "live/import.h"
#include "source/timings.h"
#include "source/wording.h"

namespace stagegate {
namespace {

struct ImportOptions {
  std::string url;
  std::string workspace;
  std::string dir;
  bool force = false;
  InputOptions input;  // only --color (findings are printed as `check` prints them)
};

int RunImport(const ImportOptions& opts) {
  if (!live::IsDatabaseUrl(opts.url)) {
    std::fprintf(stderr,
                 "stagegate: '%s' is not a PostgreSQL URL; give ToolJet's database as "
                 "postgresql://USER@HOST:PORT/DATABASE (docs/import.md)\n",
                 Printable(live::RedactUrl(opts.url)).c_str());
    return kExitCannotRun;
  }
  Diagnostics failures;
  live::Imported imported;
  live::ReadRequest request;
  bool read = live::RequestFromEnvironment(opts.url, opts.workspace, &request, failures) &&
              Timed("read the ToolJet database",
                    [&] { return live::ImportWorkspace(request, &imported, failures); });
  if (!read) {
    // Nothing was written; a finding about a row names it (imported.sources).
    PrintDiagnosticsToStderr(imported.sources, failures, opts.input);
    return kExitCannotRun;
  }

  std::string dir = opts.dir;
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  std::string prefix = dir + "/";
  std::vector<std::pair<std::string, std::string>> files;
  for (const live::WrittenFile& f : imported.config.files) files.emplace_back(f.name, f.text);
  if (!WriteConfigurationFiles(dir, files, opts.force, "replace the imported files")) {
    return kExitCannotRun;
  }

  // What `stagegate check DIR` says of it, and the import's own notes.
  CheckedConfig checked = Timed("check the imported configuration", [&] {
    return LoadImported(imported, prefix, PipelineOptions{});
  });
  PrintDiagnosticsToStderr(checked, opts.input);
  size_t warnings = checked.diags.items().size() - checked.diags.error_count();
  std::printf(
      "imported the ToolJet workspace '%s' (%s, read as '%s') into %s: %s, %s, %s, %s, %s; %s\n",
      Printable(imported.workspace).c_str(), imported.summary.layout.c_str(),
      Printable(imported.summary.user).c_str(), dir.c_str(),
      Plural(imported.users, "user", "users").c_str(),
      Plural(imported.groups, "group", "groups").c_str(),
      Plural(imported.data_sources, "data source", "data sources").c_str(),
      Plural(imported.constants, "constant", "constants").c_str(),
      Plural(imported.apps, "app", "apps").c_str(),
      checked.diags.error_count() > 0
          ? fmt::format("the configuration has {}; fix them in ToolJet or in the files",
                        Plural(checked.diags.error_count(), "error", "errors"))
                .c_str()
          : fmt::format("it checks clean ({})", Plural(warnings, "warning", "warnings")).c_str());
  return checked.diags.error_count() > 0 ? kExitFindings : kExitOk;
}

}  // namespace

void AddImportCommand(CLI::App& app, int* exit_code) {
  auto opts = std::make_shared<ImportOptions>();
  auto* cmd = app.add_subcommand(
      "import",
      "Read one workspace of a live ToolJet from its PostgreSQL database (one read-only "
      "snapshot) and write it as a configuration into DIR: users, roles, groups, data "
      "sources, constants and apps. Secrets are never read; with LOCKBOX_MASTER_KEY set, "
      "global constant values are decrypted. Exit 0 when the result checks clean, 1 when it "
      "has errors, 3 when the database cannot be read (docs/import.md).");
  cmd->add_option("DB_URL", opts->url,
                  "ToolJet's database: postgresql://USER@HOST:PORT/DATABASE; a password is best "
                  "given in PGPASSWORD or ~/.pgpass (libpq's PG* variables apply)")
      ->required();
  cmd->add_option("--workspace", opts->workspace,
                  "The workspace to import, by name or slug (needed when the database has "
                  "several)")
      ->type_name("NAME");
  cmd->add_option("-o,--output", opts->dir, "Directory to write into (created if missing)")
      ->required()
      ->type_name("DIR");
  cmd->add_flag("--force", opts->force, "Replace files a previous import wrote");
  AddColorOption(*cmd, &opts->input.color, "Colour the findings printed on standard error");
  cmd->add_flag_callback("--timings", [] { EnableTimings(); },
                         "Print the time each stage took on standard error");
  cmd->callback([opts, exit_code] { *exit_code = RunImport(*opts); });
}

}  // namespace stagegate
