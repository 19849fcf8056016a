// The current state a plan compares against (format.md, Current state): a
// configuration directory, a state file (`compile --format json`),
// `git:REF`, the desired configuration's own paths read at a git revision,
// or a live ToolJet database (docs/import.md).
#ifndef STAGEGATE_CURRENT_CURRENT_H_
#define STAGEGATE_CURRENT_CURRENT_H_

#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "access/access.h"
#include "live/import.h"
#include "model/workspace.h"
#include "pipeline/pipeline.h"
#include "source/diagnostic.h"
#include "source/file_system.h"
#include "source/source_set.h"
#include "yaml/loader.h"

namespace stagegate {

struct CurrentState {
  std::string label;  // the spec as given: "state.json", "git:origin/main", ...
  // `git:REF`: the commit REF resolved to (`git rev-parse`, full id).
  std::string commit;
  // `git:REF` and no configuration file exists under the paths at REF: a new
  // configuration, everything is added. `workspace` is then an empty
  // workspace (no environments, no entities) and `access` its matrix.
  bool absent = false;
  // Read from a live ToolJet database (a postgresql:// URL).
  bool live = false;
  // The files read (state file, configuration files): the SourceSet the
  // diagnostics LoadCurrent reports point into.
  LoadedConfig loaded;
  std::unique_ptr<Workspace> workspace;
  std::unique_ptr<AccessMatrix> access;
};

// `git:REF` as read from git: the files, or the findings that say why not.
struct GitFiles {
  bool ok = false;
  MemoryFileSystem fs;
  std::vector<std::string> files;  // display paths, sorted
  std::string commit;  // the revision's commit id, once resolved
  Diagnostics diags;
  double seconds = 0;  // how long reading took
};

// A live ToolJet workspace read from its database, as the model with its
// matrix, before the configuration's settings are adopted.
struct LiveState {
  bool ok = false;
  // The read stopped only because the database has several workspaces and
  // none was named: read again once the configuration names one.
  bool ambiguous = false;
  std::string name;  // the workspace's name in ToolJet
  live::ReadSummary summary;
  std::unique_ptr<Workspace> workspace;
  std::unique_ptr<AccessMatrix> access;
  std::vector<live::EntityNote> notes;  // what the import could not carry over
  SourceSet sources;                    // the rows the findings in `diags` point at
  Diagnostics diags;                    // why it could not be read
  double seconds = 0;                   // how long reading took
};

// A state file as read, parsed and compiled beside the configuration.
struct StateFileRead {
  bool ok = false;
  bool cannot_run = false;
  CurrentState state;
  Diagnostics diags;
  double seconds = 0;  // how long it took
};

// The part of loading a current state that only waits on something else
// (git for `git:REF`, the database for a ToolJet URL), started on a thread
// of its own before the desired configuration loads, so the two overlap;
// LoadCurrent takes the result. For the other forms of current state it does
// nothing. Destroying it waits for the thread (within git's time limit, or
// the database's time-outs). An exception on the thread is not lost: Take
// and TakeLive throw it again on the caller's thread.
class CurrentPrefetch {
 public:
  // For `git:REF`, git is read; for a ToolJet database URL, the workspace
  // `workspace` (--workspace; empty: the database's only one) is read and
  // loaded; a state file is read, parsed and compiled: all beside the
  // configuration.
  CurrentPrefetch(const std::string& spec, const std::vector<std::string>& desired_paths,
                  const std::string& workspace = "");
  // Runs `read_live` on the thread as the database read (tests).
  explicit CurrentPrefetch(std::function<LiveState()> read_live);
  ~CurrentPrefetch();
  CurrentPrefetch(const CurrentPrefetch&) = delete;
  CurrentPrefetch& operator=(const CurrentPrefetch&) = delete;

  bool Started() const { return thread_.joinable(); }
  bool Database() const { return database_; }
  // Wait for the thread and hand over what it read (once), or throw what it
  // threw.
  GitFiles Take();
  LiveState TakeLive();
  bool StateFile() const { return state_file_; }
  StateFileRead TakeStateFile();

 private:
  // Starts `work` on the thread, keeping what it throws for Take.
  void Start(std::function<void()> work);
  void Join();

  std::thread thread_;
  bool database_ = false;
  bool state_file_ = false;
  std::exception_ptr error_;
  GitFiles git_;
  LiveState live_;
  StateFileRead state_file_read_;
};

// The configuration an import wrote, loaded through the pipeline from memory
// (LoadAndCheck), each file at `prefix` + its name ("DIR/users.yaml"), with
// the import's notes added as warnings at their comments. No file size limit
// applies: stagegate wrote them.
CheckedConfig LoadImported(const live::Imported& imported, const std::string& prefix,
                           PipelineOptions options);

// For a current state that is a ToolJet database: the workspace to read
// (empty: the database's only one) and the configuration it is compared
// with, whose settings ToolJet does not store (live::AdoptSettings).
struct LiveTarget {
  std::string workspace;
  const Workspace* desired = nullptr;
};

// Loads the current state named by `spec`:
//  - an existing directory, or a file named *.yaml / *.yml: the pipeline
//    (LoadAndCheck) on it; its errors are reported (warnings are not: they
//    are the current configuration's business, not the plan's; callers
//    usually turn off options.access_checks, so failed assertions are not
//    errors either);
//  - any other existing file: a state file (ReadState), its matrix
//    recomputed with AccessMatrix::Compile;
//  - `git:REF`: `desired_paths` read at revision REF through the `git`
//    command (no shell), *.yaml / *.yml files selected and ordered as a
//    directory's, display paths "REF:<path from the repository's top>",
//    e.g. "origin/main:examples/nexora/groups.yaml";
//  - a ToolJet database URL (postgresql://, postgres://): the workspace
//    `live` names is read straight into the model (live::ReadWorkspace: no
//    YAML in between), like a state file; its import notes are warnings at
//    the rows they are about ("tooljet:WORKSPACE/TABLE/ROW").
// `prefetch`, when given, is the same spec's CurrentPrefetch.
// Returns true when out->workspace and out->access are set and usable (no
// errors). Diagnostics refer to out->loaded.sources. `*cannot_run` is set
// when the state could not be read at all (exit 3): a missing or unreadable
// path, git not installed, not a git repository, an unknown or invalid
// revision, a database that cannot be read.
bool LoadCurrent(const std::string& spec, const std::vector<std::string>& desired_paths,
                 const PipelineOptions& options, CurrentState* out, Diagnostics& diags,
                 bool* cannot_run, CurrentPrefetch* prefetch = nullptr,
                 const LiveTarget& live = {});

}  // namespace stagegate

#endif  // STAGEGATE_CURRENT_CURRENT_H_
