// Effective access by the rules of docs/semantics.md, and the choice of the
// assertions: a few subjects of each kind of user (admins, leads, developers,
// QA, analysts, end-users, a leaver), more of them in larger organisations.
#include "generate_assertions.h"

#include <algorithm>
#include <utility>

#include "generate_rng.h"

namespace stagegate::bench {

namespace {

// The capabilities of a level in some columns (R4).
Access Cells(const Org& o, uint32_t a, int level, uint8_t columns) {
  Access out;
  if (level == 0) return out;
  out.edit = level == 2;
  for (int c = 0; c < kEnvCount; ++c) {
    if (!(columns & (1 << c))) continue;
    out.cells[c] = level == 2 ? (c == 0 ? kEdit : kRun) : kPreview;
  }
  if ((columns & kColReleased) && o.Released(a)) out.cells[kEnvCount] = kUse;
  return out;
}

}  // namespace

Access Evaluate(const Org& o, uint32_t u, uint32_t a) {
  const User& user = o.users[u];
  if (user.disabled) return Access{};
  int level = 0;  // 0 none, 1 view, 2 edit
  uint8_t columns = 0;
  if (user.role == Role::kAdmin || o.apps[a].owner == static_cast<int64_t>(u)) {
    level = 2;
    columns = kColAll;
  }
  for (uint32_t g : user.groups) {
    for (const AppGrant& grant : o.groups[g].apps) {
      if (!grant.all && !SortedContains(grant.apps, a)) continue;
      level = std::max(level, grant.edit ? 2 : 1);
      columns |= grant.has_envs                ? grant.columns
                 : user.role == Role::kEndUser ? kColReleased
                                               : kColAll;
    }
  }
  if (user.role == Role::kEndUser) level = std::min(level, 1);  // R5
  return Cells(o, a, level, columns);
}

Access EvaluateOnServer(const Org& o, uint32_t u, uint32_t a) {
  const User& user = o.users[u];
  if (user.disabled) return Access{};
  if (user.role == Role::kAdmin) return Cells(o, a, 2, kColAll);
  const bool end_user = user.role == Role::kEndUser;
  int level = o.apps[a].owner == static_cast<int64_t>(u) ? 2 : 0;  // S5: edit, not every column
  uint8_t columns = 0;
  bool view_grant = false;
  for (uint32_t g : user.groups) {
    for (const AppGrant& grant : o.groups[g].apps) {
      if (!grant.all && !SortedContains(grant.apps, a)) continue;
      if (end_user && grant.edit) continue;  // S6: refused
      level = std::max(level, grant.edit ? 2 : 1);
      view_grant = view_grant || !grant.edit;
      columns |= grant.has_envs ? grant.columns : end_user ? kColReleased : kColAll;
    }
  }
  if (end_user) {
    if (view_grant) columns |= kColReleased;  // S3
    return Cells(o, a, std::min(level, 1), columns);
  }
  if (level > 0 && columns == 0) columns = kColReleased;  // S2 (S5)
  if (level == 2) columns |= kColDev;                      // S1 (S5)
  return Cells(o, a, level, columns);
}

uint16_t Permissions(const Org& o, uint32_t u) {
  const User& user = o.users[u];
  if (user.disabled) return 0;
  if (user.role == Role::kAdmin) return kAllPerms;
  uint16_t p = user.role == Role::kBuilder ? kBuilderRolePerms : 0;
  for (uint32_t g : user.groups) p |= o.groups[g].perms;
  return p;
}

namespace {

// One pass of choosing; the order of the steps is the order of the random
// draws, so it must not change for the output to stay the same.
class Chooser {
 public:
  Chooser(const Org& o, uint64_t seed)
      : o_(o),
        rng_(seed, kSAssertions),
        reps_(o.users.size() >= 20000  ? 5
              : o.users.size() >= 1000 ? 3
                                       : 1) {}

  std::vector<Assertion> Choose() {
    Admin();
    Leads();
    Tracks();
    UnreleasedApp();
    Leaver();
    return std::move(out_);
  }

 private:
  std::vector<uint32_t> UsersOf(Track t, bool disabled) const {
    std::vector<uint32_t> v;
    for (uint32_t u = 0; u < o_.users.size(); ++u) {
      if (o_.users[u].track == t && o_.users[u].disabled == disabled) v.push_back(u);
    }
    return v;
  }

  uint32_t Pick(const std::vector<uint32_t>& v) {
    return v[rng_.Below(static_cast<uint32_t>(v.size()))];
  }

  // An app the user reaches through a named grant of one of their groups.
  int64_t ReachedApp(uint32_t u) {
    for (uint32_t g : o_.users[u].groups) {
      for (const AppGrant& grant : o_.groups[g].apps) {
        if (!grant.all && !grant.apps.empty())
          return grant.apps[rng_.Below(static_cast<uint32_t>(grant.apps.size()))];
      }
    }
    return rng_.Below(static_cast<uint32_t>(o_.apps.size()));
  }

  void Admin() {
    const std::vector<uint32_t> admins = UsersOf(Track::kAdmin, false);
    if (admins.empty()) return;
    const uint32_t admin = admins.front();
    out_.push_back(Assertion{admin, -1, "Administrators hold every workspace permission (R6).",
                             false, false, kAllPerms});
    out_.push_back(Assertion{admin, 0, "", true, true, 0});
  }

  // A lead and an app of their area, when they are in its lead group.
  void Leads() {
    const std::vector<uint32_t> leads = UsersOf(Track::kLead, false);
    for (uint32_t i = 0; i < reps_ && !leads.empty(); ++i) {
      const uint32_t u = Pick(leads);
      const Area& area = o_.areas[o_.users[u].area];
      const int64_t app =
          area.lead_group >= 0 &&
                  SortedContains(o_.users[u].groups, static_cast<uint32_t>(area.lead_group))
              ? area.apps[rng_.Below(static_cast<uint32_t>(area.apps.size()))]
              : ReachedApp(u);
      out_.push_back(Assertion{u, app, i == 0 ? "Leads promote and release their area's apps." : "",
                               true, true, 0});
    }
  }

  // The other tracks: an app each reaches, and (once) that they do not ship.
  void Tracks() {
    struct Who {
      Track track;
      const char* comment;
    };
    const uint16_t ship = kAppPromote | kAppRelease;
    for (const Who& who : {Who{Track::kDeveloper, "Developers edit, but do not ship."},
                           Who{Track::kQa, "QA runs queries where it tests, and does not ship."},
                           Who{Track::kAnalyst, "Analysts look without editing."},
                           Who{Track::kEndUser, "End-users open released apps only."}}) {
      const std::vector<uint32_t> users = UsersOf(who.track, false);
      for (uint32_t i = 0; i < reps_ && !users.empty(); ++i) {
        const uint32_t u = Pick(users);
        out_.push_back(Assertion{u, ReachedApp(u), i == 0 ? who.comment : "", true,
                                 who.track != Track::kEndUser, 0});
        if (i == 0) out_.push_back(Assertion{u, -1, "", false, false, ship});
      }
    }
  }

  // An end-user and an app not released yet.
  void UnreleasedApp() {
    const std::vector<uint32_t> end_users = UsersOf(Track::kEndUser, false);
    for (uint32_t a = 0; a < o_.apps.size() && !end_users.empty(); ++a) {
      if (o_.Released(a)) continue;
      out_.push_back(Assertion{Pick(end_users), a, "Apps not released yet are closed to end-users.",
                               true, false, 0});
      break;
    }
  }

  // Leavers keep their groups but lose everything (R7).
  void Leaver() {
    for (uint32_t u = 0; u < o_.users.size(); ++u) {
      if (!o_.users[u].disabled) continue;
      out_.push_back(Assertion{u, ReachedApp(u),
                               "A disabled account keeps its groups but has no access (R7).", true,
                               false, 0});
      out_.push_back(Assertion{u, -1, "", false, false, kAppCreate | kFolderCrud});
      return;
    }
  }

  const Org& o_;
  Rng rng_;
  const uint32_t reps_;
  std::vector<Assertion> out_;
};

}  // namespace

std::vector<Assertion> ChooseAssertions(const Org& o, uint64_t seed) {
  return Chooser(o, seed).Choose();
}

}  // namespace stagegate::bench
