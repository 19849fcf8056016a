// Combined-grant escalation (semantics.md, after R12): R2 takes the highest
// level over all grants and R3 the union of their environments, so two grants
// can give a cell that neither gives alone (edit limited to staging plus view
// in development = edit in development).
//
// Levels are only view and edit, so for a builder a cell escalates exactly
// when some grant gives edit, no edit grant covers the column and a view
// grant does (the `released` column shows `use` whatever the level, and
// end-users never hold edit, R5). That needs two column masks per (profile,
// app), folded from per-group tables the way AccessMatrix::Compile folds its
// cells, so the check costs what compiling the matrix costs. Only escalated
// cells are attributed to grants (looked up in the same tables), and findings
// are reported once per edit grant that gets widened, listing the grants that
// widen it, the cells, apps and users: a readable number of warnings for a big
// organisation.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "checks/access_internal.h"
#include "source/wording.h"

namespace stagegate {
namespace access_checks_internal {
namespace {

// One app grant of the builder role or of a group, numbered in the order
// GrantsReaching lists them (role first, then groups by name).
struct GrantInfo {
  const AppGrant* entry = nullptr;
  GrantSource::Kind kind = GrantSource::Kind::kGroup;
  std::string_view name;
  bool edit = false;
  ColumnMask columns = 0;  // R3 for a builder: no `environments` = every column (S1 applied)
};

// The view and edit columns of one or more grants on one app.
struct Masks {
  bool edit = false;  // some grant gives edit, whatever its columns
  ColumnMask edit_columns = 0;
  ColumnMask view_columns = 0;

  void Add(const GrantInfo& g) {
    if (g.edit) {
      edit = true;
      edit_columns |= g.columns;
    } else {
      view_columns |= g.columns;
    }
  }
  void Add(const Masks& m) {
    edit = edit || m.edit;
    edit_columns |= m.edit_columns;
    view_columns |= m.view_columns;
  }
  // Environment columns (never `released`) where the combination gives edit
  // level but no edit grant reaches.
  ColumnMask Escalated(ColumnMask environments) const {
    return edit ? static_cast<ColumnMask>(view_columns & ~edit_columns & environments) : 0;
  }
};

struct TableCell {
  uint32_t app;
  Masks masks;
  uint32_t first;  // the cell's grants: pool[first, first + count)
  uint32_t count;
};

// One role's or group's app grants, resolved.
struct Table {
  Masks star;
  std::vector<uint32_t> star_grants;
  std::vector<TableCell> cells;  // sorted by app
  std::vector<uint32_t> pool;
  bool any_edit = false, any_view = false;  // among its grants

  const TableCell* Find(uint32_t app) const {
    auto it = std::lower_bound(cells.begin(), cells.end(), app,
                               [](const TableCell& c, uint32_t a) { return c.app < a; });
    return it != cells.end() && it->app == app ? &*it : nullptr;
  }
};

struct MergedCell {
  uint32_t app;
  Masks masks;
};

// What is reported for one widened edit grant.
struct Finding {
  std::vector<uint32_t> column_grants;  // grants that widen it (sorted, unique at the end)
  std::vector<uint32_t> apps;           // explicitly reached apps (sorted, unique at the end)
  bool every_app = false;               // the combination is on "*" grants only
  std::vector<uint32_t> profiles;
  ColumnMask columns = 0;
};

class Escalation {
 public:
  explicit Escalation(Context& ctx) : ctx_(ctx), ws_(ctx.ws), m_(ctx.matrix) {
    const size_t envs = m_.column_count() - 1;
    environments_ = static_cast<ColumnMask>((1u << envs) - 1);
    if (const Role* role = ws_.RoleOf(UserRole::kBuilder)) {
      role_ = Build(GrantSource::Kind::kRole, RoleName(UserRole::kBuilder), role->apps,
                    role->configured);
    }
    groups_.reserve(ws_.groups.size());
    for (const Group& g : ws_.groups) {
      groups_.push_back(Build(GrantSource::Kind::kGroup, g.name, g.apps, true));
    }
  }

  void Run() {
    const auto& profiles = m_.profiles();
    for (uint32_t i = 0; i < profiles.size(); ++i) {
      const Profile& p = profiles[i];
      // Admins hold everything (R6); end-users never edit (R5); disabled
      // users and users without a valid role hold nothing (R7).
      if (p.disabled || p.no_role || p.role != UserRole::kBuilder || p.users.empty()) continue;
      // A cell escalates only where an edit grant and a view grant meet.
      bool edit = role_.any_edit, view = role_.any_view;
      for (uint32_t g : p.groups) {
        edit = edit || groups_[g].any_edit;
        view = view || groups_[g].any_view;
      }
      if (edit && view) Examine(i, p);
    }
    for (auto& [grant, finding] : findings_) Report(grant, finding);
  }

 private:
  ColumnMask Columns(const AppGrant& g) const {
    if (!g.environments) return m_.AllColumns();
    ColumnMask mask = 0;
    for (const Ref& env : *g.environments) {
      std::optional<size_t> column = m_.ColumnIndex(env.name);
      if (column) mask |= static_cast<ColumnMask>(1u << *column);
    }
    return mask;
  }

  Table Build(GrantSource::Kind kind, std::string_view name, const std::vector<AppGrant>& apps,
              bool located) {
    Table t;
    std::vector<std::pair<uint32_t, uint32_t>> named;  // (app, grant)
    for (const AppGrant& g : apps) {
      if (!g.level) continue;
      const uint32_t id = static_cast<uint32_t>(grants_.size());
      const bool edit = *g.level == AppLevel::kEdit;
      ColumnMask columns = Columns(g);
      // S1: on ToolJet's server an edit grant always covers the first
      // environment, so a view grant there widens nothing.
      if (edit && m_.rules() == AccessRules::kServer) columns |= 1u;
      grants_.push_back(GrantInfo{located ? &g : nullptr, kind, name, edit, columns});
      (edit ? t.any_edit : t.any_view) = true;
      if (g.all_apps) {
        t.star.Add(grants_.back());
        t.star_grants.push_back(id);
        continue;
      }
      for (const Ref& ref : g.apps) {
        if (std::optional<uint32_t> app = m_.AppIndex(ref.name)) named.emplace_back(*app, id);
      }
    }
    std::sort(named.begin(), named.end());
    named.erase(std::unique(named.begin(), named.end()), named.end());
    for (size_t i = 0; i < named.size();) {
      TableCell cell{named[i].first, {}, static_cast<uint32_t>(t.pool.size()), 0};
      for (; i < named.size() && named[i].first == cell.app; ++i) {
        cell.masks.Add(grants_[named[i].second]);
        t.pool.push_back(named[i].second);
        ++cell.count;
      }
      t.cells.push_back(cell);
    }
    return t;
  }

  // Folds a table's cells into merged_ (both sorted by app).
  void Merge(const Table& t) {
    if (t.cells.empty()) return;
    scratch_.clear();
    size_t i = 0, j = 0;
    while (i < merged_.size() || j < t.cells.size()) {
      if (j == t.cells.size() || (i < merged_.size() && merged_[i].app < t.cells[j].app)) {
        scratch_.push_back(merged_[i++]);
      } else if (i == merged_.size() || t.cells[j].app < merged_[i].app) {
        scratch_.push_back(MergedCell{t.cells[j].app, t.cells[j].masks});
        ++j;
      } else {
        MergedCell c = merged_[i++];
        c.masks.Add(t.cells[j++].masks);
        scratch_.push_back(c);
      }
    }
    std::swap(merged_, scratch_);
  }

  void Examine(uint32_t index, const Profile& p) {
    Masks star = role_.star;
    merged_.clear();
    Merge(role_);
    for (uint32_t g : p.groups) {
      star.Add(groups_[g].star);
      Merge(groups_[g]);
    }
    for (const MergedCell& cell : merged_) {
      Masks masks = cell.masks;
      masks.Add(star);
      ColumnMask escalated = masks.Escalated(environments_);
      if (!escalated) continue;
      // A lone owner has edit everywhere anyway (R6).
      if (p.users.size() == 1 && m_.OwnerOf(cell.app) == p.users.front()) continue;
      Attribute(index, p, cell.app, false, escalated);
    }
    ColumnMask escalated = star.Escalated(environments_);
    if (escalated && merged_.size() < ws_.apps.size()) {
      Attribute(index, p, 0, true, escalated);
    }
  }

  // Finds the grants behind an escalated cell: the first edit grant (all of
  // them miss the columns) and, per column, the first view grant covering it.
  void Attribute(uint32_t index, const Profile& p, uint32_t app, bool star_only,
                 ColumnMask escalated) {
    reaching_.clear();
    auto gather = [&](const Table& t) {
      reaching_.insert(reaching_.end(), t.star_grants.begin(), t.star_grants.end());
      if (star_only) return;
      if (const TableCell* cell = t.Find(app)) {
        reaching_.insert(reaching_.end(), t.pool.begin() + cell->first,
                         t.pool.begin() + cell->first + cell->count);
      }
    };
    gather(role_);
    for (uint32_t g : p.groups) gather(groups_[g]);
    std::sort(reaching_.begin(), reaching_.end());
    uint32_t level = UINT32_MAX;
    for (uint32_t id : reaching_) {
      if (grants_[id].edit) {
        level = id;
        break;
      }
    }
    if (level == UINT32_MAX) return;
    Finding& f = findings_[level];
    for (size_t col = 0; col + 1 < m_.column_count(); ++col) {
      if (!(escalated & (1u << col))) continue;
      for (uint32_t id : reaching_) {
        if (!grants_[id].edit && (grants_[id].columns & (1u << col))) {
          f.column_grants.push_back(id);
          break;
        }
      }
    }
    f.columns |= escalated;
    if (star_only) {
      f.every_app = true;
    } else {
      f.apps.push_back(app);
    }
    if (f.profiles.empty() || f.profiles.back() != index) f.profiles.push_back(index);
  }

  std::string Describe(const GrantInfo& g) const {
    return fmt::format("{} {}", g.edit ? "edit" : "view", ColumnPhrase(m_, g.columns));
  }

  std::string Name(const GrantInfo& g) const {
    return fmt::format("{} '{}'", g.kind == GrantSource::Kind::kRole ? "role" : "group", g.name);
  }

  void Report(uint32_t level_id, Finding& f) {
    auto unique = [](std::vector<uint32_t>& v) {
      std::sort(v.begin(), v.end());
      v.erase(std::unique(v.begin(), v.end()), v.end());
    };
    unique(f.column_grants);
    unique(f.apps);
    unique(f.profiles);
    const GrantInfo& l = grants_[level_id];
    // Cells: "edit in 'development' and run in 'production'".
    std::vector<std::string> cells;
    for (size_t col = 0; col + 1 < m_.column_count(); ++col) {
      if (!(f.columns & (1u << col))) continue;
      cells.push_back(fmt::format("{} in '{}'", col == 0 ? "edit" : "run", m_.ColumnName(col)));
    }
    const std::string cell_text = JoinAnd(cells);
    std::string apps;
    if (f.every_app) {
      apps = "every app";
    } else {
      std::vector<std::string_view> names;
      for (size_t i = 0; i < f.apps.size() && i < kListedNames; ++i) {
        names.push_back(ws_.apps[f.apps[i]].name);
      }
      apps = fmt::format("{} {}", PluralWord(f.apps.size(), "app", "apps"),
                         QuoteList(names, f.apps.size()));
    }
    std::string message;
    const std::string to = ProfileUserList(m_, f.profiles);
    if (f.column_grants.size() == 1) {
      const GrantInfo& c = grants_[f.column_grants.front()];
      const bool same = c.kind == l.kind && c.name == l.name;
      std::string grants = same ? fmt::format("two grants of {} ({}; {})", Name(l), Describe(l),
                                              Describe(c))
                                : fmt::format("{} ({}) and {} ({})", Name(l), Describe(l),
                                              Name(c), Describe(c));
      message = fmt::format(
          "{} together give {} on {}, which neither gives alone (R2 + R3), to {}; if that is not "
          "intended, narrow one of the grants{}",
          grants, cell_text, apps, to,
          same ? "" : " or keep those users out of one of the groups");
    } else {
      std::vector<std::string> listed;
      const size_t n = f.column_grants.size();
      for (size_t i = 0; i < n && i < kListedNames; ++i) {
        const GrantInfo& c = grants_[f.column_grants[i]];
        listed.push_back(fmt::format("{} ({})", Name(c), Describe(c)));
      }
      std::string others = JoinAnd(listed, n - listed.size());
      if (n > listed.size()) others += " grants";
      message = fmt::format(
          "{} ({}) combined with {} gives {} on {}, which no single grant gives (R2 + R3), to {}; "
          "if that is not intended, narrow the grants or keep those users out of the groups that "
          "combine",
          Name(l), Describe(l), others, cell_text, apps, to);
    }
    Location at = l.entry ? l.entry->level_location : Location{};
    uint32_t width = l.entry ? l.entry->level_width : 1;
    if (!at.valid()) {  // a built-in role: point at the first widening grant
      for (uint32_t id : f.column_grants) {
        if (grants_[id].entry) {
          at = grants_[id].entry->location;
          break;
        }
      }
    }
    Diagnostic& d =
        ctx_.diags.Warning(Code::kCombinedGrantEscalation, at, std::move(message)).Underline(width);
    for (size_t i = 0; i < f.column_grants.size() && i < kListedNames; ++i) {
      const GrantInfo& c = grants_[f.column_grants[i]];
      if (!c.entry || c.entry->location == at) continue;
      d.Related(c.entry->location, fmt::format("{} grants {} here", Name(c), Describe(c)));
    }
  }

  Context& ctx_;
  const Workspace& ws_;
  const AccessMatrix& m_;
  ColumnMask environments_ = 0;
  std::vector<GrantInfo> grants_;
  Table role_;
  std::vector<Table> groups_;
  std::map<uint32_t, Finding> findings_;  // by widened edit grant
  // Scratch, reused across profiles.
  std::vector<MergedCell> merged_, scratch_;
  std::vector<uint32_t> reaching_;
};

}  // namespace

void CheckEscalation(Context& ctx) { Escalation(ctx).Run(); }

}  // namespace access_checks_internal
}  // namespace stagegate
