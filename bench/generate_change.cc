// The edits of --change: a grant gains or loses apps or changes its
// environments, a user moves to another group of the same kind or leaves, an
// app's version moves one step along the pipeline. Each kind checks what it
// may touch (never lead groups, protected users and apps, owners), so every
// edit leaves a configuration without warnings.
#include "generate_change.h"

#include <algorithm>

#include "generate_rng.h"

namespace stagegate::bench {
namespace {

class Changer {
 public:
  Changer(Org& o, uint64_t seed, const std::vector<Assertion>& assertions)
      : o_(o), rng_(seed, kSChanges) {
    protected_users_.assign(o.users.size(), false);
    protected_apps_.assign(o.apps.size(), false);
    for (const Assertion& a : assertions) {
      protected_users_[a.user] = true;
      if (a.app >= 0) protected_apps_[a.app] = true;
    }
    owners_.assign(o.users.size(), false);
    for (const App& app : o.apps) {
      if (app.owner >= 0) owners_[app.owner] = true;
    }
  }

  ChangeCounts Apply(uint32_t n) {
    for (uint32_t i = 0; i < n; ++i) {
      bool done = false;
      for (uint32_t attempt = 0; attempt < 6 && !done; ++attempt) {
        switch ((i + attempt) % 6) {
          case 0:
            done = Widen();
            break;
          case 1:
            done = Narrow();
            break;
          case 2:
            done = Move();
            break;
          case 3:
            done = Promote();
            break;
          case 4:
            done = Environments();
            break;
          case 5:
            done = Disable();
            break;
        }
      }
      if (!done) break;  // nothing left to change
    }
    return counts_;
  }

 private:
  // Groups whose grants may change: everything but leads.
  int64_t EditableGroup() {
    for (int tries = 0; tries < 64; ++tries) {
      const uint32_t g = rng_.Below(static_cast<uint32_t>(o_.groups.size()));
      const Kind k = o_.groups[g].kind;
      if (k != Kind::kLeads && k != Kind::kReleaseManagers) return g;
    }
    return -1;
  }

  // Offers up to `tries` candidates from `pick` to `edit` until it makes its
  // change, and counts that; false when none takes it or `pick` finds none.
  // Every edit retries this way, so one that does not fit a random pick
  // does not end the run.
  template <typename Pick, typename Edit>
  bool Retry(int tries, uint32_t& count, Pick pick, Edit edit) {
    for (int i = 0; i < tries; ++i) {
      const int64_t candidate = pick();
      if (candidate < 0) return false;
      if (edit(static_cast<uint32_t>(candidate))) {
        ++count;
        return true;
      }
    }
    return false;
  }
  template <typename Edit>
  bool OnSomeGroup(uint32_t& count, Edit edit) {
    const auto editable_group = [&] { return EditableGroup(); };
    return Retry(32, count, editable_group, [&](uint32_t g) { return edit(o_.groups[g]); });
  }
  template <typename Edit>
  bool OnSomeUser(uint32_t& count, Edit edit) {
    const uint32_t users = static_cast<uint32_t>(o_.users.size());
    const auto random_user = [&] { return int64_t{rng_.Below(users)}; };
    return Retry(64, count, random_user, edit);
  }
  template <typename Edit>
  bool OnSomeApp(uint32_t& count, Edit edit) {
    const uint32_t apps = static_cast<uint32_t>(o_.apps.size());
    const auto random_app = [&] { return int64_t{rng_.Below(apps)}; };
    return Retry(64, count, random_app, edit);
  }

  bool Widen() {
    return OnSomeGroup(counts_.widened, [&](Group& grp) {
      AppGrant& grant = grp.apps.front();
      if (grant.all) return false;
      const Area& area = o_.areas[grp.area];
      std::vector<uint32_t> candidates;
      for (uint32_t a : area.apps) {
        if (SortedContains(grant.apps, a)) continue;
        if (grp.kind == Kind::kAudience && !o_.Released(a)) continue;  // unreleased-app-grant
        candidates.push_back(a);
      }
      if (candidates.empty()) return false;
      for (uint32_t a : Sample(rng_, candidates, rng_.Skewed(1, 5))) SortedInsert(grant.apps, a);
      return true;
    });
  }

  bool Narrow() {
    return OnSomeGroup(counts_.narrowed, [&](Group& grp) {
      AppGrant& grant = grp.apps.front();
      if (grant.all || grant.apps.size() < 2) return false;
      const uint32_t remove =
          std::min<uint32_t>(rng_.Skewed(1, 3), static_cast<uint32_t>(grant.apps.size()) - 1);
      for (uint32_t k = 0; k < remove; ++k) {
        grant.apps.erase(grant.apps.begin() + rng_.Below(static_cast<uint32_t>(grant.apps.size())));
      }
      return true;
    });
  }

  bool Environments() {
    return OnSomeGroup(counts_.environments, [&](Group& grp) {
      AppGrant& grant = grp.apps.front();
      switch (grp.kind) {
        case Kind::kDevelopers:
          // [development] <-> [development, staging]; everywhere -> [development, staging]
          if (!grant.has_envs) {
            grant.has_envs = true;
            grant.columns = kColDev | kColStaging;
          } else {
            grant.columns = grant.columns == kColDev ? kColDev | kColStaging : kColDev;
          }
          return true;
        case Kind::kQa:
          grant.columns = grant.columns == kColStaging ? kColStaging | kColProd : kColStaging;
          return true;
        case Kind::kAnalysts:
          if (!grant.has_envs) {
            grant.has_envs = true;
            grant.columns = kColProd;
          } else {
            grant.columns = grant.columns == kColProd ? kColStaging | kColProd : kColProd;
          }
          return true;
        default:
          return false;  // audiences stay on the released app
      }
    });
  }

  // Users an edit may touch: not the subject of an assertion, not a leaver.
  bool MayEdit(uint32_t u) const { return !protected_users_[u] && !o_.users[u].disabled; }

  // A user moves from one group of their track to another.
  bool Move() {
    return OnSomeUser(counts_.moved, [&](uint32_t u) {
      User& user = o_.users[u];
      if (!MayEdit(u) || user.groups.empty()) return false;
      const uint32_t from = user.groups[rng_.Below(static_cast<uint32_t>(user.groups.size()))];
      Group& src = o_.groups[from];
      if (src.members.size() < 2 || src.kind == Kind::kLeads || src.kind == Kind::kReleaseManagers)
        return false;
      const auto& pool = o_.by_kind[static_cast<int>(src.kind)];
      const uint32_t to = pool[rng_.Below(static_cast<uint32_t>(pool.size()))];
      if (to == from || SortedContains(user.groups, to)) return false;
      SortedErase(user.groups, from);
      SortedErase(src.members, u);
      SortedInsert(user.groups, to);
      SortedInsert(o_.groups[to].members, u);
      return true;
    });
  }

  // A user leaves; never an admin, a lead (who must be able to ship) or an
  // app's owner.
  bool Disable() {
    return OnSomeUser(counts_.disabled, [&](uint32_t u) {
      User& user = o_.users[u];
      if (!MayEdit(u) || owners_[u] || user.track == Track::kAdmin || user.track == Track::kLead) {
        return false;
      }
      user.disabled = true;
      return true;
    });
  }

  // One step along the pipeline: release what is in staging, promote a
  // published version from development, or publish a draft.
  bool Promote() {
    return OnSomeApp(counts_.promoted, [&](uint32_t a) {
      if (protected_apps_[a]) return false;
      std::vector<Version>& versions = o_.apps[a].versions;
      Version* staging = nullptr;
      Version* published_dev = nullptr;
      Version* draft = nullptr;
      for (Version& v : versions) {
        if (v.env == 1) staging = &v;  // the newest in staging
        if (v.env == 0 && v.status == kPublished && !published_dev) published_dev = &v;
        if (v.env == 0 && v.status == kDraft && !draft) draft = &v;
      }
      if (staging) {
        for (Version& v : versions) {
          if (v.status == kReleased) v.status = kPublished;  // P4: replaced
        }
        staging->env = 2;
        staging->status = kReleased;
      } else if (published_dev) {
        published_dev->env = 1;
      } else if (draft) {
        draft->status = kPublished;
      } else {
        return false;
      }
      return true;
    });
  }

  Org& o_;
  Rng rng_;
  std::vector<bool> protected_users_, protected_apps_, owners_;
  ChangeCounts counts_;
};

}  // namespace

ChangeCounts ApplyChanges(Org& org, uint64_t seed, const std::vector<Assertion>& assertions,
                          uint32_t count) {
  return Changer(org, seed, assertions).Apply(count);
}

}  // namespace stagegate::bench
