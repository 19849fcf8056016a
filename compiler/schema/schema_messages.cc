// Message text for schema diagnostics, from the path to a node and the
// schema's annotations. No function here prints a scalar from under an
// x-secret schema: only keys, names and allowed values.
#include "schema/schema_messages.h"

#include <fmt/format.h>

#include "source/limits.h"
#include "source/suggest.h"
#include "source/wording.h"

namespace stagegate {
namespace {

std::string Article(std::string_view noun) {
  if (noun.empty()) return "a";
  char c = noun[0];
  bool vowel = c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
  return vowel ? "an" : "a";
}

// "a", "a or b", "a, b or c".
std::string Alternatives(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " or " : ", ";
    out += items[i];
  }
  return out;
}

std::string KindPhrase(NodeKind kind) {
  switch (kind) {
    case NodeKind::kNull:
      return "null";
    case NodeKind::kBool:
      return "a boolean";
    case NodeKind::kInt:
      return "an integer";
    case NodeKind::kFloat:
      return "a number";
    case NodeKind::kString:
      return "a string";
    case NodeKind::kSequence:
      return "a list";
    case NodeKind::kMapping:
      return "a mapping";
  }
  return "a value";
}

std::vector<std::string> TypeNames(const SchemaView& schema) {
  std::vector<std::string> names;
  const Json* type = schema.Keyword("type");
  if (type == nullptr) return names;
  if (type->is_string()) names.push_back(type->get<std::string>());
  if (type->is_array()) {
    for (const Json& t : *type) {
      if (t.is_string()) names.push_back(t.get<std::string>());
    }
  }
  return names;
}

bool TypeAccepts(const std::vector<std::string>& types, NodeKind kind) {
  for (const std::string& t : types) {
    if ((t == "null" && kind == NodeKind::kNull) || (t == "boolean" && kind == NodeKind::kBool) ||
        (t == "integer" && kind == NodeKind::kInt) ||
        (t == "number" && (kind == NodeKind::kInt || kind == NodeKind::kFloat)) ||
        (t == "string" && kind == NodeKind::kString) ||
        (t == "array" && kind == NodeKind::kSequence) ||
        (t == "object" && kind == NodeKind::kMapping)) {
      return true;
    }
  }
  return false;
}

// x-expected, or words for the schema's type(s): "a string, number or boolean".
std::string Expected(const SchemaView& schema) {
  std::string expected = schema.Text("x-expected");
  if (!expected.empty()) return expected;
  const std::vector<std::string> types = TypeNames(schema);
  std::string label = schema.Text("x-label");
  if (!label.empty() && types.size() == 1 && types[0] == "string") {
    return Article(label) + " " + label;  // "an app name"
  }
  std::vector<std::string> words;
  for (const std::string& t : types) {
    if (t == "array")
      words.push_back("list");
    else if (t == "object")
      words.push_back("mapping");
    else if (t == "boolean")
      words.push_back(words.empty() ? "true or false" : "boolean");
    else
      words.push_back(t);
  }
  if (words.empty()) return "a valid value";
  if (words[0] != "true or false" && words[0] != "null")
    words[0] = Article(words[0]) + " " + words[0];
  return Alternatives(words);
}

std::string ReplaceAll(std::string text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// An entity's name from its x-noun template ("group '{key}'", "assertion {index}").
std::string NounPhrase(const SchemaStep& step) {
  std::string noun = step.schema.Text("x-noun");
  noun = ReplaceAll(noun, "{key}", Printable(step.name));
  return ReplaceAll(noun, "{index}", std::to_string(step.index + 1));
}

bool IsEntity(const SchemaStep& step) { return step.schema.Annotation("x-noun") != nullptr; }

// "group 'qa'", "app grant 1 of group 'qa'": the entity at `at` and the
// entities around it.
std::string EntityChain(const SchemaPath& path, size_t at) {
  std::string out = NounPhrase(path[at]);
  for (size_t j = at; j-- > 1;) {
    if (IsEntity(path[j])) return out + " of " + EntityChain(path, j);
  }
  return out;
}

// The steps between an entity (or the root) at `entity` and `at`:
// "'port'", "item 2 of 'members'", "'staging' in 'expect'".
std::string LocalName(const SchemaPath& path, size_t at, size_t entity) {
  const SchemaStep& step = path[at];
  std::string out = step.index >= 0 ? fmt::format("item {}", step.index + 1) : QuoteInput(step.name);
  if (at - 1 == entity || at == 1) return out;
  return out + (step.index >= 0 ? " of " : " in ") + LocalName(path, at - 1, entity);
}

std::string RuleText(const SchemaView& schema, std::string_view value) {
  std::string rule = schema.Text("x-rule");
  if (rule.empty()) {
    const Json* pattern = schema.Keyword("pattern");
    rule =
        "match the pattern " + (pattern && pattern->is_string() ? pattern->get<std::string>() : "");
  }
  return ReplaceAll(rule, "{value}", Printable(value));
}

std::string ValueText(const Node& node) {
  return node.is_string() ? QuoteInput(node.text()) : Printable(node.text());
}

}  // namespace


bool InSecret(const SchemaPath& path) {
  for (const SchemaStep& step : path) {
    if (step.schema.Flag("x-secret")) return true;
  }
  return false;
}

std::string Subject(const SchemaPath& path) {
  const size_t last = path.size() - 1;
  if (last == 0) {
    std::string root = path[0].schema.Text("x-subject");
    return root.empty() ? "the document" : root;
  }
  size_t entity = 0;
  for (size_t j = last; j >= 1; --j) {
    if (IsEntity(path[j])) {
      entity = j;
      break;
    }
  }
  if (entity == last) return EntityChain(path, last);
  std::string local = LocalName(path, last, entity);
  return entity == 0 ? local : local + " in " + EntityChain(path, entity);
}

std::string WrongTypeMessage(const SchemaPath& path) {
  const SchemaStep& step = path.back();
  std::string message = fmt::format("{} must be {}, not {}", Subject(path), Expected(step.schema),
                                    KindPhrase(step.node.kind()));
  // "true" or "5432" written in quotes where a boolean or number belongs.
  if (step.node.is_string() && step.node.quoted() &&
      TypeAccepts(TypeNames(step.schema), ResolvePlainScalar(step.node.text()))) {
    message += " (remove the quotes)";
  }
  return message;
}

std::string UnknownKeyMessage(const SchemaPath& mapping, std::string_view key) {
  const SchemaView& schema = mapping.back().schema;
  std::string noun = schema.Text("x-key-noun");
  std::vector<std::string_view> candidates;
  if (const Json* properties = schema.Keyword("properties");
      properties && properties->is_object()) {
    for (auto it = properties->begin(); it != properties->end(); ++it) {
      if (!it.value().is_object() || !it.value().contains("x-forbidden")) {
        candidates.push_back(it.key());
      }
    }
  }
  std::string message = fmt::format("unknown {} {}", noun.empty() ? "key" : noun, QuoteInput(key));
  if (mapping.size() > 1) message += " in " + Subject(mapping);
  return message + DidYouMean(key, candidates);
}

std::string InvalidKeyMessage(const SchemaView& names, std::string_view key) {
  std::string label = names.Text("x-label");
  return fmt::format("{} {} must {}", label.empty() ? "key" : label, QuoteInput(key),
                     RuleText(names, key));
}

std::string MissingKeyMessage(const SchemaPath& mapping, std::string_view key) {
  return fmt::format("{} is missing the required key {}", Subject(mapping), QuoteInput(key));
}

std::string EnumMessage(const SchemaPath& path) {
  const SchemaStep& step = path.back();
  std::vector<std::string> allowed;
  std::vector<std::string_view> candidates;
  if (const Json* values = step.schema.Keyword("enum"); values && values->is_array()) {
    for (const Json& v : *values)
      allowed.push_back(v.is_string() ? v.get<std::string>() : v.dump());
  }
  for (const std::string& a : allowed) candidates.push_back(a);
  std::string label = step.schema.Text("x-label");
  if (label.empty()) label = "allowed value";
  std::string what = Article(label) + " " + label;
  if (InSecret(path) || !step.node.is_string()) {
    return fmt::format("{} is not {}; use {}", Subject(path), what, Alternatives(allowed));
  }
  return fmt::format("{} is not {}; use {}{}", QuoteInput(step.node.text()), what, Alternatives(allowed),
                     DidYouMean(step.node.text(), candidates));
}

std::string ConstMessage(const SchemaPath& path) {
  const SchemaStep& step = path.back();
  const Json* value = step.schema.Keyword("const");
  std::string expected = value == nullptr ? "" : value->dump();
  if (InSecret(path)) return fmt::format("{} must be {}", Subject(path), expected);
  return fmt::format("{} must be {}, not {}", Subject(path), expected, ValueText(step.node));
}

std::string PatternMessage(const SchemaPath& path) {
  const SchemaStep& step = path.back();
  const bool secret = InSecret(path);
  std::string rule = RuleText(step.schema, secret ? std::string_view("...") : step.node.text());
  std::string label = step.schema.Text("x-label");
  if (label.empty() || secret) return fmt::format("{} must {}", Subject(path), rule);
  return fmt::format("{} {} must {}", label, QuoteInput(step.node.text()), rule);
}

std::string LengthMessage(const SchemaPath& path, bool too_long) {
  const SchemaView& schema = path.back().schema;
  const Json* limit = schema.Keyword(too_long ? "maxLength" : "minLength");
  uint64_t n = limit != nullptr && limit->is_number_unsigned() ? limit->get<uint64_t>() : 0;
  if (too_long) return fmt::format("{} must be at most {} characters long", Subject(path), n);
  if (n == 1) return fmt::format("{} must not be empty", Subject(path));
  return fmt::format("{} must be at least {} characters long", Subject(path), n);
}

std::string CountMessage(const SchemaPath& path, bool too_many) {
  const SchemaStep& step = path.back();
  const Json* limit = step.schema.Keyword(too_many ? "maxItems" : "minItems");
  uint64_t n = limit != nullptr && limit->is_number_unsigned() ? limit->get<uint64_t>() : 0;
  std::string plural = step.schema.Text("x-plural");
  return fmt::format("{} must list at {} {} {}, not {}", Subject(path), too_many ? "most" : "least",
                     n, plural.empty() ? "items" : plural, step.node.size());
}

std::string DuplicateMessage(const SchemaPath& list, uint32_t first, uint32_t second) {
  Node item = list.back().node.item(second);
  SchemaView items = SchemaDocument::Get().Items(list.back().schema);
  std::string label = items.Text("x-label");
  if (label.empty() || !item.is_scalar() || InSecret(list)) {
    return fmt::format("item {} of {} repeats item {}; remove one", second + 1, Subject(list),
                       first + 1);
  }
  return fmt::format("{} {} is listed twice in {}; remove one", label, ValueText(item),
                     Subject(list));
}

std::string FallbackMessage(const SchemaPath& path, std::string_view description) {
  std::string what(description);
  if (!what.empty() && what.back() == '.') what.pop_back();
  if (!what.empty() && what[0] >= 'A' && what[0] <= 'Z') what[0] = static_cast<char>(what[0] + 32);
  return fmt::format("{} is not valid here ({})", Subject(path), what);
}

}  // namespace stagegate
