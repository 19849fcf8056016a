// DocumentChecker: valijson's errors -> one diagnostic per problem.
#include "schema/schema_checker.h"

#include <cstdlib>

#include <valijson/schema.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "schema/tree_adapter.h"

namespace stagegate {
// Named, not anonymous: DocumentChecker::Error holds a Classified.
namespace schema_checker_internal {

// What one valijson error says, from its (stable, English) description.
enum class ErrorKind {
  kWrapProperty,  // the named property of the context node failed
  kWrapItem,      // the numbered item of the context node failed
  kWrapper,       // the context node failed (the cause is reported beneath)
  kType,
  kEnum,
  kConst,
  kPattern,
  kUnknownKeys,  // valijson names only the first unknown key
  kMissingKey,
  kTooFewItems,
  kTooManyItems,
  kTooShort,
  kTooLong,
  kDuplicate,
  kForbidden,  // a `not` schema matched
  kOther,
};

struct Classified {
  ErrorKind kind = ErrorKind::kOther;
  std::string name;     // kWrapProperty, kMissingKey
  uint32_t first = 0;   // kWrapItem, kDuplicate
  uint32_t second = 0;  // kDuplicate
};

}  // namespace schema_checker_internal

namespace {

using schema_checker_internal::Classified;
using schema_checker_internal::ErrorKind;

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The text between `prefix` and the closing "'." of a description.
std::string QuotedTail(std::string_view d, std::string_view prefix) {
  std::string_view rest = d.substr(prefix.size());
  if (EndsWith(rest, "'.")) rest.remove_suffix(2);
  return std::string(rest);
}

uint32_t NumberAfter(std::string_view d, std::string_view marker, size_t from = 0) {
  size_t at = d.find(marker, from);
  if (at == std::string_view::npos) return 0;
  return static_cast<uint32_t>(
      std::strtoul(std::string(d.substr(at + marker.size(), 12)).c_str(), nullptr, 10));
}

Classified Classify(std::string_view d) {
  Classified c;
  constexpr std::string_view kProperty =
      "Failed to validate against schema associated with property name '";
  constexpr std::string_view kMissing = "Missing required property '";
  if (StartsWith(d, kProperty)) {
    c.kind = ErrorKind::kWrapProperty;
    c.name = QuotedTail(d, kProperty);
  } else if (StartsWith(d, "Failed to validate item #") &&
             !EndsWith(d, "corresponding item schema.")) {
    c.kind = ErrorKind::kWrapItem;
    c.first = NumberAfter(d, "#");
  } else if (StartsWith(d, "Failed to validate")) {
    c.kind = ErrorKind::kWrapper;
  } else if (StartsWith(d, "Value type not permitted")) {
    c.kind = ErrorKind::kType;
  } else if (StartsWith(d, "Failed to match against any enum values")) {
    c.kind = ErrorKind::kEnum;
  } else if (StartsWith(d, "Failed to match expected value set by 'const'")) {
    c.kind = ErrorKind::kConst;
  } else if (StartsWith(d, "Failed to match regex specified by 'pattern'")) {
    c.kind = ErrorKind::kPattern;
  } else if (StartsWith(d, "Object contains a property that could not be validated")) {
    c.kind = ErrorKind::kUnknownKeys;
  } else if (StartsWith(d, kMissing)) {
    c.kind = ErrorKind::kMissingKey;
    c.name = QuotedTail(d, kMissing);
  } else if (StartsWith(d, "Array should contain no fewer than")) {
    c.kind = ErrorKind::kTooFewItems;
  } else if (StartsWith(d, "Array should contain no more than")) {
    c.kind = ErrorKind::kTooManyItems;
  } else if (StartsWith(d, "String should be no fewer than")) {
    c.kind = ErrorKind::kTooShort;
  } else if (StartsWith(d, "String should be no more than")) {
    c.kind = ErrorKind::kTooLong;
  } else if (StartsWith(d, "Elements at indexes #")) {
    c.kind = ErrorKind::kDuplicate;
    c.first = NumberAfter(d, "#");
    c.second = NumberAfter(d, "#", d.find("and"));
  } else if (StartsWith(d, "Target should not validate against schema specified in 'not'")) {
    c.kind = ErrorKind::kForbidden;
  }
  return c;
}

// Where to point for a problem with a step's value: the value itself, or for
// an empty value (`key:` and nothing, which has no text of its own) its key.
Node Where(const SchemaStep& step) {
  if (step.node.is_null() && step.node.text().empty() && step.key.valid()) return step.key;
  return step.node;
}

}  // namespace

struct DocumentChecker::Error {
  schema_checker_internal::Classified what;
  SchemaPath path;
};

void DocumentChecker::Run(valijson::Validator& validator, const valijson::Subschema& schema,
                          const SchemaPath& at) {
  valijson::ValidationResults results;
  try {
    if (validator.validate(schema, TreeAdapter(at.back().node), &results)) return;
  } catch (const std::exception& e) {
    Emit(Code::kInvalidValue, at.back().node,
         std::string("this part of the document could not be validated: ") + e.what());
    return;
  }
  const size_t emitted_before = emitted_;
  std::vector<Error> leaves;
  std::vector<SchemaPath> failing;  // nodes that failed, for propertyNames re-checks
  for (const valijson::ValidationResults::Error& error : results) {
    Error leaf{Classify(error.description), {}};
    if (!Walk(at, error.context, &leaf.path)) continue;
    switch (leaf.what.kind) {
      case ErrorKind::kWrapProperty:
        if (Descend(leaf.what.name, &leaf.path)) failing.push_back(std::move(leaf.path));
        break;
      case ErrorKind::kWrapItem:
        if (Descend(std::to_string(leaf.what.first), &leaf.path)) {
          failing.push_back(std::move(leaf.path));
        }
        break;
      case ErrorKind::kWrapper:
        failing.push_back(std::move(leaf.path));
        break;
      default:
        if (leaf.what.kind == ErrorKind::kType) wrong_type_.insert(leaf.path.back().node.id());
        leaves.push_back(std::move(leaf));
    }
  }
  for (const Error& leaf : leaves) Report(leaf);
  // A propertyNames failure reports nothing beneath the failing mapping.
  for (const SchemaPath& path : failing) {
    if (document_.PropertyNames(path.back().schema).valid()) CheckKeys(path);
  }
  if (emitted_ == emitted_before && results.numErrors() > 0) {
    // Never let a failed validation pass silently.
    SchemaPath path;
    if (!Walk(at, results.begin()->context, &path)) path = at;
    Emit(Code::kInvalidValue, path.back().node,
         FallbackMessage(path, results.begin()->description));
  }
}

bool DocumentChecker::Walk(const SchemaPath& base, const std::vector<std::string>& context,
                           SchemaPath* path) {
  *path = base;  // context[0] is "<root>": the node validated
  for (size_t i = 1; i < context.size(); ++i) {
    std::string_view segment = context[i];
    if (segment.size() < 2 || segment.front() != '[' || segment.back() != ']') return false;
    if (!Descend(segment.substr(1, segment.size() - 2), path)) return false;
  }
  return true;
}

bool DocumentChecker::Descend(std::string_view segment, SchemaPath* path) {
  const SchemaStep& parent = path->back();
  Node node = parent.node;
  if (node.is_mapping()) {
    uint32_t i = 0;
    if (!FindEntry(node, segment, &i)) return false;
    Node key = node.key(i);
    SchemaView schema =
        parent.schema.valid() ? document_.Property(parent.schema, key.text()) : SchemaView();
    path->push_back(SchemaStep{node.value(i), schema, key, key.text(), -1});
    return true;
  }
  if (node.is_sequence()) {
    char* end = nullptr;
    std::string digits(segment);
    unsigned long i = std::strtoul(digits.c_str(), &end, 10);
    if (digits.empty() || *end != '\0' || i >= node.size()) return false;
    SchemaView schema = parent.schema.valid() ? document_.Items(parent.schema) : SchemaView();
    path->push_back(SchemaStep{
        node.item(static_cast<uint32_t>(i)), schema, Node(), {}, static_cast<int64_t>(i)});
    return true;
  }
  return false;
}

bool DocumentChecker::FindEntry(Node mapping, std::string_view key, uint32_t* index) {
  const uint32_t n = mapping.size();
  if (n <= 16) {
    for (uint32_t i = 0; i < n; ++i) {
      if (mapping.key(i).text() == key) {
        *index = i;
        return true;
      }
    }
    return false;
  }
  auto& entries = entry_index_[mapping.id()];
  if (entries.empty()) {
    for (uint32_t i = 0; i < n; ++i) entries.emplace(mapping.key(i).text(), i);  // first wins
  }
  auto it = entries.find(key);
  if (it == entries.end()) return false;
  *index = it->second;
  return true;
}

void DocumentChecker::Report(const Error& leaf) {
  const SchemaPath& path = leaf.path;
  const Node node = path.back().node;
  const Node where = Where(path.back());
  if (leaf.what.kind != ErrorKind::kType && wrong_type_.count(node.id()) > 0) return;
  switch (leaf.what.kind) {
    case ErrorKind::kType:
      Emit(Code::kWrongType, where, WrongTypeMessage(path));
      return;
    case ErrorKind::kEnum:
      Emit(Code::kInvalidValue, where, EnumMessage(path));
      return;
    case ErrorKind::kConst:
      Emit(Code::kInvalidValue, where, ConstMessage(path));
      return;
    case ErrorKind::kPattern:
      Emit(Code::kInvalidValue, where, PatternMessage(path));
      return;
    case ErrorKind::kUnknownKeys:
      CheckKeys(path);
      return;
    case ErrorKind::kMissingKey:
      Emit(Code::kMissingKey, where, MissingKeyMessage(path, leaf.what.name));
      return;
    case ErrorKind::kTooFewItems:
    case ErrorKind::kTooManyItems:
      Emit(Code::kInvalidValue, where,
           CountMessage(path, leaf.what.kind == ErrorKind::kTooManyItems));
      return;
    case ErrorKind::kTooShort:
    case ErrorKind::kTooLong:
      Emit(Code::kInvalidValue, where, LengthMessage(path, leaf.what.kind == ErrorKind::kTooLong));
      return;
    case ErrorKind::kDuplicate: {
      // valijson reports every equal pair; report each repeat once, against
      // its first occurrence.
      const uint32_t second = leaf.what.second;
      if (!duplicates_.insert({node.id(), second}).second) return;
      const uint32_t first = leaf.what.first;
      Emit(Code::kInvalidValue, node.item(second), DuplicateMessage(path, first, second))
          .Related(node.item(first).location(), "first listed here");
      return;
    }
    case ErrorKind::kForbidden: {
      std::string text = path.back().schema.Text("x-forbidden");
      Node at = path.back().key.valid() ? path.back().key : node;
      Emit(Code::kInvalidValue, at, text.empty() ? FallbackMessage(path, "not allowed") : text);
      return;
    }
    default:
      Emit(Code::kInvalidValue, where, FallbackMessage(path, "value"));
      return;
  }
}

void DocumentChecker::CheckKeys(const SchemaPath& mapping) {
  const SchemaStep& step = mapping.back();
  if (!step.node.is_mapping() || !keys_checked_.insert(step.node.id()).second) return;
  const SchemaView names = document_.PropertyNames(step.schema);
  const Json* name_pattern = names.Keyword("pattern");
  const int name_pattern_id = name_pattern != nullptr && name_pattern->is_string()
                                  ? document_.PatternId(name_pattern->get<std::string>())
                                  : -1;
  // A name's minLength (1: not empty), in characters as JSON Schema counts.
  const Json* name_min = names.Keyword("minLength");
  const uint64_t min_length =
      name_min != nullptr && name_min->is_number_unsigned() ? name_min->get<uint64_t>() : 0;
  const Json* properties = step.schema.Keyword("properties");
  const Json* patterns = step.schema.Keyword("patternProperties");
  const Json* additional = step.schema.Keyword("additionalProperties");
  const bool closed = additional != nullptr && additional->is_boolean() && !additional->get<bool>();
  for (uint32_t i = 0; i < step.node.size(); ++i) {
    const Node key = step.node.key(i);
    const std::string_view text = key.text();
    if ((name_pattern_id >= 0 && !patterns_.Matches(name_pattern_id, text)) ||
        CodePoints(text) < min_length) {
      Emit(Code::kInvalidValue, key, InvalidKeyMessage(names, text));
      continue;
    }
    if (!closed) continue;
    if (properties != nullptr && properties->is_object() && properties->contains(text)) continue;
    bool matched = false;
    if (patterns != nullptr && patterns->is_object()) {
      for (auto it = patterns->begin(); it != patterns->end() && !matched; ++it) {
        matched = document_.Matches(it.key(), text);
      }
    }
    if (!matched) Emit(Code::kUnknownKey, key, UnknownKeyMessage(mapping, text));
  }
}

Diagnostic& DocumentChecker::Emit(Code code, Node at, std::string message) {
  ++emitted_;
  return diags_.Error(code, at.location(), std::move(message)).Underline(at.width());
}

}  // namespace stagegate
