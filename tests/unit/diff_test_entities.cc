// D1 field by field: two workspaces that differ in every field of every
// entity kind, and the exact changes the diff lists for them (paths, display
// values, order). The diff compares the model, not a file format: these are
// the changes whatever the state file looks like. Also: numbers compare by
// value and show as JSON numbers, secrets show only as references, and an
// option whose name looks like a reference is an option like any other.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "diff_test_support.h"

namespace stagegate {
namespace {

using testing::DiffYaml;
using testing::EntityLines;

const char* const kCurrent = R"(version: 1
workspace: acme
environments: [development, staging, production]
roles:
  builder:
    permissions: [appCreate]
    apps: [{apps: "*", permission: edit, environments: [development]}]
    dataSources: [{dataSources: "*", permission: use}]
  end-user: {apps: []}
users:
  dana@x.io: {role: builder}
  quinn@x.io: {role: builder}
  lee@x.io: {name: Lee, role: builder}
  Sam@x.io: {role: end-user}
  old@x.io: {role: end-user}
groups:
  qa:
    description: QA
    members: [quinn@x.io, dana@x.io]
    permissions: [appPromote]
    apps:
      - {apps: [payroll], permission: edit, environments: [staging]}
      - {apps: [inventory], permission: view}
    dataSources:
      - {dataSources: [db], permission: use}
      - {dataSources: [api], permission: configure}
  legacy:
    members: [old@x.io]
dataSources:
  db:
    kind: postgresql
    environments:
      development: {host: dev-db, port: 5432, timeout: 5, mask: 0x10, ssl: true, ratio: 2.5,
                    none: ~, gone: x}
      staging: {host: stg-db, password: "{{secrets.TOKEN}}"}
      production: {host: prod-db, password: "{{secrets.TOKEN}}"}
  api:
    kind: restapi
    environments:
      production: {url: "https://api"}
constants:
  TOKEN:
    type: secret
    values:
      staging: {fromEnv: STG_TOKEN}
      production: {fromEnv: PROD_TOKEN}
  API_URL:
    type: global
    values: {development: "http://dev", production: "https://prod"}
  MODE:
    type: global
    values: {production: plain}
apps:
  payroll:
    owner: dana@x.io
    dataSources: [db]
    constants: [API_URL]
    versions:
      - {name: v0, environment: development, status: draft}
      - {name: v1, environment: staging, status: published}
      - {name: v2, environment: development, status: draft}
  inventory: {}
  retired:
    versions: [{name: v1, environment: production, status: released}]
)";

const char* const kDesired = R"(version: 1
workspace: acme-2
environments: [development, staging, production]
versionRules: strict
accessRules: server
multiEnvironment: false
roles:
  builder:
    permissions: [appCreate, appDelete]
    apps: [{apps: "*", permission: edit, environments: [staging, development]}]
    dataSources: [{dataSources: "*", permission: configure}]
  end-user: {apps: [{apps: "*", permission: view}]}
users:
  dana@x.io: {role: end-user}
  quinn@x.io: {name: Quinn, role: builder}
  lee@x.io: {name: Lee, role: builder, disabled: true}
  sam@x.io: {role: end-user}
  new@x.io: {role: builder}
groups:
  qa:
    description: QA engineers
    members: [QUINN@x.io, quinn@x.io, lee@x.io]
    permissions: [appRelease, appPromote]
    apps:
      - {apps: [payroll], permission: view, environments: [production, staging],
         hideFromDashboard: true}
      - {apps: [inventory, payroll], permission: view}
      - {apps: "*", permission: edit, environments: []}
    dataSources:
      - {dataSources: [api, db], permission: use}
  support: {}
dataSources:
  db:
    kind: mysql
    environments:
      development: {host: dev-db-2, port: "5432", timeout: 5.0, mask: 16, ssl: True, ratio: 1e3,
                    none: null, big: 8.6945934e+19}
      staging: {host: stg-db, password: hunter2-literal}
  api:
    kind: restapi
    environments:
      production: {url: "https://api"}
constants:
  TOKEN:
    type: secret
    values:
      staging: {fromEnv: STG_TOKEN}
      production: {fromEnv: PROD_TOKEN_2}
      development: {fromEnv: DEV_TOKEN}
  API_URL:
    type: global
    values: {development: "http://dev-2", production: "https://prod"}
  MODE:
    type: secret
    values: {production: {fromEnv: MODE}}
apps:
  payroll:
    owner: Quinn@X.io
    dataSources: [db, api]
    constants: []
    versions:
      - {name: v1, environment: production, status: released}
      - {name: v2, environment: development, status: draft}
      - {name: v3, environment: development, status: draft}
  inventory: {}
  fresh:
    owner: lee@x.io
    versions: [{name: v1, environment: development, status: draft}]
)";

std::string Lines(const Diff& d) {
  std::string out;
  for (const std::string& line : EntityLines(d)) out += line + "\n";
  return out;
}

TEST_CASE("entity diff: every field of every entity kind exactly") {
  auto f = DiffYaml(kCurrent, kDesired);
  // Within an entity fields are in name order; grant items are matched as
  // they are, then by target and permission, then by target, then by
  // permission; option values compare by value (5 and 5.0,
  // 0x10 and 16, true and True, ~ and null: no change), a number and a
  // string never compare equal, even where they look the same (port), and a
  // number shows as JSON writes it (1e3 as 1000.0; 8.6945934e+19 with the
  // JSON writer's digits).
  CHECK(Lines(f.diff) == R"(~ workspace acme-2
  workspace.accessRules: (absent) -> server
  workspace.multiEnvironment: (absent) -> false
  workspace.name: acme -> acme-2
  workspace.versionRules: default -> strict
~ role builder
  roles.builder.apps[0].environments: [development] -> [development, staging]
  roles.builder.dataSources[0].permission: use -> configure
  roles.builder.permissions: [appCreate] -> [appCreate, appDelete]
~ role end-user
  roles.end-user.apps[0]: (absent) -> {"apps":"*","hideFromDashboard":false,"permission":"view"}
~ user dana@x.io
  users["dana@x.io"].role: builder -> end-user
~ user lee@x.io
  users["lee@x.io"].disabled: false -> true
+ user new@x.io
  users["new@x.io"].disabled: (absent) -> false
  users["new@x.io"].email: (absent) -> new@x.io
  users["new@x.io"].name: (absent) -> ""
  users["new@x.io"].role: (absent) -> builder
- user old@x.io
  users["old@x.io"].disabled: false -> (absent)
  users["old@x.io"].email: old@x.io -> (absent)
  users["old@x.io"].name: "" -> (absent)
  users["old@x.io"].role: end-user -> (absent)
~ user quinn@x.io
  users["quinn@x.io"].name: "" -> Quinn
~ user sam@x.io
  users["sam@x.io"].email: Sam@x.io -> sam@x.io
- group legacy
  groups.legacy.apps: [] -> (absent)
  groups.legacy.dataSources: [] -> (absent)
  groups.legacy.description: "" -> (absent)
  groups.legacy.members: [old@x.io] -> (absent)
  groups.legacy.permissions: [] -> (absent)
~ group qa
  groups.qa.apps[0]: (absent) -> {"apps":"*","environments":[],"hideFromDashboard":false,"permission":"edit"}
  groups.qa.apps[1].apps: [inventory] -> [inventory, payroll]
  groups.qa.apps[2].environments: [staging] -> [staging, production]
  groups.qa.apps[2].hideFromDashboard: false -> true
  groups.qa.apps[2].permission: edit -> view
  groups.qa.dataSources[0].dataSources: [db] -> [api, db]
  groups.qa.dataSources[0]: {"dataSources":["api"],"permission":"configure"} -> (absent)
  groups.qa.description: QA -> QA engineers
  groups.qa.members: [dana@x.io, quinn@x.io] -> [lee@x.io, quinn@x.io]
  groups.qa.permissions: [appPromote] -> [appPromote, appRelease]
+ group support
  groups.support.apps: (absent) -> []
  groups.support.dataSources: (absent) -> []
  groups.support.description: (absent) -> ""
  groups.support.members: (absent) -> []
  groups.support.permissions: (absent) -> []
~ dataSource db
  dataSources.db.environments.development.big: (absent) -> 8.694593400000001e+19
  dataSources.db.environments.development.gone: x -> (absent)
  dataSources.db.environments.development.host: dev-db -> dev-db-2
  dataSources.db.environments.development.port: 5432 -> 5432
  dataSources.db.environments.development.ratio: 2.5 -> 1000.0
  dataSources.db.environments.production.host: prod-db -> (absent)
  dataSources.db.environments.production.password: {{secrets.TOKEN}} -> (absent)
  dataSources.db.environments.staging.password: {{secrets.TOKEN}} -> (withheld) (secret)
  dataSources.db.kind: postgresql -> mysql
~ constant API_URL
  constants.API_URL.values.development: http://dev -> http://dev-2
~ constant MODE
  constants.MODE.type: global -> secret
  constants.MODE.values.production: plain -> fromEnv: MODE (secret)
~ constant TOKEN
  constants.TOKEN.values.development: (absent) -> fromEnv: DEV_TOKEN (secret)
  constants.TOKEN.values.production: fromEnv: PROD_TOKEN -> fromEnv: PROD_TOKEN_2 (secret)
+ app fresh
  apps.fresh.constants: (absent) -> []
  apps.fresh.dataSources: (absent) -> []
  apps.fresh.owner: (absent) -> lee@x.io
~ app payroll
  apps.payroll.constants: [API_URL] -> []
  apps.payroll.dataSources: [db] -> [api, db]
  apps.payroll.owner: dana@x.io -> quinn@x.io
- app retired
  apps.retired.constants: [] -> (absent)
  apps.retired.dataSources: [] -> (absent)
  apps.retired.owner: null -> (absent)
+ version fresh v1
  apps.fresh.versions.v1.environment: (absent) -> development
  apps.fresh.versions.v1.status: (absent) -> draft
- version payroll v0
  apps.payroll.versions.v0.environment: development -> (absent)
  apps.payroll.versions.v0.status: draft -> (absent)
~ version payroll v1
  apps.payroll.versions.v1.environment: staging -> production
  apps.payroll.versions.v1.status: published -> released
+ version payroll v3
  apps.payroll.versions.v3.environment: (absent) -> development
  apps.payroll.versions.v3.status: (absent) -> draft
- version retired v1
  apps.retired.versions.v1.environment: production -> (absent)
  apps.retired.versions.v1.status: released -> (absent)
)");
  // D3: the literal credential is withheld, never shown.
  for (const std::string& line : EntityLines(f.diff)) {
    CHECK(line.find("hunter2") == std::string::npos);
  }
  CHECK(f.diff.summary.entities_added == 5);
  CHECK(f.diff.summary.entities_removed == 5);
  CHECK(f.diff.summary.entities_changed == 14);
}

TEST_CASE("entity diff: of two grants on the same apps, only the one that changed is shown") {
  // Found by tests/live/roundtrip.py: a group with a view and an edit grant
  // on every app, of which ToolJet's user hid the edit grant's apps from the
  // dashboard. Paired by target alone (the k-th with the k-th, in sorted
  // order), the grants crossed over and the plan showed two permission
  // changes instead of the one flag.
  const std::string current =
      "version: 1\n"
      "users: {ann@x.io: {role: builder}}\n"
      "groups:\n"
      "  qa:\n"
      "    members: [ann@x.io]\n"
      "    apps:\n"
      "      - {apps: \"*\", permission: view}\n"
      "      - {apps: \"*\", permission: edit, hideFromDashboard: true}\n";
  const std::string desired =
      "version: 1\n"
      "users: {ann@x.io: {role: builder}}\n"
      "groups:\n"
      "  qa:\n"
      "    members: [ann@x.io]\n"
      "    apps:\n"
      "      - {apps: \"*\", permission: edit}\n"
      "      - {apps: \"*\", permission: view}\n";
  auto f = DiffYaml(current, desired);
  CHECK(Lines(f.diff) == R"(~ group qa
  groups.qa.apps[0].hideFromDashboard: true -> false
)");
}

TEST_CASE("entity diff: an option named like a reference is an ordinary option") {
  // `withheld` and `fromEnv` are what a withheld credential and a secret
  // reference are called in the state file; as option names they mean
  // nothing special to the diff.
  const std::string current =
      "version: 1\n"
      "dataSources:\n"
      "  db:\n"
      "    kind: postgresql\n"
      "    environments:\n"
      "      production: {host: db, withheld: a}\n";
  const std::string desired =
      "version: 1\n"
      "dataSources:\n"
      "  db:\n"
      "    kind: postgresql\n"
      "    environments:\n"
      "      production: {host: db, withheld: b, fromEnv: VAR}\n";
  auto f = DiffYaml(current, desired);
  CHECK(Lines(f.diff) == R"(~ dataSource db
  dataSources.db.environments.production.fromEnv: (absent) -> VAR
  dataSources.db.environments.production.withheld: a -> b
)");
}

TEST_CASE("entity diff: keys that are not words are quoted, numbers shown as JSON writes them") {
  const std::string current =
      "version: 1\n"
      "dataSources:\n"
      "  \"my db\":\n"
      "    kind: postgresql\n"
      "    environments:\n"
      "      production: {\"db.host\": a, tiny: 5e-324, huge: 1.7976931348623157e308,\n"
      "                   small: 0.0001, smaller: 0.00001, large: 1e14, larger: 1e15,\n"
      "                   zero: -0.0, inf: .inf, long: 99999999999999999999}\n";
  const std::string desired =
      "version: 1\n"
      "dataSources:\n"
      "  \"my db\":\n"
      "    kind: postgresql\n"
      "    environments:\n"
      "      production: {zero: 0.0}\n";
  auto f = DiffYaml(current, desired);
  // -0.0 and 0.0 are the same number; .inf and an integer beyond 64 bits
  // stay as written.
  CHECK(Lines(f.diff) == R"(~ dataSource my db
  dataSources["my db"].environments.production["db.host"]: a -> (absent)
  dataSources["my db"].environments.production.huge: 1.7976931348623157e+308 -> (absent)
  dataSources["my db"].environments.production.inf: .inf -> (absent)
  dataSources["my db"].environments.production.large: 100000000000000.0 -> (absent)
  dataSources["my db"].environments.production.larger: 1e+15 -> (absent)
  dataSources["my db"].environments.production.long: 99999999999999999999 -> (absent)
  dataSources["my db"].environments.production.small: 0.0001 -> (absent)
  dataSources["my db"].environments.production.smaller: 1e-05 -> (absent)
  dataSources["my db"].environments.production.tiny: 5e-324 -> (absent)
)");
}

}  // namespace
}  // namespace stagegate

namespace stagegate {
namespace {

TEST_CASE("entity diff: a list or mapping option is one value, a changed header one line") {
  const std::string current =
      "version: 1\n"
      "dataSources:\n"
      "  api:\n"
      "    kind: restapi\n"
      "    environments:\n"
      "      production:\n"
      "        headers: [[X-Env, prod], [Accept, application/json]]\n"
      "        body: {b: [1, 2.0, null], a: {deep: \"no\"}}\n"
      "        client_secret: {fromEnv: TOOLJET_DATASOURCE_API_PRODUCTION_CLIENT_SECRET}\n"
      "        auth: [[X-API-Key, one]]\n"
      "        same: []\n";
  const std::string desired =
      "version: 1\n"
      "dataSources:\n"
      "  api:\n"
      "    kind: restapi\n"
      "    environments:\n"
      "      production:\n"
      "        headers: [[X-Env, staging], [Accept, application/json]]\n"
      "        body: {a: {deep: \"no\"}, b: [1.0, 2, null]}\n"
      "        client_secret: {fromEnv: API_SECRET}\n"
      "        auth: [[X-API-Key, two]]\n"
      "        same: {}\n";
  auto f = DiffYaml(current, desired);
  // Mappings compare whatever their order and numbers by value; a withheld
  // credential inside is never compared or shown; the variable an encrypted
  // option is read from is shown like a secret's (renderers: "changed").
  CHECK(Lines(f.diff) == R"(~ dataSource api
  dataSources.api.environments.production.client_secret: fromEnv: TOOLJET_DATASOURCE_API_PRODUCTION_CLIENT_SECRET -> fromEnv: API_SECRET (secret)
  dataSources.api.environments.production.headers: [["X-Env","prod"],["Accept","application/json"]] -> [["X-Env","staging"],["Accept","application/json"]]
  dataSources.api.environments.production.same: [] -> {}
)");
}

}  // namespace
}  // namespace stagegate
