// The effective permission matrix (semantics.md R1-R12): for every user, app
// and column (the environments in order, then `released`) the capability
// ToolJet would enforce, plus workspace permissions (R8), promote / release
// eligibility (R9, R10) and data source access (R12).
//
// Scale by design: users with the same role, disabled flag and set of groups
// share one Profile, whose app cells are computed once. A profile stores a
// default cell (from grants on "*") and a sparse, sorted list of cells for the
// apps that explicit grants name; so cost grows with distinct memberships x
// explicitly granted apps, not users x apps. App ownership (R6) is an overlay
// applied per (owner, app) at query time.
#ifndef STAGEGATE_ACCESS_ACCESS_H_
#define STAGEGATE_ACCESS_ACCESS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "model/workspace.h"

namespace stagegate {

// R2: the app permission level over all grants that reach a user.
enum class Level : uint8_t { kNone, kView, kEdit };
std::string_view LevelName(Level level);  // "none", "view", "edit"

// R12 access to a data source: "none" (nullopt), "use", "configure".
std::string_view DataSourceAccessName(std::optional<DataSourceLevel> level);

// A set of columns: bit i is environment i (pipeline order); bit
// AccessMatrix::column_count() - 1 is `released`. The format allows 8
// environments; a (reported) longer list is cut to kMaxEnvironments.
using ColumnMask = uint16_t;
inline constexpr size_t kMaxEnvironments = 15;

// Level and environment access (R1) for one app, before R4 maps them to
// capabilities per column.
struct Access {
  Level level = Level::kNone;
  ColumnMask columns = 0;  // R3: the union of the grants' environment sets

  friend bool operator==(const Access& a, const Access& b) {
    return a.level == b.level && a.columns == b.columns;
  }
  friend bool operator!=(const Access& a, const Access& b) { return !(a == b); }
};

// Folds one grant into an access (R2: edit beats view; R3: union of columns).
Access Combine(Access a, Access b);

// Whether app grant `grant` names app `name` ("*" names every app; unknown
// names, already reported, name none). The one reading of a grant's `apps`:
// the matrix, its explanations, the checks and the report all ask here.
bool GrantNamesApp(const AppGrant& grant, std::string_view name);

// R4: the capability of `access` in column `column` (an environment index, or
// the environment count for `released`). `access` is a user's finished access
// (a profile cell, AccessOf): R5 and the server's rules are already in it.
Capability CapabilityAt(const Workspace& ws, const Access& access, size_t column, bool released);

// R13: what anyone, signed in or not, gets on an app. A public app's
// released version opens for anyone with its link (`use` in `released`); a
// public app without a released version will as soon as one is released
// (ToolJet's viewer says "not released yet" until then). Users keep their
// own cells: this is a row of its own, "anyone", beside theirs.
enum class PublicAccess : uint8_t { kNone, kOnceReleased, kUse };
// "none", "once released", "use".
std::string_view PublicAccessName(PublicAccess access);
// The name of that row in the matrix, the state file, the plan and `explain`
// (no user can have it: an e-mail has an '@').
inline constexpr std::string_view kAnyone = "anyone";

struct AppCell {
  uint32_t app;  // index into Workspace::apps
  Access access;
};

struct DataSourceCell {
  uint32_t data_source;                  // index into Workspace::data_sources
  std::optional<DataSourceLevel> level;  // nullopt: none
};

// One distinct membership: every user with the same role, disabled flag and
// groups shares it.
struct Profile {
  AccessRules rules = AccessRules::kDocumented;  // the rule set it was compiled under
  UserRole role = UserRole::kBuilder;
  bool disabled = false;
  bool no_role = false;          // role missing or invalid (reported): no access
  std::vector<uint32_t> groups;  // indexes into Workspace::groups, sorted
  std::vector<uint32_t> users;   // indexes into Workspace::users, sorted
  // The profile's cells already apply R5 (end-users: view), R6 for admins
  // (default edit everywhere, no cells) and R7 (disabled: nothing); app
  // ownership is not in them (AccessOf adds it).
  Access default_access;      // apps no explicit grant names
  std::vector<AppCell> apps;  // sorted by app; only apps whose access differs from default_access
  uint32_t permissions = 0;   // R8: bit i = WorkspacePermission i
  std::optional<DataSourceLevel> default_data_source;  // R12, data sources not named
  std::vector<DataSourceCell> data_sources;  // sorted; only where different from the default
};

// What profile `p` gives on app `app`, ownership aside: its cell for the
// app, or its default. The one lookup of a profile: the rules that fold
// grants into access (R2, R3, R5, R6 for admins, R7) were applied when the
// profile was compiled (profiles.cc), in one place, so every reader of a
// profile sees the same rules.
Access ProfileAccess(const Profile& p, uint32_t app);

// R9 / R10: whether a profile holding `access` on an app may promote
// (appPromote) or release (appRelease) it: admins always (R6), end-users,
// disabled users and users without a valid role never (R5, R7), others with
// the permission (R8) and level edit; under `accessRules: server` the
// permission alone (S4).
bool ProfileMay(const Profile& p, WorkspacePermission permission, Access access);

// The rule ids behind promote and release eligibility, for labels: "R9" and
// "R10" under the documented rules, "S4" for both under the server's.
std::string_view PromoteRule(AccessRules rules);
std::string_view ReleaseRule(AccessRules rules);

class AccessMatrix {
 public:
  // Users whose role is missing or invalid (already reported) are treated as
  // having no access at all. References to unknown groups, apps or data
  // sources (already reported) are ignored.
  static AccessMatrix Compile(const Workspace& ws);
  // The same under another rule set than the workspace's `accessRules`
  // (the check that names where the two rule sets differ compiles both).
  static AccessMatrix Compile(const Workspace& ws, AccessRules rules);
  // The same workspace as `other` under `rules`: its users, profiles,
  // owners and released apps are taken from `other` (they do not depend on
  // the rule set), only the profiles' access is folded again.
  static AccessMatrix Compile(const AccessMatrix& other, AccessRules rules);

  const Workspace& workspace() const { return *ws_; }
  // The rule set the matrix was compiled under.
  AccessRules rules() const { return rules_; }
  const std::vector<Profile>& profiles() const { return profiles_; }
  // The profile of user `user` (index into Workspace::users).
  uint32_t ProfileOf(uint32_t user) const { return user_profile_[user]; }
  // The user index of app `app`'s owner, or nullopt.
  std::optional<uint32_t> OwnerOf(uint32_t app) const;
  // Columns: environments in order, then "released".
  size_t column_count() const { return environment_count_ + 1; }
  size_t released_column() const { return environment_count_; }
  std::string_view ColumnName(size_t column) const;
  // Index lookups (binary search; e-mails ignore ASCII case); nullopt when
  // unknown.
  std::optional<uint32_t> UserIndex(std::string_view email) const;
  std::optional<uint32_t> AppIndex(std::string_view name) const;
  std::optional<uint32_t> DataSourceIndex(std::string_view name) const;
  std::optional<size_t> ColumnIndex(std::string_view name) const;  // environment or "released"
  // The groups user `user` is a member of (indexes into Workspace::groups, sorted).
  const std::vector<uint32_t>& GroupsOf(uint32_t user) const {
    return profiles_[user_profile_[user]].groups;
  }
  ColumnMask AllColumns() const { return static_cast<ColumnMask>((1u << column_count()) - 1); }
  // Whether app `app` has a released version (R4).
  bool Released(uint32_t app) const { return released_[app]; }
  // R13: what anyone gets on app `app`, and their capability in `column`
  // (`use` in `released` of a public, released app; none elsewhere).
  PublicAccess PublicAccessOf(uint32_t app) const;
  Capability AnyoneAt(uint32_t app, size_t column) const;

  // The effective access of a user to an app: profile cell, R6 (admins,
  // owners), R7 (disabled users), with R5 applied for end-users.
  Access AccessOf(uint32_t user, uint32_t app) const;
  Capability At(uint32_t user, uint32_t app, size_t column) const;
  // R8 (admins: every permission; disabled: none).
  bool HasPermission(uint32_t user, WorkspacePermission permission) const;
  // R9 / R10 eligibility for app `app` (version placement is the plan's job).
  bool CanPromote(uint32_t user, uint32_t app) const;
  bool CanRelease(uint32_t user, uint32_t app) const;
  // R12: nullopt means no access (DataSourceAccessName says "none").
  std::optional<DataSourceLevel> DataSourceAccess(uint32_t user, uint32_t data_source) const;

 private:
  const Workspace* ws_ = nullptr;
  AccessRules rules_ = AccessRules::kDocumented;
  size_t environment_count_ = 0;  // min(environments, kMaxEnvironments)
  std::vector<Profile> profiles_;
  std::vector<uint32_t> user_profile_;
  std::vector<uint32_t> app_owner_;  // user index + 1; 0: no (known) owner
  std::vector<bool> released_;
};

// Where a piece of access comes from, for explanations, warnings and diffs.
struct GrantSource {
  enum class Kind : uint8_t { kRole, kGroup, kOwner, kAdmin };
  Kind kind = Kind::kGroup;
  std::string name;  // group or role name; the user for kOwner / kAdmin
  // The grant list item, the `owner` value, the user's `role` for kAdmin;
  // none for built-in roles. Explain adds a placeholder kRole entry with
  // level none (at the role key, or none when built in) when the role
  // group has no grant on the app, so a reader sees it was considered.
  Location location;
  // What this grant alone gives (level as written, columns with R3 applied
  // for this user's role; R5 is applied to the result, not here).
  Access access;
  bool all_apps = false;                // the grant is on "*"
  bool environments_defaulted = false;  // no `environments`: R3 default
  // S6 (accessRules: server): an edit grant reaching an end-user, which
  // ToolJet's server refuses; listed, but it gives nothing.
  bool refused = false;
};

// How every message, explanation and report names where a grant or a
// permission comes from: "role 'builder'", "group 'qa'" (for kOwner and
// kAdmin, `name` being the user: "owner 'lee@x.io'", "admin 'ada@x.io'").
// One function, so a group reads the same in a warning, an assertion's
// failure, `explain` and the report; readers that word owners and admins
// their own way ("ownership of 'payroll'", "admin") do so for those only.
std::string GrantHolderName(GrantSource::Kind kind, std::string_view name);

// Why one user has what they have on one app: every grant that reaches them
// and, per column, the capability, the rules that decided it and the grants
// that contributed.
struct ColumnExplanation {
  Capability capability = Capability::kNone;
  std::vector<std::string> rules;    // e.g. {"R2", "R3", "R4"}; R before S rules
  std::vector<size_t> level_from;    // grants (indexes) that gave the winning level
  std::vector<size_t> columns_from;  // grants whose environments include this column
  std::string note;                  // e.g. "not released", "disabled user (R7)"
  // Under accessRules: server, when the column comes from a default of
  // ToolJet's server rather than from a grant's environments (S1, S2, S3,
  // S5): why, e.g. "an edit grant always includes development on ToolJet's
  // server"; the rule id is in `rules`.
  std::string server_default;
};

struct Explanation {
  uint32_t user = 0;
  uint32_t app = 0;
  // R13: the app is public: anyone, this user too, gets this without a
  // grant (kNone: not public). Not folded into `columns`, which say what the
  // user's own account gives.
  PublicAccess anyone = PublicAccess::kNone;
  Access access;
  std::vector<GrantSource> grants;         // sorted: admin/owner, role, groups by name
  std::vector<ColumnExplanation> columns;  // one per column
};

Explanation Explain(const AccessMatrix& matrix, uint32_t user, uint32_t app);

// The grants of one user's profile on app `app` (role group and custom
// groups; owner and admin are added by Explain). Used by warnings too.
// Grants without a valid `permission` are left out.
std::vector<GrantSource> GrantsReaching(const AccessMatrix& matrix, uint32_t user, uint32_t app);

// A role's or a group's app grant that names an app (by name or "*").
struct HeldAppGrant {
  GrantSource::Kind kind = GrantSource::Kind::kGroup;  // kRole (a role's default group) or kGroup
  std::string_view holder;          // the role's or the group's name
  const AppGrant* grant = nullptr;  // in the matrix's workspace
  // The users it reaches: a role's users (disabled ones too), a group's
  // members as listed.
  size_t members = 0;
};

// Every grant of a role's default group (builder, then end-user; configured
// or built in) and of a custom group (by name) that names app `app`, each in
// list order; grants without a valid `permission` are left out. Whom it
// reaches is in `members`; what it gives a user is GrantsReaching's.
std::vector<HeldAppGrant> GrantsNamingApp(const AccessMatrix& matrix, uint32_t app);

// The grants behind the cells of a matrix: for one user's cells on one app,
// per column, the grants of Explain that gave the level and those whose
// environments include the column (in Explain's order, without repeats);
// none where the capability is none. Every user of a profile has the same
// grants on an app, its owner aside, so Explain runs once per (profile, app,
// ownership); a kAdmin entry (naming the user) is the first admin asked
// about, so every admin of one profile reads the same. The lists are numbered
// in the order they are computed: column c of (user, app) is Of(user, app) + c.
class CellGrants {
 public:
  explicit CellGrants(const AccessMatrix& matrix) : matrix_(&matrix) {}

  uint32_t Of(uint32_t user, uint32_t app);
  const std::vector<GrantSource>& operator[](uint32_t list) const { return lists_[list]; }
  // Every list computed, by number (the object is left empty).
  std::vector<std::vector<GrantSource>> Take() { return std::move(lists_); }

 private:
  struct Key {
    uint32_t profile, app;
    bool owner;
    bool operator<(const Key& o) const {
      return std::tie(profile, app, owner) < std::tie(o.profile, o.app, o.owner);
    }
  };
  const AccessMatrix* matrix_;
  std::map<Key, uint32_t> first_;  // the number of column 0
  std::vector<std::vector<GrantSource>> lists_;
};

}  // namespace stagegate

#endif  // STAGEGATE_ACCESS_ACCESS_H_
