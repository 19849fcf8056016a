// The report's wording that every format shares: what a capability means,
// how a value, a change, a grant's environments and the grants behind a cell
// read. The model (report_model.cc) holds typed values; these turn them into
// text, so HTML, Markdown, CSV and JSON say the same thing.
#include <fmt/format.h>

#include <algorithm>

#include "render/plan_common.h"
#include "render/report.h"
#include "source/headline.h"

namespace stagegate {

using plan_render::DescribeCauses;
using plan_render::PublicSource;

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

std::string_view ReportRiskName(ReportRisk risk) {
  switch (risk) {
    case ReportRisk::kPublic: return "public";
    case ReportRisk::kProduction: return "production";
    case ReportRisk::kPromoteRelease: return "promote/release";
    case ReportRisk::kOther: return "other";
  }
  return "?";
}

std::string_view ReportChangeKindName(ReportChangeKind kind) {
  switch (kind) {
    case ReportChangeKind::kCell: return "cell";
    case ReportChangeKind::kPermission: return "permission";
    case ReportChangeKind::kPromote: return EligibilityName(Eligibility::kPromote);
    case ReportChangeKind::kRelease: return EligibilityName(Eligibility::kRelease);
    case ReportChangeKind::kDataSource: return "data source";
    case ReportChangeKind::kPublic: return "public";
  }
  return "?";
}

std::string_view ReportValueName(const ReportValue& value) {
  if (const Capability* c = std::get_if<Capability>(&value)) return CapabilityName(*c);
  if (const bool* held = std::get_if<bool>(&value)) return YesNo(*held);
  if (const PublicAccess* anyone = std::get_if<PublicAccess>(&value)) {
    return PublicAccessName(*anyone);
  }
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
    case ReportChangeKind::kPublic: return fmt::format("public app {}", ChangeTarget(c));
    default: return fmt::format("{} {}", ReportChangeKindName(c.kind), ChangeTarget(c));
  }
}

std::string PublicNotice(const ReportApp& app) {
  switch (app.anyone) {
    case PublicAccess::kNone:
      return "";
    case PublicAccess::kUse:
      return "PUBLIC: anyone with its link opens the released app without signing in (R13)";
    case PublicAccess::kOnceReleased:
      return "PUBLIC: anyone with its link will open the released app without signing in once "
             "a version is released (R13)";
  }
  return "";
}

std::vector<ReportCell> AnyoneRow(const ReportApp& app) {
  std::vector<ReportCell> out;
  if (app.anyone == PublicAccess::kNone && !app.anyone_before) return out;
  for (size_t c = 0; c < app.anyone_cells.size(); ++c) {
    ReportCell& cell = out.emplace_back();
    cell.now = app.anyone_cells[c];
    // Anyone can hold only `use`, in `released` (the last column).
    const bool released = c + 1 == app.anyone_cells.size();
    Capability before = released && app.anyone_before == PublicAccess::kUse ? Capability::kUse
                                                                              : Capability::kNone;
    if (app.anyone_before && before != cell.now) cell.before = before;
  }
  return out;
}

std::string ReportGrantEnvironments(const ReportGrant& grant) {
  if (!grant.environments) return "(default: all)";
  if (grant.environments->empty()) return "(none)";
  return fmt::format("{}", fmt::join(*grant.environments, ", "));
}

std::string EntityChangeTitle(const EntityChange& change) {
  return plan_render::EntityTitle(change);
}

std::vector<std::string> EntityChangeFields(const EntityChange& change) {
  std::vector<std::string> out;
  if (change.change != ChangeKind::kChanged) return out;  // added, removed: the title says it
  for (const FieldChange& f : change.fields) {
    out.push_back(fmt::format("{}: {} -> {}", f.path, plan_render::FieldValue(f, false),
                              plan_render::FieldValue(f, true)));
  }
  return out;
}

namespace {

// "label: a, b", or "label: none" without items.
template <typename Items>
std::string Listed(std::string_view label, const Items& items) {
  if (items.empty()) return fmt::format("{}: none", label);
  return fmt::format("{}: {}", label, fmt::join(items, ", "));
}

// The names of workspace permissions, in order.
template <typename Permissions, typename Get>
std::vector<std::string_view> PermissionNames(const Permissions& permissions, Get get) {
  std::vector<std::string_view> names;
  for (const auto& p : permissions) names.push_back(WorkspacePermissionName(get(p)));
  return names;
}

// "edit on payroll in development, production" (R3: no environments is
// every one).
std::string AppGrantLine(const AppGrant& g) {
  std::string envs = "every environment (default)";
  if (g.environments) {
    envs = g.environments->empty() ? "no environment"
                                   : fmt::format("{}", fmt::join(NamesOf(*g.environments), ", "));
  }
  std::string apps = g.all_apps ? "all apps" : fmt::format("{}", fmt::join(NamesOf(g.apps), ", "));
  std::string line = fmt::format("app grant: {} on {} in {}",
                                 g.level ? AppLevelName(*g.level) : "(no permission)", apps, envs);
  if (g.hide_from_dashboard) line += " (hidden from the dashboard)";
  return line;
}

std::string DataSourceGrantLine(const DataSourceGrant& g) {
  return fmt::format("data source grant: {} on {}", DataSourceAccessName(g.level),
                     g.all_data_sources ? "all data sources"
                                        : fmt::format("{}", fmt::join(NamesOf(g.data_sources), ", ")));
}

std::vector<std::string> AddedGroup(const Group& g) {
  std::vector<std::string> out;
  out.push_back(Listed("members", NamesOf(g.members)));
  out.push_back(Listed("workspace permissions",
                       PermissionNames(g.permissions,
                                       [](const PermissionRef& p) { return p.permission; })));
  for (const AppGrant& a : g.apps) out.push_back(AppGrantLine(a));
  for (const DataSourceGrant& d : g.data_sources) out.push_back(DataSourceGrantLine(d));
  if (g.apps.empty()) out.push_back("app grants: none");
  return out;
}

// A user's capabilities on one app: "development edit, production run"
// (the columns held).
std::string HeldCells(const Report& r, const ReportRow& row) {
  std::vector<std::string> held;
  for (size_t c = 0; c < row.cells.size(); ++c) {
    if (row.cells[c].now != Capability::kNone)
      held.push_back(fmt::format("{} {}", r.columns[c], CapabilityName(row.cells[c].now)));
  }
  return held.empty() ? "none" : fmt::format("{}", fmt::join(held, ", "));
}

std::vector<std::string> AddedUser(const Report& r, const Workspace& ws, const ReportUser& view) {
  std::vector<std::string> out;
  out.push_back(fmt::format("role: {}", RoleName(view.role)));
  out.push_back(Listed("groups", GroupNames(ws, view.groups)));
  if (view.disabled) out.push_back("disabled: no access (R7)");
  out.push_back(Listed("workspace permissions",
                       PermissionNames(view.permissions, [](WorkspacePermission p) { return p; })));
  for (const auto& [a, row] : view.apps) {
    out.push_back(fmt::format("app {}: {}", ws.apps[r.apps[a].app].name,
                              HeldCells(r, r.apps[a].rows[row])));
  }
  for (uint32_t a : PublicAppsOnlyAsAnyone(r, view)) {
    out.push_back(fmt::format("app {}: released use, as anyone (public, R13)",
                              ws.apps[r.apps[a].app].name));
  }
  return out;
}

}  // namespace

AddedEntityGrants::AddedEntityGrants(const Report& report, const Workspace& ws)
    : report_(report), ws_(ws) {
  for (uint32_t g = 0; g < ws.groups.size(); ++g) groups_.emplace(ws.groups[g].name, g);
  for (uint32_t u = 0; u < ws.users.size(); ++u) users_.emplace(ws.users[u].key, u);
}

std::vector<std::string> AddedEntityGrants::operator()(const EntityChange& change) const {
  if (change.change != ChangeKind::kAdded) return {};
  if (change.kind == EntityKind::kGroup) {
    auto it = groups_.find(change.name);
    if (it != groups_.end()) return AddedGroup(ws_.groups[it->second]);
  }
  if (change.kind == EntityKind::kUser) {
    auto it = users_.find(change.name);
    if (it != users_.end() && it->second < report_.user_views.size())
      return AddedUser(report_, ws_, report_.user_views[it->second]);
  }
  return {};
}

std::string_view ReportAccessRules(const Report& r) {
  return r.access_rules == AccessRules::kServer ? "server (R1-R13 with S1-S6)"
                                                : "documented (R1-R13)";
}

std::string ReportCurrentLabel(const Report& r) {
  if (r.current_commit.empty()) return r.current_label;
  return fmt::format("{} (commit {})", r.current_label, r.current_commit);
}

std::vector<uint32_t> PublicAppsOnlyAsAnyone(const Report& r, const ReportUser& view) {
  std::vector<uint32_t> out;
  if (view.disabled) return out;
  for (uint32_t a = 0; a < r.apps.size(); ++a) {
    // Public, or made private here, and anyone gets (or got) something now.
    const std::vector<ReportCell> anyone = AnyoneRow(r.apps[a]);
    if (std::none_of(anyone.begin(), anyone.end(), [](const ReportCell& c) {
          return c.now != Capability::kNone || c.before;
        })) {
      continue;
    }
    // view.apps is in app order (BuildReport adds the apps in turn).
    auto it = std::lower_bound(view.apps.begin(), view.apps.end(), std::make_pair(a, uint32_t{0}));
    if (it == view.apps.end() || it->first != a) out.push_back(a);
  }
  return out;
}

std::string ReportUserApp::Label(const Workspace& ws, const Report& r) const {
  const std::string& name = ws.apps[r.apps[app].app].name;
  return note.empty() ? name : fmt::format("{} ({})", name, note);
}

std::vector<ReportUserApp> UserApps(const Report& r, const ReportUser& view) {
  std::vector<ReportUserApp> out;
  for (const auto& [a, row] : view.apps) {
    ReportUserApp& line = out.emplace_back();
    line.app = a;
    line.row = &r.apps[a].rows[row];
    line.cells = line.row->cells;
    const ReportApp& app = r.apps[a];
    if (app.anyone == PublicAccess::kNone) continue;
    bool more = false;  // anyone gets more somewhere than the user's own grants
    for (size_t c = 0; c < line.cells.size() && c < app.anyone_cells.size(); ++c)
      more = more || app.anyone_cells[c] > line.cells[c].now;
    line.note = more ? "public: released use as anyone, R13" : "public";
  }
  for (uint32_t a : PublicAppsOnlyAsAnyone(r, view)) {
    ReportUserApp& line = out.emplace_back();
    line.app = a;
    line.cells = AnyoneRow(r.apps[a]);
    line.note = "public: as anyone, R13";
  }
  return out;
}

std::vector<std::string> GroupNames(const Workspace& ws, const std::vector<uint32_t>& groups) {
  std::vector<std::string> out;
  for (uint32_t g : groups) out.push_back(ws.groups[g].name);
  return out;
}

std::vector<std::string> UserEmails(const Workspace& ws, const std::vector<uint32_t>& users) {
  std::vector<std::string> out;
  for (uint32_t u : users) out.push_back(ws.users[u].email);
  return out;
}

std::string_view WorkspaceLabel(const Report& report) {
  return report.workspace.empty() ? "(unnamed)" : std::string_view(report.workspace);
}

std::string ReportTitle(const Report& report) {
  if (!report.title.empty()) return report.title;
  return fmt::format("Access report: {}", WorkspaceLabel(report));
}

std::string ReportLocation(const Report& report, const Location& location) {
  return FormatLocation(*report.sources, location);
}

std::string GrantLocation(const Report& report, const ReportGrant& grant) {
  return grant.location.valid() ? ReportLocation(report, grant.location) : "built in";
}

std::string ChangeGrants(const Report& report, const ReportChange& change) {
  const bool loss = change.direction == Direction::kLoss;
  const SourceSet* sources = loss ? report.current_sources : report.sources;
  if (change.kind == ReportChangeKind::kPublic) return PublicSource(change.public_at, sources);
  return DescribeCauses(change.causes, sources);
}

CellGrantsText::CellGrantsText(const Report& report) {
  text_.reserve(report.cell_grants.size());
  for (const Causes& grants : report.cell_grants)
    text_.push_back(DescribeCauses(grants, report.sources));
}

}  // namespace stagegate
