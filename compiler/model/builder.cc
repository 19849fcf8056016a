// BuildWorkspace: merges the sections of every document of every file into
// one Workspace. Singular sections (version, workspace, environments,
// versionRules, accessRules) may appear once; map sections (roles, users, groups,
// dataSources, constants, apps) may be split across files but each name is
// defined once; assertions are concatenated in file order.
#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "model/construct.h"
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
  Singular version, workspace, environments, version_rules, access_rules, multi_environment;
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
        } else if (k == "multiEnvironment") {
          AddSingular(&s.multi_environment, key, value, origin, diags);
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

// Parses each entry, in the order written; `origins` gets where each was
// written (FinishWorkspace then sorts them and drops repeated names).
template <typename T, typename Parse>
std::vector<T> ParseAll(const std::vector<Entry>& entries, Parse parse,
                        std::vector<Origin>* origins) {
  std::vector<T> out;
  out.reserve(entries.size());
  origins->reserve(entries.size());
  for (const Entry& e : entries) {
    out.push_back(parse(e.key, e.value));
    origins->push_back(e.origin);
  }
  return out;
}

// Where each entity handed to FinishWorkspace was written, by position.
struct Origins {
  std::vector<Origin> users, groups, data_sources, constants, apps;

  const std::vector<Origin>& Of(EntityKind kind) const {
    switch (kind) {
      case EntityKind::kUser:
        return users;
      case EntityKind::kGroup:
        return groups;
      case EntityKind::kDataSource:
        return data_sources;
      case EntityKind::kConstant:
        return constants;
      default:  // kApp: FinishWorkspace reports no other kind
        return apps;
    }
  }
};

// A name defined twice. Two definitions in the same mapping with the same
// spelling are the loader's duplicate-key, not reported again.
void ReportDuplicate(const DuplicateDefinition& d, const Origins& origins, Diagnostics& diags) {
  const std::vector<Origin>& of = origins.Of(d.kind);
  if (of[d.first_position] == of[d.duplicate_position] && d.first.name == d.duplicate.name) return;
  std::string as = d.first.name == d.duplicate.name ? "" : fmt::format(" (first as '{}')", d.first.name);
  diags
      .Error(Code::kDuplicateDefinition, d.duplicate.location,
             fmt::format("{} '{}' is defined twice{}; remove one definition",
                         EntityNoun(d.kind), d.duplicate.name, as))
      .Underline(d.duplicate.width)
      .Related(d.first.location, "first defined here");
}

void BuildEnvironments(const Singular& section, Workspace* ws, Diagnostics& diags) {
  if (!section.seen || !section.value.is_sequence()) {
    for (const char* env : {"development", "staging", "production"}) {
      ws->environments.push_back(NameRef(env));
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
  ws->builder = BuiltInRole(UserRole::kBuilder);
  ws->end_user = BuiltInRole(UserRole::kEndUser);
  const Entry* seen[2] = {nullptr, nullptr};
  for (const Entry& e : entries) {
    if (!e.key.is_string() || (e.key.text() != "builder" && e.key.text() != "end-user")) continue;
    UserRole which = *ParseRole(e.key.text());
    const Entry*& first = seen[which == UserRole::kBuilder ? 0 : 1];
    if (first != nullptr) {
      if (first->origin == e.origin) continue;  // duplicate-key, reported by the loader
      diags
          .Error(Code::kDuplicateDefinition, e.key.location(),
                 fmt::format("role '{}' is defined twice; remove one definition", e.key.text()))
          .Underline(e.key.width())
          .Related(first->key.location(), "first defined here");
      continue;
    }
    first = &e;
    (which == UserRole::kBuilder ? ws->builder : ws->end_user) =
        model_internal::ParseConfiguredRole(which, e.key, e.value);
  }
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
  // A value that is not a boolean (reported by the schema) keeps the default.
  if (s.multi_environment.seen && s.multi_environment.value.AsBool(&ws.multi_environment)) {
    ws.multi_environment_location = s.multi_environment.value.location();
  }
  BuildRoles(s.roles, &ws, diags);

  // The sections are independent: users, data sources and constants are
  // parsed on a second thread while this one parses groups and apps, the
  // largest.
  Origins origins;
  auto side = [&] {
    ws.users = ParseAll<User>(s.users, model_internal::ParseUser, &origins.users);
    ws.data_sources = ParseAll<DataSource>(s.data_sources, model_internal::ParseDataSource,
                                           &origins.data_sources);
    ws.constants =
        ParseAll<Constant>(s.constants, model_internal::ParseConstant, &origins.constants);
  };
  // A thread costs more than small sections take.
  RunBeside(s.users.size() + s.data_sources.size() + s.constants.size() >= 2 * kWorthAThread, side,
            [&] {
              ws.groups = ParseAll<Group>(s.groups, model_internal::ParseGroup, &origins.groups);
              ws.apps = ParseAll<App>(s.apps, model_internal::ParseApp, &origins.apps);
            });
  FinishWorkspace(ws, [&](const DuplicateDefinition& d) { ReportDuplicate(d, origins, diags); });

  ws.assertions.reserve(s.assertions.size());
  for (Node item : s.assertions) ws.assertions.push_back(model_internal::ParseAssertion(item));
  return ws;
}

}  // namespace stagegate
