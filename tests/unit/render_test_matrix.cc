// The matrix renderers (compile --format text / csv) on small configurations
// with exact expected output, CSV quoting, and the compile command's promise
// that a configuration with errors writes nothing.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "render/matrix_csv.h"
#include "render/matrix_text.h"
#include "unit/cli_support.h"
#include "unit/pipeline_support.h"

namespace stagegate {
namespace {

using testing::Staged;

// The whole pipeline on `yaml` as c.yaml, which must have no errors.
Staged CompileText(const std::string& yaml) {
  return Staged({{"c.yaml", yaml}}, testing::Pipeline().WithoutErrors());
}

// The document's E1 (quinn) and E5 (eve, with the built-in end-user role) in
// one workspace, plus an admin, an owner and a disabled user.
const char kPayroll[] = R"(version: 1
workspace: demo
roles:
  builder: {permissions: [appCreate], apps: []}
users:
  ada@x.io: {role: admin}
  quinn@x.io: {role: builder}
  lee@x.io: {role: builder}
  eve@x.io: {role: end-user}
  sam@x.io: {role: builder, disabled: true}
groups:
  qa:
    members: [quinn@x.io, sam@x.io]
    apps:
      - {apps: [payroll], permission: view, environments: [staging]}
      - {apps: [payroll], permission: edit, environments: [staging]}
  leads:
    members: [lee@x.io]
    permissions: [appPromote]
  viewers:
    members: [eve@x.io]
    apps: [{apps: [payroll], permission: view, environments: [development, staging]}]
apps:
  payroll:
    owner: lee@x.io
    versions:
      - {name: v1, environment: production, status: released}
      - {name: v3, environment: development, status: draft}
      - {name: v2, environment: staging, status: published}
  tool: {}
)";

TEST_CASE("text: the matrix per app, permissions and data sources, aligned") {
  Staged c = CompileText(kPayroll);
  CHECK(MatrixToText(c.matrix()) ==
        R"(workspace demo: environments development -> staging -> production, version rules default
5 users (1 disabled), 3 groups, 2 apps, 0 data sources

app payroll (owner lee@x.io)
  versions:
    v1  production   released   <- the released app
    v2  staging      published
    v3  development  draft
  access:
    user              role      development  staging  production  released
    ada@x.io          admin     edit         run      run         use
    eve@x.io          end-user  preview      preview  none        use
    lee@x.io (owner)  builder   edit         run      run         use
    quinn@x.io        builder   none         run      none        none
    no access (disabled): sam@x.io
  can promote (R9): ada@x.io, lee@x.io
  can release (R10): ada@x.io

app tool
  versions: none
  not released: the released column is none for everyone
  access:
    user        role      development  staging  production  released
    ada@x.io    admin     edit         run      run         none
    eve@x.io    end-user  none         none     none        none
    lee@x.io    builder   none         none     none        none
    quinn@x.io  builder   none         none     none        none
    no access (disabled): sam@x.io
  can promote (R9): ada@x.io
  can release (R10): ada@x.io

workspace permissions (R8):
  user        role      appCreate  appDelete  appPromote  appRelease  dataSourceCreate  dataSourceDelete  folderCRUD  orgConstantCRUD  workflowCreate  workflowDelete
  ada@x.io    admin     yes        yes        yes         yes         yes               yes               yes         yes              yes             yes
  eve@x.io    end-user  -          -          -           -           -                 -                 -           -                -               -
  lee@x.io    builder   yes        -          yes         -           -                 -                 -           -                -               -
  quinn@x.io  builder   yes        -          -           -           -                 -                 -           -                -               -
  no access (disabled): sam@x.io

data source access (R12):
  no data sources
  no access (disabled): sam@x.io
)");
}

TEST_CASE("csv: one record per user, app and column, sorted, CRLF") {
  Staged c = CompileText(R"(version: 1
environments: [dev, prod]
users:
  b@x.io: {role: builder}
  A@x.io: {role: end-user, disabled: true}
apps:
  "z, the app": {}
  "say \"hi\"": {}
)");
  CHECK(MatrixToCsv(c.matrix()) ==
        "user,app,column,capability\r\n"
        "A@x.io,\"say \"\"hi\"\"\",dev,none\r\n"
        "A@x.io,\"say \"\"hi\"\"\",prod,none\r\n"
        "A@x.io,\"say \"\"hi\"\"\",released,none\r\n"
        "A@x.io,\"z, the app\",dev,none\r\n"
        "A@x.io,\"z, the app\",prod,none\r\n"
        "A@x.io,\"z, the app\",released,none\r\n"
        "b@x.io,\"say \"\"hi\"\"\",dev,edit\r\n"
        "b@x.io,\"say \"\"hi\"\"\",prod,run\r\n"
        "b@x.io,\"say \"\"hi\"\"\",released,none\r\n"
        "b@x.io,\"z, the app\",dev,edit\r\n"
        "b@x.io,\"z, the app\",prod,run\r\n"
        "b@x.io,\"z, the app\",released,none\r\n");
}

TEST_CASE("csv: fields are quoted only when RFC 4180 requires it") {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"plain", "plain"},
      {"", ""},
      {"a b", "a b"},
      {"a,b", "\"a,b\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"\"", "\"\"\"\""},
      {"line\nbreak", "\"line\nbreak\""},
      {"cr\rhere", "\"cr\rhere\""},
      {"café", "café"},
  };
  for (const Case& c : cases) {
    INFO(c.in);
    CHECK(CsvField(c.in) == c.out);
  }
}

// ---- The compile command (real binary, real files) ----

using testing::FileExists;
using testing::ReadFile;
using testing::Run;
using testing::TempDir;

const char kBroken[] = R"(version: 1
users:
  a@x.io: {role: builder}
groups:
  g: {members: [nobody@x.io]}
)";

TEST_CASE("compile: a configuration with errors exits 1 and writes no -o file") {
  TempDir dir;
  std::string config = dir.Write("cfg/a.yaml", kBroken);
  for (const char* format : {"json", "text", "csv"}) {
    INFO(format);
    std::string out = dir.path() + "/state." + format;
    auto r = Run({"compile", dir.path() + "/cfg", "--format", format, "-o", out});
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(r.err.find("error: unknown user 'nobody@x.io'") != std::string::npos);
    CHECK(r.err.find("[unknown-reference]") != std::string::npos);
    CHECK(r.err.find("stagegate: not compiled: the configuration has 1 error\n") !=
          std::string::npos);
    CHECK_FALSE(FileExists(out));
  }
}

TEST_CASE("compile: an existing -o file is left untouched when the configuration has errors") {
  TempDir dir;
  dir.Write("cfg/a.yaml", kBroken);
  std::string out = dir.Write("state.json", "the previous state\n");
  auto r = Run({"compile", dir.path() + "/cfg", "--format", "json", "-o", out});
  CHECK(r.exit_code == 1);
  CHECK(ReadFile(out) == "the previous state\n");
}

TEST_CASE("compile: -o writes exactly what stdout would show") {
  TempDir dir;
  dir.Write("cfg/a.yaml", kPayroll);
  std::string out = dir.path() + "/state.json";
  auto to_file = Run({"compile", dir.path() + "/cfg", "--format", "json", "-o", out});
  auto to_stdout = Run({"compile", dir.path() + "/cfg", "--format", "json"});
  CHECK(to_file.exit_code == 0);
  CHECK(to_file.out.empty());
  CHECK(to_stdout.exit_code == 0);
  CHECK(ReadFile(out) == to_stdout.out);
  CHECK(to_stdout.out.rfind("{\n  \"access\": {", 0) == 0);
}

TEST_CASE("compile: text is the default format, unreadable input exits 3") {
  TempDir dir;
  dir.Write("cfg/a.yaml", kPayroll);
  auto r = Run({"compile", dir.path() + "/cfg"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.rfind("workspace demo: environments development -> staging -> production", 0) == 0);
  auto missing = Run({"compile", dir.path() + "/nothing-here", "-o", dir.path() + "/x.json"});
  CHECK(missing.exit_code == 3);
  CHECK(missing.out.empty());
  CHECK_FALSE(FileExists(dir.path() + "/x.json"));
}

TEST_CASE("compile text/csv and report refuse a matrix of more than 10 million cells, compile json does not") {
  std::string yaml = "version: 1\nusers:\n";
  for (int u = 0; u < 2501; ++u) yaml += "  u" + std::to_string(u) + "@x.io: {role: builder}\n";
  yaml += "apps:\n";
  for (int a = 0; a < 1000; ++a) yaml += "  app" + std::to_string(a) + ": {}\n";
  TempDir dir;
  dir.Write("cfg/a.yaml", yaml);
  for (const char* format : {"text", "csv"}) {
    INFO(format);
    auto r = Run({"compile", dir.path() + "/cfg", "--format", format, "-o", dir.path() + "/out"});
    CHECK(r.exit_code == 3);
    CHECK(r.err ==
          std::string("stagegate: the matrix has 10,004,000 cells (2501 users x 1000 apps x 4 "
                      "columns), more than compile --format ") +
              format +
              " writes (10,000,000); use --format json, the state file, which holds the "
              "same access per profile\n");
    CHECK_FALSE(FileExists(dir.path() + "/out"));
  }
  for (const char* format : {"html", "markdown", "csv", "json"}) {
    INFO(format);
    auto r = Run({"report", dir.path() + "/cfg", "--format", format, "-o", dir.path() + "/out"});
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("more than a report writes (10,000,000); use compile --format json (the state "
                     "file) for the whole matrix, and explain for single cells\n") !=
          std::string::npos);
    CHECK_FALSE(FileExists(dir.path() + "/out"));
  }
  auto json = Run({"compile", dir.path() + "/cfg", "--format", "json", "-o", dir.path() + "/out"});
  CHECK(json.exit_code == 0);
  CHECK(FileExists(dir.path() + "/out"));
}

}  // namespace
}  // namespace stagegate
