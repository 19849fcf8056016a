// `check --format junit`: the diagnostics as a JUnit XML test report, for CI
// systems that show test results (GitLab, Jenkins, Azure Pipelines...).
#ifndef STAGEGATE_RENDER_DIAGNOSTICS_JUNIT_H_
#define STAGEGATE_RENDER_DIAGNOSTICS_JUNIT_H_

#include <string>
#include <string_view>

#include "source/diagnostic.h"
#include "source/source_set.h"

namespace stagegate {

// <testsuites> holding one <testsuite name="stagegate check" tests=N
// failures=F errors="0" skipped="0">, with one <testcase> per finding:
// classname = the file's display path ("stagegate" when in no file), name =
// "<code> at <file>:<line>:<col>" (or "<code> at <file>", or "<code>").
// An error is a failure: <failure message="<message>" type="<code>"> whose
// text is the headline and its notes (never source lines). A warning or note
// passes, with the same text in <system-out>, unless `warnings_fail`
// (--werror): then it is a failure too. No findings: one passing testcase
// "configuration is valid". Text is XML-escaped; characters XML 1.0 does not
// allow are dropped (invalid UTF-8 becomes U+FFFD).
std::string DiagnosticsToJunit(const SourceSet& sources, const Diagnostics& diags,
                               bool warnings_fail);

// `text` escaped for XML 1.0 character data and attribute values: & < > " '
// as entities, tab/LF/CR as character references (so attribute values keep
// them), other control characters, U+FFFE and U+FFFF dropped.
std::string XmlEscape(std::string_view text);

}  // namespace stagegate

#endif  // STAGEGATE_RENDER_DIAGNOSTICS_JUNIT_H_
