// `stagegate report`: the report model (cells, the grants behind them, rows
// left out, changes against a current state) and what every format promises:
// HTML self-contained and escaped, Markdown escaped, CSV complete, JSON
// parseable; and the command's exit codes. The exact output of each format
// is pinned by tests/golden/report/; Chromium and cmark-gfm render the HTML
// and Markdown in tests/integration/.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "diff/diff.h"
#include "render/report.h"
#include "unit/access_support.h"
#include "unit/cli_support.h"
#include "unit/skip.h"

namespace stagegate {
namespace {

using namespace testing;

const char kConfig[] = R"(version: 1
workspace: demo
users:
  ada@x.io: {role: admin}
  quinn@x.io: {role: builder}
  lee@x.io: {role: builder}
  eve@x.io: {role: end-user}
  sam@x.io: {role: builder, disabled: true}
  nora@x.io: {role: builder}
roles:
  builder: {permissions: [appCreate], apps: []}
  end-user: {apps: []}
groups:
  qa:
    members: [quinn@x.io, sam@x.io]
    apps: [{apps: [payroll], permission: edit, environments: [staging]}]
  leads:
    members: [lee@x.io]
    permissions: [appPromote]
    apps: [{apps: "*", permission: edit}]
  staff:
    members: [eve@x.io]
    apps: [{apps: [payroll], permission: view, environments: [released], hideFromDashboard: true}]
apps:
  payroll:
    owner: lee@x.io
    versions: [{name: v1, environment: production, status: released}]
  tools:
    versions: [{name: v1, environment: development, status: draft}]
)";

struct Built {
  std::unique_ptr<Staged> desired;
  std::unique_ptr<Staged> current;
  Diff diff;
  Report report;
};

// The report of `yaml`, compared with `current_yaml` when given.
std::unique_ptr<Built> Build(const std::string& yaml, const std::string& current_yaml = "") {
  auto b = std::make_unique<Built>();
  b->desired = CompileYaml(yaml);
  REQUIRE(b->desired->diags.error_count() == 0);
  ReportInput in;
  in.desired_label = "cfg";
  in.matrix = &b->desired->matrix();
  in.sources = &b->desired->loaded.sources;
  in.findings = &b->desired->diags;
  if (!current_yaml.empty()) {
    b->current = CompileYaml(current_yaml);
    REQUIRE(b->current->diags.error_count() == 0);
    b->diff = ComputeDiff(&b->current->matrix(), b->desired->matrix());
    in.diff = &b->diff;
    in.current_label = "main";
    in.current_sources = &b->current->loaded.sources;
  }
  b->report = BuildReport(in);
  return b;
}

const ReportApp& AppNamed(const Built& b, const std::string& name) {
  for (const ReportApp& a : b.report.apps) {
    if (b.desired->ws().apps[a.app].name == name) return a;
  }
  throw std::runtime_error("no app " + name);
}

const ReportRow* RowOf(const Built& b, const ReportApp& app, const std::string& email) {
  for (const ReportRow& r : app.rows) {
    if (b.desired->ws().users[r.user].email == email) return &r;
  }
  return nullptr;
}

// The grants behind a cell, as every format words them.
std::string Why(const Built& b, const ReportCell& cell) {
  return CellGrantsText(b.report)(cell);
}

std::vector<std::string> Caps(const ReportRow& row) {
  std::vector<std::string> out;
  for (const ReportCell& c : row.cells) out.emplace_back(CapabilityName(c.now));
  return out;
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST_CASE("report: each app lists the users with access, their cells and the grants behind") {
  auto b = Build(kConfig);
  const ReportApp& payroll = AppNamed(*b, "payroll");
  // Enabled users with some access: ada (admin), eve (released), lee (owner,
  // leads), quinn (qa). nora has none and sam is disabled: left out, counted.
  std::vector<std::string> rows;
  for (const ReportRow& r : payroll.rows) rows.push_back(b->desired->ws().users[r.user].email);
  CHECK(rows == std::vector<std::string>{"ada@x.io", "eve@x.io", "lee@x.io", "quinn@x.io"});
  CHECK(payroll.without_access == 1);  // nora; sam is disabled, not counted

  const ReportRow* quinn = RowOf(*b, payroll, "quinn@x.io");
  REQUIRE(quinn != nullptr);
  CHECK(Caps(*quinn) == Row{"none", "run", "none", "none"});  // E1
  CHECK(quinn->cells[0].grants == kNoCauses);
  CHECK(Why(*b, quinn->cells[1]) == "group 'qa' (a.yaml:16:12)");
  CHECK_FALSE(quinn->promote.now);

  const ReportRow* lee = RowOf(*b, payroll, "lee@x.io");
  REQUIRE(lee != nullptr);
  CHECK(lee->owner);
  CHECK(lee->promote.now);
  CHECK(Why(*b, lee->cells[0]) == "owner of the app (a.yaml:26:12), group 'leads' (a.yaml:20:12)");
  // Typed: the grants themselves, the owner first (Explain's order).
  const Causes& lee_grants = b->report.cell_grants[lee->cells[0].grants];
  REQUIRE(lee_grants.size() == 2);
  CHECK(lee_grants[0].kind == GrantSource::Kind::kOwner);
  CHECK(lee_grants[1].name == "leads");
  const ReportRow* ada = RowOf(*b, payroll, "ada@x.io");
  REQUIRE(ada != nullptr);
  CHECK(Why(*b, ada->cells[3]) == "admin (a.yaml:4:20)");
  CHECK(ada->release.now);

  REQUIRE(payroll.owner.has_value());
  CHECK(b->desired->ws().users[*payroll.owner].email == "lee@x.io");
  CHECK(UserEmails(b->desired->ws(), payroll.promoters) ==
        std::vector<std::string>{"ada@x.io", "lee@x.io"});
  CHECK(payroll.released);
  CHECK(payroll.hidden);  // staff's grant hides it (R11), access unchanged
  const ReportApp& tools = AppNamed(*b, "tools");
  CHECK_FALSE(tools.released);
  CHECK_FALSE(tools.hidden);
}

TEST_CASE("report: the grants on an app, by role and group, with their reach") {
  auto b = Build(kConfig);
  const ReportApp& payroll = AppNamed(*b, "payroll");
  REQUIRE(payroll.grants.size() == 3);
  CHECK(payroll.grants[0].holder == "leads");
  CHECK(payroll.grants[0].all_apps);
  CHECK(ReportGrantEnvironments(payroll.grants[0]) == "(default: all)");
  CHECK_FALSE(payroll.grants[0].environments.has_value());
  CHECK(payroll.grants[1].holder == "qa");
  CHECK(payroll.grants[1].members == 2);
  CHECK(ReportGrantEnvironments(payroll.grants[1]) == "staging");
  CHECK(GrantLocation(b->report, payroll.grants[1]) == "a.yaml:16:12");
  CHECK(payroll.grants[2].holder == "staff");
  CHECK(payroll.grants[2].hide_from_dashboard);
  // tools: only leads' "*" grant names it.
  REQUIRE(AppNamed(*b, "tools").grants.size() == 1);
}

TEST_CASE("report: the per-user view and workspace permissions") {
  auto b = Build(kConfig);
  const Workspace& ws = b->desired->ws();
  REQUIRE(b->report.user_views.size() == ws.users.size());
  for (const ReportUser& u : b->report.user_views) {
    const std::string& email = ws.users[u.user].email;
    INFO(email);
    if (email == "sam@x.io") {
      CHECK(u.disabled);
      CHECK(u.apps.empty());
      CHECK(u.permissions.empty());
    }
    if (email == "lee@x.io") {
      CHECK(GroupNames(ws, u.groups) == std::vector<std::string>{"leads"});
      CHECK(u.permissions == std::vector<WorkspacePermission>{WorkspacePermission::kAppCreate,
                                                              WorkspacePermission::kAppPromote});
      CHECK(u.apps.size() == 2);
    }
    if (email == "nora@x.io") CHECK(u.apps.empty());
    if (email == "ada@x.io") CHECK(u.permissions.size() == kWorkspacePermissionCount);
  }
}

TEST_CASE("report: against a current state, changed cells, flags and rows are marked") {
  // Current: qa views payroll in staging, sam was enabled, lee could not promote.
  std::string current = kConfig;
  current.replace(current.find("sam@x.io: {role: builder, disabled: true}"), 41,
                  "sam@x.io: {role: builder}");
  current.replace(current.find("permission: edit, environments: [staging]"), 16,
                  "permission: view");
  current.replace(current.find("permissions: [appPromote]"), 25, "permissions: []");
  auto b = Build(kConfig, current);
  const Report& r = b->report;
  REQUIRE(r.compared);
  CHECK(r.current_label == "main");
  CHECK(r.gains == b->diff.summary.access_gains);
  CHECK(r.losses == b->diff.summary.access_losses);
  CHECK(r.access_changes.size() == b->diff.cells.size() + b->diff.permissions.size() +
                                       b->diff.eligibility.size() + b->diff.data_sources.size());
  CHECK(r.entity_changes.size() == b->diff.entities.size());

  const ReportApp& payroll = AppNamed(*b, "payroll");
  const ReportRow* quinn = RowOf(*b, payroll, "quinn@x.io");
  REQUIRE(quinn != nullptr);
  REQUIRE(quinn->cells[1].before.has_value());
  CHECK(*quinn->cells[1].before == Capability::kPreview);
  CHECK(quinn->cells[1].now == Capability::kRun);
  CHECK_FALSE(quinn->cells[0].before.has_value());
  // sam, now disabled, lost preview: kept (as a change) though disabled.
  const ReportRow* sam = RowOf(*b, payroll, "sam@x.io");
  REQUIRE(sam != nullptr);
  CHECK(sam->changed());
  CHECK(*sam->cells[1].before == Capability::kPreview);
  const ReportRow* lee = RowOf(*b, payroll, "lee@x.io");
  REQUIRE(lee != nullptr);
  CHECK(lee->promote.now);
  CHECK(lee->promote.changed);
  CHECK_FALSE(lee->release.changed);
  // The user view carries the permission change with its direction.
  for (const ReportUser& u : r.user_views) {
    if (b->desired->ws().users[u.user].email == "lee@x.io") {
      CHECK(u.permission_changes == std::vector<ReportPermissionChange>{
                                        {WorkspacePermission::kAppPromote, Direction::kGain}});
    }
  }
  // By risk, then gains before losses within each.
  for (size_t i = 1; i < r.access_changes.size(); ++i) {
    const ReportChange& x = r.access_changes[i - 1];
    const ReportChange& y = r.access_changes[i];
    CHECK(std::make_pair(x.risk, x.direction) <= std::make_pair(y.risk, y.direction));
  }
}

TEST_CASE("report --format html is self-contained and escapes what it shows") {
  auto b = Build(kConfig);
  Report r = b->report;
  r.title = "<script>alert('x')</script> & \"co\"";
  std::string html = ReportToHtml(r, b->desired->ws());
  // Nothing is fetched and nothing runs.
  for (const char* forbidden : {"<script", "http://", "https://", "src=", "@import", "url(",
                                "<link", "<img", "<iframe"}) {
    INFO(forbidden);
    CHECK(html.find(forbidden) == std::string::npos);
  }
  CHECK(html.find("<title>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;"
                  "</title>") != std::string::npos);
  CHECK(html.find("default-src 'none'") != std::string::npos);
  // One matrix cell per (row, column), with its data attributes.
  size_t cells = 0;
  for (const ReportApp& a : r.apps) cells += a.rows.size() * r.columns.size();
  // + the users table's, one per user and app + the legend's five.
  size_t user_cells = 0;
  for (const ReportUser& u : r.user_views) user_cells += UserApps(r, u).size() * r.columns.size();
  CHECK(Count(html, "<td class=\"cap cap-") == cells + user_cells + 5);
  CHECK(html.find("<td class=\"cap cap-run\" data-user=\"quinn@x.io\" data-app=\"payroll\" "
                  "data-column=\"staging\" data-capability=\"run\" title=\"run from group "
                  "&#39;qa&#39; (a.yaml:16:12)\">run</td>") != std::string::npos);
  CHECK(html.find("id=\"app-payroll\"") != std::string::npos);
}

TEST_CASE("report --format markdown escapes table text and keeps one row per line") {
  auto b = Build(kConfig);
  Report r = b->report;
  r.title = "a|b *c* <d>";
  r.findings.push_back({Severity::kWarning, Code::kUnusedGroup, {0, 1, 1}, "pipe | and\nnewline"});
  std::string md = ReportToMarkdown(r, b->desired->ws());
  CHECK(md.rfind("# a\\|b \\*c\\* &lt;d&gt;\n", 0) == 0);
  CHECK(md.find("| warning | a.yaml:1:1 | pipe \\| and newline | unused-group |\n") !=
        std::string::npos);
  CHECK(md.find("| quinn@x.io | builder | qa | none | **run** | none | none | no | no |\n") !=
        std::string::npos);
  CHECK(md.back() == '\n');
}

TEST_CASE("report --format csv has every user, app and column, with the grants") {
  auto b = Build(kConfig);
  std::string csv = ReportToCsv(b->report, b->desired->ws());
  const Workspace& ws = b->desired->ws();
  CHECK(Count(csv, "\r\n") == 1 + ws.users.size() * ws.apps.size() * 4);
  CHECK(csv.rfind("user,role,disabled,app,column,capability,previous,change,grants\r\n", 0) == 0);
  CHECK(csv.find("quinn@x.io,builder,no,payroll,staging,run,,,group 'qa' (a.yaml:16:12)\r\n") !=
        std::string::npos);
  CHECK(csv.find("sam@x.io,builder,yes,payroll,staging,none,,,\r\n") != std::string::npos);
  CHECK(csv.find("\"owner of the app (a.yaml:26:12), group 'leads' (a.yaml:20:12)\"") !=
        std::string::npos);
}

TEST_CASE("report --format json holds the same content") {
  auto b = Build(kConfig);
  auto j = nlohmann::json::parse(ReportToJson(b->report, b->desired->ws()));
  CHECK(j["stagegate_report"] == 1);
  CHECK(j["current"].is_null());
  CHECK(j["columns"] == nlohmann::json({"development", "staging", "production", "released"}));
  REQUIRE(j["apps"].size() == 2);
  const auto& payroll = j["apps"][0];
  CHECK(payroll["name"] == "payroll");
  CHECK(payroll["hiddenFromDashboard"] == true);
  CHECK(payroll["usersWithoutAccess"] == 1);
  bool found = false;
  for (const auto& row : payroll["access"]) {
    if (row["user"] != "quinn@x.io") continue;
    found = true;
    CHECK(row["cells"]["staging"]["capability"] == "run");
    CHECK(row["cells"]["staging"]["grants"] == "group 'qa' (a.yaml:16:12)");
    CHECK(row["cells"]["development"].dump() == R"({"capability":"none"})");
  }
  CHECK(found);
  CHECK(j["users"].size() == 6);
  CHECK(payroll["grants"][0]["environments"].is_null());  // R3 default
  CHECK(payroll["grants"][1]["environments"] == nlohmann::json({"staging"}));
}

TEST_CASE("stagegate report: exit codes and what is written") {
  TempDir dir;
  dir.Write("cfg/a.yaml", kConfig);
  const std::string cfg = dir.path() + "/cfg";
  const std::string out = dir.path() + "/report.html";

  SECTION("valid: written, exit 0; html is the default format") {
    auto r = Run({"report", cfg, "-o", out});
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("[user-without-access]") != std::string::npos);  // nora: warnings only
    CHECK(ReadFile(out).rfind("<!DOCTYPE html>", 0) == 0);
  }
  SECTION("a failed assertion: written, showing it, exit 1") {
    dir.Write("cfg/b.yaml",
              "assertions:\n  - {user: quinn@x.io, app: payroll, expect: {staging: preview}}\n");
    auto r = Run({"report", cfg, "--format", "markdown", "-o", out});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("[assertion-failed]") != std::string::npos);
    CHECK(ReadFile(out).find("| error | " + cfg + "/b.yaml:2:47 |") != std::string::npos);
  }
  SECTION("other errors: nothing written, exit 1") {
    dir.Write("cfg/b.yaml", "groups: {x: {members: [ghost@x.io]}}\n");
    auto r = Run({"report", cfg, "-o", out});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("stagegate: no report: the configuration has 1 error\n") != std::string::npos);
    CHECK_FALSE(FileExists(out));
  }
  SECTION("a current state that cannot be read: exit 3, nothing written") {
    auto r = Run({"report", cfg, "--current", dir.path() + "/missing.json", "-o", out});
    CHECK(r.exit_code == 3);
    CHECK_FALSE(FileExists(out));
  }
  SECTION("a current state with errors: exit 1") {
    dir.Write("old/a.yaml", "version: 1\nusers: {a@x.io: {role: wizard}}\n");
    auto r = Run({"report", cfg, "--current", dir.path() + "/old", "-o", out});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("stagegate: cannot report: the current state '" + dir.path() +
                     "/old' has 1 error\n") != std::string::npos);
    CHECK_FALSE(FileExists(out));
  }
  SECTION("an unknown format is a usage error") {
    auto r = Run({"report", cfg, "--format", "pdf"});
    CHECK(r.exit_code == 3);
  }
  SECTION("the same input gives byte-identical output") {
    for (const char* format : {"html", "markdown", "csv", "json"}) {
      INFO(format);
      auto first = Run({"report", cfg, "--format", format, "--current", cfg});
      auto second = Run({"report", cfg, "--format", format, "--current", cfg});
      CHECK(first.exit_code == 0);
      CHECK(first.out == second.out);
      CHECK_FALSE(first.out.empty());
    }
  }
}

// R13: a public app opens the report, leads its app's facts and matrix (the
// row anyone), and an app made public is the first access change.
TEST_CASE("report: a public app is shown first, with the row anyone") {
  const std::string app =
      "apps:\n"
      "  careers:\n"
      "    versions: [{name: v1, environment: production, status: released}]\n";
  const std::string base = "version: 1\nusers: {ada@x.io: {role: admin}}\n";
  auto b = Build(base + app + "    public: true\n", base + app);
  const ReportApp& careers = AppNamed(*b, "careers");
  CHECK(careers.anyone == PublicAccess::kUse);
  CHECK(careers.anyone_before == PublicAccess::kNone);
  std::vector<ReportCell> anyone = AnyoneRow(careers);
  REQUIRE(anyone.size() == 4);
  CHECK(anyone[3].now == Capability::kUse);
  CHECK(anyone[3].before == Capability::kNone);
  CHECK_FALSE(anyone[0].before);
  REQUIRE_FALSE(b->report.access_changes.empty());
  const ReportChange& first = b->report.access_changes[0];
  CHECK(first.kind == ReportChangeKind::kPublic);
  CHECK(first.user == "anyone");
  CHECK(ChangeWhat(first) == "public app careers");
  CHECK(ReportValueName(first.after) == "use");
  const std::string html = ReportToHtml(b->report, b->desired->ws());
  const std::string banner =
      "&#9888; App <a href=\"#app-careers\">careers</a>: PUBLIC: anyone with its link opens the "
      "released app without signing in (R13)</p>";
  CHECK(Count(html, banner) == 1);
  CHECK(html.find(banner) < html.find("<nav"));
  CHECK(html.find("<tr data-user=\"anyone\"><th scope=\"row\">anyone") <
        html.find("<tr data-user=\"ada@x.io\">"));
  const std::string md = ReportToMarkdown(b->report, b->desired->ws());
  CHECK(md.find("> ⚠️ App **careers**: PUBLIC: anyone with its link opens the released app "
                "without signing in (R13)") < md.find("## Summary"));
}

// Issue 23 item 5: a report built for a security review. The changed
// configuration: payroll made public, a group and a user added with
// production access and appPromote, qa reaching one more app in staging, and
// eve's production preview taken away.
std::unique_ptr<Built> ReviewChange() {
  auto replace = [](std::string text, const std::string& from, const std::string& to) {
    size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
  };
  const std::string current =
      replace(kConfig, "environments: [released], hideFromDashboard: true",
              "environments: [production, released], hideFromDashboard: true");
  std::string desired = replace(kConfig, "  nora@x.io: {role: builder}\n",
                                "  nora@x.io: {role: builder}\n  zed@x.io: {role: builder}\n");
  desired = replace(desired, "  staff:\n",
                    "  contractors:\n"
                    "    members: [zed@x.io]\n"
                    "    permissions: [appPromote]\n"
                    "    apps: [{apps: [payroll], permission: edit, environments: [development, "
                    "production]}]\n"
                    "  staff:\n");
  desired = replace(desired, "apps: [{apps: [payroll], permission: edit, environments: [staging]}]",
                    "apps: [{apps: [payroll, tools], permission: edit, environments: [staging]}]");
  desired = replace(desired, "    owner: lee@x.io\n", "    owner: lee@x.io\n    public: true\n");
  return Build(desired, current);
}

// The text from `start` up to (not including) `end`.
std::string Between(const std::string& text, const std::string& start, const std::string& end) {
  size_t from = text.find(start);
  if (from == std::string::npos) return "(no " + start + ")";
  size_t to = text.find(end, from + start.size());
  return text.substr(from, to == std::string::npos ? std::string::npos : to - from);
}

TEST_CASE("report: changes by risk, public first, then production, then promote and release") {
  auto b = ReviewChange();
  const std::string md = ReportToMarkdown(b->report, b->desired->ws());
  CHECK(Between(md, "| risk |", "\n\n") ==
        "| risk | change | user | what | column | before | after | because of |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- |\n"
        "| public | **▲ gain** | anyone | public app payroll | released | none | use | public: "
        "true (a.yaml:32:13) |\n"
        "| production | **▲ gain** | zed@x.io | payroll | production | none | run | group "
        "'contractors' (a.yaml:25:12) |\n"
        "| production | ▼ loss | eve@x.io | payroll | production | preview | none | group 'staff' "
        "(a.yaml:23:12) |\n"
        "| promote/release | **▲ gain** | zed@x.io | workspace permission appPromote |  | no | yes "
        "| group 'contractors' (a.yaml:24:19) |\n"
        "| promote/release | **▲ gain** | zed@x.io | promote payroll |  | no | yes | group "
        "'contractors' (a.yaml:24:19), group 'contractors' (a.yaml:25:12) |\n"
        "| other | **▲ gain** | quinn@x.io | tools | staging | none | run | group 'qa' "
        "(a.yaml:17:12) |\n"
        "| other | **▲ gain** | zed@x.io | payroll | development | none | edit | group "
        "'contractors' (a.yaml:25:12) |\n"
        "| other | **▲ gain** | zed@x.io | workspace permission appCreate |  | no | yes | role "
        "'builder' (a.yaml:12:27) |");
  // The same order in HTML and JSON, which names each change's risk.
  const std::string html = ReportToHtml(b->report, b->desired->ws());
  CHECK(html.find("<tr class=\"change-gain\" data-risk=\"public\"><td class=\"risk-public\">"
                  "public</td><td class=\"dir gain\">&#9650; gain</td><td>anyone</td>") <
        html.find("data-risk=\"production\"><td class=\"risk-production\">production</td>"));
  CHECK(html.find("<tr class=\"change-loss\" data-risk=\"production\">") <
        html.find("data-risk=\"promote/release\"><td class=\"risk-promote-release\">"));
  const auto j = nlohmann::json::parse(ReportToJson(b->report, b->desired->ws()));
  std::vector<std::string> risks;
  for (const auto& c : j["changes"]["access"]) risks.push_back(c["risk"]);
  CHECK(risks == std::vector<std::string>{"public", "production", "production", "promote/release",
                                          "promote/release", "other", "other", "other"});
}

TEST_CASE("report: a gain is flagged for review, never styled like all clear") {
  auto b = ReviewChange();
  const std::string html = ReportToHtml(b->report, b->desired->ws());
  // The colour of "all clear" (no errors) is not a gain's.
  auto var = [&](const std::string& name) { return Between(html, "--" + name + ":", ";"); };
  CHECK(var("ok") == "--ok:#15803d");
  CHECK(var("gain") == "--gain:#c2410c");
  CHECK(html.find(".card.good b{color:var(--ok)}") != std::string::npos);
  CHECK(html.find("td.changed,.chip.changed{outline:3px solid var(--gain)") != std::string::npos);
  // The gains card is a warning, not "good".
  CHECK(html.find("<div class=\"card gain\"><b>7</b>access gains</div>") != std::string::npos);
  CHECK(html.find("td.changed.loss,.chip.changed.loss{outline:2px dashed var(--loss)") !=
        std::string::npos);
  CHECK(var("loss") == "--loss:#475569");
  // No capability is green either: run is violet.
  CHECK(html.find("--run-bg:#ede9fe;--run-fg:#5b21b6") != std::string::npos);
}

TEST_CASE("report: an added group or user lists what it grants and holds") {
  auto b = ReviewChange();
  const std::string md = ReportToMarkdown(b->report, b->desired->ws());
  CHECK(Between(md, "- **added** user zed@x.io", "- **changed**") ==
        "- **added** user zed@x.io\n"
        "  - role: builder\n"
        "  - groups: contractors\n"
        "  - workspace permissions: appCreate, appPromote\n"
        "  - app payroll: development edit, production run\n"
        "- **added** group contractors\n"
        "  - members: zed@x.io\n"
        "  - workspace permissions: appPromote\n"
        "  - app grant: edit on payroll in development, production\n");
  const std::string html = ReportToHtml(b->report, b->desired->ws());
  CHECK(html.find("<li><b>added</b> group contractors<ul><li>members: zed@x.io</li><li>workspace "
                  "permissions: appPromote</li><li>app grant: edit on payroll in development, "
                  "production</li></ul></li>") != std::string::npos);
  const auto j = nlohmann::json::parse(ReportToJson(b->report, b->desired->ws()));
  const auto& added = j["changes"]["configuration"][1];
  CHECK(added["entity"] == "group contractors");
  CHECK(added["grants"][2] == "app grant: edit on payroll in development, production");
  CHECK_FALSE(j["changes"]["configuration"][2].contains("grants"));  // a changed group
}

TEST_CASE("report: the header names stagegate's version, the rules and the compared revisions") {
  auto b = ReviewChange();
  b->report.version = "9.8.7";
  b->report.current_commit = "0123456789abcdef0123456789abcdef01234567";
  std::string md = ReportToMarkdown(b->report, b->desired->ws());
  CHECK(Between(md, "Workspace", "\n\n") ==
        "Workspace **demo** · environments development → staging → production · version rules "
        "**default**  \n"
        "stagegate **9.8.7** · access rules **documented (R1-R13)**  \n"
        "Configuration cfg compared with the current state main (commit "
        "0123456789abcdef0123456789abcdef01234567)");
  b->report.date = "2025-12-04T22:53:27Z";
  b->report.access_rules = AccessRules::kServer;
  md = ReportToMarkdown(b->report, b->desired->ws());
  CHECK(md.find("stagegate **9.8.7** · access rules **server (R1-R13 with S1-S6)** · date "
                "**2025-12-04T22:53:27Z**  \n") != std::string::npos);
  const std::string html = ReportToHtml(b->report, b->desired->ws());
  CHECK(html.find("<p class=\"meta\">stagegate <b>9.8.7</b> &middot; access rules <b>server "
                  "(R1-R13 with S1-S6)</b> &middot; date <b>2025-12-04T22:53:27Z</b></p>\n"
                  "<p class=\"meta\">Configuration <code>cfg</code> compared with the current "
                  "state <code>main (commit 0123456789abcdef0123456789abcdef01234567)</code>") !=
        std::string::npos);
  const auto j = nlohmann::json::parse(ReportToJson(b->report, b->desired->ws()));
  CHECK(j["stagegateVersion"] == "9.8.7");
  CHECK(j["accessRules"] == "server");
  CHECK(j["date"] == "2025-12-04T22:53:27Z");
  CHECK(j["currentCommit"] == "0123456789abcdef0123456789abcdef01234567");
}

TEST_CASE("report: the users table labels every column and shows public apps as anyone's") {
  auto b = ReviewChange();
  const std::string md = ReportToMarkdown(b->report, b->desired->ws());
  const std::string users = Between(md, "## Users\n\n", "\n\n");
  CHECK(Between(users, "| user |", "\n") ==
        "| user | role | groups | workspace permissions | app | development | staging | "
        "production | released |");
  // nora reaches no app but the public one, as anyone (R13); quinn's own
  // grants give less there than anyone gets.
  CHECK(users.find("\n| nora@x.io | builder | none | appCreate | payroll (public: as anyone, R13) "
                   "| none | none | none | ▲ **use** (was none) |\n") != std::string::npos);
  CHECK(users.find("\n| quinn@x.io | builder | qa | appCreate | payroll (public: released use as "
                   "anyone, R13) | none | **run** | none | none |\n"
                   "| quinn@x.io |  |  |  | tools | none | ▲ **run** (was none) | none | none |\n") !=
        std::string::npos);
  CHECK(users.find("\n| sam@x.io (disabled: no access) | builder | qa | none | no app | - | - | - "
                   "| - |") != std::string::npos);
  // Every table's header cell says what its column is.
  for (size_t at = md.find("\n| "); at != std::string::npos; at = md.find("\n| ", at + 1)) {
    std::string line = md.substr(at + 1, md.find('\n', at + 1) - at - 1);
    if (md.compare(at + 1 + line.size() + 1, 5, "| ---") != 0) continue;  // not a header row
    INFO(line);
    CHECK(line.find("|  |") == std::string::npos);
  }
  const std::string html = ReportToHtml(b->report, b->desired->ws());
  CHECK(html.find("<th></th>") == std::string::npos);
  CHECK(html.find("<table class=\"users\"><thead><tr><th>user</th><th>role</th><th>groups</th>"
                  "<th>workspace permissions</th><th>app</th><th>development</th><th>staging</th>"
                  "<th>production</th><th>released</th></tr></thead>") != std::string::npos);
  CHECK(html.find("<td><b>payroll</b> <span class=\"small\">(public: as anyone, R13)</span></td>"
                  "<td class=\"cap cap-none\" data-column=\"development\"") != std::string::npos);
}

TEST_CASE("stagegate report: no clock, unless SOURCE_DATE_EPOCH names the date") {
  TempDir dir;
  dir.Write("cfg/a.yaml", kConfig);
  const std::string cfg = dir.path() + "/cfg";
  auto plain = Run({"report", cfg, "--format", "markdown"});
  CHECK(plain.exit_code == 0);
  CHECK(plain.out.find("date") == std::string::npos);
  // The version --version prints ("stagegate 0.1.0").
  std::string version = Run({"--version"}).out;
  REQUIRE(version.rfind("stagegate ", 0) == 0);
  version = version.substr(10, version.find('\n') - 10);
  CHECK(plain.out.find("stagegate **" + version + "** · access rules **documented (R1-R13)**  \n") !=
        std::string::npos);
  RunOptions dated;
  dated.env["SOURCE_DATE_EPOCH"] = "1764888807";
  auto r = Run({"report", cfg, "--format", "markdown"}, dated);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find(" · date **2025-12-04T22:53:27Z**  \n") != std::string::npos);
  dated.env["SOURCE_DATE_EPOCH"] = "0";
  CHECK(Run({"report", cfg, "--format", "json"}, dated).out.find(
            "\"date\": \"1970-01-01T00:00:00Z\"") != std::string::npos);
  dated.env["SOURCE_DATE_EPOCH"] = "951782400";  // a leap day
  CHECK(Run({"report", cfg, "--format", "markdown"}, dated).out.find(
            "date **2000-02-29T00:00:00Z**") != std::string::npos);
  dated.env["SOURCE_DATE_EPOCH"] = "yesterday";
  auto bad = Run({"report", cfg, "--format", "markdown"}, dated);
  CHECK(bad.exit_code == 3);
  CHECK(bad.out.empty());
  CHECK(bad.err ==
        "stagegate: SOURCE_DATE_EPOCH is 'yesterday'; expected a non-negative integer (seconds "
        "since 1970-01-01 UTC, up to 253402300799); unset it for a report without a date\n");
}

TEST_CASE("stagegate report --current git:REF names the commit compared with") {
  STAGEGATE_REQUIRE_TOOL("git");
  TempDir dir;
  dir.Write("repo/cfg/a.yaml", kConfig);
  const std::string repo = dir.path() + "/repo";
  auto git = [&](std::vector<std::string> args) {
    std::vector<std::string> argv = {"git", "-C", repo, "-c", "commit.gpgsign=false", "-c",
                                     "user.email=t@example.com", "-c", "user.name=T"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::string command;
    for (const std::string& a : argv) command += "'" + a + "' ";
    std::string out;
    FILE* pipe = popen((command + "2>/dev/null").c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[256];
    while (fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
    REQUIRE(pclose(pipe) == 0);
    return out.substr(0, out.find('\n'));
  };
  git({"init", "-q"});
  git({"add", "."});
  git({"commit", "-q", "-m", "config"});
  const std::string head = git({"rev-parse", "HEAD"});
  REQUIRE(head.size() == 40);
  auto r = Run({"report", "cfg", "--current", "git:HEAD", "--format", "markdown"}, InDirectory(repo));
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("Configuration cfg compared with the current state git:HEAD (commit " + head +
                   ")\n") != std::string::npos);
  auto j = Run({"report", "cfg", "--current", "git:HEAD", "--format", "json"}, InDirectory(repo));
  CHECK(nlohmann::json::parse(j.out)["currentCommit"] == head);
}

}  // namespace
}  // namespace stagegate
