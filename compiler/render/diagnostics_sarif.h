// `check --format sarif`: the diagnostics as a SARIF 2.1.0 log, for code
// scanning (e.g. GitHub's upload-sarif action).
#ifndef STAGEGATE_RENDER_DIAGNOSTICS_SARIF_H_
#define STAGEGATE_RENDER_DIAGNOSTICS_SARIF_H_

#include <string>
#include <string_view>

#include "source/diagnostic.h"
#include "source/source_set.h"

namespace stagegate {

// One run whose tool.driver (name "stagegate", the version, informationUri =
// the project's homepage) lists a rule for every code in codes.def (in that
// order; id = code name, shortDescription and fullDescription = its summary,
// help = the summary and where the reference page describes it). Each finding is a result with ruleId, ruleIndex, level
// (error|warning|note), message.text and, when it is in a file, one location:
// the display path as a relative URI with uriBaseId "%SRCROOT%" (an absolute
// path becomes a file:// URI) and, when it has a position, a region
// {startLine, startColumn, endColumn = column + length}; columns count code
// points (run.columnKind "unicodeCodePoints"). Notes become relatedLocations.
// Keys sorted, two-space indent, a trailing newline. Never any source text.
std::string DiagnosticsToSarif(const SourceSet& sources, const Diagnostics& diags);

// A display path as a URI reference: '/' separators kept, every byte outside
// RFC 3986's unreserved set percent-encoded ("a b/é.yaml" ->
// "a%20b/%C3%A9.yaml").
std::string PathToUriReference(std::string_view path);

}  // namespace stagegate

#endif  // STAGEGATE_RENDER_DIAGNOSTICS_SARIF_H_
