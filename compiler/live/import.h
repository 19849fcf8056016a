// The live stage's entry points (docs/import.md): `stagegate import` reads a
// ToolJet workspace from its database and writes it as configuration files
// (ImportWorkspace); `--current postgresql://...` reads it into the model
// (ReadWorkspace, live/read.h), reports its notes at their rows, and takes
// over what ToolJet does not store from the configuration (AdoptSettings).
#ifndef STAGEGATE_LIVE_IMPORT_H_
#define STAGEGATE_LIVE_IMPORT_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "live/pg.h"
#include "live/read.h"
#include "live/write.h"
#include "model/workspace.h"
#include "source/diagnostic.h"
#include "source/source_set.h"

namespace stagegate::live {

// The request for `url` and `workspace`, with the master key taken from
// LOCKBOX_MASTER_KEY when it is set (and not empty), and the statement
// time-out from STAGEGATE_DB_STATEMENT_TIMEOUT (seconds; default 120). False,
// with an error in `diags` (exit 3), when STAGEGATE_DB_STATEMENT_TIMEOUT is
// set and not a whole number of seconds from 1 to 86400.
bool RequestFromEnvironment(const std::string& url, const std::string& workspace,
                            ReadRequest* request, Diagnostics& diags);

struct Imported {
  std::string workspace;  // the workspace's name in ToolJet
  ReadSummary summary;
  WrittenConfiguration config;
  // Counts for the summary line.
  size_t users = 0, groups = 0, data_sources = 0, constants = 0, apps = 0;
  // The rows a failed read's findings point at.
  SourceSet sources;
};

// Reads and writes. False when the database cannot be read (the errors are
// in `diags`, located in out->sources: exit 3).
bool ImportWorkspace(const ReadRequest& request, Imported* out, Diagnostics& diags);

// The notes of `config` as warnings, `file_ids[i]` being the SourceSet id
// the i-th written file was added as.
void AddNoteDiagnostics(const WrittenConfiguration& config, const std::vector<uint32_t>& file_ids,
                        Diagnostics& diags);

// The notes of a live workspace read for a comparison, as warnings at their
// rows: each row (or table) is added to `sources` once, as
// "tooljet:WORKSPACE/TABLE/ROW", in the order of the notes in the files
// `import` would write.
void AddRowNoteDiagnostics(const std::vector<EntityNote>& notes, std::string_view workspace,
                           SourceSet* sources, Diagnostics& diags);

struct AdoptResult {
  bool rules_changed = false;      // accessRules changed: compile the matrix again
  size_t values_not_compared = 0;  // global constant values taken over
  // Decrypted global values the configuration reads from a variable that is
  // not set: taken over too, not compared.
  size_t variables_not_set = 0;
};

// An environment variable's value; nullopt when it is not set.
using VariableLookup = std::function<std::optional<std::string>(const std::string&)>;
std::optional<std::string> ProcessVariable(const std::string& name);

// Takes from `desired` into `current` (a live workspace) what ToolJet does
// not store, so that comparing the two shows only what ToolJet holds:
// versionRules, accessRules, multiEnvironment (the licence is not in the
// database; import only infers it), group descriptions, the variable names of
// secrets, and the global constant values the import could not decrypt
// (placeholders: counted, as they are not compared). A decrypted global value
// the configuration writes as {fromEnv: VAR} is compared with VAR's value
// (`lookup`): equal, it takes the configuration's form, so there is no
// change; VAR not set, it is taken over and counted.
AdoptResult AdoptSettings(Workspace* current, const Workspace& desired,
                          const VariableLookup& lookup = ProcessVariable);

}  // namespace stagegate::live

#endif  // STAGEGATE_LIVE_IMPORT_H_
