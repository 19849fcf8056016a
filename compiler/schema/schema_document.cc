// Parsing the embedded schema once, `$ref` resolution and the subschema walk.
#include "schema/schema_document.h"

#include "schema/schema.h"

namespace stagegate {

const Json* SchemaView::Keyword(std::string_view key) const {
  if (!valid() || !target().is_object()) return nullptr;
  auto it = target().find(key);
  return it == target().end() ? nullptr : &*it;
}

const Json* SchemaView::Annotation(std::string_view key) const {
  for (int i = 0; i < size_; ++i) {
    if (!chain_[i]->is_object()) continue;
    auto it = chain_[i]->find(key);
    if (it != chain_[i]->end()) return &*it;
  }
  return nullptr;
}

std::string SchemaView::Text(std::string_view key) const {
  const Json* value = Annotation(key);
  return value != nullptr && value->is_string() ? value->get<std::string>() : std::string();
}

bool SchemaView::Flag(std::string_view key) const {
  const Json* value = Annotation(key);
  return value != nullptr && value->is_boolean() && value->get<bool>();
}

const SchemaDocument& SchemaDocument::Get() {
  static const SchemaDocument* document = new SchemaDocument();  // never destroyed
  return *document;
}

SchemaDocument::SchemaDocument() {
  try {
    json_ = Json::parse(EmbeddedSchema());
    CompilePatterns(json_);
    ok_ = true;
  } catch (const std::exception& e) {
    error_ = e.what();
  }
}

void SchemaDocument::CompilePatterns(const Json& node) {
  if (node.is_object()) {
    auto ref = node.find("$ref");
    if (ref != node.end() && ref->is_string()) {
      const std::string& pointer = ref->get_ref<const std::string&>();
      if (pointer.rfind("#/", 0) == 0) {
        try {
          ref_targets_.emplace(&node, &json_.at(Json::json_pointer(pointer.substr(1))));
        } catch (const std::exception&) {
          // A pointer to nothing: Resolve stops there, as valijson would fail.
        }
      }
    }
  }
  if (node.is_array()) {
    for (const Json& item : node) CompilePatterns(item);
    return;
  }
  if (!node.is_object()) return;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (it.key() == "pattern" && it.value().is_string()) {
      AddPattern(it.value().get<std::string>());
    } else if (it.key() == "patternProperties" && it.value().is_object()) {
      for (auto p = it.value().begin(); p != it.value().end(); ++p) AddPattern(p.key());
    }
    CompilePatterns(it.value());
  }
}

void SchemaDocument::AddPattern(const std::string& pattern) {
  if (pattern_ids_.count(pattern) > 0) return;
  pattern_ids_.emplace(pattern, static_cast<int>(matchers_.size()));
  matchers_.push_back(PatternMatcher::Compile(pattern));
  // std::regex only where the fast matcher cannot (compiling one costs more
  // than most runs spend matching).
  regexes_.emplace_back(matchers_.back() ? std::regex() : std::regex(pattern));
}

SchemaView SchemaDocument::Resolve(const Json* node) const {
  SchemaView view;
  while (node != nullptr && view.size_ < SchemaView::kMaxHops) {
    view.chain_[view.size_++] = node;
    auto target = ref_targets_.find(node);
    if (target == ref_targets_.end()) break;
    node = target->second;
  }
  return view;
}

SchemaView SchemaDocument::Property(const SchemaView& object, std::string_view key) const {
  if (const Json* properties = object.Keyword("properties");
      properties && properties->is_object()) {
    auto it = properties->find(key);
    if (it != properties->end()) return Resolve(&*it);
  }
  if (const Json* patterns = object.Keyword("patternProperties");
      patterns && patterns->is_object()) {
    for (auto it = patterns->begin(); it != patterns->end(); ++it) {
      if (Matches(it.key(), key)) return Resolve(&it.value());
    }
  }
  const Json* additional = object.Keyword("additionalProperties");
  if (additional != nullptr && additional->is_object()) return Resolve(additional);
  if (additional == nullptr && object.valid()) {
    static const Json* const kAnything = new Json(Json::object());
    return Resolve(kAnything);
  }
  return SchemaView();
}

SchemaView SchemaDocument::Items(const SchemaView& array) const {
  const Json* items = array.Keyword("items");
  return items != nullptr && items->is_object() ? Resolve(items) : SchemaView();
}

SchemaView SchemaDocument::PropertyNames(const SchemaView& object) const {
  const Json* names = object.Keyword("propertyNames");
  return names != nullptr && names->is_object() ? Resolve(names) : SchemaView();
}

int SchemaDocument::PatternId(std::string_view pattern) const {
  auto it = pattern_ids_.find(pattern);
  return it == pattern_ids_.end() ? -1 : it->second;
}

bool SchemaDocument::Matches(int id, std::string_view text) const {
  if (const std::optional<PatternMatcher>& m = matchers_[id]) return m->Matches(text);
  return std::regex_search(text.begin(), text.end(), regexes_[id]);
}

bool SchemaDocument::Fast(int id) const { return matchers_[id].has_value(); }

bool SchemaDocument::Matches(const std::string& pattern, std::string_view text) const {
  int id = PatternId(pattern);
  if (id >= 0) return Matches(id, text);
  return std::regex_search(text.begin(), text.end(), std::regex(pattern));
}

}  // namespace stagegate
