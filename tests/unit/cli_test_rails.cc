// CLI tests of the guard rails' rules (`plan --deny-gain`): a rule that is
// not one, or names a column the configuration lacks, is a usage error (exit
// 3, with a suggestion); a rule that can never match is a warning and the
// plan goes on; every rule the documentation recommends is accepted without
// a warning on examples/nexora.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_support.h"

namespace stagegate {
namespace {

using testing::InDirectory;
using testing::Run;
using testing::TempDir;

const char kConfig[] =
    "version: 1\n"
    "users: {ada@nexora.io: {role: admin}}\n"
    "apps:\n"
    "  payroll:\n"
    "    versions: [{name: v1, environment: production, status: released}]\n";

const char kHelp[] = "Run 'stagegate plan --help' for its options.\n";

testing::RunResult Plan(const std::vector<std::string>& rules) {
  TempDir dir;
  dir.Write("config/a.yaml", kConfig);
  std::vector<std::string> args = {"plan", "config", "--current", "config"};
  for (const std::string& rule : rules) {
    args.push_back("--deny-gain");
    args.push_back(rule);
  }
  return Run(args, InDirectory(dir.path()));
}

TEST_CASE("cli: plan --deny-gain with what is not a rule is a usage error, exit 3") {
  auto r = Plan({"run:production", "appRelase", "fly:production", "none:staging", "run:"});
  CHECK(r.exit_code == 3);
  CHECK(r.out.empty());
  CHECK(r.err ==
        std::string("stagegate: --deny-gain appRelase: not a rule (did you mean 'appRelease'?); "
                    "write CAPABILITY:COLUMN (e.g. run:production, run:*, use:released), a "
                    "workspace permission (e.g. appRelease), promote, release or public\n"
                    "stagegate: --deny-gain fly:production: no capability 'fly'; the capabilities "
                    "are use, preview, run and edit\n"
                    "stagegate: --deny-gain none:staging: 'none' is no gain; the capabilities are "
                    "use, preview, run and edit\n"
                    "stagegate: --deny-gain run:: no column after ':'; write an environment, "
                    "released or * (any column)\n") +
            kHelp);
}

TEST_CASE("cli: plan --deny-gain naming a column the configuration lacks is a usage error") {
  for (const char* rule : {"run:prod", "run:Production"}) {
    auto r = Plan({rule});
    INFO(rule);
    CHECK(r.exit_code == 3);
    CHECK(r.out.empty());
    CHECK(r.err == "stagegate: --deny-gain " + std::string(rule) + ": no environment '" +
                       std::string(rule).substr(4) +
                       "' in this configuration (did you mean 'production'?); the columns are "
                       "development, staging, production and released, or * for any\n" +
                       kHelp);
  }
  auto released = Plan({"use:release"});
  CHECK(released.exit_code == 3);
  CHECK(released.err ==
        std::string("stagegate: --deny-gain use:release: no environment 'release' in this "
                    "configuration (did you mean 'released'?); the columns are development, "
                    "staging, production and released, or * for any\n") +
            kHelp);
}

TEST_CASE("cli: plan --deny-gain that can never match warns and the plan goes on") {
  auto r = Plan({"edit:production", "run:released", "run:production"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("Plan: no changes.") != std::string::npos);
  CHECK(r.err ==
        "stagegate: warning: --deny-gain edit:production can never match: under the documented "
        "rules (R4) edit exists only in 'development'; to stop someone gaining production "
        "access, deny run:production\n"
        "stagegate: warning: --deny-gain run:released can never match: the 'released' column "
        "holds only use or none (R4); to stop someone gaining the released app, deny "
        "use:released\n");
}

std::string ReadSource(const std::string& path) {
  std::ifstream in(std::string(STAGEGATE_SOURCE_DIR) + "/" + path);
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every rule the documentation shows: `--deny-gain RULE` in the text (the
// man page's "\-" unescaped), each line of an Action's `deny-gain: |` block,
// and the examples `plan --help` gives.
std::set<std::string> DocumentedRules(const std::string& help) {
  std::set<std::string> rules;
  const std::regex option(R"(--deny-gain[\s=]+([A-Za-z*:]+))");
  // The lines indented deeper than the key.
  const std::regex block(R"(\n( *)deny-gain: \|[^\n]*\n((?:\1 +[^ \n][^\n]*\n)+))");
  const std::regex word(R"(\b((?:use|preview|run|edit):[A-Za-z*]+))");
  for (const char* path : {"README.md", "docs/cli.md", "docs/integrations.md", "docs/format.md",
                           "docs/semantics.md", "docs/import.md", "docs/man/stagegate.1",
                           "examples/github-workflow.yml"}) {
    std::string text = std::regex_replace(ReadSource(path), std::regex(R"(\\-)"), "-");
    for (std::sregex_iterator m(text.begin(), text.end(), option), end; m != end; ++m) {
      if ((*m)[1] != "RULE") rules.insert((*m)[1]);
    }
    for (std::sregex_iterator m(text.begin(), text.end(), block), end; m != end; ++m) {
      std::istringstream lines((*m)[2]);
      for (std::string line; std::getline(lines, line);) {
        rules.insert(line.substr(line.find_first_not_of(' ')));
      }
    }
  }
  for (std::sregex_iterator m(help.begin(), help.end(), word), end; m != end; ++m) {
    rules.insert((*m)[1]);
  }
  return rules;
}

TEST_CASE("cli: every --deny-gain rule the documentation recommends holds on examples/nexora") {
  auto help = Run({"plan", "--help"});
  REQUIRE(help.exit_code == 0);
  std::set<std::string> rules = DocumentedRules(help.out);
  for (const char* expected : {"run:production", "use:released", "appRelease", "promote",
                               "public", "run:*"}) {
    INFO(expected);
    CHECK(rules.count(expected) == 1);
  }
  const std::string nexora = std::string(STAGEGATE_SOURCE_DIR) + "/examples/nexora";
  std::vector<std::string> args = {"plan", nexora, "--current", nexora};
  for (const std::string& rule : rules) {
    args.push_back("--deny-gain");
    args.push_back(rule);
  }
  auto r = Run(args);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("--deny-gain") == std::string::npos);
}

}  // namespace
}  // namespace stagegate
