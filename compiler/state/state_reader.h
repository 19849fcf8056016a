// Reading a state file (docs/state-file.md) back into a Workspace, so a plan
// can compare against what `stagegate compile --format json` wrote without
// the YAML it came from.
#ifndef STAGEGATE_STATE_STATE_READER_H_
#define STAGEGATE_STATE_STATE_READER_H_

#include <cstdint>

#include "model/workspace.h"
#include "source/diagnostic.h"
#include "source/source_set.h"

namespace stagegate {

// Parses file `file` of `sources` (a state file's text) into `ws`.
//
// Contracts:
//  - the configuration sections (workspace, roles, users, groups,
//    dataSources, constants, apps) become the entities of `ws`, sorted as
//    BuildWorkspace sorts them; Locations stay empty (a state file has no
//    positions worth pointing at) and assertions are empty;
//  - the `access` section is not read: AccessMatrix::Compile(*ws) recomputes
//    it, and StateToJson of that matrix gives the file's bytes back for any
//    file StateToJson wrote;
//  - fields this version does not know are ignored (fields are only ever
//    added within version 1);
//  - errors: JSON syntax (invalid-state-file at the line and column of the
//    offending byte), no "stagegate_state" key (invalid-state-file), another
//    version (unsupported-state-version), a field of the wrong type
//    (invalid-state-file naming the field). Returns false on any error, and
//    `ws` must then not be used.
bool ReadState(const SourceSet& sources, uint32_t file, Workspace* ws, Diagnostics& diags);

}  // namespace stagegate

#endif  // STAGEGATE_STATE_STATE_READER_H_
