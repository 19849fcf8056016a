// Schema stage tests: documents that must pass, and the exact diagnostic for
// each kind of problem (code, message, file:line:col of the offending node).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "schema/schema.h"
#include "source/headline.h"
#include "yaml/loader.h"

namespace stagegate {
namespace {

struct Validated {
  LoadedConfig config;
  Diagnostics diags;
  std::vector<std::string> headlines;
};

// Loads `files` (name -> YAML) from an in-memory /cfg and validates them.
// The YAML itself must load cleanly: these tests are about the schema.
Validated Validate(const std::vector<std::pair<std::string, std::string>>& files) {
  MemoryFileSystem fs;
  for (const auto& [name, text] : files) fs.AddFile("/cfg/" + name, text);
  Validated v;
  Diagnostics load;
  v.config = Load(fs, {"/cfg"}, LoadLimits{}, load);
  for (const Diagnostic& d : load.items())
    FAIL_CHECK("loader: " << FormatHeadline(v.config.sources, d));
  ValidateSchema(v.config, v.diags);
  v.diags.Sort();
  for (const Diagnostic& d : v.diags.items()) {
    std::string line = FormatHeadline(v.config.sources, d);
    if (line.rfind("/cfg/", 0) == 0) line.erase(0, 5);  // display paths as the user sees them
    v.headlines.push_back(line);
  }
  return v;
}

std::vector<std::string> Headlines(const std::string& yaml) {
  return Validate({{"a.yaml", yaml}}).headlines;
}

using Lines = std::vector<std::string>;

TEST_CASE("format.md's examples pass, section by section") {
  const char* snippets[] = {
      // Environments.
      "version: 1\nworkspace: nexora\nenvironments: [development, staging, production]\n"
      "versionRules: default\n",
      "versionRules: strict\nenvironments: [dev, prod]\n",
      // Users.
      "users:\n"
      "  ada@nexora.io:  {name: Ada Admin, role: admin}\n"
      "  dana@nexora.io: {role: builder}\n"
      "  eve@nexora.io:  {role: end-user, disabled: true}\n",
      // Roles.
      "roles:\n"
      "  builder:\n"
      "    permissions: [appCreate, appDelete, appPromote, appRelease, folderCRUD]\n"
      "    apps:        [{apps: \"*\", permission: edit}]\n"
      "    dataSources: [{dataSources: \"*\", permission: use}]\n"
      "  end-user:\n"
      "    permissions: []\n"
      "    apps:        [{apps: \"*\", permission: view, environments: [released]}]\n",
      "roles: {builder: {apps: []}}\n",
      // Groups.
      "groups:\n"
      "  qa:\n"
      "    description: QA engineers test in staging\n"
      "    members: [quinn@nexora.io]\n"
      "    permissions: [appPromote]\n"
      "    apps:\n"
      "      - apps: [payroll]\n"
      "        permission: edit\n"
      "        environments: [staging]\n"
      "        hideFromDashboard: false\n"
      "    dataSources:\n"
      "      - dataSources: [nexora-db]\n"
      "        permission: use\n",
      "groups:\n  ops:\n    permissions: [appCreate, appDelete, appPromote, appRelease,\n"
      "      dataSourceCreate, dataSourceDelete, folderCRUD, orgConstantCRUD, workflowCreate,\n"
      "      workflowDelete]\n    dataSources: [{dataSources: \"*\", permission: configure}]\n",
      // Data sources: option values are scalars of any type.
      "dataSources:\n"
      "  nexora-db:\n"
      "    kind: postgresql\n"
      "    environments:\n"
      "      development:\n"
      "        host: dev-db.nexora.internal\n"
      "        port: 5432\n"
      "        database: nexora_dev\n"
      "        username: app\n"
      "        password: \"{{secrets.DB_PASSWORD}}\"\n"
      "      staging: {host: stg, port: \"5432\", ssl: true, timeout: 2.5}\n"
      "      production: {}\n",
      // Constants.
      "constants:\n"
      "  API_BASE_URL:\n"
      "    type: global\n"
      "    values:\n"
      "      development: https://api.dev.nexora.io\n"
      "      staging:     https://api.staging.nexora.io\n"
      "      production:  https://api.nexora.io\n"
      "  DB_PASSWORD:\n"
      "    type: secret\n"
      "    values:\n"
      "      development: {fromEnv: NEXORA_DEV_DB_PASSWORD}\n"
      "      staging:     {fromEnv: NEXORA_STG_DB_PASSWORD}\n"
      "      production:  {fromEnv: NEXORA_PROD_DB_PASSWORD}\n"
      "  _RETRIES: {type: global, values: {development: 3, production: true}}\n",
      // Apps.
      "apps:\n"
      "  payroll:\n"
      "    owner: dana@nexora.io\n"
      "    dataSources: [nexora-db]\n"
      "    constants: [API_BASE_URL]\n"
      "    versions:\n"
      "      - {name: v1, environment: production,  status: released}\n"
      "      - {name: v2, environment: staging,     status: published}\n"
      "      - {name: v3, environment: development, status: draft}\n"
      "  Customer Dashboard: {}\n",
      // Assertions.
      "assertions:\n"
      "  - user: quinn@nexora.io\n"
      "    app: payroll\n"
      "    expect: {development: none, staging: run, production: none, released: none}\n"
      "  - user: eve@nexora.io\n"
      "    cannot: [appPromote, appRelease]\n"
      "  - user: lee@nexora.io\n"
      "    app: payroll\n"
      "    can: [promote, release]\n",
      // Empty sections and documents.
      "users: {}\ngroups: {}\nassertions: []\n",
      "# only a comment\n",
      "---\nversion: 1\n---\nusers: {a@b.io: {role: admin}}\n",
  };
  for (const char* yaml : snippets) {
    INFO(yaml);
    CHECK(Headlines(yaml) == Lines{});
  }
}

TEST_CASE("wrong-type: a document must be a mapping of sections") {
  CHECK(Headlines("- version: 1\n") ==
        Lines{"a.yaml:1:1: error: a document must be a mapping of sections (version, "
              "environments, users, ...), not a list [wrong-type]"});
  CHECK(Headlines("hello\n") ==
        Lines{"a.yaml:1:1: error: a document must be a mapping of sections (version, "
              "environments, users, ...), not a string [wrong-type]"});
}

TEST_CASE("wrong-type: values of the wrong type, at the value") {
  struct Case {
    const char* yaml;
    const char* headline;
  } cases[] = {
      {"users: [a@b.io]\n",
       "a.yaml:1:8: error: 'users' must be a mapping of user e-mail to user settings, not a list"},
      {"groups:\n  qa:\n    members: quinn@nexora.io\n",
       "a.yaml:3:14: error: 'members' in group 'qa' must be a list of user e-mails, not a string"},
      {"groups:\n  qa:\n    members: [a@b.io, 5]\n",
       "a.yaml:3:23: error: item 2 of 'members' in group 'qa' must be a member e-mail, not an "
       "integer"},
      {"users:\n  eve@nexora.io:\n",
       "a.yaml:2:3: error: user 'eve@nexora.io' must be a mapping with 'role' (and optionally "
       "'name', 'disabled'), not null"},
      {"dataSources:\n  db:\n    environments:\n      development:\n        port: null\n    kind: postgresql\n",
       "a.yaml:5:15: error: 'port' in environment 'development' of data source 'db' must be a "
       "string, number, boolean, list or mapping, not null"},
      {"groups:\n  qa:\n    apps: [payroll]\n",
       "a.yaml:3:12: error: app grant 1 of group 'qa' must be a mapping with 'apps' and "
       "'permission' (and optionally 'environments', 'hideFromDashboard'), not a string"},
      {"constants:\n  X:\n    values:\n      staging: [a]\n    type: global\n",
       "a.yaml:4:16: error: the value for 'staging' of constant 'X' must be a string, number or "
       "boolean, or {fromEnv: VARIABLE}, not a list"},
      {"assertions:\n  - user: a@b.io\n    expect: [run]\n",
       "a.yaml:3:13: error: 'expect' in assertion 1 must be a mapping of environment name (or "
       "'released') to capability, not a list"},
      {"workspace: 7\n", "a.yaml:1:12: error: 'workspace' must be a string, not an integer"},
  };
  for (const Case& c : cases) {
    INFO(c.yaml);
    CHECK(Headlines(c.yaml) == Lines{std::string(c.headline) + " [wrong-type]"});
  }
}

TEST_CASE("typing traps: quoted numbers and booleans, mappings where strings belong") {
  // Where the schema types a value, a quoted "1" or "true" is a string.
  CHECK(Headlines("version: \"1\"\n") ==
        Lines{"a.yaml:1:10: error: 'version' must be the integer 1, not a string (remove the "
              "quotes) [wrong-type]"});
  CHECK(Headlines("version: 1.0\n") ==
        Lines{"a.yaml:1:10: error: 'version' must be the integer 1, not a number [wrong-type]"});
  CHECK(Headlines("users:\n  a@b.io: {role: admin, disabled: \"true\"}\n") ==
        Lines{"a.yaml:2:35: error: 'disabled' in user 'a@b.io' must be true or false, not a "
              "string (remove the quotes) [wrong-type]"});
  CHECK(Headlines("groups: {qa: {apps: [{apps: '*', permission: view, hideFromDashboard: "
                  "'no'}]}}\n") ==
        Lines{"a.yaml:1:71: error: 'hideFromDashboard' in app grant 1 of group 'qa' must be "
              "true or false, not a string [wrong-type]"});
  // Data source options take any scalar: "5432" and 5432 both pass...
  CHECK(Headlines("dataSources: {db: {environments: {dev: {port: \"5432\"}, prod: {port: "
                  "5432}}, kind: pg}}\n") == Lines{});
  // ...and so do lists and mappings (ToolJet's headers), but not null.
  CHECK(Headlines("dataSources: {db: {environments: {dev: {headers: [[a, b]], body: {x: [1, "
                  "null]}}}, kind: pg}}\n") == Lines{});
  CHECK(Headlines("dataSources: {db: {environments: {dev: {port: null}}, kind: pg}}\n") ==
        Lines{"a.yaml:1:47: error: 'port' in environment 'dev' of data source 'db' must be a "
              "string, number, boolean, list or mapping, not null [wrong-type]"});
  CHECK(Headlines("users:\n  a@b.io: {role: {name: admin}}\n") ==
        Lines{"a.yaml:2:18: error: 'role' in user 'a@b.io' must be a role, not a mapping "
              "[wrong-type]"});
  CHECK(Headlines("workspace: {name: nexora}\n") ==
        Lines{"a.yaml:1:12: error: 'workspace' must be a string, not a mapping [wrong-type]"});
}

TEST_CASE("unknown-key: every unknown key of an object, at the key, with did you mean") {
  CHECK(Headlines("groups:\n  qa:\n    memebrs: [a@b.io]\n    descripton: QA\n"
                  "    permisions: []\n    colour: red\n") ==
        Lines{
            "a.yaml:3:5: error: unknown key 'memebrs' in group 'qa' (did you mean 'members'?) "
            "[unknown-key]",
            "a.yaml:4:5: error: unknown key 'descripton' in group 'qa' (did you mean "
            "'description'?) [unknown-key]",
            "a.yaml:5:5: error: unknown key 'permisions' in group 'qa' (did you mean "
            "'permissions'?) [unknown-key]",
            "a.yaml:6:5: error: unknown key 'colour' in group 'qa' [unknown-key]",
        });
  CHECK(Headlines("usres: {}\nversion: 1\nworkspaces: x\n") ==
        Lines{
            "a.yaml:1:1: error: unknown section 'usres' (did you mean 'users'?) [unknown-key]",
            "a.yaml:3:1: error: unknown section 'workspaces' (did you mean 'workspace'?) "
            "[unknown-key]",
        });
  CHECK(Headlines("groups:\n  qa:\n    apps:\n      - apps: '*'\n        permision: edit\n") ==
        Lines{
            "a.yaml:4:9: error: app grant 1 of group 'qa' is missing the required key "
            "'permission' [missing-key]",
            "a.yaml:5:9: error: unknown key 'permision' in app grant 1 of group 'qa' (did you "
            "mean 'permission'?) [unknown-key]",
        });
  CHECK(Headlines("roles:\n  buidler: {}\n") ==
        Lines{"a.yaml:2:3: error: unknown role 'buidler' in 'roles' (did you mean 'builder'?) "
              "[unknown-key]"});
  CHECK(Headlines("constants:\n  X:\n    values:\n      prod: {fromEnv: A, fromenv: B}\n    type: secret\n") ==
        Lines{"a.yaml:4:26: error: unknown key 'fromenv' in the value for 'prod' of constant "
              "'X' (did you mean 'fromEnv'?) [unknown-key]"});
}

TEST_CASE("missing-key: at the mapping that lacks it") {
  CHECK(Headlines("users:\n  eve@nexora.io: {name: Eve}\n") ==
        Lines{"a.yaml:2:18: error: user 'eve@nexora.io' is missing the required key 'role' "
              "[missing-key]"});
  CHECK(Headlines("assertions:\n  - app: payroll\n") ==
        Lines{"a.yaml:2:5: error: assertion 1 is missing the required key 'user' "
              "[missing-key]"});
  CHECK(Headlines("apps:\n  payroll:\n    versions:\n      - {name: v2, status: draft}\n") ==
        Lines{"a.yaml:4:9: error: version 1 of app 'payroll' is missing the required key "
              "'environment' [missing-key]"});
  CHECK(Headlines("constants: {X: {values: {dev: {}}, type: secret}}\n") ==
        Lines{"a.yaml:1:31: error: the value for 'dev' of constant 'X' is missing the "
              "required key 'fromEnv' [missing-key]"});
  CHECK(Headlines("constants:\n  X:\n    values: {dev: a}\n") ==
        Lines{"a.yaml:3:5: error: constant 'X' is missing the required key 'type' [missing-key]"});
  CHECK(Headlines("dataSources:\n  db:\n    environments: {}\n") ==
        Lines{"a.yaml:3:5: error: data source 'db' is missing the required key 'kind' "
              "[missing-key]"});
}

TEST_CASE("invalid-value: allowed values, with did you mean") {
  struct Case {
    const char* yaml;
    const char* headline;
  } cases[] = {
      {"users:\n  a@b.io: {role: builer}\n",
       "a.yaml:2:18: error: 'builer' is not a role; use admin, builder or end-user (did you "
       "mean 'builder'?)"},
      {"users:\n  a@b.io: {role: root}\n",
       "a.yaml:2:18: error: 'root' is not a role; use admin, builder or end-user"},
      {"versionRules: strct\n",
       "a.yaml:1:15: error: 'strct' is not a version rule set; use default or strict (did you "
       "mean 'strict'?)"},
      {"groups: {qa: {permissions: [appCreat]}}\n",
       "a.yaml:1:29: error: 'appCreat' is not a workspace permission; use appCreate, "
       "appDelete, appPromote, appRelease, dataSourceCreate, dataSourceDelete, folderCRUD, "
       "orgConstantCRUD, workflowCreate or workflowDelete (did you mean 'appCreate'?)"},
      {"groups: {qa: {apps: [{apps: [p], permission: edt}]}}\n",
       "a.yaml:1:46: error: 'edt' is not an app permission; use edit or view (did you mean "
       "'edit'?)"},
      {"groups: {qa: {dataSources: [{dataSources: '*', permission: configur}]}}\n",
       "a.yaml:1:60: error: 'configur' is not a data source permission; use use or configure "
       "(did you mean 'configure'?)"},
      {"constants: {X: {type: secrit}}\n",
       "a.yaml:1:23: error: 'secrit' is not a constant type; use global or secret (did you "
       "mean 'secret'?)"},
      {"apps: {p: {versions: [{name: v1, environment: dev, status: relased}]}}\n",
       "a.yaml:1:60: error: 'relased' is not a version status; use draft, published or "
       "released (did you mean 'released'?)"},
      {"assertions: [{user: a@b.io, expect: {staging: rn}}]\n",
       "a.yaml:1:47: error: 'rn' is not a capability; use none, use, preview, run or edit (did "
       "you mean 'run'?)"},
      {"assertions: [{user: a@b.io, can: [promot]}]\n",
       "a.yaml:1:35: error: 'promot' is not a permission; use appCreate, appDelete, "
       "appPromote, appRelease, dataSourceCreate, dataSourceDelete, folderCRUD, "
       "orgConstantCRUD, workflowCreate, workflowDelete, promote or release (did you mean "
       "'promote'?)"},
      {"version: 2\n", "a.yaml:1:10: error: 'version' must be 1, not 2"},
  };
  for (const Case& c : cases) {
    INFO(c.yaml);
    CHECK(Headlines(c.yaml) == Lines{std::string(c.headline) + " [invalid-value]"});
  }
}

TEST_CASE("invalid-value: name rules say what the rule is") {
  struct Case {
    const char* yaml;
    const char* headline;
  } cases[] = {
      {"environments: [Prod, staging]\n",
       "a.yaml:1:16: error: environment name 'Prod' must start with a lowercase letter and use "
       "only a-z, 0-9 and '-', at most 32 characters"},
      {"users:\n  '': {role: admin}\n", "a.yaml:2:3: error: user e-mail '' must not be empty"},
      {"groups: {qa: {members: ['']}}\n",
       "a.yaml:1:25: error: item 1 of 'members' in group 'qa' must not be empty"},
      {"constants:\n  '': {type: global}\n", "a.yaml:2:3: error: constant name '' must not be empty"},
      {"groups:\n  '': {}\n", "a.yaml:2:3: error: group name '' must not be empty"},
      {"groups: {qa: {apps: [{apps: [''], permission: view}]}}\n",
       "a.yaml:1:30: error: item 1 of 'apps' in app grant 1 of group 'qa' must not be empty"},
      {"groups: {qa: {apps: [{apps: payroll, permission: view}]}}\n",
       "a.yaml:1:29: error: 'apps' in app grant 1 of group 'qa' must be \"*\" (all apps) or a "
       "list of app names; write [payroll] for a single app"},
      {"groups: {qa: {dataSources: [{dataSources: db, permission: use}]}}\n",
       "a.yaml:1:43: error: 'dataSources' in data source grant 1 of group 'qa' must be \"*\" "
       "(all data sources) or a list of data source names; write [db] for a single data "
       "source"},
      {"groups: {qa: {apps: [{apps: '*', permission: view, environments: [Staging]}]}}\n",
       "a.yaml:1:67: error: environment 'Staging' must be an environment name or 'released' (a "
       "lowercase letter, then a-z, 0-9 and '-', at most 32 characters)"},
      {"assertions: [{user: a@b.io, expect: {Staging: run}}]\n",
       "a.yaml:1:38: error: column 'Staging' must be an environment name or 'released' (a "
       "lowercase letter, then a-z, 0-9 and '-', at most 32 characters)"},
      {"dataSources: {db: {kind: PostgreSQL}}\n",
       "a.yaml:1:26: error: data source kind 'PostgreSQL' must start with a lowercase letter "
       "and use only a-z, 0-9, '_' and '-', at most 64 characters"},
      {"dataSources: {db: {environments: {Prod: {}}, kind: pg}}\n",
       "a.yaml:1:35: error: environment name 'Prod' must start with a lowercase letter and use "
       "only a-z, 0-9 and '-', at most 32 characters"},
      {"constants: {X: {values: {prod_1: 'x'}, type: global}}\n",
       "a.yaml:1:26: error: environment name 'prod_1' must start with a lowercase letter and "
       "use only a-z, 0-9 and '-', at most 32 characters"},
  };
  for (const Case& c : cases) {
    INFO(c.yaml);
    CHECK(Headlines(c.yaml) == Lines{std::string(c.headline) + " [invalid-value]"});
  }
}

TEST_CASE("names: every name ToolJet's database holds passes the schema (issue 22)") {
  // E-mails, group, app, data source and constant names are ToolJet's: the
  // checks warn about those its forms would refuse (checks_test_names.cc).
  for (const char* yaml : {
           "users:\n  bob: {role: admin}\n",
           "groups: {qa: {members: [quinn, 'dana at nexora', \"\\\"q\\\"@x.io\"]}}\n",
           "apps: {p: {owner: 'dana at nexora'}}\n",
           "constants:\n  1_BAD: {type: global}\n  DB HOST: {type: global}\n",
           "apps: {p: {constants: [API-URL]}}\n",
           "groups:\n  '*': {}\n  '*VIP': {}\n  QA (night): {}\n  ' padded ': {}\n",
           "groups: {qa: {apps: [{apps: ['*', '*VIP'], permission: view}]}}\n",
           "apps:\n  \"日本語のアプリケーション名前\": {}\n  \"tab\\there\": {}\n",
           "dataSources: {'#db': {kind: pg}, '- x': {kind: pg}}\n",
           "multiEnvironment: false\n",
       }) {
    INFO(yaml);
    CHECK(Headlines(yaml).empty());
  }
}

TEST_CASE("invalid-value: counts, lengths, repeats and the admin role") {
  CHECK(Headlines("environments: [a, b, c, d, e, f, g, h, i]\n") ==
        Lines{"a.yaml:1:15: error: 'environments' must list at most 8 environments, not 9 "
              "[invalid-value]"});
  CHECK(Headlines("environments: [production]\n") ==
        Lines{"a.yaml:1:15: error: 'environments' must list at least 2 environments, not 1 "
              "[invalid-value]"});
  CHECK(Headlines("workspace: ''\n") ==
        Lines{"a.yaml:1:12: error: 'workspace' must not be empty [invalid-value]"});
  CHECK(Headlines("apps: {p: {versions: [{name: '', environment: dev, status: draft}]}}\n") ==
        Lines{"a.yaml:1:30: error: 'name' in version 1 of app 'p' must not be empty "
              "[invalid-value]"});
  // A repeated environment is a name defined twice: the model stage reports
  // it (duplicate-definition), so the schema does not report it again.
  CHECK(Headlines("environments:\n  - dev\n  - prod\n  - dev\n").empty());
  CHECK(Headlines("roles:\n  admin: {permissions: []}\n  builder: {}\n") ==
        Lines{"a.yaml:2:3: error: the admin role cannot be configured (admins can do "
              "everything); remove 'admin' [invalid-value]"});
}

TEST_CASE("secret values are never quoted in messages") {
  const std::string secret = "s3cr3t-Value";
  Lines lines = Headlines(
      "constants:\n"
      "  DB_PASSWORD:\n"
      "    type: secret\n"
      "    values:\n"
      "      development: [" +
      secret +
      "]\n"
      "      staging: {fromEnv: '" +
      secret +
      " x'}\n"
      "      production: {fromEnv: [" +
      secret +
      "]}\n"
      "dataSources:\n"
      "  db:\n"
      "    environments:\n"
      "      development: {password: [" +
      secret + "], token: {" + secret + "x: 1}}\n"
      "    kind: postgresql\n");
  CHECK(lines ==
        Lines{
            "a.yaml:5:20: error: the value for 'development' of constant 'DB_PASSWORD' must be "
            "a string, number or boolean, or {fromEnv: VARIABLE}, not a list [wrong-type]",
            "a.yaml:6:26: error: 'fromEnv' in the value for 'staging' of constant "
            "'DB_PASSWORD' must be an environment variable name (letters, digits and '_', not "
            "starting with a digit, at most 128 characters) [invalid-value]",
            "a.yaml:7:29: error: 'fromEnv' in the value for 'production' of constant "
            "'DB_PASSWORD' must be a string, not a list [wrong-type]",
        });
  for (const std::string& line : lines) CHECK(line.find(secret) == std::string::npos);
}

TEST_CASE("locations: nested nodes, several documents and files") {
  Validated v = Validate({
      {"a.yaml",
       "version: 1\n---\ngroups:\n  qa:\n    apps:\n      - apps: [payroll]\n"
       "        permission: edit\n        environments:\n          - staging\n"
       "          - Prod\n"},
      {"b/c.yaml", "users:\n  ada@nexora.io:\n    role: admin\n    disabled: yes\n"},
  });
  CHECK(v.headlines ==
        Lines{
            "a.yaml:10:13: error: environment 'Prod' must be an environment name or 'released' "
            "(a lowercase letter, then a-z, 0-9 and '-', at most 32 characters) "
            "[invalid-value]",
            "b/c.yaml:4:15: error: 'disabled' in user 'ada@nexora.io' must be true or false, "
            "not a string [wrong-type]",
        });
  REQUIRE(v.diags.items().size() == 2);
  CHECK(v.diags.items()[0].length == 4);  // underlines 'Prod'
  CHECK(v.diags.items()[1].length == 3);
}

TEST_CASE("one diagnostic per problem: a wrong type hides the value checks of that node") {
  // "1" fails both `type: integer` and `const: 1`; only the type is reported.
  CHECK(Headlines("version: '2'\n").size() == 1);
  // An unknown key in a user with a wrong role: both are reported, once each.
  CHECK(Headlines("users:\n  a@b.io: {role: x, nmae: A}\n") ==
        Lines{"a.yaml:2:18: error: 'x' is not a role; use admin, builder or end-user "
              "[invalid-value]",
              "a.yaml:2:21: error: unknown key 'nmae' in user 'a@b.io' (did you mean 'name'?) "
              "[unknown-key]"});
}

TEST_CASE("big mappings and aliases: locations stay exact") {
  std::string yaml = "dataSources:\n  db:\n    kind: postgresql\n    environments:\n      dev:\n";
  for (int i = 0; i < 30; ++i)
    yaml += "        option" + std::to_string(i) + ": " + std::to_string(i) + "\n";
  yaml += "        broken: null\n";
  yaml += "users:\n";
  for (int i = 0; i < 30; ++i) yaml += "  u" + std::to_string(i) + "@nexora.io: {role: builder}\n";
  yaml += "  u30@nexora.io: {role: bulder}\n";
  CHECK(Headlines(yaml) ==
        Lines{"a.yaml:36:17: error: 'broken' in environment 'dev' of data source 'db' must be a "
              "string, number, boolean, list or mapping, not null [wrong-type]",
              "a.yaml:68:25: error: 'bulder' is not a role; use admin, builder or end-user (did "
              "you mean 'builder'?) [invalid-value]"});
  // An alias is the anchored node itself: each user that shares it is told.
  CHECK(Headlines("users:\n  a@b.io: &u {name: A}\n  c@d.io: *u\n") ==
        Lines{"a.yaml:2:14: error: user 'a@b.io' is missing the required key 'role' "
              "[missing-key]",
              "a.yaml:2:14: error: user 'c@d.io' is missing the required key 'role' "
              "[missing-key]"});
}

// R13: an app's `public` is a boolean; an assertion with `public` needs
// `app` and no `user`, any other assertion still needs `user`.
TEST_CASE("public: a boolean on an app, and in an assertion it needs an app and no user") {
  CHECK(Headlines("apps: {careers: {public: true}, payroll: {public: false}}\n") == Lines{});
  Lines wrong = Headlines("apps: {careers: {public: yes please}}\n");
  REQUIRE(wrong.size() == 1);
  CHECK(wrong[0].rfind("a.yaml:1:26: error:", 0) == 0);
  CHECK(Headlines("assertions:\n  - {app: careers, public: false}\n") == Lines{});
  CHECK(Headlines("assertions:\n  - {public: false}\n") ==
        Lines{"a.yaml:2:5: error: assertion 1 is missing the required key 'app' [missing-key]"});
  CHECK(Headlines("assertions:\n  - {app: payroll}\n") ==
        Lines{"a.yaml:2:5: error: assertion 1 is missing the required key 'user' [missing-key]"});
}

}  // namespace
}  // namespace stagegate
