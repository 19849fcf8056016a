// An imported workspace as the model, without the YAML in between: what a
// plan's `--current postgresql://` compares with. It is exactly what loading
// the files WriteConfiguration writes would build (a test compares the two
// state files), minus source locations, and it skips the YAML parse, the
// larger part of a current state's cost.
#ifndef STAGEGATE_LIVE_CONVERT_H_
#define STAGEGATE_LIVE_CONVERT_H_

#include <string>
#include <vector>

#include "live/imported.h"
#include "model/workspace.h"

namespace stagegate::live {

// Whether ToolJet's role group `role` grants exactly stagegate's built-in
// default for it (format.md, Roles): then the configuration leaves it out.
bool IsBuiltInRole(const ImportedRole& role, UserRole which);

// The workspace as the model. Entities keep the importer's order (sorted by
// name; users by lower-cased e-mail), as BuildWorkspace sorts them.
Workspace ToWorkspace(const ImportedWorkspace& imported);

// Every note of the import, each message naming its entity as the written
// files' warnings do ("group 'qa': ..."), in file order.
std::vector<ImportNote> AllNotes(const ImportedWorkspace& imported);

// "group 'qa'", "user 'ada@acme.io'", "the builder role": how a note names
// its entity.
std::string NoteSubject(std::string_view what, std::string_view name);

}  // namespace stagegate::live

#endif  // STAGEGATE_LIVE_CONVERT_H_
