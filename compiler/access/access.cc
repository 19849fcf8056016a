// The matrix's queries (AccessOf, At, HasPermission, CanPromote, CanRelease,
// DataSourceAccess, and anyone's access to public apps, R13) and the
// per-grant rules they share: R2/R3 folding (Combine), the apps a grant names
// (GrantNamesApp), R3 column sets (GrantColumns) and R4/R5 (CapabilityAt).
// Compile is in profiles.cc, explanations in explain.cc.
#include "access/access.h"

#include <algorithm>

#include "access/access_internal.h"

namespace stagegate {

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kNone:
      return "none";
    case Level::kView:
      return "view";
    case Level::kEdit:
      return "edit";
  }
  return "none";
}

std::string_view DataSourceAccessName(std::optional<DataSourceLevel> level) {
  return level ? DataSourceLevelName(*level) : "none";
}

// R2: edit beats view; R3: the union of the columns, whatever the level.
Access Combine(Access a, Access b) {
  Access out;
  out.level = std::max(a.level, b.level);
  out.columns = static_cast<ColumnMask>(a.columns | b.columns);
  return out;
}

// R4 per column.
Capability CapabilityAt(const Workspace& ws, const Access& access, size_t column, bool released) {
  const size_t envs = access_internal::EnvironmentCount(ws);
  if (column > envs || access.level == Level::kNone || ((access.columns >> column) & 1u) == 0) {
    return Capability::kNone;  // R3: outside the union
  }
  if (column == envs) return released ? Capability::kUse : Capability::kNone;
  if (access.level == Level::kView) return Capability::kPreview;
  return column == 0 ? Capability::kEdit : Capability::kRun;
}

namespace access_internal {

ColumnMask GrantColumns(const Workspace& ws, const AppGrant& grant, bool end_user) {
  const size_t envs = EnvironmentCount(ws);
  const ColumnMask released = static_cast<ColumnMask>(1u << envs);
  if (!grant.environments) return end_user ? released : AllColumnsOf(ws);  // R3 default
  ColumnMask mask = 0;
  for (const Ref& env : *grant.environments) {
    if (env.name == kReleasedColumn) {
      mask |= released;
      continue;
    }
    int index = ws.EnvironmentIndex(env.name);
    if (index >= 0 && static_cast<size_t>(index) < envs)
      mask |= static_cast<ColumnMask>(1u << index);
  }
  return mask;
}

Access FinishAccess(const Workspace& ws, AccessRules rules, Access a, UserRole role) {
  const bool end_user = role == UserRole::kEndUser;
  if (rules == AccessRules::kDocumented) {
    if (end_user && a.level == Level::kEdit) a.level = Level::kView;  // R5
    return a;
  }
  const ColumnMask released = ReleasedColumn(ws);
  if (end_user) {
    if (a.level == Level::kView) a.columns |= released;  // S3
    return a;
  }
  if (a.level == Level::kEdit) {
    const ColumnMask defaults = a.columns == 0 ? released : 0;  // S2
    a.columns |= FirstColumn() | defaults;                      // S1
  } else if (a.level == Level::kView && a.columns == 0) {
    a.columns = released;  // S2
  }
  return a;
}

Access OwnerAccess(const Workspace& ws, AccessRules rules, Access held, UserRole role) {
  const bool end_user = role == UserRole::kEndUser;
  if (rules == AccessRules::kDocumented) {  // R6, R5
    return Combine(held, Access{end_user ? Level::kView : Level::kEdit, AllColumnsOf(ws)});
  }
  Access a{Level::kEdit, held.columns};  // S5
  if (!end_user) a.columns |= FirstColumn() | (held.columns == 0 ? ReleasedColumn(ws) : 0);
  return a;
}

}  // namespace access_internal

bool GrantNamesApp(const AppGrant& grant, std::string_view name) {
  if (grant.all_apps) return true;
  for (const Ref& app : grant.apps) {
    if (app.name == name) return true;
  }
  return false;
}

std::string GrantHolderName(GrantSource::Kind kind, std::string_view name) {
  std::string_view holder = "group";
  switch (kind) {
    case GrantSource::Kind::kRole: holder = "role"; break;
    case GrantSource::Kind::kGroup: holder = "group"; break;
    case GrantSource::Kind::kOwner: holder = "owner"; break;
    case GrantSource::Kind::kAdmin: holder = "admin"; break;
  }
  std::string out(holder);
  out += " '";
  out += name;
  out += '\'';
  return out;
}

std::optional<uint32_t> AccessMatrix::OwnerOf(uint32_t app) const {
  if (app >= app_owner_.size() || app_owner_[app] == 0) return std::nullopt;
  return app_owner_[app] - 1;
}

std::string_view AccessMatrix::ColumnName(size_t column) const {
  if (column < environment_count_) return ws_->environments[column].name;
  return kReleasedColumn;
}

std::optional<uint32_t> AccessMatrix::UserIndex(std::string_view email) const {
  const User* user = ws_->FindUser(email);
  if (!user) return std::nullopt;
  return static_cast<uint32_t>(user - ws_->users.data());
}

std::optional<uint32_t> AccessMatrix::AppIndex(std::string_view name) const {
  const App* app = ws_->FindApp(name);
  if (!app) return std::nullopt;
  return static_cast<uint32_t>(app - ws_->apps.data());
}

std::optional<uint32_t> AccessMatrix::DataSourceIndex(std::string_view name) const {
  const DataSource* source = ws_->FindDataSource(name);
  if (!source) return std::nullopt;
  return static_cast<uint32_t>(source - ws_->data_sources.data());
}

std::optional<size_t> AccessMatrix::ColumnIndex(std::string_view name) const {
  if (name == kReleasedColumn) return environment_count_;
  int index = ws_->EnvironmentIndex(name);
  if (index < 0 || static_cast<size_t>(index) >= environment_count_) return std::nullopt;
  return static_cast<size_t>(index);
}

Access ProfileAccess(const Profile& p, uint32_t app) {
  auto it = std::lower_bound(p.apps.begin(), p.apps.end(), app,
                             [](const AppCell& c, uint32_t a) { return c.app < a; });
  return it != p.apps.end() && it->app == app ? it->access : p.default_access;
}

Access AccessMatrix::AccessOf(uint32_t user, uint32_t app) const {
  const Profile& p = profiles_[user_profile_[user]];
  if (p.disabled || p.no_role) return Access{};  // R7, ownership included
  Access access = ProfileAccess(p, app);         // R6 for admins is in the profile
  if (app_owner_[app] == user + 1) access = access_internal::OwnerAccess(*ws_, rules_, access, p.role);
  return access;
}

std::string_view PublicAccessName(PublicAccess access) {
  switch (access) {
    case PublicAccess::kNone:
      return "none";
    case PublicAccess::kOnceReleased:
      return "once released";
    case PublicAccess::kUse:
      return "use";
  }
  return "none";
}

// R13: a public app opens for anyone once it has a released version.
PublicAccess AccessMatrix::PublicAccessOf(uint32_t app) const {
  if (!ws_->apps[app].is_public) return PublicAccess::kNone;
  return released_[app] ? PublicAccess::kUse : PublicAccess::kOnceReleased;
}

Capability AccessMatrix::AnyoneAt(uint32_t app, size_t column) const {
  return column == released_column() && PublicAccessOf(app) == PublicAccess::kUse
             ? Capability::kUse
             : Capability::kNone;
}

Capability AccessMatrix::At(uint32_t user, uint32_t app, size_t column) const {
  return CapabilityAt(*ws_, AccessOf(user, app), column, released_[app]);
}

bool AccessMatrix::HasPermission(uint32_t user, WorkspacePermission permission) const {
  const Profile& p = profiles_[user_profile_[user]];
  return (p.permissions >> static_cast<int>(permission)) & 1u;  // R6, R7, R8 applied in Compile
}

bool ProfileMay(const Profile& p, WorkspacePermission permission, Access access) {
  if (p.disabled || p.no_role || p.role == UserRole::kEndUser) return false;  // R7, R5
  if (p.role == UserRole::kAdmin) return true;                               // R6
  const bool held = (p.permissions >> static_cast<int>(permission)) & 1u;    // R8
  if (p.rules == AccessRules::kServer) return held;                          // S4
  return held && access.level == Level::kEdit;
}

std::string_view PromoteRule(AccessRules rules) {
  return rules == AccessRules::kServer ? "S4" : "R9";
}

std::string_view ReleaseRule(AccessRules rules) {
  return rules == AccessRules::kServer ? "S4" : "R10";
}

// R9: appPromote and level edit, ownership included.
bool AccessMatrix::CanPromote(uint32_t user, uint32_t app) const {
  return ProfileMay(profiles_[user_profile_[user]], WorkspacePermission::kAppPromote,
                    AccessOf(user, app));
}

// R10: appRelease and level edit, ownership included.
bool AccessMatrix::CanRelease(uint32_t user, uint32_t app) const {
  return ProfileMay(profiles_[user_profile_[user]], WorkspacePermission::kAppRelease,
                    AccessOf(user, app));
}

std::optional<DataSourceLevel> AccessMatrix::DataSourceAccess(uint32_t user,
                                                              uint32_t data_source) const {
  const Profile& p = profiles_[user_profile_[user]];
  auto it = std::lower_bound(p.data_sources.begin(), p.data_sources.end(), data_source,
                             [](const DataSourceCell& c, uint32_t d) { return c.data_source < d; });
  if (it != p.data_sources.end() && it->data_source == data_source) return it->level;
  return p.default_data_source;  // R12 (admins: configure; disabled: none, set in Compile)
}

}  // namespace stagegate
