// R5: ToolJet refuses edit to end-users, so any grant, group membership or
// ownership that would give one edit is an error (the matrix then shows what
// ToolJet enforces, view). Reported where the fix goes: the configured
// end-user role's grant, each end-user's membership, each end-user owner.
#include <fmt/format.h>

#include "access/access.h"
#include "checks/check_context.h"
#include "source/wording.h"

namespace stagegate {
namespace checks_internal {
namespace {

// "all apps", "'payroll'", "'payroll' and 2 other apps".
std::string Apps(const AppGrant& grant) {
  if (grant.all_apps) return "all apps";
  if (grant.apps.empty()) return "no app";
  if (grant.apps.size() == 1) return fmt::format("'{}'", grant.apps[0].name);
  size_t others = grant.apps.size() - 1;
  return fmt::format("'{}' and {}", grant.apps[0].name,
                     Plural(others, "other app", "other apps"));
}

const AppGrant* FirstEditGrant(const std::vector<AppGrant>& grants) {
  for (const AppGrant& g : grants) {
    if (g.level == AppLevel::kEdit && (g.all_apps || !g.apps.empty())) return &g;
  }
  return nullptr;
}

}  // namespace

void CheckEndUserEdit(Context& ctx) {
  const Workspace& ws = ctx.ws;
  // R5 under either rule set; what the matrix shows differs: view
  // (documented) or nothing from the grant (server, S6).
  const bool server = ws.access_rules == AccessRules::kServer;
  const std::string_view refused =
      server ? "ToolJet's server refuses the grant (or, when a role change is allowed, makes the "
               "end-users builders), and the matrix leaves it out (S6)"
             : "ToolJet does not let end-users edit";
  if (ws.end_user.configured) {
    for (const AppGrant& g : ws.end_user.apps) {
      if (g.level != AppLevel::kEdit) continue;
      ctx.diags
          .Error(Code::kEndUserEdit, g.level_location,
                 fmt::format("{} grants edit on {}; {}: grant view, or make the users builders",
                             GrantHolderName(GrantSource::Kind::kRole,
                                             RoleName(UserRole::kEndUser)),
                             Apps(g), refused))
          .Underline(g.level_width);
    }
  }
  for (const Group& group : ws.groups) {
    const AppGrant* edit = FirstEditGrant(group.apps);
    if (!edit) continue;
    for (const Ref& member : group.members) {
      const User* user = ws.FindUser(member.name);
      if (!user || user->role != UserRole::kEndUser) continue;
      ctx.diags
          .Error(Code::kEndUserEdit, member.location,
                 fmt::format("end-user '{}' is a member of {}, which grants edit on {}; "
                             "{}: make the user a builder or grant view",
                             member.name, GrantHolderName(GrantSource::Kind::kGroup, group.name),
                             Apps(*edit), refused))
          .Underline(member.width)
          .Related(edit->level_location, "edit granted here");
    }
  }
  for (const App& app : ws.apps) {
    if (!app.owner) continue;
    const User* user = ws.FindUser(app.owner->name);
    if (!user || user->role != UserRole::kEndUser) continue;
    ctx.diags
        .Error(Code::kEndUserEdit, app.owner->location,
               server ? fmt::format("end-user '{}' owns app '{}'; ToolJet's server gives an "
                                    "owner edit whatever their role (S5), though it does not let "
                                    "end-users edit otherwise: make the user a builder or choose "
                                    "another owner",
                                    app.owner->name, app.name)
                      : fmt::format("end-user '{}' owns app '{}', and an owner can always edit "
                                    "(R6); ToolJet does not let end-users edit: make the user a "
                                    "builder or choose another owner",
                                    app.owner->name, app.name))
        .Underline(app.owner->width);
  }
}

}  // namespace checks_internal
}  // namespace stagegate
