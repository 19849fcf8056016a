// `stagegate schema`: prints the JSON Schema of the format, the one validation
// uses, for editors (yaml-language-server) and other tools.
#include <cstdio>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/common.h"
#include "schema/schema.h"

namespace stagegate {

void AddSchemaCommand(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand(
      "schema", "Print the JSON Schema of the configuration format (for editors and other tools).");
  auto output = std::make_shared<std::string>();
  cmd->add_option("-o,--output", *output, "Write to FILE (atomically) instead of standard output")
      ->type_name("FILE");
  cmd->callback([output, exit_code] {
    if (!WriteOutput(*output, EmbeddedSchema())) {
      *exit_code = kExitCannotRun;
      return;
    }
    *exit_code = kExitOk;
  });
}

}  // namespace stagegate
