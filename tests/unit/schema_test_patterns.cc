// PatternMatcher against std::regex: every pattern of the schema compiles
// into the fast matcher, and matcher and std::regex agree on every text of a
// corpus built around each pattern's edges (lengths at the bounds, each
// character class's neighbours, control bytes, UTF-8). Plus the subset's own
// edges, and what it refuses.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "schema/pattern_matcher.h"

namespace stagegate {
namespace {

std::set<std::string> SchemaPatterns() {
  std::ifstream in(std::string(STAGEGATE_SOURCE_DIR) + "/schema/stagegate.schema.json");
  std::stringstream text;
  text << in.rdbuf();
  std::set<std::string> out;
  std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& n) {
    if (n.is_object()) {
      for (auto it = n.begin(); it != n.end(); ++it) {
        if (it.key() == "pattern" && it->is_string()) out.insert(it->get<std::string>());
        if (it.key() == "patternProperties" && it->is_object()) {
          for (auto p = it->begin(); p != it->end(); ++p) out.insert(p.key());
        }
        walk(*it);
      }
    } else if (n.is_array()) {
      for (const auto& item : n) walk(item);
    }
  };
  walk(nlohmann::json::parse(text.str()));
  return out;
}

// Texts around what the schema's patterns accept and reject.
std::vector<std::string> Corpus() {
  std::vector<std::string> out = {"",        "a",          "A",          "_",        "0",
                                  "*",       "**",         "a*",         " a",       "a ",
                                  "a\n",     "\na",        "ab-c",       "ab_c",     "ab.c",
                                  "-a",      "a@b.c",      "a@b",        "@b.c",     "a@@b.c",
                                  "a b@c.d", "a@b-c.d-e",  "a@b_c.d",    "a@b.c.",   "a@.c",
                                  "A_b9",    "9ab",        "é",          "aé",       "a\x7f",
                                  "a\x1f",   "\x01",       "a\tb",       "a\vb",     "a\rb",
                                  "dev",     "staging-2",  "x.y@z.io",   "UPPER",    "a\\b",
                                  "a$",      "^a",         "[a]",        "a{1}",     "\xff\xfe"};
  // Lengths at and around every bound in the schema (31, 49, 63, 64, 127,
  // 128, 189, ...), for a name and for each part of an address.
  for (size_t n : {30, 31, 32, 33, 48, 49, 50, 51, 62, 63, 64, 65, 66, 126, 127, 128, 129, 188,
                   189, 190, 191, 300}) {
    out.push_back("a" + std::string(n, 'b'));
    out.push_back(std::string(n, 'x') + "@d.io");
    out.push_back("u@" + std::string(n, 'd') + ".io");
    out.push_back("u@d." + std::string(n, 'o'));
    out.push_back("A" + std::string(n, '_'));
    out.push_back("a" + std::string(n, 'b') + " ");
  }
  // Every single byte, alone and after a letter.
  for (int c = 0; c < 256; ++c) {
    out.push_back(std::string(1, static_cast<char>(c)));
    out.push_back("a" + std::string(1, static_cast<char>(c)) + "b");
  }
  return out;
}

TEST_CASE("schema patterns: every one is matched without std::regex, exactly as std::regex does") {
  std::set<std::string> patterns = SchemaPatterns();
  REQUIRE(patterns.size() >= 4);  // environment and column names, kinds, fromEnv, "*"
  std::vector<std::string> corpus = Corpus();
  for (const std::string& pattern : patterns) {
    INFO("pattern " << pattern);
    std::optional<PatternMatcher> m = PatternMatcher::Compile(pattern);
    REQUIRE(m.has_value());
    std::regex re(pattern);
    size_t accepted = 0;
    for (const std::string& text : corpus) {
      INFO("text '" << text << "' (" << text.size() << " bytes)");
      bool expected = std::regex_search(text, re);
      CHECK(m->Matches(text) == expected);
      accepted += expected;
    }
    CHECK(accepted > 0);  // the corpus exercises both answers of every pattern
    CHECK(accepted < corpus.size());
  }
}

TEST_CASE("schema patterns: the subset's own edges agree with std::regex") {
  const std::vector<std::string> patterns = {
      "^a*b$", "^a+$", "^a?b?$", "^[a-c]{2,}$", "^[^a-c]{0,2}x$", "^\\.\\*\\$$", "^[\\]-]+$",
      "^[a-]$", "^[\\x41-\\x43]+$", "^\\s*x\\s*$", "^a{3}$", "^[ab]{1,3}[bc]{1,3}$"};
  const std::vector<std::string> texts = {"",    "a",    "b",     "ab",   "aab",  "aaab", "x",
                                          " x ", "ABC",  "abcd",  "-",    "]",    "]-]",  ".*$",
                                          "aaa", "aaaa", "abbbc", "bbbb", "cccc", "dx",   "ddx",
                                          "dddx", "a-", "\tx\n"};
  for (const std::string& pattern : patterns) {
    INFO("pattern " << pattern);
    std::optional<PatternMatcher> m = PatternMatcher::Compile(pattern);
    REQUIRE(m.has_value());
    std::regex re(pattern);
    for (const std::string& text : texts) {
      INFO("text '" << text << "'");
      CHECK(m->Matches(text) == std::regex_search(text, re));
    }
  }
}

TEST_CASE("schema patterns: what the subset does not have is left to std::regex") {
  for (const char* pattern :
       {"a", "^a", "a$", "^(a)$", "^a|b$", "^.$", "^\\d$", "^\\w+$", "^a*?$", "^a{2,1}$",
        "^[b-a]$", "^[[:alpha:]]$", "^[]$", "^a\\$", "^a{1}{2}$", "^\\x4$", "^[a$"}) {
    INFO(pattern);
    CHECK_FALSE(PatternMatcher::Compile(pattern).has_value());
  }
}

}  // namespace
}  // namespace stagegate
