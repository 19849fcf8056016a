// Tests of the model stage: building the typed workspace from inline YAML
// (through the stages in pipeline_support.h), merging documents and files,
// duplicate definitions naming both places, defaults, lookups and robustness
// to schema-invalid shapes.
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "model/workspace.h"
#include "pipeline_support.h"
#include "render/diagnostics_text.h"

namespace stagegate {
namespace {

using testing::Files;
using testing::Headlines;
using testing::Staged;

// load -> redact -> build (pipeline_support.h, ModelStages, says why the
// schema is skipped).
Staged BuildFiles(const Files& files) { return Staged(files, testing::ModelStages()); }

Staged BuildYaml(const std::string& text) { return BuildFiles({{"a.yaml", text}}); }

std::string Rendered(const Staged& b) {
  return FormatDiagnostics(b.loaded.sources, b.diags, PrintOptions{});
}

std::vector<std::string> Names(const std::vector<Ref>& refs) {
  std::vector<std::string> out;
  for (const Ref& r : refs) out.push_back(r.name);
  return out;
}

const char kNexora[] = R"(version: 1
workspace: nexora
environments: [development, staging, production]
versionRules: strict
users:
  quinn@nexora.io: {name: Quinn QA, role: builder}
  Ada@Nexora.io:   {name: Ada Admin, role: admin}
  eve@nexora.io:   {role: end-user, disabled: true}
groups:
  qa:
    description: QA engineers test in staging
    members: [quinn@nexora.io]
    permissions: [appPromote, folderCRUD]
    apps:
      - apps: [payroll]
        permission: edit
        environments: [staging]
        hideFromDashboard: true
      - apps: "*"
        permission: view
      - apps: [payroll]
        permission: view
        environments: []
    dataSources:
      - dataSources: [nexora-db]
        permission: configure
dataSources:
  nexora-db:
    kind: postgresql
    environments:
      staging: {host: stg, port: 5432, password: "{{secrets.DB_PASSWORD}}"}
      development: {host: dev, port: 5432, password: "{{secrets.DB_PASSWORD}}"}
constants:
  API_BASE_URL:
    type: global
    values: {development: https://api.dev, production: https://api}
  DB_PASSWORD:
    type: secret
    values:
      development: {fromEnv: NEXORA_DEV_DB_PASSWORD}
apps:
  payroll:
    owner: quinn@nexora.io
    dataSources: [nexora-db]
    constants: [API_BASE_URL]
    versions:
      - {name: v1, environment: production, status: released}
      - {name: v3, environment: development, status: draft}
assertions:
  - user: quinn@nexora.io
    app: payroll
    expect: {development: none, staging: run}
  - user: eve@nexora.io
    cannot: [appPromote]
)";

TEST_CASE("builds every section of a workspace") {
  Staged b = BuildYaml(kNexora);
  CHECK(Headlines(b).empty());
  const Workspace& ws = b.ws();
  CHECK(ws.name.name == "nexora");
  CHECK(ws.version_location.line == 1);
  CHECK(ws.environments_declared);
  CHECK(Names(ws.environments) == std::vector<std::string>{"development", "staging", "production"});
  CHECK(ws.version_rules == VersionRules::kStrict);

  // Users sorted by lower-cased key; spelling kept.
  REQUIRE(ws.users.size() == 3);
  CHECK(ws.users[0].email == "Ada@Nexora.io");
  CHECK(ws.users[0].key == "ada@nexora.io");
  CHECK(ws.users[0].role == UserRole::kAdmin);
  CHECK(ws.users[0].name == "Ada Admin");
  CHECK(ws.users[1].email == "eve@nexora.io");
  CHECK(ws.users[1].disabled);
  CHECK(ws.users[2].location.line == 6);
  CHECK(ws.users[2].location.column == 3);

  REQUIRE(ws.groups.size() == 1);
  const Group& qa = ws.groups[0];
  CHECK(qa.description == "QA engineers test in staging");
  CHECK(Names(qa.members) == std::vector<std::string>{"quinn@nexora.io"});
  REQUIRE(qa.permissions.size() == 2);
  CHECK(qa.permissions[0].permission == WorkspacePermission::kAppPromote);
  CHECK(qa.permissions[1].permission == WorkspacePermission::kFolderCrud);
  REQUIRE(qa.apps.size() == 3);
  CHECK(qa.apps[0].level == AppLevel::kEdit);
  CHECK(Names(qa.apps[0].apps) == std::vector<std::string>{"payroll"});
  REQUIRE(qa.apps[0].environments.has_value());
  CHECK(Names(*qa.apps[0].environments) == std::vector<std::string>{"staging"});
  CHECK(qa.apps[0].hide_from_dashboard);
  CHECK(qa.apps[1].all_apps);
  CHECK(qa.apps[1].level == AppLevel::kView);
  CHECK_FALSE(qa.apps[1].environments.has_value());  // absent: every column (R3)
  REQUIRE(qa.apps[2].environments.has_value());      // present and empty: none
  CHECK(qa.apps[2].environments->empty());
  REQUIRE(qa.data_sources.size() == 1);
  CHECK(qa.data_sources[0].level == DataSourceLevel::kConfigure);
  CHECK(Names(qa.data_sources[0].data_sources) == std::vector<std::string>{"nexora-db"});

  REQUIRE(ws.data_sources.size() == 1);
  const DataSource& db = ws.data_sources[0];
  CHECK(db.kind == "postgresql");
  CHECK(db.has_environments);
  REQUIRE(db.environments.size() == 2);  // sorted by name
  CHECK(db.environments[0].environment.name == "development");
  const DataSourceEnvironment* stg = db.FindEnvironment("staging");
  REQUIRE(stg != nullptr);
  REQUIRE(stg->options.size() == 3);  // sorted by key
  CHECK(stg->options[0].key.name == "host");
  CHECK(stg->options[0].value == "stg");
  CHECK(stg->options[0].kind == NodeKind::kString);
  CHECK(stg->options[1].key.name == "password");
  CHECK(stg->options[1].credential);
  CHECK_FALSE(stg->options[1].withheld);
  CHECK(stg->options[1].value == "{{secrets.DB_PASSWORD}}");
  CHECK(stg->options[2].value == "5432");
  CHECK(stg->options[2].kind == NodeKind::kInt);
  CHECK(db.FindEnvironment("production") == nullptr);

  REQUIRE(ws.constants.size() == 2);
  const Constant* api = ws.FindConstant("API_BASE_URL");
  REQUIRE(api != nullptr);
  CHECK(api->type == ConstantType::kGlobal);
  REQUIRE(api->FindValue("production") != nullptr);
  CHECK(api->FindValue("production")->text == "https://api");
  CHECK(api->FindValue("production")->length == 11);
  const Constant* secret = ws.FindConstant("DB_PASSWORD");
  REQUIRE(secret != nullptr);
  CHECK(secret->type == ConstantType::kSecret);
  REQUIRE(secret->values.size() == 1);
  CHECK(secret->values[0].from_env == "NEXORA_DEV_DB_PASSWORD");
  CHECK(secret->values[0].text.empty());
  CHECK_FALSE(secret->values[0].literal);

  const App* payroll = ws.FindApp("payroll");
  REQUIRE(payroll != nullptr);
  REQUIRE(payroll->owner.has_value());
  CHECK(payroll->owner->name == "quinn@nexora.io");
  CHECK(Names(payroll->data_sources) == std::vector<std::string>{"nexora-db"});
  CHECK(Names(payroll->constants) == std::vector<std::string>{"API_BASE_URL"});
  REQUIRE(payroll->versions.size() == 2);
  CHECK(payroll->versions[0].name.name == "v1");
  CHECK(payroll->versions[0].environment.name == "production");
  CHECK(payroll->versions[0].status == VersionStatus::kReleased);
  CHECK(payroll->versions[1].status == VersionStatus::kDraft);

  REQUIRE(ws.assertions.size() == 2);
  const Assertion& first = ws.assertions[0];
  REQUIRE(first.expect.has_value());
  REQUIRE(first.expect->size() == 2);
  CHECK((*first.expect)[1].column.name == "staging");
  CHECK((*first.expect)[1].value == Capability::kRun);
  CHECK_FALSE(first.can.has_value());
  const Assertion& second = ws.assertions[1];
  CHECK_FALSE(second.app.has_value());
  REQUIRE(second.cannot.has_value());
  CHECK(Names(*second.cannot) == std::vector<std::string>{"appPromote"});
}

TEST_CASE("lookups are exact, users case-insensitive") {
  Staged b = BuildYaml(kNexora);
  const Workspace& ws = b.ws();
  REQUIRE(ws.FindUser("ADA@nexora.IO") != nullptr);
  CHECK(ws.FindUser("ADA@nexora.IO")->email == "Ada@Nexora.io");
  CHECK(ws.FindUser("ada@nexora.i") == nullptr);
  CHECK(ws.FindUser("") == nullptr);
  CHECK(ws.FindGroup("qa") != nullptr);
  CHECK(ws.FindGroup("QA") == nullptr);
  CHECK(ws.FindDataSource("nexora-db") != nullptr);
  CHECK(ws.FindApp("payrol") == nullptr);
  CHECK(ws.EnvironmentIndex("production") == 2);
  CHECK(ws.EnvironmentIndex("released") == -1);
  CHECK(ws.IsColumn("released"));
  CHECK_FALSE(ws.IsColumn("qa"));
  CHECK(ws.RoleOf(UserRole::kAdmin) == nullptr);
  CHECK(ws.RoleOf(UserRole::kEndUser) == &ws.end_user);
}

TEST_CASE("defaults when sections are omitted") {
  Staged b = BuildYaml("version: 1\n");
  CHECK(Headlines(b).empty());
  const Workspace& ws = b.ws();
  CHECK_FALSE(ws.environments_declared);
  CHECK(Names(ws.environments) == std::vector<std::string>{"development", "staging", "production"});
  CHECK(ws.version_rules == VersionRules::kDefault);
  CHECK(ws.name.name.empty());
  // Built-in roles (format.md).
  CHECK_FALSE(ws.builder.configured);
  REQUIRE(ws.builder.permissions.size() == 5);
  CHECK(ws.builder.permissions[4].permission == WorkspacePermission::kFolderCrud);
  REQUIRE(ws.builder.apps.size() == 1);
  CHECK(ws.builder.apps[0].all_apps);
  CHECK(ws.builder.apps[0].level == AppLevel::kEdit);
  CHECK_FALSE(ws.builder.apps[0].environments.has_value());
  REQUIRE(ws.builder.data_sources.size() == 1);
  CHECK(ws.builder.data_sources[0].all_data_sources);
  CHECK(ws.builder.data_sources[0].level == DataSourceLevel::kUse);
  CHECK_FALSE(ws.end_user.configured);
  CHECK(ws.end_user.permissions.empty());
  REQUIRE(ws.end_user.apps.size() == 1);
  CHECK(ws.end_user.apps[0].level == AppLevel::kView);
  REQUIRE(ws.end_user.apps[0].environments.has_value());
  CHECK(Names(*ws.end_user.apps[0].environments) == std::vector<std::string>{"released"});
  CHECK(ws.end_user.data_sources.empty());
}

TEST_CASE("a configured role replaces the built-in one as a whole") {
  Staged b = BuildYaml("version: 1\nroles:\n  builder: {apps: []}\n");
  CHECK(Headlines(b).empty());
  CHECK(b.ws().builder.configured);
  CHECK(b.ws().builder.name.location.line == 3);
  CHECK(b.ws().builder.apps.empty());
  CHECK(b.ws().builder.permissions.empty());
  CHECK(b.ws().builder.data_sources.empty());
  CHECK_FALSE(b.ws().end_user.configured);
}

TEST_CASE("sections merge across documents and files, assertions in file order") {
  Staged b = BuildFiles({
      {"b/users.yaml",
       "users:\n  zoe@nexora.io: {role: builder}\n---\nusers:\n  amy@nexora.io: {role: builder}\n"
       "assertions:\n  - {user: zoe@nexora.io, cannot: [appCreate]}\n"},
      {"a.yaml",
       "version: 1\nusers:\n  max@nexora.io: {role: admin}\n"
       "assertions:\n  - {user: max@nexora.io, can: [appCreate]}\n"},
  });
  CHECK(Headlines(b).empty());
  REQUIRE(b.ws().users.size() == 3);
  CHECK(b.ws().users[0].email == "amy@nexora.io");
  CHECK(b.ws().users[1].email == "max@nexora.io");
  CHECK(b.ws().users[2].email == "zoe@nexora.io");
  // Files are read in sorted path order: a.yaml before b/users.yaml.
  REQUIRE(b.ws().assertions.size() == 2);
  CHECK(b.ws().assertions[0].user->name == "max@nexora.io");
  CHECK(b.ws().assertions[1].user->name == "zoe@nexora.io");
}

TEST_CASE("the result does not depend on how content is split across files") {
  Staged one = BuildYaml(kNexora);
  std::string text = kNexora;
  size_t split = text.find("dataSources:\n  nexora-db");
  Staged two = BuildFiles({{"z.yaml", text.substr(0, split)}, {"a.yaml", text.substr(split)}});
  CHECK(Headlines(two).empty());
  CHECK(Names(two.ws().environments) == Names(one.ws().environments));
  REQUIRE(two.ws().users.size() == one.ws().users.size());
  REQUIRE(two.ws().apps.size() == one.ws().apps.size());
  CHECK(two.ws().apps[0].name == one.ws().apps[0].name);
  CHECK(two.ws().constants.size() == one.ws().constants.size());
}

TEST_CASE("a name defined twice across files names both places") {
  Staged b = BuildFiles({
      {"a.yaml", "version: 1\ngroups:\n  qa: {}\napps:\n  payroll: {}\n"},
      {"b.yaml", "groups:\n  qa: {}\napps:\n  payroll: {}\n"},
  });
  CHECK(Headlines(b) ==
        std::vector<std::string>{
            "b.yaml:2:3: error: group 'qa' is defined twice; remove one definition "
            "[duplicate-definition]",
            "b.yaml:4:3: error: app 'payroll' is defined twice; remove one definition "
            "[duplicate-definition]",
        });
  CHECK(Rendered(b).find("a.yaml:3:3: note: first defined here") != std::string::npos);
  CHECK(b.ws().groups.size() == 1);
  CHECK(b.ws().groups[0].location.file == 0);  // the first definition wins
}

TEST_CASE("duplicate definitions of every map section") {
  Staged b = BuildFiles({
      {"a.yaml",
       "version: 1\nroles:\n  builder: {}\ndataSources:\n  db: {}\nconstants:\n  X: {}\n"},
      {"b.yaml", "roles:\n  builder: {}\ndataSources:\n  db: {}\nconstants:\n  X: {}\n"},
  });
  CHECK(Headlines(b) ==
        std::vector<std::string>{
            "b.yaml:2:3: error: role 'builder' is defined twice; remove one definition "
            "[duplicate-definition]",
            "b.yaml:4:3: error: data source 'db' is defined twice; remove one definition "
            "[duplicate-definition]",
            "b.yaml:6:3: error: constant 'X' is defined twice; remove one definition "
            "[duplicate-definition]",
        });
}

TEST_CASE("users are compared case-insensitively") {
  Staged b = BuildYaml(
      "version: 1\nusers:\n  ada@nexora.io: {role: admin}\n---\nusers:\n  Ada@Nexora.io: {role: admin}\n");
  CHECK(Headlines(b) == std::vector<std::string>{
                             "a.yaml:6:3: error: user 'Ada@Nexora.io' is defined twice (first as "
                             "'ada@nexora.io'); remove one definition [duplicate-definition]"});
  CHECK(Rendered(b).find("a.yaml:3:3: note: first defined here") != std::string::npos);
  REQUIRE(b.ws().users.size() == 1);
  CHECK(b.ws().users[0].email == "ada@nexora.io");
}

TEST_CASE("singular sections may appear once") {
  Staged b = BuildFiles({
      {"a.yaml", "version: 1\nworkspace: nexora\nenvironments: [dev, prod]\nversionRules: strict\n"},
      {"b.yaml", "version: 1\nworkspace: other\nenvironments: [a, b]\nversionRules: default\n"},
  });
  CHECK(Headlines(b) ==
        std::vector<std::string>{
            "b.yaml:1:1: error: section 'version' is defined twice; remove one definition "
            "[duplicate-definition]",
            "b.yaml:2:1: error: section 'workspace' is defined twice; remove one definition "
            "[duplicate-definition]",
            "b.yaml:3:1: error: section 'environments' is defined twice; remove one definition "
            "[duplicate-definition]",
            "b.yaml:4:1: error: section 'versionRules' is defined twice; remove one definition "
            "[duplicate-definition]",
        });
  CHECK(Rendered(b).find("a.yaml:3:1: note: first defined here") != std::string::npos);
  CHECK(b.ws().name.name == "nexora");
  CHECK(Names(b.ws().environments) == std::vector<std::string>{"dev", "prod"});
  CHECK(b.ws().version_rules == VersionRules::kStrict);
}

TEST_CASE("a missing version is reported once, without a location") {
  Staged b = BuildFiles({{"a.yaml", "workspace: nexora\n"}, {"b.yaml", "users: {}\n"}});
  REQUIRE(b.diags.items().size() == 1);
  const Diagnostic& d = b.diags.items()[0];
  CHECK(d.code == Code::kMissingVersion);
  CHECK_FALSE(d.location.valid());
  CHECK(d.message == "no file declares the format version; add 'version: 1' to one of them");
  // Location{} is in no file: the finding is about the whole configuration.
  CHECK(Headlines(b) ==
        std::vector<std::string>{"stagegate: error: no file declares the format version; add "
                                 "'version: 1' to one of them [missing-version]"});
}

TEST_CASE("environments: reserved and repeated names") {
  Staged b = BuildYaml("version: 1\nenvironments: [development, released, staging, development]\n");
  CHECK(Headlines(b) ==
        std::vector<std::string>{
            "a.yaml:2:29: error: 'released' is reserved for the released app end users open and "
            "cannot name an environment; rename it [reserved-name]",
            "a.yaml:2:48: error: environment 'development' is listed twice; remove one "
            "[duplicate-definition]",
        });
  CHECK(Rendered(b).find("a.yaml:2:16: note: first listed here") != std::string::npos);
  CHECK(Names(b.ws().environments) == std::vector<std::string>{"development", "staging"});
}

TEST_CASE("schema-invalid shapes are skipped without findings or crashes") {
  Staged b = BuildYaml(R"(version: 1
environments: nope
versionRules: [x]
roles:
  admin: {apps: []}
  builder: 7
users:
  eve@nexora.io: {role: superuser, disabled: maybe}
  bob@nexora.io: builder
  7: {role: admin}
groups:
  qa:
    members: quinn
    permissions: [appFly, 3, appCreate]
    apps:
      - 5
      - {apps: 7, permission: own, environments: staging}
    dataSources: {x: 1}
  ops: [1, 2]
dataSources:
  db:
    environments:
      development: [1, 2]
      7: {}
      staging: {host: {nested: 1}, port: 1}
  api: text
constants:
  A: {type: secret, values: [1, 2]}
  B: {type: other, values: {development: plain}}
  C: 3
apps:
  payroll:
    owner: [x]
    versions: [1, {name: v1}, {environment: 3, status: gone}]
assertions:
  - 1
  - {user: [x], expect: [1], can: x}
)");
  CHECK(Headlines(b).empty());
  const Workspace& ws = b.ws();
  CHECK(Names(ws.environments) == std::vector<std::string>{"development", "staging", "production"});
  CHECK(ws.builder.configured);  // configured, though as nothing
  CHECK(ws.builder.apps.empty());
  // A user with an invalid role still exists (members referring to it resolve).
  REQUIRE(ws.FindUser("eve@nexora.io") != nullptr);
  CHECK_FALSE(ws.FindUser("eve@nexora.io")->role.has_value());
  REQUIRE(ws.FindUser("bob@nexora.io") != nullptr);
  const Group* qa = ws.FindGroup("qa");
  REQUIRE(qa != nullptr);
  CHECK(qa->members.empty());
  REQUIRE(qa->permissions.size() == 1);
  CHECK(qa->permissions[0].permission == WorkspacePermission::kAppCreate);
  REQUIRE(qa->apps.size() == 1);
  CHECK_FALSE(qa->apps[0].level.has_value());
  REQUIRE(qa->apps[0].environments.has_value());  // malformed counts as empty, never as "all"
  CHECK(qa->apps[0].environments->empty());
  CHECK(ws.FindGroup("ops") != nullptr);
  const DataSource* db = ws.FindDataSource("db");
  REQUIRE(db != nullptr);
  REQUIRE(db->FindEnvironment("staging") != nullptr);
  // A mapping is an option value too (ToolJet's objects), kept as items.
  REQUIRE(db->FindEnvironment("staging")->options.size() == 2);
  const DataSourceOption& host = db->FindEnvironment("staging")->options[0];
  CHECK(host.kind == NodeKind::kMapping);
  REQUIRE(host.items.size() == 1);
  CHECK(host.items[0].key == "nested");
  CHECK(host.items[0].text == "1");
  CHECK(ws.FindDataSource("api") != nullptr);
  const Constant* b_const = ws.FindConstant("B");
  REQUIRE(b_const != nullptr);
  CHECK_FALSE(b_const->type.has_value());
  REQUIRE(b_const->values.size() == 1);
  CHECK(b_const->values[0].literal);  // unknown type: the value is not kept
  CHECK(b_const->values[0].text.empty());
  const App* payroll = ws.FindApp("payroll");
  REQUIRE(payroll != nullptr);
  CHECK_FALSE(payroll->owner.has_value());
  CHECK(payroll->versions.size() == 2);
  REQUIRE(ws.assertions.size() == 2);
  CHECK_FALSE(ws.assertions[1].user.has_value());
  CHECK(ws.assertions[1].expect.has_value());  // present, though malformed
  CHECK(ws.assertions[1].can.has_value());
}

TEST_CASE("enum names round-trip") {
  CHECK(RoleName(*ParseRole("end-user")) == "end-user");
  CHECK_FALSE(ParseRole("owner").has_value());
  CHECK(WorkspacePermissionName(*ParseWorkspacePermission("orgConstantCRUD")) == "orgConstantCRUD");
  CHECK(WorkspacePermissionNames().size() == kWorkspacePermissionCount);
  CHECK(CapabilityName(*ParseCapability("preview")) == "preview");
  CHECK(VersionStatusName(*ParseVersionStatus("published")) == "published");
  CHECK(AppLevelName(*ParseAppLevel("edit")) == "edit");
  CHECK(DataSourceLevelName(*ParseDataSourceLevel("configure")) == "configure");
  CHECK(ConstantTypeName(*ParseConstantType("secret")) == "secret");
  CHECK(VersionRulesName(*ParseVersionRules("strict")) == "strict");
  CHECK(LowerAscii("Ada@NEXORA.io") == "ada@nexora.io");
}

TEST_CASE("a key repeated in one mapping is the loader's duplicate-key only") {
  Staged b = BuildYaml("version: 1\nversion: 1\ngroups:\n  qa: {}\n  qa: {}\n");
  // The loader's wording is its own; this stage must only add nothing.
  REQUIRE(b.diags.items().size() == 2);
  for (const Diagnostic& d : b.diags.items()) CHECK(d.code == Code::kDuplicateKey);
  CHECK(b.ws().groups.size() == 1);
}

}  // namespace
}  // namespace stagegate
