// The words of schema diagnostics: how a place in a document is named
// ("'members' in group 'qa'", "'port' in environment 'development' of data
// source 'nexora-db'"), what a value should have been, and one message
// builder per kind of problem. Driven by the schema's annotations (x-noun,
// x-label, x-rule, x-expected, x-plural, x-secret, x-key-noun). Private to
// the schema stage.
#ifndef STAGEGATE_SCHEMA_SCHEMA_MESSAGES_H_
#define STAGEGATE_SCHEMA_SCHEMA_MESSAGES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "schema/schema_document.h"
#include "yaml/tree.h"

namespace stagegate {

// One step from a document's root to a node, with the subschema there.
struct SchemaStep {
  Node node;
  SchemaView schema;      // invalid once the path has left the schema
  Node key;               // mapping entries: the key node
  std::string_view name;  // mapping entries: the key text
  int64_t index = -1;     // sequence items: the index
};
// path[0] is the document root.
using SchemaPath = std::vector<SchemaStep>;

// True when the node at the end of `path` sits under an x-secret schema
// (constant values, data source options): its text is never printed.
bool InSecret(const SchemaPath& path);

// How the node at the end of `path` is named in messages.
std::string Subject(const SchemaPath& path);

std::string WrongTypeMessage(const SchemaPath& path);
std::string UnknownKeyMessage(const SchemaPath& mapping, std::string_view key);
std::string InvalidKeyMessage(const SchemaView& names, std::string_view key);
std::string MissingKeyMessage(const SchemaPath& mapping, std::string_view key);
std::string EnumMessage(const SchemaPath& path);
std::string ConstMessage(const SchemaPath& path);
std::string PatternMessage(const SchemaPath& path);
std::string LengthMessage(const SchemaPath& path, bool too_long);
std::string CountMessage(const SchemaPath& path, bool too_many);
// Item `second` of the list at `list` repeats item `first`.
std::string DuplicateMessage(const SchemaPath& list, uint32_t first, uint32_t second);
// For a problem no other builder describes (`description` is valijson's).
std::string FallbackMessage(const SchemaPath& path, std::string_view description);

}  // namespace stagegate

#endif  // STAGEGATE_SCHEMA_SCHEMA_MESSAGES_H_
