// `--format text` of findings, the way compilers print them:
//
//   groups.yaml:14:9: error: unknown app 'payrol' in group 'qa' (did you mean 'payroll'?) [unknown-reference]
//      14 |       - apps: [payrol]
//         |                ^~~~~~
//
// with related notes ("first defined here") beneath. Secret values recorded
// in the SourceSet's redactions are never shown in a code frame.
#ifndef STAGEGATE_RENDER_DIAGNOSTICS_TEXT_H_
#define STAGEGATE_RENDER_DIAGNOSTICS_TEXT_H_

#include <cstddef>
#include <string>

#include "source/diagnostic.h"
#include "source/headline.h"
#include "source/source_set.h"

namespace stagegate {

struct PrintOptions {
  bool color = false;       // ANSI colours (only ever on a terminal)
  bool code_frame = true;   // the source line and caret under each finding
  // FormatDiagnostics prints at most this many findings of one code and
  // severity (0: all), then one line counting the rest, the way compilers cap
  // repeated notes: a large workspace can have thousands of near-identical
  // warnings. Every finding stays in the JSON, SARIF, JUnit and GitHub output.
  size_t max_per_code = 0;
};

// The whole finding: headline, code frame, related notes with their frames.
std::string FormatDiagnostic(const SourceSet& sources, const Diagnostic& d,
                             const PrintOptions& options);

// Every finding (up to options.max_per_code of each code), then one line per
// code with findings left out, e.g. "stagegate: note: 3,990 more
// [ineffective-permission] warnings not shown; --max-per-code 0 shows every
// one"; nothing else (the summary line is the command's).
std::string FormatDiagnostics(const SourceSet& sources, const Diagnostics& diags,
                              const PrintOptions& options);

}  // namespace stagegate

#endif  // STAGEGATE_RENDER_DIAGNOSTICS_TEXT_H_
