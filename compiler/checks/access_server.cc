// Where ToolJet's server gives other access than the documented rules
// (semantics.md S1-S5), under `accessRules: documented`: a reviewer must not
// learn less than the server enforces without being told.
//
// The matrix compiled under the server's rules is the context's. Profiles
// are numbered by membership alone, so profile i is the same users in both;
// their cells are compared app by app, and each difference is traced to the
// grants, permissions or ownership the server reads differently. One warning
// per grant, permission or owned app, naming the users and apps it affects.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "checks/access_internal.h"
#include "source/wording.h"

namespace stagegate {
namespace access_checks_internal {
namespace {

enum class ServerRule { kS1, kS2, kS3 };

// Users and apps a grant's or permission's difference reaches.
struct Reach {
  std::set<uint32_t> profiles;
  std::set<uint32_t> apps;
  bool every_app = false;  // through a "*" grant, on apps no other grant names
};

class ServerDifferences {
 public:
  explicit ServerDifferences(Context& ctx)
      : ctx_(ctx), ws_(ctx.ws), doc_(ctx.matrix), srv_(*ctx.server) {
    for (uint32_t a = 0; a < ws_.apps.size(); ++a) {
      if (std::optional<uint32_t> owner = doc_.OwnerOf(a)) owned_[*owner].push_back(a);
      any_released_ = any_released_ || doc_.Released(a);
    }
  }

  void Run() {
    const auto& profiles = doc_.profiles();
    for (uint32_t i = 0; i < profiles.size(); ++i) {
      const Profile& p = profiles[i];
      if (p.disabled || p.no_role || p.users.empty() || p.role == UserRole::kAdmin) continue;
      CompareCells(i);
      if (p.role == UserRole::kBuilder) ComparePermissions(i);
    }
    CompareOwners();
    Report();
  }

 private:
  // S1-S3: the profile's cells, app by app, and its default.
  void CompareCells(uint32_t i) {
    const Profile& d = doc_.profiles()[i];
    const Profile& s = srv_.profiles()[i];
    std::vector<uint32_t> apps;
    for (const AppCell& c : d.apps) apps.push_back(c.app);
    for (const AppCell& c : s.apps) apps.push_back(c.app);
    std::sort(apps.begin(), apps.end());
    apps.erase(std::unique(apps.begin(), apps.end()), apps.end());
    for (uint32_t a : apps) {
      Examine(i, a, false, ProfileAccess(d, a), ProfileAccess(s, a), doc_.Released(a));
    }
    if (apps.size() < ws_.apps.size() && d.default_access != s.default_access) {
      Examine(i, 0, true, d.default_access, s.default_access, any_released_);
    }
  }

  void Examine(uint32_t i, uint32_t app, bool star, Access d, Access s, bool released) {
    const Profile& p = doc_.profiles()[i];
    const size_t released_column = doc_.released_column();
    for (size_t c = 0; c < doc_.column_count(); ++c) {
      const bool gained = CapabilityAt(ws_, s, c, released) > CapabilityAt(ws_, d, c, released);
      if (!gained || (d.columns >> c & 1u)) continue;  // only columns the server adds
      ServerRule rule;
      if (p.role == UserRole::kEndUser) {
        if (c != released_column) continue;
        rule = ServerRule::kS3;
      } else if (c == 0 && d.columns != 0) {
        rule = ServerRule::kS1;
      } else {
        rule = ServerRule::kS2;
      }
      Attribute(i, app, star, rule, p);
    }
  }

  // The grants reaching profile `p` on `app` (star: its "*" grants) that the
  // server reads differently under `rule`.
  void Attribute(uint32_t i, uint32_t app, bool star, ServerRule rule, const Profile& p) {
    // `holder` names the role or group, only when a grant is recorded.
    auto consider = [&](const std::vector<AppGrant>& grants, const auto& holder) {
      for (const AppGrant& g : grants) {
        if (!g.level || !g.location.valid()) continue;
        if (star ? !g.all_apps : !GrantNamesApp(g, ws_.apps[app].name)) continue;
        const bool edit = *g.level == AppLevel::kEdit;
        const bool empty = g.environments && g.environments->empty();
        const bool applies = rule == ServerRule::kS1   ? edit
                             : rule == ServerRule::kS2 ? empty
                                                 : !edit;  // S3: view grants
        if (!applies) continue;
        Reach& r = cells_[{&g, rule}];
        if (holders_.count(&g) == 0) holders_[&g] = holder();
        r.profiles.insert(i);
        if (star || g.all_apps) {
          r.every_app = r.every_app || star;
          if (!star) r.apps.insert(app);
        } else {
          r.apps.insert(app);
        }
      }
    };
    const Role* role = ws_.RoleOf(p.role);
    if (role && role->configured) {
      consider(role->apps,
               [&] { return GrantHolderName(GrantSource::Kind::kRole, RoleName(p.role)); });
    }
    for (uint32_t g : p.groups) {
      consider(ws_.groups[g].apps,
               [&] { return GrantHolderName(GrantSource::Kind::kGroup, ws_.groups[g].name); });
    }
  }

  // S4: appPromote / appRelease let a builder promote or release apps they
  // cannot edit.
  void ComparePermissions(uint32_t i) {
    const Profile& p = doc_.profiles()[i];
    for (WorkspacePermission perm :
         {WorkspacePermission::kAppPromote, WorkspacePermission::kAppRelease}) {
      if (!((p.permissions >> static_cast<int>(perm)) & 1u)) continue;
      // Apps the documented rules let them handle: level edit (a cell never
      // holds less than the default), and the apps a lone user owns (R6).
      if (ProfileMay(p, perm, p.default_access)) continue;
      std::vector<uint32_t> may;
      for (const AppCell& cell : p.apps) {
        if (ProfileMay(p, perm, cell.access)) may.push_back(cell.app);
      }
      if (p.users.size() == 1) {
        auto owned = owned_.find(p.users.front());
        if (owned != owned_.end()) may.insert(may.end(), owned->second.begin(), owned->second.end());
      }
      std::sort(may.begin(), may.end());
      may.erase(std::unique(may.begin(), may.end()), may.end());
      const size_t count = ws_.apps.size() - may.size();
      if (count == 0) continue;
      std::vector<uint32_t> apps;  // the first few they may not handle
      for (uint32_t a = 0, k = 0; a < ws_.apps.size() && apps.size() < kListedNames; ++a) {
        while (k < may.size() && may[k] < a) ++k;
        if (k == may.size() || may[k] != a) apps.push_back(a);
      }
      auto consider = [&](const std::vector<PermissionRef>& refs, const std::string& holder) {
        for (const PermissionRef& ref : refs) {
          if (ref.permission != perm || !ref.location.valid()) continue;
          PermissionReach& r = permissions_[&ref];
          r.holder = holder;
          r.profiles.insert(i);
          r.apps.insert(apps.begin(), apps.end());
          r.app_count = std::max(r.app_count, count);
        }
      };
      const Role* role = ws_.RoleOf(p.role);
      if (role && role->configured) {
        consider(role->permissions, GrantHolderName(GrantSource::Kind::kRole, RoleName(p.role)));
      }
      for (uint32_t g : p.groups) {
        consider(ws_.groups[g].permissions,
                 GrantHolderName(GrantSource::Kind::kGroup, ws_.groups[g].name));
      }
    }
  }

  // S5: an enabled builder owner gets the builder defaults, not every column.
  void CompareOwners() {
    for (uint32_t a = 0; a < ws_.apps.size(); ++a) {
      std::optional<uint32_t> owner = doc_.OwnerOf(a);
      if (!owner || !ws_.apps[a].owner) continue;
      const User& user = ws_.users[*owner];
      if (user.disabled || user.role != UserRole::kBuilder) continue;
      Access d = doc_.AccessOf(*owner, a);
      Access s = srv_.AccessOf(*owner, a);
      std::vector<std::string> cells;
      bool differs = false;
      for (size_t c = 0; c < doc_.column_count(); ++c) {
        Capability dc = CapabilityAt(ws_, d, c, doc_.Released(a));
        Capability sc = CapabilityAt(ws_, s, c, doc_.Released(a));
        differs = differs || dc != sc;
        if (sc != Capability::kNone) {
          cells.push_back(fmt::format("{} in '{}'", CapabilityName(sc), doc_.ColumnName(c)));
        }
      }
      if (!differs) continue;
      const Ref& at = *ws_.apps[a].owner;
      ctx_.diags
          .Warning(Code::kServerDiffers, at.location,
                   fmt::format("'{}' owns app '{}': the documented rules give an owner edit in "
                               "every column (R6), but ToolJet's server gives them {} (S5), the "
                               "columns of their grants plus the first environment; set "
                               "'accessRules: server' to see what the server enforces",
                               user.email, ws_.apps[a].name,
                               cells.empty() ? std::string("nothing") : JoinAnd(cells)))
          .Underline(at.width);
    }
  }

  std::string Users(const std::set<uint32_t>& profiles) const {
    return ProfileUserList(doc_, std::vector<uint32_t>(profiles.begin(), profiles.end()));
  }

  std::string Apps(const std::set<uint32_t>& apps, bool every_app, size_t count = 0) const {
    std::vector<std::string_view> names;
    for (uint32_t a : apps) {
      if (names.size() == kListedNames) break;
      names.push_back(ws_.apps[a].name);
    }
    const size_t total = std::max(count, apps.size());
    if (every_app) {
      if (names.empty()) return "every app";
      return fmt::format("{} and every app no other grant names", QuoteList(names, total));
    }
    return fmt::format("{} {}", PluralWord(total, "app", "apps"), QuoteList(names, total));
  }

  void Report() {
    const std::string first(doc_.ColumnName(0));
    for (const auto& [key, reach] : cells_) {
      const AppGrant& g = *key.first;
      const std::string& holder = holders_.at(&g);
      const std::string level(AppLevelName(*g.level));
      std::string what;
      switch (key.second) {
        case ServerRule::kS1:
          what = fmt::format(
              "this edit grant of {} does not name '{}', but ToolJet's server adds it to every "
              "edit grant (S1): there {} can edit {} in '{}'",
              holder, first, Users(reach.profiles), Apps(reach.apps, reach.every_app), first);
          break;
        case ServerRule::kS2:
          what = fmt::format(
              "this {} grant of {} names no environment ('environments: []'), and ToolJet's "
              "server gives such a grant its defaults (S2): there {} can {} {}",
              level, holder, Users(reach.profiles),
              *g.level == AppLevel::kEdit
                  ? fmt::format("edit in '{}' and open the released app of", first)
                  : std::string("open the released app of"),
              Apps(reach.apps, reach.every_app));
          break;
        case ServerRule::kS3:
          what = fmt::format(
              "this view grant of {} does not name 'released', but on ToolJet's server an "
              "end-user opens the released app from any view grant (S3): there {} can use {}",
              holder, Users(reach.profiles), Apps(reach.apps, reach.every_app));
          break;
      }
      ctx_.diags
          .Warning(Code::kServerDiffers, g.level_location,
                   what + ", which the documented rules do not show; set 'accessRules: server' "
                          "to see what the server enforces")
          .Underline(g.level_width);
    }
    for (const auto& [ref, reach] : permissions_) {
      const bool promote = ref->permission == WorkspacePermission::kAppPromote;
      ctx_.diags
          .Warning(Code::kServerDiffers, ref->location,
                   fmt::format("{} holds {}, and ToolJet's server lets its holders {} an app "
                               "without edit on it (S4): there {} can {} {}, which the documented "
                               "rules ({}) do not allow; set 'accessRules: server' to see what "
                               "the server enforces",
                               reach.holder, WorkspacePermissionName(ref->permission),
                               promote ? "promote" : "release", Users(reach.profiles),
                               promote ? "promote" : "release",
                               Apps(reach.apps, false, reach.app_count), promote ? "R9" : "R10"))
          .Underline(ref->width);
    }
  }

  struct PermissionReach {
    std::string holder;
    std::set<uint32_t> profiles;
    std::set<uint32_t> apps;  // the first few
    size_t app_count = 0;
  };

  Context& ctx_;
  const Workspace& ws_;
  const AccessMatrix& doc_;
  const AccessMatrix& srv_;
  // Ordered by the grant's place in memory: the workspace's vectors keep
  // file order, and the findings are sorted by location afterwards anyway.
  std::map<std::pair<const AppGrant*, ServerRule>, Reach> cells_;
  std::map<const AppGrant*, std::string> holders_;
  std::map<const PermissionRef*, PermissionReach> permissions_;
  std::map<uint32_t, std::vector<uint32_t>> owned_;  // user -> the apps they own
  bool any_released_ = false;  // a profile's default reaches a released app
};

}  // namespace

void CheckServerDifferences(Context& ctx) {
  if (ctx.matrix.rules() != AccessRules::kDocumented || !ctx.server) return;
  ServerDifferences(ctx).Run();
}

}  // namespace access_checks_internal
}  // namespace stagegate
