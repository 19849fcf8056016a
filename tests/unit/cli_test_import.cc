// `import` and `--current postgresql://` where no database is needed: usage,
// a server that does not answer, and a password that must never be printed.
// The database itself is tested by tests/integration/live_test.sh.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <string>

#include "unit/cli_support.h"

namespace stagegate {
namespace {

using namespace testing;

// A socket directory no server listens in: libpq fails at once.
const std::string kNowhere = "host=/nonexistent-stagegate-socket-dir&port=5432";

TEST_CASE("import: something that is not a PostgreSQL URL exits 3 and says what to write") {
  TempDir dir;
  auto r = Run({"import", "state.json", "-o", dir.path() + "/out"});
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("'state.json' is not a PostgreSQL URL; give ToolJet's database as "
                   "postgresql://USER@HOST:PORT/DATABASE") != std::string::npos);
  CHECK(r.out.empty());
}

TEST_CASE("import: -o is required") {
  auto r = Run({"import", "postgresql://x@/y"});
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("--output is required") != std::string::npos);
}

TEST_CASE("import: an unreachable server exits 3 with database-connection and writes nothing") {
  TempDir dir;
  auto r = Run({"import", "postgresql://ro@/tooljet?" + kNowhere, "-o", dir.path() + "/out"});
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("[database-connection]") != std::string::npos);
  CHECK(r.err.find("check the host and port") != std::string::npos);
  CHECK(access((dir.path() + "/out").c_str(), F_OK) != 0);
}

TEST_CASE("import and plan: a password in the URL is never printed") {
  TempDir dir;
  const std::string url = "postgresql://ro:Hunter2-Canary@/tooljet?" + kNowhere;
  auto imported = Run({"import", url, "-o", dir.path() + "/out"});
  CHECK(imported.exit_code == 3);
  CHECK(imported.err.find("postgresql://ro:***@/tooljet") != std::string::npos);
  auto planned = Run({"plan", "examples/nexora", "--current", url}, InDirectory(SourceDir()));
  CHECK(planned.exit_code == 3);
  CHECK(planned.err.find("postgresql://ro:***@/tooljet") != std::string::npos);
  const std::string query = "postgresql://ro@/tooljet?password=Hunter2-Canary&" + kNowhere;
  auto reported = Run({"report", "examples/nexora", "--current", query, "--format", "json"},
                      InDirectory(SourceDir()));
  CHECK(reported.exit_code == 3);
  CHECK(reported.err.find("password=***") != std::string::npos);
  for (const RunResult* r : {&imported, &planned, &reported}) {
    CHECK(r->out.find("Hunter2-Canary") == std::string::npos);
    CHECK(r->err.find("Hunter2-Canary") == std::string::npos);
  }
}

TEST_CASE("import and plan: an invalid STAGEGATE_DB_STATEMENT_TIMEOUT exits 3 before connecting") {
  TempDir dir;
  RunOptions options = InDirectory(SourceDir());
  options.env["STAGEGATE_DB_STATEMENT_TIMEOUT"] = "ten";
  const std::string message =
      "error: STAGEGATE_DB_STATEMENT_TIMEOUT must be a whole number of seconds from 1 to 86400 (a "
      "day); unset it for the default of 120 s [database-connection]";
  auto imported = Run({"import", "postgresql://ro@/tooljet?" + kNowhere, "-o", dir.path() + "/out"},
                      options);
  CHECK(imported.exit_code == 3);
  CHECK(imported.err.find(message) != std::string::npos);
  // It never got as far as the server (which would not answer).
  CHECK(imported.err.find("check the host and port") == std::string::npos);
  CHECK(access((dir.path() + "/out").c_str(), F_OK) != 0);
  auto planned = Run({"plan", "examples/nexora", "--current", "postgresql://ro@/tooljet?" + kNowhere},
                     options);
  CHECK(planned.exit_code == 3);
  CHECK(planned.err.find(message) != std::string::npos);
  options.env["STAGEGATE_DB_STATEMENT_TIMEOUT"] = "86401";
  CHECK(Run({"import", "postgresql://ro@/tooljet?" + kNowhere, "-o", dir.path() + "/out"}, options)
            .err.find(message) != std::string::npos);
}

}  // namespace
}  // namespace stagegate
