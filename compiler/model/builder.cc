// BuildWorkspace: merges the sections of every document of every file into
// one Workspace. Singular sections (version, workspace, environments,
// versionRules, accessRules) may appear once; map sections (roles, users, groups,
// dataSources, constants, apps) may be split across files but each name is
// defined once; assertions are concatenated in file order.
#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "model/parse_entities.h"
#include "model/workspace.h"
#include "source/parallel.h"

namespace stagegate {
namespace {

using model_internal::IsName;
using model_internal::MakeRef;

// Where a definition was written: the mapping holding it. Two entries of the
// same mapping with the same key are the loader's duplicate-key, not ours.
struct Origin {
  const Tree* tree = nullptr;
  NodeId parent = 0;
  bool operator==(const Origin& o) const { return tree == o.tree && parent == o.parent; }
};

struct Entry {
  Node key;
  Node value;
  Origin origin;
};

struct Singular {
  Node key;
  Node value;
  Origin origin;
  bool seen = false;
};

struct Sections {
  Singular version, workspace, environments, version_rules, access_rules;
  std::vector<Entry> roles, users, groups, data_sources, constants, apps;
  std::vector<Node> assertions;
};

void AddSingular(Singular* s, Node key, Node value, Origin origin, Diagnostics& diags) {
  if (!s->seen) {
    *s = Singular{key, value, origin, true};
    return;
  }
  if (s->origin == origin) return;  // duplicate-key, reported by the loader
  diags
      .Error(Code::kDuplicateDefinition, key.location(),
             fmt::format("section '{}' is defined twice; remove one definition", key.text()))
      .Underline(key.width())
      .Related(s->key.location(), "first defined here");
}

void AddEntries(std::vector<Entry>* out, Node map, Origin origin) {
  if (!map.is_mapping()) return;
  uint32_t n = map.size();
  // Grow geometrically: reserving exactly the new size for each of thousands
  // of files would copy the whole list every time.
  if (out->capacity() < out->size() + n) out->reserve(std::max(out->size() + n, 2 * out->capacity()));
  Origin inner{origin.tree, map.id()};
  for (uint32_t i = 0; i < n; ++i) {
    Node key = map.key(i);
    if (!key.is_scalar() || key.is_null() || key.text().empty()) continue;
    out->push_back({key, map.value(i), inner});
  }
}

Sections Collect(const LoadedConfig& config, Diagnostics& diags) {
  Sections s;
  for (const LoadedFile& file : config.files) {
    const Tree& tree = file.tree;
    for (NodeId root_id : tree.documents) {
      Node root(&tree, root_id);
      if (!root.is_mapping()) continue;
      Origin origin{&tree, root_id};
      for (uint32_t i = 0; i < root.size(); ++i) {
        Node key = root.key(i);
        Node value = root.value(i);
        std::string_view k = key.text();
        if (k == "version") {
          AddSingular(&s.version, key, value, origin, diags);
        } else if (k == "workspace") {
          AddSingular(&s.workspace, key, value, origin, diags);
        } else if (k == "environments") {
          AddSingular(&s.environments, key, value, origin, diags);
        } else if (k == "versionRules") {
          AddSingular(&s.version_rules, key, value, origin, diags);
        } else if (k == "accessRules") {
          AddSingular(&s.access_rules, key, value, origin, diags);
        } else if (k == "roles") {
          AddEntries(&s.roles, value, origin);
        } else if (k == "users") {
          AddEntries(&s.users, value, origin);
        } else if (k == "groups") {
          AddEntries(&s.groups, value, origin);
        } else if (k == "dataSources") {
          AddEntries(&s.data_sources, value, origin);
        } else if (k == "constants") {
          AddEntries(&s.constants, value, origin);
        } else if (k == "apps") {
          AddEntries(&s.apps, value, origin);
        } else if (k == "assertions" && value.is_sequence()) {
          for (uint32_t j = 0; j < value.size(); ++j) s.assertions.push_back(value.item(j));
        }
      }
    }
  }
  return s;
}

// A rule-set setting (versionRules, accessRules): the parsed value and where
// it was set; an unknown name (reported by the schema) keeps the default.
template <typename T>
void SetRuleSet(const Singular& setting, std::optional<T> (*parse)(std::string_view), T* value,
                Location* at) {
  if (!setting.seen || !setting.value.is_string()) return;
  if (auto parsed = parse(setting.value.text())) *value = *parsed;
  *at = setting.value.location();
}

template <typename T>
struct Parsed {
  T entity;
  Origin origin;
};

// Parses each entry, sorts by `key` (stable: among equal names the first
// written stays first) and drops later definitions of a name, reporting them.
template <typename T, typename Parse, typename Key, typename Spelling>
std::vector<T> Definitions(const std::vector<Entry>& entries, std::string_view what, Parse parse,
                           Key key, Spelling spelling, Diagnostics& diags) {
  std::vector<Parsed<T>> parsed;
  parsed.reserve(entries.size());
  for (const Entry& e : entries) parsed.push_back({parse(e.key, e.value), e.origin});
  // Sort indices, not the (large) entities themselves.
  std::vector<uint32_t> order(parsed.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return key(parsed[a].entity) < key(parsed[b].entity);
  });
  std::vector<T> out;
  out.reserve(parsed.size());
  Origin first_origin;
  for (uint32_t i : order) {
    Parsed<T>& p = parsed[i];
    if (!out.empty() && key(out.back()) == key(p.entity)) {
      const T& first = out.back();
      const Ref& a = spelling(first);
      const Ref& b = spelling(p.entity);
      if (first_origin == p.origin && a.name == b.name) continue;  // duplicate-key
      std::string as = a.name == b.name ? "" : fmt::format(" (first as '{}')", a.name);
      diags
          .Error(Code::kDuplicateDefinition, b.location,
                 fmt::format("{} '{}' is defined twice{}; remove one definition", what, b.name, as))
          .Underline(b.width)
          .Related(a.location, "first defined here");
      continue;
    }
    first_origin = p.origin;
    out.push_back(std::move(p.entity));
  }
  return out;
}

template <typename T>
Ref NameOf(const T& entity) {
  return Ref{entity.name, entity.location, entity.width};
}

void BuildEnvironments(const Singular& section, Workspace* ws, Diagnostics& diags) {
  if (!section.seen || !section.value.is_sequence()) {
    for (const char* env : {"development", "staging", "production"}) {
      ws->environments.push_back(Ref{env, Location{}, 1});
    }
    return;
  }
  ws->environments_declared = true;
  Node list = section.value;
  for (uint32_t i = 0; i < list.size(); ++i) {
    Node item = list.item(i);
    if (!IsName(item)) continue;
    Ref env = MakeRef(item);
    if (env.name == kReleasedColumn) {
      diags
          .Error(Code::kReservedName, env.location,
                 "'released' is reserved for the released app end users open and cannot name an "
                 "environment; rename it")
          .Underline(env.width);
      continue;
    }
    auto it = std::find_if(ws->environments.begin(), ws->environments.end(),
                           [&](const Ref& e) { return e.name == env.name; });
    if (it != ws->environments.end()) {
      diags
          .Error(Code::kDuplicateDefinition, env.location,
                 fmt::format("environment '{}' is listed twice; remove one", env.name))
          .Underline(env.width)
          .Related(it->location, "first listed here");
      continue;
    }
    ws->environments.push_back(std::move(env));
  }
}

void BuildRoles(const std::vector<Entry>& entries, Workspace* ws, Diagnostics& diags) {
  std::vector<Entry> known;
  for (const Entry& e : entries) {
    if (e.key.is_string() && (e.key.text() == "builder" || e.key.text() == "end-user")) {
      known.push_back(e);
    }
  }
  auto parse = [](Node key, Node value) {
    return model_internal::ParseConfiguredRole(*ParseRole(key.text()), key, value);
  };
  std::vector<Role> roles = Definitions<Role>(
      known, "role", parse, [](const Role& r) -> const std::string& { return r.name.name; },
      [](const Role& r) -> const Ref& { return r.name; }, diags);
  ws->builder = BuiltInRole(UserRole::kBuilder);
  ws->end_user = BuiltInRole(UserRole::kEndUser);
  for (Role& r : roles) (r.role == UserRole::kBuilder ? ws->builder : ws->end_user) = std::move(r);
}

}  // namespace

Workspace BuildWorkspace(const LoadedConfig& config, Diagnostics& diags) {
  Workspace ws;
  Sections s = Collect(config, diags);

  if (s.version.seen) {
    ws.version_location = s.version.key.location();
  } else if (!config.files.empty()) {
    diags.Error(Code::kMissingVersion, Location{},
                "no file declares the format version; add 'version: 1' to one of them");
  }
  if (s.workspace.seen && IsName(s.workspace.value)) ws.name = MakeRef(s.workspace.value);
  BuildEnvironments(s.environments, &ws, diags);
  SetRuleSet(s.version_rules, ParseVersionRules, &ws.version_rules, &ws.version_rules_location);
  SetRuleSet(s.access_rules, ParseAccessRules, &ws.access_rules, &ws.access_rules_location);
  BuildRoles(s.roles, &ws, diags);

  // The sections are independent: users, data sources and constants are
  // built on a second thread (with their own findings, merged after) while
  // this one builds groups and apps, the largest.
  Diagnostics side_diags;
  auto by_name = [](const auto& e) -> const std::string& { return e.name; };
  auto spelling = [](const auto& e) { return NameOf(e); };
  auto side = [&] {
    // User keys are compared case-insensitively; the message names the
    // spelling of the first definition when it differs.
    ws.users = Definitions<User>(
        s.users, "user", model_internal::ParseUser,
        [](const User& u) -> const std::string& { return u.key; },
        [](const User& u) {
          return Ref{u.email, u.location, u.width};
        },
        side_diags);
    ws.data_sources = Definitions<DataSource>(s.data_sources, "data source",
                                              model_internal::ParseDataSource, by_name, spelling,
                                              side_diags);
    ws.constants = Definitions<Constant>(s.constants, "constant", model_internal::ParseConstant,
                                         by_name, spelling, side_diags);
  };
  // A thread costs more than small sections take.
  RunBeside(s.users.size() + s.data_sources.size() + s.constants.size() >= 2 * kWorthAThread, side,
            [&] {
              ws.groups = Definitions<Group>(s.groups, "group", model_internal::ParseGroup, by_name,
                                             spelling, diags);
              ws.apps =
                  Definitions<App>(s.apps, "app", model_internal::ParseApp, by_name, spelling, diags);
            });
  diags.Append(std::move(side_diags));
  ws.IndexUsers();

  ws.assertions.reserve(s.assertions.size());
  for (Node item : s.assertions) ws.assertions.push_back(model_internal::ParseAssertion(item));
  return ws;
}

}  // namespace stagegate
