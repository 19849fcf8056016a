// D1: entity changes. Both sides are compared as their state files (the
// canonical form, docs/state-file.md): entity sections matched by key, then
// field by field with stable paths; grant lists matched by their target.
#include <algorithm>
#include <map>
#include <string>
#include <tuple>

#include "diff/diff_internal.h"

namespace stagegate::diff_internal {
namespace {

using nlohmann::json;

const json& Empty() {
  static const json empty = json::object();
  return empty;
}

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

// One section keyed by name (users, groups, ...): added, removed, changed.
// `strip` removes a sub-field compared elsewhere (an app's versions).
void DiffSection(EntityKind kind, const std::string& section, const json& a, const json& b,
                 std::vector<EntityChange>* out) {
  const json* sa = Member(&a, section);
  const json* sb = Member(&b, section);
  std::vector<std::string> keys;
  if (sa && sa->is_object()) for (auto it = sa->begin(); it != sa->end(); ++it) keys.push_back(it.key());
  if (sb && sb->is_object()) for (auto it = sb->begin(); it != sb->end(); ++it) keys.push_back(it.key());
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  for (const std::string& k : keys) {
    const json* ea = Member(sa, k);
    const json* eb = Member(sb, k);
    if (kind != EntityKind::kApp) {
      AddEntity(kind, k, "", Key(section, k), ea, eb, out);
      continue;
    }
    // Apps: the versions are entities of their own.
    json app_a, app_b;
    if (ea) { app_a = *ea; app_a.erase("versions"); }
    if (eb) { app_b = *eb; app_b.erase("versions"); }
    std::string path = Key(section, k);
    AddEntity(kind, k, "", path, ea ? &app_a : nullptr, eb ? &app_b : nullptr, out);
    const json* va = Member(ea, "versions");
    const json* vb = Member(eb, "versions");
    std::vector<std::string> versions;
    if (va) for (auto it = va->begin(); it != va->end(); ++it) versions.push_back(it.key());
    if (vb) for (auto it = vb->begin(); it != vb->end(); ++it) versions.push_back(it.key());
    std::sort(versions.begin(), versions.end());
    versions.erase(std::unique(versions.begin(), versions.end()), versions.end());
    for (const std::string& v : versions) {
      AddEntity(EntityKind::kAppVersion, v, k, Key(path + ".versions", v), Member(va, v),
                Member(vb, v), out);
    }
  }
}

std::vector<std::string> Environments(const json& state) {
  std::vector<std::string> out;
  const json* envs = Member(Member(&state, "workspace"), "environments");
  if (envs && envs->is_array()) {
    for (const json& e : *envs) {
      if (e.is_string()) out.push_back(e.get<std::string>());
    }
  }
  return out;
}

// Environments: added / removed by name; changed when its position among the
// environments both sides have moved (a reorder).
void DiffEnvironments(const json* a, const json& b, std::vector<EntityChange>* out) {
  std::vector<std::string> ea = a ? Environments(*a) : std::vector<std::string>{};
  std::vector<std::string> eb = Environments(b);
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

std::vector<EntityChange> DiffEntities(const json* current, const json& desired) {
  std::vector<EntityChange> out;
  const json& a = current ? *current : Empty();
  // The workspace's own settings (environments are entities below).
  json wa, wb;
  if (const json* w = Member(current, "workspace")) { wa = *w; wa.erase("environments"); }
  if (const json* w = Member(&desired, "workspace")) { wb = *w; wb.erase("environments"); }
  std::string ws_name = wb.is_object() && wb.contains("name") && wb["name"].is_string()
                            ? wb["name"].get<std::string>()
                            : "";
  AddEntity(EntityKind::kWorkspace, ws_name, "", "workspace", current ? &wa : nullptr, &wb, &out);
  DiffEnvironments(current, desired, &out);
  DiffSection(EntityKind::kRole, "roles", a, desired, &out);
  DiffSection(EntityKind::kUser, "users", a, desired, &out);
  DiffSection(EntityKind::kGroup, "groups", a, desired, &out);
  DiffSection(EntityKind::kDataSource, "dataSources", a, desired, &out);
  DiffSection(EntityKind::kConstant, "constants", a, desired, &out);
  DiffSection(EntityKind::kApp, "apps", a, desired, &out);
  std::stable_sort(out.begin(), out.end(), [](const EntityChange& x, const EntityChange& y) {
    return std::tie(x.kind, x.parent, x.name) < std::tie(y.kind, y.parent, y.name);
  });
  return out;
}

}  // namespace stagegate::diff_internal
