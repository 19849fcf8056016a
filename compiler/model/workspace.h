// The typed workspace: every file and document of a configuration merged into
// plain structs, each entity and each reference carrying the Location it was
// written at. BuildWorkspace is the model stage's entry point; checks, the
// permission matrix, plans and diffs all read this instead of raw YAML.
//
// Contracts every later stage may rely on:
//  - entity vectors are sorted by name (users by lower-cased e-mail), with no
//    duplicates (the first definition wins; later ones were reported);
//  - names keep the spelling the user wrote; references are not resolved
//    here (checks reports unknown ones), so a Ref may name nothing;
//  - a value with the wrong shape (already reported by schema validation) is
//    left out or absent (std::nullopt), never guessed;
//  - no secret value is stored: a secret constant's literal value and a
//    credential-like option's literal value are replaced by flags (the live
//    reader alone keeps the text of a credential ToolJet holds in clear,
//    behind the flag, for `import` to write back; nothing compares or shows
//    it).
#ifndef STAGEGATE_MODEL_WORKSPACE_H_
#define STAGEGATE_MODEL_WORKSPACE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "source/diagnostic.h"
#include "source/location.h"
#include "source/wording.h"
#include "yaml/loader.h"
#include "yaml/tree.h"

namespace stagegate {

// A name as written at one place: a definition's key or a reference.
struct Ref {
  std::string name;
  Location location;
  uint32_t width = 1;  // characters to underline
};

// A name read from no file (a database row, a state file): no location.
inline Ref NameRef(std::string name) { return Ref{std::move(name), Location{}, 1}; }

// The names of `refs`, in their order.
std::vector<std::string> NamesOf(const std::vector<Ref>& refs);

enum class UserRole : uint8_t { kAdmin, kBuilder, kEndUser };
enum class AppLevel : uint8_t { kView, kEdit };             // R2: edit beats view
enum class DataSourceLevel : uint8_t { kUse, kConfigure };  // R12
enum class VersionRules : uint8_t { kDefault, kStrict };    // P7
// Which access rules the matrix follows (semantics.md): ToolJet's
// documentation (R1-R12) or what ToolJet's server enforces (S1-S6 on top).
enum class AccessRules : uint8_t { kDocumented, kServer };
enum class ConstantType : uint8_t { kGlobal, kSecret };
enum class VersionStatus : uint8_t { kDraft, kPublished, kReleased };
// A matrix cell's value, from least to most (semantics.md, Capabilities).
enum class Capability : uint8_t { kNone, kUse, kPreview, kRun, kEdit };
// ToolJet's workspace permissions, in format.md order.
enum class WorkspacePermission : uint8_t {
  kAppCreate,
  kAppDelete,
  kAppPromote,
  kAppRelease,
  kDataSourceCreate,
  kDataSourceDelete,
  kFolderCrud,
  kOrgConstantCrud,
  kWorkflowCreate,
  kWorkflowDelete,
};
constexpr int kWorkspacePermissionCount = 10;

// The kinds of entity a workspace holds, in the order a plan lists their
// changes.
enum class EntityKind : uint8_t {
  kWorkspace,
  kEnvironment,
  kRole,
  kUser,
  kGroup,
  kDataSource,
  kConstant,
  kApp,
  kAppVersion,
};
// The format's and the state file's word: "workspace", "environment",
// "role", "user", "group", "dataSource", "constant", "app", "version".
std::string_view EntityKindName(EntityKind kind);
// The word in a sentence: "data source", "app version"; the others as above.
std::string_view EntityNoun(EntityKind kind);

// The spelling used in the format ("end-user", "appPromote", "run", ...) and
// the reverse; Parse* return nullopt for anything else.
std::string_view RoleName(UserRole role);
std::string_view AppLevelName(AppLevel level);
std::string_view DataSourceLevelName(DataSourceLevel level);
std::string_view VersionRulesName(VersionRules rules);
std::string_view AccessRulesName(AccessRules rules);
std::string_view ConstantTypeName(ConstantType type);
std::string_view VersionStatusName(VersionStatus status);
std::string_view CapabilityName(Capability capability);
std::string_view WorkspacePermissionName(WorkspacePermission permission);
// An absent role or version status (missing or invalid: a configuration
// with errors) still shows in the matrix and the report, as "?".
std::string_view RoleName(std::optional<UserRole> role);
std::string_view VersionStatusName(std::optional<VersionStatus> status);
std::optional<UserRole> ParseRole(std::string_view text);
std::optional<AppLevel> ParseAppLevel(std::string_view text);
std::optional<DataSourceLevel> ParseDataSourceLevel(std::string_view text);
std::optional<VersionRules> ParseVersionRules(std::string_view text);
std::optional<AccessRules> ParseAccessRules(std::string_view text);
std::optional<ConstantType> ParseConstantType(std::string_view text);
std::optional<VersionStatus> ParseVersionStatus(std::string_view text);
std::optional<Capability> ParseCapability(std::string_view text);
std::optional<WorkspacePermission> ParseWorkspacePermission(std::string_view text);
// Every workspace permission name, in enum order (for suggestions).
const std::vector<std::string_view>& WorkspacePermissionNames();

// The column after the environments: the released app end users open.
inline constexpr std::string_view kReleasedColumn = "released";

struct PermissionRef {
  WorkspacePermission permission;
  Location location;
  uint32_t width = 1;
};

// One entry of a group's or role's `apps` list.
struct AppGrant {
  Location location;              // the list item
  bool all_apps = false;          // apps: "*"
  std::vector<Ref> apps;          // when not all_apps
  std::optional<AppLevel> level;  // absent: missing or invalid `permission`
  Location level_location;
  uint32_t level_width = 1;
  // Absent (no `environments` key) is not the same as empty (R3).
  std::optional<std::vector<Ref>> environments;
  bool hide_from_dashboard = false;  // R11: reports only
};

// One entry of a group's or role's `dataSources` list.
struct DataSourceGrant {
  Location location;
  bool all_data_sources = false;  // dataSources: "*"
  std::vector<Ref> data_sources;
  std::optional<DataSourceLevel> level;
  Location level_location;
  uint32_t level_width = 1;
};

// A role's default group: configured in `roles`, or ToolJet's built-in
// default (format.md) when not. Admins have none (R6).
struct Role {
  UserRole role = UserRole::kBuilder;
  bool configured = false;  // false: the built-in default
  Ref name;                 // the key in `roles` (no location when built in)
  std::vector<PermissionRef> permissions;
  std::vector<AppGrant> apps;
  std::vector<DataSourceGrant> data_sources;
};

struct User {
  std::string email;  // as written
  std::string key;    // lower-cased: identity and sort key
  Location location;
  uint32_t width = 1;
  std::string name;
  std::optional<UserRole> role;  // absent: missing or invalid `role`
  Location role_location;
  uint32_t role_width = 1;
  bool disabled = false;  // R7
};

struct Group {
  std::string name;
  Location location;
  uint32_t width = 1;
  std::string description;
  std::vector<Ref> members;  // user e-mails as written
  std::vector<PermissionRef> permissions;
  std::vector<AppGrant> apps;
  std::vector<DataSourceGrant> data_sources;
};

// One value inside a data source option that is a list or a mapping (REST
// API headers, a request body, connection options), at any depth.
struct OptionItem {
  std::string key;  // its key when its parent is a mapping
  NodeKind kind = NodeKind::kNull;
  std::string text;  // a scalar's text (empty when withheld and not kept)
  uint32_t size = 0;  // a list's or mapping's number of items
  Location location;
  uint32_t width = 1;
  // A literal under a credential-like key (a mapping key, or the first
  // item of a [key, value] pair): withheld like a literal credential option.
  bool withheld = false;
};

// One option of one environment of a data source.
struct DataSourceOption {
  Ref key;
  Location location;  // the value
  uint32_t width = 1;
  NodeKind kind = NodeKind::kNull;  // of the value as written
  // The value's text (scalars). For a credential-like key it is kept only
  // when the value is exactly one `{{constants.X}}` / `{{secrets.X}}`
  // reference; the live reader keeps a withheld value ToolJet stores in
  // clear, for `import` to write back (nothing compares or shows it).
  std::string value;
  bool credential = false;  // the key is credential-like
  bool withheld = false;    // credential with a literal value: never compared or shown
  // A list or mapping value (kind kSequence / kMapping): `size` items, and
  // depth first every item below it, each list or mapping item followed by
  // its own `size` items.
  std::vector<OptionItem> items;
  uint32_t size = 0;
  // `{fromEnv: VAR}`: ToolJet keeps the value encrypted without a
  // `{{secrets.X}}` reference; VAR holds it when a command needs it (none
  // reads it yet). kind is kMapping, items empty.
  std::string from_env;
  Location from_env_location;

  bool nested() const { return kind == NodeKind::kSequence || kind == NodeKind::kMapping; }
};

// A data source option's value, typed as the YAML 1.2 core schema types it
// (5432 a number, "5432" text); what a number cannot hold exactly (.inf,
// .nan, an integer beyond 64 bits) stays text. A literal credential is
// withheld, its text never stored. The state file writes options this way
// and the diff compares them this way.
struct OptionScalar {
  enum class Kind : uint8_t { kNull, kBool, kInteger, kFloat, kText, kWithheld };
  Kind kind = Kind::kNull;
  bool boolean = false;
  long long integer = 0;
  double number = 0;
  std::string_view text;  // the option's text (kText), valid while the option lives
};
OptionScalar ScalarOf(const DataSourceOption& option);
OptionScalar ScalarOf(const OptionItem& item);

// Marks the literal credentials of `option` withheld (format.md): its own
// scalar value when its key is credential-like, and inside a list or mapping
// every scalar under a credential-like key (a mapping key, the first item of
// a [name, value] pair as ToolJet stores headers, or the option's own key).
// Null, "" and a value that is exactly one `{{constants.X}}` /
// `{{secrets.X}}` are no literal. Their text is cleared unless `keep_text` (the live
// reader's, for `import` to write back what ToolJet holds in clear).
void WithholdCredentials(DataSourceOption* option, bool keep_text);

// Every string value of `option` that is stored (not withheld), the option's
// own or one inside a list or mapping, with where it is written: where
// `{{constants.X}}` and `{{secrets.X}}` references are looked for.
void ForEachOptionText(const DataSourceOption& option,
                       const std::function<void(std::string_view text, Location location,
                                                uint32_t width)>& visit);

// An option's value as a JSON value `Json` (nlohmann::json; the state file
// writes it, the diff compares and shows it): a scalar as ScalarOf types it
// (a withheld one as {"withheld": true}), a list or mapping as an array or
// object of those (mapping keys are text), `{fromEnv: VAR}` as itself.
template <typename Json>
Json OptionJson(const DataSourceOption& option);
template <typename Json>
Json OptionScalarJson(const OptionScalar& v);

struct DataSourceEnvironment {
  Ref environment;                        // the key under `environments`
  std::vector<DataSourceOption> options;  // sorted by key
};

struct DataSource {
  std::string name;
  Location location;
  uint32_t width = 1;
  std::string kind;  // ToolJet plugin kind ("postgresql", ...)
  Location kind_location;
  // The `environments` key; invalid when there is none (schema reports it).
  Location environments_location;
  uint32_t environments_width = 1;
  bool has_environments = false;  // `environments` is a mapping
  bool mapping = false;           // the definition is a mapping (else schema reported it)
  std::vector<DataSourceEnvironment> environments;  // sorted by name

  const DataSourceEnvironment* FindEnvironment(std::string_view env) const;
};

// A constant's value for one environment. Secrets never keep text.
struct ConstantValue {
  Ref environment;    // the key under `values`
  Location location;  // the value
  uint32_t width = 1;
  NodeKind kind = NodeKind::kNull;
  std::string text;      // global constants only
  uint32_t length = 0;   // code points of `text`
  std::string from_env;  // {fromEnv: VAR}: VAR
  Location from_env_location;
  // A secret (or a constant of unknown type) with a literal value here: the
  // value was not stored. A value written as "" is not literal: it holds
  // nothing to hide, and it is no value (Blank).
  bool literal = false;

  // Written as "" (a string of no characters): ToolJet stores '' for an
  // environment without a value, so this is no value, the same as leaving
  // the environment out.
  bool Blank() const;
  // A value: {fromEnv: VAR}, a literal secret, or text that is not blank.
  // Null (the schema's wrong-type) and collections are none.
  bool IsValue() const;
};

struct Constant {
  std::string name;
  Location location;
  uint32_t width = 1;
  std::optional<ConstantType> type;  // absent: missing or invalid `type`
  Location type_location;
  Location values_location;  // the `values` key
  uint32_t values_width = 1;
  bool has_values = false;            // `values` is a mapping
  bool mapping = false;               // the definition is a mapping (else schema reported it)
  std::vector<ConstantValue> values;  // sorted by environment name

  const ConstantValue* FindValue(std::string_view env) const;
  // Whether the constant has a value in `env` (ConstantValue::IsValue). An
  // environment left out, or written as "", has none: ToolJet holds '' there.
  bool HasValue(std::string_view env) const;
};

// A constant's identity is its name and its type: ToolJet keeps a global and
// a secret of one name apart (`organization_constants` is unique on name,
// workspace and type; `{{constants.X}}` and `{{secrets.X}}` are separate
// namespaces). Constants sort by name, then this rank: no type (invalid),
// global, secret.
int ConstantTypeRank(const std::optional<ConstantType>& type);

struct AppVersion {
  Location location;  // the list item
  Ref name;           // empty name when missing
  Ref environment;    // empty name when missing
  std::optional<VersionStatus> status;
  Location status_location;
  uint32_t status_width = 1;
};

struct App {
  std::string name;
  Location location;
  uint32_t width = 1;
  std::optional<Ref> owner;
  std::vector<Ref> data_sources;
  std::vector<Ref> constants;
  std::vector<AppVersion> versions;  // as written
  // `public: true` (R13): anyone, signed in or not, opens the released app.
  bool is_public = false;
  Location public_location;  // the `public` value; invalid when not written
  uint32_t public_width = 1;
};

struct ExpectEntry {
  Ref column;                       // environment name or "released"
  Ref capability;                   // as written
  std::optional<Capability> value;  // absent when not a capability
};

// A policy test (format.md, Assertions).
struct Assertion {
  Location location;  // the list item
  std::optional<Ref> user;
  std::optional<Ref> app;
  std::optional<std::vector<ExpectEntry>> expect;
  Location expect_location;  // the `expect` key
  std::optional<std::vector<Ref>> can;
  std::optional<std::vector<Ref>> cannot;
  // `public: false` (true): the app must not be (must be) public (R13).
  std::optional<bool> is_public;
  Location public_location;  // the `public` value
  uint32_t public_width = 1;
};

// model/construct.h: FinishWorkspace, the one way a Workspace is finished.
struct DuplicateDefinition;
using DuplicateReporter = std::function<void(const DuplicateDefinition&)>;

struct Workspace {
  Ref name;                            // `workspace` (empty when not declared)
  Location version_location;           // the `version` key (invalid when missing)
  std::vector<Ref> environments;       // in pipeline order
  bool environments_declared = false;  // false: the default three
  VersionRules version_rules = VersionRules::kDefault;
  Location version_rules_location;
  AccessRules access_rules = AccessRules::kDocumented;
  Location access_rules_location;
  // `multiEnvironment`: whether the workspace promotes versions (ToolJet's
  // multi-environment licence). false: versions may be in any environment,
  // are released from any, and are never promoted (semantics.md P1-P8).
  bool multi_environment = true;
  Location multi_environment_location;
  Role builder;
  Role end_user;
  std::vector<User> users;
  std::vector<Group> groups;
  std::vector<DataSource> data_sources;
  std::vector<Constant> constants;
  std::vector<App> apps;
  std::vector<Assertion> assertions;  // in file order

  // Lookups; nullptr when not defined. FindUser ignores ASCII case, as
  // e-mail keys are compared; the others are binary searches. The user index
  // FindUser uses is built by FinishWorkspace (model/construct.h); it holds
  // positions, not pointers, so a copied workspace keeps a valid index, and a
  // change to `users` after it (in size) makes FindUser search again.
  const User* FindUser(std::string_view email) const;
  const Group* FindGroup(std::string_view name) const;
  const DataSource* FindDataSource(std::string_view name) const;
  // The first constant of that name (a global before a secret of the same
  // name), or the one of that name and type.
  const Constant* FindConstant(std::string_view name) const;
  const Constant* FindConstant(std::string_view name, ConstantType type) const;
  // What a reference of kind `type` (`{{constants.X}}`: global, an app's
  // `constants` and `{{secrets.X}}`: secret) names: the constant of that name
  // and type, else any constant of that name (a kind mismatch, reported by
  // checks), else nullptr.
  const Constant* ResolveConstant(std::string_view name, ConstantType type) const;
  const App* FindApp(std::string_view name) const;
  // The position of an environment in pipeline order, or -1.
  int EnvironmentIndex(std::string_view name) const;
  // An environment name or "released".
  bool IsColumn(std::string_view name) const;
  // The role group of `role`; nullptr for admins (R6).
  const Role* RoleOf(UserRole role) const;

 private:
  friend void FinishWorkspace(Workspace& ws, const DuplicateReporter& on_duplicate);
  void IndexUsers();
  // Open addressing: user positions by the hash of their key (kNoUser:
  // empty), for users_indexed_ users.
  static constexpr uint32_t kNoUser = UINT32_MAX;
  std::vector<uint32_t> user_table_;
  size_t users_indexed_ = 0;
};

// The key of a constant in the state file and in a plan's changes: its name,
// or "secrets.NAME" for a secret whose name another constant of `ws` has too
// (a global one). A constant name has no '.', so the key is never another
// constant's name. `c` is an element of `ws.constants`.
std::string ConstantKey(const Workspace& ws, const Constant& c);
// The name a ConstantKey stands for.
std::string_view ConstantNameOfKey(std::string_view key);

// The columns `refs` name (environments and "released") in pipeline order,
// "released" after the environments, without repeats; a name that is not a
// column (reported by checks) goes last, by name. How a grant's environments
// are written to the state file and compared by the diff. The views point
// into `refs`.
std::vector<std::string_view> ColumnOrder(const Workspace& ws, const std::vector<Ref>& refs);

// ToolJet's built-in role group of `role` (format.md, Roles): what a role
// grants when `roles` does not configure it. Empty for admins (R6).
Role BuiltInRole(UserRole role);

// Whether `role` grants exactly what BuiltInRole(role.role) grants, in any
// order and wherever written (model/roles.cc): a configuration may then leave
// it out. False for admins.
bool HasBuiltInGrants(const Role& role);

template <typename Json>
Json OptionScalarJson(const OptionScalar& v) {
  using Kind = OptionScalar::Kind;
  switch (v.kind) {
    case Kind::kNull: return Json(nullptr);
    case Kind::kBool: return Json(v.boolean);
    case Kind::kInteger: return Json(v.integer);
    case Kind::kFloat: return Json(v.number);
    case Kind::kWithheld: {
      Json withheld = Json::object();  // a literal credential: never written
      withheld["withheld"] = true;
      return withheld;
    }
    case Kind::kText: break;
  }
  return Json(std::string(v.text));
}

namespace model_internal {
// OptionJson's walk: the list or mapping of `kind` whose `size` items start
// at items[*next].
template <typename Json>
Json OptionTreeAt(const std::vector<OptionItem>& items, size_t* next, NodeKind kind,
                  uint32_t size) {
  Json out = kind == NodeKind::kMapping ? Json::object() : Json::array();
  for (uint32_t i = 0; i < size && *next < items.size(); ++i) {
    const OptionItem& item = items[(*next)++];
    Json value = item.kind == NodeKind::kSequence || item.kind == NodeKind::kMapping
                     ? OptionTreeAt<Json>(items, next, item.kind, item.size)
                     : OptionScalarJson<Json>(ScalarOf(item));
    if (kind == NodeKind::kMapping) {
      out[item.key] = std::move(value);
    } else {
      out.push_back(std::move(value));
    }
  }
  return out;
}
}  // namespace model_internal

template <typename Json>
Json OptionJson(const DataSourceOption& option) {
  if (!option.from_env.empty()) {
    Json out = Json::object();
    out["fromEnv"] = option.from_env;
    return out;
  }
  if (!option.nested()) return OptionScalarJson<Json>(ScalarOf(option));
  size_t next = 0;
  return model_internal::OptionTreeAt<Json>(option.items, &next, option.kind, option.size);
}

// Merges every document of every file into one workspace, reporting
// duplicate definitions (in one file or across files, naming both places),
// a missing `version`, and reserved or duplicate environment names.
Workspace BuildWorkspace(const LoadedConfig& config, Diagnostics& diags);

}  // namespace stagegate

#endif  // STAGEGATE_MODEL_WORKSPACE_H_
