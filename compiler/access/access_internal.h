// Helpers the access stage's files share (not part of its contract): how one
// grant's environment list becomes a column set (R3) and whether it names an
// app.
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

// Whether an app grant names app `name` ("*" names every app).
bool GrantNamesApp(const AppGrant& grant, std::string_view name);

inline Level ToLevel(AppLevel level) {
  return level == AppLevel::kEdit ? Level::kEdit : Level::kView;
}

}  // namespace access_internal
}  // namespace stagegate

#endif  // STAGEGATE_ACCESS_ACCESS_INTERNAL_H_
