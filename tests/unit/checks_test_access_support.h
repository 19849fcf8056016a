// Shared by the CheckAccess tests: runs the stages the way the pipeline does
// (Load, RedactSecrets, BuildWorkspace, RunChecks, then the matrix and
// CheckAccess; schema validation skipped) on inline YAML, and returns the
// exact headlines and related notes.
#ifndef STAGEGATE_TESTS_CHECKS_TEST_ACCESS_SUPPORT_H_
#define STAGEGATE_TESTS_CHECKS_TEST_ACCESS_SUPPORT_H_

#include <string>
#include <vector>

#include "access/access.h"
#include "checks/access_checks.h"
#include "checks/checks.h"
#include "model/redact.h"
#include "model/workspace.h"
#include "source/headline.h"
#include "source/file_system.h"
#include "stage_support.h"
#include "yaml/loader.h"

namespace stagegate::testing {

struct AccessChecked {
  LoadedConfig config;
  Diagnostics diags;
  Workspace ws;
};

// Unlike the pipeline, CheckAccess runs even when RunChecks found errors, so
// tests can show that malformed assertions are skipped.
inline AccessChecked CheckWithAccess(const FileSystem& fs, const std::string& path) {
  AccessChecked c;
  c.config = Load(fs, {path}, LoadLimits{}, c.diags);
  RedactSecrets(c.config);
  c.ws = BuildWorkspace(c.config, c.diags);
  RunChecks(c.ws, c.diags);
  CheckAccess(AccessMatrix::Compile(c.ws), c.diags);
  c.diags.Sort();
  return c;
}

// One file, a.yaml, holding `text`.
inline AccessChecked CheckWithAccess(const std::string& text) {
  MemoryFileSystem fs;
  fs.AddFile("/a.yaml", text);
  return CheckWithAccess(fs, ".");
}

inline std::vector<std::string> Headlines(const AccessChecked& c) {
  return Headlines(c.config.sources, c.diags);
}

// Only the errors' headlines (assertion tests ignore warnings).
inline std::vector<std::string> ErrorHeadlines(const AccessChecked& c) {
  std::vector<std::string> out;
  for (const Diagnostic& d : c.diags.items()) {
    if (d.severity == Severity::kError) out.push_back(FormatHeadline(c.config.sources, d));
  }
  return out;
}

// "a.yaml:12:9: note text" for every related note of every diagnostic (of
// every error, with errors_only).
inline std::vector<std::string> Notes(const AccessChecked& c, bool errors_only = false) {
  std::vector<std::string> out;
  for (const Diagnostic& d : c.diags.items()) {
    if (errors_only && d.severity != Severity::kError) continue;
    for (const RelatedLocation& r : d.related) {
      out.push_back(FormatLocation(c.config.sources, r.location) + ": " + r.message);
    }
  }
  return out;
}

inline std::vector<std::string> ErrorNotes(const AccessChecked& c) { return Notes(c, true); }

}  // namespace stagegate::testing

#endif  // STAGEGATE_TESTS_CHECKS_TEST_ACCESS_SUPPORT_H_
