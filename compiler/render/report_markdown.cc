// `report --format markdown`: the report as GitHub-flavoured Markdown, one
// table per matrix, for a wiki page, an issue or a job summary.
#include <fmt/format.h>

#include <algorithm>

#include "render/report.h"
#include "source/wording.h"

namespace stagegate {
namespace {

// Text that is shown literally, inside or outside a table cell: Markdown's
// punctuation is backslash-escaped, '|' included (GFM table cells), '<' and
// '>' as entities so nothing reads as HTML, and line breaks as spaces.
std::string Md(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '\\': case '`': case '*': case '_': case '[': case ']': case '|': case '#':
      case '~': case '!':
        out += '\\';
        out += c;
        break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '\r': case '\n': out += ' '; break;
      default: out += c;
    }
  }
  return out;
}

void Row(const std::vector<std::string>& cells, std::string& out) {
  out += "|";
  for (const std::string& c : cells) out += " " + c + " |";
  out += "\n";
}

void Table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
           std::string& out) {
  Row(header, out);
  out += "|";
  for (size_t i = 0; i < header.size(); ++i) out += " --- |";
  out += "\n";
  for (const auto& r : rows) Row(r, out);
  out += "\n";
}

// The arrow that marks a gain or a loss.
std::string_view MarkdownArrow(Direction direction) {
  return direction == Direction::kGain ? "▲" : "▼";
}

// A change's direction for the table of changes: a gain in bold, so it is
// never read as fine ("**▲ gain**", "▼ loss").
std::string MarkdownDirection(Direction direction) {
  std::string text = fmt::format("{} {}", MarkdownArrow(direction), DirectionName(direction));
  return direction == Direction::kGain ? "**" + text + "**" : text;
}

std::string Cell(const ReportCell& cell) {
  std::string text(CapabilityName(cell.now));
  if (cell.now != Capability::kNone) text = "**" + text + "**";
  if (cell.before) {
    text = fmt::format("{} {} (was {})", MarkdownArrow(cell.change()), text,
                       CapabilityName(*cell.before));
  }
  return text;
}

std::string MarkdownFlag(const ReportFlag& flag) {
  if (!flag.changed) return std::string(YesNo(flag.now));
  return fmt::format("{} {} (was {})", MarkdownArrow(flag.change()), YesNo(flag.now),
                     YesNo(!flag.now));
}

std::string List(const std::vector<std::string>& items, std::string_view empty) {
  if (items.empty()) return std::string(empty);
  std::vector<std::string> escaped;
  for (const std::string& s : items) escaped.push_back(Md(s));
  return fmt::format("{}", fmt::join(escaped, ", "));
}

void MarkdownChanges(const Report& r, const Workspace& ws, std::string& out) {
  out += "## Changes\n\n";
  if (r.entity_changes.empty() && r.access_changes.empty()) {
    out += "No changes: the configuration matches the current state.\n\n";
    return;
  }
  if (!r.access_changes.empty()) {
    out += fmt::format("### Access ({}, {})\n\n", Plural(r.gains, "gain", "gains"),
                       Plural(r.losses, "loss", "losses"));
    out += std::string(kChangesOrder) + "\n\n";
    std::vector<std::vector<std::string>> rows;
    size_t shown = std::min(r.access_changes.size(), kReportMaxChangeRows);
    for (size_t i = 0; i < shown; ++i) {
      const ReportChange& c = r.access_changes[i];
      rows.push_back({std::string(ReportRiskName(c.risk)), MarkdownDirection(c.direction),
                      Md(c.user), Md(ChangeWhat(c)), Md(c.column),
                      std::string(ReportValueName(c.before)), std::string(ReportValueName(c.after)),
                      Md(ChangeGrants(r, c))});
    }
    Table({"risk", "change", "user", "what", "column", "before", "after", "because of"}, rows,
          out);
    if (shown < r.access_changes.size()) {
      out += fmt::format("and {} more; `stagegate plan` lists them all.\n\n",
                         r.access_changes.size() - shown);
    }
  }
  if (!r.entity_changes.empty()) {
    out += fmt::format("### Configuration ({})\n\n",
                       Plural(r.entity_changes.size(), "change", "changes"));
    size_t shown = std::min(r.entity_changes.size(), kReportMaxChangeRows);
    const AddedEntityGrants added(r, ws);
    for (size_t i = 0; i < shown; ++i) {
      const EntityChange& e = r.entity_changes[i];
      out += fmt::format("- **{}** {}\n", ChangeKindName(e.change), Md(EntityChangeTitle(e)));
      for (const std::string& f : EntityChangeFields(e)) out += fmt::format("  - {}\n", Md(f));
      for (const std::string& g : added(e)) out += fmt::format("  - {}\n", Md(g));
    }
    if (shown < r.entity_changes.size())
      out += fmt::format("- and {} more\n", r.entity_changes.size() - shown);
    out += "\n";
  }
}

void AppSection(const Report& r, const Workspace& ws, const ReportApp& a, std::string& out) {
  const App& app = ws.apps[a.app];
  out += fmt::format("### App {}\n\n", Md(app.name));
  std::vector<std::string> facts;
  facts.push_back(a.owner ? "owner " + Md(ws.users[*a.owner].email) : "no owner");
  facts.push_back(a.released ? "released"
                             : "**not released**: the released column is none for everyone");
  if (a.hidden) facts.push_back("hidden from the dashboard by a grant (access is unchanged, R11)");
  if (!a.data_sources.empty())
    facts.push_back(fmt::format("data sources {}", List(a.data_sources, "")));
  if (std::string notice = PublicNotice(a); !notice.empty()) {
    facts.insert(facts.begin(), "⚠️ **" + Md(notice) + "**");  // R13: first, in bold
  }
  out += fmt::format("{}\n\n", fmt::join(facts, " · "));
  if (!a.versions.empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const ReportVersion& v : a.versions)
      rows.push_back({Md(v.name), Md(v.environment), std::string(VersionStatusName(v.status))});
    Table({"version", "environment", "status"}, rows, out);
  }
  const std::vector<ReportCell> anyone = AnyoneRow(a);
  if (a.rows.empty() && anyone.empty()) {
    out += "Nobody has access to this app.\n\n";
  } else {
    std::vector<std::string> header = {"user", "role", "groups"};
    for (const std::string& c : r.columns) header.push_back(Md(c));
    header.push_back("promote");
    header.push_back("release");
    std::vector<std::vector<std::string>> rows;
    if (!anyone.empty()) {  // R13: anyone with the link, signed in or not, first
      std::vector<std::string> cells = {"**" + std::string(kAnyone) + "** (signed in or not)", "-",
                                        "-"};
      for (const ReportCell& c : anyone) cells.push_back(Cell(c));
      cells.push_back(std::string(YesNo(false)));
      cells.push_back(std::string(YesNo(false)));
      rows.push_back(std::move(cells));
    }
    for (const ReportRow& row : a.rows) {
      const User& user = ws.users[row.user];
      const ReportUser& view = r.user_views[row.user];
      std::vector<std::string> cells = {
          Md(user.email) + (row.owner ? " (owner)" : "") + (user.disabled ? " (disabled)" : ""),
          std::string(RoleName(view.role)), List(GroupNames(ws, view.groups), "none")};
      for (const ReportCell& c : row.cells) cells.push_back(Cell(c));
      cells.push_back(MarkdownFlag(row.promote));
      cells.push_back(MarkdownFlag(row.release));
      rows.push_back(std::move(cells));
    }
    Table(header, rows, out);
  }
  if (a.without_access > 0) {
    out += fmt::format("{} without any access to this app (not shown).\n\n",
                       Plural(a.without_access, "other user", "other users"));
  }
  if (!a.grants.empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const ReportGrant& g : a.grants) {
      std::string holder = fmt::format("{} {}", g.role ? "role" : "group", Md(g.holder));
      if (g.all_apps) holder += " (all apps)";
      if (g.hide_from_dashboard) holder += " (hidden from dashboard)";
      rows.push_back({holder,
                      Plural(g.members, g.role ? "user" : "member", g.role ? "users" : "members"),
                      std::string(AppLevelName(g.level)), Md(ReportGrantEnvironments(g)),
                      Md(GrantLocation(r, g))});
    }
    Table({"granted by", "reaches", "permission", "environments", "defined at"}, rows, out);
  }
}

void MarkdownHeader(const Report& r, std::string& out) {
  out += fmt::format("# {}\n\n", Md(ReportTitle(r)));
  std::vector<std::string> envs;
  for (const std::string& e : r.environments) envs.push_back(Md(e));
  out += fmt::format("Workspace **{}** · environments {} · version rules **{}**  \n",
                     Md(WorkspaceLabel(r)), fmt::join(envs, " → "),
                     VersionRulesName(r.version_rules));
  out += fmt::format("stagegate **{}** · access rules **{}**", Md(r.version),
                     ReportAccessRules(r));
  if (!r.date.empty()) out += fmt::format(" · date **{}**", r.date);
  out += fmt::format("  \nConfiguration {}", Md(r.desired_label));
  if (r.compared) {
    out += fmt::format(" compared with the current state {}{}", Md(ReportCurrentLabel(r)),
                       r.current_absent ? " (absent there: everything is new)" : "");
  }
  out += "\n\n";
}

void MarkdownSummary(const Report& r, std::string& out) {
  out += "## Summary\n\n";
  std::vector<std::vector<std::string>> summary = {
      {"users", r.disabled_users ? fmt::format("{} ({} disabled)", r.users, r.disabled_users)
                                 : fmt::format("{}", r.users)},
      {"groups", fmt::format("{}", r.groups)},
      {"apps", fmt::format("{}", r.apps.size())},
      {"data sources", fmt::format("{}", r.data_source_count)},
      {"constants", fmt::format("{}", r.constants)},
      {"errors", fmt::format("{}", r.errors)},
      {"warnings", fmt::format("{}", r.warnings)}};
  if (r.compared) {
    summary.push_back({"access gains", fmt::format("{}", r.gains)});
    summary.push_back({"access losses", fmt::format("{}", r.losses)});
    summary.push_back({"configuration changes", fmt::format("{}", r.entity_changes.size())});
  }
  Table({"what", "count"}, summary, out);
}

void MarkdownFindings(const Report& r, std::string& out) {
  out += "## Findings\n\n";
  if (r.findings.empty()) {
    out += "No errors or warnings: the configuration is valid and every assertion holds.\n\n";
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const ReportFinding& f : r.findings)
    rows.push_back({std::string(SeverityName(f.severity)), Md(ReportLocation(r, f.location)),
                    Md(f.message), std::string(CodeName(f.code))});
  Table({"severity", "where", "finding", "code"}, rows, out);
}

void MarkdownLegend(std::string& out) {
  out += "## Legend\n\n";
  std::vector<std::vector<std::string>> legend;
  for (Capability c : {Capability::kEdit, Capability::kRun, Capability::kPreview, Capability::kUse,
                       Capability::kNone})
    legend.push_back({std::string(CapabilityName(c)), Md(CapabilityMeaning(c))});
  Table({"capability", "what the user can do"}, legend, out);
  out += "Columns are the environments in pipeline order, then **released**, the released app "
         "end users open. ▲ marks a gain and ▼ a loss against the current state.\n\n";
}

// A user's workspace permissions, the gained ones marked, then the lost ones.
std::string MarkdownPermissions(const ReportUser& view) {
  std::vector<std::string> held;
  for (WorkspacePermission p : view.permissions) {
    std::string_view name = WorkspacePermissionName(p);
    held.push_back(view.Gained(p) ? fmt::format("{} {}", MarkdownArrow(Direction::kGain), name)
                                  : std::string(name));
  }
  for (WorkspacePermission p : view.Lost())
    held.push_back(fmt::format("{} {} (lost)", MarkdownArrow(Direction::kLoss),
                               WorkspacePermissionName(p)));
  return held.empty() ? "none" : fmt::format("{}", fmt::join(held, ", "));
}

// One row per user and app they can open (their own, then the public apps
// they open as anyone); the user's role, groups and permissions on the first.
void MarkdownUsers(const Report& r, const Workspace& ws, std::string& out) {
  out += "## Users\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const ReportUser& view : r.user_views) {
    const User& user = ws.users[view.user];
    std::vector<std::string> first = {
        Md(user.email) + (view.disabled ? " (disabled: no access)" : ""),
        std::string(RoleName(view.role)), List(GroupNames(ws, view.groups), "none"),
        MarkdownPermissions(view)};
    const std::vector<ReportUserApp> apps = UserApps(r, view);
    if (apps.empty()) {
      first.push_back("no app");
      first.insert(first.end(), r.columns.size(), "-");
      rows.push_back(std::move(first));
      continue;
    }
    for (size_t i = 0; i < apps.size(); ++i) {
      std::vector<std::string> cells =
          i == 0 ? first : std::vector<std::string>{Md(user.email), "", "", ""};
      cells.push_back(Md(apps[i].Label(ws, r)));
      for (const ReportCell& c : apps[i].cells) cells.push_back(Cell(c));
      rows.push_back(std::move(cells));
    }
  }
  std::vector<std::string> header = {"user", "role", "groups", "workspace permissions", "app"};
  for (const std::string& c : r.columns) header.push_back(Md(c));
  Table(header, rows, out);
}

void MarkdownPromotion(const Report& r, const Workspace& ws, std::string& out) {
  out += "## Who can promote and release\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const ReportApp& a : r.apps) {
    rows.push_back({Md(ws.apps[a.app].name), List(UserEmails(ws, a.promoters), "nobody"),
                    List(UserEmails(ws, a.releasers), "nobody")});
  }
  Table({"app", fmt::format("can promote ({})", PromoteRule(r.access_rules)),
         fmt::format("can release ({})", ReleaseRule(r.access_rules))},
        rows, out);
}

void MarkdownDataSources(const Report& r, const Workspace& ws, std::string& out) {
  out += "## Data source access\n\n";
  if (r.data_sources.empty()) {
    out += "No data sources are defined.\n";
    return;
  }
  std::vector<std::string> header = {"user", "role"};
  for (size_t d = 0; d < r.data_sources.size(); ++d)
    header.push_back(fmt::format("{} ({})", Md(r.data_sources[d]), Md(r.data_source_kinds[d])));
  std::vector<std::vector<std::string>> rows;
  for (const ReportUser& view : r.user_views) {
    if (!view.ShownInDataSources()) continue;
    std::vector<std::string> cells = {
        Md(ws.users[view.user].email) + (view.disabled ? " (disabled)" : ""),
        std::string(RoleName(view.role))};
    for (const ReportDataSourceAccess& access : view.data_sources) {
      std::string level(DataSourceAccessName(access.now));
      if (access.changed) level += fmt::format(" (was {})", DataSourceAccessName(access.before));
      cells.push_back(level);
    }
    rows.push_back(std::move(cells));
  }
  Table(header, rows, out);
  out += "configure: change the data source's options; use: run queries on it (R12). Disabled "
         "users have none and are not shown, unless they had some.\n";
}

}  // namespace

// R13: the public apps open the report, before the summary.
void MarkdownPublic(const Report& r, const Workspace& ws, std::string& out) {
  std::string lines;
  for (const ReportApp& a : r.apps) {
    if (std::string notice = PublicNotice(a); !notice.empty()) {
      lines += fmt::format("> ⚠️ App **{}**: {}  \n", Md(ws.apps[a.app].name), Md(notice));
    }
  }
  if (!lines.empty()) out += lines + "\n";
}

std::string ReportToMarkdown(const Report& r, const Workspace& ws) {
  std::string out;
  MarkdownHeader(r, out);
  MarkdownPublic(r, ws, out);
  MarkdownSummary(r, out);
  if (r.compared) MarkdownChanges(r, ws, out);
  MarkdownFindings(r, out);
  MarkdownLegend(out);
  out += "## Apps\n\n";
  if (r.apps.empty()) out += "No apps are defined.\n\n";
  for (const ReportApp& a : r.apps) AppSection(r, ws, a, out);
  MarkdownUsers(r, ws, out);
  MarkdownPromotion(r, ws, out);
  MarkdownDataSources(r, ws, out);
  return out;
}

}  // namespace stagegate
