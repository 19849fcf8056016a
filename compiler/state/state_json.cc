// The state file (docs/state-file.md): the configuration part mirrors the
// model in canonical form (sorted, deduplicated, no locations, secrets only as
// references); the "access" part is the permission matrix, shared per
// profile.
#include "state/state_json.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <unordered_map>
#include <cerrno>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

namespace stagegate {
namespace {

using nlohmann::json;

json Str(std::string_view s) { return json(std::string(s)); }

// Names sorted bytewise, without duplicates.
json SortedNames(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return json(std::move(names));
}

json RefNames(const std::vector<Ref>& refs) {
  std::vector<std::string> names;
  names.reserve(refs.size());
  for (const Ref& r : refs) names.push_back(r.name);
  return SortedNames(std::move(names));
}

json ColumnNames(const Workspace& ws, const std::vector<Ref>& refs) {
  json out = json::array();
  for (std::string_view c : ColumnOrder(ws, refs)) out.push_back(c);
  return out;
}

// Workspace permissions in format.md order (also alphabetical).
json PermissionNames(uint32_t bits) {
  json out = json::array();
  for (int i = 0; i < kWorkspacePermissionCount; ++i) {
    if (bits & (1u << i))
      out.push_back(Str(WorkspacePermissionName(static_cast<WorkspacePermission>(i))));
  }
  return out;
}

uint32_t PermissionBits(const std::vector<PermissionRef>& refs) {
  uint32_t bits = 0;
  for (const PermissionRef& p : refs) bits |= 1u << static_cast<int>(p.permission);
  return bits;
}

// Grants are a set: sorted by their JSON text, duplicates kept (they are
// harmless and a warning's business).
void SortByText(json* list) {
  std::vector<std::pair<std::string, json>> items;
  for (json& item : *list) items.emplace_back(item.dump(), std::move(item));
  std::sort(items.begin(), items.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  *list = json::array();
  for (auto& item : items) list->push_back(std::move(item.second));
}

json AppGrants(const Workspace& ws, const std::vector<AppGrant>& grants) {
  json out = json::array();
  for (const AppGrant& g : grants) {
    json j;
    j["apps"] = g.all_apps ? json("*") : RefNames(g.apps);
    j["permission"] = g.level ? Str(AppLevelName(*g.level)) : json(nullptr);
    // Absent (the R3 default) is not the same as [] (no column at all).
    if (g.environments) j["environments"] = ColumnNames(ws, *g.environments);
    j["hideFromDashboard"] = g.hide_from_dashboard;
    out.push_back(std::move(j));
  }
  SortByText(&out);
  return out;
}

json DataSourceGrants(const std::vector<DataSourceGrant>& grants) {
  json out = json::array();
  for (const DataSourceGrant& g : grants) {
    json j;
    j["dataSources"] = g.all_data_sources ? json("*") : RefNames(g.data_sources);
    j["permission"] = g.level ? Str(DataSourceLevelName(*g.level)) : json(nullptr);
    out.push_back(std::move(j));
  }
  SortByText(&out);
  return out;
}

// A data source option as the YAML 1.2 core schema typed it: 5432 is a
// number, "5432" a string. Numbers JSON cannot hold exactly (.inf, .nan, out
// of range integers) stay text; a list or mapping is JSON structure.
json OptionValue(const DataSourceOption& o) { return OptionJson<json>(o); }

// ---- The effective access ----


// A profile as the state file shows it: its group names sorted (R6 and R7 are
// in the compiled profile already).
struct ProfileView {
  const Profile* profile;
  std::vector<std::string> groups;  // names, sorted
  uint32_t permissions;
};

// One cell: the level, the capability per column, and R9 / R10 eligibility.
json Cell(const AccessMatrix& m, Access access, bool released, bool promote,
          bool release) {
  const Workspace& ws = m.workspace();
  json caps = json::object();
  for (size_t c = 0; c < m.column_count(); ++c) {
    caps[std::string(m.ColumnName(c))] =
        Str(CapabilityName(CapabilityAt(ws, access, c, released)));
  }
  return json{{"level", Str(LevelName(access.level))},
              {"capabilities", std::move(caps)},
              {"promote", promote},
              {"release", release}};
}

// The cell of a profile for an access (explicit or default; R5 is in it).
json ProfileCell(const AccessMatrix& m, const ProfileView& p, Access access, bool released) {
  return Cell(m, access, released,
              ProfileMay(*p.profile, WorkspacePermission::kAppPromote, access),
              ProfileMay(*p.profile, WorkspacePermission::kAppRelease, access));
}

std::string DataSourceLevelOrNone(const std::optional<DataSourceLevel>& level) {
  return level ? std::string(DataSourceLevelName(*level)) : std::string("none");
}

// Profiles in canonical order (role, disabled, group names), empty ones left
// out, so ids do not depend on how the matrix was computed.
std::vector<ProfileView> CanonicalProfiles(const AccessMatrix& m, std::vector<int>* id_of) {
  const Workspace& ws = m.workspace();
  std::vector<ProfileView> views;
  for (const Profile& p : m.profiles()) {
    if (p.users.empty()) continue;
    ProfileView v{&p, {}, p.permissions};
    for (uint32_t g : p.groups) v.groups.push_back(ws.groups[g].name);
    std::sort(v.groups.begin(), v.groups.end());
    views.push_back(std::move(v));
  }
  std::sort(views.begin(), views.end(), [](const ProfileView& a, const ProfileView& b) {
    return std::tie(a.profile->role, a.profile->disabled, a.groups) <
           std::tie(b.profile->role, b.profile->disabled, b.groups);
  });
  id_of->assign(m.profiles().size(), -1);
  for (size_t i = 0; i < views.size(); ++i) {
    (*id_of)[static_cast<size_t>(views[i].profile - m.profiles().data())] = static_cast<int>(i);
  }
  return views;
}

// The profiles array is most of a large state file (profiles x explicitly
// granted apps), so it is written as text straight away rather than built
// as a JSON tree: the same bytes, at a fraction of the time and memory. Cells
// repeat a lot (a handful of distinct values per workspace) and are printed
// once each.
class ProfileWriter {
 public:
  // The profiles array sits at this depth in the file.
  static constexpr int kProfileLevel = 3;

  explicit ProfileWriter(const AccessMatrix& m) : m_(m) {
    // Each cell line's start: the indentation, the app's name as a JSON string
    // and ": ".
    for (const App& a : m.workspace().apps)
      names_.push_back(JsonIndent(kProfileLevel + 2) + json(a.name).dump() + ": ");
  }

  void Append(const ProfileView& v, std::string* out) {
    const Workspace& ws = m_.workspace();
    const Profile& p = *v.profile;
    // The profile as compiled: admins (R6, R12) and disabled users (R7) have
    // their defaults and no cells already.
    json named = json::object();
    for (const DataSourceCell& cell : p.data_sources) {
      named[ws.data_sources[cell.data_source].name] = DataSourceLevelOrNone(cell.level);
    }
    json rest{{"role", Str(RoleName(p.role))},
              {"disabled", p.disabled},
              {"groups", v.groups},
              {"permissions", PermissionNames(v.permissions)},
              {"default", ProfileCell(m_, v, p.default_access, true)},
              {"dataSources",
               json{{"default", DataSourceLevelOrNone(p.default_data_source)},
                    {"named", std::move(named)}}}};
    // "apps" sorts first among the profile's keys; the rest follows it.
    *out += "{\n";
    *out += JsonIndent(kProfileLevel + 1);
    *out += "\"apps\": ";
    if (p.apps.empty()) {
      *out += "{}";
    } else {
      *out += "{";
      bool first = true;
      for (const AppCell& cell : p.apps) {  // by app index: by name, as JSON keys sort
        out->append(first ? "\n" : ",\n");
        first = false;
        out->append(names_[cell.app]);
        out->append(CellText(v, cell.access, m_.Released(cell.app)));
      }
      *out += "\n" + JsonIndent(kProfileLevel + 1) + "}";
    }
    *out += ",\n";
    std::string text = JsonTextAt(rest, kProfileLevel);
    out->append(text, 2, std::string::npos);  // after its "{\n"
  }

 private:
  const std::string& CellText(const ProfileView& v, Access access, bool released) {
    bool promote = ProfileMay(*v.profile, WorkspacePermission::kAppPromote, access);
    bool release = ProfileMay(*v.profile, WorkspacePermission::kAppRelease, access);
    uint64_t key = uint64_t{access.columns} | uint64_t{static_cast<uint8_t>(access.level)} << 16 |
                   uint64_t{released} << 24 | uint64_t{static_cast<uint8_t>(v.profile->role)} << 25 |
                   uint64_t{promote} << 33 | uint64_t{release} << 34;
    auto it = cells_.find(key);
    if (it != cells_.end()) return it->second;
    return cells_
        .emplace(key, JsonTextAt(ProfileCell(m_, v, access, released), kProfileLevel + 2))
        .first->second;
  }

  const AccessMatrix& m_;
  std::vector<std::string> names_;  // app names as JSON strings
  std::unordered_map<uint64_t, std::string> cells_;
};

// Whether profile `v` may promote (or release) app `app` through its own cells.
bool ProfileAllows(const ProfileView& v, uint32_t app, WorkspacePermission permission) {
  return ProfileMay(*v.profile, permission, ProfileAccess(*v.profile, app));
}

bool ProfileAllowsEveryApp(const ProfileView& v, WorkspacePermission permission) {
  const Profile& p = *v.profile;
  return ProfileMay(p, permission, p.default_access) &&
         std::all_of(p.apps.begin(), p.apps.end(),
                     [&](const AppCell& c) { return ProfileMay(p, permission, c.access); });
}

// R13: what anyone with a public app's link gets, signed in or not: a cell's
// capabilities (`use` in `released` once the app is released).
json AnyoneJson(const AccessMatrix& m, uint32_t app) {
  json caps = json::object();
  for (size_t c = 0; c < m.column_count(); ++c) {
    caps[std::string(m.ColumnName(c))] = Str(CapabilityName(m.AnyoneAt(app, c)));
  }
  return json{{"capabilities", std::move(caps)}};
}

// Every part of "access" but "profiles" (AccessText writes those).
json AccessJson(const AccessMatrix& m, const std::vector<ProfileView>& views,
                const std::vector<int>& id_of) {
  const Workspace& ws = m.workspace();

  json columns = json::array();
  for (size_t c = 0; c < m.column_count(); ++c) columns.push_back(Str(m.ColumnName(c)));

  // Who may promote / release: profiles that may do it on every app once,
  // then per app the other profiles and owners that may.
  std::vector<bool> every_promote(views.size()), every_release(views.size());
  json every{{"promote", json::array()}, {"release", json::array()}};
  for (size_t i = 0; i < views.size(); ++i) {
    every_promote[i] = ProfileAllowsEveryApp(views[i], WorkspacePermission::kAppPromote);
    every_release[i] = ProfileAllowsEveryApp(views[i], WorkspacePermission::kAppRelease);
    if (every_promote[i]) every["promote"].push_back(i);
    if (every_release[i]) every["release"].push_back(i);
  }

  json users = json::object();
  for (uint32_t u = 0; u < ws.users.size(); ++u) {
    users[ws.users[u].key] = json{{"profile", id_of[m.ProfileOf(u)]}};
  }

  // Per app, the profiles not in everyApp that may: through their explicit
  // cells (or app by app, for a profile whose default allows it but some
  // explicit cell does not).
  std::vector<std::vector<size_t>> promoters(ws.apps.size()), releasers(ws.apps.size());
  for (size_t i = 0; i < views.size(); ++i) {
    for (WorkspacePermission permission :
         {WorkspacePermission::kAppPromote, WorkspacePermission::kAppRelease}) {
      const bool promote = permission == WorkspacePermission::kAppPromote;
      if (promote ? every_promote[i] : every_release[i]) continue;
      auto& lists = promote ? promoters : releasers;
      const Profile& p = *views[i].profile;
      if (ProfileMay(p, permission, p.default_access)) {
        for (uint32_t a = 0; a < ws.apps.size(); ++a) {
          if (ProfileAllows(views[i], a, permission)) lists[a].push_back(i);
        }
      } else {
        for (const AppCell& cell : p.apps) {
          if (ProfileMay(p, permission, cell.access)) lists[cell.app].push_back(i);
        }
      }
    }
  }

  json apps = json::object();
  for (uint32_t a = 0; a < ws.apps.size(); ++a) {
    json promote{{"profiles", promoters[a]}, {"users", json::array()}};
    json release{{"profiles", releasers[a]}, {"users", json::array()}};
    if (std::optional<uint32_t> owner = m.OwnerOf(a)) {  // R6: the owner's overlay
      const User& user = ws.users[*owner];
      const ProfileView& v = views[static_cast<size_t>(id_of[m.ProfileOf(*owner)])];
      bool can_promote = m.CanPromote(*owner, a);
      bool can_release = m.CanRelease(*owner, a);
      if (can_promote && !ProfileAllows(v, a, WorkspacePermission::kAppPromote)) promote["users"].push_back(user.key);
      if (can_release && !ProfileAllows(v, a, WorkspacePermission::kAppRelease)) release["users"].push_back(user.key);
      users[user.key]["owns"][ws.apps[a].name] =
          Cell(m, m.AccessOf(*owner, a), m.Released(a), can_promote, can_release);
    }
    apps[ws.apps[a].name] = json{{"released", m.Released(a)},
                                 {"promote", std::move(promote)},
                                 {"release", std::move(release)}};
    if (ws.apps[a].is_public) apps[ws.apps[a].name]["anyone"] = AnyoneJson(m, a);
  }
  return json{{"columns", std::move(columns)},
              {"everyApp", std::move(every)},
              {"users", std::move(users)},
              {"apps", std::move(apps)}};
}

json WorkspaceJson(const Workspace& ws) {
  json environments = json::array();
  for (const Ref& e : ws.environments) environments.push_back(e.name);
  json out{{"name", ws.name.name},
           {"environments", std::move(environments)},
           {"versionRules", Str(VersionRulesName(ws.version_rules))}};
  // Written only when not the default, so state files of documented
  // configurations stay as they were (and older readers read them).
  if (ws.access_rules != AccessRules::kDocumented) {
    out["accessRules"] = Str(AccessRulesName(ws.access_rules));
  }
  // The same: written only for a workspace that does not promote.
  if (!ws.multi_environment) out["multiEnvironment"] = false;
  return out;
}

json RoleJson(const Workspace& ws, const Role& role) {
  json j;
  j["configured"] = role.configured;
  j["permissions"] = PermissionNames(PermissionBits(role.permissions));
  j["apps"] = AppGrants(ws, role.apps);
  j["dataSources"] = DataSourceGrants(role.data_sources);
  return j;
}

json UserJson(const User& u) {
  return json{{"email", u.email},
              {"name", u.name},
              {"role", u.role ? Str(RoleName(*u.role)) : json(nullptr)},
              {"disabled", u.disabled}};
}

json GroupJson(const Workspace& ws, const Group& g) {
  std::vector<std::string> members;
  members.reserve(g.members.size());
  for (const Ref& m : g.members) members.push_back(LowerAscii(m.name));
  return json{{"description", g.description},
              {"members", SortedNames(std::move(members))},
              {"permissions", PermissionNames(PermissionBits(g.permissions))},
              {"apps", AppGrants(ws, g.apps)},
              {"dataSources", DataSourceGrants(g.data_sources)}};
}

json DataSourceJson(const DataSource& d) {
  json envs = json::object();
  for (const DataSourceEnvironment& e : d.environments) {
    json options = json::object();
    for (const DataSourceOption& o : e.options) options[o.key.name] = OptionValue(o);
    envs[e.environment.name] = std::move(options);
  }
  return json{{"kind", d.kind}, {"environments", std::move(envs)}};
}

json ConstantJson(const Constant& c) {
  json values = json::object();
  for (const ConstantValue& v : c.values) {
    // "" is no value, as a left-out environment is (ToolJet stores '' for both).
    if (!v.IsValue()) continue;
    json value;
    if (!v.from_env.empty()) {
      value = json{{"fromEnv", v.from_env}};
    } else if (v.literal || c.type != ConstantType::kGlobal) {
      value = json{{"withheld", true}};  // a plaintext secret: never written
    } else {
      value = json(v.text);
    }
    values[v.environment.name] = std::move(value);
  }
  return json{{"type", c.type ? Str(ConstantTypeName(*c.type)) : json(nullptr)},
              {"values", std::move(values)}};
}

json AppJson(const App& a) {
  json versions = json::object();
  for (const AppVersion& v : a.versions) {
    versions[v.name.name] =
        json{{"environment", v.environment.name},
             {"status", v.status ? Str(VersionStatusName(*v.status)) : json(nullptr)}};
  }
  json out{{"owner", a.owner ? json(LowerAscii(a.owner->name)) : json(nullptr)},
           {"dataSources", RefNames(a.data_sources)},
           {"constants", RefNames(a.constants)},
           {"versions", std::move(versions)}};
  // Written only for a public app (R13), so the state of every other app
  // stays as it was (and older readers read it).
  if (a.is_public) out["public"] = true;
  return out;
}

json ConfigurationJson(const Workspace& ws) {
  json roles = json::object();
  roles["builder"] = RoleJson(ws, ws.builder);
  roles["end-user"] = RoleJson(ws, ws.end_user);
  json users = json::object();
  for (const User& u : ws.users) users[u.key] = UserJson(u);
  json groups = json::object();
  for (const Group& g : ws.groups) groups[g.name] = GroupJson(ws, g);
  json data_sources = json::object();
  for (const DataSource& d : ws.data_sources) data_sources[d.name] = DataSourceJson(d);
  json constants = json::object();
  for (const Constant& c : ws.constants) constants[ConstantKey(ws, c)] = ConstantJson(c);
  json apps = json::object();
  for (const App& a : ws.apps) apps[a.name] = AppJson(a);

  json root;
  root["stagegate_state"] = kStateFileVersion;
  root["workspace"] = WorkspaceJson(ws);
  root["roles"] = std::move(roles);
  root["users"] = std::move(users);
  root["groups"] = std::move(groups);
  root["dataSources"] = std::move(data_sources);
  root["constants"] = std::move(constants);
  root["apps"] = std::move(apps);
  return root;
}

}  // namespace

std::string JsonTextAt(const json& value, int level) {
  std::string text = value.dump(2, ' ', false, json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  const std::string indent = JsonIndent(level);
  size_t from = 0;
  for (size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', from)) {
    out.append(text, from, at + 1 - from);
    out += indent;
    from = at + 1;
  }
  out.append(text, from, std::string::npos);
  return out;
}

std::string JsonIndent(int level) { return std::string(static_cast<size_t>(2 * level), ' '); }

std::string JsonQuoted(std::string_view text) {
  // Printable ASCII other than '"' and '\\' is written as it is (nearly every
  // name); anything else the way the JSON library escapes it.
  bool plain = std::all_of(text.begin(), text.end(), [](char c) {
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
  });
  if (!plain) return json(std::string(text)).dump(-1, ' ', false, json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  out += text;
  out += '"';
  return out;
}

void StateToJson(const AccessMatrix& matrix, const std::function<void(std::string_view)>& sink) {
  // {"access": {"apps", "columns", "everyApp", "profiles", "users"}, then the
  // configuration's keys, all of which sort after "access"}. Written in
  // pieces of a few MiB, so a state file of hundreds of MiB is never whole
  // in memory.
  constexpr size_t kPiece = 4 << 20;
  std::vector<int> id_of;
  std::vector<ProfileView> views = CanonicalProfiles(matrix, &id_of);
  json access = AccessJson(matrix, views, id_of);
  std::string out = "{\n  \"access\": {\n";
  for (const char* key : {"apps", "columns", "everyApp"}) {
    out += JsonIndent(2) + json(key).dump() + ": " + JsonTextAt(access[key], 2) + ",\n";
  }
  out += JsonIndent(2) + "\"profiles\": ";
  if (views.empty()) {
    out += "[]";
  } else {
    out += "[";
    ProfileWriter writer(matrix);
    for (size_t i = 0; i < views.size(); ++i) {
      out += i == 0 ? "\n" : ",\n";
      out += JsonIndent(ProfileWriter::kProfileLevel);
      writer.Append(views[i], &out);
      if (out.size() >= kPiece) {
        sink(out);
        out.clear();
      }
    }
    out += "\n" + JsonIndent(2) + "]";
  }
  out += ",\n" + JsonIndent(2) + "\"users\": " + JsonTextAt(access["users"], 2) + "\n  },\n";
  std::string configuration =
      ConfigurationJson(matrix.workspace()).dump(2, ' ', false, json::error_handler_t::replace);
  out.append(configuration, 2, std::string::npos);  // after its "{\n"
  out += "\n";
  sink(out);
}

std::string StateToJson(const AccessMatrix& matrix) {
  std::string out;
  StateToJson(matrix, [&](std::string_view piece) { out += piece; });
  return out;
}

}  // namespace stagegate
