// The subcommands, one file each (check.cc, compile.cc, explain.cc, plan.cc,
// report.cc, import.cc, schema_command.cc, init.cc). Each
// Add*Command registers its options on the CLI11 app and a callback that
// stores the command's exit code in *exit_code.
#ifndef STAGEGATE_CLI_COMMANDS_H_
#define STAGEGATE_CLI_COMMANDS_H_

namespace CLI {
class App;
}

namespace stagegate {

void AddCheckCommand(CLI::App& app, int* exit_code);
void AddSchemaCommand(CLI::App& app, int* exit_code);
void AddInitCommand(CLI::App& app, int* exit_code);
void AddCompileCommand(CLI::App& app, int* exit_code);
void AddExplainCommand(CLI::App& app, int* exit_code);
void AddPlanCommand(CLI::App& app, int* exit_code);
void AddReportCommand(CLI::App& app, int* exit_code);
void AddImportCommand(CLI::App& app, int* exit_code);

}  // namespace stagegate

#endif  // STAGEGATE_CLI_COMMANDS_H_
