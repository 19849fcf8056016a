// Every command in every output format, as argument lists, for the tests
// that must hold for all of them (secrets never printed, output the same
// whatever the locale or run). `cfg` and `current` are configuration
// directories based on examples/nexora (explain asks about its users).
#ifndef STAGEGATE_TESTS_CLI_COMMANDS_H_
#define STAGEGATE_TESTS_CLI_COMMANDS_H_

#include <string>
#include <vector>

#include "unit/cli_support.h"
#include "unit/stage_support.h"

namespace stagegate::testing {

// Writes the files of examples/nexora into `dir`/`subdir`; returns that path.
inline std::string WriteNexora(const TempDir& dir, const std::string& subdir) {
  for (const auto& [name, text] : NexoraFiles()) dir.Write(subdir + "/" + name, text);
  return dir.path() + "/" + subdir;
}

// The pair EveryCommand runs on: cfg/ is examples/nexora, old/ the same plus
// a user and a group, so plan and report have changes to show.
inline void WriteConfigAndCurrent(const TempDir& dir) {
  WriteNexora(dir, "cfg");
  WriteNexora(dir, "old");
  dir.Write("old/extra.yaml", "users:\n  zoe@nexora.io: {role: builder}\n"
                              "groups:\n  zoe-team: {members: [zoe@nexora.io]}\n");
}

struct CommandCase {
  std::vector<std::string> args;
  std::string output;  // -o FILE written, relative to the temp dir; "" for none
};

inline std::vector<CommandCase> EveryCommand(const std::string& cfg, const std::string& current) {
  std::vector<CommandCase> cases;
  for (const char* f : {"text", "json", "sarif", "junit", "github"})
    cases.push_back({{"check", cfg, "--format", f}, ""});
  cases.push_back({{"check", cfg, "--format", "sarif", "-o"}, "check.sarif"});
  for (const char* f : {"text", "csv", "json"}) cases.push_back({{"compile", cfg, "--format", f}, ""});
  cases.push_back({{"compile", cfg, "--format", "json", "-o"}, "state.json"});
  for (const char* f : {"text", "json"}) {
    cases.push_back({{"explain", cfg, "--user", "quinn.berg@nexora.io", "--app", "payroll",
                      "--format", f},
                     ""});
  }
  for (const char* f : {"text", "markdown", "json"})
    cases.push_back({{"plan", cfg, "--current", current, "--format", f}, ""});
  for (const char* f : {"html", "markdown", "csv", "json"}) {
    cases.push_back({{"report", cfg, "--format", f}, ""});
    cases.push_back({{"report", cfg, "--current", current, "--format", f}, ""});
  }
  cases.push_back({{"report", cfg, "-o"}, "report.html"});
  return cases;
}

}  // namespace stagegate::testing

#endif  // STAGEGATE_TESTS_CLI_COMMANDS_H_
