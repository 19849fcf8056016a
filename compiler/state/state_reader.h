// Reading a state file (docs/state-file.md) back into a Workspace, so a plan
// can compare against what `stagegate compile --format json` wrote without
// the YAML it came from.
#ifndef STAGEGATE_STATE_STATE_READER_H_
#define STAGEGATE_STATE_STATE_READER_H_

#include <cstdint>
#include <string_view>

#include "model/workspace.h"
#include "source/diagnostic.h"

namespace stagegate {

// Parses `text`, a state file's content, into `ws`; findings are located in
// file `file` (the SourceSet that holds, or will hold, that text).
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
bool ReadState(std::string_view text, uint32_t file, Workspace* ws, Diagnostics& diags);

}  // namespace stagegate

#endif  // STAGEGATE_STATE_STATE_READER_H_
