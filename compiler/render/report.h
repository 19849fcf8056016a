// `stagegate report`: the permission report a reviewer reads. BuildReport
// gathers everything once (the matrix per app with the grants behind each
// cell, the per-user view, promote / release eligibility, data source access,
// the findings and, against a current state, what changed) as typed values:
// indexes into the workspace, capabilities, grants, locations. What is
// computed comes from the stages that own it (the grants from access/, the
// changes from diff/); the renderers (report_html.cc, report_markdown.cc,
// report_csv.cc, report_json.cc) turn it into text, with the wording they
// share below, so every format says the same thing. Secrets never appear:
// the model holds none (model/workspace.h) and findings carry no code frames.
#ifndef STAGEGATE_RENDER_REPORT_H_
#define STAGEGATE_RENDER_REPORT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "access/access.h"
#include "diff/diff.h"
#include "source/diagnostic.h"
#include "source/limits.h"
#include "source/source_set.h"

namespace stagegate {

struct ReportInput {
  std::string title;          // empty: "Access report: <workspace>"
  std::string desired_label;  // the configuration paths, as given
  const AccessMatrix* matrix = nullptr;
  const SourceSet* sources = nullptr;    // where the desired side's locations point
  const Diagnostics* findings = nullptr;  // the configuration's warnings and failed assertions
  // With --current: the diff against it (nullptr: no comparison).
  const Diff* diff = nullptr;
  std::string current_label;  // the --current spec, as given
  // For git:REF: the commit REF resolved to (full id); empty otherwise.
  std::string current_commit;
  bool current_absent = false;  // git:REF without the configuration: everything is new
  const SourceSet* current_sources = nullptr;
  // The header's: stagegate's version ("0.1.0") and, only when
  // SOURCE_DATE_EPOCH is set, that date ("2026-12-04T22:53:27Z"). The
  // report reads no clock: the same input gives the same bytes.
  std::string version;
  std::string date;
};

// "yes", "no": how the report writes a yes/no (promote, release, disabled).
std::string_view YesNo(bool value);

// One (user, app, column) cell; `before` only when it changed.
struct ReportCell {
  Capability now = Capability::kNone;
  std::optional<Capability> before;
  // Who gives it: the grants behind the level and the column (CellGrants),
  // an index into Report::cell_grants; kNoCauses for none.
  uint32_t grants = kNoCauses;
  // With `before`: a gain when `now` gives more.
  Direction change() const;
};

// A changed yes/no (promote, release, a workspace permission).
struct ReportFlag {
  bool now = false;
  bool changed = false;  // `before` is !now
  // When changed: a gain when it is now held.
  Direction change() const { return now ? Direction::kGain : Direction::kLoss; }
};

// One user's access to one app.
struct ReportRow {
  uint32_t user = 0;  // Workspace::users index
  bool owner = false;
  std::vector<ReportCell> cells;  // one per column
  ReportFlag promote, release;    // R9, R10
  bool changed() const;
};

// A role's or group's grant that reaches an app (by name or "*").
struct ReportGrant {
  bool role = false;     // the role's default group, else a custom group
  std::string holder;    // role or group name
  size_t members = 0;    // users it reaches (a role: users with that role)
  AppLevel level = AppLevel::kView;
  // As written; nullopt: no `environments` key (R3 default).
  std::optional<std::vector<std::string>> environments;
  bool all_apps = false;
  bool hide_from_dashboard = false;  // R11: reports only
  Location location;  // invalid: built in
};

// A grant's environments for a table: "development, staging", "(default:
// all)", "(none)".
std::string ReportGrantEnvironments(const ReportGrant& grant);

struct ReportVersion {
  std::string name;
  std::string environment;
  std::optional<VersionStatus> status;  // nullopt: missing or invalid
};

struct ReportApp {
  uint32_t app = 0;  // Workspace::apps index
  std::optional<uint32_t> owner;  // Workspace::users index
  bool released = false;
  bool hidden = false;  // a grant hides it from the dashboard (R11)
  std::vector<ReportVersion> versions;  // furthest along first (P8), then by name
  std::vector<ReportGrant> grants;
  // R13: what anyone with the app's link gets, signed in or not (kNone: the
  // app is not public), and anyone's capability per column; with --current,
  // what anyone got before when it changed.
  PublicAccess anyone = PublicAccess::kNone;
  std::vector<Capability> anyone_cells;
  std::optional<PublicAccess> anyone_before;
  // Enabled users with any access in any column, or any change, by user.
  std::vector<ReportRow> rows;
  size_t without_access = 0;  // enabled users left out: none everywhere, unchanged
  std::vector<std::string> data_sources;
  // The users who may promote (R9) and release (R10) it (Workspace::users
  // indexes, in order).
  std::vector<uint32_t> promoters, releasers;
};

// A workspace permission (R8) a user gained or lost.
struct ReportPermissionChange {
  WorkspacePermission permission = WorkspacePermission::kAppCreate;
  Direction direction = Direction::kGain;
  bool operator==(const ReportPermissionChange& other) const {
    return permission == other.permission && direction == other.direction;
  }
};

// One user's access to one data source (R12); nullopt: none.
struct ReportDataSourceAccess {
  std::optional<DataSourceLevel> now;
  bool changed = false;
  std::optional<DataSourceLevel> before;  // when changed
};

struct ReportUser {
  uint32_t user = 0;
  std::optional<UserRole> role;  // nullopt: missing or invalid
  std::vector<uint32_t> groups;  // Workspace::groups indexes, by name
  bool disabled = false;
  // Workspace permissions held now (enum order), and those gained or lost
  // (the diff's order).
  std::vector<WorkspacePermission> permissions;
  std::vector<ReportPermissionChange> permission_changes;
  // (app index in Report::apps, row index in that app's rows), in app order.
  std::vector<std::pair<uint32_t, uint32_t>> apps;
  // One per Workspace::data_sources.
  std::vector<ReportDataSourceAccess> data_sources;

  // Whether a permission held now was gained against the current state.
  bool Gained(WorkspacePermission permission) const;
  // The permissions lost against the current state, in the diff's order.
  std::vector<WorkspacePermission> Lost() const;
  // Whether the data source table lists this user: disabled users have no
  // access and are left out, unless they lost some.
  bool ShownInDataSources() const;
};

struct ReportFinding {
  Severity severity = Severity::kError;
  Code code = Code::kYamlSyntax;
  Location location;  // in Report::sources
  std::string message;
};

// What an access change is about.
enum class ReportChangeKind : uint8_t {
  kCell,
  kPermission,
  kPromote,
  kRelease,
  kDataSource,
  kPublic,  // R13: what anyone gets on an app (user "anyone", column "released")
};
// "cell", "permission", "promote", "release", "data source", "public".
std::string_view ReportChangeKindName(ReportChangeKind kind);

// A value before or after an access change: a cell's capability, whether a
// permission, promote or release is held, or a data source's access
// (nullopt: none).
// (nullopt: none), or what anyone gets on a public app.
using ReportValue = std::variant<Capability, bool, std::optional<DataSourceLevel>, PublicAccess>;
// "run", "yes", "no", "configure", "none", "once released", ...
std::string_view ReportValueName(const ReportValue& value);

// How much a change matters to a security review, the most first: what
// anyone gets on a public app (R13), then a cell in the last environment or
// `released`, then who may promote and release (appPromote, appRelease and
// the promote / release of an app), then the rest.
enum class ReportRisk : uint8_t { kPublic, kProduction, kPromoteRelease, kOther };
// "public", "production", "promote/release", "other".
std::string_view ReportRiskName(ReportRisk risk);
// How the list of access changes is ordered, for a reader.
inline constexpr std::string_view kChangesOrder =
    "Most risky first: what anyone gets on a public app (R13), then the last environment and "
    "released, then who may promote and release, then the rest; gains before losses.";

// One access change of the diff, as a reader sees it.
struct ReportChange {
  ReportChangeKind kind = ReportChangeKind::kCell;
  ReportRisk risk = ReportRisk::kOther;
  Direction direction = Direction::kGain;
  std::string user;
  std::string target;  // the app, or the data source (a permission change: empty)
  WorkspacePermission permission = WorkspacePermission::kAppCreate;  // a permission change's
  std::string column;  // a cell change's
  ReportValue before, after;
  // The grants behind the new value, in Report::sources; a loss: behind the
  // old one, in Report::current_sources.
  Causes causes;
  // A public app's change (R13): the `public: true` behind it, on the same side.
  Location public_at;
};

// The app, permission or data source a change is about: "payroll", "appRelease".
std::string_view ChangeTarget(const ReportChange& change);
// What a change is about, for a table column: the app of a cell change,
// "workspace permission appRelease", "promote payroll", "data source hr-api",
// "public app careers".
std::string ChangeWhat(const ReportChange& change);

// An entity change as a reader sees it: its title ("group qa", "version v3
// of app payroll") and, for a changed one, its fields ("apps[1].environments:
// [a] -> [a, b]").
std::string EntityChangeTitle(const EntityChange& change);
std::vector<std::string> EntityChangeFields(const EntityChange& change);

struct Report {
  std::string title;  // as given; empty: ReportTitle says "Access report: <workspace>"
  std::string desired_label;
  std::string workspace;  // the name; empty when not declared (WorkspaceLabel)
  std::vector<std::string> environments;
  VersionRules version_rules = VersionRules::kDefault;
  AccessRules access_rules = AccessRules::kDocumented;
  std::vector<std::string> columns;  // environments, then "released"
  size_t users = 0, disabled_users = 0, groups = 0, data_source_count = 0, constants = 0;
  std::vector<ReportApp> apps;
  std::vector<ReportUser> user_views;  // every user, by e-mail (disabled ones too)
  std::vector<std::string> data_sources;  // names
  std::vector<std::string> data_source_kinds;
  std::vector<ReportFinding> findings;
  size_t errors = 0, warnings = 0;
  std::string version;  // ReportInput's
  std::string date;     // ReportInput's: empty without SOURCE_DATE_EPOCH
  // With --current.
  bool compared = false;
  std::string current_label;
  std::string current_commit;  // git:REF's commit
  bool current_absent = false;
  size_t gains = 0, losses = 0;
  std::vector<EntityChange> entity_changes;  // the diff's (D1)
  // By risk (ReportRisk), then gains before losses, then in the diff's order.
  std::vector<ReportChange> access_changes;
  // The grants behind cells (ReportCell::grants), one list per (profile, app,
  // ownership, column) shown.
  std::vector<Causes> cell_grants;
  // Where the locations point: the desired side (grants, findings, the
  // causes of gains) and, compared, the current side (the causes of losses).
  // Both must outlive the report, as ReportInput's do.
  const SourceSet* sources = nullptr;
  const SourceSet* current_sources = nullptr;
};

// The names of groups and the e-mails of users, by index, for a list.
std::vector<std::string> GroupNames(const Workspace& ws, const std::vector<uint32_t>& groups);
std::vector<std::string> UserEmails(const Workspace& ws, const std::vector<uint32_t>& users);

// What an added group or user holds, one line each, for the list of
// configuration changes: a group's members, workspace permissions, app grants
// ("app grant: edit on payroll in development, production") and data source
// grants; a user's role, groups, workspace permissions and apps with their
// capabilities. Empty for any other change. Built once per report: the
// groups and users are found by name through an index (a new configuration
// adds every one of them).
class AddedEntityGrants {
 public:
  AddedEntityGrants(const Report& report, const Workspace& ws);
  std::vector<std::string> operator()(const EntityChange& change) const;

 private:
  const Report& report_;
  const Workspace& ws_;
  std::map<std::string_view, uint32_t> groups_, users_;  // name / key -> index
};

// The rule set in force, for the header: "documented (R1-R13)" or "server
// (R1-R13 with S1-S6)".
std::string_view ReportAccessRules(const Report& report);
// The current state compared with, as given, and for git:REF the commit it
// resolved to: "git:main (commit 0123abcd...)".
std::string ReportCurrentLabel(const Report& report);

// One line of a user's apps in the per-user view: their own row of an app,
// or a public app they open only as anyone (R13), with anyone's cells.
struct ReportUserApp {
  uint32_t app = 0;  // Report::apps index
  const ReportRow* row = nullptr;  // nullptr: as anyone
  std::vector<ReportCell> cells;
  // Empty, or for a public app "public", "public: released use as anyone,
  // R13" when anyone gets more than the user's grants give, "public: as
  // anyone, R13" when only anyone's cells reach it.
  std::string note;
  // The app's name with the note: "careers (public)".
  std::string Label(const Workspace& ws, const Report& report) const;
};
std::vector<ReportUserApp> UserApps(const Report& report, const ReportUser& view);

// The public apps (R13) a user does not reach through a grant, which they
// open like anyone (those where anyone gets something, or got something
// before): Report::apps indexes. Empty for a disabled user.
std::vector<uint32_t> PublicAppsOnlyAsAnyone(const Report& report, const ReportUser& view);

// The report's title: as given, or "Access report: <workspace>".
std::string ReportTitle(const Report& report);
// The workspace's name, or "(unnamed)".
std::string_view WorkspaceLabel(const Report& report);
// file:line:col of a location of the desired side.
std::string ReportLocation(const Report& report, const Location& location);
// Where a grant is defined: file:line:col, or "built in".
std::string GrantLocation(const Report& report, const ReportGrant& grant);
// The grants behind an access change: "group 'qa' (a.yaml:9:9), owner of the
// app"; empty when none are recorded.
std::string ChangeGrants(const Report& report, const ReportChange& change);

// The grants behind each cell as text ("group 'qa' (a.yaml:16:12), role
// 'builder' (built in)"; empty for none), each list described once: many
// cells share one, and some formats show a cell twice.
class CellGrantsText {
 public:
  explicit CellGrantsText(const Report& report);
  const std::string& operator()(const ReportCell& cell) const {
    return cell.grants < text_.size() ? text_[cell.grants] : none_;
  }

 private:
  std::vector<std::string> text_;
  std::string none_;
};

// R13, for an app's facts and the report's opening: "PUBLIC: anyone with its
// link opens the released app without signing in (R13)" (or "... will open
// ... once a version is released"); "" when the app is not public.
std::string PublicNotice(const ReportApp& app);
// Anyone's row of a public app's matrix: anyone_cells, with `before` where
// --current gave them less or more (R13); empty when the app is not public.
std::vector<ReportCell> AnyoneRow(const ReportApp& app);

// What a capability lets a user do, for the legends ("view and edit the
// app", ...), as docs/semantics.md says it.
std::string_view CapabilityMeaning(Capability capability);

// Everything the renderers need. `input.matrix`, `sources` and `findings`
// are required; `diff` with its labels when comparing.
Report BuildReport(const ReportInput& input);

// One self-contained HTML file: inline CSS, no script, no external asset,
// readable on a laptop screen and printable.
std::string ReportToHtml(const Report& report, const Workspace& ws);
// GitHub-flavoured Markdown with tables.
std::string ReportToMarkdown(const Report& report, const Workspace& ws);
// RFC 4180: user,role,app,column,capability,previous,change,grants, one
// record per user (enabled), app and column, the grants behind each cell.
std::string ReportToCsv(const Report& report, const Workspace& ws);
// {"stagegate_report": 1, ...}: documented in docs/cli.md.
std::string ReportToJson(const Report& report, const Workspace& ws);

}  // namespace stagegate

#endif  // STAGEGATE_RENDER_REPORT_H_
