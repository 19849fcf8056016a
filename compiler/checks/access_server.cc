// Where ToolJet's server gives other access than the documented rules
// (semantics.md S1-S5), under `accessRules: documented`: a reviewer must not
// learn less than the server enforces without being told.
//
// The matrix compiled under the server's rules is the context's. Profiles
// are numbered by membership alone, so profile i is the same users in both;
// their cells are compared app by app, and each difference is traced to the
// grants or ownership the server reads differently (S1-S3, S5). S4, where a
// permission lets builders promote or release apps they cannot edit, needs
// only the documented matrix, so it runs on its own (beside the server's
// matrix being compiled). One warning per grant, permission or owned app,
// naming the users and apps it affects.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "checks/access_internal.h"
#include "source/wording.h"

namespace stagegate {
namespace access_checks_internal {
namespace {

enum class ServerRule { kS1, kS2, kS3 };
inline constexpr int kServerRules = 3;

// Sets bit `app` of a bitmap of `app_count` bits (allocated on first use).
void AddBit(std::vector<uint64_t>* bits, uint32_t app, size_t app_count) {
  if (bits->empty()) bits->assign((app_count + 63) / 64, 0);
  (*bits)[app / 64] |= uint64_t{1} << (app % 64);
}

// Users and apps a grant's difference under one rule reaches.
struct Reach {
  std::vector<uint32_t> profiles;  // increasing: profiles are compared in order
  std::vector<uint64_t> apps;      // a bit per app (Workspace::apps)
  bool every_app = false;          // through a "*" grant, on apps no other grant names

  void AddApp(uint32_t app, size_t app_count) { AddBit(&apps, app, app_count); }
};

// The apps of one profile where the server adds columns under one rule
// (sorted), and whether its default (apps no grant names) does.
struct RuleApps {
  std::vector<uint32_t> apps;
  bool star = false;
};

// The grants of one holder (a role's default group or a custom group), with
// the apps each names resolved to indexes once (sorted), and a Reach per
// grant and rule, made on the first difference traced to it.
struct HolderGrants {
  HolderGrants(GrantSource::Kind kind, std::string_view name, const std::vector<AppGrant>& grants)
      : kind(kind), name(name), grants(&grants) {}

  GrantSource::Kind kind = GrantSource::Kind::kGroup;
  std::string_view name;
  const std::vector<AppGrant>* grants = nullptr;
  std::vector<std::vector<uint32_t>> apps;  // per grant; empty until first asked
  bool resolved = false;
  std::map<std::pair<size_t, ServerRule>, Reach> reach;  // (grant, rule)
};

// What both halves share: the workspace, the documented matrix, and how
// users and apps are named in a warning.
class Wording {
 protected:
  explicit Wording(Context& ctx) : ctx_(ctx), ws_(ctx.ws), doc_(ctx.matrix) {}

  // `profiles` sorted, each once.
  std::string Users(const std::vector<uint32_t>& profiles) const {
    return ProfileUserList(doc_, profiles);
  }

  // The apps of a reach (a bit per app), of `at_least` or more.
  std::string Apps(const std::vector<uint64_t>& bits, bool every_app, size_t at_least = 0) const {
    std::vector<uint32_t> first;
    size_t total = 0;
    for (size_t w = 0; w < bits.size(); ++w) {
      for (uint64_t word = bits[w]; word != 0; word &= word - 1) {
        ++total;
        if (first.size() < kListedNames) {
          first.push_back(
              static_cast<uint32_t>(w * 64 + static_cast<size_t>(__builtin_ctzll(word))));
        }
      }
    }
    return Apps(first, std::max(total, at_least), every_app);
  }

  // "app 'a'", "apps 'a', 'b' and 3 more", "... and every app no other grant
  // names": `first` the first few of `total` apps, sorted.
  std::string Apps(const std::vector<uint32_t>& first, size_t total, bool every_app) const {
    std::vector<std::string_view> names;
    for (uint32_t a : first) names.push_back(ws_.apps[a].name);
    if (every_app) {
      if (names.empty()) return "every app";
      return fmt::format("{} and every app no other grant names", QuoteList(names, total));
    }
    return fmt::format("{} {}", PluralWord(total, "app", "apps"), QuoteList(names, total));
  }

  Context& ctx_;
  const Workspace& ws_;
  const AccessMatrix& doc_;
};

// S1-S3 and S5: the cells of the two matrices.
class ServerDifferences : Wording {
 public:
  explicit ServerDifferences(Context& ctx) : Wording(ctx), srv_(*ctx.server) {
    for (uint32_t a = 0; a < ws_.apps.size(); ++a) {
      any_released_ = any_released_ || doc_.Released(a);
    }
    holders_.reserve(ws_.groups.size() + 2);
    holders_.emplace_back(GrantSource::Kind::kRole, RoleName(UserRole::kBuilder), ws_.builder.apps);
    holders_.emplace_back(GrantSource::Kind::kRole, RoleName(UserRole::kEndUser),
                          ws_.end_user.apps);
    for (const Group& g : ws_.groups) {
      holders_.emplace_back(GrantSource::Kind::kGroup, g.name, g.apps);
    }
  }

  void Run() {
    const auto& profiles = doc_.profiles();
    for (uint32_t i = 0; i < profiles.size(); ++i) {
      const Profile& p = profiles[i];
      if (p.disabled || p.no_role || p.users.empty() || p.role == UserRole::kAdmin) continue;
      CompareCells(i);
    }
    CompareOwners();
    for (HolderGrants& h : holders_) {
      for (auto& [key, reach] : h.reach) {
        ReportGrant((*h.grants)[key.first], GrantHolderName(h.kind, h.name), key.second, reach);
      }
    }
  }

 private:
  // S1-S3: the profile's cells, app by app (both lists are sorted by app),
  // and its default; then the grants behind each rule's differences.
  void CompareCells(uint32_t i) {
    const Profile& d = doc_.profiles()[i];
    const Profile& s = srv_.profiles()[i];
    for (RuleApps& r : rule_apps_) {
      r.apps.clear();
      r.star = false;
    }
    size_t x = 0, y = 0, apps = 0;
    while (x < d.apps.size() || y < s.apps.size()) {
      const bool from_d =
          y == s.apps.size() || (x < d.apps.size() && d.apps[x].app <= s.apps[y].app);
      const bool from_s =
          x == d.apps.size() || (y < s.apps.size() && s.apps[y].app <= d.apps[x].app);
      const uint32_t a = from_d ? d.apps[x].app : s.apps[y].app;
      const unsigned rules =
          Examine(d.role, from_d ? d.apps[x].access : d.default_access,
                  from_s ? s.apps[y].access : s.default_access, doc_.Released(a));
      for (int r = 0; r < kServerRules; ++r) {
        if ((rules >> r) & 1u) rule_apps_[r].apps.push_back(a);
      }
      x += from_d;
      y += from_s;
      ++apps;
    }
    if (apps < ws_.apps.size() && d.default_access != s.default_access) {
      const unsigned rules = Examine(d.role, d.default_access, s.default_access, any_released_);
      for (int r = 0; r < kServerRules; ++r) rule_apps_[r].star = (rules >> r) & 1u;
    }
    for (int r = 0; r < kServerRules; ++r) {
      if (!rule_apps_[r].apps.empty() || rule_apps_[r].star) {
        Attribute(i, static_cast<ServerRule>(r), rule_apps_[r], d);
      }
    }
  }

  // The rules under which the server gives a profile of role `role` more on
  // one app (a bit per ServerRule): only columns of `s` that `d` lacks.
  unsigned Examine(UserRole role, Access d, Access s, bool released) const {
    const ColumnMask added = static_cast<ColumnMask>(s.columns & ~d.columns);
    if (added == 0) return 0;
    const size_t released_column = doc_.released_column();
    unsigned rules = 0;
    for (size_t c = 0; c < doc_.column_count(); ++c) {
      if (!((added >> c) & 1u) || CapabilityAt(ws_, s, c, released) == Capability::kNone) continue;
      ServerRule rule;
      if (role == UserRole::kEndUser) {
        if (c != released_column) continue;
        rule = ServerRule::kS3;
      } else if (c == 0 && d.columns != 0) {
        rule = ServerRule::kS1;
      } else {
        rule = ServerRule::kS2;
      }
      rules |= 1u << static_cast<int>(rule);
    }
    return rules;
  }

  // The apps grant k of holder h names (resolved once per holder), sorted.
  const std::vector<uint32_t>& NamedApps(HolderGrants& h, size_t k) {
    if (!h.resolved) {
      h.apps.resize(h.grants->size());
      for (size_t j = 0; j < h.grants->size(); ++j) {
        for (const Ref& name : (*h.grants)[j].apps) {
          if (std::optional<uint32_t> app = doc_.AppIndex(name.name)) h.apps[j].push_back(*app);
        }
        std::sort(h.apps[j].begin(), h.apps[j].end());
      }
      h.resolved = true;
    }
    return h.apps[k];
  }

  // The grants reaching profile `p` (index i) on `found`'s apps (and, with
  // its star, the "*" grants on its default) that the server reads
  // differently under `rule`.
  void Attribute(uint32_t i, ServerRule rule, const RuleApps& found, const Profile& p) {
    const size_t app_count = ws_.apps.size();
    auto consider = [&](HolderGrants& h) {
      for (size_t k = 0; k < h.grants->size(); ++k) {
        const AppGrant& g = (*h.grants)[k];
        if (!g.level || !g.location.valid()) continue;
        const bool edit = *g.level == AppLevel::kEdit;
        const bool empty = g.environments && g.environments->empty();
        const bool applies = rule == ServerRule::kS1   ? edit
                             : rule == ServerRule::kS2 ? empty
                                                       : !edit;  // S3: view grants
        if (!applies) continue;
        const bool reached = found.star && g.all_apps;
        Reach* r = nullptr;  // made on the grant's first difference
        auto reach = [&]() -> Reach& {
          if (!r) {
            r = &h.reach[{k, rule}];
            if (r->profiles.empty() || r->profiles.back() != i) r->profiles.push_back(i);
          }
          return *r;
        };
        if (reached) reach().every_app = true;
        if (g.all_apps) {
          for (uint32_t a : found.apps) reach().AddApp(a, app_count);
        } else {
          // Of found.apps, those the grant names.
          for (uint32_t a : NamedApps(h, k)) {
            if ((found_bits_[a / 64] >> (a % 64)) & 1u) reach().AddApp(a, app_count);
          }
        }
      }
    };
    found_bits_.resize((app_count + 63) / 64);
    for (uint32_t a : found.apps) found_bits_[a / 64] |= uint64_t{1} << (a % 64);
    const Role* role = ws_.RoleOf(p.role);
    if (role && role->configured) consider(holders_[p.role == UserRole::kEndUser ? 1 : 0]);
    for (uint32_t g : p.groups) consider(holders_[g + 2]);
    for (uint32_t a : found.apps) found_bits_[a / 64] = 0;
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
      bool differs = false;
      for (size_t c = 0; c < doc_.column_count() && !differs; ++c) {
        differs = CapabilityAt(ws_, d, c, doc_.Released(a)) != CapabilityAt(ws_, s, c, doc_.Released(a));
      }
      if (!differs) continue;
      std::vector<std::string> cells;
      for (size_t c = 0; c < doc_.column_count(); ++c) {
        Capability sc = CapabilityAt(ws_, s, c, doc_.Released(a));
        if (sc != Capability::kNone) {
          cells.push_back(fmt::format("{} in '{}'", CapabilityName(sc), doc_.ColumnName(c)));
        }
      }
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

  void ReportGrant(const AppGrant& g, const std::string& holder, ServerRule rule,
                   const Reach& reach) {
    const std::string first(doc_.ColumnName(0));
    const std::string level(AppLevelName(*g.level));
    std::string what;
    switch (rule) {
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
                 what +
                     ", which the documented rules do not show; set 'accessRules: server' "
                     "to see what the server enforces")
        .Underline(g.level_width);
  }

  const AccessMatrix& srv_;
  // The builder role, the end-user role, then the groups in order (the
  // findings are sorted by location afterwards anyway).
  std::vector<HolderGrants> holders_;
  RuleApps rule_apps_[kServerRules];  // CompareCells' scratch
  std::vector<uint64_t> found_bits_;  // Attribute's: found.apps as bits, else zero
  bool any_released_ = false;  // a profile's default reaches a released app
};

// S4: appPromote / appRelease let a builder promote or release apps they
// cannot edit.
class PermissionDifferences : Wording {
 public:
  explicit PermissionDifferences(Context& ctx) : Wording(ctx) {
    for (uint32_t a = 0; a < ws_.apps.size(); ++a) {
      if (std::optional<uint32_t> owner = doc_.OwnerOf(a)) owned_[*owner].push_back(a);
    }
  }

  void Run() {
    const auto& profiles = doc_.profiles();
    for (uint32_t i = 0; i < profiles.size(); ++i) {
      const Profile& p = profiles[i];
      if (p.disabled || p.no_role || p.users.empty() || p.role != UserRole::kBuilder) continue;
      ComparePermissions(i);
    }
    ReportPermissions();
  }

 private:
  // The permissions of profile i that let its users promote or release
  // apps they cannot edit.
  void ComparePermissions(uint32_t i) {
    const Profile& p = doc_.profiles()[i];
    auto bit = [](WorkspacePermission perm) { return 1u << static_cast<int>(perm); };
    const uint32_t held = p.permissions & (bit(WorkspacePermission::kAppPromote) |
                                           bit(WorkspacePermission::kAppRelease));
    if (held == 0) return;
    // Apps the documented rules let them handle: level edit (a cell never
    // holds less than the default), and the apps a lone user owns (R6). With
    // the permission held, that is the same apps for both.
    const WorkspacePermission one = (held & bit(WorkspacePermission::kAppPromote))
                                        ? WorkspacePermission::kAppPromote
                                        : WorkspacePermission::kAppRelease;
    if (ProfileMay(p, one, p.default_access)) return;
    std::vector<uint32_t>& may = may_;
    may.clear();
    for (const AppCell& cell : p.apps) {
      if (ProfileMay(p, one, cell.access)) may.push_back(cell.app);
    }
    if (p.users.size() == 1) {
      auto owned = owned_.find(p.users.front());
      if (owned != owned_.end()) may.insert(may.end(), owned->second.begin(), owned->second.end());
    }
    std::sort(may.begin(), may.end());
    may.erase(std::unique(may.begin(), may.end()), may.end());
    const size_t count = ws_.apps.size() - may.size();
    if (count == 0) return;
    std::vector<uint32_t> apps;  // the first few they may not handle
    for (uint32_t a = 0, k = 0; a < ws_.apps.size() && apps.size() < kListedNames; ++a) {
      while (k < may.size() && may[k] < a) ++k;
      if (k == may.size() || may[k] != a) apps.push_back(a);
    }
    auto consider = [&](const std::vector<PermissionRef>& refs, GrantSource::Kind kind,
                        std::string_view holder) {
      for (const PermissionRef& ref : refs) {
        if (!ref.location.valid() || !(held & bit(ref.permission))) continue;
        PermissionReach& r = permissions_[&ref];
        if (r.holder.empty()) r.holder = GrantHolderName(kind, holder);
        if (r.profiles.empty() || r.profiles.back() != i) r.profiles.push_back(i);
        for (uint32_t a : apps) AddBit(&r.apps, a, ws_.apps.size());
        r.app_count = std::max(r.app_count, count);
      }
    };
    const Role* role = ws_.RoleOf(p.role);
    if (role && role->configured) {
      consider(role->permissions, GrantSource::Kind::kRole, RoleName(p.role));
    }
    for (uint32_t g : p.groups) {
      consider(ws_.groups[g].permissions, GrantSource::Kind::kGroup, ws_.groups[g].name);
    }
  }

  void ReportPermissions() {
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
                               promote ? "promote" : "release", Apps(reach.apps, false, reach.app_count),
                               promote ? "R9" : "R10"))
          .Underline(ref->width);
    }
  }

  struct PermissionReach {
    std::string holder;
    std::vector<uint32_t> profiles;  // increasing
    std::vector<uint64_t> apps;      // a bit per app: the first few of each profile
    size_t app_count = 0;
  };

  std::map<const PermissionRef*, PermissionReach> permissions_;
  std::map<uint32_t, std::vector<uint32_t>> owned_;  // user -> the apps they own
  std::vector<uint32_t> may_;                        // ComparePermissions' scratch
};

}  // namespace

void CheckServerDifferences(Context& ctx) {
  if (ctx.matrix.rules() != AccessRules::kDocumented || !ctx.server) return;
  ServerDifferences(ctx).Run();
}

void CheckServerPermissions(Context& ctx) {
  if (ctx.matrix.rules() != AccessRules::kDocumented) return;
  PermissionDifferences(ctx).Run();
}

}  // namespace access_checks_internal
}  // namespace stagegate
