// Provenance: which grants reach a user for an app (GrantsReaching) and, per
// column, which rule decided the capability and which grants gave the level
// and the column (Explain). Recomputed from the workspace for one (user,
// app), so it costs nothing at Compile time; tests check that it agrees with
// the matrix.
#include <algorithm>

#include "access/access.h"
#include "access/access_internal.h"

namespace stagegate {
namespace {

using access_internal::GrantColumns;
using access_internal::GrantNamesApp;
using access_internal::ToLevel;

void AddGrants(GrantSource::Kind kind, const std::string& name, bool located,
               const std::vector<AppGrant>& grants, const Workspace& ws, AccessRules rules,
               std::string_view app, bool end_user, std::vector<GrantSource>* out) {
  for (const AppGrant& g : grants) {
    if (!g.level || !GrantNamesApp(g, app)) continue;
    GrantSource s;
    s.kind = kind;
    s.name = name;
    if (located) s.location = g.location;
    s.access = Access{ToLevel(*g.level), GrantColumns(ws, g, end_user)};
    s.all_apps = g.all_apps;
    s.environments_defaulted = !g.environments.has_value();
    s.refused = end_user && access_internal::GrantRefused(rules, s.access.level);
    out->push_back(std::move(s));
  }
}

// Sorts rule ids: R rules before S rules, each by number ("R2" < "R10"),
// and drops repeats.
void SortRules(std::vector<std::string>* rules) {
  auto key = [](const std::string& r) { return std::make_pair(r[0], std::stoi(r.substr(1))); };
  std::sort(rules->begin(), rules->end(),
            [&](const std::string& a, const std::string& b) { return key(a) < key(b); });
  rules->erase(std::unique(rules->begin(), rules->end()), rules->end());
}

// Under accessRules: server, why column `c` is in a user's columns when no
// grant's environments name it (FinishAccess and OwnerAccess add it); empty
// when a grant names it or the column is not held.
std::string ServerDefault(const AccessMatrix& matrix, const Explanation& e, size_t c,
                          Level level, ColumnMask named, bool end_user, bool owner,
                          std::string* rule) {
  const ColumnMask bit = static_cast<ColumnMask>(1u << c);
  if ((named & bit) || !(e.access.columns & bit)) return "";
  const bool released = c == matrix.released_column();
  const std::string first(matrix.ColumnName(0));
  if (owner && !end_user) {
    *rule = "S5";
    return released ? "an owner whose grants name no environment also gets released on "
                      "ToolJet's server"
                    : "an owner always gets " + first + " on ToolJet's server";
  }
  if (end_user) {
    *rule = "S3";
    return "an end-user opens the released app from any view grant on ToolJet's server";
  }
  if (!released) {
    *rule = "S1";
    return "an edit grant always includes " + first + " on ToolJet's server";
  }
  *rule = "S2";
  return level == Level::kEdit
             ? "no grant names an environment, so ToolJet's server gives an edit level " + first +
                   " and released"
             : "no grant names an environment, so ToolJet's server gives a view level released "
               "only";
}

void AddNote(std::string* note, std::string_view text) {
  if (!note->empty()) *note += "; ";
  *note += text;
}

}  // namespace

std::vector<GrantSource> GrantsReaching(const AccessMatrix& matrix, uint32_t user, uint32_t app) {
  const Workspace& ws = matrix.workspace();
  const Profile& p = matrix.profiles()[matrix.ProfileOf(user)];
  const std::string& app_name = ws.apps[app].name;
  const bool end_user = !p.no_role && p.role == UserRole::kEndUser;
  std::vector<GrantSource> out;
  if (!p.no_role) {
    if (const Role* role = ws.RoleOf(p.role)) {
      AddGrants(GrantSource::Kind::kRole, role->name.name, role->configured, role->apps, ws,
                matrix.rules(), app_name, end_user, &out);
    }
  }
  for (uint32_t g : p.groups) {  // group indexes are in name order
    const Group& group = ws.groups[g];
    AddGrants(GrantSource::Kind::kGroup, group.name, true, group.apps, ws, matrix.rules(),
              app_name, end_user, &out);
  }
  return out;
}

Explanation Explain(const AccessMatrix& matrix, uint32_t user, uint32_t app) {
  const Workspace& ws = matrix.workspace();
  const Profile& p = matrix.profiles()[matrix.ProfileOf(user)];
  const User& u = ws.users[user];
  const bool active = !p.disabled && !p.no_role;
  const bool admin = !p.no_role && p.role == UserRole::kAdmin;
  const bool end_user = !p.no_role && p.role == UserRole::kEndUser;
  Explanation e;
  e.user = user;
  e.app = app;
  e.access = matrix.AccessOf(user, app);

  const Access everything{Level::kEdit, matrix.AllColumns()};
  std::optional<size_t> admin_grant, owner_grant;
  if (admin) {
    GrantSource s;
    s.kind = GrantSource::Kind::kAdmin;
    s.name = u.email;
    s.location = u.role_location;
    s.access = everything;
    s.all_apps = true;
    admin_grant = e.grants.size();
    e.grants.push_back(std::move(s));
  }
  if (matrix.OwnerOf(app) == user) {
    GrantSource s;
    s.kind = GrantSource::Kind::kOwner;
    s.name = u.email;
    s.location = ws.apps[app].owner->location;
    s.access = everything;  // R6 (R5 is applied to the result for end-users)
    owner_grant = e.grants.size();
    e.grants.push_back(std::move(s));
  }
  std::vector<GrantSource> reaching = GrantsReaching(matrix, user, app);
  const Role* role = p.no_role ? nullptr : ws.RoleOf(p.role);
  const bool role_grants = std::any_of(reaching.begin(), reaching.end(), [](const GrantSource& g) {
    return g.kind == GrantSource::Kind::kRole;
  });
  if (role && !role_grants) {  // placeholder: the role group was considered
    GrantSource s;
    s.kind = GrantSource::Kind::kRole;
    s.name = role->name.name;
    if (role->configured) s.location = role->name.location;
    e.grants.push_back(std::move(s));
  }
  for (GrantSource& g : reaching) e.grants.push_back(std::move(g));

  const bool server = matrix.rules() == AccessRules::kServer;
  auto counts = [](const GrantSource& g) { return !g.refused && g.access.level != Level::kNone; };
  ColumnMask named = 0;  // the columns the grants' environments name
  for (const GrantSource& g : e.grants) {
    if (counts(g) && g.kind != GrantSource::Kind::kOwner) named |= g.access.columns;
  }
  if (owner_grant && server) {  // S5: the builder defaults, not every column
    e.grants[*owner_grant].access =
        access_internal::OwnerAccess(ws, matrix.rules(), Access{Level::kNone, named}, p.role);
    e.grants[*owner_grant].access.columns &= static_cast<ColumnMask>(~named);
  }

  Level raw_level = Level::kNone;  // R2, before R5
  for (const GrantSource& g : e.grants) {
    if (counts(g)) raw_level = std::max(raw_level, g.access.level);
  }
  const bool refused = std::any_of(e.grants.begin(), e.grants.end(),
                                   [](const GrantSource& g) { return g.refused; });

  const bool released = matrix.Released(app);
  for (size_t c = 0; c < matrix.column_count(); ++c) {
    ColumnExplanation col;
    const bool is_released = c == matrix.released_column();
    if (!active) {
      if (p.disabled) col.rules = {"R7"};  // else no rule: a missing role was reported
      col.note = p.disabled ? "disabled user" : "no valid role";
      e.columns.push_back(std::move(col));
      continue;
    }
    col.capability = CapabilityAt(ws, e.access, c, released);
    if (admin) {  // R6 decides alone
      col.level_from = {*admin_grant};
      col.columns_from = {*admin_grant};
      col.rules = {"R4", "R6"};
      col.note = "admin";
      if (is_released && !released) AddNote(&col.note, "not released");
      e.columns.push_back(std::move(col));
      continue;
    }
    for (size_t i = 0; i < e.grants.size(); ++i) {
      const GrantSource& g = e.grants[i];
      if (!counts(g)) continue;
      if (g.access.level == raw_level) col.level_from.push_back(i);
      if ((g.access.columns >> c) & 1u) col.columns_from.push_back(i);
    }
    std::string server_rule;
    if (server) {
      col.server_default = ServerDefault(matrix, e, c, raw_level, named, end_user,
                                         owner_grant.has_value(), &server_rule);
    }
    if (raw_level == Level::kNone) {
      col.rules = {"R2"};
      col.note = "no grant reaches this app";
      if (refused) {
        col.rules.push_back("S6");
        col.note = "ToolJet's server refuses an end-user's edit grant";
      }
    } else if (!col.server_default.empty()) {
      col.rules = {"R2", "R4", server_rule};
      if (is_released && !released) col.note = "not released";
    } else if (col.columns_from.empty()) {
      col.rules = {"R3"};
      col.note = "not in the environments of any grant";
    } else if (is_released && !released) {
      col.rules = {"R4"};
      col.note = "not released";
    } else {
      col.rules = {"R2", "R3", "R4"};
      if (end_user && raw_level == Level::kEdit && !server) {
        col.rules.push_back("R5");
        AddNote(&col.note, "end-users cannot edit");
      }
    }
    if (refused && raw_level != Level::kNone) {
      col.rules.push_back("S6");
      AddNote(&col.note, "an edit grant is refused by ToolJet's server");
    }
    if (owner_grant && server) {
      if (col.capability != Capability::kNone &&
          std::count(col.level_from.begin(), col.level_from.end(), *owner_grant)) {
        col.rules.push_back("S5");
        AddNote(&col.note, "owner");
      }
    } else if (owner_grant &&
        (std::count(col.level_from.begin(), col.level_from.end(), *owner_grant) ||
         std::count(col.columns_from.begin(), col.columns_from.end(), *owner_grant))) {
      col.rules.push_back("R6");
      AddNote(&col.note, "owner");
    }
    SortRules(&col.rules);
    e.columns.push_back(std::move(col));
  }
  return e;
}

}  // namespace stagegate
