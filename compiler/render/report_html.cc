// `report --format html`: one self-contained page. Inline CSS only: no
// script, no font, no image, no link leaves the file, so it opens offline,
// can be attached to a review and printed. Every cell carries data-*
// attributes (user, app, column, capability) for tools and tests, and a
// tooltip naming the grants behind it.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "render/report.h"
#include "source/wording.h"

namespace stagegate {
namespace {

std::string Esc(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// An id for an anchor: letters, digits, '-', '_' kept, anything else as
// "-XX" hex, so distinct names give distinct ids.
std::string Id(std::string_view prefix, std::string_view name) {
  std::string out(prefix);
  for (unsigned char c : name) {
    if (std::isalnum(c) || c == '-' || c == '_') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format(".{:02x}", c);
    }
  }
  return out;
}

constexpr char kStyle[] = R"css(
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--soft:#f6f8fa;
--none-bg:#f1f3f5;--none-fg:#6a737d;--use-bg:#dbeafe;--use-fg:#1e40af;
--preview-bg:#fef3c7;--preview-fg:#854d0e;--run-bg:#ede9fe;--run-fg:#5b21b6;
--edit-bg:#ffedd5;--edit-fg:#9a3412;--ok:#15803d;--bad:#b91c1c;
--gain:#c2410c;--gain-bg:#fff1e6;--loss:#475569;--loss-bg:#f1f5f9}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1200px;margin:0 auto;padding:24px 28px 48px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:16px;margin:24px 0 6px}
.meta{color:var(--muted);margin:0 0 4px}
code{white-space:nowrap;font:12.5px ui-monospace,SFMono-Regular,"DejaVu Sans Mono",monospace;background:var(--soft);padding:1px 4px;border-radius:4px}
nav{margin:16px 0;padding:10px 14px;background:var(--soft);border-radius:8px}
nav ol{margin:0;padding-left:20px;columns:3 220px}
a{color:#0b57d0;text-decoration:none}a:hover{text-decoration:underline}
.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:110px}
.card b{display:block;font-size:20px}
.card.bad b{color:var(--bad)}.card.warn b{color:#a16207}.card.good b{color:var(--ok)}
.card.gain{border-color:var(--gain);background:var(--gain-bg)}.card.gain b{color:var(--gain)}
table{border-collapse:collapse;margin:6px 0 10px;font-size:13px}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}
.matrix td.cap,.users td.cap{text-align:center;min-width:84px;font-weight:600}
.cap-none{background:var(--none-bg);color:var(--none-fg);font-weight:400!important}
.cap-use{background:var(--use-bg);color:var(--use-fg)}
.cap-preview{background:var(--preview-bg);color:var(--preview-fg)}
.cap-run{background:var(--run-bg);color:var(--run-fg)}
.cap-edit{background:var(--edit-bg);color:var(--edit-fg)}
.chip{display:inline-block;min-width:62px;padding:1px 6px;border-radius:10px;text-align:center;font-size:12px;font-weight:600;margin:1px 2px}
td.changed,.chip.changed{outline:3px solid var(--gain);outline-offset:-3px}
td.changed.loss,.chip.changed.loss{outline:2px dashed var(--loss);outline-offset:-2px}
.was{display:block;font-weight:400;font-size:11px;color:var(--muted)}
.gain{color:var(--gain);font-weight:600}.loss{color:var(--loss)}
td.dir.gain{background:var(--gain-bg)}td.dir.loss{background:var(--loss-bg)}
td.risk-public,td.risk-production{font-weight:600}td.risk-public{color:var(--bad)}
.sev-error{color:var(--bad);font-weight:600}.sev-warning{color:#a16207;font-weight:600}
.small{font-size:12px;color:var(--muted)}
.legend td{font-size:12.5px}
.pill{display:inline-block;padding:0 6px;border:1px solid var(--line);border-radius:10px;font-size:12px;margin:1px 2px 1px 0;background:var(--soft)}
.app{break-inside:avoid-page}
@media (max-width:800px){main{padding:12px}nav ol{columns:1}}
@media print{nav{display:none}main{max-width:none;padding:0}h2{break-after:avoid}
table{break-inside:auto}tr{break-inside:avoid}a{color:inherit}}
)css";

// The arrow that marks a gain or a loss; the CSS classes are the direction's
// name ("gain", "loss").
std::string_view HtmlArrow(Direction direction) {
  return direction == Direction::kGain ? "&#9650;" : "&#9660;";
}

// One matrix cell as a <td>, or a chip (<span>) in the per-user view;
// `grants`: the grants behind it, as text.
std::string CellHtml(const ReportCell& cell, const std::string& grants, std::string_view tag,
                     const std::string& attrs) {
  std::string_view now = CapabilityName(cell.now);
  std::string classes = fmt::format("{}cap-{}", tag == "td" ? "cap " : "chip ", now);
  std::string title(now);
  if (!grants.empty()) title += " from " + grants;
  std::string was;
  if (cell.before) {
    classes += fmt::format(" changed {}", DirectionName(cell.change()));
    title += fmt::format(" (was {})", CapabilityName(*cell.before));
    was = fmt::format("<span class=\"was\">{} was {}</span>", HtmlArrow(cell.change()),
                      CapabilityName(*cell.before));
  }
  return fmt::format("<{0} class=\"{1}\"{2} data-capability=\"{3}\" title=\"{4}\">{3}{5}</{0}>",
                     tag, classes, attrs, now, Esc(title), was);
}

// The tooltip of a public app's cell a user holds as anyone.
const std::string kAnyoneGrant = "anyone: the app is public (R13)";

std::string HtmlFlag(const ReportFlag& flag) {
  if (!flag.changed) return std::string(YesNo(flag.now));
  return fmt::format("<span class=\"{}\">{} {}</span> <span class=\"small\">(was {})</span>",
                     DirectionName(flag.change()), HtmlArrow(flag.change()), YesNo(flag.now),
                     YesNo(!flag.now));
}

std::string Pills(const std::vector<std::string>& items, std::string_view empty) {
  if (items.empty()) return fmt::format("<span class=\"small\">{}</span>", empty);
  std::string out;
  for (const std::string& s : items) out += fmt::format("<span class=\"pill\">{}</span>", Esc(s));
  return out;
}

void Header(const Report& r, std::string& out) {
  out += fmt::format("<header><h1>{}</h1>\n", Esc(ReportTitle(r)));
  std::vector<std::string> envs;
  for (const std::string& e : r.environments) envs.push_back(Esc(e));
  out += fmt::format(
      "<p class=\"meta\">Workspace <b>{}</b> &middot; environments {} &middot; version rules "
      "<b>{}</b></p>\n",
      Esc(WorkspaceLabel(r)), fmt::join(envs, " &rarr; "), VersionRulesName(r.version_rules));
  out += fmt::format("<p class=\"meta\">stagegate <b>{}</b> &middot; access rules <b>{}</b>",
                     Esc(r.version), ReportAccessRules(r));
  if (!r.date.empty()) out += fmt::format(" &middot; date <b>{}</b>", r.date);
  out += "</p>\n";
  out += fmt::format("<p class=\"meta\">Configuration <code>{}</code>", Esc(r.desired_label));
  if (r.compared) {
    out += fmt::format(" compared with the current state <code>{}</code>{}",
                       Esc(ReportCurrentLabel(r)),
                       r.current_absent ? " (absent there: everything is new)" : "");
  }
  out += "</p></header>\n";
}

// R13: the public apps, right under the title.
void PublicBanner(const Report& r, const Workspace& ws, std::string& out) {
  for (const ReportApp& a : r.apps) {
    if (std::string notice = PublicNotice(a); !notice.empty()) {
      const std::string& name = ws.apps[a.app].name;
      out += fmt::format("<p class=\"sev-warning\">&#9888; App <a href=\"#{}\">{}</a>: {}</p>\n",
                         Id("app-", name), Esc(name), Esc(notice));
    }
  }
}

void Nav(const Report& r, const Workspace& ws, std::string& out) {
  out += "<nav aria-label=\"Contents\"><ol>\n<li><a href=\"#summary\">Summary</a></li>\n";
  if (r.compared) out += "<li><a href=\"#changes\">Changes</a></li>\n";
  out += "<li><a href=\"#findings\">Findings</a></li>\n<li><a href=\"#legend\">Legend</a></li>\n";
  for (const ReportApp& a : r.apps) {
    const std::string& name = ws.apps[a.app].name;
    out += fmt::format("<li><a href=\"#{}\">App {}</a></li>\n", Id("app-", name), Esc(name));
  }
  out += "<li><a href=\"#users\">Users</a></li>\n"
         "<li><a href=\"#promotion\">Who can promote and release</a></li>\n"
         "<li><a href=\"#data-sources\">Data source access</a></li>\n</ol></nav>\n";
}

void Card(std::string& out, std::string_view cls, const std::string& value,
          std::string_view label) {
  out += fmt::format("<div class=\"card{}{}\"><b>{}</b>{}</div>", cls.empty() ? "" : " ", cls,
                     value, label);
}

void Summary(const Report& r, std::string& out) {
  out += "<section id=\"summary\"><h2>Summary</h2><div class=\"cards\">";
  Card(out, "", fmt::format("{}", r.users),
       r.disabled_users ? fmt::format("users ({} disabled)", r.disabled_users) : "users");
  Card(out, "", fmt::format("{}", r.groups), "groups");
  Card(out, "", fmt::format("{}", r.apps.size()), "apps");
  Card(out, "", fmt::format("{}", r.data_source_count), "data sources");
  Card(out, "", fmt::format("{}", r.constants), "constants");
  Card(out, r.errors ? "bad" : "good", fmt::format("{}", r.errors),
       PluralWord(r.errors, "error", "errors"));
  Card(out, r.warnings ? "warn" : "good", fmt::format("{}", r.warnings),
       PluralWord(r.warnings, "warning", "warnings"));
  if (r.compared) {
    Card(out, r.gains ? "gain" : "", fmt::format("{}", r.gains),
         PluralWord(r.gains, "access gain", "access gains"));
    Card(out, "", fmt::format("{}", r.losses), PluralWord(r.losses, "access loss", "access losses"));
    Card(out, "", fmt::format("{}", r.entity_changes.size()),
         PluralWord(r.entity_changes.size(), "configuration change", "configuration changes"));
  }
  out += "</div></section>\n";
}

// The CSS class suffix of a risk: "public", "production", "promote-release", "other".
std::string_view RiskClass(ReportRisk risk) {
  return risk == ReportRisk::kPromoteRelease ? "promote-release" : ReportRiskName(risk);
}

void HtmlChanges(const Report& r, const Workspace& ws, std::string& out) {
  out += "<section id=\"changes\"><h2>Changes</h2>\n";
  if (r.entity_changes.empty() && r.access_changes.empty()) {
    out += "<p>No changes: the configuration matches the current state.</p></section>\n";
    return;
  }
  out += "<p>Changed cells are outlined in the matrices below: <span class=\"gain\">&#9650; "
         "solid orange</span> for a gain, to review, <span class=\"loss\">&#9660; dashed "
         "grey</span> for a loss.</p>\n";
  if (!r.access_changes.empty()) {
    out += fmt::format("<h3>Access ({}, {})</h3>\n", Plural(r.gains, "gain", "gains"),
                       Plural(r.losses, "loss", "losses"));
    out += fmt::format("<p class=\"small\">{}</p>\n", kChangesOrder);
    out += "<table class=\"changes\"><thead><tr><th>risk</th><th>change</th><th>user</th>"
           "<th>what</th><th>column</th><th>before</th><th>after</th><th>because of</th></tr>"
           "</thead><tbody>\n";
    size_t shown = std::min(r.access_changes.size(), kReportMaxChangeRows);
    for (size_t i = 0; i < shown; ++i) {
      const ReportChange& c = r.access_changes[i];
      out += fmt::format(
          "<tr class=\"change-{0}\" data-risk=\"{8}\"><td class=\"risk-{9}\">{8}</td>"
          "<td class=\"dir {0}\">{1} {0}</td><td>{2}</td><td>{3}</td><td>{4}</td><td>{5}</td>"
          "<td>{6}</td><td class=\"small\">{7}</td></tr>\n",
          DirectionName(c.direction), HtmlArrow(c.direction), Esc(c.user), Esc(ChangeWhat(c)),
          Esc(c.column), ReportValueName(c.before), ReportValueName(c.after),
          Esc(ChangeGrants(r, c)), ReportRiskName(c.risk), RiskClass(c.risk));
    }
    out += "</tbody></table>\n";
    if (shown < r.access_changes.size()) {
      out += fmt::format("<p class=\"small\">and {} more; <code>stagegate plan</code> lists them "
                         "all.</p>\n",
                         r.access_changes.size() - shown);
    }
  }
  if (!r.entity_changes.empty()) {
    out += fmt::format("<h3>Configuration ({})</h3>\n<ul>\n",
                       Plural(r.entity_changes.size(), "change", "changes"));
    size_t shown = std::min(r.entity_changes.size(), kReportMaxChangeRows);
    const AddedEntityGrants added(r, ws);
    for (size_t i = 0; i < shown; ++i) {
      const EntityChange& e = r.entity_changes[i];
      out += fmt::format("<li><b>{}</b> {}", ChangeKindName(e.change), Esc(EntityChangeTitle(e)));
      const std::vector<std::string> fields = EntityChangeFields(e);
      const std::vector<std::string> grants = added(e);
      if (!fields.empty() || !grants.empty()) {
        out += "<ul>";
        for (const std::string& f : fields) out += fmt::format("<li><code>{}</code></li>", Esc(f));
        for (const std::string& g : grants) out += fmt::format("<li>{}</li>", Esc(g));
        out += "</ul>";
      }
      out += "</li>\n";
    }
    out += "</ul>\n";
    if (shown < r.entity_changes.size())
      out += fmt::format("<p class=\"small\">and {} more.</p>\n", r.entity_changes.size() - shown);
  }
  out += "</section>\n";
}

void Findings(const Report& r, std::string& out) {
  out += "<section id=\"findings\"><h2>Findings</h2>\n";
  if (r.findings.empty()) {
    out += "<p>No errors or warnings: the configuration is valid and every assertion holds.</p>"
           "</section>\n";
    return;
  }
  out += "<table><thead><tr><th>severity</th><th>where</th><th>finding</th><th>code</th></tr>"
         "</thead><tbody>\n";
  for (const ReportFinding& f : r.findings) {
    out += fmt::format(
        "<tr><td class=\"sev-{0}\">{0}</td><td><code>{1}</code></td><td>{2}</td><td><code>{3}"
        "</code></td></tr>\n",
        SeverityName(f.severity), Esc(ReportLocation(r, f.location)), Esc(f.message),
        CodeName(f.code));
  }
  out += "</tbody></table></section>\n";
}

void Legend(const Report& r, std::string& out) {
  out += "<section id=\"legend\"><h2>Legend</h2><table class=\"legend\"><tbody>\n";
  for (Capability c : {Capability::kEdit, Capability::kRun, Capability::kPreview, Capability::kUse,
                       Capability::kNone}) {
    out += fmt::format("<tr><td class=\"cap cap-{0}\">{0}</td><td>{1}</td></tr>\n",
                       CapabilityName(c), Esc(CapabilityMeaning(c)));
  }
  out += "</tbody></table><p class=\"small\">Columns are the environments in pipeline order, then "
         "<b>released</b>, the released app end users open. Hover a cell for the grants behind "
         "it. <b>promote</b> and <b>release</b>: whether the user may move a version of the app "
         "to the next environment or release it (rules " +
         std::string(r.access_rules == AccessRules::kServer ? "S4" : "R9, R10") +
         ").</p></section>\n";
}

void AppMatrix(const Report& r, const Workspace& ws, const CellGrantsText& grants,
               const ReportApp& a, std::string& out) {
  const App& app = ws.apps[a.app];
  out += fmt::format("<article class=\"app\" id=\"{}\" data-app=\"{}\"><h3>App {}</h3>\n",
                     Id("app-", app.name), Esc(app.name), Esc(app.name));
  std::vector<std::string> facts;
  facts.push_back(a.owner ? "owner " + Esc(ws.users[*a.owner].email) : "no owner");
  facts.push_back(a.released ? "released" : "<b>not released</b>: the released column is none "
                                            "for everyone");
  if (a.hidden) facts.push_back("hidden from the dashboard by a grant (access is unchanged, R11)");
  if (!a.data_sources.empty()) {
    std::vector<std::string> ds;
    for (const std::string& d : a.data_sources) ds.push_back(Esc(d));
    facts.push_back(fmt::format("data sources {}", fmt::join(ds, ", ")));
  }
  if (std::string notice = PublicNotice(a); !notice.empty()) {  // R13: first
    facts.insert(facts.begin(), "<b class=\"sev-warning\">" + Esc(notice) + "</b>");
  }
  out += fmt::format("<p class=\"meta\">{}</p>\n", fmt::join(facts, " &middot; "));

  if (!a.versions.empty()) {
    out += "<table class=\"versions\"><thead><tr><th>version</th><th>environment</th>"
           "<th>status</th></tr></thead><tbody>\n";
    for (const ReportVersion& v : a.versions) {
      out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n", Esc(v.name),
                         Esc(v.environment), VersionStatusName(v.status));
    }
    out += "</tbody></table>\n";
  }

  out += "<table class=\"matrix\"><thead><tr><th>user</th><th>role</th><th>groups</th>";
  for (const std::string& c : r.columns) out += fmt::format("<th>{}</th>", Esc(c));
  out += "<th>promote</th><th>release</th></tr></thead><tbody>\n";
  const std::vector<ReportCell> anyone = AnyoneRow(a);
  if (!anyone.empty()) {  // R13: anyone with the link, signed in or not, first
    out += fmt::format("<tr data-user=\"{0}\"><th scope=\"row\">{0} <span class=\"small\">"
                       "(signed in or not)</span></th><td>-</td><td>-</td>",
                       kAnyone);
    for (size_t c = 0; c < anyone.size(); ++c) {
      out += CellHtml(anyone[c], "", "td",
                      fmt::format(" data-user=\"{}\" data-app=\"{}\" data-column=\"{}\"", kAnyone,
                                  Esc(app.name), Esc(r.columns[c])));
    }
    out += fmt::format("<td>{0}</td><td>{0}</td></tr>\n", YesNo(false));
  }
  for (const ReportRow& row : a.rows) {
    const User& user = ws.users[row.user];
    const ReportUser& view = r.user_views[row.user];
    out += fmt::format("<tr data-user=\"{}\"><th scope=\"row\">{}{}{}</th><td>{}</td><td>{}</td>",
                       Esc(user.email), Esc(user.email), row.owner ? " <span class=\"small\">(owner)</span>" : "",
                       user.disabled ? " <span class=\"small\">(disabled)</span>" : "",
                       RoleName(view.role), Pills(GroupNames(ws, view.groups), "none"));
    for (size_t c = 0; c < row.cells.size(); ++c) {
      out += CellHtml(row.cells[c], grants(row.cells[c]), "td",
                      fmt::format(" data-user=\"{}\" data-app=\"{}\" data-column=\"{}\"",
                                  Esc(user.email), Esc(app.name), Esc(r.columns[c])));
    }
    out += fmt::format("<td>{}</td><td>{}</td></tr>\n", HtmlFlag(row.promote), HtmlFlag(row.release));
  }
  out += "</tbody></table>\n";
  if (a.rows.empty() && anyone.empty()) out += "<p>Nobody has access to this app.</p>\n";
  if (a.without_access > 0) {
    out += fmt::format("<p class=\"small\">{} without any access to this app (not shown).</p>\n",
                       Plural(a.without_access, "other user", "other users"));
  }

  if (a.grants.empty()) {
    out += "<p class=\"small\">No role or group grants this app; access comes from ownership or "
           "the admin role only.</p>\n";
  } else {
    out += "<table class=\"grants\"><thead><tr><th>granted by</th><th>reaches</th>"
           "<th>permission</th><th>environments</th><th>defined at</th></tr></thead><tbody>\n";
    for (const ReportGrant& g : a.grants) {
      std::string notes;
      if (g.all_apps) notes += " <span class=\"small\">(all apps)</span>";
      if (g.hide_from_dashboard) notes += " <span class=\"small\">(hidden from dashboard)</span>";
      out += fmt::format(
          "<tr><td>{} <b>{}</b>{}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td>"
          "</tr>\n",
          g.role ? "role" : "group", Esc(g.holder), notes,
          Plural(g.members, g.role ? "user" : "member", g.role ? "users" : "members"),
          AppLevelName(g.level), Esc(ReportGrantEnvironments(g)), Esc(GrantLocation(r, g)));
    }
    out += "</tbody></table>\n";
  }
  out += "</article>\n";
}

// A user's workspace permissions as pills, the gained ones marked, then the
// lost ones.
std::string PermissionPills(const ReportUser& view) {
  if (view.permissions.empty() && view.permission_changes.empty())
    return "<span class=\"small\">none</span>";
  std::string out;
  for (WorkspacePermission p : view.permissions) {
    std::string_view name = WorkspacePermissionName(p);
    out += view.Gained(p) ? fmt::format("<span class=\"pill gain\">{} {}</span>",
                                        HtmlArrow(Direction::kGain), name)
                          : fmt::format("<span class=\"pill\">{}</span>", name);
  }
  for (WorkspacePermission p : view.Lost()) {
    out += fmt::format("<span class=\"pill loss\">{} {} (lost)</span>",
                       HtmlArrow(Direction::kLoss), WorkspacePermissionName(p));
  }
  return out;
}

// One row per user and app they can open (their own, then the public apps
// they open as anyone, R13); the user's role, groups and permissions span
// their rows. Every column has a header.
void Users(const Report& r, const Workspace& ws, const CellGrantsText& grants, std::string& out) {
  out += "<section id=\"users\"><h2>Users</h2>\n<table class=\"users\"><thead><tr>"
         "<th>user</th><th>role</th><th>groups</th><th>workspace permissions</th><th>app</th>";
  for (const std::string& c : r.columns) out += fmt::format("<th>{}</th>", Esc(c));
  out += "</tr></thead><tbody>\n";
  for (const ReportUser& view : r.user_views) {
    const User& user = ws.users[view.user];
    const std::vector<ReportUserApp> apps = UserApps(r, view);
    const size_t span = std::max<size_t>(apps.size(), 1);
    out += fmt::format(
        "<tr data-user=\"{0}\"><th scope=\"row\" rowspan=\"{1}\">{0}{2}</th><td rowspan=\"{1}\">"
        "{3}</td><td rowspan=\"{1}\">{4}</td><td rowspan=\"{1}\">{5}</td>",
        Esc(user.email), span,
        view.disabled ? " <span class=\"small\">(disabled: no access)</span>" : "",
        RoleName(view.role), Pills(GroupNames(ws, view.groups), "none"), PermissionPills(view));
    if (apps.empty()) {
      out += "<td><span class=\"small\">no app</span></td>";
      for (size_t c = 0; c < r.columns.size(); ++c) out += "<td class=\"cap\">-</td>";
      out += "</tr>\n";
      continue;
    }
    for (size_t i = 0; i < apps.size(); ++i) {
      const ReportUserApp& line = apps[i];
      const std::string& app = ws.apps[r.apps[line.app].app].name;
      if (i > 0) out += fmt::format("<tr data-user=\"{}\">", Esc(user.email));
      out += fmt::format("<td><b>{0}</b>{1}</td>", Esc(app),
                         line.note.empty() ? ""
                                           : " <span class=\"small\">(" + Esc(line.note) + ")</span>");
      for (size_t c = 0; c < line.cells.size(); ++c) {
        const std::string& behind = line.row ? grants(line.cells[c]) : kAnyoneGrant;
        out += CellHtml(line.cells[c], line.cells[c].now == Capability::kNone ? "" : behind, "td",
                        fmt::format(" data-column=\"{}\"", Esc(r.columns[c])));
      }
      out += "</tr>\n";
    }
  }
  out += "</tbody></table></section>\n";
}

void Promotion(const Report& r, const Workspace& ws, std::string& out) {
  out += fmt::format(
      "<section id=\"promotion\"><h2>Who can promote and release</h2>\n<table><thead><tr>"
      "<th>app</th><th>can promote ({})</th><th>can release ({})</th></tr></thead><tbody>\n",
      PromoteRule(r.access_rules), ReleaseRule(r.access_rules));
  for (const ReportApp& a : r.apps) {
    out += fmt::format("<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>\n",
                       Esc(ws.apps[a.app].name), Pills(UserEmails(ws, a.promoters), "nobody"),
                       Pills(UserEmails(ws, a.releasers), "nobody"));
  }
  out += "</tbody></table></section>\n";
}

// A data source level takes the colours of the app capability it compares
// with: configure as edit, use as run.
std::string_view DataSourceClass(std::optional<DataSourceLevel> level) {
  if (!level) return "cap-none";
  return *level == DataSourceLevel::kConfigure ? "cap-edit" : "cap-run";
}

// none < use < configure.
int DataSourceRank(std::optional<DataSourceLevel> level) {
  if (!level) return 0;
  return *level == DataSourceLevel::kConfigure ? 2 : 1;
}

void DataSources(const Report& r, const Workspace& ws, std::string& out) {
  out += "<section id=\"data-sources\"><h2>Data source access</h2>\n";
  if (r.data_sources.empty()) {
    out += "<p>No data sources are defined.</p></section>\n";
    return;
  }
  out += "<table class=\"matrix datasources\"><thead><tr><th>user</th><th>role</th>";
  for (size_t d = 0; d < r.data_sources.size(); ++d) {
    out += fmt::format("<th>{} <span class=\"small\">{}</span></th>", Esc(r.data_sources[d]),
                       Esc(r.data_source_kinds[d]));
  }
  out += "</tr></thead><tbody>\n";
  for (const ReportUser& view : r.user_views) {
    if (!view.ShownInDataSources()) continue;
    const User& user = ws.users[view.user];
    out += fmt::format("<tr data-user=\"{}\"><th scope=\"row\">{}{}</th><td>{}</td>",
                       Esc(user.email), Esc(user.email),
                       view.disabled ? " <span class=\"small\">(disabled)</span>" : "",
                       RoleName(view.role));
    for (size_t d = 0; d < view.data_sources.size(); ++d) {
      const ReportDataSourceAccess& access = view.data_sources[d];
      std::string cls(DataSourceClass(access.now));
      std::string was;
      if (access.changed) {
        cls += fmt::format(" changed {}", DataSourceRank(access.now) > DataSourceRank(access.before)
                                              ? "gain" : "loss");
        was = fmt::format("<span class=\"was\">was {}</span>", DataSourceAccessName(access.before));
      }
      out += fmt::format("<td class=\"cap {}\" data-data-source=\"{}\">{}{}</td>", cls,
                         Esc(r.data_sources[d]), DataSourceAccessName(access.now), was);
    }
    out += "</tr>\n";
  }
  out += "</tbody></table><p class=\"small\">configure: change the data source's options; use: "
         "run queries on it (R12). Disabled users have none and are not shown, unless they had some.</p></section>\n";
}

}  // namespace

std::string ReportToHtml(const Report& r, const Workspace& ws) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"generator\" content=\"stagegate\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'\">\n";
  out += fmt::format("<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n",
                     Esc(ReportTitle(r)), kStyle);
  Header(r, out);
  PublicBanner(r, ws, out);
  Nav(r, ws, out);
  Summary(r, out);
  if (r.compared) HtmlChanges(r, ws, out);
  Findings(r, out);
  Legend(r, out);
  out += "<section id=\"apps\"><h2>Apps</h2>\n";
  if (r.apps.empty()) out += "<p>No apps are defined.</p>\n";
  const CellGrantsText grants(r);
  for (const ReportApp& a : r.apps) AppMatrix(r, ws, grants, a, out);
  out += "</section>\n";
  Users(r, ws, grants, out);
  Promotion(r, ws, out);
  DataSources(r, ws, out);
  out += "<footer class=\"small\"><p>Generated by stagegate. The matrix follows the permission "
         "rules R1-R12 of docs/semantics.md; <code>stagegate explain --user U --app A</code> "
         "explains any cell.</p></footer>\n</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace stagegate
