// Users and roles: the workspace's members (organization_users and users),
// the role each one has from the role group (default permission group) they
// are in, and the builder and end-user role groups as the model's roles.
#include <fmt/format.h>

#include <algorithm>

#include "live/reader.h"
#include "source/wording.h"

namespace stagegate::live {

bool Reader::ReadUsers() {
  std::unique_ptr<Rows> rows;
  if (!Run(queries_.users, &rows)) return false;
  const int id = rows->Column("id"), email = rows->Column("email"),
            first_name = rows->Column("first_name"), last_name = rows->Column("last_name"),
            user_status = rows->Column("user_status"),
            membership_status = rows->Column("membership_status"),
            legacy_role = rows->Column("legacy_role");
  ws_.users.reserve(rows->size());
  legacy_roles_.reserve(rows->size());
  for (size_t r = 0; r < rows->size(); ++r) {
    User user;
    user.email = LowerAscii(rows->Get(r, email));
    std::string first = rows->Str(r, first_name);
    std::string last = rows->Str(r, last_name);
    user.name = first.empty() ? last : (last.empty() ? first : first + " " + last);
    std::string_view status = rows->Get(r, user_status);
    std::string_view membership = rows->Get(r, membership_status);
    user.disabled = status == "archived" || membership == "archived";
    if (membership == "invited" || status == "invited") {
      NoteOn(EntityKind::kUser, user.email, Code::kImportUnsupported,
             "invited, not yet active in ToolJet (stagegate has no invited users; imported as "
             "an enabled user)",
             Row("users", rows->Get(r, id)));
    }
    legacy_roles_.push_back(rows->Str(r, legacy_role));
    user_index_[MakeId(rows->Get(r, id))] = ws_.users.size();
    ws_.users.push_back(std::move(user));
  }
  return true;
}

void Reader::AssignRoles(IdMap<std::vector<std::string>>& roles) {
  for (const auto& [id, index] : user_index_) {
    User& user = ws_.users[index];
    RowOrigin origin = Row("users", IdText(id));
    std::vector<std::string>& names = roles[id];
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    // The strongest role group the user is in.
    for (UserRole role : {UserRole::kAdmin, UserRole::kBuilder, UserRole::kEndUser}) {
      if (!user.role &&
          std::find(names.begin(), names.end(), RoleName(role)) != names.end()) {
        user.role = role;
      }
    }
    if (names.size() > 1) {
      NoteOn(EntityKind::kUser, user.email, Code::kImportUnsupported,
             fmt::format("in several role groups ({}); imported with the strongest, {}",
                         JoinAnd(names), user.role ? RoleName(*user.role) : ""),
             origin);
    }
    if (user.role) continue;
    const std::string& legacy = legacy_roles_[index];
    if (std::optional<UserRole> role = ParseRole(legacy)) {
      user.role = role;
      NoteOn(EntityKind::kUser, user.email, Code::kImportUnsupported,
             fmt::format("in no role group; imported with the role '{}' of "
                         "organization_users.role",
                         legacy),
             origin);
    } else {
      user.role = UserRole::kEndUser;
      NoteOn(EntityKind::kUser, user.email, Code::kImportPlaceholder,
             "in no role group and without a known role; imported as an end-user: set the role "
             "ToolJet should give",
             origin);
    }
  }
}

void Reader::FinishRoles() {
  for (UserRole which : {UserRole::kBuilder, UserRole::kEndUser}) {
    Role& role = which == UserRole::kBuilder ? ws_.builder : ws_.end_user;
    if (!role_found_[which == UserRole::kBuilder ? 0 : 1]) {
      // Without the role group, the role grants nothing in ToolJet: say so
      // rather than let stagegate's built-in default apply.
      role = Role{};
      role.role = which;
      role.configured = true;
      role.name = NameRef(std::string(RoleName(which)));
      Note(EntityNote::Scope::kRole, EntityKind::kUser, std::string(RoleName(which)),
           Code::kImportUnsupported,
           fmt::format("the workspace has no '{}' role group in ToolJet, so the role grants "
                       "nothing; imported as a role without permissions or grants",
                       RoleName(which)),
           Row("permission_groups"));
    } else if (HasBuiltInGrants(role)) {
      // The configuration leaves a role that equals the default out.
      role = BuiltInRole(which);
    }
  }
}

}  // namespace stagegate::live
