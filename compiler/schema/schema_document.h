// The embedded JSON Schema as data: parsed once per process (nlohmann), with
// the walk from a place in a YAML document to the subschema that applies
// there. The error mapper uses it to find what a failing node should have
// been (its type, allowed values, name rule, label) and to re-check every key
// of an object. Private to the schema stage.
#ifndef STAGEGATE_SCHEMA_SCHEMA_DOCUMENT_H_
#define STAGEGATE_SCHEMA_SCHEMA_DOCUMENT_H_

#include <array>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "schema/pattern_matcher.h"

namespace stagegate {

using Json = nlohmann::json;

// A subschema as reached from the place that refers to it. `$ref` hops are
// followed to the schema that holds the constraints (the target), while
// annotations (description, x-label, x-rule, ...) are looked up site first,
// so one definition can be reused under a different label.
class SchemaView {
 public:
  SchemaView() = default;

  bool valid() const { return size_ > 0; }
  const Json& target() const { return *chain_[size_ - 1]; }

  // A constraint keyword of the target; nullptr when absent.
  const Json* Keyword(std::string_view key) const;
  // The first occurrence of `key` from the referring site to the target.
  const Json* Annotation(std::string_view key) const;
  // That annotation as text ("" when absent or not a string).
  std::string Text(std::string_view key) const;
  // True when the annotation is the boolean true.
  bool Flag(std::string_view key) const;

 private:
  friend class SchemaDocument;
  static constexpr int kMaxHops = 4;
  std::array<const Json*, kMaxHops> chain_{};
  int size_ = 0;
};

class SchemaDocument {
 public:
  // The embedded schema, parsed on first use. Never throws: a schema that
  // does not parse leaves ok() false (a build error the tests catch).
  static const SchemaDocument& Get();

  bool ok() const { return ok_; }
  const std::string& error() const { return error_; }
  const Json& json() const { return json_; }

  SchemaView Root() const { return Resolve(&json_); }
  // Follows `$ref`s ("#/definitions/NAME" pointers into this document).
  SchemaView Resolve(const Json* node) const;

  // The subschema of an object's entry `key`: properties, then
  // patternProperties, then an additionalProperties schema; invalid when
  // the key is not allowed.
  SchemaView Property(const SchemaView& object, std::string_view key) const;
  // The subschema of an array's items; invalid when there is none.
  SchemaView Items(const SchemaView& array) const;
  // The propertyNames subschema; invalid when there is none.
  SchemaView PropertyNames(const SchemaView& object) const;

  // Every `pattern` and patternProperties key of the schema has an id and a
  // regex compiled once. PatternId is -1 for a pattern not in the schema.
  int PatternId(std::string_view pattern) const;
  int pattern_count() const { return static_cast<int>(matchers_.size()); }
  // JSON Schema's `pattern` test: an unanchored search, as valijson does.
  bool Matches(int id, std::string_view text) const;
  bool Matches(const std::string& pattern, std::string_view text) const;
  // Whether pattern `id` is matched without std::regex (then remembering
  // results costs more than matching again).
  bool Fast(int id) const;

 private:
  SchemaDocument();
  void CompilePatterns(const Json& node);
  void AddPattern(const std::string& pattern);

  bool ok_ = false;
  std::string error_;
  Json json_;
  std::map<std::string, int, std::less<>> pattern_ids_;
  // By id: std::regex, compiled only where matchers_ has no matcher (an
  // empty one otherwise).
  std::vector<std::regex> regexes_;
  // The same patterns without std::regex where PatternMatcher can compile
  // them (all of our schema's): nullopt entries fall back to regexes_.
  std::vector<std::optional<PatternMatcher>> matchers_;
  // Each object holding a "#/..." `$ref`, and the node it points at: found
  // once, so a walk does not parse the pointer at every hop.
  std::unordered_map<const Json*, const Json*> ref_targets_;
};

}  // namespace stagegate

#endif  // STAGEGATE_SCHEMA_SCHEMA_DOCUMENT_H_
