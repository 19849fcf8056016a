// `check --format json`: the diagnostics as a JSON list, one object per
// finding, for tools and scripts.
#ifndef STAGEGATE_RENDER_DIAGNOSTICS_JSON_H_
#define STAGEGATE_RENDER_DIAGNOSTICS_JSON_H_

#include <string>

#include "source/diagnostic.h"
#include "source/source_set.h"

namespace stagegate {

// [{"severity", "code", "message", "file", "line", "column", "length",
//   "related": [{"file", "line", "column", "message"}]}], keys sorted,
// two-space indent, a trailing newline. Positions are omitted (null) for
// findings about the configuration as a whole.
std::string DiagnosticsToJson(const SourceSet& sources, const Diagnostics& diags);

}  // namespace stagegate

#endif  // STAGEGATE_RENDER_DIAGNOSTICS_JSON_H_
