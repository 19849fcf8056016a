// BuildReport: the permission report's content, computed once for every
// format.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include "render/matrix_text.h"
#include "render/plan_common.h"
#include "render/report.h"
#include "source/headline.h"

namespace stagegate {
namespace {

using plan_render::DescribeCauses;

std::vector<ReportVersion> Versions(const Workspace& ws, const App& app) {
  std::vector<ReportVersion> out;
  for (const AppVersion* v : SortedVersions(ws, app))
    out.push_back({v->name.name, v->environment.name, v->status});
  return out;
}

bool GrantNames(const AppGrant& g, std::string_view app) {
  if (g.all_apps) return true;
  return std::any_of(g.apps.begin(), g.apps.end(), [&](const Ref& r) { return r.name == app; });
}

// The grants of roles and groups that reach `app`, roles first, then groups
// by name, each in list order.
std::vector<ReportGrant> GrantsOn(const AccessMatrix& m, const SourceSet& sources,
                                  const App& app) {
  const Workspace& ws = m.workspace();
  std::vector<ReportGrant> out;
  auto add = [&](bool role, const std::string& holder, size_t members,
                 const std::vector<AppGrant>& grants) {
    for (const AppGrant& g : grants) {
      if (!g.level || !GrantNames(g, app.name)) continue;
      ReportGrant r;
      r.role = role;
      r.holder = holder;
      r.members = members;
      r.level = *g.level;
      if (g.environments) {
        r.environment_list.emplace();
        for (const Ref& e : *g.environments) r.environment_list->push_back(e.name);
      }
      if (!g.environments) {
        r.environments = "(default: all)";
      } else if (g.environments->empty()) {
        r.environments = "(none)";
      } else {
        r.environments = fmt::format("{}", fmt::join(*r.environment_list, ", "));
      }
      r.all_apps = g.all_apps;
      r.hide_from_dashboard = g.hide_from_dashboard;
      r.where = g.location.valid() ? FormatLocation(sources, g.location) : "built in";
      out.push_back(std::move(r));
    }
  };
  for (const Role* role : {&ws.builder, &ws.end_user}) {
    size_t members = static_cast<size_t>(std::count_if(
        ws.users.begin(), ws.users.end(), [&](const User& u) { return u.role == role->role; }));
    add(true, std::string(RoleName(role->role)), members, role->apps);
  }
  for (const Group& g : ws.groups) add(false, g.name, g.members.size(), g.apps);
  return out;
}

// Per column, the grants behind the cell (those that gave the level and
// those whose environments include the column), described once per
// (profile, app, owner) since every user of a profile has the same ones.
class WhyCache {
 public:
  WhyCache(const AccessMatrix& m, const SourceSet& sources) : m_(m), sources_(sources) {}

  const std::vector<std::string>& Of(uint32_t user, uint32_t app) {
    bool owner = m_.OwnerOf(app) == user;
    auto key = std::make_tuple(m_.ProfileOf(user), app, owner);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    Explanation e = Explain(m_, user, app);
    std::vector<std::string> why;
    for (const ColumnExplanation& c : e.columns) {
      if (c.capability == Capability::kNone) {
        why.emplace_back();
        continue;
      }
      std::vector<size_t> from = c.level_from;
      from.insert(from.end(), c.columns_from.begin(), c.columns_from.end());
      std::sort(from.begin(), from.end());
      from.erase(std::unique(from.begin(), from.end()), from.end());
      Causes causes;
      for (size_t i : from) causes.push_back(e.grants[i]);
      why.push_back(DescribeCauses(causes, &sources_));
    }
    return cache_.emplace(key, std::move(why)).first->second;
  }

 private:
  const AccessMatrix& m_;
  const SourceSet& sources_;
  std::map<std::tuple<uint32_t, uint32_t, bool>, std::vector<std::string>> cache_;
};

// The diff's changes, looked up by user (lower-cased e-mail) and target.
struct ChangeIndex {
  std::unordered_map<std::string, const CellChange*> cells;  // user \0 app \0 column
  std::unordered_map<std::string, bool> eligibility;         // user \0 app \0 what -> gained
  std::unordered_map<std::string, std::vector<const PermissionChange*>> permissions;  // by user
  std::unordered_map<std::string, const DataSourceAccessChange*> data_sources;  // user \0 ds

  static std::string Key(std::string_view a, std::string_view b, std::string_view c = {}) {
    std::string key(a);
    key += '\0';
    key += b;
    key += '\0';
    key += c;
    return key;
  }

  explicit ChangeIndex(const Diff* diff) {
    if (diff == nullptr) return;
    for (const CellChange& c : diff->cells) cells.emplace(Key(c.user, c.app, c.column), &c);
    for (const EligibilityChange& e : diff->eligibility)
      eligibility.emplace(Key(e.user, e.app, EligibilityName(e.what)),
                          e.direction == Direction::kGain);
    for (const PermissionChange& p : diff->permissions) permissions[p.user].push_back(&p);
    for (const DataSourceAccessChange& d : diff->data_sources)
      data_sources.emplace(Key(d.user, d.data_source), &d);
  }

  bool EligibilityChanged(const std::string& user, const std::string& app, Eligibility what) const {
    return eligibility.count(Key(user, app, EligibilityName(what))) > 0;
  }
};

void AddChanges(const ReportInput& in, Report& r) {
  const Diff& diff = *in.diff;
  r.compared = true;
  r.current_label = in.current_label;
  r.current_absent = in.current_absent;
  r.gains = diff.summary.access_gains;
  r.losses = diff.summary.access_losses;
  for (const EntityChange& e : diff.entities) {
    ReportEntityChange out;
    out.change = e.change;
    out.title = plan_render::EntityTitle(e);
    if (e.change == ChangeKind::kChanged) {
      for (const FieldChange& f : e.fields) {
        out.fields.push_back(fmt::format("{}: {} -> {}", f.path, plan_render::FieldValue(f, false),
                                         plan_render::FieldValue(f, true)));
      }
    }
    r.entity_changes.push_back(std::move(out));
  }
  auto why = [&](uint32_t causes, bool previous) {
    const std::vector<Causes>& all = previous ? diff.previous_causes : diff.causes;
    if (causes == kNoCauses || causes >= all.size()) return std::string();
    return DescribeCauses(all[causes], previous ? in.current_sources : in.sources);
  };
  // `why` tells what gives the new value on a gain and what gave the old one
  // on a loss: `causes` is of the desired side on a gain, the current side on
  // a loss.
  auto add = [&](ReportChangeKind kind, Direction direction, const std::string& user,
                 uint32_t causes) -> ReportChange& {
    ReportChange& c = r.access_changes.emplace_back();
    c.kind = kind;
    c.direction = direction;
    c.user = user;
    c.why = why(causes, direction == Direction::kLoss);
    return c;
  };
  // A permission, promote or release: held after a gain, before a loss.
  auto held = [](ReportChange& c) {
    c.before = c.direction == Direction::kLoss;
    c.after = c.direction == Direction::kGain;
  };
  for (const CellChange& c : diff.cells) {
    bool gain = c.direction == Direction::kGain;
    ReportChange& out = add(ReportChangeKind::kCell, c.direction, c.user,
                            gain ? c.causes : c.previous_causes);
    out.target = c.app;
    out.column = c.column;
    out.before = c.before;
    out.after = c.after;
  }
  for (const PermissionChange& p : diff.permissions) {
    ReportChange& out = add(ReportChangeKind::kPermission, p.direction, p.user, p.causes);
    out.permission = p.permission;
    held(out);
  }
  for (const EligibilityChange& e : diff.eligibility) {
    ReportChangeKind kind =
        e.what == Eligibility::kPromote ? ReportChangeKind::kPromote : ReportChangeKind::kRelease;
    ReportChange& out = add(kind, e.direction, e.user, e.causes);
    out.target = e.app;
    held(out);
  }
  for (const DataSourceAccessChange& d : diff.data_sources) {
    ReportChange& out = add(ReportChangeKind::kDataSource, d.direction, d.user, d.causes);
    out.target = d.data_source;
    out.before = d.before;
    out.after = d.after;
  }
}

}  // namespace

std::string_view CapabilityMeaning(Capability capability) {
  switch (capability) {
    case Capability::kNone: return "nothing: the app is not accessible here";
    case Capability::kUse: return "open the released app (the released column only)";
    case Capability::kPreview: return "preview the app in this environment; no editing";
    case Capability::kRun:
      return "open and run the app and its queries in this environment; no editing";
    case Capability::kEdit: return "view and edit the app";
  }
  return "";
}

std::string_view YesNo(bool value) { return value ? "yes" : "no"; }

Direction ReportCell::change() const {
  return before && *before < now ? Direction::kGain : Direction::kLoss;
}

std::string_view ReportChangeKindName(ReportChangeKind kind) {
  switch (kind) {
    case ReportChangeKind::kCell: return "cell";
    case ReportChangeKind::kPermission: return "permission";
    case ReportChangeKind::kPromote: return EligibilityName(Eligibility::kPromote);
    case ReportChangeKind::kRelease: return EligibilityName(Eligibility::kRelease);
    case ReportChangeKind::kDataSource: return "data source";
  }
  return "?";
}

std::string_view ReportValueName(const ReportValue& value) {
  if (const Capability* c = std::get_if<Capability>(&value)) return CapabilityName(*c);
  if (const bool* held = std::get_if<bool>(&value)) return YesNo(*held);
  return DataSourceAccessName(std::get<std::optional<DataSourceLevel>>(value));
}

std::string_view ChangeTarget(const ReportChange& c) {
  if (c.kind == ReportChangeKind::kPermission) return WorkspacePermissionName(c.permission);
  return c.target;
}

std::string ChangeWhat(const ReportChange& c) {
  switch (c.kind) {
    case ReportChangeKind::kCell: return c.target;
    case ReportChangeKind::kPermission:
      return fmt::format("workspace permission {}", ChangeTarget(c));
    default: return fmt::format("{} {}", ReportChangeKindName(c.kind), ChangeTarget(c));
  }
}

bool ReportUser::Gained(WorkspacePermission permission) const {
  return std::find(permission_changes.begin(), permission_changes.end(),
                   ReportPermissionChange{permission, Direction::kGain}) !=
         permission_changes.end();
}

std::vector<WorkspacePermission> ReportUser::Lost() const {
  std::vector<WorkspacePermission> lost;
  for (const ReportPermissionChange& p : permission_changes) {
    if (p.direction == Direction::kLoss) lost.push_back(p.permission);
  }
  return lost;
}

bool ReportUser::ShownInDataSources() const {
  return !disabled || std::any_of(data_sources.begin(), data_sources.end(),
                                  [](const ReportDataSourceAccess& d) { return d.changed; });
}

bool ReportRow::changed() const {
  if (promote.changed || release.changed) return true;
  return std::any_of(cells.begin(), cells.end(), [](const ReportCell& c) { return c.before; });
}

Report BuildReport(const ReportInput& in) {
  const AccessMatrix& m = *in.matrix;
  const Workspace& ws = m.workspace();
  const SourceSet& sources = *in.sources;
  Report r;
  r.workspace = ws.name.name.empty() ? "(unnamed)" : ws.name.name;
  r.title = in.title.empty() ? fmt::format("Access report: {}", r.workspace) : in.title;
  r.desired_label = in.desired_label;
  for (const Ref& e : ws.environments) r.environments.push_back(e.name);
  r.version_rules = ws.version_rules;
  r.access_rules = ws.access_rules;
  for (size_t c = 0; c < m.column_count(); ++c) r.columns.emplace_back(m.ColumnName(c));
  r.users = ws.users.size();
  r.disabled_users = static_cast<size_t>(
      std::count_if(ws.users.begin(), ws.users.end(), [](const User& u) { return u.disabled; }));
  r.groups = ws.groups.size();
  r.data_source_count = ws.data_sources.size();
  r.constants = ws.constants.size();
  for (const DataSource& d : ws.data_sources) {
    r.data_sources.push_back(d.name);
    r.data_source_kinds.push_back(d.kind);
  }

  ChangeIndex changes(in.diff);
  WhyCache why(m, sources);
  const size_t columns = m.column_count();

  r.user_views.resize(ws.users.size());
  for (uint32_t u = 0; u < ws.users.size(); ++u) {
    const User& user = ws.users[u];
    ReportUser& view = r.user_views[u];
    view.user = u;
    view.role = user.role;
    view.disabled = user.disabled;
    for (uint32_t g : m.GroupsOf(u)) view.groups.push_back(ws.groups[g].name);
    for (int p = 0; p < kWorkspacePermissionCount; ++p) {
      auto permission = static_cast<WorkspacePermission>(p);
      if (m.HasPermission(u, permission)) view.permissions.push_back(permission);
    }
    auto it = changes.permissions.find(user.key);
    if (it != changes.permissions.end()) {
      for (const PermissionChange* p : it->second)
        view.permission_changes.push_back({p->permission, p->direction});
    }
    for (uint32_t d = 0; d < ws.data_sources.size(); ++d) {
      ReportDataSourceAccess& access = view.data_sources.emplace_back();
      access.now = m.DataSourceAccess(u, d);
      auto dc = changes.data_sources.find(ChangeIndex::Key(user.key, ws.data_sources[d].name));
      if (dc != changes.data_sources.end()) {
        access.changed = true;
        access.before = dc->second->before;
      }
    }
  }

  for (uint32_t a = 0; a < ws.apps.size(); ++a) {
    const App& app = ws.apps[a];
    ReportApp out;
    out.app = a;
    if (std::optional<uint32_t> owner = m.OwnerOf(a)) out.owner = ws.users[*owner].email;
    out.released = m.Released(a);
    out.versions = Versions(ws, app);
    out.grants = GrantsOn(m, sources, app);
    out.hidden = std::any_of(out.grants.begin(), out.grants.end(),
                             [](const ReportGrant& g) { return g.hide_from_dashboard; });
    for (const Ref& d : app.data_sources) out.data_sources.push_back(d.name);
    for (uint32_t u = 0; u < ws.users.size(); ++u) {
      const User& user = ws.users[u];
      ReportRow row;
      row.user = u;
      row.owner = m.OwnerOf(a) == u;
      bool any = false;
      const std::vector<std::string>* reasons = nullptr;
      for (size_t c = 0; c < columns; ++c) {
        ReportCell cell;
        cell.now = m.At(u, a, c);
        auto it = changes.cells.find(ChangeIndex::Key(user.key, app.name, r.columns[c]));
        if (it != changes.cells.end()) cell.before = it->second->before;
        if (cell.now != Capability::kNone) {
          if (reasons == nullptr) reasons = &why.Of(u, a);
          cell.why = (*reasons)[c];
        }
        any = any || cell.now != Capability::kNone;
        row.cells.push_back(std::move(cell));
      }
      row.promote = {m.CanPromote(u, a),
                     changes.EligibilityChanged(user.key, app.name, Eligibility::kPromote)};
      row.release = {m.CanRelease(u, a),
                     changes.EligibilityChanged(user.key, app.name, Eligibility::kRelease)};
      if (!any && !row.changed()) {
        if (!user.disabled) ++out.without_access;
        continue;
      }
      if (row.promote.now) out.promoters.push_back(user.email);
      if (row.release.now) out.releasers.push_back(user.email);
      r.user_views[u].apps.emplace_back(a, static_cast<uint32_t>(out.rows.size()));
      out.rows.push_back(std::move(row));
    }
    r.apps.push_back(std::move(out));
  }

  for (const Diagnostic& d : in.findings->items()) {
    r.findings.push_back({d.severity, d.code, FormatLocation(sources, d.location), d.message});
  }
  r.errors = in.findings->error_count();
  r.warnings = in.findings->warning_count();
  if (in.diff != nullptr) AddChanges(in, r);
  return r;
}

}  // namespace stagegate
