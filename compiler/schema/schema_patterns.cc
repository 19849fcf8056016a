// The pattern memo and the valijson constraint that stands for `pattern`.
#include "schema/schema_patterns.h"

#include <new>

#include <valijson/constraint_builder.hpp>
#include <valijson/constraints/concrete_constraints.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>

namespace stagegate {
namespace {

constexpr char kKeyword[] = "x-stagegate-pattern";
// Long texts (a pasted blob) are rare and not worth keeping.
constexpr size_t kMaxMemoText = 256;

thread_local PatternMemo* current_memo = nullptr;

// Behaves as valijson's PatternConstraint (strict types: only strings are
// tested; the same error description), but asks the memo.
class MemoPatternConstraint : public valijson::constraints::PolyConstraint {
 public:
  explicit MemoPatternConstraint(int id) : id_(id) {}

  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override {
    if (!target.isString()) return true;
    bool matches = false;
    if (current_memo != nullptr) {
      std::string& text = current_memo->scratch();
      target.getString(text);
      matches = current_memo->Matches(id_, text);
    } else {
      matches = SchemaDocument::Get().Matches(id_, target.getString());
    }
    if (!matches && results != nullptr) {
      results->pushError(context, "Failed to match regex specified by 'pattern' constraint.");
    }
    return matches;
  }

 private:
  Constraint* cloneInto(void* where) const override {
    return new (where) MemoPatternConstraint(id_);
  }
  size_t sizeOf() const override { return sizeof(MemoPatternConstraint); }

  int id_;
};

class MemoPatternBuilder : public valijson::ConstraintBuilder {
 public:
  valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override {
    int id = SchemaDocument::Get().PatternId(value.getString());
    if (id < 0) valijson::throwRuntimeError("unknown pattern " + value.getString());
    return new MemoPatternConstraint(id);
  }
};

}  // namespace

PatternMemo::PatternMemo(const SchemaDocument& document)
    : document_(document), results_(static_cast<size_t>(document.pattern_count())) {}

bool PatternMemo::Matches(int id, std::string_view text) {
  if (text.size() > kMaxMemoText || document_.Fast(id)) return document_.Matches(id, text);
  std::unordered_map<std::string, bool>& results = results_[id];
  key_.assign(text);
  auto it = results.find(key_);
  if (it != results.end()) return it->second;
  bool matches = document_.Matches(id, text);
  results.emplace(key_, matches);
  return matches;
}

PatternMemo::Scope::Scope(PatternMemo* memo) : previous_(current_memo) { current_memo = memo; }

PatternMemo::Scope::~Scope() { current_memo = previous_; }

void UseMemoPatterns(Json* schema) {
  if (schema->is_array()) {
    for (Json& item : *schema) UseMemoPatterns(&item);
    return;
  }
  if (!schema->is_object()) return;
  auto pattern = schema->find("pattern");
  if (pattern != schema->end() && pattern->is_string()) {
    (*schema)[kKeyword] = *pattern;
    schema->erase("pattern");
  }
  for (auto it = schema->begin(); it != schema->end(); ++it) UseMemoPatterns(&it.value());
}

void AddMemoPatternKeyword(valijson::SchemaParser* parser) {
  parser->addConstraintBuilder(kKeyword, new MemoPatternBuilder());  // the parser owns it
}

}  // namespace stagegate
