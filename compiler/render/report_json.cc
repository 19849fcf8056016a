// `report --format json`: the report's content for tools, with the same
// sections as the HTML and Markdown reports (docs/cli.md, report JSON).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "render/report.h"

namespace stagegate {
namespace {

using Json = nlohmann::ordered_json;

Json CellJson(const ReportCell& cell, const CellGrantsText& grants) {
  Json j = {{"capability", CapabilityName(cell.now)}};
  if (cell.before) j["previous"] = CapabilityName(*cell.before);
  if (const std::string& text = grants(cell); !text.empty()) j["grants"] = text;
  return j;
}

Json FlagJson(const ReportFlag& flag) {
  if (!flag.changed) return flag.now;
  return Json{{"now", flag.now}, {"previous", !flag.now}};
}

Json WorkspaceJson(const Report& r) {
  Json j = {{"name", WorkspaceLabel(r)},
            {"environments", r.environments},
            {"versionRules", VersionRulesName(r.version_rules)},
            {"users", r.users},
            {"disabledUsers", r.disabled_users},
            {"groups", r.groups},
            {"apps", r.apps.size()},
            {"dataSources", r.data_source_count},
            {"constants", r.constants}};
  // Only when not the default (documented): existing reports stay as they were.
  if (r.access_rules == AccessRules::kServer) j["accessRules"] = "server";
  return j;
}

Json FindingsJson(const Report& r) {
  Json findings = Json::array();
  for (const ReportFinding& f : r.findings) {
    findings.push_back({{"severity", SeverityName(f.severity)},
                        {"code", CodeName(f.code)},
                        {"location", ReportLocation(r, f.location)},
                        {"message", f.message}});
  }
  return {{"errors", r.errors}, {"warnings", r.warnings}, {"items", findings}};
}

Json ChangesJson(const Report& r, const Workspace& ws) {
  Json access = Json::array();
  for (const ReportChange& c : r.access_changes) {
    Json j = {{"direction", DirectionName(c.direction)},
              {"kind", ReportChangeKindName(c.kind)},
              {"risk", ReportRiskName(c.risk)},
              {"user", c.user},
              {"target", ChangeTarget(c)}};
    if (!c.column.empty()) j["column"] = c.column;
    j["before"] = ReportValueName(c.before);
    j["after"] = ReportValueName(c.after);
    j["grants"] = ChangeGrants(r, c);
    access.push_back(std::move(j));
  }
  Json entities = Json::array();
  const AddedEntityGrants added(r, ws);
  for (const EntityChange& e : r.entity_changes) {
    Json j = {{"change", ChangeKindName(e.change)},
              {"entity", EntityChangeTitle(e)},
              {"fields", EntityChangeFields(e)}};
    // An added group's or user's grants (only then: other entries stay as they were).
    if (std::vector<std::string> grants = added(e); !grants.empty())
      j["grants"] = grants;
    entities.push_back(std::move(j));
  }
  return {{"currentAbsent", r.current_absent},
          {"accessGains", r.gains},
          {"accessLosses", r.losses},
          {"access", access},
          {"configuration", entities}};
}

Json AppJson(const Report& r, const Workspace& ws, const CellGrantsText& cell_grants,
             const ReportApp& a) {
  Json versions = Json::array();
  for (const ReportVersion& v : a.versions) {
    versions.push_back({{"name", v.name},
                        {"environment", v.environment},
                        {"status", VersionStatusName(v.status)}});
  }
  Json grants = Json::array();
  for (const ReportGrant& g : a.grants) {
    grants.push_back({{g.role ? "role" : "group", g.holder},
                      {"reaches", g.members},
                      {"permission", AppLevelName(g.level)},
                      {"environments", g.environments ? Json(*g.environments) : Json(nullptr)},
                      {"allApps", g.all_apps},
                      {"hideFromDashboard", g.hide_from_dashboard},
                      {"location", GrantLocation(r, g)}});
  }
  Json rows = Json::array();
  for (const ReportRow& row : a.rows) {
    Json cells = Json::object();
    for (size_t c = 0; c < row.cells.size(); ++c) {
      cells[r.columns[c]] = CellJson(row.cells[c], cell_grants);
    }
    rows.push_back({{"user", ws.users[row.user].email},
                    {"owner", row.owner},
                    {"cells", cells},
                    {"promote", FlagJson(row.promote)},
                    {"release", FlagJson(row.release)}});
  }
  Json out = {{"name", ws.apps[a.app].name},
              {"owner", a.owner ? Json(ws.users[*a.owner].email) : Json(nullptr)},
              {"released", a.released}};
  // R13, only for a public app (or one that was): reports of the others stay
  // as they were.
  if (std::vector<ReportCell> anyone = AnyoneRow(a); !anyone.empty()) {
    Json cells = Json::object();
    for (size_t c = 0; c < anyone.size(); ++c) {
      cells[r.columns[c]] = CellJson(anyone[c], cell_grants);
    }
    out["public"] = a.anyone != PublicAccess::kNone;
    out["anyone"] = {{"access", PublicAccessName(a.anyone)}, {"cells", cells}};
  }
  out["hiddenFromDashboard"] = a.hidden;
  out["dataSources"] = a.data_sources;
  out["versions"] = versions;
  out["grants"] = grants;
  out["access"] = rows;
  out["usersWithoutAccess"] = a.without_access;
  return out;
}

Json UserJson(const Report& r, const Workspace& ws, const ReportUser& view) {
  Json data_sources = Json::object();
  for (size_t d = 0; d < view.data_sources.size(); ++d) {
    const ReportDataSourceAccess& access = view.data_sources[d];
    Json now = DataSourceAccessName(access.now);
    data_sources[r.data_sources[d]] =
        access.changed ? Json{{"now", now}, {"previous", DataSourceAccessName(access.before)}}
                       : now;
  }
  Json permissions = Json::array();
  for (WorkspacePermission p : view.permissions) permissions.push_back(WorkspacePermissionName(p));
  // "+appRelease", "-folderCRUD".
  Json permission_changes = Json::array();
  for (const ReportPermissionChange& p : view.permission_changes) {
    permission_changes.push_back(fmt::format("{}{}", p.direction == Direction::kGain ? "+" : "-",
                                             WorkspacePermissionName(p.permission)));
  }
  Json user_apps = Json::array();
  for (const auto& [a, row] : view.apps) user_apps.push_back(ws.apps[r.apps[a].app].name);
  return {{"email", ws.users[view.user].email},
          {"role", RoleName(view.role)},
          {"disabled", view.disabled},
          {"groups", GroupNames(ws, view.groups)},
          {"permissions", permissions},
          {"permissionChanges", permission_changes},
          {"apps", user_apps},
          {"dataSources", data_sources}};
}

}  // namespace

std::string ReportToJson(const Report& r, const Workspace& ws) {
  Json out;
  out["stagegate_report"] = 1;
  out["title"] = ReportTitle(r);
  out["stagegateVersion"] = r.version;
  if (!r.date.empty()) out["date"] = r.date;  // only with SOURCE_DATE_EPOCH
  out["configuration"] = r.desired_label;
  out["current"] = r.compared ? Json(r.current_label) : Json(nullptr);
  if (!r.current_commit.empty()) out["currentCommit"] = r.current_commit;
  out["workspace"] = WorkspaceJson(r);
  out["accessRules"] = AccessRulesName(r.access_rules);  // the rule set in force
  Json public_apps = Json::array();  // R13: only when there are any
  for (const ReportApp& a : r.apps) {
    if (a.anyone != PublicAccess::kNone) public_apps.push_back(ws.apps[a.app].name);
  }
  if (!public_apps.empty()) out["publicApps"] = public_apps;
  out["columns"] = r.columns;
  out["findings"] = FindingsJson(r);
  if (r.compared) out["changes"] = ChangesJson(r, ws);
  const CellGrantsText cell_grants(r);
  Json apps = Json::array();
  for (const ReportApp& a : r.apps) apps.push_back(AppJson(r, ws, cell_grants, a));
  out["apps"] = apps;
  Json users = Json::array();
  for (const ReportUser& view : r.user_views) users.push_back(UserJson(r, ws, view));
  out["users"] = users;
  return out.dump(2) + "\n";
}

}  // namespace stagegate
