// A matcher for the anchored patterns our schema uses, without std::regex.
// std::regex (what valijson uses, and SchemaDocument falls back to) costs
// about a microsecond per e-mail address, and most names in a configuration
// are tested once each (every user key is different), so remembering results
// does not help them. Private to the schema stage.
//
// It accepts exactly this subset of ECMAScript regular expressions, which is
// all of schema/stagegate.schema.json: "^" atom... "$", where an atom is a
// literal character (an escaped punctuation character such as "\." or "\*",
// or any other character but a metacharacter), or a bracket expression
// "[...]" / "[^...]" of characters, ranges "a-z", "\s" and "\xHH", each
// optionally followed by "{n}" or "{m,n}". Bytes are characters, as for
// std::regex over char. Compile returns nullopt for anything else, and the
// caller uses std::regex.
#ifndef STAGEGATE_SCHEMA_PATTERN_MATCHER_H_
#define STAGEGATE_SCHEMA_PATTERN_MATCHER_H_

#include <bitset>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace stagegate {

class PatternMatcher {
 public:
  static std::optional<PatternMatcher> Compile(std::string_view pattern);

  // Whether the whole of `text` matches (what regex_search with ^...$ says).
  bool Matches(std::string_view text) const { return Match(0, text); }

 private:
  struct Atom {
    std::bitset<256> set;  // the bytes it matches
    uint32_t min = 1, max = 1;
  };

  bool Match(size_t atom, std::string_view rest) const;

  std::vector<Atom> atoms_;
};

}  // namespace stagegate

#endif  // STAGEGATE_SCHEMA_PATTERN_MATCHER_H_
