// The grants an app's reader sees: those that name the app (GrantsNamingApp)
// and those behind each cell (CellGrants). Both are the report's questions,
// answered here so the report only lays them out: which grant reaches whom
// is the access rules' business, not a renderer's.
#include <algorithm>

#include "access/access.h"

namespace stagegate {

std::vector<HeldAppGrant> GrantsNamingApp(const AccessMatrix& matrix, uint32_t app) {
  const Workspace& ws = matrix.workspace();
  const std::string& name = ws.apps[app].name;
  std::vector<HeldAppGrant> out;
  auto add = [&](GrantSource::Kind kind, std::string_view holder, size_t members,
                 const std::vector<AppGrant>& grants) {
    for (const AppGrant& g : grants) {
      if (g.level && GrantNamesApp(g, name)) out.push_back({kind, holder, &g, members});
    }
  };
  for (const Role* role : {&ws.builder, &ws.end_user}) {
    size_t members = static_cast<size_t>(std::count_if(
        ws.users.begin(), ws.users.end(), [&](const User& u) { return u.role == role->role; }));
    add(GrantSource::Kind::kRole, RoleName(role->role), members, role->apps);
  }
  for (const Group& g : ws.groups) add(GrantSource::Kind::kGroup, g.name, g.members.size(), g.apps);
  return out;
}

uint32_t CellGrants::Of(uint32_t user, uint32_t app) {
  const Key key{matrix_->ProfileOf(user), app, matrix_->OwnerOf(app) == user};
  auto it = first_.find(key);
  if (it != first_.end()) return it->second;
  const uint32_t first = static_cast<uint32_t>(lists_.size());
  Explanation e = Explain(*matrix_, user, app);
  for (const ColumnExplanation& c : e.columns) {
    std::vector<GrantSource>& list = lists_.emplace_back();
    if (c.capability == Capability::kNone) continue;
    std::vector<size_t> from = c.level_from;
    from.insert(from.end(), c.columns_from.begin(), c.columns_from.end());
    std::sort(from.begin(), from.end());
    from.erase(std::unique(from.begin(), from.end()), from.end());
    for (size_t i : from) list.push_back(e.grants[i]);
  }
  first_.emplace(key, first);
  return first;
}

}  // namespace stagegate
