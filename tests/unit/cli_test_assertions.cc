// CLI tests of assertion evaluation on the reference company: the real
// binary on examples/nexora (every assertion holds, no warning) and on a
// copy with one wrong expectation (exit 1, the error at that line), or one
// that only ToolJet's server breaks (S1).
#include <catch2/catch.hpp>

#include <string>

#include "cli_support.h"

namespace stagegate {
namespace {

using testing::ReadFile;
using testing::InDirectory;
using testing::Run;
using testing::SourceDir;
using testing::TempDir;

const char* const kNexoraFiles[] = {"apps.yaml",   "assertions.yaml", "constants.yaml",
                                    "datasources.yaml", "groups.yaml", "roles.yaml",
                                    "users.yaml",  "workspace.yaml"};

// Copies examples/nexora into `dir`/nexora, replacing `from` by `to` in
// assertions.yaml (exactly once).
void CopyNexora(const TempDir& dir, const std::string& from, const std::string& to) {
  for (const char* name : kNexoraFiles) {
    std::string text = ReadFile(SourceDir() + "/examples/nexora/" + name);
    if (std::string(name) == "assertions.yaml") {
      size_t at = text.find(from);
      REQUIRE(at != std::string::npos);
      REQUIRE(text.find(from, at + 1) == std::string::npos);
      text.replace(at, from.size(), to);
    }
    dir.Write(std::string("nexora/") + name, text);
  }
}

TEST_CASE("cli: examples/nexora holds every assertion, its one warning is where the server differs") {
  auto r = Run({"check", "examples/nexora"}, InDirectory(SourceDir()));
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  // The findings, then the summary line, on standard output.
  CHECK(r.out.find("\nexamples/nexora: valid, with 1 warning (") != std::string::npos);
  CHECK(r.out.find("[server-differs]") != std::string::npos);
  CHECK(r.out.find("[assertion-failed]") == std::string::npos);
  // --werror: the documented rules' E1 is not what ToolJet's server enforces
  // (S1), and a team that treats warnings as errors hears of it.
  auto strict = Run({"check", "examples/nexora", "--werror"}, InDirectory(SourceDir()));
  CHECK(strict.exit_code == 1);
  CHECK(strict.out.find("[server-differs]") != std::string::npos);
}

TEST_CASE("cli: one wrong expectation in nexora fails with exit 1 at its line") {
  TempDir dir;
  // Quinn (QA) has no access to payroll in production; expect run there.
  CopyNexora(dir,
             "  - user: quinn.berg@nexora.io\n    app: payroll\n"
             "    expect: {staging: run, production: none, released: none}",
             "  - user: quinn.berg@nexora.io\n    app: payroll\n"
             "    expect: {staging: run, production: run, released: none}");
  auto r = Run({"check", "nexora"}, InDirectory(dir.path()));
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.out ==
        "nexora/assertions.yaml:14:28: error: expected run in 'production' for "
        "'quinn.berg@nexora.io' on 'payroll', but it is none: no grant that reaches them "
        "includes 'production' (R3) [assertion-failed]\n"
        "   14 |     expect: {staging: run, production: run, released: none}\n"
        "      |                            ^~~~~~~~~~\n"
        "nexora/groups.yaml:28:21: warning: this edit grant of group 'qa' does not name "
        "'development', but ToolJet's server adds it to every edit grant (S1): there "
        "'quinn.berg@nexora.io' and 'sofia.marin@nexora.io' can edit every app in "
        "'development', which the documented rules do not show; set 'accessRules: server' to "
        "see what the server enforces [server-differs]\n"
        "   28 |         permission: edit\n"
        "      |                     ^~~~\n"
        "nexora: 1 error, 1 warning in 8 files\n");
}

TEST_CASE("cli: nexora's QA assertion with development: none fails on ToolJet's server (S1)") {
  TempDir dir;
  // The assertion as nexora once wrote it: it holds under the documented
  // rules (E1), but ToolJet's server gives QA edit in development.
  CopyNexora(dir,
             "  - user: quinn.berg@nexora.io\n    app: payroll\n"
             "    expect: {staging: run, production: none, released: none}",
             "  - user: quinn.berg@nexora.io\n    app: payroll\n"
             "    expect: {development: none, staging: run, production: none, released: none}");
  auto r = Run({"check", "nexora"}, InDirectory(dir.path()));
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.out.rfind(
            "nexora/assertions.yaml:14:14: error: expected none in 'development' for "
            "'quinn.berg@nexora.io' on 'payroll', but ToolJet's server gives edit there (S1: "
            "every edit grant includes the first environment; group 'qa' grants edit) "
            "[assertion-failed]\n"
            "   14 |     expect: {development: none, staging: run, production: none, released: "
            "none}\n"
            "      |              ^~~~~~~~~~~\n"
            "nexora/groups.yaml:28:21: note: ToolJet's server gives edit in 'development' from "
            "this (S1)\n"
            "   28 |         permission: edit\n"
            "      |                     ^\n",
            0) == 0);
  CHECK(r.out.find("\nnexora: 1 error, 1 warning in 8 files\n") != std::string::npos);
  // Under accessRules: server the matrix is the server's: one failure, in
  // the usual words.
  dir.Write("nexora/access-rules.yaml", "accessRules: server\n");
  auto server = Run({"check", "nexora"}, InDirectory(dir.path()));
  CHECK(server.exit_code == 1);
  CHECK(server.out ==
        "nexora/assertions.yaml:14:14: error: expected none in 'development' for "
        "'quinn.berg@nexora.io' on 'payroll', but it is edit: level edit from group 'qa', "
        "'development' because an edit grant always includes development on ToolJet's server "
        "(S1) [assertion-failed]\n"
        "   14 |     expect: {development: none, staging: run, production: none, released: "
        "none}\n"
        "      |              ^~~~~~~~~~~\n"
        "nexora/groups.yaml:28:21: note: level edit from here\n"
        "   28 |         permission: edit\n"
        "      |                     ^\n"
        "nexora: 1 error in 9 files\n");
}

TEST_CASE("cli: a failing cannot in nexora names the group that grants the permission") {
  TempDir dir;
  CopyNexora(dir, "  - user: lee.chen@nexora.io\n    app: payroll\n    can: [promote, release]",
             "  - user: lee.chen@nexora.io\n    app: payroll\n    cannot: [release]");
  auto r = Run({"check", "nexora", "--format", "json"}, InDirectory(dir.path()));
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("\"code\": \"assertion-failed\"") != std::string::npos);
  CHECK(r.out.find("expected 'lee.chen@nexora.io' not to be able to release 'payroll', but they "
                   "can: appRelease from group 'team-leads', level edit from ownership of "
                   "'payroll' (R6) and group 'team-leads' (R10)") != std::string::npos);
  CHECK(r.out.find("\"line\": 44") != std::string::npos);
}

}  // namespace
}  // namespace stagegate

namespace stagegate {
namespace {

TEST_CASE("cli: explain still answers when an assertion fails, and exits 1") {
  TempDir dir;
  CopyNexora(dir,
             "  - user: quinn.berg@nexora.io\n    app: payroll\n"
             "    expect: {staging: run, production: none, released: none}",
             "  - user: quinn.berg@nexora.io\n    app: payroll\n"
             "    expect: {staging: run, production: run, released: none}");
  auto r = Run({"explain", "nexora", "--user", "quinn.berg@nexora.io", "--app", "payroll",
                "--env", "production"},
               InDirectory(dir.path()));
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("[assertion-failed]") != std::string::npos);
  CHECK(r.out ==
        "quinn.berg@nexora.io on app 'payroll' (builder; groups: qa)\n"
        "  production   none     not in the environments of any grant (R3)\n"
        "grants:\n"
        "  role 'builder' at nexora/roles.yaml:15:3: no app grants\n"
        "  group 'qa' at nexora/groups.yaml:27:9: edit in staging (all apps)\n");
}

}  // namespace
}  // namespace stagegate
