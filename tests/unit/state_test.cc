// The state file reader: StateToJson -> ReadState -> AccessMatrix::Compile
// -> StateToJson gives the same bytes (examples/nexora and edge cases), and
// the exact messages for a file that is not JSON, not a state file, or of
// another version.
#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "access/access.h"
#include "pipeline_support.h"
#include "state/state_json.h"
#include "state/state_reader.h"

namespace stagegate {
namespace {

using testing::Files;

// The state file of a configuration that must have no errors.
std::string CompileToState(const Files& files) {
  return StateToJson(
      testing::Staged(files, testing::Pipeline().In("/cfg").WithoutErrors()).matrix());
}

struct ReadResult {
  SourceSet sources;
  Diagnostics diags;
  std::unique_ptr<Workspace> ws = std::make_unique<Workspace>();
  bool ok = false;
  std::vector<std::string> Headlines() const { return testing::Headlines(sources, diags); }
};

ReadResult Read(const std::string& text) {
  ReadResult r;
  uint32_t id = r.sources.Add("state.json", text);
  r.ok = ReadState(r.sources.file(id).text(), id, r.ws.get(), r.diags);
  return r;
}

// state -> workspace -> matrix -> state.
std::string RoundTrip(const std::string& state) {
  ReadResult r = Read(state);
  INFO(testing::Headlines(r.sources, r.diags).size());
  REQUIRE(r.ok);
  REQUIRE(r.diags.empty());
  AccessMatrix matrix = AccessMatrix::Compile(*r.ws);
  return StateToJson(matrix);
}


// Built-in roles, a disabled user, owners (one spelt in capitals), grants
// with absent, empty and listed environments, hideFromDashboard, data source
// options of every YAML type, secrets from the environment, an app with no
// released version.
const char* const kEdgeConfig = R"(version: 1
workspace: edge
environments: [dev, qa, prod]
versionRules: default
users:
  Ann@Example.com: {name: Ann, role: builder}
  bob@example.com: {role: builder, disabled: true}
  carl@example.com: {name: Carl, role: end-user}
  dee@example.com: {name: Dee, role: admin}
groups:
  makers:
    description: makers
    members: [ann@example.com, bob@example.com]
    permissions: [appPromote, appRelease]
    apps:
      - {apps: [portal], permission: edit}
      - {apps: [ledger], permission: edit, environments: []}
      - {apps: "*", permission: view, environments: [qa, released], hideFromDashboard: true}
    dataSources:
      - {dataSources: [db], permission: configure}
  viewers:
    members: [carl@example.com]
    apps:
      - {apps: [portal], permission: view}
    dataSources:
      - {dataSources: "*", permission: use}
dataSources:
  db:
    kind: postgresql
    environments:
      dev:  {host: "{{constants.HOST}}", port: 5432, sport: "5432", hex: 0x1F, ratio: 1.5,
             big: 1e300, inf: .inf, ssl: true, password: "{{secrets.DB_PASSWORD}}"}
      qa:   {host: "{{constants.HOST}}", port: 5433, password: "{{secrets.DB_PASSWORD}}"}
      prod: {host: "{{constants.HOST}}", port: 5434, password: "{{secrets.DB_PASSWORD}}"}
constants:
  HOST:
    type: global
    values: {dev: dev.internal, qa: qa.internal, prod: prod.internal}
  DB_PASSWORD:
    type: secret
    values: {dev: {fromEnv: DEV_PW}, qa: {fromEnv: QA_PW}, prod: {fromEnv: PROD_PW}}
apps:
  portal:
    owner: ann@example.com
    dataSources: [db]
    constants: [HOST]
    versions:
      - {name: v1, environment: prod, status: released}
      - {name: v2, environment: dev, status: draft}
  ledger:
    owner: Dee@Example.com
    dataSources: [db]
    versions:
      - {name: v1, environment: qa, status: published}
  empty: {}
)";

TEST_CASE("state round trip: examples/nexora gives the same bytes") {
  std::string state = CompileToState(testing::NexoraFiles());
  CHECK(RoundTrip(state) == state);
}

TEST_CASE("state round trip: edge configuration gives the same bytes") {
  std::string state = CompileToState({{"a.yaml", kEdgeConfig}});
  // The edge cases are really in it.
  CHECK(state.find("\"environments\": []") != std::string::npos);
  CHECK(state.find("\"fromEnv\": \"DEV_PW\"") != std::string::npos);
  CHECK(state.find("\"configured\": false") != std::string::npos);
  std::string again = RoundTrip(state);
  CHECK(again == state);
  // And a second trip is stable too.
  CHECK(RoundTrip(again) == state);
}

TEST_CASE("state round trip: the workspace read back keeps absent and empty environments apart") {
  ReadResult r = Read(CompileToState({{"a.yaml", kEdgeConfig}}));
  REQUIRE(r.ok);
  const Group* makers = r.ws->FindGroup("makers");
  REQUIRE(makers);
  REQUIRE(makers->apps.size() == 3);
  int absent = 0, empty = 0;
  for (const AppGrant& g : makers->apps) {
    if (!g.environments) ++absent;
    else if (g.environments->empty()) ++empty;
  }
  CHECK(absent == 1);
  CHECK(empty == 1);
  const User* bob = r.ws->FindUser("bob@example.com");
  REQUIRE(bob);
  CHECK(bob->disabled);
  const App* ledger = r.ws->FindApp("ledger");
  REQUIRE(ledger);
  REQUIRE(ledger->owner);
  CHECK(ledger->owner->name == "dee@example.com");
  const Constant* pw = r.ws->FindConstant("DB_PASSWORD");
  REQUIRE(pw);
  REQUIRE(pw->values.size() == 3);
  CHECK(pw->values[0].from_env == "DEV_PW");
  CHECK(r.ws->environments.size() == 3);
  CHECK(r.ws->version_rules == VersionRules::kDefault);
}

TEST_CASE("state round trip: withheld values stay withheld") {
  std::string state = CompileToState({{"a.yaml", kEdgeConfig}});
  auto replace_all = [&](const std::string& from, const std::string& to) {
    for (size_t at = state.find(from); at != std::string::npos; at = state.find(from, at)) {
      state.replace(at, from.size(), to);
      at += to.size();
    }
  };
  replace_all("\"password\": \"{{secrets.DB_PASSWORD}}\"",
              "\"password\": {\"withheld\": true}");
  replace_all("{\n          \"fromEnv\": \"DEV_PW\"\n        }", "{\"withheld\": true}");
  std::string once = RoundTrip(state);
  CHECK(once.find("DEV_PW") == std::string::npos);
  CHECK(once.find("secrets.DB_PASSWORD") == std::string::npos);
  CHECK(once.find("\"withheld\": true") != std::string::npos);
  CHECK(RoundTrip(once) == once);
}

TEST_CASE("state round trip: configured roles and strict version rules") {
  const char* config = R"(version: 1
environments: [a, b]
versionRules: strict
roles:
  builder: {permissions: [appCreate], apps: [{apps: "*", permission: view}]}
  end-user: {permissions: [], apps: []}
users:
  x@y.io: {role: builder}
)";
  std::string state = CompileToState({{"a.yaml", config}});
  CHECK(RoundTrip(state) == state);
}

TEST_CASE("state reader: not a state file") {
  for (const char* text : {"{\"version\": 1}\n", "[1, 2]\n", "\"x\"\n"}) {
    ReadResult r = Read(text);
    CHECK_FALSE(r.ok);
    CHECK(r.Headlines() ==
          std::vector<std::string>{"state.json: error: not a stagegate state file; write one with "
                                   "'stagegate compile --format json' [invalid-state-file]"});
  }
}

TEST_CASE("state reader: another version") {
  ReadResult r = Read("{\"stagegate_state\": 2, \"users\": {}}\n");
  CHECK_FALSE(r.ok);
  CHECK(r.Headlines() ==
        std::vector<std::string>{
            "state.json: error: state file version 2 is not supported: this stagegate reads "
            "version 1; regenerate it with 'stagegate compile --format json' "
            "[unsupported-state-version]"});
}

TEST_CASE("state reader: a JSON syntax error is located") {
  ReadResult r = Read("{\n  \"stagegate_state\": 1,\n  \"users\": {,}\n}\n");
  CHECK_FALSE(r.ok);
  CHECK(r.Headlines() ==
        std::vector<std::string>{
            "state.json:3:13: error: state file is not valid JSON: syntax error while parsing "
            "object key - unexpected ','; expected string literal; regenerate it with "
            "'stagegate compile --format json' [invalid-state-file]"});
}

TEST_CASE("state reader: \"access\" is skipped unread, strings and brackets in it included") {
  // Brackets, quotes and backslashes inside strings must not end the
  // skipped value early; long enough that the 16-byte blocks see each case
  // at several alignments.
  std::string access = "{\"a\": [\"}]\\\"{[\", {\"b\\\\\": \"]\"}], \"c\": \"\\\\\"";
  for (int i = 0; i < 40; ++i) access += std::string(i % 17, ' ') + ", \"k" + std::to_string(i) + "\": [1, {\"x\": \"[{\\\"\"}]";
  access += "}";
  const std::string users = "\"users\": {\"a@b.io\": {\"email\": \"a@b.io\", \"role\": \"builder\"}}";
  ReadResult r = Read("{\"access\": " + access + ", \"stagegate_state\": 1, " + users + "}");
  INFO(r.Headlines().size());
  CHECK(r.ok);
  CHECK(r.diags.empty());
  REQUIRE(r.ws->users.size() == 1);
  CHECK(r.ws->users[0].email == "a@b.io");

  // An error after the skipped section is located in the file as written.
  ReadResult bad = Read("{\"access\": " + access + ",\n \"stagegate_state\": 1,\n \"users\": {,}}");
  CHECK_FALSE(bad.ok);
  CHECK(bad.Headlines() ==
        std::vector<std::string>{
            "state.json:3:12: error: state file is not valid JSON: syntax error while parsing "
            "object key - unexpected ','; expected string literal; regenerate it with "
            "'stagegate compile --format json' [invalid-state-file]"});

  // An "access" that never ends is left to the JSON library, which locates it.
  ReadResult open = Read("{\"stagegate_state\": 1, \"access\": {\"a\": [1, 2}");
  CHECK_FALSE(open.ok);
  REQUIRE(open.Headlines().size() == 1);
  CHECK(open.Headlines()[0].rfind("state.json:1:", 0) == 0);
  CHECK(open.Headlines()[0].find("[invalid-state-file]") != std::string::npos);
}

TEST_CASE("state reader: \"access\" indented otherwise than stagegate writes it is still skipped") {
  // The reader first guesses where "access" ends from the indentation
  // stagegate writes (the first line after it starting with two spaces and
  // '}'); an inner line indented that way makes the guess cut too early, and
  // the exact scan must then take over.
  std::string state = CompileToState(testing::NexoraFiles());
  const size_t access = state.find("\"access\"");
  const size_t inner = state.find("\n      }", access);
  REQUIRE(access != std::string::npos);
  REQUIRE(inner != std::string::npos);
  REQUIRE(inner < state.find("\n  }", access));
  std::string reindented = state;
  reindented.replace(inner, 8, "\n  }");
  CHECK(RoundTrip(reindented) == state);
  // Written on one line, with no such line at all, it is read the same.
  std::string one_line;
  for (char c : state) {
    if (c != '\n') one_line += c;
  }
  CHECK(RoundTrip(one_line) == state);
}

TEST_CASE("state reader: an empty file is located at its end") {
  ReadResult r = Read("");
  CHECK_FALSE(r.ok);
  CHECK(r.Headlines() ==
        std::vector<std::string>{
            "state.json:1:1: error: state file is not valid JSON: syntax error while parsing "
            "value - unexpected end of input; expected '[', '{', or a literal; regenerate it "
            "with 'stagegate compile --format json' [invalid-state-file]"});
}

TEST_CASE("state reader: fields of the wrong type are named") {
  ReadResult r = Read(R"({"stagegate_state": 1,
 "users": {"a@b.io": {"email": 3, "role": "boss", "disabled": false}},
 "groups": []})");
  CHECK_FALSE(r.ok);
  CHECK(r.Headlines() ==
        std::vector<std::string>{
            "state.json: error: state file field 'users.a@b.io.email' must be a string; "
            "regenerate it with 'stagegate compile --format json' [invalid-state-file]",
            "state.json: error: state file field 'users.a@b.io.role' has an unknown value "
            "'boss'; regenerate it with 'stagegate compile --format json' [invalid-state-file]",
            "state.json: error: state file field 'groups' must be an object; regenerate it with "
            "'stagegate compile --format json' [invalid-state-file]"});
}

TEST_CASE("state reader: unknown fields are ignored and missing sections are empty") {
  ReadResult r = Read(R"({"stagegate_state": 1, "future": {"x": 1},
 "users": {"a@b.io": {"email": "A@b.io", "role": "builder", "shiny": true}}})");
  CHECK(r.ok);
  CHECK(r.diags.empty());
  REQUIRE(r.ws->users.size() == 1);
  CHECK(r.ws->users[0].email == "A@b.io");
  CHECK(r.ws->apps.empty());
  CHECK_FALSE(r.ws->builder.configured);
}

}  // namespace
}  // namespace stagegate

namespace stagegate {
namespace {

TEST_CASE("state file: accessRules server is written, read back and compiled under the server's rules") {
  const char* const config = R"(version: 1
workspace: w
accessRules: server
roles: {builder: {apps: []}}
users: {q@x.io: {role: builder}}
groups:
  qa: {members: [q@x.io], apps: [{apps: [payroll], permission: edit, environments: [staging]}]}
apps:
  payroll:
    versions: [{name: v1, environment: production, status: released}]
)";
  std::string state = CompileToState({{"a.yaml", config}});
  auto j = nlohmann::json::parse(state);
  CHECK(j["workspace"]["accessRules"] == "server");
  ReadResult r = Read(state);
  REQUIRE(r.ok);
  CHECK(r.ws->access_rules == AccessRules::kServer);
  CHECK(RoundTrip(state) == state);
  // A documented configuration's state file has no accessRules, and reads
  // back as documented.
  std::string documented = CompileToState({{"a.yaml", std::string(config).replace(
                                                           std::string(config).find("server"),
                                                           6, "documented")}});
  CHECK(nlohmann::json::parse(documented)["workspace"].count("accessRules") == 0);
  ReadResult d = Read(documented);
  REQUIRE(d.ok);
  CHECK(d.ws->access_rules == AccessRules::kDocumented);
  CHECK(documented != state);
}

TEST_CASE("state file: multiEnvironment false is written and read back, true is left out") {
  const char* const config = R"(version: 1
workspace: w
multiEnvironment: false
apps:
  payroll:
    versions: [{name: v1, environment: development, status: released}]
)";
  std::string state = CompileToState({{"a.yaml", config}});
  auto j = nlohmann::json::parse(state);
  CHECK(j["workspace"]["multiEnvironment"] == false);
  ReadResult r = Read(state);
  REQUIRE(r.ok);
  CHECK_FALSE(r.ws->multi_environment);
  CHECK(RoundTrip(state) == state);
  std::string promotes = CompileToState(
      {{"a.yaml", "version: 1\nworkspace: w\nmultiEnvironment: true\n"}});
  CHECK(nlohmann::json::parse(promotes)["workspace"].count("multiEnvironment") == 0);
  ReadResult p = Read(promotes);
  REQUIRE(p.ok);
  CHECK(p.ws->multi_environment);
}

}  // namespace
}  // namespace stagegate

namespace stagegate {
namespace {

// Lists and mappings as JSON structure (values that look like YAML kept as
// text), {fromEnv} as itself, a withheld credential inside as
// {"withheld": true}; all read back to the same bytes.
TEST_CASE("state round trip: list and mapping options, fromEnv and withheld inside") {
  const char* config = R"(version: 1
environments: [dev, prod]
dataSources:
  api:
    kind: restapi
    environments:
      dev:
        headers: [[X-Env, "no"], [Accept, "007"], ["- x", "#x"], [X-API-Key, literal]]
        body: {z: {deep: [1, 2.5, null, true, "null"]}, a: []}
        client_secret: {fromEnv: TOOLJET_DATASOURCE_API_DEV_CLIENT_SECRET}
      prod: {headers: [], body: {}}
)";
  std::string state = CompileToState({{"a.yaml", config}});
  CHECK(state.find(R"("fromEnv": "TOOLJET_DATASOURCE_API_DEV_CLIENT_SECRET")") != std::string::npos);
  CHECK(state.find("literal") == std::string::npos);
  CHECK(state.find(R"("withheld": true)") != std::string::npos);
  CHECK(state.find(R"("007")") != std::string::npos);
  CHECK(state.find(R"("deep": [)") != std::string::npos);
  CHECK(RoundTrip(state) == state);
}

TEST_CASE("state round trip: a public app (R13) is written, read back and shown for anyone") {
  const std::string state = CompileToState(
      {{"a.yaml", "version: 1\n"
                  "users: {ada@x.io: {role: admin}}\n"
                  "apps:\n"
                  "  careers:\n"
                  "    public: true\n"
                  "    versions: [{name: v1, environment: production, status: released}]\n"
                  "  payroll: {public: false}\n"}});
  CHECK(RoundTrip(state) == state);
  // Only the public app has the key, in the configuration and under access.
  CHECK(state.find("      \"public\": true,\n") != std::string::npos);
  CHECK(state.find("\"public\": false") == std::string::npos);
  CHECK(state.find("\"anyone\": {\n          \"capabilities\": {\n            \"development\": "
                   "\"none\",\n            \"production\": \"none\",\n            "
                   "\"released\": \"use\",") != std::string::npos);
  ReadResult r = Read(state);
  REQUIRE(r.ok);
  CHECK(r.ws->FindApp("careers")->is_public);
  CHECK_FALSE(r.ws->FindApp("payroll")->is_public);
}

TEST_CASE("state reader: public must be a boolean") {
  std::string state =
      CompileToState({{"a.yaml", "version: 1\napps: {careers: {public: true}}\n"}});
  const std::string from = "\"public\": true";
  state.replace(state.find(from), from.size(), "\"public\": \"yes\"");
  ReadResult r = Read(state);
  CHECK_FALSE(r.ok);
  CHECK(r.Headlines() ==
        std::vector<std::string>{"state.json: error: state file field 'apps.careers.public' must be "
                                 "true or false; regenerate it with 'stagegate compile --format "
                                 "json' [invalid-state-file]"});
}

}  // namespace
}  // namespace stagegate
