// How a position and a finding read on one line, the form every output
// (text, SARIF, JUnit, the plan, the report) and every test shares:
//
//   groups.yaml:14:9: error: unknown app 'payrol' in group 'qa' (did you mean 'payroll'?) [unknown-reference]
//
// The full text printer with code frames and colour is render/diagnostics_text.h.
#ifndef STAGEGATE_SOURCE_HEADLINE_H_
#define STAGEGATE_SOURCE_HEADLINE_H_

#include <string>

#include "source/diagnostic.h"
#include "source/source_set.h"

namespace stagegate {

// "file:line:col" (or "file" / "<configuration>" when there is no position).
std::string FormatLocation(const SourceSet& sources, const Location& location);

// The first line only: "file:line:col: severity: message [code]".
std::string FormatHeadline(const SourceSet& sources, const Diagnostic& d);

}  // namespace stagegate

#endif  // STAGEGATE_SOURCE_HEADLINE_H_
