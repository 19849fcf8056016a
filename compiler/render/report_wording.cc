// The report's wording that every format shares: what a capability means,
// how a value, a change, a grant's environments and the grants behind a cell
// read. The model (report_model.cc) holds typed values; these turn them into
// text, so HTML, Markdown, CSV and JSON say the same thing.
#include <fmt/format.h>

#include "render/plan_common.h"
#include "render/report.h"
#include "source/headline.h"

namespace stagegate {

using plan_render::DescribeCauses;

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
  return DescribeCauses(change.causes, loss ? report.current_sources : report.sources);
}

CellGrantsText::CellGrantsText(const Report& report) {
  text_.reserve(report.cell_grants.size());
  for (const Causes& grants : report.cell_grants)
    text_.push_back(DescribeCauses(grants, report.sources));
}

}  // namespace stagegate
