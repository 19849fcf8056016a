// The live stage without a database: the YAML it writes (read back through
// the real pipeline), URL redaction, the Lockbox decryption (against values
// encrypted by the fixture's independent Python implementation) and the
// placement of import notes. The database side is tested against a real
// PostgreSQL by tests/integration/live_test.sh.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "current/current.h"
#include "live/import.h"
#include "live/lockbox.h"
#include "live/pg.h"
#include "live/write.h"
#include "live/convert.h"
#include "state/state_json.h"

namespace stagegate::live {
namespace {

// tests/live/tooljet_seed.py's fixed test key, and two values it encrypted
// (tooljet_seed.encrypt(key, table, column, text)).
constexpr const char* kKey = "7374616765676174652d746f6f6c6a65742d666978747572652d6b65792d3031";
constexpr const char* kOrg = "0b1c2d3e-0000-4000-8000-000000000001";
constexpr const char* kConstantCipher =
    "IAXvKhxihCtpwsGOG4WrUbcCxK/51++wwrk9aSbAUZ2bjQ5b1/pRz4ztk4+OL4Ua/L3KbmIYShcwVN8=";
constexpr const char* kCredentialCipher = "GQ+B2S+FWXRhGIjizepBTGp6WRd5CnefR6XYibulmWWqPQ==";

ImportedWorkspace SmallWorkspace() {
  ImportedWorkspace ws;
  ws.name = "acme";
  ws.environments = {"development", "production"};
  ImportedUser user;
  user.email = "ada@acme.io";
  user.name = "Ada";
  user.role = "admin";
  ws.users.push_back(user);
  return ws;
}

Imported Wrap(const ImportedWorkspace& ws) {
  Imported imported;
  imported.workspace = ws.name;
  imported.config = WriteConfiguration(ws);
  return imported;
}

}  // namespace

TEST_CASE("live: every string the importer writes reads back as the same string") {
  const std::vector<std::string> texts = {
      "plain",        "yes",          "No",           "null",        "~",
      "123",          "0x1F",         "1e3",          ".5",          "-",
      "- item",       "a: b",         "a #b",         "#comment",    "@at",
      "*star",        "&anchor",      "!tag",         "%percent",    "`tick",
      "  leading",    "trailing ",    "",             "quote\"d",    "back\\slash",
      "tab\there",    "line\nbreak",  "cr\rhere",     "bell\x07",    "del\x7f",
      "Ünïcödé ✓",    "nel\xC2\x85x", "ls\xE2\x80\xA8y", "bom\xEF\xBB\xBFz",
      "{{constants.DB_HOST}}",        "{flow}",       "[list]",      "'single'",
      "https://hr.example.com/v2?a=1&b=2",
  };
  ImportedWorkspace ws = SmallWorkspace();
  ImportedDataSource ds;
  ds.name = "db";
  ds.kind = "postgresql";
  for (const std::string& env : ws.environments) {
    ImportedEnvironmentOptions options;
    options.environment = env;
    for (size_t i = 0; i < texts.size(); ++i) {
      options.options.push_back({"o" + std::to_string(100 + i), {ImportedScalar::Kind::kString, texts[i]}});
    }
    options.options.push_back({"port", {ImportedScalar::Kind::kNumber, "5432"}});
    options.options.push_back({"ssl", {ImportedScalar::Kind::kBool, "true"}});
    ds.environments.push_back(options);
  }
  ws.data_sources.push_back(ds);
  ImportedConstant host;
  host.name = "DB_HOST";
  for (const std::string& env : ws.environments) host.values.push_back({env, "db." + env, ""});
  ws.constants.push_back(host);
  ImportedGroup group;
  group.name = "a: tricky #group";
  group.members = {"ada@acme.io"};
  ws.groups.push_back(group);

  CheckedConfig checked = LoadImported(Wrap(ws), "imported/", PipelineOptions{});
  REQUIRE(checked.workspace);
  for (const Diagnostic& d : checked.diags.items()) {
    INFO(d.message);
    CHECK(d.severity != Severity::kError);
  }
  const DataSource* read = checked.workspace->FindDataSource("db");
  REQUIRE(read != nullptr);
  const DataSourceEnvironment* env = read->FindEnvironment("production");
  REQUIRE(env != nullptr);
  REQUIRE(env->options.size() == texts.size() + 2);
  for (size_t i = 0; i < texts.size(); ++i) {
    INFO("text " << i);
    CHECK(env->options[i].kind == NodeKind::kString);
    CHECK(env->options[i].value == texts[i]);
  }
  CHECK(env->options[texts.size()].key.name == "port");
  CHECK(env->options[texts.size()].kind == NodeKind::kInt);
  CHECK(env->options[texts.size() + 1].kind == NodeKind::kBool);
  CHECK(checked.workspace->FindGroup("a: tricky #group") != nullptr);
}

TEST_CASE("live: YamlScalar leaves simple names plain and quotes the rest") {
  CHECK(YamlScalar("nexora-db") == "nexora-db");
  CHECK(YamlScalar("Ada Okafor") == "Ada Okafor");
  CHECK(YamlScalar("ada.okafor@nexora.io") == "ada.okafor@nexora.io");
  CHECK(YamlScalar("true") == "\"true\"");
  CHECK(YamlScalar("5432") == "\"5432\"");
  CHECK(YamlScalar("{{secrets.X}}") == "\"{{secrets.X}}\"");
  CHECK(YamlScalar("a\"b\\c\n") == "\"a\\\"b\\\\c\\n\"");
  CHECK(YamlScalar("x\x01") == "\"x\\x01\"");
}

TEST_CASE("live: a password never shows in a URL as printed") {
  CHECK(RedactUrl("postgresql://ro:hunter2@db.example.com:5432/tooljet") ==
        "postgresql://ro:***@db.example.com:5432/tooljet");
  CHECK(RedactUrl("postgres://ro@db/tooljet?password=hunter2&sslmode=require") ==
        "postgres://ro@db/tooljet?password=***&sslmode=require");
  CHECK(RedactUrl("postgresql://ro@db/tooljet?sslmode=require&password=hunter2") ==
        "postgresql://ro@db/tooljet?sslmode=require&password=***");
  CHECK(RedactUrl("postgresql://ro:p%40ss@[::1]:5432/db") == "postgresql://ro:***@[::1]:5432/db");
  CHECK(RedactUrl("postgresql://ro@host/db") == "postgresql://ro@host/db");
  CHECK(RedactUrl("postgresql:///db?host=/run/pg") == "postgresql:///db?host=/run/pg");
  CHECK(IsDatabaseUrl("postgresql://x"));
  CHECK(IsDatabaseUrl("postgres://x"));
  CHECK_FALSE(IsDatabaseUrl("state.json"));
  CHECK_FALSE(IsDatabaseUrl("git:main"));
}

TEST_CASE("live: Lockbox decryption agrees with the fixture's Python implementation") {
  std::string problem;
  std::optional<LockboxKey> key = LockboxKey::Parse(kKey, &problem);
  REQUIRE(key);
  CHECK(key->Decrypt("org_environment_constant_values", kOrg, kConstantCipher) ==
        std::optional<std::string>("https://hr-api.nexora.io/v2 \xE2\x9C\x93"));
  CHECK(key->Decrypt("credentials", "value", kCredentialCipher) ==
        std::optional<std::string>("s3cr3t"));
  SECTION("another table, column or key does not decrypt") {
    CHECK_FALSE(key->Decrypt("credentials", kOrg, kConstantCipher));
    CHECK_FALSE(key->Decrypt("org_environment_constant_values", "other-org", kConstantCipher));
    std::optional<LockboxKey> other = LockboxKey::Parse(std::string(64, '0'), &problem);
    REQUIRE(other);
    CHECK_FALSE(other->Decrypt("credentials", "value", kCredentialCipher));
  }
  SECTION("damaged ciphertext does not decrypt") {
    std::string damaged = kCredentialCipher;
    damaged[5] = damaged[5] == 'A' ? 'B' : 'A';
    CHECK_FALSE(key->Decrypt("credentials", "value", damaged));
    CHECK_FALSE(key->Decrypt("credentials", "value", "not base64!"));
    CHECK_FALSE(key->Decrypt("credentials", "value", "AAAA"));
    CHECK_FALSE(key->Decrypt("credentials", "value", ""));
  }
  SECTION("a key that is not 64 hexadecimal digits is refused without being echoed") {
    CHECK_FALSE(LockboxKey::Parse("abc", &problem));
    CHECK(problem == "it is 3 characters long; ToolJet's master key is 64 hexadecimal digits");
    CHECK_FALSE(LockboxKey::Parse(std::string(63, 'a') + "g", &problem));
    CHECK(problem == "it holds a character that is not a hexadecimal digit");
  }
}

TEST_CASE("live: environment variable names are upper-case letters, digits and _") {
  CHECK(EnvironmentName("db-password") == "DB_PASSWORD");
  CHECK(EnvironmentName("nexora.db prod") == "NEXORA_DB_PROD");
  CHECK(EnvironmentName("Ünï") == "__N__");  // bytes: each of Ü and ï is two
}

TEST_CASE("live: a note is a comment above its entity and a warning that points at it") {
  ImportedWorkspace ws = SmallWorkspace();
  ws.users[0].notes.push_back({Code::kImportUnsupported, "invited, not yet active"});
  ws.notes.push_back({Code::kImportUnsupported, "something about the workspace\nsecond line"});
  WrittenConfiguration config = WriteConfiguration(ws);
  REQUIRE(config.notes.size() == 2);
  const WrittenNote& workspace_note = config.notes[0];
  CHECK(config.files[workspace_note.file].name == "workspace.yaml");
  CHECK(workspace_note.column == 1);
  const WrittenNote& user_note = config.notes[1];
  CHECK(config.files[user_note.file].name == "users.yaml");
  CHECK(user_note.column == 3);
  CHECK(user_note.message == "user 'ada@acme.io': invited, not yet active");
  // The line the note points at is the comment, and the next one the entity.
  const std::string& text = config.files[user_note.file].text;
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  REQUIRE(lines.size() > user_note.line);
  CHECK(lines[user_note.line - 1] == "  # stagegate import: invited, not yet active");
  CHECK(lines[user_note.line] == "  ada@acme.io: {name: Ada, role: admin}");
  // A note's text stays on its comment line.
  CHECK(config.files[0].text.find("# stagegate import: something about the workspace second line") !=
        std::string::npos);

  CheckedConfig checked = LoadImported(Wrap(ws), "x/", PipelineOptions{});
  size_t found = 0;
  for (const Diagnostic& d : checked.diags.items()) {
    if (d.code != Code::kImportUnsupported) continue;
    ++found;
    CHECK(d.severity == Severity::kWarning);
    CHECK(d.location.valid());
    CHECK(checked.loaded.sources.file(d.location.file).path().rfind("x/", 0) == 0);
  }
  CHECK(found == 2);
}

TEST_CASE("live: a role group is written only where it differs from the built-in default") {
  ImportedWorkspace ws = SmallWorkspace();
  ws.builder.found = true;
  ws.builder.grants.permissions = {"appCreate", "appDelete", "appPromote", "appRelease",
                                   "folderCRUD"};
  ws.builder.grants.apps.push_back({true, {}, true, std::nullopt, false});
  ws.builder.grants.data_sources.push_back({true, {}, false});
  ws.end_user.found = true;
  ws.end_user.grants.apps.push_back(
      {true, {}, false, std::vector<std::string>{"released"}, false});
  std::string roles = WriteConfiguration(ws).files[2].text;
  CHECK(roles.find("\nroles: {}\n") != std::string::npos);

  ws.end_user.grants.apps.clear();
  roles = WriteConfiguration(ws).files[2].text;
  CHECK(roles.find("roles:\n  end-user:\n    permissions: []\n    apps: []\n    dataSources: []\n") !=
        std::string::npos);
  CHECK(roles.find("builder:") == std::string::npos);
}

// A workspace with every kind of thing the importer produces.
ImportedWorkspace RichWorkspace() {
  ImportedWorkspace ws = SmallWorkspace();
  ws.environments = {"development", "staging", "production"};
  auto user = [&](std::string email, std::string name, std::string role, bool disabled) {
    ImportedUser u;
    u.email = std::move(email);
    u.name = std::move(name);
    u.role = std::move(role);
    u.disabled = disabled;
    ws.users.push_back(std::move(u));
  };
  user("bo@acme.io", "Bo \"B\" Lind", "builder", false);
  user("cy@acme.io", "", "end-user", false);
  user("dee@acme.io", "Dée Ünal", "builder", true);
  ws.builder.found = true;
  ws.builder.grants.permissions = {"appCreate", "folderCRUD"};
  ws.builder.grants.apps.push_back({false, {"crm"}, true, std::vector<std::string>{"development"}, false});
  ws.end_user.found = true;  // the built-in default
  ws.end_user.grants.apps.push_back({true, {}, false, std::vector<std::string>{"released"}, false});
  ImportedGroup leads;
  leads.name = "leads";
  leads.members = {"bo@acme.io", "dee@acme.io"};
  leads.grants.permissions = {"appPromote", "appRelease"};
  leads.grants.apps.push_back({true, {}, true, std::nullopt, false});
  leads.grants.apps.push_back({false, {"crm", "hr portal"}, false, std::vector<std::string>{}, true});
  leads.grants.data_sources.push_back({true, {}, true});
  ImportedGroup users;
  users.name = "users: all";
  users.members = {"cy@acme.io"};
  users.grants.apps.push_back(
      {false, {"crm"}, false, std::vector<std::string>{"staging", "released"}, false});
  users.grants.data_sources.push_back({false, {"db"}, false});
  ws.groups = {leads, users};
  ImportedDataSource db;
  db.name = "db";
  db.kind = "postgresql";
  for (const std::string& env : ws.environments) {
    db.environments.push_back(
        {env,
         {{"database", {ImportedScalar::Kind::kString, "acme_" + env}},
          {"host", {ImportedScalar::Kind::kString, "{{constants.DB_HOST}}"}},
          {"password", {ImportedScalar::Kind::kString, "{{secrets.DB_PASSWORD}}"}},
          {"port", {ImportedScalar::Kind::kNumber, "5432"}},
          {"ratio", {ImportedScalar::Kind::kNumber, "1.5e+20"}},
          {"ssl", {ImportedScalar::Kind::kBool, env == "development" ? "false" : "true"}},
          {"version", {ImportedScalar::Kind::kString, "15"}}}});
  }
  ws.data_sources.push_back(db);
  ImportedConstant host;
  host.name = "DB_HOST";
  ImportedConstant password;
  password.name = "DB_PASSWORD";
  password.secret = true;
  ImportedConstant url;
  url.name = "URL";
  for (const std::string& env : ws.environments) {
    host.values.push_back({env, "db." + env + ".acme.io", ""});
    password.values.push_back({env, std::nullopt, "TOOLJET_SECRET_DB_PASSWORD_" + EnvironmentName(env)});
    url.values.push_back({env, std::nullopt, "TOOLJET_CONSTANT_URL_" + EnvironmentName(env)});
  }
  ws.constants = {host, password, url};
  ImportedApp crm;
  crm.name = "crm";
  crm.owner = "bo@acme.io";
  crm.data_sources = {"db"};
  crm.constants = {"DB_HOST"};
  crm.versions = {{"v1", "production", "released"}, {"v2", "staging", "published"},
                  {"v3", "development", "draft"}};
  ImportedApp portal;
  portal.name = "hr portal";
  portal.versions = {{"1.0", "development", "draft"}};
  ws.apps = {crm, portal};
  return ws;
}

TEST_CASE("live: the model built directly is the one the written files load to") {
  ImportedWorkspace ws = RichWorkspace();
  Workspace direct = ToWorkspace(ws);
  AccessMatrix matrix = AccessMatrix::Compile(direct);
  std::string expected = StateToJson(matrix);
  CheckedConfig loaded = LoadImported(Wrap(ws), "x/", PipelineOptions{});
  for (const Diagnostic& d : loaded.diags.items()) {
    INFO(d.message);
    CHECK(d.severity != Severity::kError);
  }
  REQUIRE(loaded.access);
  CHECK(StateToJson(*loaded.access) == expected);
  CHECK(direct.builder.configured);
  CHECK_FALSE(direct.end_user.configured);
  CHECK(expected.find("acme_production") != std::string::npos);
}

TEST_CASE("live: every note is listed once, naming its entity") {
  ImportedWorkspace ws = RichWorkspace();
  ws.notes.push_back({Code::kImportUnsupported, "a workspace note"});
  ws.groups[1].notes.push_back({Code::kImportUnsupported, "a group note"});
  ws.end_user.notes.push_back({Code::kImportUnsupported, "a role note"});
  std::vector<ImportNote> notes = AllNotes(ws);
  REQUIRE(notes.size() == 3);
  CHECK(notes[0].message == "a workspace note");
  CHECK(notes[1].message == "the end-user role: a role note");
  CHECK(notes[2].message == "group 'users: all': a group note");
  // The written files hold the same notes, the built-in role's included.
  WrittenConfiguration config = WriteConfiguration(ws);
  REQUIRE(config.notes.size() == 3);
  for (size_t i = 0; i < 3; ++i) CHECK(config.notes[i].message == notes[i].message);
}

}  // namespace stagegate::live
