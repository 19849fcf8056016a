// Shared by the CheckAccess tests: inline YAML through the stages they run
// (pipeline_support.h, AccessCheckStages: CheckAccess even after RunChecks
// found errors), and the exact error headlines and related notes.
#ifndef STAGEGATE_TESTS_CHECKS_TEST_ACCESS_SUPPORT_H_
#define STAGEGATE_TESTS_CHECKS_TEST_ACCESS_SUPPORT_H_

#include <string>
#include <vector>

#include "pipeline_support.h"
#include "source/headline.h"

namespace stagegate::testing {

// One file, a.yaml, holding `text`.
inline Staged CheckWithAccess(const std::string& text) {
  return Staged(Files{{"a.yaml", text}}, AccessCheckStages());
}

// Only the errors' headlines (assertion tests ignore warnings).
inline std::vector<std::string> ErrorHeadlines(const Staged& c) {
  std::vector<std::string> out;
  for (const Diagnostic& d : c.diags.items()) {
    if (d.severity == Severity::kError) out.push_back(FormatHeadline(c.loaded.sources, d));
  }
  return out;
}

// "a.yaml:12:9: note text" for every related note of every diagnostic (of
// every error, with errors_only).
inline std::vector<std::string> Notes(const Staged& c, bool errors_only = false) {
  std::vector<std::string> out;
  for (const Diagnostic& d : c.diags.items()) {
    if (errors_only && d.severity != Severity::kError) continue;
    for (const RelatedLocation& r : d.related) {
      out.push_back(FormatLocation(c.loaded.sources, r.location) + ": " + r.message);
    }
  }
  return out;
}

inline std::vector<std::string> ErrorNotes(const Staged& c) { return Notes(c, true); }

}  // namespace stagegate::testing

#endif  // STAGEGATE_TESTS_CHECKS_TEST_ACCESS_SUPPORT_H_
