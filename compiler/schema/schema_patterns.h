// Pattern tests during one validation, remembered: each distinct text is
// matched once per pattern. Names repeat all over a configuration (every
// member is also a user key, environment names appear in every data source,
// constant and version), and std::regex -- which valijson hard-codes -- costs
// about a microsecond per e-mail. In the copy of the schema that valijson
// runs, `pattern` is replaced by a constraint that asks the current memo; the
// schema file itself keeps standard `pattern`s for editors. Private to the
// schema stage.
#ifndef STAGEGATE_SCHEMA_SCHEMA_PATTERNS_H_
#define STAGEGATE_SCHEMA_SCHEMA_PATTERNS_H_

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "schema/schema_document.h"

namespace valijson {
class SchemaParser;
}  // namespace valijson

namespace stagegate {

class PatternMemo {
 public:
  explicit PatternMemo(const SchemaDocument& document);
  PatternMemo(const PatternMemo&) = delete;
  PatternMemo& operator=(const PatternMemo&) = delete;

  // The schema's pattern `id` (SchemaDocument::PatternId) tested on `text`.
  bool Matches(int id, std::string_view text);

  // A scratch string for callers that must copy a text out first (valijson's
  // adapters), reused so that the copy does not allocate every time.
  std::string& scratch() { return scratch_; }

  // While a Scope lives, the pattern constraints valijson runs on this
  // thread ask `memo`.
  class Scope {
   public:
    explicit Scope(PatternMemo* memo);
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    PatternMemo* previous_;
  };

 private:
  const SchemaDocument& document_;
  std::vector<std::unordered_map<std::string, bool>> results_;  // by pattern id
  std::string key_;
  std::string scratch_;
};

// Rewrites every "pattern" of `schema` (a copy for valijson) into the memo
// constraint's keyword, and teaches `parser` that keyword.
void UseMemoPatterns(Json* schema);
void AddMemoPatternKeyword(valijson::SchemaParser* parser);

}  // namespace stagegate

#endif  // STAGEGATE_SCHEMA_SCHEMA_PATTERNS_H_
