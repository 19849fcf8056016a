// Runs valijson on one part of a YAML document and turns its errors into
// diagnostics. valijson reports a context path (["<root>", "[groups]",
// "[qa]", "[apps]", "[0]"]) and a generic description per error, plus a
// wrapper error at every ancestor of a failing node. The checker walks each
// path in the tree and in the schema side by side, drops the wrappers, and
// reports every real problem once, at the offending node. Private to the
// schema stage.
#ifndef STAGEGATE_SCHEMA_SCHEMA_CHECKER_H_
#define STAGEGATE_SCHEMA_SCHEMA_CHECKER_H_

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "schema/schema_document.h"
#include "schema/schema_messages.h"
#include "schema/schema_patterns.h"
#include "source/diagnostic.h"
#include "yaml/tree.h"

namespace valijson {
class Subschema;
class Validator;
}  // namespace valijson

namespace stagegate {

// One checker per document; it remembers what it reported, so overlapping
// runs (the document, then each entry of a section) never report twice.
class DocumentChecker {
 public:
  DocumentChecker(PatternMemo& patterns, Diagnostics& diags)
      : document_(SchemaDocument::Get()), patterns_(patterns), diags_(diags) {}

  // Validates the node at the end of `at` against `schema` (the valijson
  // form of at.back().schema) and reports what fails.
  void Run(valijson::Validator& validator, const valijson::Subschema& schema, const SchemaPath& at);

  // Reports every key of the mapping at the end of `mapping` that its schema
  // does not allow: unknown-key for objects with fixed keys (with "did you
  // mean"), invalid-value for names that break the propertyNames rule.
  void CheckKeys(const SchemaPath& mapping);

 private:
  struct Error;

  bool Walk(const SchemaPath& base, const std::vector<std::string>& context, SchemaPath* path);
  bool Descend(std::string_view segment, SchemaPath* path);
  bool FindEntry(Node mapping, std::string_view key, uint32_t* index);
  void Report(const Error& error);
  Diagnostic& Emit(Code code, Node at, std::string message);

  const SchemaDocument& document_;
  PatternMemo& patterns_;
  Diagnostics& diags_;
  size_t emitted_ = 0;
  std::set<NodeId> wrong_type_;    // reported as wrong-type: nothing else about them
  std::set<NodeId> keys_checked_;  // mappings whose keys were checked
  std::set<std::pair<NodeId, uint32_t>> duplicates_;
  // Key -> entry index of big mappings, built on demand.
  std::unordered_map<NodeId, std::unordered_map<std::string_view, uint32_t>> entry_index_;
};

}  // namespace stagegate

#endif  // STAGEGATE_SCHEMA_SCHEMA_CHECKER_H_
