// The live reader on recorded rows of both layouts (3.x and the 2026
// branch-aware one), without PostgreSQL: each query's result is recorded
// under the query's name (live/queries.cc), the catalogue comes from the
// fixture's own DDL. Every rule of the reading is checked on the model it
// builds and the notes beside it; tests/integration/live_test.sh covers the
// connection, the snapshot and the whole path against a real server.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>
#include <vector>

#include "current/current.h"
#include "live/import.h"
#include "live/read.h"
#include "state/state_json.h"
#include "unit/live_test_support.h"

namespace stagegate::live {
namespace {

using testing::LayoutRows;
using testing::RecordedSession;
using testing::Table;

// tests/live/tooljet_seed.py's fixed key and a value it encrypted for this
// organization id (live_test.cc).
constexpr const char* kKey = "7374616765676174652d746f6f6c6a65742d666978747572652d6b65792d3031";
constexpr const char* kOrg = "0b1c2d3e-0000-4000-8000-000000000001";
constexpr const char* kCipher =
    "IAXvKhxihCtpwsGOG4WrUbcCxK/51++wwrk9aSbAUZ2bjQ5b1/pRz4ztk4+OL4Ua/L3KbmIYShcwVN8=";
constexpr const char* kPlain = "https://hr-api.nexora.io/v2 \xE2\x9C\x93";

// Row ids.
#define ID(n) "00000000-0000-4000-8000-0000000000" #n
constexpr const char* kDev = ID(01);
constexpr const char* kStaging = ID(02);
constexpr const char* kProd = ID(03);
constexpr const char *kAda = ID(11), *kBo = ID(12), *kCy = ID(13), *kDee = ID(14), *kEve = ID(15);
constexpr const char *kAdmin = ID(21), *kBuilder = ID(22), *kEndUser = ID(23), *kDevs = ID(24),
                     *kQa = ID(25);
constexpr const char *kCrm = ID(31), *kFlow = ID(32), *kNameless = ID(33), *kPortal = ID(34);
constexpr const char *kV1 = ID(41), *kV2 = ID(42), *kV3 = ID(43), *kBranch = ID(44),
                     *kV4 = ID(45), *kV5 = ID(46);
constexpr const char *kDb = ID(51), *kHr = ID(52);
constexpr const char *kApiUrl = ID(61), *kDbPassword = ID(62), *kTwinGlobal = ID(63),
                     *kTwinSecret = ID(64), *kEmpty = ID(65);
constexpr const char* t = "t";
constexpr const char* f = "f";
constexpr const char* null = nullptr;

// acme's grants (granular_permissions with apps_group_permissions).
Table AcmeGrants(bool old) {
  auto flag = [&](const char* value) { return old ? null : value; };
  return Table{
      {"id", "group_id", "name", "type", "is_all", "app_permission_id", "app_type", "can_edit",
       "can_view", "hide_from_dashboard", "can_access_development", "can_access_staging",
       "can_access_production", "can_access_released"},
      {{ID(71), kBuilder, "Apps", "app", t, ID(81), "front-end", t, t, f, flag(t), flag(t), flag(t),
        flag(t)},
       {ID(72), kBuilder, "Data sources", "data_source", t, null, null, null, null, null, null,
        null, null, null},
       {ID(73), kEndUser, "Apps", "app", t, ID(83), "front-end", f, t, f, flag(f), flag(f), flag(t),
        flag(t)},
       {ID(74), kDevs, "crm apps", "app", f, ID(84), "front-end", f, t, t, flag(t), flag(t),
        flag(f), flag(f)},
       {ID(75), kDevs, "Workflows", "workflow", t, null, null, null, null, null, null, null, null,
        null},
       {ID(76), kQa, "db", "data_source", f, null, null, null, null, null, null, null, null, null},
       {ID(77), kQa, "nothing", "app", t, ID(87), "front-end", f, f, f, flag(t), flag(t), flag(t),
        flag(t)},
       {ID(78), kAdmin, "Apps", "app", t, ID(88), "front-end", t, t, f, flag(t), flag(t), flag(t),
        flag(t)}}};
}

// The acme workspace as ToolJet's tables hold it, in `layout` ("3x" or
// "2026"); `old` drops the columns that came late (the environment flags,
// the version status, appPromote / appRelease).
RecordedSession Acme(const std::string& layout, bool old = false) {
  RecordedSession s;
  std::set<std::string> dropped;
  if (old) {
    dropped = {"apps_group_permissions.can_access_development",
               "apps_group_permissions.can_access_staging",
               "apps_group_permissions.can_access_production",
               "apps_group_permissions.can_access_released", "app_versions.status",
               "permission_groups.app_promote", "permission_groups.app_release"};
  }
  s.Record("layout", LayoutRows(layout, dropped));
  s.Record("workspaces", {{"id", "name", "slug"},
                          {{kOrg, "acme", "acme-slug"}, {ID(99), "other", null}}});
  s.Record("environments", {{"id", "name", "priority", "enabled"},
                            {{kDev, "development", "1", t},
                             {kStaging, "staging", "2", t},
                             {kProd, "production", "3", f}}});
  s.Record("users", {{"id", "email", "first_name", "last_name", "user_status",
                      "membership_status", "legacy_role"},
                     {{kAda, "ada@acme.io", "Ada", "Lovelace", "active", "active", "admin"},
                      {kBo, "Bo@Acme.io", "Bo", null, "active", "invited", "builder"},
                      {kCy, "cy@acme.io", null, null, "active", "active", "end-user"},
                      {kDee, "dee@acme.io", "Dee", "", "archived", "active", "builder"},
                      {kEve, "eve@acme.io", "", "Eve", "active", "active", null}}});
  // id, name, type, then kPermissionColumns: app_create, app_delete,
  // app_promote, app_release, data_source_create, data_source_delete,
  // folder_crud, folder_create, folder_delete, org_constant_crud,
  // workflow_create, workflow_delete.
  bool split = layout == "2026";
  const char* crud = split ? null : t;
  const char* promote = old ? null : t;
  Table groups{{"id", "name", "type", "app_create", "app_delete", "app_promote", "app_release",
                "data_source_create", "data_source_delete", "folder_crud", "folder_create",
                "folder_delete", "org_constant_crud", "workflow_create", "workflow_delete"},
               {{kAdmin, "admin", "default", t, t, promote, promote, t, t, crud, split ? t : null,
                 split ? t : null, t, t, t},
                {kBuilder, "builder", "default", t, t, promote, promote, f, f, crud,
                 split ? t : null, split ? t : null, f, f, f},
                {kEndUser, "end-user", "default", f, f, old ? null : f, old ? null : f, f, f,
                 split ? null : f, split ? f : null, split ? f : null, f, f, f},
                {kDevs, "devs", "custom", t, f, old ? null : f, old ? null : f, f, f,
                 split ? null : f, split ? t : null, split ? f : null, t, f, f},
                {kQa, "qa", "custom", f, f, old ? null : f, old ? null : f, f, f,
                 split ? null : f, split ? f : null, split ? f : null, f, f, f}}};
  s.Record("groups", groups);
  s.Record("members", {{"group_id", "user_id"},
                       {{kAdmin, kAda},
                        {kBuilder, kBo},
                        {kBuilder, kCy},
                        {kEndUser, kCy},
                        {kDevs, kBo},
                        {kDevs, kCy},
                        {kDevs, kCy},
                        {kQa, kAda},
                        {kDevs, ID(98)}}});  // a user of another workspace
  s.Record("grants", AcmeGrants(old));
  s.Record("grant_apps", {{"app_permission_id", "app_id"}, {{ID(84), kCrm}, {ID(84), kCrm}}});
  s.Record("grant_data_sources", {{"granular_permission_id", "id", "can_use", "can_configure"},
                                  {{ID(72), ID(92), t, f}, {ID(76), ID(96), f, t}}});
  s.Record("grant_data_source_members",
           {{"data_source_permission_id", "data_source_id"}, {{ID(96), kDb}}});
  s.Record("apps", {{"id", "name", "type", "current_version_id", "user_id"},
                    {{kCrm, "crm", "front-end", kV2, kBo},
                     {kFlow, "flow", "workflow", null, kAda},
                     {kNameless, null, "front-end", null, kAda},
                     {kPortal, "portal", "front-end", null, ID(97)}}});
  s.Record("versions", {{"id", "app_id", "name", "environment_id", "status", "version_type"},
                        {{kV1, kCrm, "v1", kDev, old ? null : "DRAFT", "version"},
                         {kV2, kCrm, "v2", kProd, old ? null : "PUBLISHED", "version"},
                         {kV3, kCrm, "v3", kStaging, old ? null : "PUBLISHED", "version"},
                         {kBranch, kCrm, "main", kDev, old ? null : "DRAFT", "branch"},
                         {kV4, kPortal, "1.0", ID(90), old ? null : "DRAFT", "version"},
                         {kV5, kPortal, "1.1", kDev, old ? null : "DRAFT", "version"}}});
  s.Record("data_sources", {{"id", "name", "kind"}, {{kDb, "db", "postgresql"},
                                                     {kHr, "hr-api", "restapi"}}});
  std::vector<std::vector<const char*>> options = {
      {kDb, kDev,
       R"({"host": {"value": "dev.db"}, "port": {"value": 5432}, "ssl": {"value": false},
           "password": {"credential_id": "c1", "encrypted": true,
                        "workspace_constant": "{{secrets.DB_PASSWORD}}"}})"},
      {kDb, kProd,
       R"({"host": {"value": "db"}, "port": 5432, "ssl": true, "ratio": 1.5e20,
           "password": {"credential_id": "c2", "encrypted": true}})"},
      {kHr, kDev,
       R"({"url": {"value": "https://hr"}, "api_key": {"value": "plain-key"},
           "headers": {"value": [["X-Team", "hr"], ["X-API-Key", "k"]]},
           "token_ttl": {"value": 3600}, "empty_token": {"value": ""}, "nothing": null,
           "body": {"value": {"b": [1, 2.5, null, "no"], "a": {}}, "encrypted": false},
           "tokenData": {"encrypted": false},
           "client_secret": {"credential_id": "c3", "encrypted": true,
                             "workspace_constant": "{{constants.API_URL}}"},
           "odd": {"value": {"fromEnv": "X"}}})"},
      {kHr, kProd, R"({"tokenData": {"value": [{"user_id": "u", "access_token": "t"}]}})"},
      {ID(59), kDev, R"({"x": 1})"},  // a data source of another workspace
  };
  if (split) {
    // Another branch's copy comes after the default branch's: not read.
    options.push_back({kDb, kDev, R"({"host": {"value": "OTHER-BRANCH"}})"});
  }
  s.Record("options", {{"data_source_id", "environment_id", "options"}, options});
  s.Record("constants", {{"id", "constant_name", "type", "environment_id", "value"},
                         {{kApiUrl, "API_URL", "Global", kDev, kCipher},
                          {kApiUrl, "API_URL", "Global", kProd, kCipher},
                          {kDbPassword, "DB_PASSWORD", "Secret", kDev, "x"},
                          {kDbPassword, "DB_PASSWORD", "Secret", kProd, "y"},
                          {kTwinGlobal, "TWIN", "Global", kDev, kCipher},
                          {kTwinSecret, "TWIN", "Secret", kDev, "z"},
                          {kEmpty, "EMPTY", "Global", null, null}}});
  // Beside the workspace's own: an app-level data source, ToolJet's sample
  // one (both named in a note) and a built-in static one (not named).
  s.Record("app_data_sources",
           {{"app_id", "data_source_id", "data_source_name", "data_source_kind", "scope", "type"},
            {{kCrm, kDb, "db", "postgresql", "global", "default"},
             {kCrm, kDb, "db", "postgresql", "global", "default"},
             {kPortal, kHr, "hr-api", "restapi", "global", "default"},
             {kPortal, ID(53), "legacy-db", "postgresql", "local", "default"},
             {kPortal, ID(54), "Sample data source", "postgresql", "global", "sample"},
             {kCrm, ID(55), "runjsdefault", "runjs", "global", "static"}}});
  s.Record("app_constant_refs",
           {{"app_id", "query_id", "options"},
            {{kCrm, ID(61), R"({"url": "{{ constants.API_URL }}/x", "b": "{{constants.TWIN}}",
                         "c": "{{constants.API_URL.x}}", "d": "{{constants.DB_PASSWORD}}"})"},
             {kPortal, ID(62), R"({"url": "{{constants.EMPTY"})"}}});
  return s;
}

struct Read {
  bool ok = false;
  LiveWorkspace live;
  ReadSummary summary;
  Diagnostics diags;
};

Read ReadAcme(RecordedSession& session, bool with_key = false) {
  ReadRequest request;
  request.url = "postgresql://ro@/tooljet";
  request.workspace = "acme-slug";
  if (with_key) request.master_key = kKey;
  Read read;
  read.ok = ReadWorkspaceFrom(session, request, &read.live, &read.summary, read.diags);
  return read;
}

// The files an import writes from `live`, loaded through the pipeline.
CheckedConfig LoadWritten(const LiveWorkspace& live) {
  Imported imported;
  imported.workspace = live.model.name.name;
  imported.config = WriteConfiguration(live.model, live.notes);
  return LoadImported(imported, "x/", PipelineOptions{});
}

// "group 'qa': ... @ permission_groups/<id>" for each note.
std::vector<std::string> NoteLines(const LiveWorkspace& live) {
  std::vector<std::string> lines;
  for (const EntityNote* n : NotesInFileOrder(live.notes)) {
    lines.push_back(NoteMessage(*n) + " @ " + OriginPath("", n->origin).substr(9));
  }
  return lines;
}

bool HasNote(const LiveWorkspace& live, const std::string& part) {
  for (const std::string& line : NoteLines(live)) {
    if (line.find(part) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("live read: the 3.x layout gives the model, every rule applied") {
  RecordedSession session = Acme("3x");
  Read r = ReadAcme(session);
  for (const Diagnostic& d : r.diags.items()) INFO(d.message);
  REQUIRE(r.ok);
  const Workspace& ws = r.live.model;
  CHECK(r.summary.layout == "ToolJet 3.x");
  CHECK(r.summary.slug == "acme-slug");
  CHECK(r.summary.user == "stagegate_ro");
  CHECK(ws.name.name == "acme");
  CHECK(NamesOf(ws.environments) == std::vector<std::string>{"development", "staging", "production"});
  // Every query but the catalogue's is filtered to the workspace.
  CHECK(session.params("users") == std::vector<std::string>{kOrg});
  CHECK(session.params("workspaces").empty());

  SECTION("users: lower-cased e-mails, names, the strongest role group, archived") {
    REQUIRE(ws.users.size() == 5);
    CHECK(ws.users[0].email == "ada@acme.io");
    CHECK(ws.users[0].name == "Ada Lovelace");
    CHECK(ws.users[0].role == UserRole::kAdmin);
    CHECK(ws.users[1].email == "bo@acme.io");
    CHECK(ws.users[1].name == "Bo");
    CHECK(ws.users[1].role == UserRole::kBuilder);
    CHECK(ws.users[2].role == UserRole::kBuilder);  // builder beats end-user
    CHECK(ws.users[3].disabled);
    CHECK(ws.users[3].name == "Dee");
    CHECK(ws.users[3].role == UserRole::kBuilder);  // organization_users.role
    CHECK(ws.users[4].name == "Eve");
    CHECK(ws.users[4].role == UserRole::kEndUser);
    CHECK(ws.FindUser("BO@acme.io") == &ws.users[1]);  // finished: indexed
  }
  SECTION("roles: a group equal to the built-in default is the default") {
    CHECK_FALSE(ws.builder.configured);
    CHECK(HasBuiltInGrants(ws.builder));
    REQUIRE(ws.end_user.configured);
    REQUIRE(ws.end_user.apps.size() == 1);
    CHECK(ws.end_user.apps[0].all_apps);
    CHECK(ws.end_user.apps[0].level == AppLevel::kView);
    CHECK(NamesOf(*ws.end_user.apps[0].environments) ==
          std::vector<std::string>{"production", "released"});
  }
  SECTION("groups: members, permissions and grants, admin's ignored") {
    REQUIRE(ws.groups.size() == 2);
    const Group& devs = ws.groups[0];
    CHECK(devs.name == "devs");
    CHECK(NamesOf(devs.members) == std::vector<std::string>{"bo@acme.io", "cy@acme.io"});
    REQUIRE(devs.permissions.size() == 2);
    CHECK(devs.permissions[0].permission == WorkspacePermission::kAppCreate);
    CHECK(devs.permissions[1].permission == WorkspacePermission::kOrgConstantCrud);
    REQUIRE(devs.apps.size() == 1);
    CHECK(NamesOf(devs.apps[0].apps) == std::vector<std::string>{"crm"});
    CHECK(devs.apps[0].level == AppLevel::kView);
    CHECK(devs.apps[0].hide_from_dashboard);
    CHECK(NamesOf(*devs.apps[0].environments) ==
          std::vector<std::string>{"development", "staging"});
    const Group& qa = ws.groups[1];
    CHECK(NamesOf(qa.members) == std::vector<std::string>{"ada@acme.io"});
    CHECK(qa.apps.empty());
    REQUIRE(qa.data_sources.size() == 1);
    CHECK(NamesOf(qa.data_sources[0].data_sources) == std::vector<std::string>{"db"});
    CHECK(qa.data_sources[0].level == DataSourceLevel::kConfigure);
  }
  SECTION("apps: owner, versions and their status, what their queries use") {
    REQUIRE(ws.apps.size() == 2);
    const App& crm = ws.apps[0];
    CHECK(crm.owner->name == "bo@acme.io");
    CHECK(NamesOf(crm.data_sources) == std::vector<std::string>{"db"});
    // FindTemplates' rules: spaces inside the braces count, `API_URL.x` and
    // an unclosed `{{constants.EMPTY` do not, nor anything but a global (the
    // global TWIN, not the secret of its name).
    CHECK(NamesOf(crm.constants) == std::vector<std::string>{"API_URL", "TWIN"});
    REQUIRE(crm.versions.size() == 3);  // the branch head is not a version
    CHECK(crm.versions[0].status == VersionStatus::kDraft);
    CHECK(crm.versions[1].status == VersionStatus::kReleased);
    CHECK(crm.versions[1].environment.name == "production");
    CHECK(crm.versions[2].status == VersionStatus::kPublished);
    const App& portal = ws.apps[1];
    CHECK_FALSE(portal.owner);
    CHECK(portal.constants.empty());
    REQUIRE(portal.versions.size() == 1);
    CHECK(portal.versions[0].name.name == "1.1");
  }
  SECTION("data sources: options by kind, credentials never as values") {
    REQUIRE(ws.data_sources.size() == 2);
    const DataSource& db = ws.data_sources[0];
    const DataSourceEnvironment* dev = db.FindEnvironment("development");
    REQUIRE(dev != nullptr);
    REQUIRE(dev->options.size() == 4);  // sorted by key
    CHECK(dev->options[0].key.name == "host");
    CHECK(dev->options[1].key.name == "password");
    CHECK(dev->options[1].value == "{{secrets.DB_PASSWORD}}");
    CHECK(dev->options[1].credential);
    CHECK(dev->options[2].kind == NodeKind::kInt);
    CHECK(dev->options[3].kind == NodeKind::kBool);
    CHECK(dev->options[3].value == "false");
    const DataSourceEnvironment* prod = db.FindEnvironment("production");
    REQUIRE(prod != nullptr);
    // An encrypted option without a reference: a reference of the option
    // itself, no made-up constant.
    CHECK(prod->options[1].key.name == "password");
    CHECK(prod->options[1].value.empty());
    CHECK(prod->options[1].kind == NodeKind::kMapping);
    CHECK(prod->options[1].from_env == "TOOLJET_DATASOURCE_DB_PRODUCTION_PASSWORD");
    CHECK(prod->options[3].key.name == "ratio");
    CHECK(prod->options[3].kind == NodeKind::kFloat);
    const DataSourceEnvironment* hr = ws.data_sources[1].FindEnvironment("development");
    REQUIRE(hr != nullptr);
    std::vector<std::string> keys, values, withheld;
    for (const DataSourceOption& o : hr->options) {
      keys.push_back(o.key.name);
      values.push_back(o.value);
      if (o.withheld) withheld.push_back(o.key.name);
    }
    // Options ToolJet keeps in clear are read as it holds them, lists and
    // objects too; a credential-like one is withheld (never compared or
    // shown) but keeps its text for `import`; an encrypted one with a
    // reference is that reference. tokenData (runtime state) and an object
    // that reads as {fromEnv} are left out with a note.
    CHECK(keys == std::vector<std::string>{"api_key", "body", "client_secret", "empty_token",
                                           "headers", "token_ttl", "url"});
    CHECK(values == std::vector<std::string>{"plain-key", "", "{{constants.API_URL}}", "", "",
                                             "3600", "https://hr"});
    CHECK(withheld == std::vector<std::string>{"api_key", "token_ttl"});
    const DataSourceOption& headers = hr->options[4];
    CHECK(headers.kind == NodeKind::kSequence);
    CHECK(headers.size == 2);
    REQUIRE(headers.items.size() == 6);
    CHECK(headers.items[2].text == "hr");
    CHECK_FALSE(headers.items[2].withheld);
    CHECK(headers.items[5].text == "k");  // kept for import, but withheld
    CHECK(headers.items[5].withheld);
    CHECK(OptionJson<nlohmann::json>(hr->options[1]).dump() ==
          R"({"a":{},"b":[1,2.5,null,"no"]})");
  }
  SECTION("constants: placeholders without the key, secrets by variable, made-up secrets") {
    std::vector<std::string> names;
    for (const Constant& c : ws.constants) names.push_back(c.name);
    CHECK(names == std::vector<std::string>{"API_URL", "DB_PASSWORD", "EMPTY", "TWIN", "TWIN"});
    const Constant* api = ws.FindConstant("API_URL");
    REQUIRE(api->values.size() == 2);
    CHECK(api->values[0].environment.name == "development");
    CHECK(api->values[0].from_env == "TOOLJET_CONSTANT_API_URL_DEVELOPMENT");
    CHECK(ws.FindConstant("DB_PASSWORD")->values[1].from_env ==
          "TOOLJET_SECRET_DB_PASSWORD_PRODUCTION");
    // A global and a secret of one name: both, the global first.
    CHECK(ws.FindConstant("TWIN")->type == ConstantType::kGlobal);
    REQUIRE(ws.FindConstant("TWIN", ConstantType::kSecret) != nullptr);
    CHECK(ws.FindConstant("TWIN", ConstantType::kSecret)->values.at(0).from_env ==
          "TOOLJET_SECRET_TWIN_DEVELOPMENT");
    CHECK(ws.FindConstant("EMPTY")->values.empty());
  }
  SECTION("notes: what could not be carried over, each at its row, in file order") {
    CHECK(NoteLines(r.live) == std::vector<std::string>{
        "the environment 'production' is disabled in ToolJet; stagegate has no disabled "
        "environments and imports it like the others @ app_environments/" + std::string(kProd),
        "the app with id " + std::string(kNameless) + " has no name; it is left out @ apps/" +
            kNameless,
        "1 app of type 'workflow' is left out: stagegate's format has front-end apps only @ apps",
        "user 'bo@acme.io': invited, not yet active in ToolJet (stagegate has no invited users; "
        "imported as an enabled user) @ users/" + std::string(kBo),
        "user 'cy@acme.io': in several role groups (builder and end-user); imported with the "
        "strongest, builder @ users/" + std::string(kCy),
        "user 'dee@acme.io': in no role group; imported with the role 'builder' of "
        "organization_users.role @ users/" + std::string(kDee),
        "user 'eve@acme.io': in no role group and without a known role; imported as an "
        "end-user: set the role ToolJet should give @ users/" + std::string(kEve),
        "group 'devs': its workflow permission 'Workflows' is left out: stagegate's format has "
        "app and data source permissions only @ granular_permissions/" + std::string(ID(75)),
        "group 'qa': its permission 'nothing' neither views nor edits; it grants nothing and is "
        "left out @ granular_permissions/" + std::string(ID(77)),
        "data source 'hr-api': its option 'odd' in development is a JSON object whose only "
        "key is 'fromEnv', which the format reads as an environment variable; it is left out "
        "@ data_sources/" + std::string(kHr),
        "data source 'hr-api': its option 'tokenData' in production holds the OAuth tokens "
        "ToolJet obtained for its users, not configuration; it is left out @ data_sources/" +
            std::string(kHr),
        "constant 'API_URL': its values are encrypted in ToolJet's database and "
        "LOCKBOX_MASTER_KEY is not set: each value is a {fromEnv: ...} placeholder; write in "
        "the values ToolJet shows (Workspace constants), or import again with "
        "LOCKBOX_MASTER_KEY set @ organization_constants/" + std::string(kApiUrl),
        "constant 'TWIN': its values are encrypted in ToolJet's database and "
        "LOCKBOX_MASTER_KEY is not set: each value is a {fromEnv: ...} placeholder; write in "
        "the values ToolJet shows (Workspace constants), or import again with "
        "LOCKBOX_MASTER_KEY set @ organization_constants/" + std::string(kTwinGlobal),
        "app 'crm': its queries use '{{constants.DB_PASSWORD}}', and the workspace has no "
        "global constant 'DB_PASSWORD': ToolJet renders it as empty text, so it is not listed "
        "in 'constants'; 'DB_PASSWORD' is a secret, which a query names as "
        "'{{secrets.DB_PASSWORD}}' @ data_queries/" + std::string(ID(61)),
        "app 'portal': its creator is no longer a user of this workspace, so it is imported "
        "without an owner @ apps/" + std::string(kPortal),
        "app 'portal': its version '1.0' is in no environment; it is left out @ app_versions/" +
            std::string(kV4),
        "app 'portal': its queries use the data source 'Sample data source' (postgresql; "
        "ToolJet's sample data source, which ToolJet configures and every user may use): the "
        "format has the workspace's own data sources only, so it is not listed in "
        "'dataSources' @ data_sources/" + std::string(ID(54)),
        "app 'portal': its queries use the data source 'legacy-db' (postgresql; an app-level "
        "data source (ToolJet's legacy data_sources.scope 'local'), kept with a version of the "
        "app): the format has the workspace's own data sources only, so it is not listed in "
        "'dataSources' @ data_sources/" + std::string(ID(53)),
    });
  }
}

TEST_CASE("live read: the model read directly is the one the written files load to") {
  for (const char* layout : {"3x", "2026"}) {
    INFO(layout);
    RecordedSession session = Acme(layout);
    Read r = ReadAcme(session, /*with_key=*/true);
    REQUIRE(r.ok);
    std::string direct = StateToJson(AccessMatrix::Compile(r.live.model));
    CheckedConfig loaded = LoadWritten(r.live);
    // acme breaks rules of the format (a data source not configured in
    // every environment): the files still load to the same model.
    REQUIRE(loaded.workspace);
    CHECK(StateToJson(AccessMatrix::Compile(*loaded.workspace)) == direct);
    // Decrypted with the key, exactly.
    const Constant* api = r.live.model.FindConstant("API_URL");
    REQUIRE(api != nullptr);
    REQUIRE(api->values.size() == 2);
    for (const ConstantValue& v : api->values) {
      CHECK(v.text == kPlain);
      CHECK(v.from_env.empty());
    }
  }
}

TEST_CASE("live read: the 2026 layout reads its own tables and columns") {
  RecordedSession session = Acme("2026");
  Read r = ReadAcme(session);
  REQUIRE(r.ok);
  CHECK(r.summary.layout == "ToolJet 2026 (branch-aware)");
  // The layout-dependent parts of the queries.
  CHECK(session.sql("options").find("FROM data_source_version_options") != std::string::npos);
  CHECK(session.sql("options").find("ORDER BY dsv.branch_id IS NOT NULL") != std::string::npos);
  CHECK(session.sql("apps").find("COALESCE(a.name, (SELECT v.app_name") != std::string::npos);
  CHECK(session.sql("data_sources").find("AND NOT is_dummy") != std::string::npos);
  CHECK(session.sql("groups").find("NULL AS folder_crud") != std::string::npos);
  CHECK(session.sql("groups").find("pg.folder_create AS folder_create") != std::string::npos);
  const Workspace& ws = r.live.model;
  // folder_create and folder_delete both: folderCRUD (the builder's, the
  // default); only one of them: left out, with a note.
  CHECK_FALSE(ws.builder.configured);
  const Group* devs = ws.FindGroup("devs");
  REQUIRE(devs != nullptr);
  for (const PermissionRef& p : devs->permissions) {
    CHECK(p.permission != WorkspacePermission::kFolderCrud);
  }
  CHECK(HasNote(r.live, "group 'devs': ToolJet grants folder create but not folder delete; "
                        "stagegate's folderCRUD is both, so it is left out @ "
                        "permission_groups/" + std::string(kDevs)));
  // The default branch's options come first; another branch's are not read.
  CHECK(ws.FindDataSource("db")->FindEnvironment("development")->options[0].value == "dev.db");

  RecordedSession old = Acme("3x");
  REQUIRE(ReadAcme(old).ok);
  CHECK(old.sql("options").find("FROM data_source_options o") != std::string::npos);
  CHECK(old.sql("apps").find("COALESCE") == std::string::npos);
  CHECK(old.sql("groups").find("pg.folder_crud AS folder_crud") != std::string::npos);
}

TEST_CASE("live read: a layout without the later columns degrades, with notes") {
  RecordedSession session = Acme("3x", /*old=*/true);
  Read r = ReadAcme(session);
  REQUIRE(r.ok);
  CHECK(session.sql("grants").find("NULL AS can_access_development") != std::string::npos);
  CHECK(session.sql("versions").find("NULL AS status") != std::string::npos);
  const Workspace& ws = r.live.model;
  // No flags: every grant covers every column.
  CHECK_FALSE(ws.FindGroup("devs")->apps[0].environments);
  CHECK(HasBuiltInGrants(ws.end_user) == false);  // all apps, view, everywhere
  // No status: the first environment's versions are drafts, the released one
  // is apps.current_version_id, the rest published.
  const App* crm = ws.FindApp("crm");
  CHECK(crm->versions[0].status == VersionStatus::kDraft);
  CHECK(crm->versions[1].status == VersionStatus::kReleased);
  CHECK(crm->versions[2].status == VersionStatus::kPublished);
  CHECK(HasNote(r.live, "this ToolJet keeps no version status (it came in September 2025)"));
  CHECK(HasNote(r.live, "this ToolJet has no appPromote and appRelease permissions (they came "
                        "with 3.16); no group is imported with them @ permission_groups"));
}

TEST_CASE("live read: a missing role group is a role that grants nothing") {
  RecordedSession session = Acme("3x");
  session.Record("groups", {{"id", "name", "type"}, {{kBuilder, "builder", "default"}}});
  Read r = ReadAcme(session);
  REQUIRE(r.ok);
  const Role& end_user = r.live.model.end_user;
  CHECK(end_user.configured);
  CHECK(end_user.role == UserRole::kEndUser);
  CHECK(end_user.apps.empty());
  CHECK(end_user.permissions.empty());
  CHECK(HasNote(r.live, "the end-user role: the workspace has no 'end-user' role group in "
                        "ToolJet, so the role grants nothing; imported as a role without "
                        "permissions or grants @ permission_groups"));
  // Its grants are written, empty, so the built-in default does not apply.
  std::string roles = WriteConfiguration(r.live.model, r.live.notes).files[2].text;
  CHECK(roles.find("\n  # stagegate import: the workspace has no 'end-user' role group in "
                   "ToolJet, so the role grants nothing; imported as a role without permissions "
                   "or grants\n  end-user:\n    permissions: []\n    apps: []\n"
                   "    dataSources: []\n") != std::string::npos);
}

TEST_CASE("live read: two users whose e-mails differ in case are one, with a note") {
  RecordedSession session = Acme("3x");
  session.Record("users", {{"id", "email", "first_name", "last_name", "user_status",
                            "membership_status", "legacy_role"},
                           {{kAda, "ada@acme.io", "Ada", null, "active", "active", "admin"},
                            {kBo, "ADA@acme.io", "Other", null, "active", "active", "admin"}}});
  Read r = ReadAcme(session);
  REQUIRE(r.ok);
  REQUIRE(r.live.model.users.size() == 1);
  CHECK(r.live.model.users[0].name == "Ada");  // the first row is kept
  CHECK(HasNote(r.live, "two users have the e-mail address 'ada@acme.io' apart from upper and "
                        "lower case; the second is left out @ users"));
}

TEST_CASE("live read: errors stop the read with their code and say where") {
  SECTION("a key that does not decrypt names the constant's row") {
    RecordedSession session = Acme("3x");
    ReadRequest request;
    request.url = "postgresql://ro@/tooljet";
    request.workspace = "acme";
    request.master_key = std::string(64, '0');
    LiveWorkspace live;
    ReadSummary summary;
    Diagnostics diags;
    CHECK_FALSE(ReadWorkspaceFrom(session, request, &live, &summary, diags));
    REQUIRE(diags.items().size() == 1);
    const Diagnostic& d = diags.items()[0];
    CHECK(d.code == Code::kLockboxKey);
    CHECK(d.message.rfind("LOCKBOX_MASTER_KEY does not decrypt the value of the constant "
                          "'API_URL' in development",
                          0) == 0);
    REQUIRE(d.location.file != kNoFile);
    CHECK(live.sources.file(d.location.file).path() ==
          "tooljet:acme/organization_constants/" + std::string(kApiUrl));
  }
  SECTION("a table the role may not read") {
    RecordedSession session = Acme("3x");
    session.Fail("members", PgFailure::kPermission, "permission denied for table group_users");
    Read r = ReadAcme(session);
    CHECK_FALSE(r.ok);
    REQUIRE(r.diags.items().size() == 1);
    CHECK(r.diags.items()[0].code == Code::kDatabasePermission);
    CHECK(r.diags.items()[0].message ==
          "the role 'stagegate_ro' may not read the group members (table group_users) "
          "(permission denied for table group_users); grant it SELECT on ToolJet's tables "
          "(docs/import.md shows the read-only role to create)");
    CHECK_FALSE(r.diags.items()[0].location.file != kNoFile);
  }
  SECTION("a column the layout lacks") {
    RecordedSession session = Acme("3x");
    session.Record("layout", LayoutRows("3x", {"granular_permissions.is_all"}));
    Read r = ReadAcme(session);
    CHECK_FALSE(r.ok);
    REQUIRE(r.diags.items().size() == 1);
    CHECK(r.diags.items()[0].code == Code::kUnknownToolJetLayout);
    CHECK(r.diags.items()[0].message.find("has no column 'is_all'") != std::string::npos);
    CHECK(session.asked() == std::vector<std::string>{"layout"});  // nothing else was read
  }
  SECTION("several workspaces and none named") {
    RecordedSession session = Acme("3x");
    ReadRequest request;
    request.url = "postgresql://ro:pw@/tooljet";
    LiveWorkspace live;
    ReadSummary summary;
    Diagnostics diags;
    CHECK_FALSE(ReadWorkspaceFrom(session, request, &live, &summary, diags));
    REQUIRE(diags.items().size() == 1);
    CHECK(diags.items()[0].code == Code::kAmbiguousWorkspace);
    CHECK(diags.items()[0].message ==
          "the ToolJet database 'postgresql://ro:***@/tooljet' has 2 workspaces ('acme' and "
          "'other'); choose one with --workspace NAME");
  }
}

TEST_CASE("live read: the workspace named is the one read, whatever the row order") {
  const char* null = nullptr;  // a NULL slug
  using Rows = std::vector<std::vector<const char*>>;
  auto read = [&](const Rows& workspaces, const std::string& wanted) {
    RecordedSession session = Acme("3x");
    session.Record("workspaces", {{"id", "name", "slug"}, workspaces});
    ReadRequest request;
    request.url = "postgresql://ro@/tooljet";
    request.workspace = wanted;
    Read r;
    r.ok = ReadWorkspaceFrom(session, request, &r.live, &r.summary, r.diags);
    std::vector<std::string> asked = session.params("environments");
    return std::make_pair(std::move(r), asked);
  };
  // acme's slug is "acme-slug"; the other workspace's slug is "acme".
  const Rows one = {{kOrg, "acme", "acme-slug"}, {ID(99), "other", "acme"}};
  const Rows reversed = {{ID(99), "other", "acme"}, {kOrg, "acme", "acme-slug"}};
  SECTION("an exact name wins over another workspace's slug") {
    for (const Rows& rows : {one, reversed}) {
      auto [r, asked] = read(rows, "acme");
      REQUIRE(r.ok);
      CHECK(r.live.model.name.name == "acme");
      CHECK(asked == std::vector<std::string>{kOrg});
    }
  }
  SECTION("a slug counts when no name matches") {
    for (const Rows& rows : {one, reversed}) {
      auto [r, asked] = read(rows, "acme-slug");
      REQUIRE(r.ok);
      CHECK(r.live.model.name.name == "acme");
      CHECK(asked == std::vector<std::string>{kOrg});
    }
  }
  SECTION("a name given twice is refused, naming the candidates") {
    auto [r, asked] = read({{kOrg, "acme", "a1"}, {ID(99), "acme", "a2"}}, "acme");
    CHECK_FALSE(r.ok);
    CHECK(asked.empty());  // nothing of either was read
    REQUIRE(r.diags.items().size() == 1);
    CHECK(r.diags.items()[0].code == Code::kAmbiguousWorkspace);
    CHECK(r.diags.items()[0].message ==
          "the ToolJet database 'postgresql://ro@/tooljet' has 2 workspaces named 'acme': "
          "'acme' (slug 'a1', id " + std::string(kOrg) + ") and 'acme' (slug 'a2', id " +
              ID(99) + "); stagegate cannot tell which is meant, so it reads none (give each a "
              "name of its own in ToolJet)");
  }
  SECTION("neither a name nor a slug") {
    auto [r, asked] = read({{kOrg, "acme", null}, {ID(99), "other", "acme-2"}}, "acme-slug");
    CHECK_FALSE(r.ok);
    REQUIRE(r.diags.items().size() == 1);
    CHECK(r.diags.items()[0].code == Code::kUnknownWorkspace);
    CHECK(r.diags.items()[0].message ==
          "the ToolJet database 'postgresql://ro@/tooljet' has no workspace named 'acme-slug'; "
          "its workspaces are: 'acme' and 'other'");
  }
}

TEST_CASE("live read: --current reports the notes at their rows, each row once") {
  RecordedSession session = Acme("3x");
  Read r = ReadAcme(session);
  REQUIRE(r.ok);
  SourceSet sources;
  Diagnostics diags;
  AddRowNoteDiagnostics(r.live.notes, "acme", &sources, diags);
  REQUIRE(diags.items().size() == r.live.notes.size());
  const Diagnostic& first = diags.items()[0];
  CHECK(first.severity == Severity::kWarning);
  CHECK(sources.file(first.location.file).path() ==
        "tooljet:acme/app_environments/" + std::string(kProd));
  CHECK_FALSE(first.location.valid());  // a row has no line
  // hr-api's two notes share its row's entry.
  std::set<uint32_t> files;
  for (const Diagnostic& d : diags.items()) files.insert(d.location.file);
  CHECK(files.size() == sources.size());
  CHECK(sources.size() < diags.items().size());
}


// Issue 22: a workspace without the multi-environment licence. ToolJet with
// the licence releases only from the environment marked default; a release
// anywhere else was made without it.
TEST_CASE("live read: a release outside the release environment means multiEnvironment false") {
  RecordedSession session = Acme("3x");
  // crm points at v1, which is in development.
  session.Record("apps", {{"id", "name", "type", "current_version_id", "user_id"},
                          {{kCrm, "crm", "front-end", kV1, kBo}}});
  Read r = ReadAcme(session);
  REQUIRE(r.ok);
  const Workspace& ws = r.live.model;
  CHECK_FALSE(ws.multi_environment);
  CHECK(session.sql("environments").find("app_environments.\"default\" AS is_default") !=
        std::string::npos);
  WrittenConfiguration written = WriteConfiguration(ws, r.live.notes);
  const std::string& workspace_yaml = written.files.at(0).text;
  CHECK(workspace_yaml.find(
            "\n# A version is released outside production, which ToolJet allows only without "
            "its multi-environment\n# licence: it then edits every version in development and "
            "releases it from there (format.md).\nmultiEnvironment: false\n") !=
        std::string::npos);
  Imported imported;
  imported.workspace = ws.name.name;
  imported.config = written;
  CheckedConfig loaded = LoadImported(imported, "x/", PipelineOptions{});
  REQUIRE(loaded.workspace);
  CHECK_FALSE(loaded.workspace->multi_environment);
  for (const Diagnostic& d : loaded.diags.items()) {
    INFO(d.message);
    CHECK(d.code != Code::kReleaseOutsideLastEnvironment);
    CHECK(d.code != Code::kDraftOutsideFirstEnvironment);
  }
}

TEST_CASE("live read: the release environment is the one marked default") {
  RecordedSession session = Acme("3x");
  // Released in production, marked default: the licence may be there.
  session.Record("environments", {{"id", "name", "priority", "enabled", "is_default"},
                                  {{kDev, "development", "1", t, f},
                                   {kStaging, "staging", "2", t, f},
                                   {kProd, "production", "3", t, t}}});
  Read marked = ReadAcme(session);
  REQUIRE(marked.ok);
  CHECK(marked.live.model.multi_environment);
  CHECK_FALSE(HasNote(marked.live, "marked default"));

  // Staging marked default (no public ToolJet makes this): noted; the
  // release in production was not made from it.
  session.Record("environments", {{"id", "name", "priority", "enabled", "is_default"},
                                  {{kDev, "development", "1", t, f},
                                   {kStaging, "staging", "2", t, t},
                                   {kProd, "production", "3", t, f}}});
  Read odd = ReadAcme(session);
  REQUIRE(odd.ok);
  CHECK_FALSE(odd.live.model.multi_environment);
  CHECK(HasNote(odd.live,
                "ToolJet releases from the environment 'staging' (marked default), not from the "
                "last by priority, 'production', as stagegate does: check reports a version "
                "released in 'staging' (release-outside-last-environment) @ app_environments/" +
                    std::string(kStaging)));
}

TEST_CASE("live read: --current takes multiEnvironment from the configuration") {
  Workspace live;
  live.multi_environment = false;
  Workspace desired;
  AdoptSettings(&live, desired);
  CHECK(live.multi_environment);
  desired.multi_environment = false;
  live.multi_environment = true;
  AdoptSettings(&live, desired);
  CHECK_FALSE(live.multi_environment);
}

}  // namespace stagegate::live

namespace stagegate::live {
namespace {

// R13: the apps of Acme, crm and portal public as `layout` stores it.
void RecordPublicApps(RecordedSession* s) {
  s->Record("apps", {{"id", "name", "type", "current_version_id", "user_id", "is_public"},
                     {{kCrm, "crm", "front-end", kV2, kBo, t},
                      {kPortal, "portal", "front-end", null, ID(97), null}}});
}

TEST_CASE("live read: public apps, from apps.is_public (3.x) or the version rows (2026)") {
  for (std::string layout : {"3x", "2026"}) {
    CAPTURE(layout);
    RecordedSession session = Acme(layout);
    RecordPublicApps(&session);
    Read r = ReadAcme(session);
    REQUIRE(r.ok);
    CHECK(r.live.model.FindApp("crm")->is_public);
    CHECK_FALSE(r.live.model.FindApp("portal")->is_public);  // NULL: private, as ToolJet reads it
    const std::string sql = session.sql("apps");
    if (layout == "3x") {
      CHECK(sql.find("a.is_public AS is_public") != std::string::npos);
    } else {
      // Any version row that is not a git branch head; no row: apps.is_public.
      CHECK(sql.find("COALESCE((SELECT bool_or(v.is_public IS TRUE) FROM app_versions v WHERE "
                     "v.app_id = a.id AND v.version_type::text <> 'branch'), a.is_public) AS "
                     "is_public") != std::string::npos);
    }
    // Written as `public: true` under the app, and read back.
    std::string apps = WriteConfiguration(r.live.model, r.live.notes).files.back().text;
    CHECK(apps.find("  crm:\n    owner: bo@acme.io\n    # Public in ToolJet: anyone with its link "
                    "opens the released app without signing in.\n    public: true\n") !=
          std::string::npos);
    CHECK(apps.find("  portal:\n    dataSources") != std::string::npos);
  }
}

TEST_CASE("live read: a layout without a public flag reads every app as not public") {
  RecordedSession session = Acme("3x");
  session.Record("layout", testing::LayoutRows("3x", {"apps.is_public"}));
  RecordPublicApps(&session);
  Read r = ReadAcme(session);
  REQUIRE(r.ok);
  CHECK(session.sql("apps").find("false AS is_public") != std::string::npos);
}

// The 2026 layout's folder permissions on acme: folders finance (crm and
// portal), flows (a workflow folder holding the workflow app) and empty.
void RecordFolders(RecordedSession* s) {
  constexpr const char *kFinance = ID(a1), *kFlows = ID(a2), *kEmptyFolder = ID(a3);
  s->Record("folders", {{"id", "name", "type", "app_id", "created_by"},
                        {{kFinance, "finance", "front-end", kCrm, kBo},
                         {kFinance, "finance", "front-end", kPortal, kBo},
                         {kFlows, "flows", "workflow", kFlow, kBo},
                         {kEmptyFolder, "empty", "front-end", null, kBo},
                         {ID(a4), "admins", "front-end", kCrm, kAda}}});
  s->Record("folder_grants",
            {{"granular_permission_id", "can_edit_folder", "can_edit_apps", "can_view_apps",
              "folder_id"},
             {{ID(b1), f, f, t, kFinance},
              {ID(b2), t, f, f, null},
              {ID(b3), f, t, null, kEmptyFolder},
              {ID(b4), f, f, f, kFinance},
              {ID(b5), f, f, t, null},
              {ID(b6), t, f, f, null},
              {ID(b7), f, t, f, kFinance},
              {ID(b7), f, t, f, kEmptyFolder}}});
  Table grants = AcmeGrants(/*old=*/false);
  auto folder = [&](const char* id, const char* group, const char* name, const char* is_all) {
    grants.rows.push_back({id, group, name, "folder", is_all, null, null, null, null, null,
                           null, null, null, null});
  };
  // The builder's and admin's (B2, B6) as ToolJet's migration seeds them.
  folder(ID(b1), kDevs, "Finance folder", f);
  folder(ID(b2), kBuilder, "Folders", t);
  folder(ID(b3), kQa, "Empty folder", f);
  folder(ID(b4), kQa, "Nothing", f);
  folder(ID(b5), kEndUser, "Folders", t);
  folder(ID(b6), kAdmin, "Folders", t);
  folder(ID(b7), kQa, "Two folders", f);
  folder(ID(b8), kQa, "No flags row", t);
  s->Record("grants", grants);
}

TEST_CASE("live read: folder permissions (2026) become app grants on the folders' apps") {
  RecordedSession session = Acme("2026");
  RecordFolders(&session);
  Read r = ReadAcme(session);
  for (const Diagnostic& d : r.diags.items()) INFO(d.message);
  REQUIRE(r.ok);
  CHECK(session.params("folders") == std::vector<std::string>{kOrg});
  CHECK(session.params("folder_grants") == std::vector<std::string>{kOrg});
  const Workspace& ws = r.live.model;
  std::string at = " @ granular_permissions/";
  std::string tail =
      "; stagegate's format has no folders: an app moved into the folder later gets this "
      "access in ToolJet, and plan --current then shows it as a change";

  SECTION("view on one folder: a view grant on its apps, every environment") {
    const Group* devs = ws.FindGroup("devs");
    REQUIRE(devs != nullptr);
    REQUIRE(devs->apps.size() == 2);  // its own on crm (development, staging), the folder's
    const AppGrant& folder = devs->apps[1];
    CHECK_FALSE(folder.all_apps);
    CHECK(NamesOf(folder.apps) == std::vector<std::string>{"crm", "portal"});
    CHECK(folder.level == AppLevel::kView);
    CHECK_FALSE(folder.environments);
    CHECK_FALSE(folder.hide_from_dashboard);
    CHECK(HasNote(r.live, "group 'devs': its folder permission 'Finance folder' on folder "
                          "'finance' gives view on the apps in it, in every environment, "
                          "imported as an app grant on 'crm' and 'portal'" +
                              tail + at + ID(b1)));
  }
  SECTION("edit on all folders: the front-end folders' apps; given already by all apps") {
    // The builder's own all-apps edit grant in every environment gives it:
    // the role stays ToolJet's default.
    CHECK_FALSE(ws.builder.configured);
    CHECK(HasNote(r.live,
                  "the builder role: its folder permission 'Folders' on all folders gives edit "
                  "on the apps in any folder, in every environment ('crm' and 'portal'), which "
                  "its grant on every app in every environment gives already, so nothing is "
                  "added; stagegate's format has no folders: narrowing that grant leaves the "
                  "apps in any folder this access in ToolJet; can_edit_folder also lets its "
                  "members manage the folders themselves, which the format has no place for" +
                      at + ID(b2)));
    // The end-user's all-apps grant is in two environments: the folder's
    // apps get all of them.
    REQUIRE(ws.end_user.apps.size() == 2);
    CHECK(ws.end_user.apps[0].all_apps);
    CHECK(NamesOf(ws.end_user.apps[1].apps) == std::vector<std::string>{"crm", "portal"});
    CHECK(ws.end_user.apps[1].level == AppLevel::kView);
    CHECK_FALSE(ws.end_user.apps[1].environments);
  }
  SECTION("a folder without apps, no flags, several folders, no flags row") {
    const Group* qa = ws.FindGroup("qa");
    REQUIRE(qa != nullptr);
    REQUIRE(qa->apps.size() == 1);  // Two folders
    CHECK(NamesOf(qa->apps[0].apps) == std::vector<std::string>{"crm", "portal"});
    CHECK(qa->apps[0].level == AppLevel::kEdit);
    CHECK(HasNote(r.live, "group 'qa': its folder permission 'Empty folder' on folder 'empty' "
                          "gives edit on the apps in it, in every environment: none now" +
                              tail + at + ID(b3)));
    CHECK(HasNote(r.live, "group 'qa': its folder permission 'Nothing' neither views nor edits "
                          "apps; it grants nothing and is left out" +
                              at + ID(b4)));
    CHECK(HasNote(r.live, "group 'qa': its folder permission 'Two folders' on folders 'empty' "
                          "and 'finance' gives edit on the apps in them, in every environment, "
                          "imported as an app grant on 'crm' and 'portal'; stagegate's format "
                          "has no folders: an app moved into one of them later gets this "
                          "access in ToolJet, and plan --current then shows it as a change" +
                              at + ID(b7)));
    for (const std::string& line : NoteLines(r.live)) {
      CHECK(line.find(ID(b8)) == std::string::npos);  // grants nothing: no note
      CHECK(line.find(ID(b6)) == std::string::npos);  // admin: everything anyway
    }
  }
  SECTION("a folder's creator edits its apps: a note at the user, admins aside") {
    CHECK(session.sql("folders").find("f.created_by AS created_by") != std::string::npos);
    CHECK(HasNote(r.live, "user 'bo@acme.io': created the folder 'finance', and ToolJet lets a "
                          "folder's creator edit the apps in it ('crm' and 'portal'), in every "
                          "environment, unless a grant gives them edit on every app; stagegate's "
                          "format has no place for this, so the matrix leaves it out @ folders/" +
                              std::string(ID(a1))));
    for (const std::string& line : NoteLines(r.live)) {
      CHECK(line.find("created the folder 'empty'") == std::string::npos);  // no apps
      CHECK(line.find("created the folder 'flows'") == std::string::npos);  // workflows
      CHECK(line.find("created the folder 'admins'") == std::string::npos);  // an admin's
    }
  }
  SECTION("the imported files load to the same matrix") {
    std::string direct = StateToJson(AccessMatrix::Compile(r.live.model));
    CheckedConfig loaded = LoadWritten(r.live);
    REQUIRE(loaded.workspace);
    CHECK(StateToJson(AccessMatrix::Compile(*loaded.workspace)) == direct);
  }
}

TEST_CASE("live read: folder permission tables are read where they exist, and whole") {
  RecordedSession old = Acme("3x");
  REQUIRE(ReadAcme(old).ok);
  CHECK(old.sql("folder_grants").empty());  // 3.x: no folder permissions, not asked
  CHECK(old.sql("folders").empty());

  RecordedSession session = Acme("2026");
  session.Record("layout",
                 LayoutRows("2026", {"group_folders.folders_group_permissions_id"}));
  Read r = ReadAcme(session);
  CHECK_FALSE(r.ok);
  REQUIRE(r.diags.items().size() == 1);
  CHECK(r.diags.items()[0].code == Code::kUnknownToolJetLayout);
  CHECK(r.diags.items()[0].message.find("'group_folders' of 'postgresql://ro@/tooljet' has no "
                                        "column 'folders_group_permissions_id'") !=
        std::string::npos);
}

}  // namespace
}  // namespace stagegate::live
