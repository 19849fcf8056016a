// D1: entity changes. Both sides are compared in their state files' terms
// (the canonical form, docs/state-file.md), one entity pair at a time:
// entities matched by key, then field by field with stable paths; grant lists
// matched by their target.
#include <algorithm>
#include <map>
#include <string>
#include <tuple>

#include "diff/diff_internal.h"
#include "state/state_json.h"

namespace stagegate::diff_internal {
namespace {

using nlohmann::json;

bool PlainWord(const std::string& key) {
  if (key.empty()) return false;
  for (char c : key) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string Key(const std::string& path, const std::string& key) {
  if (PlainWord(key)) return path.empty() ? key : path + "." + key;
  return path + "[" + json(key).dump() + "]";
}

// A display string: strings as written ("" when empty), lists as [a, b], a
// secret reference as `fromEnv: VAR`, anything else as compact JSON.
std::string Display(const json& v) {
  if (v.is_string()) return v.get_ref<const std::string&>().empty() ? "\"\"" : v.get<std::string>();
  if (v.is_object() && v.size() == 1 && v.contains("fromEnv") && v["fromEnv"].is_string())
    return "fromEnv: " + v["fromEnv"].get<std::string>();
  if (v.is_object() && v.contains("withheld")) return "(withheld)";
  if (v.is_array()) {
    bool scalars = std::all_of(v.begin(), v.end(), [](const json& i) { return !i.is_structured(); });
    if (scalars) {
      std::string out = "[";
      for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + Display(v[i]);
      return out + "]";
    }
  }
  return v.dump();
}

bool IsSecretRef(const json* v) {
  return v && v->is_object() && (v->contains("fromEnv") || v->contains("withheld"));
}

// What a grant is about: its `apps` / `dataSources` target.
std::string GrantTarget(const json& item) {
  if (!item.is_object()) return item.dump();
  if (item.contains("apps")) return "apps:" + item["apps"].dump();
  if (item.contains("dataSources")) return "dataSources:" + item["dataSources"].dump();
  return item.dump();
}

bool ObjectList(const json* v) {
  return v && v->is_array() && !v->empty() &&
         std::all_of(v->begin(), v->end(), [](const json& i) { return i.is_object(); });
}

void Compare(const std::string& path, const json* a, const json* b, std::vector<FieldChange>* out);

// The second key a leftover grant is matched by: its kind (apps or data
// sources) and permission, so a grant whose target list changed shows as
// one changed `apps` field rather than removed + added.
std::string GrantKind(const json& item) {
  if (!item.is_object()) return item.dump();
  std::string kind = item.contains("apps") ? "apps" : item.contains("dataSources") ? "ds" : "?";
  return kind + ":" + (item.contains("permission") ? item["permission"].dump() : "");
}

// Lists of grants: items matched by target (the k-th of a target with the
// k-th), then leftovers by kind and permission (in order), so a changed grant
// shows as changed. Paths use the desired index (the current index for a
// removed item).
void CompareGrants(const std::string& path, const json* a, const json* b,
                   std::vector<FieldChange>* out) {
  const size_t na = a && a->is_array() ? a->size() : 0;
  const size_t nb = b && b->is_array() ? b->size() : 0;
  std::vector<size_t> match(nb, SIZE_MAX);  // desired item -> current item
  std::vector<bool> used(na, false);
  for (auto key : {&GrantTarget, &GrantKind}) {
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
  }
  for (size_t i = 0; i < nb; ++i) {
    std::string item_path = path + "[" + std::to_string(i) + "]";
    if (match[i] != SIZE_MAX) {
      Compare(item_path, &(*a)[match[i]], &(*b)[i], out);
    } else {
      out->push_back({item_path, std::nullopt, Display((*b)[i]), false});
    }
  }
  for (size_t i = 0; i < na; ++i) {
    if (!used[i]) {
      out->push_back({path + "[" + std::to_string(i) + "]", Display((*a)[i]), std::nullopt, false});
    }
  }
}

// Recursive field comparison; nullptr is an absent field.
void Compare(const std::string& path, const json* a, const json* b, std::vector<FieldChange>* out) {
  if (a && b && *a == *b) return;
  bool secret = IsSecretRef(a) || IsSecretRef(b);
  if (!secret && ((a && a->is_object()) || (b && b->is_object())) &&
      (!a || a->is_object()) && (!b || b->is_object())) {
    // Union of keys, sorted (json objects iterate sorted).
    std::vector<std::string> keys;
    if (a) for (auto it = a->begin(); it != a->end(); ++it) keys.push_back(it.key());
    if (b) for (auto it = b->begin(); it != b->end(); ++it) keys.push_back(it.key());
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (const std::string& k : keys) {
      const json* av = a && a->contains(k) ? &(*a)[k] : nullptr;
      const json* bv = b && b->contains(k) ? &(*b)[k] : nullptr;
      Compare(Key(path, k), av, bv, out);
    }
    return;
  }
  if ((ObjectList(a) || ObjectList(b)) && (!a || a->is_array()) && (!b || b->is_array())) {
    CompareGrants(path, a, b, out);
    return;
  }
  FieldChange change;
  change.path = path;
  if (a) change.before = Display(*a);
  if (b) change.after = Display(*b);
  change.secret = secret;
  out->push_back(std::move(change));
}

void AddEntity(EntityKind kind, const std::string& name, const std::string& parent,
               const std::string& path, const json* a, const json* b,
               std::vector<EntityChange>* out) {
  EntityChange change;
  change.kind = kind;
  change.name = name;
  change.parent = parent;
  change.change = !a ? ChangeKind::kAdded : !b ? ChangeKind::kRemoved : ChangeKind::kChanged;
  Compare(path, a, b, &change.fields);
  if (!change.fields.empty() || change.change != ChangeKind::kChanged) {
    out->push_back(std::move(change));
  }
}

const json* Member(const json* object, const std::string& key) {
  if (!object || !object->is_object()) return nullptr;
  auto it = object->find(key);
  return it == object->end() ? nullptr : &*it;
}

// One section keyed by name (users, groups, ...): the two sides' entities are
// sorted by key, bytewise and without duplicates (the model's contract, which
// is also the order of a JSON object's keys), so one merge pass pairs them.
// Each entity becomes JSON only while its pair is compared.
template <typename T, typename KeyOf, typename Compared>
void DiffSection(const std::vector<T>* a, const std::vector<T>& b, KeyOf key, Compared compare) {
  const size_t na = a ? a->size() : 0;
  size_t i = 0, j = 0;
  while (i < na || j < b.size()) {
    int order = i >= na ? 1 : j >= b.size() ? -1 : key((*a)[i]).compare(key(b[j]));
    if (order < 0) {
      compare(key((*a)[i]), &(*a)[i], static_cast<const T*>(nullptr));
      ++i;
    } else if (order > 0) {
      compare(key(b[j]), static_cast<const T*>(nullptr), &b[j]);
      ++j;
    } else {
      compare(key(b[j]), &(*a)[i], &b[j]);
      ++i, ++j;
    }
  }
}

// An app's fields, then its versions as entities of their own.
void DiffApp(const std::string& name, const App* a, const App* b, std::vector<EntityChange>* out) {
  json app_a, app_b, versions_a, versions_b;
  if (a) {
    app_a = AppJson(*a);
    versions_a = std::move(app_a["versions"]);
    app_a.erase("versions");
  }
  if (b) {
    app_b = AppJson(*b);
    versions_b = std::move(app_b["versions"]);
    app_b.erase("versions");
  }
  const std::string path = Key("apps", name);
  AddEntity(EntityKind::kApp, name, "", path, a ? &app_a : nullptr, b ? &app_b : nullptr, out);
  std::vector<std::string> versions;
  for (const json* v : {&versions_a, &versions_b}) {
    if (v->is_object()) for (auto it = v->begin(); it != v->end(); ++it) versions.push_back(it.key());
  }
  std::sort(versions.begin(), versions.end());
  versions.erase(std::unique(versions.begin(), versions.end()), versions.end());
  for (const std::string& v : versions) {
    AddEntity(EntityKind::kAppVersion, v, name, Key(path + ".versions", v), Member(&versions_a, v),
              Member(&versions_b, v), out);
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
  for (const auto& e : ea) {
    if (!has(eb, e)) {
      out->push_back({EntityKind::kEnvironment, ChangeKind::kRemoved, e, "",
                      {{"workspace.environments", position(ea, e), std::nullopt, false}}});
    }
  }
  for (const auto& e : eb) {
    if (!has(ea, e)) {
      out->push_back({EntityKind::kEnvironment, ChangeKind::kAdded, e, "",
                      {{"workspace.environments", std::nullopt, position(eb, e), false}}});
    } else if (position(common_a, e) != position(common_b, e)) {
      out->push_back({EntityKind::kEnvironment, ChangeKind::kChanged, e, "",
                      {{"workspace.environments", position(ea, e), position(eb, e), false}}});
    }
  }
}

}  // namespace

std::vector<EntityChange> DiffEntities(const Workspace* current, const Workspace& desired) {
  std::vector<EntityChange> out;
  const Workspace* a = current;
  const Workspace& b = desired;
  // The workspace's own settings (environments are entities below).
  json wa, wb = WorkspaceJson(b);
  if (a) {
    wa = WorkspaceJson(*a);
    wa.erase("environments");
  }
  wb.erase("environments");
  AddEntity(EntityKind::kWorkspace, b.name.name, "", "workspace", a ? &wa : nullptr, &wb, &out);
  DiffEnvironments(a, b, &out);

  // Each section: the entity's key, and its JSON on side `ws`.
  auto section = [&](EntityKind kind, const std::string& name, const auto* list_a,
                     const auto& list_b, auto key, auto to_json) {
    DiffSection(list_a, list_b, key, [&](const std::string& k, const auto* x, const auto* y) {
      json ja, jb;
      if (x) ja = to_json(*a, *x);
      if (y) jb = to_json(b, *y);
      AddEntity(kind, k, "", Key(name, k), x ? &ja : nullptr, y ? &jb : nullptr, &out);
    });
  };
  auto by_name = [](const auto& e) -> const std::string& { return e.name; };
  // Roles: the two role groups, keyed "builder" and "end-user".
  for (const Role* role : {&b.builder, &b.end_user}) {
    const Role* old = !a ? nullptr : role == &b.builder ? &a->builder : &a->end_user;
    std::string key(RoleName(role->role));
    json ja, jb = RoleJson(b, *role);
    if (old) ja = RoleJson(*a, *old);
    AddEntity(EntityKind::kRole, key, "", Key("roles", key), old ? &ja : nullptr, &jb, &out);
  }
  section(EntityKind::kUser, "users", a ? &a->users : nullptr, b.users,
          [](const User& u) -> const std::string& { return u.key; },
          [](const Workspace&, const User& u) { return UserJson(u); });
  section(EntityKind::kGroup, "groups", a ? &a->groups : nullptr, b.groups, by_name,
          [](const Workspace& ws, const Group& g) { return GroupJson(ws, g); });
  section(EntityKind::kDataSource, "dataSources", a ? &a->data_sources : nullptr, b.data_sources,
          by_name, [](const Workspace&, const DataSource& d) { return DataSourceJson(d); });
  section(EntityKind::kConstant, "constants", a ? &a->constants : nullptr, b.constants, by_name,
          [](const Workspace&, const Constant& c) { return ConstantJson(c); });
  DiffSection(a ? &a->apps : nullptr, b.apps, by_name,
              [&](const std::string& name, const App* x, const App* y) { DiffApp(name, x, y, &out); });
  std::stable_sort(out.begin(), out.end(), [](const EntityChange& x, const EntityChange& y) {
    return std::tie(x.kind, x.parent, x.name) < std::tie(y.kind, y.parent, y.name);
  });
  return out;
}

}  // namespace stagegate::diff_internal
