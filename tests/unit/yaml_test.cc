// Loader tests, part 1: core-schema typing, locations (CRLF, BOM, non-ASCII
// columns), documents, scalar flags, tags and syntax errors.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "source/headline.h"
#include "stage_support.h"
#include "yaml/loader.h"

namespace stagegate {
namespace {

using testing::LoadYaml;
using testing::Parsed;
using Lines = std::vector<std::string>;

TEST_CASE("plain scalars are typed by the YAML 1.2 core schema") {
  struct Case {
    const char* yaml;
    NodeKind kind;
    const char* text;
  };
  const Case cases[] = {
      {"5432", NodeKind::kInt, "5432"},        {"-17", NodeKind::kInt, "-17"},
      {"+3", NodeKind::kInt, "+3"},            {"0x1F", NodeKind::kInt, "0x1F"},
      {"0o17", NodeKind::kInt, "0o17"},        {"1e3", NodeKind::kFloat, "1e3"},
      {"3.5", NodeKind::kFloat, "3.5"},        {".inf", NodeKind::kFloat, ".inf"},
      {"-.Inf", NodeKind::kFloat, "-.Inf"},    {".nan", NodeKind::kFloat, ".nan"},
      {"true", NodeKind::kBool, "true"},       {"False", NodeKind::kBool, "False"},
      {"~", NodeKind::kNull, "~"},             {"null", NodeKind::kNull, "null"},
      {"NULL", NodeKind::kNull, "NULL"},       {"", NodeKind::kNull, ""},
      {"yes", NodeKind::kString, "yes"},       {"no", NodeKind::kString, "no"},
      {"on", NodeKind::kString, "on"},         {"0b101", NodeKind::kString, "0b101"},
      {"1_000", NodeKind::kString, "1_000"},   {"-0o7", NodeKind::kString, "-0o7"},
      {"v1.2", NodeKind::kString, "v1.2"},     {"\"5432\"", NodeKind::kString, "5432"},
      {"'true'", NodeKind::kString, "true"},   {"\"\"", NodeKind::kString, ""},
      {"! 12", NodeKind::kString, "12"},       {"!!str 12", NodeKind::kString, "12"},
      {"!!int 12", NodeKind::kInt, "12"},      {"!!float 12", NodeKind::kFloat, "12"},
      {"!!bool true", NodeKind::kBool, "true"}, {"!!null ~", NodeKind::kNull, "~"},
      {"!!str ~", NodeKind::kString, "~"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.yaml);
    Parsed p = LoadYaml(std::string("v: ") + c.yaml + "\n");
    REQUIRE(p.diags.empty());
    Node v = p.Doc().Find("v");
    CHECK(v.kind() == c.kind);
    CHECK(v.text() == c.text);
  }
}

TEST_CASE("quoted and block scalars are strings with the quoted flag") {
  Parsed p = LoadYaml("a: \"x\"\nb: 'y'\nc: |\n  z\nd: plain\n");
  REQUIRE(p.diags.empty());
  Node root = p.Doc();
  CHECK(root.Find("a").quoted());
  CHECK(root.Find("a").width() == 3);
  CHECK(root.Find("b").quoted());
  CHECK(root.Find("c").quoted());
  CHECK(root.Find("c").text() == "z\n");
  CHECK_FALSE(root.Find("d").quoted());
  CHECK(root.Find("d").width() == 5);
}

TEST_CASE("scalars whose source spans lines are multi-line") {
  Parsed p = LoadYaml(
      "block: |\n  one\n  two\nfolded: >\n  one\n  two\nplain: one\n  two\n"
      "dq: \"one\n  two\"\nsq: 'one\n  two'\nflat: \"one two\"\nspaced: one two\n"
      "escaped: \"a\\\n  b\"\n");
  REQUIRE(p.diags.empty());
  Node root = p.Doc();
  for (const char* key : {"block", "folded", "plain", "dq", "sq", "escaped"}) {
    CAPTURE(key);
    CHECK(root.Find(key).multi_line());
    CHECK(root.Find(key).width() == 1);
  }
  CHECK(root.Find("plain").text() == "one two");
  CHECK_FALSE(root.Find("flat").multi_line());
  CHECK_FALSE(root.Find("spaced").multi_line());
}

TEST_CASE("locations are 1-based lines and code-point columns") {
  Parsed p = LoadYaml("users:\n  ada@x.io: {role: admin}\n  list: [a, \"b\", c]\n");
  REQUIRE(p.diags.empty());
  Node users = p.Doc().Find("users");
  CHECK(p.Doc().location() == Location{0, 1, 1});
  CHECK(users.location() == Location{0, 2, 3});
  CHECK(users.FindKey("ada@x.io").location() == Location{0, 2, 3});
  CHECK(users.Find("ada@x.io").location() == Location{0, 2, 13});
  CHECK(users.Find("ada@x.io").Find("role").location() == Location{0, 2, 20});
  Node list = users.Find("list");
  CHECK(list.location() == Location{0, 3, 9});
  CHECK(list.item(1).location() == Location{0, 3, 13});
  CHECK(list.item(2).location() == Location{0, 3, 18});
}

TEST_CASE("columns count code points on lines with non-ASCII text") {
  Parsed p = LoadYaml("name: Zoë Ünal\nrole: {é: [ü, 日本, x]}\n");
  REQUIRE(p.diags.empty());
  Node root = p.Doc();
  CHECK(root.Find("name").width() == 8);
  Node list = root.Find("role").Find("é");
  CHECK(list.location() == Location{0, 2, 11});
  CHECK(list.item(0).location() == Location{0, 2, 12});
  CHECK(list.item(1).location() == Location{0, 2, 15});
  CHECK(list.item(2).location() == Location{0, 2, 19});
}

TEST_CASE("CRLF line ends and a UTF-8 BOM keep locations right") {
  Parsed p = LoadYaml("\xEF\xBB\xBFversion: 1\r\nusers:\r\n  é: \"x\"\r\n  b: [1, 2]\r\n");
  REQUIRE(p.diags.empty());
  Node root = p.Doc();
  CHECK(root.FindKey("version").location() == Location{0, 1, 1});
  CHECK(root.Find("version").location() == Location{0, 1, 10});
  CHECK(root.Find("users").Find("é").location() == Location{0, 3, 6});
  CHECK(root.Find("users").Find("é").text() == "x");
  CHECK(root.Find("users").Find("b").item(1).location() == Location{0, 4, 10});
  CHECK(root.Find("users").Find("b").item(1).text() == "2");
}

TEST_CASE("anchored and tagged values are located at the value") {
  Parsed p = LoadYaml("a: &x 1\nb: !!str 2\nc: &y\n  k: v\nd: *x\n");
  REQUIRE(p.diags.empty());
  Node root = p.Doc();
  CHECK(root.Find("a").location() == Location{0, 1, 7});
  CHECK(root.Find("b").location() == Location{0, 2, 10});
  CHECK(root.Find("c").location() == Location{0, 4, 3});
  CHECK(root.Find("d").id() == root.Find("a").id());
}

TEST_CASE("an empty value is a null located at its key or list indicator") {
  Parsed p = LoadYaml("a:\nb: 1\nc:\n  -\n  - x\n  -   \n");
  REQUIRE(p.diags.empty());
  Node a = p.Doc().Find("a");
  CHECK(a.is_null());
  CHECK(a.text().empty());
  CHECK(a.location() == Location{0, 1, 1});
  Node c = p.Doc().Find("c");
  CHECK(c.item(0).is_null());
  CHECK(c.item(0).location() == Location{0, 4, 3});
  CHECK(c.item(2).location() == Location{0, 6, 3});
  Parsed end = LoadYaml("k: 1\nlast:");
  CHECK(end.Doc().Find("last").location() == Location{0, 2, 1});
}

TEST_CASE("every non-empty document is a root, empty ones are skipped") {
  Parsed p = LoadYaml("# only a comment\n---\n---\na: 1\n--- ~\n---\n- x\n...\n---\nb: 2\n");
  REQUIRE(p.diags.empty());
  REQUIRE(p.documents() == 3);
  CHECK(p.Doc(0).Find("a").text() == "1");
  CHECK(p.Doc(1).item(0).text() == "x");
  CHECK(p.Doc(2).Find("b").location() == Location{0, 10, 4});
}

TEST_CASE("an empty file or a file of comments has no documents") {
  for (const char* text : {"", "# nothing\n", "---\n", "\n\n"}) {
    CAPTURE(text);
    Parsed p = LoadYaml(text);
    CHECK(p.diags.empty());
    REQUIRE(p.config.files.size() == 1);
    CHECK(p.documents() == 0);
  }
}

TEST_CASE("a syntax error drops that document and keeps the earlier ones") {
  Parsed p = LoadYaml("a: 1\n---\nb: [1, 2\nc: 3\n");
  CHECK(p.Headlines() ==
        Lines{"a.yaml:4:2: error: missing ']' to close the '[' list; add it, or separate items "
              "with ',' [yaml-syntax]"});
  REQUIRE(p.documents() == 1);
  CHECK(p.Doc().Find("a").text() == "1");
  REQUIRE(p.diags.items()[0].related.size() == 1);
  CHECK(p.diags.items()[0].related[0].location == Location{0, 3, 4});
}

TEST_CASE("syntax errors get messages a user understands") {
  struct Case {
    const char* yaml;
    const char* headline;
  };
  const Case cases[] = {
      {"a:\n  b: 1\n\tc: 2\n",
       "a.yaml:3:1: error: a tab is used for indentation; YAML indents with spaces only "
       "[yaml-syntax]"},
      {"a:\n\tb: 1\n",
       "a.yaml:2:1: error: a tab is used for indentation; YAML indents with spaces only "
       "[yaml-syntax]"},
      {"a: \"abc\nb: 1\n",
       "a.yaml:1:4: error: unclosed double-quoted string; add the closing '\"' [yaml-syntax]"},
      {"a: 'abc\n",
       "a.yaml:1:4: error: unclosed single-quoted string; add the closing \"'\" [yaml-syntax]"},
      {"a: {x: 1\n",
       "a.yaml:1:9: error: missing '}' to close the '{' mapping; add it, or separate entries "
       "with ',' [yaml-syntax]"},
      {"a:\n  - 1\n - 2\n",
       "a.yaml:3:2: error: this line does not fit the mapping above it; check its indentation "
       "(the keys of one mapping must line up) [yaml-syntax]"},
      {"a: 1\nb: c: d\n",
       "a.yaml:2:5: error: unexpected ':' here; check the indentation, and quote a value that "
       "contains ': ' [yaml-syntax]"},
      {"{a: 1}}\n",
       "a.yaml:1:7: error: unexpected closing bracket; remove it or add the matching opening "
       "bracket [yaml-syntax]"},
      {"a: \"\\q\"\n",
       "a.yaml:1:7: error: unknown escape '\\q' in a double-quoted string; write '\\\\' for a "
       "backslash, or use single quotes [yaml-syntax]"},
      {"- a\nb: 1\n",
       "a.yaml:2:1: error: this line is outside the top-level collection above it; check its "
       "indentation, or start a new document with '---' [yaml-syntax]"},
      {"a: *x\n",
       "a.yaml:1:4: error: alias '*x' is not defined; define '&x' before it in the same "
       "document (anchors do not carry over '---') [yaml-syntax]"},
      {"a: &x 1\n---\nb: *x\n",
       "a.yaml:3:4: error: alias '*x' is not defined; define '&x' before it in the same "
       "document (anchors do not carry over '---') [yaml-syntax]"},
      {"a: &x &y 1\n", "a.yaml:1:7: error: invalid YAML: cannot assign multiple anchors to the "
                       "same node [yaml-syntax]"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.yaml);
    CHECK(LoadYaml(c.yaml).Headlines() == Lines{c.headline});
  }
}

TEST_CASE("a document after '...' needs no '---'") {
  Parsed p = LoadYaml("- a\n...\n# next\nb: 1\n");
  CHECK(p.diags.empty());
  CHECK(p.documents() == 2);
}

TEST_CASE("tags: standard ones are honoured, others are unsupported") {
  Parsed p = LoadYaml(
      "a: !custom 1\nb: !!binary abc\nc: !!int x\nd: !!int \"7\"\ne: !!map {k: v}\n"
      "f: !!seq {k: v}\ng: !<tag:example.com,2000:x> 1\nh: !!str [1]\ni: &t !!set {}\n");
  CHECK(p.Headlines() ==
        Lines{"a.yaml:1:4: error: YAML tag '!custom' is not supported; remove the tag "
              "[unsupported-yaml]",
              "a.yaml:2:4: error: YAML tag '!!binary' is not supported; remove the tag "
              "[unsupported-yaml]",
              "a.yaml:3:4: error: this value does not match its tag '!!int'; remove the tag or "
              "fix the value [unsupported-yaml]",
              "a.yaml:6:4: error: this value does not match its tag '!!seq'; remove the tag or "
              "fix the value [unsupported-yaml]",
              "a.yaml:7:4: error: YAML tag '!<tag:example.com,2000:x>' is not supported; remove "
              "the tag [unsupported-yaml]",
              "a.yaml:8:4: error: this value does not match its tag '!!str'; remove the tag or "
              "fix the value [unsupported-yaml]",
              "a.yaml:9:7: error: YAML tag '!!set' is not supported; remove the tag "
              "[unsupported-yaml]"});
  CHECK(p.diags.items()[1].length == 8);  // "!!binary" is underlined
  Node root = p.Doc();
  CHECK(root.Find("a").kind() == NodeKind::kString);
  CHECK(root.Find("d").kind() == NodeKind::kInt);
  CHECK(root.Find("d").quoted());
  CHECK(root.Find("e").is_mapping());
}

TEST_CASE("ParseYaml parses text already in a SourceSet") {
  SourceSet sources;
  uint32_t id = sources.Add("x.yaml", "a: [1, 2]\n");
  Tree tree;
  Diagnostics diags;
  ParseYaml(sources, id, LoadLimits{}, &tree, diags);
  CHECK(diags.empty());
  REQUIRE(tree.documents.size() == 1);
  CHECK(Node(&tree, tree.documents[0]).Find("a").size() == 2);
  CHECK(sizeof(Tree::Record) == 24);
}

}  // namespace
}  // namespace stagegate
