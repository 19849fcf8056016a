// The live stage's entry point: a ToolJet workspace read from its database
// and written as configuration files (docs/import.md). `stagegate import`
// writes the files to a directory; `--current postgresql://...` loads them
// from memory as the current state.
#ifndef STAGEGATE_LIVE_IMPORT_H_
#define STAGEGATE_LIVE_IMPORT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "live/pg.h"
#include "live/read.h"
#include "live/write.h"
#include "model/workspace.h"
#include "source/diagnostic.h"

namespace stagegate::live {

// The request for `url` and `workspace`, with the master key taken from
// LOCKBOX_MASTER_KEY when it is set (and not empty), and the statement
// time-out from STAGEGATE_DB_STATEMENT_TIMEOUT (seconds; default 120).
ReadRequest RequestFromEnvironment(const std::string& url, const std::string& workspace);

struct Imported {
  std::string workspace;  // the workspace's name in ToolJet
  ReadSummary summary;
  WrittenConfiguration config;
  // Counts for the summary line.
  size_t users = 0, groups = 0, data_sources = 0, constants = 0, apps = 0;
};

struct AdoptResult {
  bool rules_changed = false;      // accessRules changed: compile the matrix again
  size_t values_not_compared = 0;  // global constant values taken over
};

// Takes from `desired` into `current` (a loaded import) what ToolJet does
// not store, so that comparing the two shows only what ToolJet holds:
// versionRules, accessRules, group descriptions, the variable names of
// secrets, and the global constant values the import could not decrypt
// (placeholders: counted, as they are not compared).
AdoptResult AdoptSettings(Workspace* current, const Workspace& desired);

// Reads and writes. False when the database cannot be read (the errors,
// without locations, are in `diags`: exit 3).
bool ImportWorkspace(const ReadRequest& request, Imported* out, Diagnostics& diags);

// The notes of `config` as warnings, `file_ids[i]` being the SourceSet id
// the i-th written file was added as.
void AddNoteDiagnostics(const WrittenConfiguration& config, const std::vector<uint32_t>& file_ids,
                        Diagnostics& diags);

}  // namespace stagegate::live

#endif  // STAGEGATE_LIVE_IMPORT_H_
