// Who can reach what at all:
//  - enabled builders and end-users in no group whose role gives them no app
//    access (and who own no app): they can open nothing, or only the public
//    apps anyone opens (R13). One warning per role, at the first such user,
//    listing a few and "and N more";
//  - apps no enabled user can promote (R9) or release (R10): nobody can ship
//    them. One warning per kind (promote and release, promote, release), at
//    the first such app, listing a few.
#include <algorithm>

#include <fmt/format.h>

#include "checks/access_internal.h"
#include "source/wording.h"

namespace stagegate {
namespace access_checks_internal {
namespace {

std::string_view Plural(UserRole role) {
  return role == UserRole::kBuilder ? "builders" : "end-users";
}

// Whether the profile's grants give any app a capability other than none.
bool GivesAccess(const Context& ctx, const Profile& p) {
  for (uint32_t a = 0; a < ctx.ws.apps.size(); ++a) {
    Access access = ProfileAccess(p, a);
    if (access.level == Level::kNone || access.columns == 0) continue;
    for (size_t c = 0; c < ctx.matrix.column_count(); ++c) {
      if (CapabilityAt(ctx.ws, access, c, ctx.matrix.Released(a)) != Capability::kNone) {
        return true;
      }
    }
  }
  return false;
}

// What the users the warning names can open: nothing, or the released public
// apps that anyone opens (R13), named.
std::string WhatTheyOpen(const Context& ctx) {
  std::vector<std::string_view> open;
  for (uint32_t a = 0; a < ctx.ws.apps.size(); ++a) {
    if (ctx.matrix.PublicAccessOf(a) == PublicAccess::kUse) open.push_back(ctx.ws.apps[a].name);
  }
  if (open.empty()) return "they can open no app";
  return fmt::format("they can open only what anyone can without signing in, the public {} {}",
                     PluralWord(open.size(), "app", "apps"), QuoteList(open, open.size()));
}

void CheckUsersWithoutAccess(Context& ctx) {
  const Workspace& ws = ctx.ws;
  if (ws.apps.empty()) return;
  const std::string open = WhatTheyOpen(ctx);
  std::vector<bool> owns(ws.users.size(), false);
  for (uint32_t a = 0; a < ws.apps.size(); ++a) {
    if (std::optional<uint32_t> owner = ctx.matrix.OwnerOf(a)) owns[*owner] = true;
  }
  for (const Profile& p : ctx.matrix.profiles()) {
    if (p.disabled || p.no_role || p.role == UserRole::kAdmin || !p.groups.empty()) continue;
    std::vector<uint32_t> users;
    for (uint32_t u : p.users) {
      const User& user = ws.users[u];
      if (!user.disabled && user.role == p.role && !owns[u]) users.push_back(u);
    }
    if (users.empty() || GivesAccess(ctx, p)) continue;
    std::vector<std::string_view> names;
    for (size_t i = 0; i < users.size() && i < kListedNames; ++i) {
      names.push_back(ws.users[users[i]].email);
    }
    const User& first = ws.users[users.front()];
    std::string_view role = RoleName(p.role);
    const std::string holder = GrantHolderName(GrantSource::Kind::kRole, role);
    std::string message =
        users.size() == 1
            ? fmt::format("{} {} is in no group, and {} gives no app access, so {}; add "
                          "them to a group, or disable the account",
                          role, QuoteList(names, 1), holder, open)
            : fmt::format("{} {} are in no group, and {} gives no app access, so {}; add "
                          "them to groups, or disable the accounts",
                          Plural(p.role), QuoteList(names, users.size()), holder, open);
    Diagnostic& d = ctx.diags.Warning(Code::kUserWithoutAccess, first.location, std::move(message))
                        .Underline(first.width);
    for (size_t i = 1; i < users.size() && i < kListedNames; ++i) {
      d.Related(ws.users[users[i]].location,
                fmt::format("'{}' is in no group either", ws.users[users[i]].email));
    }
  }
}

// Marks the apps users of enabled profiles can promote / release (R9, R10,
// or S4: ProfileMay decides).
void MarkShippable(const Context& ctx, std::vector<bool>& promote, std::vector<bool>& release) {
  const Workspace& ws = ctx.ws;
  const AccessMatrix& m = ctx.matrix;
  auto mark = [](const Profile& p, WorkspacePermission permission, std::vector<bool>& apps) {
    // A profile that may not even with level edit may on no app.
    if (!ProfileMay(p, permission, Access{Level::kEdit, 0})) return;
    // A cell never holds less than the default (R2, R3), so a profile that
    // may with its default may on every app.
    if (ProfileMay(p, permission, p.default_access)) {
      std::fill(apps.begin(), apps.end(), true);
      return;
    }
    for (const AppCell& cell : p.apps) {
      if (ProfileMay(p, permission, cell.access)) apps[cell.app] = true;
    }
  };
  for (const Profile& p : m.profiles()) {
    if (p.users.empty()) continue;
    mark(p, WorkspacePermission::kAppPromote, promote);
    mark(p, WorkspacePermission::kAppRelease, release);
  }
  // Owners edit their app (R6); they still need the permission.
  for (uint32_t a = 0; a < ws.apps.size(); ++a) {
    std::optional<uint32_t> owner = m.OwnerOf(a);
    if (!owner || ws.users[*owner].disabled) continue;
    if (!promote[a] && m.CanPromote(*owner, a)) promote[a] = true;
    if (!release[a] && m.CanRelease(*owner, a)) release[a] = true;
  }
}

void CheckShippable(Context& ctx) {
  const Workspace& ws = ctx.ws;
  std::vector<bool> promote(ws.apps.size(), false), release(ws.apps.size(), false);
  MarkShippable(ctx, promote, release);
  // kinds: 0 neither, 1 no one promotes, 2 no one releases.
  std::vector<uint32_t> apps[3];
  for (uint32_t a = 0; a < ws.apps.size(); ++a) {
    if (!promote[a] && !release[a]) {
      apps[0].push_back(a);
    } else if (!promote[a]) {
      apps[1].push_back(a);
    } else if (!release[a]) {
      apps[2].push_back(a);
    }
  }
  static constexpr const char* kWhat[] = {
      "promote or release",
      "promote",
      "release",
  };
  static constexpr const char* kWhy[2][3] = {
      {("that needs edit on the app and appPromote or appRelease (R9, R10); grant those "
        "permissions to a group that edits it"),
       "that needs edit on the app and appPromote (R9); grant appPromote to a group that edits it",
       "that needs edit on the app and appRelease (R10); grant appRelease to a group that edits "
       "it"},
      {("that needs appPromote or appRelease on ToolJet's server (S4); grant those permissions "
        "to a group of builders"),
       "that needs appPromote on ToolJet's server (S4); grant it to a group of builders",
       "that needs appRelease on ToolJet's server (S4); grant it to a group of builders"},
  };
  const int rules = ctx.matrix.rules() == AccessRules::kServer ? 1 : 0;
  for (int kind = 0; kind < 3; ++kind) {
    const std::vector<uint32_t>& list = apps[kind];
    if (list.empty()) continue;
    std::vector<std::string_view> names;
    for (size_t i = 0; i < list.size() && i < kListedNames; ++i) {
      names.push_back(ws.apps[list[i]].name);
    }
    const App& first = ws.apps[list.front()];
    Diagnostic& d =
        ctx.diags
            .Warning(Code::kAppWithoutPromoter, first.location,
                     fmt::format("no enabled user can {} {} {}: {}", kWhat[kind],
                                 PluralWord(list.size(), "app", "apps"),
                                 QuoteList(names, list.size()),
                                 kWhy[rules][kind]))
            .Underline(first.width);
    for (size_t i = 1; i < list.size() && i < kListedNames; ++i) {
      d.Related(ws.apps[list[i]].location, fmt::format("app '{}' is defined here", names[i]));
    }
  }
}

}  // namespace

void CheckReach(Context& ctx) {
  CheckUsersWithoutAccess(ctx);
  CheckShippable(ctx);
}

}  // namespace access_checks_internal
}  // namespace stagegate
