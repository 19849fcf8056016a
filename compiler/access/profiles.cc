// AccessMatrix::Compile: users grouped into Profiles by (role, disabled,
// groups), each profile's cells folded once from per-group tables.
//
// Cost: every group's and role's grants are turned once into a table (its
// "*" access plus sorted, merged cells for the apps it names); a profile's
// default is the fold of its tables' "*" accesses and its cells a k-way merge
// of its tables' cell lists. Users only cost a hash lookup.
#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "access/access.h"
#include "access/access_internal.h"

namespace stagegate {
namespace {

using access_internal::FinishAccess;
using access_internal::GrantColumns;
using access_internal::GrantRefused;
using access_internal::ToLevel;

// A role group's or custom group's grants, resolved.
// R3 (and S6) differ for end-users, so both variants are kept: [0] for
// builders, [1] for end-users.
struct GrantTable {
  Access star[2];
  std::vector<AppCell> cells[2];  // sorted by app, one per app
  uint32_t permissions = 0;
  std::optional<DataSourceLevel> data_source_star;
  std::vector<DataSourceCell> data_sources;  // sorted, one per data source
};

std::optional<DataSourceLevel> Max(std::optional<DataSourceLevel> a,
                                   std::optional<DataSourceLevel> b) {
  if (!a) return b;
  if (!b) return a;
  return std::max(*a, *b);
}

GrantTable BuildTable(const Workspace& ws, AccessRules rules,
                      const std::vector<PermissionRef>& permissions,
                      const std::vector<AppGrant>& apps,
                      const std::vector<DataSourceGrant>& data_sources) {
  GrantTable t;
  for (const PermissionRef& p : permissions) t.permissions |= 1u << static_cast<int>(p.permission);
  std::vector<uint32_t> named;  // a grant's apps, looked up once for both variants
  for (const AppGrant& g : apps) {
    if (!g.level) continue;  // invalid permission: reported by schema
    const Level level = ToLevel(*g.level);
    named.clear();
    if (!g.all_apps) {
      for (const Ref& name : g.apps) {
        const App* app = ws.FindApp(name.name);
        if (app) named.push_back(static_cast<uint32_t>(app - ws.apps.data()));
      }  // an unknown app is reported by checks
    }
    for (int v = 0; v < 2; ++v) {
      const bool end_user = v == 1;
      if (end_user && GrantRefused(rules, level)) continue;  // S6
      const Access a{level, GrantColumns(ws, g, end_user)};
      if (g.all_apps) {
        t.star[v] = Combine(t.star[v], a);
        continue;
      }
      for (uint32_t app : named) t.cells[v].push_back(AppCell{app, a});
    }
  }
  for (std::vector<AppCell>& cells : t.cells) {
    std::stable_sort(cells.begin(), cells.end(),
                     [](const AppCell& x, const AppCell& y) { return x.app < y.app; });
    size_t out = 0;
    for (size_t i = 0; i < cells.size(); ++i) {
      if (out > 0 && cells[out - 1].app == cells[i].app) {
        cells[out - 1].access = Combine(cells[out - 1].access, cells[i].access);
      } else {
        cells[out++] = cells[i];
      }
    }
    cells.resize(out);
  }
  for (const DataSourceGrant& g : data_sources) {
    if (!g.level) continue;
    if (g.all_data_sources) {
      t.data_source_star = Max(t.data_source_star, g.level);
      continue;
    }
    for (const Ref& name : g.data_sources) {
      const DataSource* d = ws.FindDataSource(name.name);
      if (!d) continue;
      t.data_sources.push_back(
          DataSourceCell{static_cast<uint32_t>(d - ws.data_sources.data()), g.level});
    }
  }
  std::sort(t.data_sources.begin(), t.data_sources.end(),
            [](const DataSourceCell& x, const DataSourceCell& y) {
              return x.data_source < y.data_source;
            });
  size_t out = 0;
  for (size_t i = 0; i < t.data_sources.size(); ++i) {
    if (out > 0 && t.data_sources[out - 1].data_source == t.data_sources[i].data_source) {
      t.data_sources[out - 1].level = Max(t.data_sources[out - 1].level, t.data_sources[i].level);
    } else {
      t.data_sources[out++] = t.data_sources[i];
    }
  }
  t.data_sources.resize(out);
  return t;
}

// The hash key of a membership: flags and a span of the users' CSR group
// list (alive for the whole of Compile).
struct MembershipKey {
  uint32_t flags;
  const uint32_t* groups;
  uint32_t count;
  friend bool operator==(const MembershipKey& a, const MembershipKey& b) {
    return a.flags == b.flags && a.count == b.count &&
           (a.count == 0 || std::memcmp(a.groups, b.groups, a.count * sizeof(uint32_t)) == 0);
  }
};

struct MembershipHash {
  size_t operator()(const MembershipKey& k) const {
    uint64_t h = 1469598103934665603ull ^ k.flags;
    for (uint32_t i = 0; i < k.count; ++i) h = (h ^ k.groups[i]) * 1099511628211ull;
    return static_cast<size_t>(h ^ (h >> 29));
  }
};

// Merges two sorted cell lists into `out`, folding cells of the same app.
void MergeCells(const std::vector<AppCell>& a, const std::vector<AppCell>& b,
                std::vector<AppCell>* out) {
  out->clear();
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i].app < b[j].app)) {
      out->push_back(a[i++]);
    } else if (i == a.size() || b[j].app < a[i].app) {
      out->push_back(b[j++]);
    } else {
      out->push_back(AppCell{a[i].app, Combine(a[i].access, b[j].access)});
      ++i;
      ++j;
    }
  }
}

void MergeDataSources(const std::vector<DataSourceCell>& a, const std::vector<DataSourceCell>& b,
                      std::vector<DataSourceCell>* out) {
  out->clear();
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i].data_source < b[j].data_source)) {
      out->push_back(a[i++]);
    } else if (i == a.size() || b[j].data_source < a[i].data_source) {
      out->push_back(b[j++]);
    } else {
      out->push_back(DataSourceCell{a[i].data_source, Max(a[i].level, b[j].level)});
      ++i;
      ++j;
    }
  }
}

// Scratch buffers reused across profiles, so the hot loop allocates only the
// profile's own vectors.
struct Scratch {
  std::vector<AppCell> cells, merged;
  std::vector<DataSourceCell> sources, sources_merged;
};

// Fills a builder's or end-user's profile from its role table and its
// groups' tables (R2, R3, R8, R12), then applies the rule set's last step to
// every cell (R5, or S1-S3: FinishAccess).
void FoldProfile(const Workspace& ws, const GrantTable& role, const std::vector<GrantTable>& groups,
                 Profile* p, Scratch* s) {
  const int v = p->role == UserRole::kEndUser ? 1 : 0;
  Access def = role.star[v];
  uint32_t permissions = role.permissions;
  std::optional<DataSourceLevel> ds_def = role.data_source_star;
  s->cells.clear();
  s->sources.clear();
  auto add_table = [&](const GrantTable& t) {
    def = Combine(def, t.star[v]);
    permissions |= t.permissions;
    ds_def = Max(ds_def, t.data_source_star);
    if (!t.cells[v].empty()) {
      MergeCells(s->cells, t.cells[v], &s->merged);
      std::swap(s->cells, s->merged);
    }
    if (!t.data_sources.empty()) {
      MergeDataSources(s->sources, t.data_sources, &s->sources_merged);
      std::swap(s->sources, s->sources_merged);
    }
  };
  add_table(role);
  for (uint32_t g : p->groups) add_table(groups[g]);
  auto finish = [&](Access a) { return FinishAccess(ws, p->rules, a, p->role); };
  p->default_access = finish(def);
  p->permissions = permissions;
  p->default_data_source = ds_def;
  // Keep only cells that differ from the default; sized exactly, once.
  size_t kept = 0;
  for (AppCell& c : s->cells) {
    c.access = finish(Combine(def, c.access));
    if (c.access != p->default_access) s->cells[kept++] = c;
  }
  p->apps.assign(s->cells.begin(), s->cells.begin() + kept);
  kept = 0;
  for (DataSourceCell& c : s->sources) {
    c.level = Max(ds_def, c.level);
    if (c.level != ds_def) s->sources[kept++] = c;
  }
  p->data_sources.assign(s->sources.begin(), s->sources.begin() + kept);
}

// Memberships as CSR: user u's groups (indexes, sorted, each once) are
// groups[offsets[u]] onwards, count[u] of them. Unknown members are ignored.
struct Memberships {
  std::vector<uint32_t> offsets;  // one per user, plus the end
  std::vector<uint32_t> groups;
  std::vector<uint32_t> count;
};

Memberships MembershipsOf(const Workspace& ws) {
  const uint32_t user_count = static_cast<uint32_t>(ws.users.size());
  Memberships ms;
  ms.offsets.assign(user_count + 1, 0);
  std::vector<uint32_t> member_users;  // per group, its known members, flattened
  std::vector<uint32_t> group_end(ws.groups.size(), 0);
  for (size_t g = 0; g < ws.groups.size(); ++g) {
    for (const Ref& member : ws.groups[g].members) {
      const User* u = ws.FindUser(member.name);
      if (!u) continue;
      member_users.push_back(static_cast<uint32_t>(u - ws.users.data()));
    }
    group_end[g] = static_cast<uint32_t>(member_users.size());
  }
  for (uint32_t u : member_users) ++ms.offsets[u + 1];
  for (uint32_t u = 0; u < user_count; ++u) ms.offsets[u + 1] += ms.offsets[u];
  ms.groups.resize(member_users.size());
  {
    std::vector<uint32_t> fill(ms.offsets.begin(), ms.offsets.end() - 1);
    size_t k = 0;
    for (size_t g = 0; g < ws.groups.size(); ++g) {
      for (; k < group_end[g]; ++k) ms.groups[fill[member_users[k]]++] = static_cast<uint32_t>(g);
    }
  }
  // Groups were appended in increasing order: each user's list is sorted;
  // drop a user listed twice in one group.
  ms.count.assign(user_count, 0);
  for (uint32_t u = 0; u < user_count; ++u) {
    uint32_t* begin = ms.groups.data() + ms.offsets[u];
    uint32_t* end = ms.groups.data() + ms.offsets[u + 1];
    ms.count[u] = static_cast<uint32_t>(std::unique(begin, end) - begin);
  }
  return ms;
}

// Users grouped into profiles by role, disabled flag and groups, numbered in
// order of their first user (users are sorted); each user's profile goes to
// `user_profile`. The profiles' access is not filled in yet (FillProfiles).
std::vector<Profile> GroupIntoProfiles(const Workspace& ws, AccessRules rules,
                                       const Memberships& ms, std::vector<uint32_t>* user_profile) {
  const uint32_t user_count = static_cast<uint32_t>(ws.users.size());
  std::vector<Profile> profiles;
  user_profile->resize(user_count);
  std::unordered_map<MembershipKey, uint32_t, MembershipHash> index;
  index.reserve(user_count);
  for (uint32_t u = 0; u < user_count; ++u) {
    const User& user = ws.users[u];
    const bool no_role = !user.role.has_value();
    const UserRole role = user.role.value_or(UserRole::kBuilder);
    const uint32_t flags =
        static_cast<uint32_t>(role) | (user.disabled ? 4u : 0u) | (no_role ? 8u : 0u);
    MembershipKey key{flags, ms.groups.data() + ms.offsets[u], ms.count[u]};
    auto [it, inserted] = index.emplace(key, static_cast<uint32_t>(profiles.size()));
    if (inserted) {
      Profile p;
      p.rules = rules;
      p.role = role;
      p.disabled = user.disabled;
      p.no_role = no_role;
      p.groups.assign(key.groups, key.groups + key.count);
      profiles.push_back(std::move(p));
    }
    (*user_profile)[u] = it->second;
  }
  std::vector<uint32_t> sizes(profiles.size(), 0);
  for (uint32_t p : *user_profile) ++sizes[p];
  for (size_t p = 0; p < sizes.size(); ++p) profiles[p].users.reserve(sizes[p]);
  for (uint32_t u = 0; u < user_count; ++u) profiles[(*user_profile)[u]].users.push_back(u);
  return profiles;
}

// Each profile's access: nothing for disabled users and users without a
// valid role (R7), everything for admins (R6), else the fold of its role's
// and groups' tables (FoldProfile).
void FillProfiles(const Workspace& ws, AccessRules rules, ColumnMask all,
                  std::vector<Profile>* profiles) {
  std::vector<GrantTable> group_tables;
  group_tables.reserve(ws.groups.size());
  for (const Group& g : ws.groups) {
    group_tables.push_back(BuildTable(ws, rules, g.permissions, g.apps, g.data_sources));
  }
  const GrantTable builder =
      BuildTable(ws, rules, ws.builder.permissions, ws.builder.apps, ws.builder.data_sources);
  const GrantTable end_user =
      BuildTable(ws, rules, ws.end_user.permissions, ws.end_user.apps, ws.end_user.data_sources);

  Scratch scratch;
  for (Profile& p : *profiles) {
    if (p.disabled || p.no_role) continue;  // R7: nothing at all
    if (p.role == UserRole::kAdmin) {       // R6: everything
      p.default_access = Access{Level::kEdit, all};
      p.permissions = (1u << kWorkspacePermissionCount) - 1;
      p.default_data_source = DataSourceLevel::kConfigure;
      continue;
    }
    FoldProfile(ws, p.role == UserRole::kEndUser ? end_user : builder, group_tables, &p, &scratch);
  }
}

}  // namespace

AccessMatrix AccessMatrix::Compile(const Workspace& ws) { return Compile(ws, ws.access_rules); }

AccessMatrix AccessMatrix::Compile(const AccessMatrix& other, AccessRules rules) {
  AccessMatrix m;
  m.ws_ = other.ws_;
  m.rules_ = rules;
  m.environment_count_ = other.environment_count_;
  m.user_profile_ = other.user_profile_;
  m.app_owner_ = other.app_owner_;
  m.released_ = other.released_;
  m.profiles_.reserve(other.profiles_.size());
  for (const Profile& o : other.profiles_) {
    Profile p;
    p.rules = rules;
    p.role = o.role;
    p.disabled = o.disabled;
    p.no_role = o.no_role;
    p.groups = o.groups;
    p.users = o.users;
    m.profiles_.push_back(std::move(p));
  }
  FillProfiles(*m.ws_, rules, m.AllColumns(), &m.profiles_);
  return m;
}

AccessMatrix AccessMatrix::Compile(const Workspace& ws, AccessRules rules) {
  AccessMatrix m;
  m.ws_ = &ws;
  m.rules_ = rules;
  m.environment_count_ = access_internal::EnvironmentCount(ws);
  m.profiles_ = GroupIntoProfiles(ws, rules, MembershipsOf(ws), &m.user_profile_);
  FillProfiles(ws, rules, m.AllColumns(), &m.profiles_);

  // Owners (R6) and released apps (R4).
  m.app_owner_.assign(ws.apps.size(), 0);
  m.released_.assign(ws.apps.size(), false);
  for (size_t a = 0; a < ws.apps.size(); ++a) {
    const App& app = ws.apps[a];
    if (app.owner) {
      if (const User* u = ws.FindUser(app.owner->name)) {
        m.app_owner_[a] = static_cast<uint32_t>(u - ws.users.data()) + 1;
      }
    }
    for (const AppVersion& v : app.versions) {
      if (v.status == VersionStatus::kReleased) m.released_[a] = true;
    }
  }
  return m;
}

}  // namespace stagegate
