// The command line: parses argv, runs one subcommand (one file each in cli/),
// and returns the process exit code (0 ok, 1 findings, 2 plan changes with
// --detailed-exitcode, 3 could not run).
#ifndef STAGEGATE_CLI_CLI_H_
#define STAGEGATE_CLI_CLI_H_

namespace stagegate {

int RunCli(int argc, char** argv);

}  // namespace stagegate

#endif  // STAGEGATE_CLI_CLI_H_
