// BuildReport: the permission report's content, computed once for every
// format, as typed values (report.h). It joins what the stages computed: the
// matrix and the grants behind its cells (access/) and, with a current
// state, the diff's changes (diff/), matched to the matrix's users, apps,
// columns and data sources by index. Nothing here is text for a reader: the
// renderers word it (report_wording.cc has what they share).
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "render/matrix_text.h"
#include "render/report.h"

namespace stagegate {
namespace {

std::vector<ReportVersion> Versions(const Workspace& ws, const App& app) {
  std::vector<ReportVersion> out;
  for (const AppVersion* v : SortedVersions(ws, app))
    out.push_back({v->name.name, v->environment.name, v->status});
  return out;
}

// The grants of roles and groups that name `app` (GrantsNamingApp), as the
// report lists them.
std::vector<ReportGrant> GrantsOn(const AccessMatrix& m, uint32_t app) {
  std::vector<ReportGrant> out;
  for (const HeldAppGrant& held : GrantsNamingApp(m, app)) {
    const AppGrant& g = *held.grant;
    ReportGrant& r = out.emplace_back();
    r.role = held.kind == GrantSource::Kind::kRole;
    r.holder = std::string(held.holder);
    r.members = held.members;
    r.level = *g.level;
    if (g.environments) {
      r.environments.emplace();
      for (const Ref& e : *g.environments) r.environments->push_back(e.name);
    }
    r.all_apps = g.all_apps;
    r.hide_from_dashboard = g.hide_from_dashboard;
    r.location = g.location;
  }
  return out;
}

// The diff's changes by the desired matrix's indexes. The diff names users,
// apps, columns and data sources; a name the desired side does not have
// (removed there) has no row, column or user view to mark, so it is left out
// here, as the lists of changes keep it.
class ChangeIndex {
 public:
  ChangeIndex(const Diff* diff, const AccessMatrix& m) {
    if (diff == nullptr) return;
    for (const CellChange& c : diff->cells) {
      std::optional<uint32_t> user = m.UserIndex(c.user), app = m.AppIndex(c.app);
      std::optional<size_t> column = m.ColumnIndex(c.column);
      if (user && app && column) cells_.emplace(std::make_tuple(*user, *app, *column), &c);
    }
    for (const EligibilityChange& e : diff->eligibility) {
      std::optional<uint32_t> user = m.UserIndex(e.user), app = m.AppIndex(e.app);
      if (user && app) eligibility_.emplace(*user, *app, e.what);
    }
    for (const PermissionChange& p : diff->permissions) {
      if (std::optional<uint32_t> user = m.UserIndex(p.user)) permissions_[*user].push_back(&p);
    }
    for (const DataSourceAccessChange& d : diff->data_sources) {
      std::optional<uint32_t> user = m.UserIndex(d.user), source = m.DataSourceIndex(d.data_source);
      if (user && source) data_sources_.emplace(std::make_pair(*user, *source), &d);
    }
    for (const PublicChange& p : diff->public_apps) public_[p.app] = p.before;
  }

  // What anyone got on app `name` before, when it changed (R13).
  std::optional<PublicAccess> Public(const std::string& name) const {
    auto it = public_.find(name);
    if (it == public_.end()) return std::nullopt;
    return it->second;
  }

  // The change of cell (user, app, column), or nullptr.
  const CellChange* Cell(uint32_t user, uint32_t app, size_t column) const {
    auto it = cells_.find(std::make_tuple(user, app, column));
    return it == cells_.end() ? nullptr : it->second;
  }
  bool EligibilityChanged(uint32_t user, uint32_t app, Eligibility what) const {
    return eligibility_.count(std::make_tuple(user, app, what)) > 0;
  }
  // A user's permission changes, in the diff's order.
  const std::vector<const PermissionChange*>& Permissions(uint32_t user) const {
    auto it = permissions_.find(user);
    return it == permissions_.end() ? none_ : it->second;
  }
  const DataSourceAccessChange* DataSource(uint32_t user, uint32_t data_source) const {
    auto it = data_sources_.find(std::make_pair(user, data_source));
    return it == data_sources_.end() ? nullptr : it->second;
  }

 private:
  std::map<std::tuple<uint32_t, uint32_t, size_t>, const CellChange*> cells_;
  std::set<std::tuple<uint32_t, uint32_t, Eligibility>> eligibility_;
  std::map<uint32_t, std::vector<const PermissionChange*>> permissions_;
  std::map<std::pair<uint32_t, uint32_t>, const DataSourceAccessChange*> data_sources_;
  std::map<std::string, PublicAccess> public_;
  std::vector<const PermissionChange*> none_;
};

// The workspace's counts and names (the summary and the table headers).
void AddWorkspace(const ReportInput& in, Report& r) {
  const AccessMatrix& m = *in.matrix;
  const Workspace& ws = m.workspace();
  r.workspace = ws.name.name;
  r.title = in.title;
  r.desired_label = in.desired_label;
  r.version = in.version;
  r.date = in.date;
  r.sources = in.sources;
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
}

// Every user's groups, workspace permissions and data source access; their
// apps are added by AddApp.
void AddUsers(const AccessMatrix& m, const ChangeIndex& changes, Report& r) {
  const Workspace& ws = m.workspace();
  r.user_views.resize(ws.users.size());
  for (uint32_t u = 0; u < ws.users.size(); ++u) {
    const User& user = ws.users[u];
    ReportUser& view = r.user_views[u];
    view.user = u;
    view.role = user.role;
    view.disabled = user.disabled;
    view.groups = m.GroupsOf(u);
    for (int p = 0; p < kWorkspacePermissionCount; ++p) {
      auto permission = static_cast<WorkspacePermission>(p);
      if (m.HasPermission(u, permission)) view.permissions.push_back(permission);
    }
    for (const PermissionChange* p : changes.Permissions(u))
      view.permission_changes.push_back({p->permission, p->direction});
    for (uint32_t d = 0; d < ws.data_sources.size(); ++d) {
      ReportDataSourceAccess& access = view.data_sources.emplace_back();
      access.now = m.DataSourceAccess(u, d);
      if (const DataSourceAccessChange* change = changes.DataSource(u, d)) {
        access.changed = true;
        access.before = change->before;
      }
    }
  }
}

// User `u`'s row of app `a`: every column, the grants behind those held, and
// what changed.
ReportRow RowOf(const AccessMatrix& m, const ChangeIndex& changes, CellGrants& grants,
                uint32_t u, uint32_t a) {
  ReportRow row;
  row.user = u;
  row.owner = m.OwnerOf(a) == u;
  std::optional<uint32_t> first;  // the grants of column 0, computed once a cell is held
  for (size_t c = 0; c < m.column_count(); ++c) {
    ReportCell& cell = row.cells.emplace_back();
    cell.now = m.At(u, a, c);
    if (const CellChange* change = changes.Cell(u, a, c)) cell.before = change->before;
    if (cell.now != Capability::kNone) {
      if (!first) first = grants.Of(u, a);
      cell.grants = *first + static_cast<uint32_t>(c);
    }
  }
  row.promote = {m.CanPromote(u, a), changes.EligibilityChanged(u, a, Eligibility::kPromote)};
  row.release = {m.CanRelease(u, a), changes.EligibilityChanged(u, a, Eligibility::kRelease)};
  return row;
}

// App `a`: its facts, its grants and a row per user with some access or a
// change (the others are counted).
void AddApp(const AccessMatrix& m, const ChangeIndex& changes, CellGrants& grants, uint32_t a,
            Report& r) {
  const Workspace& ws = m.workspace();
  const App& app = ws.apps[a];
  ReportApp out;
  out.app = a;
  out.owner = m.OwnerOf(a);
  out.released = m.Released(a);
  out.versions = Versions(ws, app);
  out.grants = GrantsOn(m, a);
  out.hidden = std::any_of(out.grants.begin(), out.grants.end(),
                           [](const ReportGrant& g) { return g.hide_from_dashboard; });
  for (const Ref& d : app.data_sources) out.data_sources.push_back(d.name);
  out.anyone = m.PublicAccessOf(a);  // R13
  for (size_t c = 0; c < m.column_count(); ++c) out.anyone_cells.push_back(m.AnyoneAt(a, c));
  out.anyone_before = changes.Public(app.name);
  for (uint32_t u = 0; u < ws.users.size(); ++u) {
    ReportRow row = RowOf(m, changes, grants, u, a);
    const bool any = std::any_of(row.cells.begin(), row.cells.end(),
                                 [](const ReportCell& c) { return c.now != Capability::kNone; });
    if (!any && !row.changed()) {
      if (!ws.users[u].disabled) ++out.without_access;
      continue;
    }
    if (row.promote.now) out.promoters.push_back(u);
    if (row.release.now) out.releasers.push_back(u);
    r.user_views[u].apps.emplace_back(static_cast<uint32_t>(r.apps.size()),
                                      static_cast<uint32_t>(out.rows.size()));
    out.rows.push_back(std::move(row));
  }
  r.apps.push_back(std::move(out));
}

// How much a change matters to a review (ReportRisk).
ReportRisk RiskOf(const ReportChange& c, bool production) {
  switch (c.kind) {
    case ReportChangeKind::kPublic: return ReportRisk::kPublic;
    case ReportChangeKind::kCell: return production ? ReportRisk::kProduction : ReportRisk::kOther;
    case ReportChangeKind::kPromote:
    case ReportChangeKind::kRelease: return ReportRisk::kPromoteRelease;
    case ReportChangeKind::kPermission:
      return c.permission == WorkspacePermission::kAppPromote ||
                     c.permission == WorkspacePermission::kAppRelease
                 ? ReportRisk::kPromoteRelease
                 : ReportRisk::kOther;
    case ReportChangeKind::kDataSource: return ReportRisk::kOther;
  }
  return ReportRisk::kOther;
}

// The changes by risk, gains before losses within each, else as the diff
// lists them.
void SortByRisk(std::vector<ReportChange>& changes) {
  std::stable_sort(changes.begin(), changes.end(),
                   [](const ReportChange& x, const ReportChange& y) {
                     return std::tie(x.risk, x.direction) < std::tie(y.risk, y.direction);
                   });
}

// The diff's changes, each with the grants behind it: those of the new value
// on a gain (desired side), of the old one on a loss (current side).
void AddChanges(const ReportInput& in, Report& r) {
  const Diff& diff = *in.diff;
  r.compared = true;
  r.current_label = in.current_label;
  r.current_commit = in.current_commit;
  r.current_absent = in.current_absent;
  r.current_sources = in.current_sources;
  r.gains = diff.summary.access_gains;
  r.losses = diff.summary.access_losses;
  r.entity_changes = diff.entities;
  auto add = [&](ReportChangeKind kind, Direction direction, const std::string& user,
                 uint32_t causes) -> ReportChange& {
    ReportChange& c = r.access_changes.emplace_back();
    c.kind = kind;
    c.direction = direction;
    c.user = user;
    const std::vector<Causes>& all =
        direction == Direction::kLoss ? diff.previous_causes : diff.causes;
    if (causes != kNoCauses && causes < all.size()) c.causes = all[causes];
    return c;
  };
  // A permission, promote or release: held after a gain, before a loss.
  auto held = [](ReportChange& c) {
    c.before = c.direction == Direction::kLoss;
    c.after = c.direction == Direction::kGain;
  };
  for (const PublicChange& p : diff.public_apps) {  // R13: anyone's, the widest, first
    ReportChange& out =
        add(ReportChangeKind::kPublic, p.direction, std::string(kAnyone), kNoCauses);
    out.target = p.app;
    out.public_at = p.at;
    out.column = std::string(kReleasedColumn);
    out.before = p.before;
    out.after = p.after;
    out.risk = ReportRisk::kPublic;
  }
  for (const CellChange& c : diff.cells) {
    bool gain = c.direction == Direction::kGain;
    ReportChange& out = add(ReportChangeKind::kCell, c.direction, c.user,
                            gain ? c.causes : c.previous_causes);
    out.target = c.app;
    out.column = c.column;
    out.before = c.before;
    out.after = c.after;
    out.risk = RiskOf(out, c.production);
  }
  for (const PermissionChange& p : diff.permissions) {
    ReportChange& out = add(ReportChangeKind::kPermission, p.direction, p.user, p.causes);
    out.permission = p.permission;
    out.risk = RiskOf(out, false);
    held(out);
  }
  for (const EligibilityChange& e : diff.eligibility) {
    ReportChangeKind kind =
        e.what == Eligibility::kPromote ? ReportChangeKind::kPromote : ReportChangeKind::kRelease;
    ReportChange& out = add(kind, e.direction, e.user, e.causes);
    out.target = e.app;
    out.risk = ReportRisk::kPromoteRelease;
    held(out);
  }
  for (const DataSourceAccessChange& d : diff.data_sources) {
    ReportChange& out = add(ReportChangeKind::kDataSource, d.direction, d.user, d.causes);
    out.target = d.data_source;
    out.before = d.before;
    out.after = d.after;
  }
  SortByRisk(r.access_changes);
}

}  // namespace

Direction ReportCell::change() const {
  return before && *before < now ? Direction::kGain : Direction::kLoss;
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
  Report r;
  AddWorkspace(in, r);
  const ChangeIndex changes(in.diff, m);
  AddUsers(m, changes, r);
  CellGrants grants(m);
  for (uint32_t a = 0; a < m.workspace().apps.size(); ++a) AddApp(m, changes, grants, a, r);
  r.cell_grants = grants.Take();
  for (const Diagnostic& d : in.findings->items())
    r.findings.push_back({d.severity, d.code, d.location, d.message});
  r.errors = in.findings->error_count();
  r.warnings = in.findings->warning_count();
  if (in.diff != nullptr) AddChanges(in, r);
  return r;
}

}  // namespace stagegate
