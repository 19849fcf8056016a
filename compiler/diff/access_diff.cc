// D2: effective access changes, and what anyone gets on public apps (R13).
// Users, apps, columns and data sources are matched by name across the two
// matrices; the work is done once per distinct
// (current profile, desired profile) pair and expanded to that pair's users,
// with owners' owned apps (R6) recomputed one by one.
#include <algorithm>
#include <iterator>
#include <map>
#include <string>
#include <tuple>
#include <utility>

#include "diff/diff_internal.h"

namespace stagegate::diff_internal {
namespace {

constexpr uint32_t kAbsent = UINT32_MAX;

// One matched name: its index on each side (kAbsent when missing).
struct Match {
  std::string name;
  uint32_t cur = kAbsent;
  uint32_t des = kAbsent;
};

// Merges two name-sorted lists into the sorted union.
template <typename GetA, typename GetB>
std::vector<Match> Merge(size_t na, GetA a, size_t nb, GetB b) {
  std::vector<Match> out;
  size_t i = 0, j = 0;
  while (i < na || j < nb) {
    if (j >= nb || (i < na && a(i) < b(j))) {
      out.push_back({a(i), static_cast<uint32_t>(i), kAbsent});
      ++i;
    } else if (i >= na || b(j) < a(i)) {
      out.push_back({b(j), kAbsent, static_cast<uint32_t>(j)});
      ++j;
    } else {
      out.push_back({a(i), static_cast<uint32_t>(i), static_cast<uint32_t>(j)});
      ++i, ++j;
    }
  }
  return out;
}

// One side's view of a cell: access plus R9/R10.
struct SideCell {
  Access access;
  bool released = false;
  bool promote = false;
  bool release = false;
};

SideCell ProfileCell(const AccessMatrix& m, uint32_t profile, uint32_t app, bool released) {
  SideCell c;
  const Profile& p = m.profiles()[profile];
  c.access = ProfileAccess(p, app);
  c.released = released;
  c.promote = ProfileMay(p, WorkspacePermission::kAppPromote, c.access);
  c.release = ProfileMay(p, WorkspacePermission::kAppRelease, c.access);
  return c;
}

SideCell UserCell(const AccessMatrix& m, uint32_t user, uint32_t app) {
  SideCell c;
  c.access = m.AccessOf(user, app);
  c.released = m.Released(app);
  c.promote = m.CanPromote(user, app);
  c.release = m.CanRelease(user, app);
  return c;
}

struct Column {
  std::string name;
  size_t cur = SIZE_MAX;
  size_t des = SIZE_MAX;
  bool production = false;
};

// A change found for a (pair or owner, app, column) before expansion.
struct RawCell {
  uint32_t app;
  uint16_t column;
  Capability before, after;
  uint32_t causes, previous_causes;
};

struct RawEligibility {
  uint32_t app;
  Eligibility what;
  Direction direction;
  uint32_t causes;
};

class AccessDiffer {
 public:
  AccessDiffer(const AccessMatrix* cur, const AccessMatrix& des, Diff* out)
      : cur_(cur), des_(des), out_(out) {}

  void Run() {
    BuildMatches();
    BuildOwners();
    // Users grouped by (current profile, desired profile).
    std::map<std::pair<uint32_t, uint32_t>, std::vector<uint32_t>> pairs;
    for (uint32_t u = 0; u < users_.size(); ++u) {
      uint32_t pc = users_[u].cur == kAbsent ? kAbsent : cur_->ProfileOf(users_[u].cur);
      uint32_t pd = users_[u].des == kAbsent ? kAbsent : des_.ProfileOf(users_[u].des);
      pairs[{pc, pd}].push_back(u);
    }
    for (const auto& [key, members] : pairs) DiffPair(key.first, key.second, members);
    DiffOwners();
    DiffPublicApps();
    Finish();
  }

 private:
  const Workspace& CurWs() const { return cur_->workspace(); }
  const Workspace& DesWs() const { return des_.workspace(); }

  void BuildMatches() {
    const Workspace* cw = cur_ ? &cur_->workspace() : nullptr;
    const Workspace& dw = des_.workspace();
    users_ = Merge(
        cw ? cw->users.size() : 0, [&](size_t i) { return cw->users[i].key; }, dw.users.size(),
        [&](size_t i) { return dw.users[i].key; });
    apps_ = Merge(
        cw ? cw->apps.size() : 0, [&](size_t i) { return cw->apps[i].name; }, dw.apps.size(),
        [&](size_t i) { return dw.apps[i].name; });
    data_sources_ = Merge(
        cw ? cw->data_sources.size() : 0, [&](size_t i) { return cw->data_sources[i].name; },
        dw.data_sources.size(), [&](size_t i) { return dw.data_sources[i].name; });
    cur_data_source_.assign(cw ? cw->data_sources.size() : 0, kAbsent);
    des_data_source_.assign(dw.data_sources.size(), kAbsent);
    for (uint32_t d = 0; d < data_sources_.size(); ++d) {
      if (data_sources_[d].cur != kAbsent) cur_data_source_[data_sources_[d].cur] = d;
      if (data_sources_[d].des != kAbsent) des_data_source_[data_sources_[d].des] = d;
    }
    cur_app_.assign(cw ? cw->apps.size() : 0, kAbsent);
    des_app_.assign(dw.apps.size(), kAbsent);
    for (uint32_t a = 0; a < apps_.size(); ++a) {
      if (apps_[a].cur != kAbsent) cur_app_[apps_[a].cur] = a;
      if (apps_[a].des != kAbsent) des_app_[apps_[a].des] = a;
    }
    // Columns: desired environments, then current-only ones, then released.
    for (size_t c = 0; c + 1 < des_.column_count(); ++c) {
      Column col{std::string(des_.ColumnName(c)), SIZE_MAX, c, c + 2 == des_.column_count()};
      if (cur_) {
        if (auto i = cur_->ColumnIndex(col.name)) col.cur = *i;
      }
      columns_.push_back(col);
    }
    if (cur_) {
      for (size_t c = 0; c + 1 < cur_->column_count(); ++c) {
        std::string name(cur_->ColumnName(c));
        if (!des_.ColumnIndex(name)) columns_.push_back({name, c, SIZE_MAX, false});
      }
    }
    columns_.push_back({std::string(kReleasedColumn), cur_ ? cur_->released_column() : SIZE_MAX,
                        des_.released_column(), true});
    // With the same columns in the same order on both sides, a capability
    // depends only on the (finished) access and the released flag (R4).
    same_columns_ = cur_ != nullptr && cur_->column_count() == des_.column_count() &&
                    std::all_of(columns_.begin(), columns_.end(),
                                [](const Column& c) { return c.cur == c.des; });
    // Data sources on one side only: every profile's default reaches them on
    // that side alone.
    for (uint32_t s = 0; s < data_sources_.size(); ++s) {
      if (data_sources_[s].cur == kAbsent || data_sources_[s].des == kAbsent) {
        one_sided_data_sources_.push_back(s);
      }
    }
    // Apps no explicit grant names fall into classes with the same existence
    // and released flags on both sides; one evaluation serves each class.
    for (uint32_t a = 0; a < apps_.size(); ++a) {
      classes_[ClassOf(a)].push_back(a);
    }
  }

  int ClassOf(uint32_t a) const {
    const Match& m = apps_[a];
    int k = 0;
    if (m.cur != kAbsent) k |= 1 | (cur_->Released(m.cur) ? 2 : 0);
    if (m.des != kAbsent) k |= 4 | (des_.Released(m.des) ? 8 : 0);
    return k;
  }

  void BuildOwners() {
    owned_.assign(users_.size(), {});
    std::map<std::string, uint32_t> user_by_key;  // only owners are looked up
    auto add = [&](const AccessMatrix& m, const std::vector<uint32_t>& to_union, bool is_cur) {
      const Workspace& ws = m.workspace();
      for (uint32_t a = 0; a < ws.apps.size(); ++a) {
        auto owner = m.OwnerOf(a);
        if (!owner) continue;
        const std::string& key = ws.users[*owner].key;
        auto it = std::lower_bound(users_.begin(), users_.end(), key,
                                   [](const Match& x, const std::string& k) { return x.name < k; });
        if (it == users_.end() || it->name != key) continue;
        (void)is_cur;
        owned_[it - users_.begin()].push_back(to_union[a]);
      }
    };
    if (cur_) add(*cur_, cur_app_, true);
    add(des_, des_app_, false);
    for (auto& list : owned_) {
      std::sort(list.begin(), list.end());
      list.erase(std::unique(list.begin(), list.end()), list.end());
    }
  }

  bool Owns(uint32_t user, uint32_t app) const {
    const auto& list = owned_[user];
    return std::binary_search(list.begin(), list.end(), app);
  }

  // The grants behind capability `cap` in column `col` of `matrix` (user,
  // app are that side's indexes). Profile grants only unless `explain`
  // (owners: Explain adds the owner and admin entries).
  uint32_t Causes(const AccessMatrix& m, uint32_t user, uint32_t app, size_t col, Capability cap,
                  bool explain, std::vector<stagegate::Causes>* table) {
    if (cap == Capability::kNone) return kNoCauses;
    stagegate::Causes causes;
    if (explain) {
      Explanation e = Explain(m, user, app);
      if (col < e.columns.size()) {
        std::vector<size_t> idx = e.columns[col].level_from;
        idx.insert(idx.end(), e.columns[col].columns_from.begin(), e.columns[col].columns_from.end());
        std::sort(idx.begin(), idx.end());
        idx.erase(std::unique(idx.begin(), idx.end()), idx.end());
        for (size_t i : idx) {
          if (i < e.grants.size()) causes.push_back(e.grants[i]);
        }
      }
    } else {
      const Profile& p = m.profiles()[m.ProfileOf(user)];
      if (p.role == UserRole::kAdmin) {
        GrantSource admin;
        admin.kind = GrantSource::Kind::kAdmin;  // name left empty: shared by every admin
        admin.access = Access{Level::kEdit, m.AllColumns()};
        admin.all_apps = true;
        causes.push_back(admin);
      } else {
        std::vector<GrantSource> grants = GrantsReaching(m, user, app);
        Level level = Level::kNone;
        for (const GrantSource& g : grants) level = std::max(level, g.access.level);
        for (GrantSource& g : grants) {
          bool column = (g.access.columns >> col) & 1u;
          if ((column && g.access.level != Level::kNone) || g.access.level == level) {
            causes.push_back(std::move(g));
          }
        }
      }
    }
    table->push_back(std::move(causes));
    return static_cast<uint32_t>(table->size() - 1);
  }

  // R9 / R10: the permission grant plus the grants giving level edit (with
  // the owner when `explain`); an admin's is R6.
  uint32_t EligibilityCauses(const AccessMatrix& m, uint32_t user, uint32_t app,
                             WorkspacePermission perm, bool explain,
                             std::vector<stagegate::Causes>* table) {
    uint32_t id = PermissionCauses(m, m.ProfileOf(user), perm, table);
    stagegate::Causes& causes = (*table)[id];
    if (!causes.empty() && causes[0].kind == GrantSource::Kind::kAdmin) return id;
    std::vector<GrantSource> grants = explain ? Explain(m, user, app).grants : GrantsReaching(m, user, app);
    for (GrantSource& g : grants) {
      if (g.access.level == Level::kEdit) causes.push_back(std::move(g));
    }
    return id;
  }

  // Compares two side cells of one app over every column; appends raw changes.
  void CompareCells(uint32_t app, const SideCell* c, const SideCell* d, uint32_t cur_user,
                    uint32_t des_user, uint32_t cur_app, uint32_t des_app, bool explain,
                    std::vector<RawCell>* cells, std::vector<RawEligibility>* elig) {
    if (same_columns_ && c && d && c->access == d->access &&
        c->released == d->released && c->promote == d->promote && c->release == d->release) {
      return;  // every column and both flags are the same: most cells of most plans
    }
    for (size_t k = 0; k < columns_.size(); ++k) {
      const Column& col = columns_[k];
      Capability before = c && col.cur != SIZE_MAX
                               ? CapabilityAt(CurWs(), c->access, col.cur, c->released)
                               : Capability::kNone;
      Capability after = d && col.des != SIZE_MAX
                             ? CapabilityAt(DesWs(), d->access, col.des, d->released)
                             : Capability::kNone;
      if (before == after) continue;
      RawCell raw{app, static_cast<uint16_t>(k), before, after, kNoCauses, kNoCauses};
      if (d) raw.causes = Causes(des_, des_user, des_app, col.des, after, explain, &out_->causes);
      if (c && after < before) {
        raw.previous_causes =
            Causes(*cur_, cur_user, cur_app, col.cur, before, explain, &out_->previous_causes);
      }
      cells->push_back(raw);
    }
    auto add = [&](Eligibility what, bool before, bool after) {
      if (before == after) return;
      auto perm = what == Eligibility::kPromote ? WorkspacePermission::kAppPromote
                                                : WorkspacePermission::kAppRelease;
      uint32_t causes =
          after ? EligibilityCauses(des_, des_user, des_app, perm, explain, &out_->causes)
                : EligibilityCauses(*cur_, cur_user, cur_app, perm, explain, &out_->previous_causes);
      elig->push_back({app, what, after ? Direction::kGain : Direction::kLoss, causes});
    };
    add(Eligibility::kPromote, c && c->promote, d && d->promote);
    add(Eligibility::kRelease, c && c->release, d && d->release);
  }

  void DiffPair(uint32_t pc, uint32_t pd, const std::vector<uint32_t>& members) {
    uint32_t cu = users_[members[0]].cur, du = users_[members[0]].des;  // representatives
    // Apps either profile names explicitly (union indexes, sorted).
    // (Each side's cells are sorted by app, and side app indexes map to union
    // indexes in the same order: both are by name.)
    std::vector<uint32_t> cur_apps, des_apps, explicit_apps;
    if (pc != kAbsent) {
      for (const AppCell& cell : cur_->profiles()[pc].apps) cur_apps.push_back(cur_app_[cell.app]);
    }
    if (pd != kAbsent) {
      for (const AppCell& cell : des_.profiles()[pd].apps) des_apps.push_back(des_app_[cell.app]);
    }
    explicit_apps.reserve(cur_apps.size() + des_apps.size());
    std::set_union(cur_apps.begin(), cur_apps.end(), des_apps.begin(), des_apps.end(),
                   std::back_inserter(explicit_apps));
    auto is_explicit = [&](uint32_t a) {
      return std::binary_search(explicit_apps.begin(), explicit_apps.end(), a);
    };
    auto eval = [&](uint32_t a, std::vector<RawCell>* cells, std::vector<RawEligibility>* elig) {
      const Match& m = apps_[a];
      std::optional<SideCell> c, d;
      if (pc != kAbsent && m.cur != kAbsent) c = ProfileCell(*cur_, pc, m.cur, cur_->Released(m.cur));
      if (pd != kAbsent && m.des != kAbsent) d = ProfileCell(des_, pd, m.des, des_.Released(m.des));
      CompareCells(a, c ? &*c : nullptr, d ? &*d : nullptr, cu, du, m.cur, m.des, false, cells, elig);
    };
    std::vector<RawCell> cells;
    std::vector<RawEligibility> elig;
    for (uint32_t a : explicit_apps) eval(a, &cells, &elig);
    // One evaluation per class, through its first app no explicit grant names.
    for (const auto& [cls, list] : classes_) {
      auto rep = std::find_if(list.begin(), list.end(), [&](uint32_t a) { return !is_explicit(a); });
      if (rep == list.end()) continue;
      std::vector<RawCell> class_cells;
      std::vector<RawEligibility> class_elig;
      eval(*rep, &class_cells, &class_elig);
      if (class_cells.empty() && class_elig.empty()) continue;
      for (uint32_t a : list) {
        if (is_explicit(a)) continue;
        for (RawCell rc : class_cells) cells.push_back({a, rc.column, rc.before, rc.after, rc.causes, rc.previous_causes});
        for (RawEligibility re : class_elig) elig.push_back({a, re.what, re.direction, re.causes});
      }
    }
    for (uint32_t u : members) {
      for (const RawCell& rc : cells) {
        if (!Owns(u, rc.app)) Emit(u, rc);
      }
      for (const RawEligibility& re : elig) {
        if (!Owns(u, re.app)) EmitEligibility(u, re);
      }
    }
    DiffPermissions(pc, pd, cu, du, members);
    DiffDataSources(pc, pd, cu, du, members);
  }

  // Owners: their owned apps, one by one, with Explain's causes.
  void DiffOwners() {
    for (uint32_t u = 0; u < users_.size(); ++u) {
      for (uint32_t a : owned_[u]) {
        const Match& user = users_[u];
        const Match& app = apps_[a];
        std::optional<SideCell> c, d;
        if (user.cur != kAbsent && app.cur != kAbsent) c = UserCell(*cur_, user.cur, app.cur);
        if (user.des != kAbsent && app.des != kAbsent) d = UserCell(des_, user.des, app.des);
        std::vector<RawCell> cells;
        std::vector<RawEligibility> elig;
        CompareCells(a, c ? &*c : nullptr, d ? &*d : nullptr, user.cur, user.des, app.cur, app.des,
                     true, &cells, &elig);
        for (const RawCell& rc : cells) Emit(u, rc);
        for (const RawEligibility& re : elig) EmitEligibility(u, re);
      }
    }
  }

  // R13: what anyone gets on each app, side by side.
  void DiffPublicApps() {
    for (const Match& app : apps_) {
      PublicAccess before =
          app.cur != kAbsent ? cur_->PublicAccessOf(app.cur) : PublicAccess::kNone;
      PublicAccess after =
          app.des != kAbsent ? des_.PublicAccessOf(app.des) : PublicAccess::kNone;
      if (before == after) continue;
      const Direction direction = after > before ? Direction::kGain : Direction::kLoss;
      const bool gain = direction == Direction::kGain;
      const uint32_t side = gain ? app.des : app.cur;
      Location at;
      if (side != kAbsent) {
        const App& decided = (gain ? des_ : *cur_).workspace().apps[side];
        if (decided.is_public) at = decided.public_location;
      }
      out_->public_apps.push_back({app.name, before, after, direction, at});
    }
    std::stable_sort(out_->public_apps.begin(), out_->public_apps.end(),
                     [](const PublicChange& x, const PublicChange& y) {
                       return x.direction < y.direction;  // gains first; by app within
                     });
  }

  uint32_t PermissionCauses(const AccessMatrix& m, uint32_t profile, WorkspacePermission perm,
                            std::vector<stagegate::Causes>* table) {
    const Workspace& ws = m.workspace();
    const Profile& p = m.profiles()[profile];
    stagegate::Causes causes;
    auto lists = [&](const std::vector<PermissionRef>& refs) {
      return std::find_if(refs.begin(), refs.end(),
                          [&](const PermissionRef& r) { return r.permission == perm; });
    };
    if (p.role == UserRole::kAdmin) {
      GrantSource admin;
      admin.kind = GrantSource::Kind::kAdmin;
      causes.push_back(admin);
    } else if (const Role* role = p.no_role ? nullptr : ws.RoleOf(p.role)) {
      auto it = lists(role->permissions);
      if (it != role->permissions.end()) {
        GrantSource s;
        s.kind = GrantSource::Kind::kRole;
        s.name = role->name.name;
        if (role->configured) s.location = it->location;
        causes.push_back(s);
      }
    }
    for (uint32_t g : p.groups) {
      const Group& group = ws.groups[g];
      auto it = lists(group.permissions);
      if (it != group.permissions.end()) {
        GrantSource s;
        s.kind = GrantSource::Kind::kGroup;
        s.name = group.name;
        s.location = it->location;
        causes.push_back(s);
      }
    }
    table->push_back(std::move(causes));
    return static_cast<uint32_t>(table->size() - 1);
  }

  void DiffPermissions(uint32_t pc, uint32_t pd, uint32_t, uint32_t,
                       const std::vector<uint32_t>& members) {
    uint32_t before = pc == kAbsent ? 0 : cur_->profiles()[pc].permissions;
    uint32_t after = pd == kAbsent ? 0 : des_.profiles()[pd].permissions;
    if (before == after) return;
    for (int i = 0; i < kWorkspacePermissionCount; ++i) {
      bool b = (before >> i) & 1u, a = (after >> i) & 1u;
      if (a == b) continue;
      auto perm = static_cast<WorkspacePermission>(i);
      uint32_t causes = a ? PermissionCauses(des_, pd, perm, &out_->causes)
                          : PermissionCauses(*cur_, pc, perm, &out_->previous_causes);
      for (uint32_t u : members) {
        permissions_.push_back({u, i, a ? Direction::kGain : Direction::kLoss, causes});
      }
    }
  }

  // The data source grants of a profile that give `level` on data source `ds`.
  uint32_t DataSourceCauses(const AccessMatrix& m, uint32_t profile, uint32_t ds,
                            std::optional<DataSourceLevel> level,
                            std::vector<stagegate::Causes>* table) {
    if (!level) return kNoCauses;
    const Workspace& ws = m.workspace();
    const Profile& p = m.profiles()[profile];
    const std::string& name = ws.data_sources[ds].name;
    stagegate::Causes causes;
    auto add = [&](GrantSource::Kind kind, const std::string& owner, bool located,
                   const std::vector<DataSourceGrant>& grants) {
      for (const DataSourceGrant& g : grants) {
        if (g.level != level) continue;
        bool names = g.all_data_sources ||
                     std::any_of(g.data_sources.begin(), g.data_sources.end(),
                                 [&](const Ref& r) { return r.name == name; });
        if (!names) continue;
        GrantSource s;
        s.kind = kind;
        s.name = owner;
        if (located) s.location = g.location;
        s.all_apps = g.all_data_sources;
        causes.push_back(s);
      }
    };
    if (p.role == UserRole::kAdmin) {
      GrantSource admin;
      admin.kind = GrantSource::Kind::kAdmin;
      causes.push_back(admin);
    } else if (const Role* role = p.no_role ? nullptr : ws.RoleOf(p.role)) {
      add(GrantSource::Kind::kRole, role->name.name, role->configured, role->data_sources);
    }
    for (uint32_t g : p.groups) {
      add(GrantSource::Kind::kGroup, ws.groups[g].name, true, ws.groups[g].data_sources);
    }
    table->push_back(std::move(causes));
    return static_cast<uint32_t>(table->size() - 1);
  }

  static std::optional<DataSourceLevel> DsLevel(const Profile& p, uint32_t ds) {
    auto it = std::lower_bound(p.data_sources.begin(), p.data_sources.end(), ds,
                               [](const DataSourceCell& c, uint32_t d) { return c.data_source < d; });
    if (it != p.data_sources.end() && it->data_source == ds) return it->level;
    return p.default_data_source;
  }

  // The data sources (union indexes, ascending) whose level can differ
  // between profile `pc` and `pd`: those either names, plus, where the two
  // defaults are the same, those on one side only; else every one.
  std::vector<uint32_t> DataSourceCandidates(uint32_t pc, uint32_t pd) const {
    const Profile* cur = pc == kAbsent ? nullptr : &cur_->profiles()[pc];
    const Profile* des = pd == kAbsent ? nullptr : &des_.profiles()[pd];
    std::optional<DataSourceLevel> cur_default, des_default;
    if (cur) cur_default = cur->default_data_source;
    if (des) des_default = des->default_data_source;
    std::vector<uint32_t> out;
    if (cur_default != des_default) {
      out.resize(data_sources_.size());
      for (uint32_t s = 0; s < out.size(); ++s) out[s] = s;
      return out;
    }
    std::vector<uint32_t> named;
    auto add = [&](const Profile* p, bool is_cur) {
      if (!p) return;
      for (const DataSourceCell& cell : p->data_sources) {
        named.push_back(is_cur ? cur_data_source_[cell.data_source] : des_data_source_[cell.data_source]);
      }
    };
    add(cur, true);
    add(des, false);
    if (!cur_default) {
      std::sort(named.begin(), named.end());
      named.erase(std::unique(named.begin(), named.end()), named.end());
      return named;
    }
    named.insert(named.end(), one_sided_data_sources_.begin(), one_sided_data_sources_.end());
    std::sort(named.begin(), named.end());
    named.erase(std::unique(named.begin(), named.end()), named.end());
    return named;
  }

  void DiffDataSources(uint32_t pc, uint32_t pd, uint32_t, uint32_t,
                       const std::vector<uint32_t>& members) {
    for (uint32_t s : DataSourceCandidates(pc, pd)) {
      const Match& m = data_sources_[s];
      std::optional<DataSourceLevel> b, a;
      if (pc != kAbsent && m.cur != kAbsent) b = DsLevel(cur_->profiles()[pc], m.cur);
      if (pd != kAbsent && m.des != kAbsent) a = DsLevel(des_.profiles()[pd], m.des);
      if (a == b) continue;
      auto rank = [](const std::optional<DataSourceLevel>& l) { return l ? 1 + static_cast<int>(*l) : 0; };
      Direction dir = rank(a) > rank(b) ? Direction::kGain : Direction::kLoss;
      uint32_t causes = dir == Direction::kGain
                            ? DataSourceCauses(des_, pd, m.des, a, &out_->causes)
                            : DataSourceCauses(*cur_, pc, m.cur, b, &out_->previous_causes);
      for (uint32_t u : members) data_sources_out_.push_back({u, s, b, a, dir, causes});
    }
  }

  struct Cell {
    uint8_t priority;
    uint32_t user;
    RawCell raw;
  };
  struct Perm {
    uint32_t user;
    int permission;
    Direction direction;
    uint32_t causes;
  };
  struct Elig {
    uint32_t user;
    RawEligibility raw;
  };
  struct Ds {
    uint32_t user;
    uint32_t data_source;
    std::optional<DataSourceLevel> before, after;
    Direction direction;
    uint32_t causes;
  };

  void Emit(uint32_t user, const RawCell& rc) {
    bool gain = rc.after > rc.before;
    uint8_t priority = gain ? (columns_[rc.column].production ? 0 : 1) : 2;
    cells_.push_back({priority, user, rc});
  }
  void EmitEligibility(uint32_t user, const RawEligibility& re) { elig_.push_back({user, re}); }

  void Finish() {
    std::sort(cells_.begin(), cells_.end(), [](const Cell& x, const Cell& y) {
      return std::tie(x.priority, x.user, x.raw.app, x.raw.column) <
             std::tie(y.priority, y.user, y.raw.app, y.raw.column);
    });
    Diff& d = *out_;
    d.cells.reserve(cells_.size());
    for (const Cell& c : cells_) {
      CellChange out;
      out.user = users_[c.user].name;
      out.app = apps_[c.raw.app].name;
      out.column = columns_[c.raw.column].name;
      out.before = c.raw.before;
      out.after = c.raw.after;
      out.direction = c.raw.after > c.raw.before ? Direction::kGain : Direction::kLoss;
      out.production = columns_[c.raw.column].production;
      out.causes = c.raw.causes;
      out.previous_causes = c.raw.previous_causes;
      d.cells.push_back(std::move(out));
    }
    std::sort(permissions_.begin(), permissions_.end(), [](const Perm& x, const Perm& y) {
      return std::tie(x.direction, x.user, x.permission) < std::tie(y.direction, y.user, y.permission);
    });
    for (const Perm& p : permissions_) {
      d.permissions.push_back({users_[p.user].name, static_cast<WorkspacePermission>(p.permission),
                               p.direction, p.causes});
    }
    std::sort(elig_.begin(), elig_.end(), [](const Elig& x, const Elig& y) {
      return std::tie(x.raw.direction, x.user, x.raw.app, x.raw.what) <
             std::tie(y.raw.direction, y.user, y.raw.app, y.raw.what);
    });
    for (const Elig& e : elig_) {
      d.eligibility.push_back(
          {users_[e.user].name, apps_[e.raw.app].name, e.raw.what, e.raw.direction, e.raw.causes});
    }
    std::sort(data_sources_out_.begin(), data_sources_out_.end(), [](const Ds& x, const Ds& y) {
      return std::tie(x.direction, x.user, x.data_source) < std::tie(y.direction, y.user, y.data_source);
    });
    for (const Ds& s : data_sources_out_) {
      d.data_sources.push_back({users_[s.user].name, data_sources_[s.data_source].name, s.before,
                                s.after, s.direction, s.causes});
    }
  }

  const AccessMatrix* cur_;
  const AccessMatrix& des_;
  Diff* out_;
  std::vector<Match> users_, apps_, data_sources_;
  std::vector<uint32_t> cur_app_, des_app_;  // side app index -> union index
  std::vector<uint32_t> cur_data_source_, des_data_source_;  // side index -> union index
  std::vector<uint32_t> one_sided_data_sources_;             // union indexes
  std::vector<Column> columns_;
  bool same_columns_ = false;
  std::map<int, std::vector<uint32_t>> classes_;
  std::vector<std::vector<uint32_t>> owned_;  // per union user: owned union apps (either side)
  std::vector<Cell> cells_;
  std::vector<Perm> permissions_;
  std::vector<Elig> elig_;
  std::vector<Ds> data_sources_out_;
};

}  // namespace

void DiffAccess(const AccessMatrix* current, const AccessMatrix& desired, Diff* out) {
  AccessDiffer(current, desired, out).Run();
}

}  // namespace stagegate::diff_internal
