// Comparing a role's grants with ToolJet's built-in default for it.
#include <algorithm>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "model/workspace.h"

namespace stagegate {
namespace {

std::vector<std::string> SortedNames(const std::vector<Ref>& refs) {
  std::vector<std::string> names = NamesOf(refs);
  std::sort(names.begin(), names.end());
  return names;
}

// What a role grants, without positions and in no particular order: the
// permissions and grants as sorted keys.
auto GrantKeys(const Role& role) {
  std::vector<WorkspacePermission> permissions;
  for (const PermissionRef& p : role.permissions) permissions.push_back(p.permission);
  std::sort(permissions.begin(), permissions.end());
  permissions.erase(std::unique(permissions.begin(), permissions.end()), permissions.end());
  using AppKey = std::tuple<bool, std::vector<std::string>, std::optional<AppLevel>, bool,
                            std::vector<std::string>, bool>;
  std::vector<AppKey> apps;
  for (const AppGrant& a : role.apps) {
    std::vector<std::string> environments;
    if (a.environments) {
      for (const Ref& r : *a.environments) environments.push_back(r.name);
    }
    apps.emplace_back(a.all_apps, a.all_apps ? std::vector<std::string>{} : SortedNames(a.apps),
                      a.level, a.environments.has_value(), std::move(environments),
                      a.hide_from_dashboard);
  }
  std::sort(apps.begin(), apps.end());
  using DataSourceKey = std::tuple<bool, std::vector<std::string>, std::optional<DataSourceLevel>>;
  std::vector<DataSourceKey> data_sources;
  for (const DataSourceGrant& d : role.data_sources) {
    data_sources.emplace_back(d.all_data_sources,
                              d.all_data_sources ? std::vector<std::string>{}
                                                 : SortedNames(d.data_sources),
                              d.level);
  }
  std::sort(data_sources.begin(), data_sources.end());
  return std::make_tuple(std::move(permissions), std::move(apps), std::move(data_sources));
}

}  // namespace

bool HasBuiltInGrants(const Role& role) {
  if (role.role == UserRole::kAdmin) return false;
  return GrantKeys(role) == GrantKeys(BuiltInRole(role.role));
}

}  // namespace stagegate
