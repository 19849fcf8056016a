// Tests of the source stage: code registry, suggestions, wording and the
// Diagnostics collection. The text printer's tests are render_test_diagnostics_text.cc.
#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "source/diagnostic.h"
#include "source/source_set.h"
#include "source/suggest.h"
#include "source/wording.h"

namespace stagegate {
namespace {

TEST_CASE("every code is unique, kebab-case and has a one-line meaning") {
  std::set<std::string_view> names;
  const std::regex kebab("^[a-z][a-z0-9]*(-[a-z0-9]+)*$");
  for (Code c : AllCodes()) {
    std::string name(CodeName(c));
    INFO(name);
    CHECK(std::regex_match(name, kebab));
    CHECK(names.insert(CodeName(c)).second);
    CHECK(!CodeSummary(c).empty());
    CHECK(CodeSummary(c).find('\n') == std::string_view::npos);
  }
}

TEST_CASE("sizes print in the largest unit that keeps them readable") {
  CHECK(FormatSize(300) == "300 B");
  CHECK(FormatSize(12800) == "12.5 KiB");
  CHECK(FormatSize(100u << 20) == "100.0 MiB");
  CHECK(FormatSize((1ull << 30) - 1) == "1024.0 MiB");
  CHECK(FormatSize((3ull << 30) / 2) == "1.5 GiB");
  CHECK(FormatLimit(1ull << 30) == "1 GiB");
}

TEST_CASE("wording: lists read \"a, b and c\", cut lists count the rest") {
  using V = std::vector<std::string>;
  CHECK(JoinAnd(V{}) == "");
  CHECK(JoinAnd(V{"a"}) == "a");
  CHECK(JoinAnd(V{"a", "b"}) == "a and b");
  CHECK(JoinAnd(V{"a", "b", "c"}) == "a, b and c");
  CHECK(JoinAnd(V{"a", "b", "c"}, 4) == "a, b, c and 4 more");
  CHECK(JoinAnd(V{"a"}, 1) == "a and 1 more");
  CHECK(JoinAnd(std::vector<int>{1, 2, 3}, [](int n) { return std::to_string(n * 10); }) ==
        "10, 20 and 30");
  std::vector<std::string_view> names = {"qa", "leads", "ops"};
  CHECK(QuoteList(names) == "'qa', 'leads' and 'ops'");
  CHECK(QuoteList(names, 7) == "'qa', 'leads', 'ops' and 4 more");
  CHECK(QuoteList(names, 1) == "'qa'");
  CHECK(QuoteList({}, 0) == "");
}

TEST_CASE("wording: plurals and quoting") {
  CHECK(Plural(1, "user", "users") == "1 user");
  CHECK(Plural(0, "user", "users") == "0 users");
  CHECK(PluralWord(1, "it", "them") == "it");
  CHECK(PluralWord(3, "it", "them") == "them");
  CHECK(Thousands(1234567) == "1,234,567");
  CHECK(Quote("pay roll") == "'pay roll'");
  // Typed text: control characters escaped, cut after 64 characters.
  CHECK(QuoteInput("a\tb\nc\x01") == "'a\\tb\\nc\\x01'");
  CHECK(Printable(std::string(70, 'x')) == std::string(64, 'x') + "...");
  CHECK(Printable(std::string(64, 'x')) == std::string(64, 'x'));
  // Characters, not bytes: 70 two-byte letters are cut after 64 of them.
  std::string umlauts;
  for (int i = 0; i < 70; ++i) umlauts += "\xc3\xa4";
  CHECK(Printable(umlauts) == umlauts.substr(0, 128) + "...");
  // A name is shown whole, its control characters escaped (ToolJet's names
  // may hold them).
  CHECK(Quote("a\x1b[31mb\n") == "'a\\x1b[31mb\\n'");
  CHECK(Escaped(std::string(70, 'x') + "\t") == std::string(70, 'x') + "\\t");
  // A whole output keeps its lines and tabs; nothing else passes raw.
  CHECK(TerminalSafe("a\tb\r\nc\x1b[2Jd\x07\x7f") == "a\tb\r\nc\\x1b[2Jd\\x07\\x7f");
  CHECK(TerminalSafe("{\"a\": \"\\u001b\"}\n") == "{\"a\": \"\\u001b\"}\n");
}

TEST_CASE("edit distance counts transpositions once and ignores ASCII case") {
  CHECK(EditDistance("payroll", "payroll") == 0);
  CHECK(EditDistance("payrol", "payroll") == 1);
  CHECK(EditDistance("memebrs", "members") == 1);
  CHECK(EditDistance("QA", "qa") == 0);
  CHECK(EditDistance("", "abc") == 3);
  CHECK(EditDistance("kitten", "sitting") == 3);
}

TEST_CASE("suggestions are close, deterministic and never the name itself") {
  std::vector<std::string_view> apps = {"payroll", "payments", "inventory"};
  CHECK(Suggest("payrol", apps) == "payroll");
  CHECK(Suggest("inventroy", apps) == "inventory");
  CHECK(Suggest("zzz", apps).empty());
  CHECK(Suggest("payroll", apps).empty());
  // Ties go to the smaller name.
  CHECK(Suggest("ab", {"ac", "ab2", "aa"}) == "aa");
  CHECK(DidYouMean("payrol", apps) == " (did you mean 'payroll'?)");
  CHECK(DidYouMean("zzz", apps).empty());
  CHECK(Suggest(std::string(1000, 'a'), {std::string_view("a")}).empty());
}

TEST_CASE("suggestions know the usual short forms of environment names") {
  std::vector<std::string_view> envs = {"development", "staging", "production", "released"};
  CHECK(Suggest("prod", envs) == "production");
  CHECK(Suggest("prd", envs) == "production");
  CHECK(Suggest("Prod", envs) == "production");
  CHECK(Suggest("stage", envs) == "staging");
  CHECK(Suggest("stg", envs) == "staging");
  CHECK(Suggest("dev", envs) == "development");
  CHECK(Suggest("rel", envs) == "released");
  // Too short, ambiguous, or not a short form: nothing.
  CHECK(Suggest("pr", envs).empty());
  CHECK(Suggest("xyz", envs).empty());
  CHECK(Suggest("dev", {"development", "devices"}).empty());
  CHECK(DidYouMean("prod", envs) == " (did you mean 'production'?)");
}

TEST_CASE("diagnostics sort by position and drop exact duplicates") {
  Diagnostics diags;
  diags.Error(Code::kUnknownKey, {1, 3, 1}, "b");
  diags.Error(Code::kUnknownKey, {0, 9, 2}, "a");
  diags.Warning(Code::kUnknownKey, {0, 9, 2}, "a");
  diags.Error(Code::kUnknownKey, {1, 3, 1}, "b");
  diags.Error(Code::kMissingVersion, {}, "whole");
  diags.Sort();
  REQUIRE(diags.items().size() == 4);
  CHECK(diags.items()[0].message == "a");
  CHECK(diags.items()[0].severity == Severity::kError);
  CHECK(diags.items()[1].severity == Severity::kWarning);
  CHECK(diags.items()[2].message == "b");
  CHECK(diags.items()[3].message == "whole");
  CHECK(diags.error_count() == 3);
  CHECK(diags.warning_count() == 1);
}

}  // namespace
}  // namespace stagegate
