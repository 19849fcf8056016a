// The live stage without a database: the YAML it writes from the model (read
// back through the real pipeline), URL redaction, the Lockbox decryption
// (against values encrypted by the fixture's independent Python
// implementation), the placement of import notes and the statement
// time-out's setting. The reading itself is tested on recorded rows in
// live_test_read.cc, and against a real PostgreSQL by
// tests/integration/live_test.sh.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "current/current.h"
#include "live/import.h"
#include "live/lockbox.h"
#include "live/pg.h"
#include "live/write.h"
#include "model/construct.h"
#include "state/state_json.h"
#include "yaml/tree.h"

namespace stagegate::live {
namespace {

// tests/live/tooljet_seed.py's fixed test key, and two values it encrypted
// (tooljet_seed.encrypt(key, table, column, text)).
constexpr const char* kKey = "7374616765676174652d746f6f6c6a65742d666978747572652d6b65792d3031";
constexpr const char* kOrg = "0b1c2d3e-0000-4000-8000-000000000001";
constexpr const char* kConstantCipher =
    "IAXvKhxihCtpwsGOG4WrUbcCxK/51++wwrk9aSbAUZ2bjQ5b1/pRz4ztk4+OL4Ua/L3KbmIYShcwVN8=";
constexpr const char* kCredentialCipher = "GQ+B2S+FWXRhGIjizepBTGp6WRd5CnefR6XYibulmWWqPQ==";

// A workspace as the live reader makes it: no positions, every user with a
// role, the three environments declared.
Workspace SmallWorkspace() {
  Workspace ws;
  ws.name = Ref{"acme", Location{}, 1};
  ws.environments = {Ref{"development", Location{}, 1}, Ref{"production", Location{}, 1}};
  ws.environments_declared = true;
  ws.builder = BuiltInRole(UserRole::kBuilder);
  ws.end_user = BuiltInRole(UserRole::kEndUser);
  User user;
  user.email = "ada@acme.io";
  user.name = "Ada";
  user.role = UserRole::kAdmin;
  ws.users.push_back(user);
  FinishWorkspace(ws);
  return ws;
}

Imported Wrap(const Workspace& ws, const std::vector<EntityNote>& notes = {}) {
  Imported imported;
  imported.workspace = ws.name.name;
  imported.config = WriteConfiguration(ws, notes);
  return imported;
}

DataSourceOption Option(std::string key, NodeKind kind, std::string value) {
  DataSourceOption o;
  o.key = Ref{std::move(key), Location{}, 1};
  o.kind = kind;
  o.value = std::move(value);
  return o;
}

EntityNote NoteAbout(EntityNote::Scope scope, EntityKind kind, std::string name,
                     std::string message) {
  EntityNote note;
  note.scope = scope;
  note.kind = kind;
  note.name = std::move(name);
  note.message = std::move(message);
  return note;
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
  Workspace ws = SmallWorkspace();
  DataSource ds;
  ds.name = "db";
  ds.kind = "postgresql";
  ds.has_environments = ds.mapping = true;
  for (const Ref& env : ws.environments) {
    DataSourceEnvironment options;
    options.environment = env;
    for (size_t i = 0; i < texts.size(); ++i) {
      options.options.push_back(Option("o" + std::to_string(100 + i), NodeKind::kString, texts[i]));
    }
    options.options.push_back(Option("port", NodeKind::kInt, "5432"));
    options.options.push_back(Option("ssl", NodeKind::kBool, "true"));
    // The same texts inside a list (and a [name, value] pair of each) and as
    // the keys and values of a mapping, with a number, a boolean and null.
    DataSourceOption list = Option("zlist", NodeKind::kSequence, "");
    DataSourceOption mapping = Option("zmap", NodeKind::kMapping, "");
    for (const std::string& text : texts) {
      list.items.push_back({"", NodeKind::kSequence, "", 2, {}, 1, false});
      list.items.push_back({"", NodeKind::kString, text, 0, {}, 1, false});
      list.items.push_back({"", NodeKind::kString, text, 0, {}, 1, false});
      mapping.items.push_back({text, NodeKind::kString, text, 0, {}, 1, false});
    }
    list.items.push_back({"", NodeKind::kInt, "7", 0, {}, 1, false});
    list.items.push_back({"", NodeKind::kBool, "false", 0, {}, 1, false});
    list.items.push_back({"", NodeKind::kNull, "", 0, {}, 1, false});
    list.size = static_cast<uint32_t>(texts.size() + 3);
    mapping.size = static_cast<uint32_t>(texts.size());
    options.options.push_back(list);
    options.options.push_back(mapping);
    ds.environments.push_back(options);
  }
  ws.data_sources.push_back(ds);
  Constant host;
  host.name = "DB_HOST";
  host.type = ConstantType::kGlobal;
  for (const Ref& env : ws.environments) {
    ConstantValue value;
    value.environment = env;
    value.kind = NodeKind::kString;
    value.text = "db." + env.name;
    host.values.push_back(value);
  }
  ws.constants.push_back(host);
  Group group;
  group.name = "a: tricky #group";
  group.members = {Ref{"ada@acme.io", Location{}, 1}};
  ws.groups.push_back(group);
  FinishWorkspace(ws);

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
  REQUIRE(env->options.size() == texts.size() + 4);
  for (size_t i = 0; i < texts.size(); ++i) {
    INFO("text " << i);
    CHECK(env->options[i].kind == NodeKind::kString);
    CHECK(env->options[i].value == texts[i]);
  }
  CHECK(env->options[texts.size()].key.name == "port");
  CHECK(env->options[texts.size()].kind == NodeKind::kInt);
  CHECK(env->options[texts.size() + 1].kind == NodeKind::kBool);
  const DataSourceOption* written = ws.FindDataSource("db")->FindEnvironment("production")
                                        ->options.data() + texts.size() + 2;
  for (int i = 0; i < 2; ++i) {
    INFO(env->options[texts.size() + 2 + i].key.name);
    CHECK(OptionJson<nlohmann::json>(env->options[texts.size() + 2 + i]) ==
          OptionJson<nlohmann::json>(written[i]));
  }
  CHECK(checked.workspace->FindGroup("a: tricky #group") != nullptr);
}

TEST_CASE("live: --current takes the variable of an encrypted option from the configuration") {
  auto with_option = [](DataSourceOption option) {
    Workspace ws = SmallWorkspace();
    DataSource ds;
    ds.name = "api";
    ds.kind = "restapi";
    ds.has_environments = ds.mapping = true;
    DataSourceEnvironment env;
    env.environment = ws.environments.back();
    env.options.push_back(std::move(option));
    ds.environments.push_back(env);
    ws.data_sources.push_back(ds);
    FinishWorkspace(ws);
    return ws;
  };
  DataSourceOption live = Option("client_secret", NodeKind::kMapping, "");
  live.from_env = "TOOLJET_DATASOURCE_API_PRODUCTION_CLIENT_SECRET";
  DataSourceOption configured = live;
  configured.from_env = "API_SECRET";
  Workspace current = with_option(live);
  AdoptSettings(&current, with_option(configured));
  CHECK(current.data_sources[0].environments[0].options[0].from_env == "API_SECRET");
  // A reference in the configuration is compared: the variable stays.
  current = with_option(live);
  AdoptSettings(&current, with_option(Option("client_secret", NodeKind::kString,
                                             "{{secrets.API_SECRET}}")));
  CHECK(current.data_sources[0].environments[0].options[0].from_env ==
        "TOOLJET_DATASOURCE_API_PRODUCTION_CLIENT_SECRET");
}

TEST_CASE("live: every name the importer writes reads back as the same name") {
  // Names ToolJet holds: as keys (groups, apps, data sources, constants,
  // users), list items (members, grant targets, an app's data sources) and
  // the workspace's name.
  std::vector<std::string> names = {
      "*VIP",         "*",           "&anchor",      "!tag",        "no",
      "Yes",          "null",        "~",            "007",         "0x1F",
      "1e3",          "- x",         "-",            "#x",          "a #b",
      "a: b",         "? q",         "[list]",       "{flow}",      "'single'",
      "quote\"d",     "back\\slash", " leading",     "trailing ",   "QA (night)",
      "tab\there",    "line\nbreak", "bell\x07",     "esc\x1b[31m", "del\x7f",
      "日本語のアプリ", "Ünïcödé ✓",   "😀👍\xEF\xB8\x8F", "nel\xC2\x85x", "ls\xE2\x80\xA8y",
      "bom\xEF\xBB\xBFz", "%percent", "@at",         "`tick",       "|pipe",
      ">fold",        "{{constants.X}}",
      // Over YAML's 1024 characters for an implicit key, and over its bytes.
      std::string(3000, 'k'),
  };
  std::string cjk;
  for (int i = 0; i < 400; ++i) cjk += "日";
  names.push_back(cjk);
  Workspace ws = SmallWorkspace();
  ws.name = Ref{"*acme: #1", Location{}, 1};
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string& name = names[i];
    Group g;
    g.name = name;
    g.members = {Ref{"ada@acme.io", Location{}, 1}};
    AppGrant grant;
    grant.level = AppLevel::kEdit;
    grant.apps = {Ref{name, Location{}, 1}};
    g.apps.push_back(grant);
    DataSourceGrant ds_grant;
    ds_grant.level = DataSourceLevel::kUse;
    ds_grant.data_sources = {Ref{name, Location{}, 1}};
    g.data_sources.push_back(ds_grant);
    ws.groups.push_back(g);
    App app;
    app.name = name;
    app.data_sources = {Ref{name, Location{}, 1}};
    ws.apps.push_back(app);
    DataSource ds;
    ds.name = name;
    ds.kind = "postgresql";
    ds.has_environments = ds.mapping = true;
    for (const Ref& env : ws.environments) {
      DataSourceEnvironment options;
      options.environment = env;
      ds.environments.push_back(options);
    }
    ws.data_sources.push_back(ds);
    User user;
    user.email = name + "@acme.io";
    user.role = UserRole::kBuilder;
    ws.users.push_back(user);
  }
  FinishWorkspace(ws);

  CheckedConfig checked = LoadImported(Wrap(ws), "imported/", PipelineOptions{});
  REQUIRE(checked.workspace);
  for (const Diagnostic& d : checked.diags.items()) {
    INFO(d.message);
    // Names ToolJet's forms would refuse are warnings, never errors.
    CHECK(d.severity != Severity::kError);
  }
  const Workspace& read = *checked.workspace;
  CHECK(read.name.name == "*acme: #1");
  CHECK(read.groups.size() == ws.groups.size());
  CHECK(read.apps.size() == ws.apps.size());
  CHECK(read.data_sources.size() == ws.data_sources.size());
  CHECK(read.users.size() == ws.users.size());
  for (const Group& g : ws.groups) {
    INFO("name: " << Printable(g.name));
    const Group* back = read.FindGroup(g.name);
    REQUIRE(back != nullptr);
    REQUIRE(back->apps.size() == 1);
    CHECK_FALSE(back->apps[0].all_apps);
    CHECK(NamesOf(back->apps[0].apps) == std::vector<std::string>{g.name});
    REQUIRE(back->data_sources.size() == 1);
    CHECK(NamesOf(back->data_sources[0].data_sources) == std::vector<std::string>{g.name});
    const App* app = read.FindApp(g.name);
    REQUIRE(app != nullptr);
    CHECK(NamesOf(app->data_sources) == std::vector<std::string>{g.name});
    CHECK(read.FindDataSource(g.name) != nullptr);
    CHECK(read.FindUser(g.name + "@acme.io") != nullptr);
  }
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
  LockboxKey key = LockboxKey::FromText(kKey);
  CHECK(key.usual());
  CHECK(key.Shape().empty());
  CHECK(key.Decrypt("org_environment_constant_values", kOrg, kConstantCipher) ==
        std::optional<std::string>("https://hr-api.nexora.io/v2 \xE2\x9C\x93"));
  CHECK(key.Decrypt("credentials", "value", kCredentialCipher) ==
        std::optional<std::string>("s3cr3t"));
  SECTION("another table, column or key does not decrypt") {
    CHECK_FALSE(key.Decrypt("credentials", kOrg, kConstantCipher));
    CHECK_FALSE(key.Decrypt("org_environment_constant_values", "other-org", kConstantCipher));
    LockboxKey other = LockboxKey::FromText(std::string(64, '0'));
    CHECK_FALSE(other.Decrypt("credentials", "value", kCredentialCipher));
  }
  SECTION("damaged ciphertext does not decrypt") {
    std::string damaged = kCredentialCipher;
    damaged[5] = damaged[5] == 'A' ? 'B' : 'A';
    CHECK_FALSE(key.Decrypt("credentials", "value", damaged));
    CHECK_FALSE(key.Decrypt("credentials", "value", "not base64!"));
    CHECK_FALSE(key.Decrypt("credentials", "value", "AAAA"));
    CHECK_FALSE(key.Decrypt("credentials", "value", ""));
  }
}

std::string Hex(const std::string& bytes) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

// Known answers made with ToolJet's own code path: Node 20's
// Buffer.from(key, 'hex'), futoin-hkdf 1.5.3 (HKDF-SHA384, called as
// server/src/modules/encryption/service.ts calls it) and AES-256-GCM with the
// nonce of 12 bytes i over "value-<i+1>", for the i-th key.
TEST_CASE("live: every master key ToolJet's server accepts derives as Node does") {
  const std::string table = "org_environment_constant_values";
  const std::string org = "8f1c2d3e-0000-4000-8000-000000000001";
  struct Known {
    std::string text, bytes, derived, cipher;
  };
  const std::vector<Known> known = {
      // Reading stops at the first pair that is not hexadecimal ...
      {"1ag123", "1a",
       "0d82999bdbc8e4f6cf7302d03efc898626c3b70b4040b2a6d6c1f346823ec32c",
       "AAAAAAAAAAAAAAAAey4NtLeKuMr/GYtTPrq6VuaugD+j0QE="},
      // ... and an odd last digit is dropped.
      {"1a7", "1a",
       "0d82999bdbc8e4f6cf7302d03efc898626c3b70b4040b2a6d6c1f346823ec32c",
       "AQEBAQEBAQEBAQEBc073qIPbSp7YnOHtFSYzW5aPiGG7HSg="},
      // No bytes at all is a key too, as ToolJet reads an empty or a non-hex key.
      {"", "",
       "9cd1c1285c8d0e2eab31145d0aa63e1551becb4285c578a6cb207d3fc1f277d1",
       "AgICAgICAgICAgICAC65fil6Vo41wAf93Q1PlfuZNPgHgT0="},
      {"zz", "",
       "9cd1c1285c8d0e2eab31145d0aa63e1551becb4285c578a6cb207d3fc1f277d1",
       "AwMDAwMDAwMDAwMDizn7RSzBynHYjAQlLdt8SB8SJ/pUH5w="},
      // 50 decimal digits, as some install scripts make the key: 25 bytes.
      {"12345678901234567890123456789012345678901234567890", "12345678901234567890123456789012345678901234567890",
       "5963a0a79861f43077337cdac84ba4cc9e3041417e35b32acfffe908538f6279",
       "BAQEBAQEBAQEBAQEgj+auUcUZ4wGvqy4u6LL5oYEAgxU/V4="},
      // Upper-case digits read as lower-case ones.
      {"ABCDEFababababababababababababababababababababababababababababab", "abcdefababababababababababababababababababababababababababababab",
       "7cb0821ca93aff4d83152d2d94c2c10a621fe6778a27c60086763b199173d69c",
       "BQUFBQUFBQUFBQUFqStv8jSUIVFvphrjSMrt0t4GqVnwr4M="},
      // 128 digits (`openssl rand -hex 64`): 64 bytes, all used.
      {"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
       "c206b85b7800371e6149330200bf879635f7f8c12f5b5b057a0c9c453974b0e3",
       "BgYGBgYGBgYGBgYGFLHIOYGPitRv0RXJ69LHn6K74mBZhRg="},
      // A line feed after the digits (an odd last character) changes nothing.
      {"abababababababababababababababababababababababababababababababab\n", "abababababababababababababababababababababababababababababababab",
       "33a6f7b7fa5ae9d08d927e97d0e295e66c980c3776d7379f045e3ba905c7482b",
       "BwcHBwcHBwcHBwcHN7ecv6ISK0WFJxN0hUl5c7IfQi4kLnI="},
  };
  for (size_t i = 0; i < known.size(); ++i) {
    const Known& k = known[i];
    INFO("key " << i);
    LockboxKey key = LockboxKey::FromText(k.text);
    CHECK(Hex(key.bytes()) == k.bytes);
    CHECK(Hex(key.DeriveKey(table, org)) == k.derived);
    CHECK(key.Decrypt(table, org, k.cipher) ==
          std::optional<std::string>("value-" + std::to_string(i + 1)));
    // Only a key of 64 digits is the usual one; another says how it reads.
    CHECK(key.usual() == (k.text.size() == 64 && k.bytes.size() == 64));
  }
  CHECK(LockboxKey::FromText("1ag123").Shape() ==
        "ToolJet reads this LOCKBOX_MASTER_KEY as 1 byte (hexadecimal digits in pairs, up to "
        "the first other character), not the 32 of a 64-digit key");
  CHECK(LockboxKey::FromText("zz").Shape().find("as 0 bytes") != std::string::npos);
}

TEST_CASE("live: environment variable names are upper-case letters, digits and _") {
  CHECK(EnvironmentName("db-password") == "DB_PASSWORD");
  CHECK(EnvironmentName("nexora.db prod") == "NEXORA_DB_PROD");
  CHECK(EnvironmentName("Ünï") == "__N__");  // bytes: each of Ü and ï is two
}

TEST_CASE("live: a note is a comment above its entity and a warning that points at it") {
  Workspace ws = SmallWorkspace();
  std::vector<EntityNote> notes = {
      NoteAbout(EntityNote::Scope::kEntity, EntityKind::kUser, "ada@acme.io",
                "invited, not yet active"),
      NoteAbout(EntityNote::Scope::kWorkspace, EntityKind::kUser, "",
                "something about the workspace\nsecond line")};
  WrittenConfiguration config = WriteConfiguration(ws, notes);
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

  CheckedConfig checked = LoadImported(Wrap(ws, notes), "x/", PipelineOptions{});
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

TEST_CASE("live: a role is written only where it differs from the built-in default") {
  Workspace ws = SmallWorkspace();
  std::string roles = WriteConfiguration(ws, {}).files[2].text;
  CHECK(roles.find("\nroles: {}\n") != std::string::npos);

  ws.end_user = Role{};
  ws.end_user.role = UserRole::kEndUser;
  ws.end_user.configured = true;
  std::vector<EntityNote> notes = {
      NoteAbout(EntityNote::Scope::kRole, EntityKind::kUser, "builder", "a builder note")};
  roles = WriteConfiguration(ws, notes).files[2].text;
  CHECK(roles.find("roles:\n  end-user:\n    permissions: []\n    apps: []\n    dataSources: []\n") !=
        std::string::npos);
  CHECK(roles.find("builder:") == std::string::npos);
  // The note of a role that is not written stands above `roles:`, naming it.
  CHECK(roles.find("# stagegate import: the builder role: a builder note\nroles:\n") !=
        std::string::npos);
}

TEST_CASE("live: a role has the built-in grants whatever their order") {
  Role builder = BuiltInRole(UserRole::kBuilder);
  builder.configured = true;
  CHECK(HasBuiltInGrants(builder));
  std::reverse(builder.permissions.begin(), builder.permissions.end());
  CHECK(HasBuiltInGrants(builder));
  builder.permissions.pop_back();
  CHECK_FALSE(HasBuiltInGrants(builder));
  Role end_user = BuiltInRole(UserRole::kEndUser);
  CHECK(HasBuiltInGrants(end_user));
  end_user.apps[0].environments->push_back(Ref{"production", Location{}, 1});
  CHECK_FALSE(HasBuiltInGrants(end_user));
  end_user = BuiltInRole(UserRole::kEndUser);
  end_user.apps[0].level = AppLevel::kEdit;
  CHECK_FALSE(HasBuiltInGrants(end_user));
  CHECK_FALSE(HasBuiltInGrants(BuiltInRole(UserRole::kAdmin)));
}

TEST_CASE("live: a note names its entity on one line") {
  EntityNote note = NoteAbout(EntityNote::Scope::kEntity, EntityKind::kDataSource, "hr\napi", "m");
  CHECK(NoteMessage(note) == "data source 'hr api': m");
  note.scope = EntityNote::Scope::kRole;
  note.name = "end-user";
  CHECK(NoteMessage(note) == "the end-user role: m");
  note.scope = EntityNote::Scope::kWorkspace;
  CHECK(NoteMessage(note) == "m");
  CHECK(OneLine("a\tb\x7f") == "a b ");
  CHECK(OriginPath("acme", {"users", "u1"}) == "tooljet:acme/users/u1");
  CHECK(OriginPath("acme", {"apps", ""}) == "tooljet:acme/apps");
  CHECK(OriginPath("acme", {}) == "tooljet:acme");
}

// Sets an environment variable for one scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    const char* old = std::getenv(name);
    if (old != nullptr) old_ = old;
    if (value != nullptr) {
      setenv(name, value, 1);
    } else {
      unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST_CASE("live: STAGEGATE_DB_STATEMENT_TIMEOUT is whole seconds from 1 to 86400, or an error") {
  for (const char* good : {"1", "30", "86400"}) {
    ScopedEnv env("STAGEGATE_DB_STATEMENT_TIMEOUT", good);
    ReadRequest request;
    Diagnostics diags;
    CHECK(RequestFromEnvironment("postgresql://x@/y", "acme", &request, diags));
    CHECK(request.pg.statement_timeout.count() == std::stol(good));
    CHECK(request.workspace == "acme");
    CHECK(diags.items().empty());
  }
  {
    ScopedEnv env("STAGEGATE_DB_STATEMENT_TIMEOUT", nullptr);
    ReadRequest request;
    Diagnostics diags;
    CHECK(RequestFromEnvironment("postgresql://x@/y", "", &request, diags));
    CHECK(request.pg.statement_timeout.count() == 120);
  }
  for (const char* bad : {"0", "-5", "abc", "10s", "86401", " 5", "99999999999999999999999"}) {
    INFO(bad);
    ScopedEnv env("STAGEGATE_DB_STATEMENT_TIMEOUT", bad);
    ReadRequest request;
    Diagnostics diags;
    CHECK_FALSE(RequestFromEnvironment("postgresql://x@/y", "", &request, diags));
    REQUIRE(diags.items().size() == 1);
    CHECK(diags.items()[0].severity == Severity::kError);
    CHECK(diags.items()[0].code == Code::kDatabaseConnection);
    CHECK(diags.items()[0].message ==
          "STAGEGATE_DB_STATEMENT_TIMEOUT must be a whole number of seconds from 1 to 86400 (a "
          "day); unset it for the default of 120 s");
  }
}

}  // namespace stagegate::live
