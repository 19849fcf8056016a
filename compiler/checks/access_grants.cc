// Grants and permissions that do nothing for the users they reach:
//  - an end-user grant, on apps it names, that only opens the released app
//    (R3, R4) while the app has no released version: the end-users cannot open
//    it until a release (one warning per grant, at its first such app);
//  - appPromote / appRelease held by a group (or a configured role) none of
//    whose users can edit an app, which both need (R9, R10; end-users never
//    can, R5): one warning per permission entry.
#include <algorithm>

#include <fmt/format.h>

#include "checks/access_internal.h"
#include "source/wording.h"

namespace stagegate {
namespace access_checks_internal {
namespace {

// The enabled end-users a grant reaches, for listing: the first few (in
// e-mail order) and how many.
struct Reached {
  std::vector<std::string_view> first;
  size_t count = 0;
};

Reached EndUsers(const Context& ctx, std::vector<uint32_t> users) {
  std::sort(users.begin(), users.end());
  users.erase(std::unique(users.begin(), users.end()), users.end());
  Reached out;
  for (uint32_t u : users) {
    if (out.first.size() < kListedNames) out.first.push_back(ctx.ws.users[u].email);
  }
  out.count = users.size();
  return out;
}

// True when, for an end-user, the grant opens only the released app: no
// `environments` (R3: the end-user default) or only `released` listed.
bool OnlyReleased(const AppGrant& grant) {
  if (!grant.environments) return true;
  bool released = false;
  for (const Ref& env : *grant.environments) {
    if (env.name != kReleasedColumn) return false;
    released = true;
  }
  return released;
}

void CheckUnreleasedGrant(Context& ctx, const AppGrant& grant, const Reached& end_users,
                          std::string_view grantor) {
  if (grant.all_apps || !grant.level || !OnlyReleased(grant)) return;
  // (app, position in the grant) of each unreleased app, the first mention
  // of each app kept, in the order written.
  std::vector<std::pair<uint32_t, uint32_t>> found;
  for (uint32_t i = 0; i < grant.apps.size(); ++i) {
    const App* app = ctx.ws.FindApp(grant.apps[i].name);
    if (app && !ctx.matrix.Released(ctx.AppIndex(app))) found.emplace_back(ctx.AppIndex(app), i);
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end(),
                          [](const auto& a, const auto& b) { return a.first == b.first; }),
              found.end());
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  std::vector<const Ref*> unreleased;
  for (const auto& [app, i] : found) unreleased.push_back(&grant.apps[i]);
  if (unreleased.empty()) return;
  std::vector<std::string_view> names;
  for (size_t i = 0; i < unreleased.size() && i < kListedNames; ++i) {
    names.push_back(ctx.ws.FindApp(unreleased[i]->name)->name);
  }
  const size_t apps = unreleased.size();
  std::string message = fmt::format(
      "{} grants {} {} {} {}, which {} no released version, so they cannot open {} yet; release "
      "a version, or remove {} from this grant until then",
      grantor, PluralWord(end_users.count, "end-user", "end-users"),
      QuoteList(end_users.first, end_users.count), PluralWord(apps, "app", "apps"),
      QuoteList(names, apps), PluralWord(apps, "has", "have"), PluralWord(apps, "it", "them"),
      PluralWord(apps, "the app", "the apps"));
  ctx.diags.Warning(Code::kUnreleasedAppGrant, unreleased.front()->location, std::move(message))
      .Underline(unreleased.front()->width);
}

// Per profile: can its users edit at least one app (before ownership)?
std::vector<bool> ProfilesThatEdit(const Context& ctx) {
  const auto& profiles = ctx.matrix.profiles();
  std::vector<bool> edits(profiles.size(), false);
  if (ctx.ws.apps.empty()) return edits;
  for (size_t i = 0; i < profiles.size(); ++i) {
    const Profile& p = profiles[i];
    if (p.disabled || p.no_role || p.role == UserRole::kEndUser) continue;  // R7, R5
    if (p.role == UserRole::kAdmin || p.default_access.level == Level::kEdit) {
      edits[i] = true;
      continue;
    }
    for (const AppCell& cell : p.apps) {
      if (cell.access.level == Level::kEdit) {
        edits[i] = true;
        break;
      }
    }
  }
  return edits;
}

class EditorFinder {
 public:
  explicit EditorFinder(const Context& ctx) : ctx_(ctx), profile_edits_(ProfilesThatEdit(ctx)) {
    owns_.assign(ctx.ws.users.size(), false);
    for (uint32_t a = 0; a < ctx.ws.apps.size(); ++a) {
      if (std::optional<uint32_t> owner = ctx.matrix.OwnerOf(a)) owns_[*owner] = true;
    }
  }

  // Whether user `u` can edit some app (R2, R5, R6, R7).
  bool CanEdit(uint32_t u) const {
    const User& user = ctx_.ws.users[u];
    if (user.disabled || !user.role || *user.role == UserRole::kEndUser) return false;
    return profile_edits_[ctx_.matrix.ProfileOf(u)] || owns_[u];
  }

 private:
  const Context& ctx_;
  std::vector<bool> profile_edits_;
  std::vector<bool> owns_;
};

bool IsPromoteOrRelease(WorkspacePermission p) {
  return p == WorkspacePermission::kAppPromote || p == WorkspacePermission::kAppRelease;
}

std::string_view Action(WorkspacePermission p) {
  return p == WorkspacePermission::kAppPromote ? "promoting" : "releasing";
}

std::string_view Rule(WorkspacePermission p) {
  return p == WorkspacePermission::kAppPromote ? "R9" : "R10";
}

void ReportPermission(Context& ctx, const PermissionRef& perm, std::string holder,
                      std::string nobody) {
  ctx.diags
      .Warning(Code::kIneffectivePermission, perm.location,
               fmt::format("{} holds {}, but {} can edit an app, and {} an app needs edit on it "
                           "({}); grant edit on the apps they should handle, or remove the "
                           "permission",
                           holder, WorkspacePermissionName(perm.permission), nobody,
                           Action(perm.permission), Rule(perm.permission)))
      .Underline(perm.width);
}

void CheckPermissions(Context& ctx) {
  const Workspace& ws = ctx.ws;
  const bool server = ctx.matrix.rules() == AccessRules::kServer;
  if (ws.end_user.configured) {
    for (const PermissionRef& p : ws.end_user.permissions) {
      if (!IsPromoteOrRelease(p.permission)) continue;
      const std::string_view verb =
          p.permission == WorkspacePermission::kAppPromote ? "promote" : "release";
      const std::string holder =
          GrantHolderName(GrantSource::Kind::kRole, RoleName(UserRole::kEndUser));
      ctx.diags
          .Warning(Code::kIneffectivePermission, p.location,
                   server ? fmt::format("{} holds {}, but ToolJet's server never lets "
                                        "end-users {} an app (S4); remove the permission",
                                        holder, WorkspacePermissionName(p.permission), verb)
                          : fmt::format("{} holds {}, but end-users can never {} an "
                                        "app: that needs edit, which ToolJet refuses end-users "
                                        "(R5, {}); remove the permission",
                                        holder, WorkspacePermissionName(p.permission), verb,
                                        Rule(p.permission)))
          .Underline(p.width);
    }
  }
  // On ToolJet's server the permission alone lets a builder promote or
  // release (S4): holding it without edit is not ineffective there.
  if (server) return;
  EditorFinder editors(ctx);
  for (const Group& group : ws.groups) {
    if (std::none_of(group.permissions.begin(), group.permissions.end(),
                     [](const PermissionRef& p) { return IsPromoteOrRelease(p.permission); })) {
      continue;
    }
    bool known_member = false, editor = false;
    for (const Ref& member : group.members) {
      const User* user = ws.FindUser(member.name);
      if (!user) continue;
      known_member = true;
      if (editors.CanEdit(ctx.UserIndex(user))) {
        editor = true;
        break;
      }
    }
    if (!known_member || editor) continue;  // no members: unused-group says so
    for (const PermissionRef& p : group.permissions) {
      if (!IsPromoteOrRelease(p.permission)) continue;
      ReportPermission(ctx, p, GrantHolderName(GrantSource::Kind::kGroup, group.name),
                       "none of its members");
    }
  }
  if (ws.builder.configured) {
    bool builder = false, editor = false;
    for (uint32_t u = 0; u < ws.users.size() && !editor; ++u) {
      if (ws.users[u].role != UserRole::kBuilder) continue;
      builder = true;
      editor = editors.CanEdit(u);
    }
    if (builder && !editor) {
      for (const PermissionRef& p : ws.builder.permissions) {
        if (IsPromoteOrRelease(p.permission)) {
          ReportPermission(ctx, p,
                           GrantHolderName(GrantSource::Kind::kRole, RoleName(UserRole::kBuilder)),
                           "no builder");
        }
      }
    }
  }
}

}  // namespace

void CheckGrantEffects(Context& ctx) {
  const Workspace& ws = ctx.ws;
  auto enabled_end_user = [](const User& u) { return !u.disabled && u.role == UserRole::kEndUser; };
  if (ws.end_user.configured) {
    std::vector<uint32_t> users;
    for (uint32_t u = 0; u < ws.users.size(); ++u) {
      if (enabled_end_user(ws.users[u])) users.push_back(u);
    }
    Reached end_users = EndUsers(ctx, std::move(users));
    if (end_users.count > 0) {
      for (const AppGrant& grant : ws.end_user.apps) {
        CheckUnreleasedGrant(
            ctx, grant, end_users,
            GrantHolderName(GrantSource::Kind::kRole, RoleName(UserRole::kEndUser)));
      }
    }
  }
  for (const Group& group : ws.groups) {
    if (group.apps.empty()) continue;
    std::vector<uint32_t> users;
    for (const Ref& member : group.members) {
      const User* user = ws.FindUser(member.name);
      if (user && enabled_end_user(*user)) users.push_back(ctx.UserIndex(user));
    }
    Reached end_users = EndUsers(ctx, std::move(users));
    if (end_users.count == 0) continue;
    std::string grantor = GrantHolderName(GrantSource::Kind::kGroup, group.name);
    for (const AppGrant& grant : group.apps) CheckUnreleasedGrant(ctx, grant, end_users, grantor);
  }
  CheckPermissions(ctx);
}

}  // namespace access_checks_internal
}  // namespace stagegate
