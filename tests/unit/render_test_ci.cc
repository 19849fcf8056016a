// CI output formats of `check`: SARIF, JUnit XML and GitHub workflow
// commands. Exact output on small inputs, the escaping rules of each format,
// and that the SARIF and XML parse back.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "render/diagnostics_github.h"
#include "render/diagnostics_junit.h"
#include "render/diagnostics_sarif.h"
#include "source/diagnostic.h"
#include "source/source_set.h"

namespace stagegate {
namespace {

// Two files (one with a space, one non-ASCII), an error with a note, a
// warning, and a finding about the configuration as a whole.
struct Fixture {
  SourceSet sources;
  Diagnostics diags;
  Fixture() {
    uint32_t a = sources.Add("config/team access.yaml", "version: 1\nusers:\n  eve: {}\n");
    uint32_t b = sources.Add("config/zürich.yaml", "groups:\n  qa: {}\n");
    diags.Error(Code::kDuplicateDefinition, {a, 3, 3}, "user 'eve' is defined twice; remove one")
        .Underline(3)
        .Related({b, 1, 1}, "first defined here");
    diags.Warning(Code::kUnusedGroup, {b, 2, 3}, "group 'qa' has no members").Underline(2);
    diags.Error(Code::kMissingVersion, {}, "no file declares 'version: 1'");
  }
};

size_t IndexOf(const std::string& code) {
  for (size_t i = 0; i < AllCodes().size(); ++i) {
    if (CodeName(AllCodes()[i]) == code) return i;
  }
  return AllCodes().size();
}

// The XML is well-formed enough for a CI parser: one prolog, tags balanced
// and properly nested, attribute values quoted, no raw '<' or '&' outside
// markup and references.
bool WellFormedXml(const std::string& xml) {
  const std::string prolog = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  if (xml.compare(0, prolog.size(), prolog) != 0) return false;
  std::vector<std::string> open;
  size_t i = prolog.size();
  while (i < xml.size()) {
    char c = xml[i];
    if (c == '&') {
      size_t end = xml.find(';', i);
      if (end == std::string::npos) return false;
      std::string ref = xml.substr(i + 1, end - i - 1);
      static const std::set<std::string> kNamed = {"amp", "lt", "gt", "quot", "apos"};
      if (kNamed.count(ref) == 0 && (ref.size() < 2 || ref[0] != '#')) return false;
      i = end + 1;
    } else if (c == '<') {
      size_t end = i + 1;
      char quote = 0;
      for (; end < xml.size(); ++end) {
        if (quote != 0) {
          if (xml[end] == quote) quote = 0;
          if (xml[end] == '<') return false;
        } else if (xml[end] == '"' || xml[end] == '\'') {
          quote = xml[end];
        } else if (xml[end] == '>') {
          break;
        }
      }
      if (end >= xml.size()) return false;
      std::string tag = xml.substr(i + 1, end - i - 1);
      bool closing = !tag.empty() && tag[0] == '/';
      bool empty = !tag.empty() && tag.back() == '/';
      std::string name = tag.substr(closing ? 1 : 0);
      name = name.substr(0, name.find_first_of(" /\n"));
      if (closing) {
        if (open.empty() || open.back() != name) return false;
        open.pop_back();
      } else if (!empty) {
        open.push_back(name);
      }
      i = end + 1;
    } else {
      if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') return false;
      ++i;
    }
  }
  return open.empty();
}

TEST_CASE("sarif: exact results for errors, warnings, notes and whole-configuration findings") {
  Fixture f;
  nlohmann::json log = nlohmann::json::parse(DiagnosticsToSarif(f.sources, f.diags));
  CHECK(log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json");
  CHECK(log["version"] == "2.1.0");
  REQUIRE(log["runs"].size() == 1);
  const nlohmann::json& run = log["runs"][0];
  CHECK(run["tool"]["driver"]["name"] == "stagegate");
  CHECK(run["tool"]["driver"]["version"] == "0.1.0");
  // The project has no public home yet: no made-up informationUri (a build
  // with -DSTAGEGATE_HOMEPAGE=https://... gets that address).
  CHECK(run["tool"]["driver"].value("informationUri", std::string()) == STAGEGATE_HOMEPAGE);
  CHECK(run["tool"]["driver"].contains("informationUri") == (std::string(STAGEGATE_HOMEPAGE) != ""));
  CHECK(run["columnKind"] == "unicodeCodePoints");
  nlohmann::json expected = nlohmann::json::parse(R"([
    {"level": "error", "ruleId": "duplicate-definition", "ruleIndex": 0,
     "message": {"text": "user 'eve' is defined twice; remove one"},
     "locations": [{"physicalLocation": {
       "artifactLocation": {"uri": "config/team%20access.yaml", "uriBaseId": "%SRCROOT%"},
       "region": {"startLine": 3, "startColumn": 3, "endColumn": 6}}}],
     "relatedLocations": [{"id": 0, "message": {"text": "first defined here"},
       "physicalLocation": {
         "artifactLocation": {"uri": "config/z%C3%BCrich.yaml", "uriBaseId": "%SRCROOT%"},
         "region": {"startLine": 1, "startColumn": 1}}}]},
    {"level": "warning", "ruleId": "unused-group", "ruleIndex": 0,
     "message": {"text": "group 'qa' has no members"},
     "locations": [{"physicalLocation": {
       "artifactLocation": {"uri": "config/z%C3%BCrich.yaml", "uriBaseId": "%SRCROOT%"},
       "region": {"startLine": 2, "startColumn": 3, "endColumn": 5}}}]},
    {"level": "error", "ruleId": "missing-version", "ruleIndex": 0,
     "message": {"text": "no file declares 'version: 1'"}}
  ])");
  // ruleIndex is the code's position in codes.def.
  for (nlohmann::json& r : expected) r["ruleIndex"] = IndexOf(r["ruleId"].get<std::string>());
  CHECK(run["results"] == expected);
}

TEST_CASE("sarif: the rules list every code once and each ruleIndex points at its rule") {
  Fixture f;
  nlohmann::json log = nlohmann::json::parse(DiagnosticsToSarif(f.sources, f.diags));
  const nlohmann::json& rules = log["runs"][0]["tool"]["driver"]["rules"];
  REQUIRE(rules.size() == AllCodes().size());
  std::set<std::string> ids;
  for (size_t i = 0; i < rules.size(); ++i) {
    Code code = AllCodes()[i];
    CHECK(rules[i]["id"] == std::string(CodeName(code)));
    CHECK(rules[i]["shortDescription"]["text"] == std::string(CodeSummary(code)));
    CHECK(rules[i].count("helpUri") == 0);
    ids.insert(rules[i]["id"].get<std::string>());
  }
  CHECK(ids.size() == rules.size());
  // One finding of every code: each result names the rule at its index.
  SourceSet sources;
  uint32_t file = sources.Add("a.yaml", "x\n");
  Diagnostics all;
  for (Code code : AllCodes()) all.Error(code, {file, 1, 1}, "m");
  nlohmann::json every = nlohmann::json::parse(DiagnosticsToSarif(sources, all));
  const nlohmann::json& results = every["runs"][0]["results"];
  REQUIRE(results.size() == AllCodes().size());
  for (const nlohmann::json& r : results) {
    size_t index = r["ruleIndex"].get<size_t>();
    REQUIRE(index < rules.size());
    CHECK(rules[index]["id"] == r["ruleId"]);
  }
}

TEST_CASE("sarif: no findings is one run with no results, absolute paths are file URIs") {
  SourceSet sources;
  Diagnostics none;
  nlohmann::json log = nlohmann::json::parse(DiagnosticsToSarif(sources, none));
  CHECK(log["runs"][0]["results"] == nlohmann::json::array());

  uint32_t abs = sources.Add("/tmp/my config/a.yaml", "x\n");
  Diagnostics d;
  d.Error(Code::kYamlSyntax, {abs, 0, 0}, "whole file");
  nlohmann::json one = nlohmann::json::parse(DiagnosticsToSarif(sources, d));
  CHECK(one["runs"][0]["results"][0]["locations"][0]["physicalLocation"] ==
        nlohmann::json::parse(R"({"artifactLocation": {"uri": "file:///tmp/my%20config/a.yaml"}})"));
}

TEST_CASE("sarif: paths become relative URI references") {
  struct Row {
    const char* path;
    const char* uri;
  };
  const Row rows[] = {
      {"users.yaml", "users.yaml"},
      {"config/team access.yaml", "config/team%20access.yaml"},
      {"zürich/a.yaml", "z%C3%BCrich/a.yaml"},
      {"a%b#c?d.yaml", "a%25b%23c%3Fd.yaml"},
      {"a:b.yaml", "a%3Ab.yaml"},
      {"../x/y_z-1~.yml", "../x/y_z-1~.yml"},
  };
  for (const Row& row : rows) {
    INFO(row.path);
    CHECK(PathToUriReference(row.path) == row.uri);
  }
}

TEST_CASE("junit: exact report with an error, a warning and a whole-configuration finding") {
  Fixture f;
  std::string xml = DiagnosticsToJunit(f.sources, f.diags, false);
  CHECK(xml ==
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<testsuites name=\"stagegate\" tests=\"3\" failures=\"2\" errors=\"0\">\n"
        "  <testsuite name=\"stagegate check\" tests=\"3\" failures=\"2\" errors=\"0\" skipped=\"0\">\n"
        "    <testcase classname=\"config/team access.yaml\" name=\"duplicate-definition at "
        "config/team access.yaml:3:3\">\n"
        "      <failure message=\"user &apos;eve&apos; is defined twice; remove one\" "
        "type=\"duplicate-definition\">config/team access.yaml:3:3: error: user &apos;eve&apos; is "
        "defined twice; remove one [duplicate-definition]&#10;config/zürich.yaml:1:1: note: first "
        "defined here</failure>\n"
        "    </testcase>\n"
        "    <testcase classname=\"config/zürich.yaml\" name=\"unused-group at "
        "config/zürich.yaml:2:3\">\n"
        "      <system-out>config/zürich.yaml:2:3: warning: group &apos;qa&apos; has no members "
        "[unused-group]</system-out>\n"
        "    </testcase>\n"
        "    <testcase classname=\"stagegate\" name=\"missing-version\">\n"
        "      <failure message=\"no file declares &apos;version: 1&apos;\" "
        "type=\"missing-version\">stagegate: error: no file declares &apos;version: 1&apos; "
        "[missing-version]</failure>\n"
        "    </testcase>\n"
        "  </testsuite>\n"
        "</testsuites>\n");
  CHECK(WellFormedXml(xml));
}

TEST_CASE("junit: warnings fail with --werror, no findings is one passing testcase") {
  Fixture f;
  std::string werror = DiagnosticsToJunit(f.sources, f.diags, true);
  CHECK(werror.find("tests=\"3\" failures=\"3\"") != std::string::npos);
  CHECK(werror.find("<failure message=\"group &apos;qa&apos; has no members\" type=\"unused-group\">") !=
        std::string::npos);
  CHECK(werror.find("<system-out>") == std::string::npos);
  CHECK(WellFormedXml(werror));

  SourceSet sources;
  Diagnostics none;
  std::string valid = DiagnosticsToJunit(sources, none, true);
  CHECK(valid ==
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<testsuites name=\"stagegate\" tests=\"1\" failures=\"0\" errors=\"0\">\n"
        "  <testsuite name=\"stagegate check\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\">\n"
        "    <testcase classname=\"stagegate\" name=\"configuration is valid\"/>\n"
        "  </testsuite>\n"
        "</testsuites>\n");
  CHECK(WellFormedXml(valid));
}

TEST_CASE("junit: XML escaping") {
  struct Row {
    std::string in;
    std::string out;
  };
  const std::vector<Row> rows = {
      {"a & b", "a &amp; b"},
      {"<tag>", "&lt;tag&gt;"},
      {"\"q\" 'a'", "&quot;q&quot; &apos;a&apos;"},
      {"line\nnext\r\tx", "line&#10;next&#13;&#9;x"},
      {std::string("nul\0bell" "\x07" "esc" "\x1b", 13), "nulbellesc"},
      {"zürich ✓ 😀", "zürich ✓ 😀"},
      {"\xEF\xBF\xBE\xEF\xBF\xBF!", "!"},  // U+FFFE, U+FFFF
      {"bad \xFF byte", "bad \xEF\xBF\xBD byte"},
      {"cut \xC3", "cut \xEF\xBF\xBD"},
      {"surrogate \xED\xA0\x80", "surrogate \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
  };
  for (const Row& row : rows) {
    INFO(row.in);
    CHECK(XmlEscape(row.in) == row.out);
  }
  // Escaped messages and paths keep the report well-formed.
  SourceSet sources;
  uint32_t file = sources.Add("a <b> & \"c\".yaml", "x\n");
  Diagnostics diags;
  diags.Error(Code::kInvalidValue, {file, 1, 1}, std::string("value </failure> & \x01 'x'\nmore"));
  CHECK(WellFormedXml(DiagnosticsToJunit(sources, diags, false)));
}

TEST_CASE("github: exact workflow commands") {
  Fixture f;
  CHECK(DiagnosticsToGithub(f.sources, f.diags) ==
        "::error file=config/team access.yaml,line=3,col=3,endColumn=6,title=duplicate-definition::"
        "user 'eve' is defined twice; remove one%0Aconfig/zürich.yaml:1:1: note: first defined here\n"
        "::warning file=config/zürich.yaml,line=2,col=3,endColumn=5,title=unused-group::"
        "group 'qa' has no members\n"
        "::error title=missing-version::no file declares 'version: 1'\n");

  SourceSet sources;
  uint32_t file = sources.Add("a.yaml", "x\n");
  Diagnostics diags;
  diags.Add(Severity::kNote, Code::kYamlSyntax, {file, 0, 0}, "whole file");
  CHECK(DiagnosticsToGithub(sources, diags) == "::notice file=a.yaml,title=yaml-syntax::whole file\n");
  CHECK(DiagnosticsToGithub(sources, Diagnostics()).empty());
}

TEST_CASE("github: escaping of data and properties") {
  struct Row {
    const char* in;
    const char* data;
    const char* property;
  };
  const Row rows[] = {
      {"100%", "100%25", "100%25"},
      {"a\nb\r\nc", "a%0Ab%0D%0Ac", "a%0Ab%0D%0Ac"},
      {"x: y, z", "x: y, z", "x%3A y%2C z"},
      {"%0A", "%250A", "%250A"},
      {"::error::", "::error::", "%3A%3Aerror%3A%3A"},
      {"zürich ✓", "zürich ✓", "zürich ✓"},
  };
  for (const Row& row : rows) {
    INFO(row.in);
    CHECK(GithubEscapeData(row.in) == row.data);
    CHECK(GithubEscapeProperty(row.in) == row.property);
  }
  SourceSet sources;
  uint32_t file = sources.Add("dir,x/a:b.yaml", "x\n");
  Diagnostics diags;
  // A message is one line (Diagnostics escapes a line break in it, as a name
  // may hold one); a related note joins it on a line of its own.
  diags.Error(Code::kInvalidValue, {file, 2, 4}, "50% of 'a,b': bad\nfix it")
      .Underline(2)
      .Related({file, 1, 1}, "see: here");
  CHECK(DiagnosticsToGithub(sources, diags) ==
        "::error file=dir%2Cx/a%3Ab.yaml,line=2,col=4,endColumn=6,title=invalid-value::"
        "50%25 of 'a,b': bad\\nfix it%0Adir,x/a:b.yaml:1:1: note: see: here\n");
}

}  // namespace
}  // namespace stagegate
