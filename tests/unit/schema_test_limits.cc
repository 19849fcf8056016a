// Schema stage tests on the schema file itself (bounded patterns, the
// annotations editors and messages rely on) and on huge values: valijson
// matches `pattern` with std::regex, which recurses per character, so every
// pattern must be bounded and a 1,000,000-character value must still get a
// proper diagnostic.
#include <catch2/catch.hpp>

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "schema/schema.h"
#include "source/headline.h"
#include "yaml/loader.h"

namespace stagegate {
namespace {

using Json = nlohmann::json;

// True when `regex` has a quantifier without an upper bound: *, + or {n,}
// outside a character class and not escaped.
bool HasUnboundedQuantifier(const std::string& regex) {
  bool in_class = false;
  for (size_t i = 0; i < regex.size(); ++i) {
    char c = regex[i];
    if (c == '\\') {
      ++i;  // an escaped character is a literal
      continue;
    }
    if (in_class) {
      in_class = c != ']';
      continue;
    }
    if (c == '[') in_class = true;
    if (c == '*' || c == '+') return true;
    if (c == '{') {
      size_t close = regex.find('}', i);
      if (close != std::string::npos && regex[close - 1] == ',') return true;
    }
  }
  return false;
}

// Every schema object in the document, with its JSON pointer.
void ForEachSchema(const Json& node, const std::string& pointer,
                   const std::function<void(const Json&, const std::string&)>& visit) {
  if (node.is_object()) {
    visit(node, pointer);
    for (auto it = node.begin(); it != node.end(); ++it) {
      ForEachSchema(it.value(), pointer + "/" + it.key(), visit);
    }
  } else if (node.is_array()) {
    for (size_t i = 0; i < node.size(); ++i) {
      ForEachSchema(node[i], pointer + "/" + std::to_string(i), visit);
    }
  }
}

Json Schema() { return Json::parse(EmbeddedSchema()); }

TEST_CASE("the unbounded-quantifier detector") {
  CHECK(HasUnboundedQuantifier("^a*$"));
  CHECK(HasUnboundedQuantifier("^[a-z]+$"));
  CHECK(HasUnboundedQuantifier("^a{2,}$"));
  CHECK(HasUnboundedQuantifier("^(ab)*$"));
  CHECK_FALSE(HasUnboundedQuantifier("^\\*$"));
  CHECK_FALSE(HasUnboundedQuantifier("^[*+]{0,3}$"));
  CHECK_FALSE(HasUnboundedQuantifier("^[a-z][a-z0-9-]{0,31}$"));
  CHECK_FALSE(HasUnboundedQuantifier("^a?b{1,8}$"));
}

TEST_CASE("every pattern of the schema is bounded") {
  int patterns = 0;
  ForEachSchema(Schema(), "", [&](const Json& schema, const std::string& pointer) {
    if (schema.contains("pattern") && schema["pattern"].is_string()) {
      ++patterns;
      INFO(pointer << ": " << schema["pattern"].get<std::string>());
      CHECK_FALSE(HasUnboundedQuantifier(schema["pattern"].get<std::string>()));
    }
    if (schema.contains("patternProperties") && schema["patternProperties"].is_object()) {
      for (auto it = schema["patternProperties"].begin(); it != schema["patternProperties"].end();
           ++it) {
        ++patterns;
        INFO(pointer << "/patternProperties: " << it.key());
        CHECK_FALSE(HasUnboundedQuantifier(it.key()));
      }
    }
  });
  CHECK(patterns >= 6);
}

TEST_CASE("the schema documents itself for editors and for messages") {
  Json schema = Schema();
  CHECK(schema["$schema"] == "http://json-schema.org/draft-07/schema#");
  CHECK(schema["title"].is_string());
  ForEachSchema(schema, "", [&](const Json& node, const std::string& pointer) {
    // Every property has a description (yaml-language-server shows them).
    if (pointer.size() > 11 && pointer.rfind("/properties") == pointer.size() - 11) {
      for (auto it = node.begin(); it != node.end(); ++it) {
        INFO(pointer << "/" << it.key());
        CHECK(it.value().contains("description"));
      }
    }
    // Messages say what a name rule is and what an allowed value is called.
    if (node.contains("pattern")) {
      INFO(pointer);
      CHECK(node.contains("x-rule"));
    }
    if (node.contains("enum")) {
      INFO(pointer);
      CHECK(node.contains("x-label"));
    }
    // oneOf / anyOf make errors ambiguous; "type": [...] says the same.
    CHECK_FALSE(node.contains("oneOf"));
    CHECK_FALSE(node.contains("anyOf"));
  });
}

TEST_CASE("a 1,000,000-character name passes the schema: ToolJet sets names no limit") {
  const std::string huge(1000000, 'a');
  for (const std::string& yaml : {
           "users:\n  ? " + huge + "@b.io\n  : {role: admin}\n",
           // Block style: the loader refuses flow collections over 256 KiB.
           "groups:\n  ? " + huge + "\n  :\n    members:\n      - " + huge + "\n",
           "apps:\n  ? " + huge + "\n  :\n    owner: " + huge + "\n    constants:\n      - " +
               huge + "\n",
           "dataSources:\n  ? " + huge + "\n  : {kind: pg}\n",
           "constants:\n  ? " + huge + "\n  : {type: global}\n",
           "groups:\n  g:\n    apps:\n      - apps:\n          - " + huge +
               "\n        permission: edit\n",
           "assertions:\n  - user: " + huge + "\n",
       }) {
    MemoryFileSystem fs;
    fs.AddFile("/cfg/a.yaml", yaml);
    Diagnostics load;
    LoadedConfig config = Load(fs, {"/cfg"}, LoadLimits{}, load);
    REQUIRE(load.empty());
    Diagnostics diags;
    ValidateSchema(config, diags);
    CHECK(diags.empty());
  }
}

TEST_CASE("a 1,000,000-character value in every pattern-checked place gets a diagnostic") {
  const std::string huge(1000000, 'a');
  const std::string shown = "'" + std::string(64, 'a') + "...'";
  const std::string env_rule =
      " must start with a lowercase letter and use only a-z, 0-9 and '-', at most 32 characters "
      "[invalid-value]";
  const std::string column_rule =
      " must be an environment name or 'released' (a lowercase letter, then a-z, 0-9 and '-', "
      "at most 32 characters) [invalid-value]";
  struct Case {
    std::string yaml;
    std::string headline;
  } cases[] = {
      // Keys (explicit "? key" syntax: YAML limits implicit keys to 1024 characters).
      {"dataSources:\n  db:\n    kind: pg\n    environments:\n      ? " + huge + "\n      : {}\n",
       "5:9: error: environment name " + shown + env_rule},
      {"constants:\n  X:\n    values:\n      ? " + huge + "\n      : x\n    type: global\n",
       "4:9: error: environment name " + shown + env_rule},
      {"assertions:\n  - user: a@b.io\n    expect:\n      ? " + huge + "\n      : run\n",
       "4:9: error: column " + shown + column_rule},
      // Values, in block style (the loader refuses flow collections over 256 KiB).
      {"environments:\n  - " + huge + "\n  - b\n",
       "2:5: error: environment name " + shown + env_rule},
      {"groups:\n  g:\n    apps:\n      - apps: '*'\n        permission: edit\n"
       "        environments:\n          - " +
           huge + "\n",
       "7:13: error: environment " + shown + column_rule},
      {"groups:\n  g:\n    apps:\n      - apps: " + huge + "\n        permission: edit\n",
       "4:15: error: 'apps' in app grant 1 of group 'g' must be \"*\" (all apps) or a list of "
       "app names; write [" +
           std::string(64, 'a') + "...] for a single app [invalid-value]"},
      {"apps:\n  p:\n    versions:\n      - name: v\n        environment: " + huge +
           "0_\n        status: draft\n",
       "5:22: error: environment name " + shown + env_rule},
      {"dataSources:\n  db:\n    kind: " + huge + "A\n",
       "3:11: error: data source kind " + shown +
           " must start with a lowercase letter and use only a-z, 0-9, '_' and '-', at most 64 "
           "characters [invalid-value]"},
      {"constants:\n  X:\n    values:\n      dev:\n        fromEnv: " + huge + "-\n    type: secret\n",
       "5:18: error: 'fromEnv' in the value for 'dev' of constant 'X' must be an environment "
       "variable name (letters, digits and '_', not starting with a digit, at most 128 "
       "characters) [invalid-value]"},
      {"users:\n  a@b.io:\n    role: " + huge + "\n",
       "3:11: error: " + shown + " is not a role; use admin, builder or end-user [invalid-value]"},
  };
  for (const Case& c : cases) {
    INFO(c.headline);
    MemoryFileSystem fs;
    fs.AddFile("/cfg/a.yaml", c.yaml);
    Diagnostics load;
    LoadedConfig config = Load(fs, {"/cfg"}, LoadLimits{}, load);
    for (const Diagnostic& d : load.items()) FAIL_CHECK(FormatHeadline(config.sources, d));
    REQUIRE(load.empty());
    Diagnostics diags;
    ValidateSchema(config, diags);
    REQUIRE(diags.items().size() == 1);
    std::string headline = FormatHeadline(config.sources, diags.items()[0]);
    CHECK(headline.substr(headline.find("a.yaml:") + 7) == c.headline);
  }
}

}  // namespace
}  // namespace stagegate
