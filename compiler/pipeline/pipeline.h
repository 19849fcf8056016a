// The whole pipeline in one function, the way a reader should find it:
//
//   files -> load (located YAML tree) -> schema -> model -> checks
//         -> access (the permission matrix) -> access checks and assertions
//
// Every stage reports into one Diagnostics list. The pipeline stops early
// only where a later stage could not make sense of the input: files that do
// not parse are still schema-checked where they loaded, but cross-file work
// (model, checks) waits until every file parses, since a definition lost to a
// syntax error would only produce confusing "unknown reference" cascades.
#ifndef STAGEGATE_PIPELINE_PIPELINE_H_
#define STAGEGATE_PIPELINE_PIPELINE_H_

#include <memory>
#include <string>
#include <vector>

#include "access/access.h"
#include "model/workspace.h"
#include "source/diagnostic.h"
#include "source/file_system.h"
#include "yaml/loader.h"

namespace stagegate {

struct PipelineOptions {
  LoadLimits limits;
  // An earlier result whose unchanged files need not be parsed and
  // schema-checked again (Load's `parsed_before`): the desired configuration,
  // when a plan or report loads the current state. It must outlive the call.
  const LoadedConfig* parsed_before = nullptr;
  // The checks that read the matrix: assertions and the access warnings. A
  // plan's current state skips them: its warnings are not the plan's
  // business, and a failed assertion there must not stop the plan of the
  // change that fixes it.
  bool access_checks = true;
};

struct CheckedConfig {
  LoadedConfig loaded;
  Diagnostics diags;
  // Present when the model could be built (every file parsed).
  std::unique_ptr<Workspace> workspace;
  // The effective permission matrix of `workspace`; present when the
  // configuration has no errors before the access checks (which may still
  // add some, such as failed assertions).
  std::unique_ptr<AccessMatrix> access;
  // Some input could not be read at all: the command exits 3.
  bool unreadable() const { return loaded.unreadable; }
};

CheckedConfig LoadAndCheck(const FileSystem& fs, const std::vector<std::string>& paths,
                           const PipelineOptions& options);

}  // namespace stagegate

#endif  // STAGEGATE_PIPELINE_PIPELINE_H_
