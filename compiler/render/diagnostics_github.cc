// GitHub Actions workflow-command rendering of diagnostics.
#include "render/diagnostics_github.h"

#include <fmt/format.h>

#include "source/headline.h"

namespace stagegate {
namespace {

std::string_view Command(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNote:
      return "notice";
  }
  return "notice";
}

std::string Escape(std::string_view text, bool property) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

std::string GithubEscapeData(std::string_view text) { return Escape(text, false); }
std::string GithubEscapeProperty(std::string_view text) { return Escape(text, true); }

std::string DiagnosticsToGithub(const SourceSet& sources, const Diagnostics& diags) {
  std::string out;
  for (const Diagnostic& d : diags.items()) {
    std::string props;
    if (d.location.file < sources.size()) {
      props = "file=" + GithubEscapeProperty(sources.file(d.location.file).path());
      if (d.location.valid()) {
        props += fmt::format(",line={},col={},endColumn={}", d.location.line, d.location.column,
                             d.location.column + d.length);
      }
      props += ",";
    }
    props += "title=" + GithubEscapeProperty(CodeName(d.code));
    std::string message = d.message;
    for (const RelatedLocation& r : d.related) {
      message += fmt::format("\n{}: note: {}", FormatLocation(sources, r.location), r.message);
    }
    out += fmt::format("::{} {}::{}\n", Command(d.severity), props, GithubEscapeData(message));
  }
  return out;
}

}  // namespace stagegate
