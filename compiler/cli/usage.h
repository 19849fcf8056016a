// The command line as a user meets it first: the help text (wrapped to the
// terminal, without CLI11's type labels), the short usage of a bare
// `stagegate`, `stagegate help [COMMAND]`, and usage errors shaped like git's
// and cargo's: each starts with "stagegate:", suggests the command or option
// meant, and names the help to read. CLI11 still parses; this shapes what it
// prints.
#ifndef STAGEGATE_CLI_USAGE_H_
#define STAGEGATE_CLI_USAGE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

namespace stagegate {

// The width help text is wrapped to: $COLUMNS, else the terminal's width
// when standard output is one, else 80; never below 40 nor above 160.
size_t HelpWidth();

// Installs the help formatter on `app` and its subcommands (call after every
// command is added).
void InstallHelpFormatter(CLI::App& app);

// What the arguments ask before CLI11 parses them: nothing to do (nullopt:
// parse), or an exit code after printing help or a usage error. Handles a
// bare `stagegate`, `stagegate help [COMMAND]`, an unknown command and an
// unknown option of a known command.
std::optional<int> Prescan(CLI::App& app, const std::vector<std::string>& args);

// A CLI11 parse error as a usage error: "stagegate: MESSAGE" and the help to
// read (`command` is the subcommand named on the command line, or empty).
// Returns the exit code (3).
int ReportParseError(const CLI::ParseError& error, std::string_view command);

// Usage errors found after parsing (an option's value checked against the
// configuration): "stagegate: MESSAGE" for each, then the help to read, on
// standard error. Returns the exit code (3).
int ReportUsageErrors(const std::vector<std::string>& messages, std::string_view command);

// Validators whose messages say what was expected.
// A whole number from 0 up (no sign, no fraction, no exponent), at most 2^63-1.
CLI::Validator NonNegativeInteger();
// One of `names` (exact); the message lists them and suggests the closest.
CLI::Validator OneOf(std::vector<std::string> names);

}  // namespace stagegate

#endif  // STAGEGATE_CLI_USAGE_H_
