// The one way a Workspace is made. Every producer of the model (the YAML
// builder, BuildWorkspace; the state-file reader; the live reader of a ToolJet
// database) fills the entities' own fields, in any order, and hands the
// workspace to FinishWorkspace, which sets everything the later stages rely on
// (workspace.h's contracts). No other code sorts the entities, derives keys or
// lengths, or builds the lookups.
#ifndef STAGEGATE_MODEL_CONSTRUCT_H_
#define STAGEGATE_MODEL_CONSTRUCT_H_

#include <cstddef>

#include "model/workspace.h"

namespace stagegate {

// A name defined twice: the definition kept (the first given) and the one
// dropped, with their positions in the vector as it was handed over.
struct DuplicateDefinition {
  EntityKind kind;  // kUser, kGroup, kDataSource, kConstant or kApp
  Ref first;  // a user's is its e-mail as written
  Ref duplicate;
  size_t first_position = 0;
  size_t duplicate_position = 0;
};

// Finishes `ws`:
//  - each user's key is its lower-cased e-mail, each constant value's length
//    the code points of its text;
//  - users (by key), groups, data sources, constants (by name, then type:
//    ConstantTypeRank) and apps (by name) are
//    sorted, stably: of two definitions of one name the one given first is
//    kept and the other dropped, reported to `on_duplicate` (when given) in
//    the order groups, apps, users, data sources, constants, each by the
//    dropped one's sorted place;
//  - a data source's environments are sorted by name and its options by key,
//    a constant's values by environment (stably; a repeated key, which the
//    loader reports, keeps both in the order given);
//  - the user index FindUser uses is built.
// Large workspaces are finished on both cores; `on_duplicate` is only ever
// called on this thread, after the work.
void FinishWorkspace(Workspace& ws, const DuplicateReporter& on_duplicate = nullptr);

}  // namespace stagegate

#endif  // STAGEGATE_MODEL_CONSTRUCT_H_
