// The current state a plan compares against (format.md, Current state): a
// configuration directory, a state file (`compile --format json`), or
// `git:REF`, the desired configuration's own paths read at a git revision.
#ifndef STAGEGATE_STATE_CURRENT_H_
#define STAGEGATE_STATE_CURRENT_H_

#include <memory>
#include <string>
#include <vector>

#include "access/access.h"
#include "model/workspace.h"
#include "pipeline/pipeline.h"
#include "source/diagnostic.h"
#include "yaml/loader.h"

namespace stagegate {

struct CurrentState {
  std::string label;  // the spec as given: "state.json", "git:origin/main", ...
  // `git:REF` and no configuration file exists under the paths at REF: a new
  // configuration, everything is added. `workspace` is then an empty
  // workspace (no environments, no entities) and `access` its matrix.
  bool absent = false;
  // The files read (state file, configuration files): the SourceSet the
  // diagnostics LoadCurrent reports point into.
  LoadedConfig loaded;
  std::unique_ptr<Workspace> workspace;
  std::unique_ptr<AccessMatrix> access;
};

// Loads the current state named by `spec`:
//  - an existing directory, or a file named *.yaml / *.yml: the pipeline
//    (LoadAndCheck) on it; its errors are reported (warnings are not: they
//    are the current configuration's business, not the plan's);
//  - any other existing file: a state file (ReadState), its matrix
//    recomputed with AccessMatrix::Compile;
//  - `git:REF`: `desired_paths` read at revision REF through the `git`
//    command (no shell), *.yaml / *.yml files selected and ordered as a
//    directory's, display paths "REF:<path from the repository's top>",
//    e.g. "origin/main:examples/nexora/groups.yaml".
// Returns true when out->workspace and out->access are set and usable (no
// errors). Diagnostics refer to out->loaded.sources. `*cannot_run` is set
// when the state could not be read at all (exit 3): a missing or unreadable
// path, git not installed, not a git repository, an unknown or invalid
// revision.
bool LoadCurrent(const std::string& spec, const std::vector<std::string>& desired_paths,
                 const PipelineOptions& options, CurrentState* out, Diagnostics& diags,
                 bool* cannot_run);

}  // namespace stagegate

#endif  // STAGEGATE_STATE_CURRENT_H_
