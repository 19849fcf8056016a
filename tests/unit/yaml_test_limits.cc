// Loader tests, part 2: duplicate keys, merge keys, aliases, nesting and
// size limits, and text that is not UTF-8 or holds control characters.
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

TEST_CASE("a duplicate key is reported at the second key, pointing at the first") {
  Parsed p = LoadYaml("role: admin\nname: Ada\nrole: builder\n");
  CHECK(p.Headlines() ==
        Lines{"a.yaml:3:1: error: duplicate key 'role' in this mapping; YAML would silently keep "
              "only one, so remove or rename one [duplicate-key]"});
  const Diagnostic& d = p.diags.items()[0];
  CHECK(d.length == 4);
  REQUIRE(d.related.size() == 1);
  CHECK(d.related[0].location == Location{0, 1, 1});
  CHECK(d.related[0].message == "first 'role' is here");
}

TEST_CASE("duplicate keys are found in nested and flow mappings, each repeat once") {
  Parsed p = LoadYaml("users:\n  ada:\n    role: a\n    role: b\n    role: c\n  x: {k: 1, \"k\": 2}\n");
  CHECK(p.Headlines() ==
        Lines{"a.yaml:4:5: error: duplicate key 'role' in this mapping; YAML would silently keep "
              "only one, so remove or rename one [duplicate-key]",
              "a.yaml:5:5: error: duplicate key 'role' in this mapping; YAML would silently keep "
              "only one, so remove or rename one [duplicate-key]",
              "a.yaml:6:13: error: duplicate key 'k' in this mapping; YAML would silently keep "
              "only one, so remove or rename one [duplicate-key]"});
  CHECK(p.diags.items()[1].related[0].location == Location{0, 3, 5});
  CHECK(p.diags.items()[2].length == 3);
}

TEST_CASE("the same key in different mappings is not a duplicate") {
  Parsed p = LoadYaml("a: {role: x}\nb: {role: y}\nc: [{role: 1}, {role: 2}]\n");
  CHECK(p.diags.empty());
}

TEST_CASE("100,000 distinct keys load fast, duplicates among many keys are found") {
  std::string text;
  for (int i = 0; i < 100000; ++i) text += "key" + std::to_string(i) + ": " + std::to_string(i) + "\n";
  Parsed p;
  p = LoadYaml(text);
  CHECK(p.diags.empty());
  CHECK(p.Doc().size() == 100000);

  Parsed dup = LoadYaml(text + "key777: again\n");
  CHECK(dup.Headlines() ==
        Lines{"a.yaml:100001:1: error: duplicate key 'key777' in this mapping; YAML would "
              "silently keep only one, so remove or rename one [duplicate-key]"});
  CHECK(dup.diags.items()[0].related[0].location == Location{0, 778, 1});
}

TEST_CASE("a repeated key is dropped after it is reported, so later stages see the first") {
  Parsed p = LoadYaml("role: admin\nname: Ada\nrole: builder\n");
  REQUIRE(p.diags.items().size() == 1);
  CHECK(p.Doc().size() == 2);
  CHECK(p.Doc().Find("role").text() == "admin");
  std::string text;
  for (int i = 0; i < 20; ++i) text += "k" + std::to_string(i % 10) + ": " + std::to_string(i) + "\n";
  Parsed many = LoadYaml(text);
  CHECK(many.diags.items().size() == 10);
  CHECK(many.Doc().size() == 10);
  CHECK(many.Doc().Find("k3").text() == "3");
}

TEST_CASE("a list or mapping as a key is unsupported") {
  Parsed p = LoadYaml("? [a, b]\n: 1\n? {k: v}\n: 2\n");
  CHECK(p.Headlines() ==
        Lines{"a.yaml:1:3: error: a list or mapping used as a mapping key is not supported; use "
              "a plain name as the key [unsupported-yaml]",
              "a.yaml:3:3: error: a list or mapping used as a mapping key is not supported; use "
              "a plain name as the key [unsupported-yaml]"});
}

TEST_CASE("merge keys add entries the mapping does not define itself") {
  Parsed p = LoadYaml(
      "base: &base {role: builder, team: core}\n"
      "extra: &extra {team: other, shell: zsh}\n"
      "ada:\n  <<: *base\n  role: admin\n"
      "bob:\n  <<: [*base, *extra]\n"
      "eve:\n  <<: {inline: 1}\n  x: 2\n");
  REQUIRE(p.diags.empty());
  Node root = p.Doc();
  Node ada = root.Find("ada");
  CHECK(ada.size() == 2);
  CHECK(ada.Find("role").text() == "admin");
  CHECK(ada.Find("team").text() == "core");
  CHECK(ada.Find("team").id() == root.Find("base").Find("team").id());
  CHECK_FALSE(ada.Find("<<"));
  Node bob = root.Find("bob");
  CHECK(bob.size() == 3);
  CHECK(bob.Find("team").text() == "core");  // the first mapping listed wins
  CHECK(bob.Find("shell").text() == "zsh");
  CHECK(root.Find("eve").Find("inline").text() == "1");
}

TEST_CASE("a merge key with anything but mappings is unsupported") {
  Parsed p = LoadYaml("a:\n  <<: 5\nb:\n  <<: [{k: 1}, x]\nc:\n  \"<<\": 5\n");
  CHECK(p.Headlines() ==
        Lines{"a.yaml:2:7: error: the merge key '<<' takes a mapping or a list of mappings "
              "(usually aliases such as '*defaults'), not an integer; fix or remove it "
              "[unsupported-yaml]",
              "a.yaml:4:7: error: the merge key '<<' takes a mapping or a list of mappings "
              "(usually aliases such as '*defaults'), not a list of other values; fix or remove "
              "it [unsupported-yaml]"});
  CHECK(p.Doc().Find("c").Find("<<").text() == "5");  // a quoted "<<" is an ordinary key
}

TEST_CASE("aliases share the anchored node instead of copying it") {
  Parsed p = LoadYaml("a: &x {k: [1, 2, 3]}\nb: *x\nc: [*x, *x]\n");
  REQUIRE(p.diags.empty());
  Node root = p.Doc();
  CHECK(root.Find("b").id() == root.Find("a").id());
  CHECK(root.Find("c").item(1).id() == root.Find("a").id());
  CHECK(p.tree().nodes.size() == 11);  // root, a, {..}, k, [..], 1, 2, 3, b, c, c's list
}

TEST_CASE("an anchor redefined later applies from there on") {
  Parsed p = LoadYaml("x: &a 1\ny: &a 2\nz: *a\n");
  REQUIRE(p.diags.empty());
  CHECK(p.Doc().Find("z").text() == "2");
}

TEST_CASE("a billion laughs stops at the alias limit, fast") {
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 30; ++i) {
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) text += (k ? ", *a" : "*a") + std::to_string(i - 1);
    text += "]\n";
  }
  Parsed p;
  p = LoadYaml(text);
  CHECK(p.Headlines() ==
        Lines{"a.yaml:6:45: error: aliases in this file expand to more than 1,000,000 nodes; "
              "use fewer or smaller aliases (this pattern can exhaust memory) [alias-limit]"});
  CHECK(p.documents() == 0);
}

TEST_CASE("the alias budget is per file and counts merged entries") {
  LoadLimits limits;
  limits.max_alias_nodes = 10;
  Parsed ok = LoadYaml("a: &a [1, 2, 3]\nb: [*a, *a]\n", limits);  // 4 + 4 nodes
  CHECK(ok.diags.empty());
  Parsed over = LoadYaml("a: &a [1, 2, 3]\nb: [*a, *a, *a]\n", limits);
  CHECK(over.Headlines() ==
        Lines{"a.yaml:2:13: error: aliases in this file expand to more than 10 nodes; use fewer "
              "or smaller aliases (this pattern can exhaust memory) [alias-limit]"});
  CHECK(LoadYaml("a: &a {k1: 1, k2: 2}\nb: {<<: *a}\nc: {<<: *a}\n", limits).Headlines() ==
        Lines{"a.yaml:3:9: error: aliases in this file expand to more than 10 nodes; use fewer "
              "or smaller aliases (this pattern can exhaust memory) [alias-limit]"});
  limits.max_alias_nodes = 3;  // each merge below adds 2 entries
  CHECK(LoadYaml("a: {<<: {k1: 1, k2: 2}}\nb: {<<: {k1: 1, k2: 2}}\n", limits).Headlines() ==
        Lines{"a.yaml:2:5: error: merge keys and aliases in this file expand to more than 3 "
              "nodes; use fewer or smaller aliases (this pattern can exhaust memory) "
              "[alias-limit]"});
}

TEST_CASE("an alias inside its own anchored collection is rejected") {
  Parsed p = LoadYaml("ok: 1\n---\na: &a [1, *a]\n");
  CHECK(p.Headlines() ==
        Lines{"a.yaml:3:11: error: alias '*a' refers to a collection that contains it; "
              "recursive YAML is not supported [alias-limit]"});
  CHECK(p.diags.items()[0].length == 2);
  CHECK(p.documents() == 1);
}

TEST_CASE("nesting deeper than the limit is reported at the first collection past it") {
  LoadLimits limits;
  limits.max_depth = 3;
  CHECK(LoadYaml("a: {b: [1]}\n", limits).diags.empty());
  CHECK(LoadYaml("a: {b: [[1]]}\n", limits).Headlines() ==
        Lines{"a.yaml:1:9: error: collections are nested more than 3 levels deep; flatten this "
              "part of the file [nesting-too-deep]"});
  CHECK(LoadYaml("a:\n  b:\n    - c:\n        d: 1\n", limits).Headlines() ==
        Lines{"a.yaml:3:7: error: collections are nested more than 3 levels deep; flatten this "
              "part of the file [nesting-too-deep]"});
  CHECK(LoadYaml("x: &x [[1]]\ny: [*x]\nz: {k: *x}\n", limits).Headlines() ==
        Lines{"a.yaml:2:5: error: this alias nests collections more than 3 levels deep; flatten "
              "the anchored value or use it at a shallower place [nesting-too-deep]"});
}

TEST_CASE("100,000-deep flow and block nesting end in milliseconds") {
  const int n = 100000;
  struct Case {
    std::string text;
    const char* headline;
  };
  const Case cases[] = {
      {std::string(n, '[') + std::string(n, ']') + "\n",
       "a.yaml:1:65: error: collections are nested more than 64 levels deep; flatten this part "
       "of the file [nesting-too-deep]"},
      {std::string(n, '[') + "\n",
       "a.yaml:1:65: error: collections are nested more than 64 levels deep; flatten this part "
       "of the file [nesting-too-deep]"},
      {[&] {
         std::string s;
         for (int i = 0; i < n; ++i) s += "{a: ";
         return s + "1" + std::string(n, '}') + "\n";
       }(),
       "a.yaml:1:257: error: collections are nested more than 64 levels deep; flatten this part "
       "of the file [nesting-too-deep]"},
      {[&] {
         std::string s;
         for (int i = 0; i < n; ++i) s += "- ";
         return s + "x\n";
       }(),
       "a.yaml:1:129: error: collections are nested more than 64 levels deep; flatten this part "
       "of the file [nesting-too-deep]"},
      {[&] {
         std::string s;
         for (int i = 0; i < 2000; ++i) s += std::string(i, ' ') + "k:\n";
         return s;
       }(),
       "a.yaml:65:65: error: collections are nested more than 64 levels deep; flatten this part "
       "of the file [nesting-too-deep]"},
  };
  for (const Case& c : cases) {
    Parsed p;
    p = LoadYaml(c.text);
    CHECK(p.Headlines() == Lines{c.headline});
  }
}

TEST_CASE("brackets inside scalars do not count as nesting") {
  LoadLimits limits;
  limits.max_depth = 2;
  Parsed p = LoadYaml("a: |\n  [[[[[[\nb: \"[[[[[[\"\nc: x[[[[[[\nd: ['[[[[', ']]]]']\n", limits);
  CHECK(p.diags.empty());
  CHECK(p.Doc().Find("c").text() == "x[[[[[[");
}

TEST_CASE("a file over the size limit is not read") {
  MemoryFileSystem fs;
  fs.AddFile("/cfg/big.yaml", std::string(300, '#'));
  fs.AddFile("/cfg/huge.yaml", std::string(3 << 20, '#'));
  fs.AddFile("/cfg/ok.yaml", "a: 1\n");
  LoadLimits limits;
  limits.max_file_bytes = 256;
  Diagnostics diags;
  LoadedConfig config = Load(fs, {"/cfg"}, limits, diags);
  diags.Sort();
  REQUIRE(diags.items().size() == 2);
  CHECK(FormatHeadline(config.sources, diags.items()[0]) ==
        "/cfg/big.yaml: error: file is 300 B, over the 256 B limit; split it into several files "
        "[file-too-large]");
  CHECK(FormatHeadline(config.sources, diags.items()[1]) ==
        "/cfg/huge.yaml: error: file is 3.0 MiB, over the 256 B limit; split it into several "
        "files [file-too-large]");
  CHECK(config.sources.size() == 3);
  CHECK(config.sources.file(0).text().empty());
  limits.max_file_bytes = 1 << 20;
  Diagnostics more;
  LoadedConfig again = Load(fs, {"/cfg"}, limits, more);
  REQUIRE(more.items().size() == 1);
  CHECK(FormatHeadline(again.sources, more.items()[0]) ==
        "/cfg/huge.yaml: error: file is 3.0 MiB, over the 1 MiB limit; split it into several "
        "files [file-too-large]");
  REQUIRE(again.files.size() == 2);
  CHECK(again.sources.file(again.files[1].file).path() == "/cfg/ok.yaml");
  CHECK_FALSE(again.unreadable);
}

TEST_CASE("a line over 1 MiB is rejected before parsing") {
  Parsed p = LoadYaml("a: 1\nb: [" + std::string(3 << 19, 'x') + "]\n");
  CHECK(p.Headlines() ==
        Lines{"a.yaml:2:1: error: this line is 1.5 MiB long, over the 1 MiB limit for one line; "
              "break it into several lines (a flow list or mapping can span lines) "
              "[file-too-large]"});
}

TEST_CASE("a flow collection over 256 KiB is rejected, fast") {
  std::string list = "version: 1\nusers: [";
  for (int i = 0; list.size() < (300 << 10); ++i) list += "user" + std::to_string(i) + "@x.io,\n  ";
  list += "last]\n";
  Parsed p;
  p = LoadYaml(list);
  CHECK(p.Headlines() ==
        Lines{"a.yaml:2:8: error: this flow list is over 256 KiB long; write it in block style, "
              "one '- item' per line [file-too-large]"});
  std::string map = "a: 1\n---\nb: {";
  for (int i = 0; map.size() < (300 << 10); ++i) map += "k" + std::to_string(i) + ": [x, y], ";
  CHECK(LoadYaml(map + "z: 1}\n").Headlines() ==
        Lines{"a.yaml:3:4: error: this flow mapping is over 256 KiB long; write it in block "
              "style, one 'key: value' per line [file-too-large]"});
  // Brackets that only look like a long flow collection are no problem.
  std::string text = "a: x\n  [ not a list\n";
  while (text.size() < (300 << 10)) text += "b" + std::to_string(text.size()) + ": text\n";
  Parsed ok = LoadYaml(text);
  CHECK(ok.diags.empty());
  CHECK(ok.Doc().Find("a").text() == "x [ not a list");
}

TEST_CASE("invalid UTF-8 is reported at the first bad byte") {
  struct Case {
    std::string text;
    const char* headline;
  };
  const Case cases[] = {
      {"a: 1\nname: Zoë \xFF\n",
       "a.yaml:2:11: error: invalid UTF-8 (byte 0xFF); save the file as UTF-8 text "
       "[invalid-utf8]"},
      {"a: caf\xE9\n",  // Latin-1
       "a.yaml:1:7: error: invalid UTF-8 (byte 0xE9); save the file as UTF-8 text "
       "[invalid-utf8]"},
      {"a: \xC0\xAF\n",  // overlong '/'
       "a.yaml:1:4: error: invalid UTF-8 (byte 0xC0); save the file as UTF-8 text "
       "[invalid-utf8]"},
      {"a: \xED\xA0\x80\n",  // a surrogate
       "a.yaml:1:4: error: invalid UTF-8 (byte 0xED); save the file as UTF-8 text "
       "[invalid-utf8]"},
      {"a: \xE6\x97\n",  // truncated
       "a.yaml:1:4: error: invalid UTF-8 (byte 0xE6); save the file as UTF-8 text "
       "[invalid-utf8]"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    Parsed p = LoadYaml(c.text);
    CHECK(p.Headlines() == Lines{c.headline});
    CHECK(p.documents() == 0);
  }
}

TEST_CASE("NUL and other control characters are rejected") {
  CHECK(LoadYaml(std::string("a: 1\nb: x\0y\n", 12)).Headlines() ==
        Lines{"a.yaml:2:5: error: control character U+0000 is not allowed in a YAML file; remove "
              "it (is this a binary file?) [yaml-syntax]"});
  CHECK(LoadYaml("a: \x1B[31mred\n").Headlines() ==
        Lines{"a.yaml:1:4: error: control character U+001B is not allowed in a YAML file; remove "
              "it (is this a binary file?) [yaml-syntax]"});
  CHECK(LoadYaml("a:\t1\r\n").diags.empty());
}

// Found by fuzz_loader: yaml-cpp does not consume a ',' at the top level of a
// document and started empty documents there forever (the process hung and
// grew without bound).
TEST_CASE("a comma outside any flow collection ends the file with an error, not a hang") {
  CHECK(LoadYaml("---\n,\n").Headlines() ==
        Lines{"a.yaml:2:1: error: unexpected ',' here: commas separate items only inside '[...]' "
              "or '{...}'; quote the value if the comma is part of it [yaml-syntax]"});
  CHECK(LoadYaml(",").Headlines() ==
        Lines{"a.yaml:1:1: error: unexpected ',' here: commas separate items only inside '[...]' "
              "or '{...}'; quote the value if the comma is part of it [yaml-syntax]"});
  Parsed after = LoadYaml("a: 1\n...\n,1,,\n");
  CHECK(after.Headlines() ==
        Lines{"a.yaml:3:1: error: unexpected ',' here: commas separate items only inside '[...]' "
              "or '{...}'; quote the value if the comma is part of it [yaml-syntax]"});
  CHECK(after.documents() == 1);
  // Inside a flow collection, or inside a plain scalar, a comma is fine.
  CHECK(LoadYaml("a: [1, 2]\nb: x, y\n").diags.empty());
}

}  // namespace
}  // namespace stagegate
