// Secrets never leak: every command in every output format, on a valid
// configuration whose secrets' environment variables hold canary values and
// on one with canary secrets written in plain text (the error paths), must
// not print a canary on standard output or error, nor write one to a file.
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "unit/cli_commands.h"
#include "unit/cli_support.h"

namespace stagegate {
namespace {

using namespace testing;

constexpr char kCanary[] = "CANARY";

// nexora's secrets are read from these variables (constants.yaml).
const std::vector<std::string> kSecretVariables = {
    "NEXORA_DEV_DB_PASSWORD",  "NEXORA_STAGING_DB_PASSWORD",  "NEXORA_PROD_DB_PASSWORD",
    "NEXORA_DEV_HR_API_TOKEN", "NEXORA_STAGING_HR_API_TOKEN", "NEXORA_PROD_HR_API_TOKEN"};

// Secrets written where they must not be: a secret constant's literal value
// (plaintext-secret, one on a line of its own and one in a flow mapping), a
// data source credential written out (literal-credential) and a multi-line
// literal.
const char kPlaintext[] = R"(constants:
  LEAKY_SECRET:
    type: secret
    values:
      development: CANARY-plaintext-dev-1
      staging: {fromEnv: LEAKY_STAGING}
      production: |
        CANARY-plaintext-block-2
        CANARY-plaintext-block-3
dataSources:
  leaky-db:
    kind: postgresql
    environments:
      development: {host: dev, password: CANARY-credential-4}
      staging: {host: staging, password: "CANARY-credential-5"}
      production: {host: prod, api_key: 'CANARY-credential-6'}
)";

void ExpectNoCanary(const std::vector<CommandCase>& cases, const TempDir& dir, const RunOptions& env) {
  for (CommandCase c : cases) {
    if (!c.output.empty()) c.args.push_back(dir.path() + "/" + c.output);
    std::string line;
    for (const std::string& a : c.args) line += a + " ";
    INFO(line);
    RunResult r = Run(c.args, env);
    CHECK(r.exit_code != -1);
    CHECK(r.out.find(kCanary) == std::string::npos);
    CHECK(r.err.find(kCanary) == std::string::npos);
    if (!c.output.empty() && FileExists(dir.path() + "/" + c.output)) {
      CHECK(ReadFile(dir.path() + "/" + c.output).find(kCanary) == std::string::npos);
    }
  }
}

TEST_CASE("secrets: no command or format prints a secret's value from the environment") {
  TempDir dir;
  WriteConfigAndCurrent(dir);
  RunOptions env;
  for (const std::string& v : kSecretVariables) env.env[v] = std::string(kCanary) + "-env-" + v;
  ExpectNoCanary(EveryCommand(dir.path() + "/cfg", dir.path() + "/old"), dir, env);
}

TEST_CASE("secrets: a secret written in plain text is reported but never shown") {
  TempDir dir;
  WriteNexora(dir, "cfg");
  WriteNexora(dir, "old");
  dir.Write("cfg/leaks.yaml", kPlaintext);
  dir.Write("old/leaks.yaml", kPlaintext);
  RunOptions env;
  env.env["LEAKY_STAGING"] = std::string(kCanary) + "-env-staging";
  std::vector<CommandCase> cases = EveryCommand(dir.path() + "/cfg", dir.path() + "/old");
  ExpectNoCanary(cases, dir, env);
  // They are errors, named by code, so the run above did report them.
  RunResult check = Run({"check", dir.path() + "/cfg"}, env);
  CHECK(check.exit_code == 1);
  CHECK(check.out.find("[plaintext-secret]") != std::string::npos);
  CHECK(check.out.find("[literal-credential]") != std::string::npos);
  CHECK(check.out.find("********") != std::string::npos);  // the code frames are redacted
}

}  // namespace
}  // namespace stagegate
