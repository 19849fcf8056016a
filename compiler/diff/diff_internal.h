// Private to the diff stage: the two halves of ComputeDiff (D1 on the
// workspaces' models, D2 on the matrices).
#ifndef STAGEGATE_DIFF_DIFF_INTERNAL_H_
#define STAGEGATE_DIFF_DIFF_INTERNAL_H_

#include <string>
#include <vector>

#include "diff/diff.h"

namespace stagegate::diff_internal {

// D1: entity changes between two workspaces (current == nullptr: empty).
std::vector<EntityChange> DiffEntities(const Workspace* current, const Workspace& desired);

// D2: fills out->cells, public_apps, permissions, eligibility, data_sources
// and the causes.
void DiffAccess(const AccessMatrix* current, const AccessMatrix& desired, Diff* out);

}  // namespace stagegate::diff_internal

#endif  // STAGEGATE_DIFF_DIFF_INTERNAL_H_
