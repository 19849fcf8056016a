// D1: entity changes, on the typed model. The two workspaces' sections are
// sorted by key, so one merge pass pairs their entities; each pair is then
// compared field by field in canonical form (docs/state-file.md: sets sorted
// and without duplicates, e-mails used as keys lower-cased, environments in
// pipeline order), with the field names of docs/format.md (the table below)
// and the value spellings of the model's *Name functions. Nothing here goes
// through a file format, so a change to one cannot change a diff.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "diff/diff_internal.h"

namespace stagegate::diff_internal {
namespace {

// ---- The names in a change's path ----
// Sections, entity fields and grant fields as docs/format.md spells them.
// Within an entity, fields are compared and listed in bytewise order of these
// names; the static_asserts keep each entity's list below in that order.
namespace field {
constexpr std::string_view kWorkspace = "workspace";
constexpr std::string_view kRoles = "roles";
constexpr std::string_view kUsers = "users";
constexpr std::string_view kGroups = "groups";
constexpr std::string_view kDataSources = "dataSources";
constexpr std::string_view kConstants = "constants";
constexpr std::string_view kApps = "apps";
constexpr std::string_view kVersions = "versions";

constexpr std::string_view kAccessRules = "accessRules";
constexpr std::string_view kConfigured = "configured";
constexpr std::string_view kDescription = "description";
constexpr std::string_view kDisabled = "disabled";
constexpr std::string_view kEmail = "email";
constexpr std::string_view kEnvironment = "environment";
constexpr std::string_view kEnvironments = "environments";
constexpr std::string_view kHideFromDashboard = "hideFromDashboard";
constexpr std::string_view kKind = "kind";
constexpr std::string_view kMembers = "members";
constexpr std::string_view kMultiEnvironment = "multiEnvironment";
constexpr std::string_view kName = "name";
constexpr std::string_view kOwner = "owner";
constexpr std::string_view kPermission = "permission";
constexpr std::string_view kPermissions = "permissions";
constexpr std::string_view kPublic = "public";
constexpr std::string_view kRole = "role";
constexpr std::string_view kStatus = "status";
constexpr std::string_view kType = "type";
constexpr std::string_view kValues = "values";
constexpr std::string_view kVersionRules = "versionRules";

constexpr bool InOrder(std::initializer_list<std::string_view> names) {
  for (const std::string_view* n = names.begin(); n + 1 < names.end(); ++n) {
    if (!(n[0] < n[1])) return false;
  }
  return true;
}
static_assert(InOrder({kAccessRules, kMultiEnvironment, kName, kVersionRules}), "workspace");
static_assert(InOrder({kApps, kConfigured, kDataSources, kPermissions}), "role");
static_assert(InOrder({kDisabled, kEmail, kName, kRole}), "user");
static_assert(InOrder({kApps, kDataSources, kDescription, kMembers, kPermissions}), "group");
static_assert(InOrder({kEnvironments, kKind}), "data source");
static_assert(InOrder({kType, kValues}), "constant");
static_assert(InOrder({kConstants, kDataSources, kOwner, kPublic}), "app (versions are entities)");
static_assert(InOrder({kEnvironment, kStatus}), "version");
static_assert(InOrder({kApps, kEnvironments, kHideFromDashboard, kPermission}), "app grant");
static_assert(InOrder({kDataSources, kPermission}), "data source grant");
}  // namespace field

// Value spellings that are not a model enum's (diff.h, FieldChange).
constexpr std::string_view kNull = "null";  // a field with no valid value
constexpr std::string_view kAll = "*";      // a grant's `apps` / `dataSources`: every one
constexpr std::string_view kWithheld = "(withheld)";  // a literal secret or credential
constexpr std::string_view kFromEnv = "fromEnv: ";    // before a secret's variable

// ---- Paths and display values ----

bool PlainWord(std::string_view key) {
  if (key.empty()) return false;
  for (char c : key) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// A string as a JSON string literal (UTF-8 kept; quotes, backslashes and
// control characters escaped): for keys that are not plain words and for a
// grant shown whole.
void AppendQuoted(std::string_view text, std::string* out) {
  out->push_back('"');
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\b': *out += "\\b"; break;
      case '\f': *out += "\\f"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      case '\t': *out += "\\t"; break;
      default:
        if (c < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
          *out += escaped;
        } else {
          out->push_back(ch);
        }
    }
  }
  out->push_back('"');
}

// `path` followed by `key`: `.key` for a plain word, `["key"]` otherwise.
// Paths are built relative to their entity's (".role"), then put behind it.
std::string Join(std::string_view prefix, std::string_view key) {
  std::string path(prefix);
  if (PlainWord(key)) {
    path += '.';
    path += key;
  } else {
    path += '[';
    AppendQuoted(key, &path);
    path += ']';
  }
  return path;
}

std::string Item(const std::string& path, size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

// A string as written; `""` when empty.
std::string ShowText(std::string_view text) {
  return text.empty() ? std::string("\"\"") : std::string(text);
}

// ---- Field values, in canonical form ----
// Each has operator== (the same value on both sides: no change) and Show
// (its display string, diff.h); Secret says whether a change of it is a
// secret constant's or a credential's (renderers say only "changed").

using Names = std::vector<std::string_view>;  // a sorted set of names

// An enum's spelling; absent (kNull) when the field had no valid value.
using Spelling = std::optional<std::string_view>;

// A grant's `apps` / `dataSources`: every one, or a set of names.
struct Target {
  bool all = false;
  Names names;
  bool operator==(const Target& o) const { return all == o.all && names == o.names; }
};

// A data source option's value as the model types it (ScalarOf), compared
// as a value: numbers by value (5 and 5.0, 0x10 and 16 are the same).
struct OptionValue : OptionScalar {
  bool operator==(const OptionValue& o) const {
    auto numeric = [](Kind k) { return k == Kind::kInteger || k == Kind::kFloat; };
    if (numeric(kind) && numeric(o.kind) && kind != o.kind) return AsDouble() == o.AsDouble();
    if (kind != o.kind) return false;
    switch (kind) {
      case Kind::kBool: return boolean == o.boolean;
      case Kind::kInteger: return integer == o.integer;
      case Kind::kFloat: return number == o.number;
      case Kind::kText: return text == o.text;
      default: return true;
    }
  }
  double AsDouble() const { return kind == Kind::kInteger ? static_cast<double>(integer) : number; }
};

// A whole option: a scalar as OptionValue; a list or mapping, or {fromEnv},
// as its JSON (OptionJson): lists in order, mappings whatever their order,
// numbers by value, a withheld credential inside as {"withheld": true}.
// {fromEnv: VAR} is shown as the variable, like a secret constant's.
struct OptionView {
  OptionValue scalar;
  bool structured = false;  // a list or mapping, or {fromEnv}
  nlohmann::json json;
  std::string_view from_env;
  bool operator==(const OptionView& o) const {
    if (structured != o.structured) return false;
    return structured ? json == o.json : scalar == o.scalar;
  }
};

OptionView ValueOf(const DataSourceOption& o) {
  OptionView v{OptionValue{ScalarOf(o)}, !o.from_env.empty() || o.nested(), {}, o.from_env};
  if (v.structured) v.json = OptionJson<nlohmann::json>(o);
  return v;
}

// A constant's value in one environment: text (global constants), the
// environment variable a secret is read from, or withheld (a literal secret,
// never stored).
struct ConstantValueView {
  enum class Kind : uint8_t { kText, kFromEnv, kWithheld };
  Kind kind = Kind::kText;
  std::string_view text;  // the text, or the variable
  bool operator==(const ConstantValueView& o) const { return kind == o.kind && text == o.text; }
};

ConstantValueView ValueOf(const Constant& c, const ConstantValue& v) {
  using Kind = ConstantValueView::Kind;
  if (!v.from_env.empty()) return {Kind::kFromEnv, v.from_env};
  if (v.literal || c.type != ConstantType::kGlobal) return {Kind::kWithheld, {}};
  return {Kind::kText, v.text};
}

std::string Show(std::string_view text) { return ShowText(text); }
std::string Show(bool value) { return value ? "true" : "false"; }
std::string Show(const Spelling& s) { return std::string(s ? *s : kNull); }
std::string Show(const std::optional<std::string>& s) {
  return s ? ShowText(*s) : std::string(kNull);
}
template <typename Name>
std::string Show(const std::vector<Name>& names) {
  std::string out = "[";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) out += ", ";
    out += ShowText(names[i]);
  }
  return out + "]";
}
std::string Show(const Target& t) { return t.all ? std::string(kAll) : Show(t.names); }
std::string Show(const OptionValue& v) {
  using Kind = OptionValue::Kind;
  switch (v.kind) {
    case Kind::kNull: return std::string(kNull);
    case Kind::kBool: return Show(v.boolean);
    case Kind::kInteger: return std::to_string(v.integer);
    case Kind::kFloat: return nlohmann::json(v.number).dump();  // as the state file writes it
    case Kind::kText: return ShowText(v.text);
    case Kind::kWithheld: return std::string(kWithheld);
  }
  return std::string(kNull);
}
std::string Show(const OptionView& v) {
  if (!v.from_env.empty()) return std::string(kFromEnv) + std::string(v.from_env);
  return v.structured ? v.json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                      : Show(v.scalar);
}
std::string Show(const ConstantValueView& v) {
  using Kind = ConstantValueView::Kind;
  switch (v.kind) {
    case Kind::kText: return ShowText(v.text);
    case Kind::kFromEnv: return std::string(kFromEnv) + std::string(v.text);
    case Kind::kWithheld: return std::string(kWithheld);
  }
  return std::string(kNull);
}

template <typename T>
bool Secret(const T&) { return false; }
bool Secret(const OptionValue& v) { return v.kind == OptionValue::Kind::kWithheld; }
bool Secret(const OptionView& v) { return !v.from_env.empty() || (!v.structured && Secret(v.scalar)); }
bool Secret(const ConstantValueView& v) { return v.kind != ConstantValueView::Kind::kText; }

// Field `key` of `path`; nullptr where it is absent (its entity,
// environment, ... is missing on that side, or the field is optional).
template <typename T>
void Compare(std::string_view path, std::string_view key, const T* a, const T* b,
             std::vector<FieldChange>* out) {
  if (a && b ? *a == *b : !a && !b) return;
  FieldChange change;
  change.path = Join(path, key);
  if (a) change.before = Show(*a);
  if (b) change.after = Show(*b);
  change.secret = (a && Secret(*a)) || (b && Secret(*b));
  out->push_back(std::move(change));
}

// Names sorted bytewise, without duplicates.
template <typename Name>
std::vector<Name> SortedSet(std::vector<Name> names) {
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

Names RefNames(const std::vector<Ref>& refs) {
  Names names;
  names.reserve(refs.size());
  for (const Ref& r : refs) names.push_back(r.name);
  return SortedSet(std::move(names));
}

// Workspace permissions in format.md order.
Names PermissionNames(const std::vector<PermissionRef>& refs) {
  uint32_t bits = 0;
  for (const PermissionRef& p : refs) bits |= 1u << static_cast<int>(p.permission);
  Names out;
  for (int i = 0; i < kWorkspacePermissionCount; ++i) {
    auto permission = static_cast<WorkspacePermission>(i);
    if (bits & (1u << i)) out.push_back(WorkspacePermissionName(permission));
  }
  return out;
}

// ---- Grants ----

// One app or data source grant in canonical form, with its compact JSON
// text: the order of a grant list (grants are a set, sorted by it) and what
// a grant without a counterpart shows.
struct GrantView {
  Target target;
  Spelling permission;
  std::optional<Names> environments;  // app grants; absent is not [] (R3)
  bool hide_from_dashboard = false;   // app grants
  std::string target_text;            // the target as JSON
  std::string text;
};

std::string TargetText(const Target& t) {
  std::string out;
  if (t.all) {
    AppendQuoted(kAll, &out);
    return out;
  }
  out += '[';
  for (size_t i = 0; i < t.names.size(); ++i) {
    if (i) out += ',';
    AppendQuoted(t.names[i], &out);
  }
  return out + ']';
}

void AppendMember(std::string_view key, const std::string& value, std::string* out) {
  *out += out->size() == 1 ? "" : ",";
  AppendQuoted(key, out);
  *out += ':';
  *out += value;
}

std::string SpellingText(const Spelling& s) {
  std::string out;
  if (!s) return std::string(kNull);
  AppendQuoted(*s, &out);
  return out;
}

void SortByText(std::vector<GrantView>* grants) {
  std::stable_sort(grants->begin(), grants->end(),
                   [](const GrantView& x, const GrantView& y) { return x.text < y.text; });
}

std::vector<GrantView> AppGrants(const Workspace& ws, const std::vector<AppGrant>& grants) {
  std::vector<GrantView> out;
  out.reserve(grants.size());
  for (const AppGrant& g : grants) {
    GrantView v;
    v.target.all = g.all_apps;
    if (!g.all_apps) v.target.names = RefNames(g.apps);
    if (g.level) v.permission = AppLevelName(*g.level);
    if (g.environments) v.environments = ColumnOrder(ws, *g.environments);
    v.hide_from_dashboard = g.hide_from_dashboard;
    v.target_text = TargetText(v.target);
    v.text = "{";
    AppendMember(field::kApps, v.target_text, &v.text);
    if (v.environments) {
      AppendMember(field::kEnvironments, TargetText({false, *v.environments}), &v.text);
    }
    AppendMember(field::kHideFromDashboard, Show(v.hide_from_dashboard), &v.text);
    AppendMember(field::kPermission, SpellingText(v.permission), &v.text);
    v.text += '}';
    out.push_back(std::move(v));
  }
  SortByText(&out);
  return out;
}

std::vector<GrantView> DataSourceGrants(const std::vector<DataSourceGrant>& grants) {
  std::vector<GrantView> out;
  out.reserve(grants.size());
  for (const DataSourceGrant& g : grants) {
    GrantView v;
    v.target.all = g.all_data_sources;
    if (!g.all_data_sources) v.target.names = RefNames(g.data_sources);
    if (g.level) v.permission = DataSourceLevelName(*g.level);
    v.target_text = TargetText(v.target);
    v.text = "{";
    AppendMember(field::kDataSources, v.target_text, &v.text);
    AppendMember(field::kPermission, SpellingText(v.permission), &v.text);
    v.text += '}';
    out.push_back(std::move(v));
  }
  SortByText(&out);
  return out;
}

// Two grants matched with each other: field by field.
void CompareGrant(bool app, const std::string& path, const GrantView& a, const GrantView& b,
                  std::vector<FieldChange>* out) {
  if (a.text == b.text) return;
  if (app) {
    Compare(path, field::kApps, &a.target, &b.target, out);
    Compare(path, field::kEnvironments, a.environments ? &*a.environments : nullptr,
            b.environments ? &*b.environments : nullptr, out);
    Compare(path, field::kHideFromDashboard, &a.hide_from_dashboard, &b.hide_from_dashboard,
            out);
  } else {
    Compare(path, field::kDataSources, &a.target, &b.target, out);
  }
  Compare(path, field::kPermission, &a.permission, &b.permission, out);
}

// A grant list (nullptr: its entity is missing). Items are matched as they
// are (an unchanged grant with itself), then by target and permission, then
// by target (the k-th of a key with the k-th), then the rest by permission
// (in order), so a grant of which one field changed shows as that field,
// beside other grants on the same target. Paths
// use the desired index (the current one for a removed item); an item
// without a counterpart is shown whole.
void CompareGrants(bool app, const std::string& path, const std::vector<GrantView>* a,
                   const std::vector<GrantView>* b, std::vector<FieldChange>* out) {
  const size_t na = a ? a->size() : 0;
  const size_t nb = b ? b->size() : 0;
  if (na == 0 && nb == 0) {
    if (!a || !b) {
      std::optional<std::string> empty = std::string("[]");
      out->push_back({path, a ? empty : std::nullopt, b ? empty : std::nullopt, false});
    }
    return;
  }
  auto same = [](const GrantView& x, const GrantView& y) { return x.text == y.text; };
  if (na == nb && std::equal(a->begin(), a->end(), b->begin(), same)) return;
  std::vector<size_t> match(nb, SIZE_MAX);  // desired item -> current item
  std::vector<bool> used(na, false);
  auto whole = [](const GrantView& g) -> const std::string& { return g.text; };
  auto by_target_and_permission = [](const GrantView& g) {
    return g.target_text + " " + SpellingText(g.permission);
  };
  auto by_target = [](const GrantView& g) -> const std::string& { return g.target_text; };
  auto by_permission = [](const GrantView& g) { return SpellingText(g.permission); };
  auto pair_by = [&](auto key) {
    std::map<std::string, std::vector<size_t>> old_by_key;
    for (size_t i = 0; i < na; ++i) {
      if (!used[i]) old_by_key[key((*a)[i])].push_back(i);
    }
    std::map<std::string, size_t> taken;
    for (size_t i = 0; i < nb; ++i) {
      if (match[i] != SIZE_MAX) continue;
      std::string k = key((*b)[i]);
      auto it = old_by_key.find(k);
      size_t& n = taken[k];
      if (it != old_by_key.end() && n < it->second.size()) {
        match[i] = it->second[n++];
        used[match[i]] = true;
      }
    }
  };
  pair_by(whole);
  pair_by(by_target_and_permission);
  pair_by(by_target);
  pair_by(by_permission);
  for (size_t i = 0; i < nb; ++i) {
    if (match[i] != SIZE_MAX) {
      CompareGrant(app, Item(path, i), (*a)[match[i]], (*b)[i], out);
    } else {
      out->push_back({Item(path, i), std::nullopt, (*b)[i].text, false});
    }
  }
  for (size_t i = 0; i < na; ++i) {
    if (!used[i]) out->push_back({Item(path, i), (*a)[i].text, std::nullopt, false});
  }
}

// ---- Walking two sorted lists in step ----

// Calls visit(key, x, y) for each key of two lists sorted by key (bytewise,
// without duplicates), with the item of each side (nullptr: missing there).
// `a` == nullptr is an empty list.
template <typename T, typename KeyOf, typename Visit>
void MergeByKey(const std::vector<T>* a, const std::vector<T>& b, KeyOf key, Visit visit) {
  const size_t na = a ? a->size() : 0;
  size_t i = 0, j = 0;
  while (i < na || j < b.size()) {
    int order = i >= na ? 1 : j >= b.size() ? -1 : key((*a)[i]).compare(key(b[j]));
    if (order < 0) {
      visit(key((*a)[i]), &(*a)[i], static_cast<const T*>(nullptr));
      ++i;
    } else if (order > 0) {
      visit(key(b[j]), static_cast<const T*>(nullptr), &b[j]);
      ++j;
    } else {
      visit(key(b[j]), &(*a)[i], &b[j]);
      ++i, ++j;
    }
  }
}

// The items of a list keyed by name in key order; of items with the same key
// the last one counts (a mapping written twice). nullptr: an empty list.
template <typename T, typename KeyOf>
std::vector<const T*> ByKey(const std::vector<T>* list, KeyOf key) {
  std::vector<const T*> out;
  if (!list) return out;
  out.reserve(list->size());
  for (const T& item : *list) out.push_back(&item);
  auto less = [&](const T* x, const T* y) { return key(*x) < key(*y); };
  if (!std::is_sorted(out.begin(), out.end(), less)) std::stable_sort(out.begin(), out.end(), less);
  size_t kept = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    if (i + 1 < out.size() && key(*out[i + 1]) == key(*out[i])) continue;
    out[kept++] = out[i];
  }
  out.resize(kept);
  return out;
}

// MergeByKey over two ByKey lists: visit(key, x, y) with item pointers.
template <typename T, typename KeyOf, typename Visit>
void MergeViews(const std::vector<const T*>& a, const std::vector<const T*>& b, KeyOf key,
                Visit visit) {
  auto key_of = [&](const T* item) -> const std::string& { return key(*item); };
  MergeByKey(&a, b, key_of, [&](const std::string& k, const T* const* x, const T* const* y) {
    visit(k, x ? *x : nullptr, y ? *y : nullptr);
  });
}

// ---- Entities ----
// Each compares one entity pair (nullptr: missing on that side) into its
// changed fields, with paths relative to the entity's own.

using Fields = std::vector<FieldChange>;

// Both workspaces: a canonical form may depend on its side (a grant's
// environments are in its own workspace's pipeline order).
struct Sides {
  const Workspace* current;  // nullptr: no current state
  const Workspace& desired;
};

// One field, read by get(workspace, entity) on each side where the entity is.
template <typename T, typename Get>
void CompareField(const Sides& ws, std::string_view name, const T* a, const T* b, Get get,
                  Fields* out) {
  using Value = std::decay_t<decltype(get(ws.desired, *b))>;
  std::optional<Value> va, vb;
  if (a) va = get(*ws.current, *a);
  if (b) vb = get(ws.desired, *b);
  Compare("", name, va ? &*va : nullptr, vb ? &*vb : nullptr, out);
}

// A grant list, read by get(workspace, entity) on each side where the entity is.
template <typename T, typename Get>
void CompareGrantField(const Sides& ws, bool app, std::string_view name, const T* a, const T* b,
                       Get get, Fields* out) {
  std::optional<std::vector<GrantView>> va, vb;
  if (a) va = get(*ws.current, *a);
  if (b) vb = get(ws.desired, *b);
  CompareGrants(app, Join("", name), va ? &*va : nullptr, vb ? &*vb : nullptr, out);
}

Spelling RoleSpelling(const std::optional<UserRole>& role) {
  return role ? Spelling(RoleName(*role)) : std::nullopt;
}

Fields CompareWorkspace(const Workspace* a, const Workspace& b) {
  Fields out;
  // accessRules is there only when it is not the default.
  auto access_rules = [](const Workspace* ws) -> std::optional<std::string_view> {
    if (!ws || ws->access_rules == AccessRules::kDocumented) return std::nullopt;
    return AccessRulesName(ws->access_rules);
  };
  std::optional<std::string_view> ra = access_rules(a), rb = access_rules(&b);
  Compare("", field::kAccessRules, ra ? &*ra : nullptr, rb ? &*rb : nullptr, &out);
  // multiEnvironment too, only when false.
  auto promotes = [](const Workspace* ws) -> std::optional<bool> {
    if (!ws || ws->multi_environment) return std::nullopt;
    return false;
  };
  std::optional<bool> pa = promotes(a), pb = promotes(&b);
  Compare("", field::kMultiEnvironment, pa ? &*pa : nullptr, pb ? &*pb : nullptr, &out);
  const Sides ws{a, b};
  CompareField(ws, field::kName, a, &b,
               [](const Workspace&, const Workspace& w) { return std::string_view(w.name.name); },
               &out);
  CompareField(ws, field::kVersionRules, a, &b,
               [](const Workspace&, const Workspace& w) {
                 return VersionRulesName(w.version_rules);
               },
               &out);
  return out;
}

Fields CompareRole(const Sides& ws, const Role* a, const Role* b) {
  Fields out;
  CompareGrantField(ws, true, field::kApps, a, b,
                    [](const Workspace& w, const Role& r) { return AppGrants(w, r.apps); }, &out);
  CompareField(ws, field::kConfigured, a, b,
               [](const Workspace&, const Role& r) { return r.configured; }, &out);
  CompareGrantField(
      ws, false, field::kDataSources, a, b,
      [](const Workspace&, const Role& r) { return DataSourceGrants(r.data_sources); }, &out);
  CompareField(ws, field::kPermissions, a, b,
               [](const Workspace&, const Role& r) { return PermissionNames(r.permissions); },
               &out);
  return out;
}

Fields CompareUser(const Sides& ws, const User* a, const User* b) {
  Fields out;
  CompareField(ws, field::kDisabled, a, b,
               [](const Workspace&, const User& u) { return u.disabled; }, &out);
  CompareField(ws, field::kEmail, a, b,
               [](const Workspace&, const User& u) { return std::string_view(u.email); }, &out);
  CompareField(ws, field::kName, a, b,
               [](const Workspace&, const User& u) { return std::string_view(u.name); }, &out);
  CompareField(ws, field::kRole, a, b,
               [](const Workspace&, const User& u) { return RoleSpelling(u.role); }, &out);
  return out;
}

// A group's members: lower-cased e-mails, sorted, without duplicates.
std::vector<std::string> Members(const Group& g) {
  std::vector<std::string> out;
  out.reserve(g.members.size());
  for (const Ref& m : g.members) out.push_back(LowerAscii(m.name));
  return SortedSet(std::move(out));
}

Fields CompareGroup(const Sides& ws, const Group* a, const Group* b) {
  Fields out;
  CompareGrantField(ws, true, field::kApps, a, b,
                    [](const Workspace& w, const Group& g) { return AppGrants(w, g.apps); }, &out);
  CompareGrantField(
      ws, false, field::kDataSources, a, b,
      [](const Workspace&, const Group& g) { return DataSourceGrants(g.data_sources); }, &out);
  CompareField(ws, field::kDescription, a, b,
               [](const Workspace&, const Group& g) { return std::string_view(g.description); },
               &out);
  // Members as written are usually the same on both sides: compared as
  // written first, canonical only when they differ.
  bool same_members =
      a && b &&
      std::equal(a->members.begin(), a->members.end(), b->members.begin(), b->members.end(),
                 [](const Ref& x, const Ref& y) { return x.name == y.name; });
  if (!same_members) {
    CompareField(ws, field::kMembers, a, b,
                 [](const Workspace&, const Group& g) { return Members(g); }, &out);
  }
  CompareField(ws, field::kPermissions, a, b,
               [](const Workspace&, const Group& g) { return PermissionNames(g.permissions); },
               &out);
  return out;
}

// One environment's options (nullptr: the environment is missing).
void CompareOptions(const std::string& path, const DataSourceEnvironment* a,
                    const DataSourceEnvironment* b, Fields* out) {
  auto option = [](const DataSourceOption& o) -> const std::string& { return o.key.name; };
  MergeViews(ByKey(a ? &a->options : nullptr, option), ByKey(b ? &b->options : nullptr, option),
             option,
             [&](const std::string& key, const DataSourceOption* x, const DataSourceOption* y) {
               std::optional<OptionView> vx, vy;
               if (x) vx = ValueOf(*x);
               if (y) vy = ValueOf(*y);
               Compare(path, key, vx ? &*vx : nullptr, vy ? &*vy : nullptr, out);
             });
}

// A data source's options per environment (an environment without options
// on one side only changes nothing), then its kind.
Fields CompareDataSource(const Sides& ws, const DataSource* a, const DataSource* b) {
  Fields out;
  auto environment = [](const DataSourceEnvironment& e) -> const std::string& {
    return e.environment.name;
  };
  const std::string environments = Join("", field::kEnvironments);
  MergeViews(ByKey(a ? &a->environments : nullptr, environment),
             ByKey(b ? &b->environments : nullptr, environment), environment,
             [&](const std::string& env, const DataSourceEnvironment* x,
                 const DataSourceEnvironment* y) {
               CompareOptions(Join(environments, env), x, y, &out);
             });
  CompareField(ws, field::kKind, a, b,
               [](const Workspace&, const DataSource& d) { return std::string_view(d.kind); },
               &out);
  return out;
}

// A constant's type, then its value per environment: a secret's only as
// the reference it is read from, or withheld.
Fields CompareConstant(const Sides& ws, const Constant* a, const Constant* b) {
  Fields out;
  CompareField(ws, field::kType, a, b,
               [](const Workspace&, const Constant& c) {
                 return c.type ? Spelling(ConstantTypeName(*c.type)) : std::nullopt;
               },
               &out);
  auto environment = [](const ConstantValue& v) -> const std::string& {
    return v.environment.name;
  };
  // Only values count: "" and a left-out environment are both no value
  // (ToolJet stores '' for each), so they never differ.
  auto values_of = [&](const Constant* c) {
    std::vector<const ConstantValue*> out = ByKey(c ? &c->values : nullptr, environment);
    out.erase(std::remove_if(out.begin(), out.end(),
                             [](const ConstantValue* v) { return !v->IsValue(); }),
              out.end());
    return out;
  };
  const std::string values = Join("", field::kValues);
  MergeViews(values_of(a), values_of(b), environment,
             [&](const std::string& env, const ConstantValue* x, const ConstantValue* y) {
               std::optional<ConstantValueView> vx, vy;
               if (x) vx = ValueOf(*a, *x);
               if (y) vy = ValueOf(*b, *y);
               Compare(values, env, vx ? &*vx : nullptr, vy ? &*vy : nullptr, &out);
             });
  return out;
}

Fields CompareApp(const Sides& ws, const App* a, const App* b) {
  Fields out;
  CompareField(ws, field::kConstants, a, b,
               [](const Workspace&, const App& app) { return RefNames(app.constants); }, &out);
  CompareField(ws, field::kDataSources, a, b,
               [](const Workspace&, const App& app) { return RefNames(app.data_sources); }, &out);
  CompareField(ws, field::kOwner, a, b,
               [](const Workspace&, const App& app) {
                 return app.owner ? std::optional<std::string>(LowerAscii(app.owner->name))
                                  : std::nullopt;
               },
               &out);
  // `public` (R13) is listed only where an app is public on either side, so
  // an app that is not public compares, and is added or removed, as before.
  if ((a && a->is_public) || (b && b->is_public)) {
    CompareField(ws, field::kPublic, a, b,
                 [](const Workspace&, const App& app) { return app.is_public; }, &out);
  }
  return out;
}

Fields CompareVersion(const AppVersion* a, const AppVersion* b) {
  Fields out;
  std::optional<std::string_view> ea, eb;
  std::optional<Spelling> sa, sb;
  auto status = [](const AppVersion& v) {
    return v.status ? Spelling(VersionStatusName(*v.status)) : std::nullopt;
  };
  if (a) ea = a->environment.name, sa = status(*a);
  if (b) eb = b->environment.name, sb = status(*b);
  Compare("", field::kEnvironment, ea ? &*ea : nullptr, eb ? &*eb : nullptr, &out);
  Compare("", field::kStatus, sa ? &*sa : nullptr, sb ? &*sb : nullptr, &out);
  return out;
}

// One entity: added (only `after`s), removed (only `before`s) or, when a
// field changed, changed. `path` is the entity's own, put before its fields'.
void Add(EntityKind kind, const std::string& name, const std::string& parent,
         const std::string& path, bool in_current, bool in_desired, Fields fields,
         std::vector<EntityChange>* out) {
  ChangeKind change = !in_current   ? ChangeKind::kAdded
                      : !in_desired ? ChangeKind::kRemoved
                                    : ChangeKind::kChanged;
  if (fields.empty() && change == ChangeKind::kChanged) return;
  for (FieldChange& f : fields) f.path.insert(0, path);
  out->push_back({kind, change, name, parent, std::move(fields)});
}

// One section keyed by name: its entities paired by a merge pass.
template <typename T, typename KeyOf, typename CompareEntity>
void DiffSection(const Sides& ws, EntityKind kind, std::string_view section,
                 const std::vector<T>* a, const std::vector<T>& b, KeyOf key,
                 CompareEntity compare, std::vector<EntityChange>* out) {
  MergeByKey(a, b, key, [&](const std::string& name, const T* x, const T* y) {
    Fields fields = compare(ws, x, y);
    if (fields.empty() && x && y) return;
    Add(kind, name, "", Join(std::string(section), name), x != nullptr, y != nullptr,
        std::move(fields), out);
  });
}

// An app's fields, then its versions as entities of their own (keyed by
// name; of a name written twice the last one counts).
void DiffApp(const Sides& ws, const std::string& name, const App* a, const App* b,
             std::vector<EntityChange>* out) {
  Fields fields = CompareApp(ws, a, b);
  const std::string path = Join(std::string(field::kApps), name);
  if (!fields.empty() || !a || !b) {
    Add(EntityKind::kApp, name, "", path, a, b, std::move(fields), out);
  }
  auto version = [](const AppVersion& v) -> const std::string& { return v.name.name; };
  const std::string versions = Join(path, field::kVersions);
  MergeViews(ByKey(a ? &a->versions : nullptr, version), ByKey(b ? &b->versions : nullptr, version),
             version, [&](const std::string& v, const AppVersion* x, const AppVersion* y) {
               Fields version_fields = CompareVersion(x, y);
               if (version_fields.empty() && x && y) return;
               Add(EntityKind::kAppVersion, v, name, Join(versions, v), x, y,
                   std::move(version_fields), out);
             });
}

// The constants of one name on each side (at most a global and a secret):
// paired by type, and a name left with one constant on each side is one
// constant whose type changed. Keyed as the state file keys them
// (ConstantKey): a secret sharing its name with a global is "secrets.NAME".
void DiffConstantsOfName(const Sides& ws, std::string_view name, std::vector<const Constant*> xs,
                         std::vector<const Constant*> ys, std::vector<EntityChange>* out) {
  std::vector<std::pair<const Constant*, const Constant*>> pairs;
  for (const Constant*& x : xs) {
    for (const Constant*& y : ys) {
      if (y == nullptr || ConstantTypeRank(x->type) != ConstantTypeRank(y->type)) continue;
      pairs.emplace_back(x, y);
      x = y = nullptr;
      break;
    }
  }
  auto left = [](std::vector<const Constant*>& side) {
    side.erase(std::remove(side.begin(), side.end(), nullptr), side.end());
  };
  left(xs), left(ys);
  if (xs.size() == 1 && ys.size() == 1) {
    pairs.emplace_back(xs[0], ys[0]);
    xs.clear(), ys.clear();
  }
  for (const Constant* x : xs) pairs.emplace_back(x, nullptr);
  for (const Constant* y : ys) pairs.emplace_back(nullptr, y);
  for (const auto& [x, y] : pairs) {
    bool shared = (x && ConstantKey(*ws.current, *x) != name) ||
                  (y && ConstantKey(ws.desired, *y) != name);
    std::string key = shared ? ConstantKey(x ? *ws.current : ws.desired, x ? *x : *y)
                             : std::string(name);
    Fields fields = CompareConstant(ws, x, y);
    if (fields.empty() && x && y) continue;
    Add(EntityKind::kConstant, key, "", Join(std::string(field::kConstants), key), x != nullptr,
        y != nullptr, std::move(fields), out);
  }
}

void DiffConstants(const Sides& ws, std::vector<EntityChange>* out) {
  static const std::vector<Constant> kNone;
  const std::vector<Constant>& a = ws.current ? ws.current->constants : kNone;
  const std::vector<Constant>& b = ws.desired.constants;
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    std::string_view name = i >= a.size()   ? b[j].name
                            : j >= b.size() ? a[i].name
                                            : std::min<std::string_view>(a[i].name, b[j].name);
    std::vector<const Constant*> xs, ys;
    for (; i < a.size() && a[i].name == name; ++i) xs.push_back(&a[i]);
    for (; j < b.size() && b[j].name == name; ++j) ys.push_back(&b[j]);
    DiffConstantsOfName(ws, name, std::move(xs), std::move(ys), out);
  }
}

std::vector<std::string> Environments(const Workspace* ws) {
  std::vector<std::string> out;
  if (ws) for (const Ref& e : ws->environments) out.push_back(e.name);
  return out;
}

// Environments: added / removed by name; changed when its position among the
// environments both sides have moved (a reorder).
void DiffEnvironments(const Workspace* a, const Workspace& b, std::vector<EntityChange>* out) {
  std::vector<std::string> ea = Environments(a);
  std::vector<std::string> eb = Environments(&b);
  auto has = [](const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  };
  std::vector<std::string> common_a, common_b;
  for (const auto& e : ea) if (has(eb, e)) common_a.push_back(e);
  for (const auto& e : eb) if (has(ea, e)) common_b.push_back(e);
  auto position = [](const std::vector<std::string>& v, const std::string& s) {
    return std::to_string(std::find(v.begin(), v.end(), s) - v.begin() + 1);
  };
  const std::string path = Join(std::string(field::kWorkspace), field::kEnvironments);
  for (const auto& e : ea) {
    if (!has(eb, e)) {
      out->push_back({EntityKind::kEnvironment, ChangeKind::kRemoved, e, "",
                      {{path, position(ea, e), std::nullopt, false}}});
    }
  }
  for (const auto& e : eb) {
    if (!has(ea, e)) {
      out->push_back({EntityKind::kEnvironment, ChangeKind::kAdded, e, "",
                      {{path, std::nullopt, position(eb, e), false}}});
    } else if (position(common_a, e) != position(common_b, e)) {
      out->push_back({EntityKind::kEnvironment, ChangeKind::kChanged, e, "",
                      {{path, position(ea, e), position(eb, e), false}}});
    }
  }
}

}  // namespace

std::vector<EntityChange> DiffEntities(const Workspace* current, const Workspace& desired) {
  std::vector<EntityChange> out;
  const Workspace* a = current;
  const Workspace& b = desired;
  const Sides ws{a, b};
  // The workspace's own settings (environments are entities below).
  Add(EntityKind::kWorkspace, b.name.name, "", std::string(field::kWorkspace), a != nullptr, true,
      CompareWorkspace(a, b), &out);
  DiffEnvironments(a, b, &out);
  // Roles: the two role groups, keyed "builder" and "end-user".
  for (const Role* role : {&b.builder, &b.end_user}) {
    const Role* old = !a ? nullptr : role == &b.builder ? &a->builder : &a->end_user;
    std::string key(RoleName(role->role));
    Add(EntityKind::kRole, key, "", Join(std::string(field::kRoles), key), old != nullptr, true,
        CompareRole(ws, old, role), &out);
  }
  auto by_name = [](const auto& e) -> const std::string& { return e.name; };
  DiffSection(ws, EntityKind::kUser, field::kUsers, a ? &a->users : nullptr, b.users,
              [](const User& u) -> const std::string& { return u.key; }, CompareUser, &out);
  DiffSection(ws, EntityKind::kGroup, field::kGroups, a ? &a->groups : nullptr, b.groups, by_name,
              CompareGroup, &out);
  DiffSection(ws, EntityKind::kDataSource, field::kDataSources, a ? &a->data_sources : nullptr,
              b.data_sources, by_name, CompareDataSource, &out);
  DiffConstants(ws, &out);
  MergeByKey(a ? &a->apps : nullptr, b.apps, by_name,
             [&](const std::string& name, const App* x, const App* y) {
               DiffApp(ws, name, x, y, &out);
             });
  std::stable_sort(out.begin(), out.end(), [](const EntityChange& x, const EntityChange& y) {
    return std::tie(x.kind, x.parent, x.name) < std::tie(y.kind, y.parent, y.name);
  });
  return out;
}

}  // namespace stagegate::diff_internal
