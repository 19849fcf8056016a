// FormatLocation and FormatHeadline: how a position and a finding read on one
// line, the form every output shares.
#include "source/headline.h"

#include <fmt/format.h>

namespace stagegate {

std::string FormatLocation(const SourceSet& sources, const Location& loc) {
  if (loc.file >= sources.size()) return "<configuration>";
  const std::string& path = sources.file(loc.file).path();
  if (!loc.valid()) return path;
  return fmt::format("{}:{}:{}", path, loc.line, loc.column);
}

std::string FormatHeadline(const SourceSet& sources, const Diagnostic& d) {
  std::string where = d.location.valid() || d.location.file < sources.size()
                          ? FormatLocation(sources, d.location)
                          : "stagegate";
  return fmt::format("{}: {}: {} [{}]", where, SeverityName(d.severity), d.message, CodeName(d.code));
}

}  // namespace stagegate
