// Tests of the checks stage: one table case per rule and code, each with the
// exact headlines it produces, and negative cases (valid input, no
// findings). Stages run as the pipeline runs them: Load, RedactSecrets,
// BuildWorkspace, RunChecks (pipeline_support.h, CheckStages: schema
// validation skipped).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "pipeline_support.h"
#include "render/diagnostics_text.h"

namespace stagegate {
namespace {

using testing::Headlines;
using testing::Staged;

Staged Check(const std::string& text) { return Staged({{"a.yaml", text}}, testing::CheckStages()); }

// Lines 1-8 of every case; each case's text starts at line 9 with "---".
const char kPrefix[] = R"(version: 1
users:
  ada@nexora.io: {role: admin}
  dana@nexora.io: {role: builder}
  eve@nexora.io: {role: end-user}
  quinn@nexora.io: {role: builder}
apps:
  payroll: {}
)";

// Complete secret and global constants with a value for every environment.
const char kConstants[] = R"(constants:
  API_URL: {type: global, values: {development: a, staging: b, production: c}}
  DB_PASSWORD:
    type: secret
    values: {development: {fromEnv: A}, staging: {fromEnv: B}, production: {fromEnv: C}}
)";

struct Case {
  const char* name;
  std::string yaml;  // appended to kPrefix
  std::vector<std::string> expected;
};

const std::vector<Case>& Cases() {
  static const std::vector<Case> cases = {
      {"unknown-reference: group member",
       R"(---
groups:
  qa:
    members: [quin@nexora.io, DANA@nexora.io, zed@nexora.io, dana@nexora.oi]
)",
       // Suggestions compare local parts within a domain, then domains.
       {"a.yaml:12:15: error: unknown user 'quin@nexora.io' in group 'qa' (did you mean "
        "'quinn@nexora.io'?) [unknown-reference]",
        "a.yaml:12:47: error: unknown user 'zed@nexora.io' in group 'qa' [unknown-reference]",
        "a.yaml:12:62: error: unknown user 'dana@nexora.oi' in group 'qa' (did you mean "
        "'dana@nexora.io'?) [unknown-reference]"}},

      {"unknown-reference: app, environment and data source of a group grant",
       R"(---
groups:
  qa:
    apps: [{apps: [payrol], permission: edit, environments: [stagin, released]}]
    dataSources: [{dataSources: [nexora], permission: use}]
)",
       {"a.yaml:12:20: error: unknown app 'payrol' in group 'qa' (did you mean 'payroll'?) "
        "[unknown-reference]",
        "a.yaml:12:62: error: unknown environment 'stagin' in group 'qa' (did you mean "
        "'staging'?) [unknown-reference]",
        "a.yaml:13:34: error: unknown data source 'nexora' in group 'qa' [unknown-reference]"}},

      {"unknown-reference: grants of a configured role",
       R"(---
roles:
  builder:
    apps: [{apps: [payrol], permission: edit}]
    dataSources: [{dataSources: "*", permission: use}, {dataSources: [db], permission: use}]
)",
       {"a.yaml:12:20: error: unknown app 'payrol' in role 'builder' (did you mean 'payroll'?) "
        "[unknown-reference]",
        "a.yaml:13:71: error: unknown data source 'db' in role 'builder' [unknown-reference]"}},

      {"unknown-reference: app owner, data sources and constants",
       R"(---
apps:
  billing:
    owner: quin@nexora.io
    dataSources: [nexora-db]
    constants: [API_URL]
)",
       {"a.yaml:12:12: error: unknown user 'quin@nexora.io' as owner of app 'billing' (did you "
        "mean 'quinn@nexora.io'?) [unknown-reference]",
        "a.yaml:13:19: error: unknown data source 'nexora-db' in app 'billing' "
        "[unknown-reference]",
        "a.yaml:14:17: error: unknown constant 'API_URL' in app 'billing' [unknown-reference]"}},

      {"unknown-reference: assertion user, app and column",
       R"(---
assertions:
  - {user: quin@nexora.io, app: payrol, expect: {stagin: none}}
)",
       {"a.yaml:11:12: error: unknown user 'quin@nexora.io' in assertion (did you mean "
        "'quinn@nexora.io'?) [unknown-reference]",
        "a.yaml:11:33: error: unknown app 'payrol' in assertion (did you mean 'payroll'?) "
        "[unknown-reference]",
        "a.yaml:11:50: error: unknown environment 'stagin' in assertion (did you mean "
        "'staging'?) [unknown-reference]"}},

      {"unknown-reference and incomplete-environments: data source environments",
       R"(---
dataSources:
  nexora-db:
    kind: postgresql
    environments:
      development: {host: dev}
      producton: {host: prod}
)",
       {"a.yaml:13:5: error: data source 'nexora-db' is not configured for environments "
        "'staging' and 'production'; add them under 'environments' [incomplete-environments]",
        "a.yaml:15:7: error: unknown environment 'producton' in data source 'nexora-db' (did you "
        "mean 'production'?) [unknown-reference]"}},

      {"unknown-reference and constant-without-value: constant values",
       R"(---
constants:
  API_URL:
    type: global
    values: {development: a, staging: b, prod: c}
)",
       {"a.yaml:13:5: warning: global constant 'API_URL' has no value for environment "
        "'production'; nothing there uses it yet, but an app that uses it would break once "
        "promoted there: add a value under 'values' first [constant-without-value]",
        "a.yaml:13:42: error: unknown environment 'prod' in constant 'API_URL' "
        "(did you mean 'production'?) [unknown-reference]"}},

      {"incomplete-environments (data sources), constant-without-value: no environments or "
       "values at all",
       R"(---
dataSources:
  db: {kind: postgresql}
constants:
  A: {type: global}
)",
       {"a.yaml:11:3: error: data source 'db' has no 'environments'; configure it for "
        "'development', 'staging' and 'production' [incomplete-environments]",
        "a.yaml:13:3: warning: global constant 'A' has no value in any environment; nothing "
        "uses it yet, but an app that uses it would break: add values under 'values' first "
        "[constant-without-value]"}},

      {"invalid-template, unknown-reference, constant-kind-mismatch, resolution per environment",
       std::string(R"(---
constants:
  PARTIAL: {type: global, values: {development: a}}
)") + std::string(kConstants).substr(std::string("constants:\n").size()) +
           R"(dataSources:
  api:
    kind: restapi
    environments:
      development: {url: "{{ constants.API_URL }}/v1", header: "{{env.X}}", auth: "{{secrets.DB_PASSWORD}}"}
      staging: {url: "{{constants.API_UR}}", header: "{{constants.API_URL", auth: "{{secrets.API_URL}}"}
      production: {url: "{{constants.PARTIAL}}", header: "{{constants.DB_PASSWORD}}", auth: "{{secrets.NOPE}}"}
)",
       {"a.yaml:11:27: warning: global constant 'PARTIAL' has no value for environments "
        "'staging' and 'production'; nothing there uses it yet (data source 'api' references it "
        "for 'production', but no version there uses the data source), but an app that uses it "
        "would break once promoted there: add values under 'values' first "
        "[constant-without-value]",
        "a.yaml:20:64: error: invalid template in option 'header' of data source 'api' for "
        "'development'; write '{{constants.NAME}}' or '{{secrets.NAME}}' [invalid-template]",
        "a.yaml:21:22: error: unknown constant 'API_UR' in option 'url' of data source 'api' "
        "(did you mean 'API_URL'?) [unknown-reference]",
        "a.yaml:21:54: error: unclosed '{{' in option 'header' of data source 'api' for "
        "'staging'; close it with '}}' [invalid-template]",
        "a.yaml:21:83: error: option 'auth' of data source 'api' refers to global constant "
        "'API_URL' as a secret; write '{{constants.API_URL}}' [constant-kind-mismatch]",
        "a.yaml:22:58: error: option 'header' of data source 'api' refers to secret "
        "'DB_PASSWORD' as a constant; write '{{secrets.DB_PASSWORD}}' [constant-kind-mismatch]",
        "a.yaml:22:93: error: unknown secret 'NOPE' in option 'auth' of data source 'api' "
        "[unknown-reference]"}},

      {"secret-outside-data-source: app constants and global values",
       R"(---
constants:
  DB_PASSWORD: {type: secret, values: {development: {fromEnv: A}, staging: {fromEnv: B}, production: {fromEnv: C}}}
  API_URL: {type: global, values: {development: "{{secrets.DB_PASSWORD}}", staging: b, production: c}}
apps:
  billing: {constants: [DB_PASSWORD, API_URL]}
)",
       {"a.yaml:12:49: error: global constant 'API_URL' uses secret 'DB_PASSWORD' for "
        "'development'; secrets may only be used in data source options "
        "[secret-outside-data-source]",
        "a.yaml:14:25: error: app 'billing' uses secret 'DB_PASSWORD'; ToolJet does not let apps "
        "use secrets: use it in a data source option instead [secret-outside-data-source]"}},

      {"plaintext-secret",
       R"(---
constants:
  DB_PASSWORD:
    type: secret
    values:
      development: {fromEnv: A}
      staging: {fromEnv: B}
      production: hunter2
)",
       {"a.yaml:16:19: error: secret constant 'DB_PASSWORD' has a value written in the "
        "repository for 'production'; use {fromEnv: VAR} and set VAR in the environment "
        "[plaintext-secret]"}},

      {"literal-credential",
       std::string("---\n") + kConstants + R"(dataSources:
  db:
    kind: postgresql
    environments:
      development: {password: hunter2, api_key: "{{secrets.DB_PASSWORD}}"}
      staging: {password: "{{constants.API_URL}}", access_token_url: "https://x/token"}
      production: {password: "{{ secrets.DB_PASSWORD }}x", token: ~}  # null: schema's
  api:
    kind: restapi
    environments:
      development: {client_secret: {fromEnv: API_CLIENT_SECRET}, add_token_to: header}
      staging: {headers: [[Accept, json], [X-API-Key, abc]], body: {nested: {apiKey: 7}}}
      production: {headers: [[X-API-Key, "{{secrets.DB_PASSWORD}}"]]}
)",
       {"a.yaml:19:31: warning: credential option 'password' of data source 'db' for "
        "'development' is not a '{{secrets.NAME}}' reference; store the value in a secret "
        "constant and reference it [literal-credential]",
        "a.yaml:20:27: warning: credential option 'password' of data source 'db' for 'staging' "
        "uses global constant 'API_URL', which is stored in plain text; make it a secret and "
        "write '{{secrets.API_URL}}' [literal-credential]",
        "a.yaml:21:30: warning: credential option 'password' of data source 'db' for "
        "'production' is not a '{{secrets.NAME}}' reference; store the value in a secret "
        "constant and reference it [literal-credential]",
        "a.yaml:26:55: warning: option 'headers' of data source 'api' for 'staging' holds a "
        "credential in clear; store it in a secret constant and write '{{secrets.NAME}}' in "
        "its place [literal-credential]",
        "a.yaml:26:86: warning: option 'body' of data source 'api' for 'staging' holds a "
        "credential in clear; store it in a secret constant and write '{{secrets.NAME}}' in "
        "its place [literal-credential]"}},

      {"constant-value-length, empty-constant-value",
       std::string(R"(---
constants:
  EMPTY: {type: global, values: {development: "", staging: b, production: c}}
  LONG: {type: global, values: {development: a, staging: b, production: )") +
           std::string(10001, 'x') + "}}\n",
       // "" is no value (ToolJet's ''): a warning, and so is the value it lacks.
       {"a.yaml:11:25: warning: global constant 'EMPTY' has no value for environment "
        "'development'; nothing there uses it yet, but an app that uses it would break once "
        "promoted there: add a value under 'values' first [constant-without-value]",
        "a.yaml:11:47: warning: global constant 'EMPTY' is \"\" for 'development', which "
        "ToolJet stores as no value there; leave 'development' out of its 'values' to say so "
        "[empty-constant-value]",
        "a.yaml:12:73: error: global constant 'LONG' is 10,001 characters long for 'production'; "
        "the limit is 10,000 [constant-value-length]"}},

      {"duplicate-version",
       R"(---
apps:
  billing:
    versions:
      - {name: v1, environment: development, status: draft}
      - {name: v1, environment: staging, status: published}
)",
       {"a.yaml:14:16: error: version 'v1' of app 'billing' is defined twice; rename one "
        "[duplicate-version]"}},

      {"draft-outside-first-environment",
       R"(---
apps:
  billing:
    versions: [{name: v1, environment: staging, status: draft}]
)",
       {"a.yaml:12:40: error: draft version 'v1' of app 'billing' is in 'staging'; a draft "
        "lives only in the first environment 'development': publish it before promoting it "
        "[draft-outside-first-environment]"}},

      {"release-outside-last-environment, and an unknown version environment",
       R"(---
apps:
  billing:
    versions:
      - {name: v1, environment: staging, status: released}
      - {name: v2, environment: prodution, status: published}
)",
       {"a.yaml:13:33: error: released version 'v1' of app 'billing' is in 'staging'; only a "
        "version in the last environment 'production' can be released "
        "[release-outside-last-environment]",
        "a.yaml:14:33: error: unknown environment 'prodution' in version 'v2' of app 'billing' "
        "(did you mean 'production'?) [unknown-reference]"}},

      {"multiple-releases",
       R"(---
apps:
  billing:
    versions:
      - {name: v1, environment: production, status: released}
      - {name: v2, environment: production, status: released}
)",
       {"a.yaml:14:53: error: version 'v2' of app 'billing' is released, but 'v1' already is; "
        "at most one version of an app is released: mark the other 'published' "
        "[multiple-releases]"}},

      {"end-user-edit: role, membership and ownership (R5)",
       R"(---
roles:
  end-user: {apps: [{apps: [payroll], permission: edit}]}
groups:
  editors:
    members: [eve@nexora.io, dana@nexora.io]
    apps: [{apps: "*", permission: edit}, {apps: [payroll], permission: view}]
apps:
  billing: {owner: eve@nexora.io}
)",
       {"a.yaml:11:51: error: role 'end-user' grants edit on 'payroll'; ToolJet does not let "
        "end-users edit: grant view, or make the users builders [end-user-edit]",
        "a.yaml:14:15: error: end-user 'eve@nexora.io' is a member of group 'editors', which "
        "grants edit on all apps; ToolJet does not let end-users edit: make the user a builder "
        "or grant view [end-user-edit]",
        "a.yaml:17:20: error: end-user 'eve@nexora.io' owns app 'billing', and an owner can "
        "always edit (R6); ToolJet does not let end-users edit: make the user a builder or "
        "choose another owner [end-user-edit]"}},

      {"invalid-assertion: expect needs an app; capabilities each column can hold",
       R"(---
assertions:
  - {user: eve@nexora.io, expect: {released: use}}
  - {user: eve@nexora.io, app: payroll, expect: {development: runn, staging: use, released: edit, production: edit}}
  - {user: quinn@nexora.io, app: payroll, expect: {development: run}}
)",
       {"a.yaml:11:27: error: 'expect' needs an 'app': add the app whose access it checks "
        "[invalid-assertion]",
        "a.yaml:12:63: error: unknown capability 'runn' for 'development' (did you mean 'run'?); "
        "capabilities are none, use, preview, run and edit [invalid-assertion]",
        "a.yaml:12:78: error: 'use' applies only to the 'released' column; for 'staging' write "
        "none, preview or run [invalid-assertion]",
        "a.yaml:12:93: error: the 'released' column is 'use' or 'none', never 'edit' "
        "[invalid-assertion]",
        "a.yaml:12:111: error: 'edit' applies only to the first environment 'development': edit "
        "access in 'production' is 'run' [invalid-assertion]",
        "a.yaml:13:65: error: 'run' never applies to the first environment 'development': edit "
        "access there is 'edit' [invalid-assertion]"}},

      {"invalid-assertion: can and cannot",
       R"(---
assertions:
  - {user: dana@nexora.io, can: [promote, appPromot], cannot: [appCreate]}
  - {user: dana@nexora.io, app: payroll, can: [appPromote, release], cannot: [release]}
  - {user: dana@nexora.io, app: payroll}
  - {user: dana@nexora.io}
)",
       {"a.yaml:11:34: error: 'promote' in 'can' needs an 'app'; add the app, or check the "
        "workspace permission 'appPromote' [invalid-assertion]",
        "a.yaml:11:43: error: 'appPromot' in 'can' is not a workspace permission (did you mean "
        "'appPromote'?); without 'app', can and cannot name workspace permissions "
        "[invalid-assertion]",
        "a.yaml:12:48: error: 'appPromote' in 'can' is not an app action (did you mean "
        "'promote'?); with 'app', can and cannot name promote and release [invalid-assertion]",
        "a.yaml:12:79: error: 'release' is in both 'can' and 'cannot'; keep one "
        "[invalid-assertion]",
        "a.yaml:13:5: error: assertion for user 'dana@nexora.io' on app 'payroll' checks "
        "nothing; add 'expect', 'can' or 'cannot' [invalid-assertion]",
        "a.yaml:14:5: error: assertion for user 'dana@nexora.io' checks nothing; add 'can' or "
        "'cannot', or an 'app' and 'expect' [invalid-assertion]"}},
  };
  return cases;
}

TEST_CASE("one case per rule, exact headlines") {
  for (const Case& c : Cases()) {
    SECTION(c.name) {
      Staged checked = Check(kPrefix + c.yaml);
      CHECK(Headlines(checked) == c.expected);
    }
  }
}

TEST_CASE("no message or code frame shows a secret value") {
  for (const Case& c : Cases()) {
    Staged checked = Check(kPrefix + c.yaml);
    std::string out = FormatDiagnostics(checked.loaded.sources, checked.diags, PrintOptions{});
    INFO(c.name);
    CHECK(out.find("hunter2") == std::string::npos);
  }
}

}  // namespace
}  // namespace stagegate
