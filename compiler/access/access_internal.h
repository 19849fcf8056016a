// Helpers the access stage's files share (not part of its contract): how one
// grant's environment list becomes a column set (R3), and the steps where the
// two rule sets differ (AccessRules): every difference between ToolJet's
// documentation and its server is decided by one of GrantRefused,
// FinishAccess, OwnerAccess and ProfileMay.
#ifndef STAGEGATE_ACCESS_ACCESS_INTERNAL_H_
#define STAGEGATE_ACCESS_ACCESS_INTERNAL_H_

#include <algorithm>
#include <string_view>

#include "access/access.h"

namespace stagegate {
namespace access_internal {

// Environments that are columns: the declared ones, cut at kMaxEnvironments.
inline size_t EnvironmentCount(const Workspace& ws) {
  return std::min(ws.environments.size(), kMaxEnvironments);
}

inline ColumnMask AllColumnsOf(const Workspace& ws) {
  return static_cast<ColumnMask>((1u << (EnvironmentCount(ws) + 1)) - 1);
}

// R3: the columns a grant covers. No `environments`: every column, except
// for an end-user, for whom it means [released]. An explicit empty list
// covers nothing. Unknown names (reported by checks) are ignored.
ColumnMask GrantColumns(const Workspace& ws, const AppGrant& grant, bool end_user);

inline Level ToLevel(AppLevel level) {
  return level == AppLevel::kEdit ? Level::kEdit : Level::kView;
}

inline ColumnMask FirstColumn() { return 1; }
inline ColumnMask ReleasedColumn(const Workspace& ws) {
  return static_cast<ColumnMask>(1u << EnvironmentCount(ws));
}

// S6: under `server`, an edit grant that reaches an end-user is refused by
// ToolJet (an error here too) and gives them nothing, not even view.
inline bool GrantRefused(AccessRules rules, Level level) {
  return rules == AccessRules::kServer && level == Level::kEdit;
}

// The last step of folding a builder's or end-user's grants for one app
// (their union, R2 and R3):
//   documented: R5, an end-user's edit is enforced as view;
//   server: S1, level edit always includes the first environment; S2, an
//     edit level whose grants name no column also gets `released`, a view
//     level whose grants name none gets `released` only; S3, an end-user
//     with level view opens the released app whatever the grants' columns.
Access FinishAccess(const Workspace& ws, AccessRules rules, Access folded, UserRole role);

// R6 / S5: what an app's owner holds on it, given what their grants give
// (`held`, already finished).
//   documented: level edit in every column (an end-user owner: view, R5);
//   server: level edit; the columns of their grants plus the builder
//     defaults, the first environment always and `released` when no grant
//     names a column; an end-user owner gets no defaults.
Access OwnerAccess(const Workspace& ws, AccessRules rules, Access held, UserRole role);

}  // namespace access_internal
}  // namespace stagegate

#endif  // STAGEGATE_ACCESS_ACCESS_INTERNAL_H_
