// JSON rendering of diagnostics.
#include "render/diagnostics_json.h"

#include <nlohmann/json.hpp>

namespace stagegate {
namespace {

void AddPosition(const SourceSet& sources, const Location& loc, nlohmann::json* out) {
  (*out)["file"] = loc.file < sources.size() ? nlohmann::json(sources.file(loc.file).path())
                                             : nlohmann::json(nullptr);
  (*out)["line"] = loc.valid() ? nlohmann::json(loc.line) : nlohmann::json(nullptr);
  (*out)["column"] = loc.valid() ? nlohmann::json(loc.column) : nlohmann::json(nullptr);
}

}  // namespace

std::string DiagnosticsToJson(const SourceSet& sources, const Diagnostics& diags) {
  nlohmann::json list = nlohmann::json::array();
  for (const Diagnostic& d : diags.items()) {
    nlohmann::json item;
    item["severity"] = std::string(SeverityName(d.severity));
    item["code"] = std::string(CodeName(d.code));
    item["message"] = d.message;
    AddPosition(sources, d.location, &item);
    item["length"] = d.length;
    nlohmann::json related = nlohmann::json::array();
    for (const RelatedLocation& r : d.related) {
      nlohmann::json rel;
      AddPosition(sources, r.location, &rel);
      rel["message"] = r.message;
      related.push_back(std::move(rel));
    }
    item["related"] = std::move(related);
    list.push_back(std::move(item));
  }
  return list.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace stagegate
