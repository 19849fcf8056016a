// The live side of constants as ToolJet holds them (issue 22): `import`
// writes a secret sharing its name with a global constant in a second
// document, and environments without a value are left out; `--current`
// compares a decrypted global value with the variable the configuration
// reads it from ({fromEnv: VAR}, as an import without the key writes it).
#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "current/current.h"
#include "live/import.h"
#include "live/write.h"
#include "model/construct.h"

namespace stagegate::live {
namespace {

Ref Name(std::string name) { return Ref{std::move(name), Location{}, 1}; }

ConstantValue Text(const std::string& env, std::string text) {
  ConstantValue v;
  v.environment = Name(env);
  v.kind = NodeKind::kString;
  v.text = std::move(text);
  return v;
}

ConstantValue FromEnv(const std::string& env, std::string variable) {
  ConstantValue v;
  v.environment = Name(env);
  v.kind = NodeKind::kMapping;
  v.from_env = std::move(variable);
  return v;
}

Constant Make(std::string name, ConstantType type, std::vector<ConstantValue> values) {
  Constant c;
  c.name = std::move(name);
  c.type = type;
  c.has_values = c.mapping = true;
  c.values = std::move(values);
  return c;
}

Workspace Live(std::vector<Constant> constants) {
  Workspace ws;
  ws.name = Name("acme");
  ws.environments = {Name("development"), Name("staging"), Name("production")};
  ws.environments_declared = true;
  ws.builder = BuiltInRole(UserRole::kBuilder);
  ws.end_user = BuiltInRole(UserRole::kEndUser);
  ws.constants = std::move(constants);
  FinishWorkspace(ws);
  return ws;
}

TEST_CASE("live: a secret of a global constant's name is written in a second document") {
  Workspace ws = Live({Make("DB", ConstantType::kSecret,
                            {FromEnv("production", "TOOLJET_SECRET_DB_PRODUCTION")}),
                       Make("DB", ConstantType::kGlobal, {Text("development", "db.dev")}),
                       Make("API", ConstantType::kGlobal, {})});
  Imported imported;
  imported.workspace = "acme";
  imported.config = WriteConfiguration(ws, {});
  std::string constants;
  for (const WrittenFile& f : imported.config.files) {
    if (f.name == "constants.yaml") constants = f.text;
  }
  // Environments without a value are left out; a constant with none at all
  // has `values: {}`.
  CHECK(constants.substr(constants.find("constants:")) ==
        "constants:\n"
        "  API:\n"
        "    type: global\n"
        "    values: {}\n"
        "\n"
        "  DB:\n"
        "    type: global\n"
        "    values:\n"
        "      development: db.dev\n"
        "\n"
        "---\n"
        "# Secrets with the name of a global constant above: ToolJet keeps the two apart\n"
        "# ({{constants.NAME}} and {{secrets.NAME}}).\n"
        "constants:\n"
        "  DB:\n"
        "    type: secret\n"
        "    values:\n"
        "      production: {fromEnv: TOOLJET_SECRET_DB_PRODUCTION}\n");
  CheckedConfig checked = LoadImported(imported, "imported/", PipelineOptions{});
  REQUIRE(checked.workspace);
  CHECK(checked.diags.error_count() == 0);
  const Workspace& read = *checked.workspace;
  REQUIRE(read.constants.size() == 3);
  CHECK(read.FindConstant("DB", ConstantType::kGlobal) != nullptr);
  CHECK(read.FindConstant("DB", ConstantType::kSecret) != nullptr);
}

TEST_CASE("live: a decrypted value is compared with the variable the configuration names") {
  std::map<std::string, std::string> variables = {{"HOST_DEV", "db.dev"},
                                                   {"HOST_STAGING", "db.staging-2"}};
  VariableLookup lookup = [&](const std::string& name) -> std::optional<std::string> {
    auto it = variables.find(name);
    if (it == variables.end()) return std::nullopt;
    return it->second;
  };
  Workspace desired = Live({Make("HOST", ConstantType::kGlobal,
                                 {FromEnv("development", "HOST_DEV"),
                                  FromEnv("staging", "HOST_STAGING"),
                                  FromEnv("production", "HOST_PROD")})});
  Workspace current = Live({Make("HOST", ConstantType::kGlobal,
                                 {Text("development", "db.dev"), Text("staging", "db.staging"),
                                  Text("production", "db.prod")})});
  AdoptResult result = AdoptSettings(&current, desired, lookup);
  const Constant& host = current.constants.at(0);
  // Equal: the configuration's form, so no change.
  CHECK(host.values[0].from_env == "HOST_DEV");
  // Different: the live text stays, a change.
  CHECK(host.values[2].environment.name == "staging");
  CHECK(host.values[2].text == "db.staging");
  CHECK(host.values[2].from_env.empty());
  // Not set: taken over and counted, as a value without the key is.
  CHECK(host.values[1].from_env == "HOST_PROD");
  CHECK(result.variables_not_set == 1);
  CHECK(result.values_not_compared == 0);
}

}  // namespace
}  // namespace stagegate::live
