// ValidateSchema: every document of every file against the embedded schema.
//
// For speed, the big sections (users, groups, apps, ...: mappings of name ->
// entry) are not validated in one valijson run per document: valijson copies
// the whole context path at every node, and a path that starts with
// "<root>/users/<e-mail>" costs more than the entry itself. The document runs
// against a copy of the schema whose map sections only check their type;
// then each section's keys are checked here and each entry runs on its own,
// against its definition. The diagnostics are the same either way: they are
// built from the tree path and the schema, not from the run.
#include "schema/schema.h"

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include "schema/schema_checker.h"
#include "schema/schema_document.h"
#include "schema/schema_patterns.h"

namespace stagegate {
namespace {

// The valijson forms of the schema, parsed once per process.
struct CompiledSchema {
  valijson::Schema document;  // map sections reduced to their type
  // Section name -> the schema of one entry of that section.
  std::map<std::string, std::unique_ptr<valijson::Schema>, std::less<>> entries;
  bool ok = false;
  std::string error;
};

// `json` is a copy: its patterns are rewritten for the memo.
void Parse(Json json, valijson::Schema* schema) {
  UseMemoPatterns(&json);
  valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
  AddMemoPatternKeyword(&parser);
  valijson::adapters::NlohmannJsonAdapter adapter(json);
  parser.populateSchema(adapter, *schema);
}

// A "map section": a mapping of names (propertyNames) to entries (an
// additionalProperties schema).
bool IsMapSection(const Json& section) {
  return section.is_object() && section.contains("propertyNames") &&
         section.contains("additionalProperties") && section["additionalProperties"].is_object();
}

// Copies into `out` the definitions `node` refers to ("#/definitions/NAME"),
// and those they refer to: an entry's schema carries only what it uses, not
// every definition (copying and parsing them all, once per section, was a
// third of the schema's compile time).
void CopyDefinitionsUsed(const Json& node, const Json& definitions, Json* out) {
  if (node.is_array()) {
    for (const Json& item : node) CopyDefinitionsUsed(item, definitions, out);
    return;
  }
  if (!node.is_object()) return;
  auto ref = node.find("$ref");
  if (ref != node.end() && ref->is_string()) {
    static constexpr std::string_view kPrefix = "#/definitions/";
    const std::string& pointer = ref->get_ref<const std::string&>();
    if (pointer.rfind(kPrefix, 0) == 0) {
      const std::string name = pointer.substr(kPrefix.size(), pointer.find('/', kPrefix.size()) -
                                                                  kPrefix.size());
      auto target = definitions.find(name);
      if (target != definitions.end() && !out->contains(name)) {
        (*out)[name] = *target;
        CopyDefinitionsUsed(*target, definitions, out);
      }
    }
  }
  for (auto it = node.begin(); it != node.end(); ++it) {
    CopyDefinitionsUsed(it.value(), definitions, out);
  }
}

const CompiledSchema& Compiled() {
  static const CompiledSchema* const compiled = [] {
    auto* c = new CompiledSchema();  // never destroyed
    const SchemaDocument& document = SchemaDocument::Get();
    if (!document.ok()) {
      c->error = document.error();
      return c;
    }
    try {
      Json reduced = document.json();
      for (auto it = reduced["properties"].begin(); it != reduced["properties"].end(); ++it) {
        if (!IsMapSection(it.value())) continue;
        Json entry = it.value()["additionalProperties"];
        Json used = Json::object();
        CopyDefinitionsUsed(entry, document.json()["definitions"], &used);
        entry["definitions"] = std::move(used);
        auto schema = std::make_unique<valijson::Schema>();
        Parse(std::move(entry), schema.get());
        c->entries.emplace(it.key(), std::move(schema));
        it.value().erase("propertyNames");
        it.value().erase("additionalProperties");
      }
      Parse(std::move(reduced), &c->document);
      c->ok = true;
    } catch (const std::exception& e) {
      c->error = e.what();
    }
    return c;
  }();
  return *compiled;
}

void ValidateDocument(const CompiledSchema& compiled, valijson::Validator& validator,
                      PatternMemo& patterns, Node root, Diagnostics& diags) {
  const SchemaDocument& document = SchemaDocument::Get();
  DocumentChecker checker(patterns, diags);
  SchemaPath path{SchemaStep{root, document.Root(), Node(), {}, -1}};
  checker.Run(validator, compiled.document, path);
  for (uint32_t i = 0; i < root.size(); ++i) {
    const Node key = root.key(i);
    const Node section = root.value(i);
    auto entry_schema = compiled.entries.find(key.text());
    if (entry_schema == compiled.entries.end() || !section.is_mapping()) continue;
    path.resize(1);
    path.push_back(
        SchemaStep{section, document.Property(path[0].schema, key.text()), key, key.text(), -1});
    checker.CheckKeys(path);
    for (uint32_t j = 0; j < section.size(); ++j) {
      const Node name = section.key(j);
      path.resize(2);
      path.push_back(SchemaStep{section.value(j), document.Property(path[1].schema, name.text()),
                                name, name.text(), -1});
      checker.Run(validator, *entry_schema->second, path);
    }
  }
}

}  // namespace

namespace {

// Validation state for one thread: valijson's validator and the pattern memo.
class SchemaFileValidator : public FileVisitor {
 public:
  SchemaFileValidator()
      : compiled_(Compiled()),
        validator_(valijson::Validator::kStrongTypes),
        patterns_(SchemaDocument::Get()) {}

  void Visit(const LoadedFile& file, Diagnostics& diags) override {
    if (!compiled_.ok) {
      // Once per file; Diagnostics::Sort keeps one of these identical findings.
      diags.Error(Code::kInvalidValue, Location{},
                  "internal error: the embedded JSON Schema does not load: " + compiled_.error);
      return;
    }
    PatternMemo::Scope scope(&patterns_);
    for (NodeId id : file.tree.documents) {
      Node root(&file.tree, id);
      if (root.is_null()) continue;  // an empty document
      ValidateDocument(compiled_, validator_, patterns_, root, diags);
    }
  }

 private:
  const CompiledSchema& compiled_;
  valijson::Validator validator_;
  PatternMemo patterns_;
};

}  // namespace

std::unique_ptr<FileVisitor> NewSchemaValidator() {
  return std::make_unique<SchemaFileValidator>();
}

void ValidateSchema(const LoadedConfig& config, Diagnostics& diags) {
  SchemaFileValidator validator;
  for (const LoadedFile& file : config.files) validator.Visit(file, diags);
  if (config.files.empty() && !Compiled().ok) {
    diags.Error(Code::kInvalidValue, Location{},
                "internal error: the embedded JSON Schema does not load: " + Compiled().error);
  }
}

}  // namespace stagegate
