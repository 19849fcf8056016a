// SARIF 2.1.0 rendering of diagnostics.
#include "render/diagnostics_sarif.h"

#include <cstddef>

#include <nlohmann/json.hpp>

namespace stagegate {
namespace {

constexpr char kSrcRoot[] = "%SRCROOT%";

bool Unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// A location object for `loc`, or null when it is in no file. `length` is
// the characters underlined (0: no endColumn).
nlohmann::json Physical(const SourceSet& sources, const Location& loc, uint32_t length) {
  if (loc.file >= sources.size()) return nullptr;
  const std::string& path = sources.file(loc.file).path();
  nlohmann::json artifact;
  if (!path.empty() && path[0] == '/') {
    artifact["uri"] = "file://" + PathToUriReference(path);
  } else {
    artifact["uri"] = PathToUriReference(path);
    artifact["uriBaseId"] = kSrcRoot;
  }
  nlohmann::json physical;
  physical["artifactLocation"] = std::move(artifact);
  if (loc.valid()) {
    nlohmann::json region;
    region["startLine"] = loc.line;
    if (loc.column > 0) {
      region["startColumn"] = loc.column;
      if (length > 0) region["endColumn"] = loc.column + length;
    }
    physical["region"] = std::move(region);
  }
  return physical;
}

nlohmann::json Rules() {
  nlohmann::json rules = nlohmann::json::array();
  for (Code code : AllCodes()) {
    nlohmann::json rule;
    rule["id"] = std::string(CodeName(code));
    const std::string name(CodeName(code)), summary(CodeSummary(code));
    rule["shortDescription"]["text"] = summary;
    // GitHub code scanning requires both; the reference page has an example
    // of each finding and what to do about it.
    rule["fullDescription"]["text"] = summary;
    rule["help"]["text"] =
        summary + " See the stagegate documentation, docs/diagnostics.md, section '" + name +
        "', for an example and how to fix it.";
    rule["help"]["markdown"] = summary + " See the stagegate documentation, `docs/diagnostics.md`, "
                                         "section `" + name + "`, for an example and how to fix it.";
    rules.push_back(std::move(rule));
  }
  return rules;
}

}  // namespace

std::string PathToUriReference(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  for (char ch : path) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (Unreserved(c) || c == '/') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string DiagnosticsToSarif(const SourceSet& sources, const Diagnostics& diags) {
  // ruleIndex is the code's position in codes.def.
  const std::vector<Code>& codes = AllCodes();
  std::vector<size_t> rule_index(codes.size() + 1, 0);
  for (size_t i = 0; i < codes.size(); ++i) {
    size_t value = static_cast<size_t>(codes[i]);
    if (value >= rule_index.size()) rule_index.resize(value + 1, 0);
    rule_index[value] = i;
  }

  nlohmann::json results = nlohmann::json::array();
  for (const Diagnostic& d : diags.items()) {
    nlohmann::json result;
    result["ruleId"] = std::string(CodeName(d.code));
    result["ruleIndex"] = rule_index[static_cast<size_t>(d.code)];
    result["level"] = std::string(SeverityName(d.severity));
    result["message"]["text"] = d.message;
    nlohmann::json physical = Physical(sources, d.location, d.length);
    if (!physical.is_null()) {
      nlohmann::json location;
      location["physicalLocation"] = std::move(physical);
      result["locations"] = nlohmann::json::array();
      result["locations"].push_back(std::move(location));
    }
    if (!d.related.empty()) {
      nlohmann::json related = nlohmann::json::array();
      for (size_t i = 0; i < d.related.size(); ++i) {
        const RelatedLocation& r = d.related[i];
        nlohmann::json location;
        location["id"] = i;
        location["message"]["text"] = r.message;
        nlohmann::json rel_physical = Physical(sources, r.location, 0);
        if (!rel_physical.is_null()) location["physicalLocation"] = std::move(rel_physical);
        related.push_back(std::move(location));
      }
      result["relatedLocations"] = std::move(related);
    }
    results.push_back(std::move(result));
  }

  nlohmann::json driver;
  driver["name"] = "stagegate";
  driver["version"] = STAGEGATE_VERSION;
  // Only a real address: code scanning links to it (empty until the project
  // has a public home; CMake's STAGEGATE_HOMEPAGE).
  if (std::string_view(STAGEGATE_HOMEPAGE).size() > 0) driver["informationUri"] = STAGEGATE_HOMEPAGE;
  driver["rules"] = Rules();
  nlohmann::json run;
  run["tool"]["driver"] = std::move(driver);
  run["columnKind"] = "unicodeCodePoints";
  run["results"] = std::move(results);
  nlohmann::json log;
  log["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  log["version"] = "2.1.0";
  log["runs"] = nlohmann::json::array({std::move(run)});
  return log.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace stagegate
