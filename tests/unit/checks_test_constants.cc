// Constants as ToolJet allows them (issue 22): a constant with no value in
// some environments is legal; it is an error only where a version in that
// environment uses it (in the app's `constants`, or through a data source
// whose option there references it), a warning naming the environments
// otherwise. "" is no value, as ToolJet stores it. A global and a secret may
// share a name, and references resolve by their kind.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "pipeline_support.h"
#include "render/diagnostics_text.h"

namespace stagegate {
namespace {

using testing::Headlines;
using testing::Staged;

Staged CheckText(const std::string& text) {
  return Staged({{"a.yaml", text}}, testing::CheckStages());
}

// Lines 1-12; every case's text starts at line 13.
const char kApps[] = R"(version: 1
apps:
  payroll:
    dataSources: [db]
    constants: [API_URL]
    versions:
      - {name: v1, environment: production, status: released}
      - {name: v2, environment: development, status: draft}
  hr:
    dataSources: [db]
    versions: [{name: v3, environment: staging, status: published}]
  idle: {dataSources: [db], constants: [API_URL]}
)";

TEST_CASE("constants: no value where a version uses it is an error, elsewhere a warning") {
  SECTION("listed in an app's constants: the released version counts in its environment") {
    Staged checked = CheckText(std::string(kApps) + R"(constants:
  API_URL: {type: global, values: {development: a}}
dataSources:
  db: {kind: postgresql, environments: {development: {}, staging: {}, production: {}}}
)");
    CHECK(Headlines(checked) ==
          std::vector<std::string>{
              "a.yaml:14:27: error: global constant 'API_URL' has no value for 'production', "
              "where version 'v1' of app 'payroll' uses it; give it a value for 'production' "
              "under 'values', or stop using it there [used-constant-without-value]",
              "a.yaml:14:27: warning: global constant 'API_URL' has no value for environment "
              "'staging'; nothing there uses it yet, but an app that uses it would break once "
              "promoted there: add a value under 'values' first [constant-without-value]"});
    // The error points at the use too.
    std::string out = FormatDiagnostics(checked.loaded.sources, checked.diags, PrintOptions{});
    CHECK(out.find("a.yaml:5:17: note: app 'payroll' lists it here") != std::string::npos);
  }
  SECTION("through a data source whose option in that environment references it") {
    Staged checked = CheckText(std::string(kApps) + R"(constants:
  API_URL: {type: global, values: {development: a, staging: b, production: c}}
  DB_PASSWORD: {type: secret, values: {production: {fromEnv: P}}}
dataSources:
  db:
    kind: postgresql
    environments:
      development: {password: "{{secrets.DB_PASSWORD}}"}
      staging: {password: "{{secrets.DB_PASSWORD}}"}
      production: {password: "{{secrets.DB_PASSWORD}}"}
)");
    // Development: payroll's v2; staging: hr's v3, each through 'db'.
    CHECK(Headlines(checked) ==
          std::vector<std::string>{
              "a.yaml:15:31: error: secret 'DB_PASSWORD' has no value for 'development', where "
              "version 'v2' of app 'payroll' (through data source 'db') uses it; give it a value "
              "for 'development' under 'values', or stop using it there "
              "[used-constant-without-value]",
              "a.yaml:15:31: error: secret 'DB_PASSWORD' has no value for 'staging', where "
              "version 'v3' of app 'hr' (through data source 'db') uses it; give it a value for "
              "'staging' under 'values', or stop using it there [used-constant-without-value]"});
    std::string out = FormatDiagnostics(checked.loaded.sources, checked.diags, PrintOptions{});
    CHECK(out.find("a.yaml:21:27: note: data source 'db' references it here for 'staging'") !=
          std::string::npos);
  }
  SECTION("an option referencing it where no version uses the data source: a warning") {
    Staged checked = CheckText(std::string(kApps) + R"(constants:
  API_URL: {type: global, values: {development: a, staging: b, production: c}}
  HOST: {type: global, values: {development: h}}
dataSources:
  db: {kind: postgresql, environments: {development: {}, staging: {}, production: {}}}
  spare:
    kind: postgresql
    environments:
      development: {host: "{{constants.HOST}}"}
      staging: {host: "{{constants.HOST}}"}
      production: {host: "{{constants.HOST}}"}
)");
    CHECK(Headlines(checked) ==
          std::vector<std::string>{
              "a.yaml:15:24: warning: global constant 'HOST' has no value for environments "
              "'staging' and 'production'; nothing there uses it yet (data source 'spare' "
              "references it for 'staging', but no version there uses the data source), but an "
              "app that uses it would break once promoted there: add values under 'values' first "
              "[constant-without-value]"});
  }
  SECTION("many apps: the first three are named, the rest counted") {
    std::string yaml = "version: 1\napps:\n";
    for (const char* app : {"a1", "a2", "a3", "a4", "a5"}) {
      yaml += std::string("  ") + app + ": {constants: [C], versions: [{name: v1, environment: " +
              "production, status: released}]}\n";
    }
    yaml += "constants:\n  C: {type: global, values: {development: a, staging: b}}\n";
    CHECK(Headlines(CheckText(yaml)) ==
          std::vector<std::string>{
              "a.yaml:9:21: error: global constant 'C' has no value for 'production', where "
              "version 'v1' of app 'a1', version 'v1' of app 'a2', version 'v1' of app 'a3' and "
              "2 more use it; give it a value for 'production' under 'values', or stop using it "
              "there [used-constant-without-value]"});
  }
  SECTION("no values at all, or `values: {}`: one warning, at the constant") {
    CHECK(Headlines(CheckText(R"(version: 1
constants:
  A: {type: global}
  B: {type: secret, values: {}}
)")) == std::vector<std::string>{
                "a.yaml:3:3: warning: global constant 'A' has no value in any environment; "
                "nothing uses it yet, but an app that uses it would break: add values under "
                "'values' first [constant-without-value]",
                "a.yaml:4:21: warning: secret 'B' has no value in any environment; nothing uses "
                "it yet, but an app that uses it would break: add values under 'values' first "
                "[constant-without-value]"});
  }
}

TEST_CASE("constants: \"\" is no value, for a global and a secret alike") {
  Staged checked = CheckText(R"(version: 1
constants:
  G: {type: global, values: {development: "", staging: b, production: c}}
  S: {type: secret, values: {development: "", staging: {fromEnv: B}, production: {fromEnv: C}}}
)");
  // Not constant-value-length, and not plaintext-secret: "" hides nothing.
  CHECK(Headlines(checked) ==
        std::vector<std::string>{
            "a.yaml:3:21: warning: global constant 'G' has no value for environment "
            "'development'; nothing there uses it yet, but an app that uses it would break once "
            "promoted there: add a value under 'values' first [constant-without-value]",
            "a.yaml:3:43: warning: global constant 'G' is \"\" for 'development', which ToolJet "
            "stores as no value there; leave 'development' out of its 'values' to say so "
            "[empty-constant-value]",
            "a.yaml:4:21: warning: secret 'S' has no value for environment 'development'; "
            "nothing there uses it yet, but an app that uses it would break once promoted "
            "there: add a value under 'values' first [constant-without-value]",
            "a.yaml:4:43: warning: secret 'S' is \"\" for 'development', which ToolJet stores "
            "as no value there; leave 'development' out of its 'values' to say so "
            "[empty-constant-value]"});
  const Constant* g = checked.ws().FindConstant("G");
  REQUIRE(g);
  CHECK_FALSE(g->HasValue("development"));
  CHECK(g->HasValue("staging"));
}

TEST_CASE("constants: a global and a secret may share a name, references resolve by kind") {
  Staged checked = CheckText(R"(version: 1
apps:
  payroll:
    dataSources: [db]
    constants: [DB]
    versions: [{name: v1, environment: production, status: released}]
dataSources:
  db:
    kind: postgresql
    environments:
      development: {host: "{{constants.DB}}", password: "{{secrets.DB}}"}
      staging: {host: "{{constants.DB}}", password: "{{secrets.DB}}"}
      production: {host: "{{constants.DB}}", password: "{{secrets.DB}}"}
constants:
  DB: {type: global, values: {development: a, staging: b, production: c}}
---
constants:
  DB: {type: secret, values: {development: {fromEnv: A}, staging: {fromEnv: B}}}
)");
  // The secret lacks production, where payroll's v1 uses it through 'db':
  // the global one of the same name does not stand in for it.
  CHECK(Headlines(checked) ==
        std::vector<std::string>{
            "a.yaml:18:22: error: secret 'DB' has no value for 'production', where version 'v1' "
            "of app 'payroll' (through data source 'db') uses it; give it a value for "
            "'production' under 'values', or stop using it there [used-constant-without-value]"});
  const Workspace& ws = checked.ws();
  REQUIRE(ws.constants.size() == 2);
  CHECK(ws.FindConstant("DB", ConstantType::kGlobal) == &ws.constants[0]);
  CHECK(ws.FindConstant("DB", ConstantType::kSecret) == &ws.constants[1]);
  CHECK(ConstantKey(ws, ws.constants[0]) == "DB");
  CHECK(ConstantKey(ws, ws.constants[1]) == "secrets.DB");
  CHECK(ConstantNameOfKey("secrets.DB") == "DB");

  SECTION("two of one name and type are still one defined twice") {
    CHECK(Headlines(CheckText(R"(version: 1
constants:
  DB: {type: secret, values: {development: {fromEnv: A}, staging: {fromEnv: B}, production: {fromEnv: C}}}
---
constants:
  DB: {type: secret, values: {development: {fromEnv: A}, staging: {fromEnv: B}, production: {fromEnv: C}}}
)")) == std::vector<std::string>{"a.yaml:6:3: error: constant 'DB' is defined twice; remove one "
                                    "definition [duplicate-definition]"});
  }
}

}  // namespace
}  // namespace stagegate
