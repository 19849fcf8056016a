// Names holding control characters (ToolJet's names may): check warns, and no
// output the CLI writes passes an escape sequence raw to the terminal
// (findings, the matrix, the plan, explain).
#include <catch2/catch.hpp>

#include <string>

#include "cli_support.h"

namespace stagegate {
namespace {

using testing::Run;
using testing::TempDir;

// An app and a user whose names hold ESC and BEL.
const char kConfig[] =
    "version: 1\n"
    "users:\n"
    "  \"ada\\e[2J@x.io\": {role: admin}\n"
    "apps:\n"
    "  \"pay\\e[31mroll\\a\": {versions: [{name: v1, environment: production, status: released}]}\n";

TEST_CASE("cli: a name with an escape sequence is shown escaped, never run, in every output") {
  TempDir dir;
  dir.Write("cfg/a.yaml", kConfig);
  dir.Write("before/a.yaml", "version: 1\n");
  const std::string cfg = dir.path() + "/cfg";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"check", cfg},
        std::vector<std::string>{"compile", cfg},
        std::vector<std::string>{"plan", cfg, "--current", dir.path() + "/before"},
        std::vector<std::string>{"explain", cfg, "--user", "ada\x1b[2J@x.io", "--app",
                                 "pay\x1b[31mroll\x07"}}) {
    INFO(args[0]);
    testing::RunResult r = Run(args);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find('\x1b') == std::string::npos);
    CHECK(r.err.find('\x1b') == std::string::npos);
    CHECK(r.out.find('\x07') == std::string::npos);
    CHECK(r.err.find('\x07') == std::string::npos);
    CHECK((r.out + r.err).find("pay\\x1b[31mroll\\x07") != std::string::npos);
  }
}

}  // namespace
}  // namespace stagegate
