// Tests of secret handling in the model stage: RedactSecrets hides secret
// values from every code frame (whatever line a finding is on), the
// workspace never stores them, and the shared template / credential-key
// rules.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "model/template.h"
#include "model/workspace.h"
#include "pipeline_support.h"
#include "render/diagnostics_text.h"

namespace stagegate {
namespace {

using testing::Staged;

// load -> redact -> build (pipeline_support.h, ModelStages).
Staged BuildYaml(const std::string& text) {
  return Staged({{"a.yaml", text}}, testing::ModelStages());
}

// A finding at every column 1 and every value's column of every line,
// rendered with code frames: what any stage could ever print.
std::string RenderEveryLine(const SourceSet& sources) {
  std::string out;
  const SourceFile& file = sources.file(0);
  for (uint32_t line = 1; line <= file.line_count(); ++line) {
    for (uint32_t column : {1u, 10u, 20u}) {
      Diagnostic d;
      d.location = Location{0, line, column};
      d.length = 40;
      d.message = "finding";
      d.related.push_back({Location{0, line, 1}, "related"});
      out += FormatDiagnostic(sources, d, PrintOptions{});
    }
  }
  return out;
}

const char kSecrets[] = R"(version: 1
constants:
  DB_PASSWORD:
    type: secret
    values:
      development: hunter2
      staging: {fromEnv: STG_DB_PASSWORD}
      production: |
        multi-line-secret-1

        multi-line-secret-2
  MAYBE:
    values: {development: typo-secret}
    type: secrett
  UNTYPED: untyped-secret
  API_URL:
    type: global
    values: {development: https://api.dev}
dataSources:
  db:
    kind: postgresql
    environments:
      development:
        host: dev-db
        password: "{{secrets.DB_PASSWORD}}"
        api_key: literal-api-key
        clientSecret: 'literal-client-secret'
        url: postgres://app:url-password@db:5432/x
        pass_token: "{{constants.API_URL}}"
      production:
        private_key: >
          folded-secret-1
          folded-secret-2
        host: prod-db
        token: "quoted-secret-1
          quoted-secret-2"
        port: 5432
      staging: {Password: flow-secret, host: stg-db, headers: [[X-API-Key, pair-secret], [Accept, json]], body: {auth: {api_key: [nested-secret]}}, access_token_url: https://token.example}
)";

TEST_CASE("redact: no code frame ever shows a secret value") {
  Staged b = BuildYaml(kSecrets);
  REQUIRE(b.diags.items().empty());
  std::string out = RenderEveryLine(b.loaded.sources);
  for (const char* secret :
       {"hunter2", "multi-line-secret", "typo-secret", "untyped-secret", "literal-api-key",
        "literal-client-secret", "url-password", "folded-secret", "quoted-secret", "flow-secret",
        "pair-secret", "nested-secret"}) {
    INFO(secret);
    CHECK(out.find(secret) == std::string::npos);
  }
  // What is not secret stays readable.
  for (const char* visible : {"STG_DB_PASSWORD", "{{secrets.DB_PASSWORD}}", "dev-db", "prod-db",
                              "https://api.dev", "port: 5432", "type: secrett"}) {
    INFO(visible);
    CHECK(out.find(visible) != std::string::npos);
  }
}

TEST_CASE("redact: the mask starts at the value, keys stay readable") {
  Staged b = BuildYaml(kSecrets);
  Diagnostic d;
  d.location = Location{0, 6, 7};
  d.length = 11;
  d.message = "finding";
  CHECK(FormatDiagnostic(b.loaded.sources, d, PrintOptions{}) ==
        "a.yaml:6:7: error: finding [yaml-syntax]\n"
        "    6 |       development: ********\n"
        "      |       ^~~~~~~~~~~\n");
  d.location = Location{0, 26, 18};
  CHECK(FormatDiagnostic(b.loaded.sources, d, PrintOptions{}) ==
        "a.yaml:26:18: error: finding [yaml-syntax]\n"
        "   26 |         api_key: ********\n"
        "      |                  ^~~~~~~~\n");
}

TEST_CASE("redact: the workspace never stores secret values") {
  Staged b = BuildYaml(kSecrets);
  const Constant* password = b.ws().FindConstant("DB_PASSWORD");
  REQUIRE(password != nullptr);
  REQUIRE(password->values.size() == 3);
  for (const ConstantValue& v : password->values) CHECK(v.text.empty());
  CHECK(password->FindValue("development")->literal);
  CHECK(password->FindValue("production")->literal);
  CHECK_FALSE(password->FindValue("staging")->literal);
  const Constant* maybe = b.ws().FindConstant("MAYBE");
  REQUIRE(maybe != nullptr);
  CHECK(maybe->values[0].text.empty());

  const DataSource* db = b.ws().FindDataSource("db");
  REQUIRE(db != nullptr);
  for (const DataSourceEnvironment& env : db->environments) {
    for (const DataSourceOption& o : env.options) {
      INFO(o.key.name);
      if (o.credential && o.value.rfind("{{", 0) != 0) {
        CHECK(o.value.empty());
        CHECK(o.withheld);
      }
    }
  }
  const DataSourceEnvironment* dev = db->FindEnvironment("development");
  REQUIRE(dev != nullptr);
  // A template reference in a credential option is kept (it is no value).
  auto option = [&](const char* key) -> const DataSourceOption& {
    for (const DataSourceOption& o : dev->options) {
      if (o.key.name == key) return o;
    }
    FAIL(key);
    return dev->options[0];
  };
  CHECK(option("pass_token").value == "{{constants.API_URL}}");
  CHECK(option("password").value == "{{secrets.DB_PASSWORD}}");
  CHECK(option("api_key").withheld);
  CHECK(option("host").value == "dev-db");
  CHECK_FALSE(option("host").credential);

  // Inside lists and mappings: under a credential-like mapping key or pair
  // name, withheld; the rest kept as written.
  const DataSourceEnvironment* staging = db->FindEnvironment("staging");
  REQUIRE(staging != nullptr);
  std::vector<std::string> kept;
  for (const DataSourceOption& o : staging->options) {
    for (const OptionItem& item : o.items) {
      if (item.withheld) CHECK(item.text.empty());
      if (item.kind == NodeKind::kString && !item.withheld) kept.push_back(item.text);
    }
    if (o.key.name == "access_token_url") {
      CHECK_FALSE(o.credential);
      CHECK(o.value == "https://token.example");
    }
  }
  CHECK(kept == std::vector<std::string>{"X-API-Key", "Accept", "json"});
  size_t withheld = 0;
  for (const DataSourceOption& o : staging->options) {
    for (const OptionItem& item : o.items) withheld += item.withheld ? 1 : 0;
  }
  CHECK(withheld == 2);
}

TEST_CASE("templates: references found in values, spaces allowed inside braces") {
  std::vector<TemplateRef> refs =
      FindTemplates("a {{ constants.X }} b {{secrets.Y_2}} {{env.Z}} {{secrets.}} {{oops");
  REQUIRE(refs.size() == 5);
  CHECK(refs[0].kind == TemplateKind::kConstant);
  CHECK(refs[0].name == "X");
  CHECK(refs[0].offset == 2);
  CHECK(refs[0].length == 17);
  CHECK(refs[1].kind == TemplateKind::kSecret);
  CHECK(refs[1].name == "Y_2");
  CHECK(refs[2].kind == TemplateKind::kInvalid);
  CHECK(refs[3].kind == TemplateKind::kInvalid);
  CHECK(refs[4].kind == TemplateKind::kInvalid);
  CHECK_FALSE(refs[4].closed);
  CHECK(FindTemplates("plain").empty());
}

TEST_CASE("templates: a single reference is exactly one, whitespace aside") {
  CHECK(IsSingleReference("{{secrets.DB}}", TemplateKind::kSecret));
  CHECK(IsSingleReference("  {{ secrets.DB }} ", TemplateKind::kSecret));
  CHECK_FALSE(IsSingleReference("{{secrets.DB}}", TemplateKind::kConstant));
  CHECK_FALSE(IsSingleReference("x{{secrets.DB}}", TemplateKind::kSecret));
  CHECK_FALSE(IsSingleReference("{{secrets.DB}}{{secrets.DB}}", TemplateKind::kSecret));
  CHECK_FALSE(IsSingleReference("{{secrets.DB}}}", TemplateKind::kSecret));
  CHECK_FALSE(IsSingleReference("{{secrets.1DB}}", TemplateKind::kSecret));
  CHECK(IsSingleAnyReference("{{constants.A}}"));
  CHECK_FALSE(IsSingleAnyReference("{{env.A}}"));
}

TEST_CASE("credential keys: the format's words, any case and separator") {
  for (const char* key : {"password", "db_password", "PASSWORD", "passwd", "token", "accessToken",
                          "api_key", "apiKey", "X-API-KEY", "client_secret", "clientSecret",
                          "private_key", "privateKey", "secret", "secret_access_key"}) {
    INFO(key);
    CHECK(IsCredentialKey(key));
  }
  for (const char* key : {"tokenData", "refresh_token", "secretAccessKey", "X-API-KEY"}) {
    INFO(key);
    CHECK(IsCredentialKey(key));
  }
  // Where or how a credential is used is no credential (ToolJet keeps OAuth's
  // access_token_url and add_token_to in clear).
  for (const char* key : {"access_token_url", "accessTokenUrl", "add_token_to", "token_type",
                          "private_key_path", "access_token_custom_headers", "secret_name",
                          "PASSWORD_FILE"}) {
    INFO(key);
    CHECK_FALSE(IsCredentialKey(key));
  }
  for (const char* key : {"host", "port", "username", "database", "url", "key", "api", "ssl"}) {
    INFO(key);
    CHECK_FALSE(IsCredentialKey(key));
  }
}

}  // namespace
}  // namespace stagegate
