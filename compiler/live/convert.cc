#include "live/convert.h"

#include <fmt/format.h>

#include <tuple>
#include <utility>

#include "model/construct.h"
#include "model/template.h"
#include "yaml/tree.h"

namespace stagegate::live {
namespace {

Ref MakeRef(std::string name) { return Ref{std::move(name), Location{}, 1}; }

std::vector<Ref> Refs(const std::vector<std::string>& names) {
  std::vector<Ref> refs;
  refs.reserve(names.size());
  for (const std::string& n : names) refs.push_back(MakeRef(n));
  return refs;
}

// A role's grants in the importer's terms, for comparing with ToolJet's.
ImportedGrants BuiltInGrants(UserRole role) {
  Role builtin = BuiltInRole(role);
  ImportedGrants g;
  for (const PermissionRef& p : builtin.permissions) {
    g.permissions.emplace_back(WorkspacePermissionName(p.permission));
  }
  for (const AppGrant& a : builtin.apps) {
    ImportedAppGrant grant;
    grant.all = a.all_apps;
    grant.edit = a.level == AppLevel::kEdit;
    if (a.environments) {
      grant.environments.emplace();
      for (const Ref& r : *a.environments) grant.environments->push_back(r.name);
    }
    g.apps.push_back(std::move(grant));
  }
  for (const DataSourceGrant& d : builtin.data_sources) {
    ImportedDataSourceGrant grant;
    grant.all = d.all_data_sources;
    grant.configure = d.level == DataSourceLevel::kConfigure;
    g.data_sources.push_back(std::move(grant));
  }
  return g;
}

bool SameGrants(const ImportedGrants& a, const ImportedGrants& b) {
  auto app_key = [](const ImportedAppGrant& g) {
    return std::make_tuple(g.all, g.apps, g.edit, g.environments, g.hide_from_dashboard);
  };
  auto ds_key = [](const ImportedDataSourceGrant& g) {
    return std::make_tuple(g.all, g.data_sources, g.configure);
  };
  if (a.permissions != b.permissions || a.apps.size() != b.apps.size() ||
      a.data_sources.size() != b.data_sources.size()) {
    return false;
  }
  for (size_t i = 0; i < a.apps.size(); ++i) {
    if (app_key(a.apps[i]) != app_key(b.apps[i])) return false;
  }
  for (size_t i = 0; i < a.data_sources.size(); ++i) {
    if (ds_key(a.data_sources[i]) != ds_key(b.data_sources[i])) return false;
  }
  return true;
}

// What a group or a configured role grants, as the model holds it.
template <typename Target>
void SetGrants(const ImportedGrants& in, Target* out) {
  for (const std::string& name : in.permissions) {
    if (auto p = ParseWorkspacePermission(name)) out->permissions.push_back({*p, Location{}, 1});
  }
  for (const ImportedAppGrant& g : in.apps) {
    AppGrant grant;
    grant.all_apps = g.all;
    if (!g.all) grant.apps = Refs(g.apps);
    grant.level = g.edit ? AppLevel::kEdit : AppLevel::kView;
    if (g.environments) grant.environments = Refs(*g.environments);
    grant.hide_from_dashboard = g.hide_from_dashboard;
    out->apps.push_back(std::move(grant));
  }
  for (const ImportedDataSourceGrant& g : in.data_sources) {
    DataSourceGrant grant;
    grant.all_data_sources = g.all;
    if (!g.all) grant.data_sources = Refs(g.data_sources);
    grant.level = g.configure ? DataSourceLevel::kConfigure : DataSourceLevel::kUse;
    out->data_sources.push_back(std::move(grant));
  }
}

Role ToRole(const ImportedRole& in, UserRole which) {
  if (!in.found || IsBuiltInRole(in, which)) return BuiltInRole(which);
  Role role;
  role.role = which;
  role.configured = true;
  role.name = MakeRef(std::string(RoleName(which)));
  SetGrants(in.grants, &role);
  return role;
}

// An option as the loader would read it from what WriteConfiguration
// writes: a string quoted, a number or boolean plain (so its kind is what
// YAML's core schema makes of the text).
DataSourceOption ToOption(const ImportedOption& in) {
  DataSourceOption o;
  o.key = MakeRef(in.key);
  o.kind = in.value.kind == ImportedScalar::Kind::kString ? NodeKind::kString
                                                          : ResolvePlainScalar(in.value.text);
  o.credential = IsCredentialKey(in.key);
  bool reference = o.kind == NodeKind::kString && IsSingleAnyReference(in.value.text);
  if (o.credential && !reference) {
    o.withheld = o.kind != NodeKind::kNull;
  } else {
    o.value = in.value.text;
  }
  return o;
}

template <typename T, typename Key>
void SortByKey(std::vector<T>* items, Key key) {
  std::stable_sort(items->begin(), items->end(),
                   [&](const T& a, const T& b) { return key(a) < key(b); });
}

}  // namespace

bool IsBuiltInRole(const ImportedRole& role, UserRole which) {
  return SameGrants(role.grants, BuiltInGrants(which));
}

std::string NoteSubject(std::string_view what, std::string_view name) {
  std::string clean(name);
  for (char& c : clean) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return fmt::format("{} '{}'", what, clean);
}

std::vector<ImportNote> AllNotes(const ImportedWorkspace& ws) {
  std::vector<ImportNote> out = ws.notes;
  auto add = [&](const std::string& subject, const ImportNotes& notes) {
    for (const ImportNote& n : notes) out.push_back({n.code, subject + ": " + n.message});
  };
  for (const ImportedUser& u : ws.users) add(NoteSubject("user", u.email), u.notes);
  for (const ImportedRole* r : {&ws.builder, &ws.end_user}) {
    add(fmt::format("the {} role", r == &ws.builder ? "builder" : "end-user"), r->notes);
  }
  for (const ImportedGroup& g : ws.groups) add(NoteSubject("group", g.name), g.notes);
  for (const ImportedDataSource& d : ws.data_sources) {
    add(NoteSubject("data source", d.name), d.notes);
  }
  for (const ImportedConstant& c : ws.constants) add(NoteSubject("constant", c.name), c.notes);
  for (const ImportedApp& a : ws.apps) add(NoteSubject("app", a.name), a.notes);
  return out;
}

Workspace ToWorkspace(const ImportedWorkspace& in) {
  Workspace ws;
  ws.name = MakeRef(in.name);
  ws.environments = Refs(in.environments);
  ws.environments_declared = true;
  ws.builder = ToRole(in.builder, UserRole::kBuilder);
  ws.end_user = ToRole(in.end_user, UserRole::kEndUser);

  ws.users.reserve(in.users.size());
  for (const ImportedUser& u : in.users) {
    User user;
    user.email = u.email;
    user.name = u.name;
    user.role = ParseRole(u.role);
    user.disabled = u.disabled;
    ws.users.push_back(std::move(user));
  }

  for (const ImportedGroup& g : in.groups) {
    Group group;
    group.name = g.name;
    group.members = Refs(g.members);
    SetGrants(g.grants, &group);
    ws.groups.push_back(std::move(group));
  }

  for (const ImportedDataSource& d : in.data_sources) {
    DataSource ds;
    ds.name = d.name;
    ds.kind = d.kind;
    ds.has_environments = true;
    ds.mapping = true;
    for (const ImportedEnvironmentOptions& e : d.environments) {
      DataSourceEnvironment env;
      env.environment = MakeRef(e.environment);
      for (const ImportedOption& o : e.options) env.options.push_back(ToOption(o));
      SortByKey(&env.options, [](const DataSourceOption& o) -> const std::string& {
        return o.key.name;
      });
      ds.environments.push_back(std::move(env));
    }
    SortByKey(&ds.environments, [](const DataSourceEnvironment& e) -> const std::string& {
      return e.environment.name;
    });
    ws.data_sources.push_back(std::move(ds));
  }

  for (const ImportedConstant& c : in.constants) {
    Constant constant;
    constant.name = c.name;
    constant.type = c.secret ? ConstantType::kSecret : ConstantType::kGlobal;
    constant.has_values = true;
    constant.mapping = true;
    for (const ImportedConstantValue& v : c.values) {
      ConstantValue value;
      value.environment = MakeRef(v.environment);
      if (v.text) {
        value.kind = NodeKind::kString;
        value.text = *v.text;
      } else {
        value.kind = NodeKind::kMapping;
        value.from_env = v.from_env;
      }
      constant.values.push_back(std::move(value));
    }
    SortByKey(&constant.values, [](const ConstantValue& v) -> const std::string& {
      return v.environment.name;
    });
    ws.constants.push_back(std::move(constant));
  }

  for (const ImportedApp& a : in.apps) {
    App app;
    app.name = a.name;
    if (a.owner) app.owner = MakeRef(*a.owner);
    app.data_sources = Refs(a.data_sources);
    app.constants = Refs(a.constants);
    for (const ImportedVersion& v : a.versions) {
      AppVersion version;
      version.name = MakeRef(v.name);
      version.environment = MakeRef(v.environment);
      version.status = ParseVersionStatus(v.status);
      app.versions.push_back(std::move(version));
    }
    ws.apps.push_back(std::move(app));
  }
  FinishWorkspace(ws);
  return ws;
}

}  // namespace stagegate::live
