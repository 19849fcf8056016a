// Negative cases of the checks stage: valid configurations (the document's
// company, custom environments, every allowed form of template, grant and
// assertion) give no findings, and schema-invalid input does not cascade
// into semantic findings.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "pipeline_support.h"

namespace stagegate {
namespace {

using testing::Files;

// Load, RedactSecrets, BuildWorkspace, RunChecks (pipeline_support.h,
// CheckStages: schema validation skipped).
std::vector<std::string> CheckFiles(const Files& files) {
  return testing::Headlines(testing::Staged(files, testing::CheckStages()));
}

const char kWorkspace[] = R"(version: 1
workspace: nexora
environments: [development, staging, production]
versionRules: default
roles:
  builder:
    permissions: [appCreate, appDelete, folderCRUD]
    apps: [{apps: "*", permission: edit}]
    dataSources: [{dataSources: "*", permission: use}]
)";

const char kUsers[] = R"(users:
  Ada@nexora.io:   {name: Ada Admin, role: admin}
  dana@nexora.io:  {name: Dana Dev, role: builder}
  lee@nexora.io:   {name: Lee Lead, role: builder}
  quinn@nexora.io: {name: Quinn QA, role: builder}
  eve@nexora.io:   {name: Eve End, role: end-user}
  old@nexora.io:   {role: end-user, disabled: true}
groups:
  qa:
    description: QA engineers test in staging
    members: [quinn@nexora.io]
    apps:
      - apps: [payroll]
        permission: edit
        environments: [staging]
  leads:
    members: [lee@nexora.io, ada@NEXORA.io]
    permissions: [appPromote, appRelease]
  viewers:
    members: [eve@nexora.io, old@nexora.io]
    apps:
      - {apps: [payroll, inventory], permission: view, environments: [development, staging, released], hideFromDashboard: true}
    dataSources:
      - {dataSources: [nexora-db], permission: use}
)";

const char kResources[] = R"(dataSources:
  nexora-db:
    kind: postgresql
    environments:
      development:
        host: dev-db.nexora.internal
        port: 5432
        database: nexora_dev
        username: app
        password: "{{secrets.DB_PASSWORD}}"
      staging:
        host: stg-db.nexora.internal
        port: 5432
        password: "{{ secrets.DB_PASSWORD }}"
      production:
        host: "{{constants.DB_HOST}}"
        password: "{{secrets.DB_PASSWORD}}"
        ssl: true
  billing-api:
    kind: restapi
    environments:
      development: {url: "{{constants.API_BASE_URL}}/billing", api_key: "{{secrets.BILLING_KEY}}"}
      staging: {url: "{{ constants.API_BASE_URL }}/billing", api_key: "{{secrets.BILLING_KEY}}"}
      production: {url: "https://billing.nexora.io", api_key: "{{secrets.BILLING_KEY}}"}
constants:
  API_BASE_URL:
    type: global
    values:
      development: https://api.dev.nexora.io
      staging:     https://api.staging.nexora.io
      production:  https://api.nexora.io
  DB_HOST:
    type: global
    values: {development: a, staging: b, production: "{{constants.API_BASE_URL}}"}
  DB_PASSWORD:
    type: secret
    values:
      development: {fromEnv: NEXORA_DEV_DB_PASSWORD}
      staging:     {fromEnv: NEXORA_STG_DB_PASSWORD}
      production:  {fromEnv: NEXORA_PROD_DB_PASSWORD}
  BILLING_KEY:
    type: secret
    values: {development: {fromEnv: K1}, staging: {fromEnv: K2}, production: {fromEnv: K3}}
apps:
  payroll:
    owner: dana@nexora.io
    dataSources: [nexora-db]
    constants: [API_BASE_URL]
    versions:
      - {name: v1, environment: production,  status: released}
      - {name: v2, environment: staging,     status: published}
      - {name: v3, environment: development, status: draft}
      - {name: v4, environment: development, status: published}
  inventory:
    owner: ada@nexora.io
    versions: [{name: "1.0", environment: production, status: published}]
  empty: {}
assertions:
  - user: quinn@nexora.io
    app: payroll
    expect: {development: none, staging: run, production: none, released: use}
  - user: eve@nexora.io
    app: payroll
    expect: {development: preview, staging: preview, production: none, released: use}
  - user: dana@nexora.io
    app: payroll
    expect: {development: edit}
    can: [promote]
    cannot: []
  - user: eve@nexora.io
    cannot: [appPromote, appRelease]
  - user: lee@nexora.io
    app: payroll
    can: [promote, release]
  - user: lee@nexora.io
    can: [appPromote, appRelease, workflowCreate, orgConstantCRUD]
)";

TEST_CASE("the document's company is valid") {
  CHECK(CheckFiles({{"a.yaml", std::string(kWorkspace) + kUsers + kResources}}).empty());
}

TEST_CASE("the same company split across files is valid") {
  CHECK(CheckFiles({{"workspace.yaml", kWorkspace},
                    {"people/users.yaml", kUsers},
                    {"resources.yml", kResources}})
            .empty());
}

TEST_CASE("custom environments and strict version rules") {
  CHECK(CheckFiles({{"a.yaml", R"(version: 1
environments: [dev, prod]
versionRules: strict
users:
  dana@nexora.io: {role: builder}
groups:
  devs:
    members: [dana@nexora.io]
    apps: [{apps: [tool], permission: edit, environments: [dev, released]}]
constants:
  URL: {type: global, values: {dev: x, prod: y}}
apps:
  tool:
    constants: [URL]
    versions:
      - {name: a, environment: dev, status: draft}
      - {name: b, environment: prod, status: released}
assertions:
  - {user: dana@nexora.io, app: tool, expect: {dev: edit, prod: none, released: use}}
)"}})
            .empty());
}

TEST_CASE("an end-user with view grants and a builder with edit are fine (R5)") {
  CHECK(CheckFiles({{"a.yaml", R"(version: 1
users:
  eve@nexora.io: {role: end-user}
  dana@nexora.io: {role: builder}
roles:
  end-user: {apps: [{apps: "*", permission: view, environments: [released]}]}
groups:
  mixed:
    members: [eve@nexora.io]
    apps: [{apps: "*", permission: view}]
  builders:
    members: [dana@nexora.io]
    apps: [{apps: "*", permission: edit}]
apps:
  payroll: {owner: dana@nexora.io}
)"}})
            .empty());
}

TEST_CASE("schema-invalid shapes do not cascade into semantic findings") {
  // Each of these is the schema's to report; the checks must stay silent:
  // a user with an invalid role is still a user, a grant with a bad level
  // still names a known app, a data source or constant with a malformed
  // environments/values section is not "incomplete".
  CHECK(CheckFiles({{"a.yaml", R"(version: 1
users:
  eve@nexora.io: {role: superuser}
  bob@nexora.io: 7
groups:
  qa:
    members: [eve@nexora.io, bob@nexora.io]
    apps: [{apps: [payroll], permission: own, environments: prod}]
dataSources:
  api: {kind: restapi, environments: [development]}
constants:
  B: {type: secret, values: [x]}
  C: {type: global, values: {development: [1], staging: {}, production: ~}}
apps:
  payroll:
    owner: eve@nexora.io
    versions: [{name: v1, environment: production, status: gone}, 3]
assertions:
  - {user: eve@nexora.io, app: payroll, expect: [none]}
)"}})
            .empty());
}

}  // namespace
}  // namespace stagegate
